"""``seance diarize`` and ``seance speakers`` on a real meeting folder with a real clip."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from transcriber.cli.main import build_parser
from transcriber.errors import InputError
from transcriber.model import Meeting, Segment, Speaker, Word
from transcriber.pipeline import _signature
from transcriber.store import MeetingFolder

pytestmark = pytest.mark.slow

CLIP = "en_pyannote_sample_2spk"  # 30 s, two voices; reference turns in its RTTM


def _eval_dir() -> Path:
    env = os.environ.get("SEANCE_EVAL_DIR")
    return Path(env) if env else Path(__file__).resolve().parents[2].parent / "shared" / "eval"


def run(*argv: str) -> int:
    """The real ``seance`` parser and handler, without the exit-code mapping of ``main``."""
    args = build_parser().parse_args(list(argv))
    return args.func(args)


@pytest.fixture
def meeting_dir(tmp_path) -> Path:
    wav = _eval_dir() / f"{CLIP}.wav"
    if not wav.is_file():
        pytest.fail(f"eval clip missing: {wav} (set SEANCE_EVAL_DIR)")
    folder = MeetingFolder.create(tmp_path, "Conseil municipal")
    meeting = Meeting("Conseil municipal", audio=folder.import_audio(wav), duration_ms=30000)
    # an ASR stand-in: one word every 400 ms over the speech, in segments of 10 words
    words = [Word(t, t + 300, f"mot{i}") for i, t in enumerate(range(6700, 29600, 400))]
    meeting.segments = [
        Segment(ws[0].start_ms, ws[-1].end_ms, ws)
        for ws in (words[i : i + 10] for i in range(0, len(words), 10))
    ]
    folder.save(meeting)
    return folder.path


def test_diarize_then_rename_merge_and_rerun(meeting_dir, capsys):
    n_words = len(MeetingFolder(meeting_dir).load().all_words())
    assert run("diarize", str(meeting_dir), "--speakers", "2") == 0
    m = MeetingFolder(meeting_dir).load()
    assert {t.speaker for t in m.turns} == {"SPEAKER_00", "SPEAKER_01"}
    assert [s.id for s in m.speakers] == ["SPEAKER_00", "SPEAKER_01"]
    assert all(s.speaker in ("SPEAKER_00", "SPEAKER_01") for s in m.segments)
    assert len(m.all_words()) == n_words  # no word lost or duplicated by the splits
    assert len(m.segments) > 6  # segments were split where the voice changes
    # as the pipeline records it (what each step cost, "usage", is not part of what it ran with)
    assert _signature(m, "diarize") == {"exact": 2, "minimum": None, "maximum": None}
    assert _signature(m, "align") == {"turns": len(m.turns)}
    assert m.steps["diarize"]["usage"]["wall_s"] > 0
    assert "2 intervenant(s)" in capsys.readouterr().out

    # the voice that speaks most gets a name; talk time before re-running
    talk = m.talk_time_ms()
    main_id = max(talk, key=talk.get)
    assert run("speakers", str(meeting_dir), "rename", main_id, "Mme la Maire") == 0
    m = MeetingFolder(meeting_dir).load()
    assert m.speaker(main_id).name == "Mme la Maire"
    main_turns = [(t.start_ms, t.end_ms) for t in m.turns if t.speaker == main_id]

    # re-run with estimated count: the name follows the same voice
    assert run("diarize", str(meeting_dir)) == 0
    m = MeetingFolder(meeting_dir).load()
    named = next(s for s in m.speakers if s.name == "Mme la Maire")
    shared = sum(
        max(0, min(e, t.end_ms) - max(s, t.start_ms))
        for s, e in main_turns
        for t in m.turns
        if t.speaker == named.id
    )
    assert shared > 0.8 * sum(e - s for s, e in main_turns)

    capsys.readouterr()
    assert run("speakers", str(meeting_dir), "list") == 0
    listing = capsys.readouterr().out
    assert "Mme la Maire" in listing and "intervention(s)" in listing

    other = next(s.id for s in m.speakers if s.id != named.id)
    # merge by id into the speaker designated by its name
    assert run("speakers", str(meeting_dir), "merge", other, "mme la maire") == 0
    m = MeetingFolder(meeting_dir).load()
    assert [s.id for s in m.speakers] == [named.id]
    assert {s.speaker for s in m.segments} == {named.id}


def test_user_mistakes_are_input_errors(meeting_dir, tmp_path):
    folder = MeetingFolder(meeting_dir)
    m = folder.load()
    m.speakers = [Speaker("SPEAKER_00", "Mme la Maire"), Speaker("SPEAKER_01")]
    folder.save(m)
    with pytest.raises(InputError, match="inconnu"):
        run("speakers", str(meeting_dir), "rename", "SPEAKER_07", "M. Martin")
    with pytest.raises(InputError, match="lui-même"):
        run("speakers", str(meeting_dir), "merge", "SPEAKER_00", "Mme la Maire")
    with pytest.raises(InputError, match="déjà porté"):
        run("speakers", str(meeting_dir), "rename", "SPEAKER_01", "mme la maire")
    with pytest.raises(InputError, match="vide"):
        run("speakers", str(meeting_dir), "rename", "SPEAKER_01", "  ")
    with pytest.raises(InputError, match="soit un nombre exact"):
        run("diarize", str(meeting_dir), "--speakers", "2", "--min-speakers", "1")
    with pytest.raises(InputError, match="dépasse"):
        run("diarize", str(meeting_dir), "--min-speakers", "3", "--max-speakers", "2")
    with pytest.raises(InputError, match="introuvable"):
        run("speakers", str(tmp_path / "nowhere.seance"), "list")
    with pytest.raises(InputError, match="au moins 1"):  # the same rule as the import dialog
        run("diarize", str(meeting_dir), "--speakers", "0")
    with pytest.raises(InputError, match="dépasser 60"):
        run("diarize", str(meeting_dir), "--max-speakers", "61")
    with pytest.raises(SystemExit):  # argparse refuses what is not a whole number
        run("diarize", str(meeting_dir), "--speakers", "deux")
    # rename by the shown label ("Intervenant 2") works
    assert run("speakers", str(meeting_dir), "rename", "Intervenant 2", "M. Martin") == 0
    assert folder.load().speaker("SPEAKER_01").name == "M. Martin"
