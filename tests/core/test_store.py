import errno
import json
import os

import pytest

from transcriber.errors import StoreError
from transcriber.model import Meeting
from transcriber.store import MeetingFolder, MeetingSummary, list_meetings, read_summary, slugify, write_atomic


def test_create_makes_layout_and_unique_names(tmp_path):
    a = MeetingFolder.create(tmp_path, "Conseil du 12 mars")
    b = MeetingFolder.create(tmp_path, "Conseil du 12 mars")
    assert a.path.name == "Conseil-du-12-mars.seance"
    assert b.path.name == "Conseil-du-12-mars-2.seance"
    assert a.audio_dir.is_dir() and a.exports_dir.is_dir()
    assert slugify("Réunion : CODIR / été") == "Reunion-CODIR-ete"


def test_save_is_atomic_and_keeps_a_backup(tmp_path):
    folder = MeetingFolder.create(tmp_path, "x")
    folder.save(Meeting(title="v1"))
    folder.save(Meeting(title="v2"))
    assert folder.load().title == "v2"
    assert json.loads(folder.backup_file.read_text())["title"] == "v1"
    assert not list(folder.path.glob(".*.tmp"))


def test_load_recovers_from_a_crash(tmp_path):
    folder = MeetingFolder.create(tmp_path, "x")
    folder.save(Meeting(title="v1"))
    folder.save(Meeting(title="v2"))
    # a crash in the middle of a write: a stray temp file and a torn meeting.json
    (folder.path / ".meeting.json.abc.tmp").write_text("{")
    folder.meeting_file.write_text('{"title": "v3", "segm')
    meeting = folder.load()
    assert meeting.title == "v1"
    assert not list(folder.path.glob(".*.tmp"))
    assert json.loads(folder.meeting_file.read_text())["title"] == "v1"  # repaired on disk


def test_load_errors_are_french(tmp_path):
    with pytest.raises(StoreError, match="introuvable"):
        MeetingFolder(tmp_path / "nope.seance").load()
    empty = tmp_path / "empty.seance"
    empty.mkdir()
    with pytest.raises(StoreError, match="pas un dossier de réunion"):
        MeetingFolder(empty).load()


def test_full_disk_keeps_the_previous_file(tmp_path, monkeypatch):
    target = tmp_path / "meeting.json"
    target.write_text("old")
    real_fsync = os.fsync

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(StoreError, match="disque est plein"):
        write_atomic(target, b"new")
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert target.read_text() == "old"
    assert not list(tmp_path.glob(".*.tmp"))


def test_list_meetings_newest_first(tmp_path):
    for title in ("a", "b"):
        MeetingFolder.create(tmp_path, title).save(Meeting(title=title))
    (tmp_path / "not-a-meeting.seance").mkdir()
    os.utime(tmp_path / "a.seance", (1, 1))
    assert [f.path.name for f in list_meetings(tmp_path)] == ["b.seance", "a.seance"]


def test_unwritable_target_folder_is_a_store_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="Impossible d'écrire"):
        write_atomic(blocker / "meeting.json", b"{}")


def test_summary_reads_the_fields_in_any_order(tmp_path):
    from transcriber.model import Segment, Word

    folder = MeetingFolder.create(tmp_path, "Conseil")
    meeting = Meeting("Conseil du 12 mars", created="2026-03-10T09:00:00", date="2026-03-12",
                      kind="conseil", duration_ms=5_400_000,
                      segments=[Segment(0, 500, [Word(0, 500, 'il dit "title": "faux"')])])
    folder.save(meeting)
    expected = MeetingSummary(folder.path, "Conseil du 12 mars", "2026-03-12", "conseil", 5_400_000)
    assert read_summary(folder.path) == expected
    # the transcript first, the fields reordered, a title-like text in the words: the same answer
    data = meeting.to_dict()
    shuffled = {k: data[k] for k in ("segments", "duration_ms", "speakers", "kind", "date", "created")}
    shuffled["title"] = data["title"]
    folder.meeting_file.write_text(json.dumps(shuffled, ensure_ascii=False), "utf-8")
    assert read_summary(folder.path) == expected
    # no meeting date: the day it was created; an unreadable file: its backup
    folder.meeting_file.write_text(json.dumps({"title": "Sans date", "created": "2026-03-10T09:00:00"}), "utf-8")
    assert read_summary(folder.path) == MeetingSummary(folder.path, "Sans date", "2026-03-10", "autre", 0)
    folder.save(Meeting("Sauvegarde", date="2026-01-05"))
    folder.meeting_file.write_text('{"title": "Coup', "utf-8")
    assert read_summary(folder.path).title == "Sans date"  # the backup the last save made
    assert read_summary(tmp_path / "absent.seance") is None
