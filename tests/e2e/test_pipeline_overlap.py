"""Diarisation beside the ASR (forced on here; by default from 2 cores): same turns, clean stops."""

import threading

import pytest

from transcriber import audio, diarize, overlap, pipeline
from transcriber.asr import AsrOptions
from transcriber.errors import CancelledError
from transcriber.jobs import CancelToken, Progress
from transcriber.store import MeetingFolder

CLIP = "en_pyannote_sample_2spk"


def test_overlap_default_follows_the_cores(monkeypatch):
    monkeypatch.delenv(overlap.OVERLAP_ENV, raising=False)
    assert not overlap.wanted(1) and overlap.wanted(2) and overlap.wanted(4)
    # a recording over two hours: one step after the other (memory), unless forced
    assert overlap.wanted(2, duration_s=2 * 3600) and not overlap.wanted(4, duration_s=2 * 3600 + 1)
    monkeypatch.setenv(overlap.OVERLAP_ENV, "1")
    assert overlap.wanted(2) and overlap.wanted(2, duration_s=3 * 3600)
    monkeypatch.setenv(overlap.OVERLAP_ENV, "0")
    assert not overlap.wanted(16)
    assert overlap.asr_threads(3, cores=8) == 3
    assert overlap.asr_threads(0, cores=8) == 8 - diarize.torch_threads()
    assert overlap.asr_threads(0, cores=1) == 1


@pytest.mark.slow
def test_overlapped_run_gives_the_turns_of_a_diarisation_alone(seance_home, tmp_path, eval_dir, monkeypatch):
    monkeypatch.setenv(overlap.OVERLAP_ENV, "1")
    wav = eval_dir / f"{CLIP}.wav"
    seen: list[str] = []
    options = pipeline.PipelineOptions(asr=AsrOptions(language="en", threads=0), exports=False)
    result = pipeline.transcribe_file(wav, tmp_path, options, progress=lambda p: seen.append(p.step))
    assert result.steps_run == ["asr", "diarize", "align"]
    meeting = MeetingFolder(result.folder).load()
    asr_use, diar_use = meeting.steps["asr"]["usage"], meeting.steps["diarize"]["usage"]
    assert asr_use["overlapped"] and diar_use["overlapped"]
    # each step keeps its own CPU: the diarisation thread's seconds are counted with it, not the ASR
    assert asr_use["cpu_s"] > 1 and diar_use["cpu_s"] > 1, (asr_use, diar_use)
    # the progress never goes back to the ASR once the diarisation is reported
    first_diar = seen.index("diarize")
    assert "asr" not in seen[first_diar:]
    alone = diarize.diarize(audio.decode(wav))
    assert [(t.start_ms, t.end_ms, t.speaker) for t in meeting.turns] == \
        [(t.start_ms, t.end_ms, t.speaker) for t in alone]
    assert len({s.speaker for s in meeting.segments}) == 2


@pytest.mark.slow
def test_cancel_during_the_asr_stops_the_diarisation_too(seance_home, tmp_path, eval_dir, monkeypatch):
    monkeypatch.setenv(overlap.OVERLAP_ENV, "1")
    token = CancelToken()

    def progress(p: Progress) -> None:
        if p.step == "asr":
            token.cancel()

    folder = pipeline.create_meeting(tmp_path, eval_dir / f"{CLIP}.wav", title="Annulé")
    with pytest.raises(CancelledError):
        pipeline.run(folder, pipeline.PipelineOptions(asr=AsrOptions(language="en")), progress, token)
    assert not [t for t in threading.enumerate() if t.name == "seance-diarize"]
    assert "asr" not in folder.load().steps
