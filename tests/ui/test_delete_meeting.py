"""« Supprimer la réunion »: the folder goes, audio included, after a question that says what
will go; nothing else is touched; a live recording or a « non » keeps everything."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from transcriber import deletion
from transcriber.errors import InputError
from transcriber.recording.lock import LOCK_FILE, FolderLock


def _select(qtbot, window, folder: Path):
    window.show_home()
    recent = window.home.recent
    rows = [recent.item(i).data(Qt.ItemDataRole.UserRole) for i in range(recent.count())]
    assert str(folder) in rows, rows
    recent.setCurrentRow(rows.index(str(folder)))
    recent.setFocus()
    qtbot.waitUntil(recent.hasFocus, timeout=2000)
    return recent


def test_delete_key_removes_the_folder_audio_included_and_says_so(qtbot, window, meeting_copy, monkeypatch):
    beside = meeting_copy.parent / "notes-du-secretariat.txt"
    beside.write_text("à garder", "utf-8")
    audio = meeting_copy / "audio" / "source.wav"
    assert audio.stat().st_size > 100_000
    window.settings.add_recent(meeting_copy)
    questions = []
    monkeypatch.setattr(window, "ask", lambda title, text, yes, no="Annuler": questions.append(text) or True)
    recent = _select(qtbot, window, meeting_copy)
    assert window.home.delete_button.isEnabled()
    qtbot.keyClick(recent, Qt.Key.Key_Delete)
    assert len(questions) == 1
    assert str(meeting_copy) in questions[0] and "enregistrement audio" in questions[0]
    assert "irréversible" in questions[0]
    assert not meeting_copy.exists() and not audio.exists()
    assert beside.read_text("utf-8") == "à garder"  # nothing outside the meeting's folder
    message = window.messages[-1]
    assert "a été supprimée" in message and "enregistrement audio compris" in message
    assert all(recent.item(i).data(Qt.ItemDataRole.UserRole) != str(meeting_copy)
               for i in range(recent.count()))
    assert str(meeting_copy) not in window.settings.recent_meetings


def test_answering_no_or_a_live_recording_keeps_everything(qtbot, window, meeting_copy, monkeypatch):
    before = sorted(p.relative_to(meeting_copy) for p in meeting_copy.rglob("*"))
    monkeypatch.setattr(window, "ask", lambda *a, **k: False)
    _select(qtbot, window, meeting_copy)
    window.home.delete_button.click()
    assert sorted(p.relative_to(meeting_copy) for p in meeting_copy.rglob("*")) == before

    monkeypatch.setattr(window, "ask", lambda *a, **k: True)
    lock = FolderLock(meeting_copy / LOCK_FILE)
    assert lock.acquire()
    try:
        assert not window.delete_meeting(str(meeting_copy))
        assert "enregistrement est en cours" in window.messages[-1]
        assert (meeting_copy / "audio" / "source.wav").is_file()
    finally:
        lock.release()


def test_the_open_meeting_is_closed_first(qtbot, window, meeting_copy, monkeypatch):
    from ui_helpers import open_meeting

    open_meeting(qtbot, window, meeting_copy)
    monkeypatch.setattr(window, "ask", lambda *a, **k: True)
    assert window.delete_meeting(str(meeting_copy))
    assert window.meeting_view.doc is None and not meeting_copy.exists()


def test_only_a_meeting_folder_is_deleted(tmp_path):
    other = tmp_path / "Documents"
    other.mkdir()
    (other / "budget.xlsx").write_bytes(b"x" * 10)
    with pytest.raises(InputError, match="pas un dossier de réunion"):
        deletion.delete_meeting(other)
    assert (other / "budget.xlsx").exists()
