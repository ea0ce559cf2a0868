"""The whole pipeline runs with every socket refused: nothing can leave the machine."""

import json

import pytest


@pytest.mark.slow
def test_full_pipeline_with_sockets_refused(offline_run):
    run, folder = offline_run
    assert "NETWORK ATTEMPT" not in run.stderr
    assert run.returncode == 0, run.stderr
    meeting = json.loads((folder / "meeting.json").read_text("utf-8"))
    assert set(meeting["steps"]) >= {"asr", "diarize", "align"}
    speakers = {s["speaker"] for s in meeting["segments"]}
    assert len(speakers) >= 2 and None not in speakers
    assert sorted(s["id"] for s in meeting["speakers"]) == sorted(speakers)
    # every word sits inside its segment, segments in time order
    starts = [s["start_ms"] for s in meeting["segments"]]
    assert starts == sorted(starts)
    for seg in meeting["segments"]:
        assert all(seg["start_ms"] <= w["start_ms"] <= w["end_ms"] <= seg["end_ms"] for w in seg["words"])
