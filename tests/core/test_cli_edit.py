"""``seance edit`` and ``seance speakers add`` through the real command line (a child process)."""

from __future__ import annotations

import pytest

from transcriber.model import Meeting, Segment, Speaker, Word
from transcriber.store import MeetingFolder


@pytest.fixture
def meeting_dir(tmp_path):
    folder = MeetingFolder.create(tmp_path, "Conseil")
    words = [Word(1000 + 500 * i, 1400 + 500 * i, t) for i, t in enumerate("Le vote est ouvert. Merci".split())]
    folder.save(Meeting("Conseil", segments=[
        Segment(0, 600, [Word(0, 500, "Bonsoir.")], "SPEAKER_00"),
        Segment(1000, 3500, words, "SPEAKER_00"),
    ], speakers=[Speaker("SPEAKER_00", "Mme la Maire")]))
    return folder.path


def test_split_assign_merge_and_retype(cli, seance_home, meeting_dir):
    shown = cli("edit", meeting_dir, "show")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines() == ["1  00:00:00  Mme la Maire : Bonsoir.",
                                         "2  00:00:01  Mme la Maire : Le vote est ouvert. Merci"]
    words = cli("edit", meeting_dir, "show", "2").stdout
    assert "   5  00:00:03  Merci" in words

    run = cli("edit", meeting_dir, "split", "2", "5")
    assert run.returncode == 0 and "Segment 2 scindé" in run.stdout, run.stderr
    m = MeetingFolder(meeting_dir).load()
    assert [s.text for s in m.segments] == ["Bonsoir.", "Le vote est ouvert.", "Merci"]
    assert (m.segments[1].end_ms, m.segments[2].start_ms, m.segments[2].end_ms) == (2900, 3000, 3500)

    assert cli("speakers", meeting_dir, "add", "M. Paul Durand").returncode == 0
    run = cli("edit", meeting_dir, "assign", "3", "M. Paul Durand")
    assert run.returncode == 0, run.stderr
    run = cli("edit", meeting_dir, "assign", "2", "SPEAKER_01", "--words", "2-3")
    assert run.returncode == 0 and "devient 3 segments" in run.stdout, run.stderr
    m = MeetingFolder(meeting_dir).load()
    assert [(m.speaker_label(s.speaker), s.text) for s in m.segments] == [
        ("Mme la Maire", "Bonsoir."), ("Mme la Maire", "Le"), ("M. Paul Durand", "vote est"),
        ("Mme la Maire", "ouvert."), ("M. Paul Durand", "Merci")]

    assert cli("edit", meeting_dir, "merge", "2").returncode == 0
    run = cli("edit", meeting_dir, "text", "2", "Le vote est clos")
    assert run.returncode == 0, run.stderr
    m = MeetingFolder(meeting_dir).load()
    assert m.segments[1].text == "Le vote est clos" and m.segments[1].speaker == "SPEAKER_00"
    assert m.segments[1].words[0].start_ms == 1000  # unchanged words keep their timing


@pytest.mark.parametrize("argv,message", [
    (["split", "2", "1"], "Impossible de scinder le segment 2 avant le mot 1"),
    (["split", "9", "2"], "Segment 9 inexistant"),
    (["merge", "2"], "rien à fusionner"),
    (["assign", "1", "Inconnu"], "Intervenant inconnu"),
    (["assign", "2", "SPEAKER_00", "--words", "4-9"], "hors du segment"),
])
def test_mistakes_are_one_french_line(cli, seance_home, meeting_dir, argv, message):
    before = (meeting_dir / "meeting.json").read_bytes()
    run = cli("edit", meeting_dir, *argv)
    assert run.returncode == 2 and run.stderr.startswith("seance: erreur :") and message in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    assert (meeting_dir / "meeting.json").read_bytes() == before


def test_a_second_speaker_with_the_same_name_is_refused(cli, seance_home, meeting_dir):
    run = cli("speakers", meeting_dir, "add", "mme la maire")
    assert run.returncode == 2 and "déjà porté par SPEAKER_00" in run.stderr
