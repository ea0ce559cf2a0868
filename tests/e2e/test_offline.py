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


@pytest.mark.slow
def test_each_step_records_its_cost_and_the_cli_prints_cpu_per_minute(offline_run):
    run, folder = offline_run
    meeting = json.loads((folder / "meeting.json").read_text("utf-8"))
    audio_s = meeting["duration_ms"] / 1000
    for step in ("decode", "asr", "diarize", "align"):
        usage = meeting["steps"][step]["usage"]
        assert usage["audio_s"] == pytest.approx(audio_s, abs=0.01), step
        assert usage["wall_s"] >= 0 and usage["cpu_s"] >= 0 and usage["peak_rss_mb"] > 50, (step, usage)
    # the two model steps do real work: at least a second of CPU each on 3 minutes of audio
    assert meeting["steps"]["asr"]["usage"]["cpu_s"] > 1
    assert meeting["steps"]["diarize"]["usage"]["cpu_s"] > 1
    cpu = sum(meeting["steps"][s]["usage"]["cpu_s"] for s in ("decode", "asr", "diarize", "align"))
    line = next(line for line in run.stdout.splitlines() if line.startswith("Calcul :"))
    assert "par minute d'audio" in line
    per_min = int(line.split(", soit ")[1].split(" s de processeur")[0])
    assert per_min == pytest.approx(cpu / (audio_s / 60), abs=1)
