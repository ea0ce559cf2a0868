"""The energy proxy in the app (issue 13): after a job, and in a meeting's information line,
« Temps de calcul : N s de processeur par minute d'audio », N read from what the pipeline
recorded (``meeting.json``, ``steps[step]["usage"]``). Real pipeline runs, real widgets."""

from __future__ import annotations

import json
import re
from pathlib import Path

from transcriber.pipeline import PipelineOptions
from ui_helpers import open_meeting, wait_job_state

COST = re.compile(r"Temps de calcul : (\d+) s de processeur par minute d'audio")


def recorded_per_minute(folder: Path) -> float:
    """CPU seconds per minute of audio of the transcription steps saved in ``meeting.json``."""
    steps = json.loads((folder / "meeting.json").read_text("utf-8"))["steps"]
    usages = [steps[s]["usage"] for s in ("decode", "asr", "diarize", "align") if s in steps]
    assert usages and all(u["cpu_s"] > 0 for u in usages if u["audio_s"] > 60), steps
    audio_s = max(u["audio_s"] for u in usages)
    assert audio_s > 10
    return sum(u["cpu_s"] for u in usages) / (audio_s / 60)


def test_meeting_information_shows_its_cost(qtbot, window, meeting_copy):
    expected = recorded_per_minute(meeting_copy)
    open_meeting(qtbot, window, meeting_copy)
    subtitle = window.meeting_view.subtitle
    found = COST.search(subtitle.text())
    assert found, subtitle.text()
    assert abs(int(found.group(1)) - expected) <= 1, (found.group(0), expected)
    assert subtitle.isVisible()
    # the line may be long: it never widens the window (cut at the right, whole in the tooltip)
    assert COST.search(subtitle.toolTip())
    text_width = subtitle.fontMetrics().horizontalAdvance(subtitle.text())
    assert text_width > 900
    assert window.meeting_view.minimumSizeHint().width() < min(text_width, 1366)


def test_finished_job_shows_what_it_cost(qtbot, window, meeting_copy):
    meeting_file = meeting_copy / "meeting.json"
    data = json.loads(meeting_file.read_text("utf-8"))
    data["steps"], data["segments"] = {}, []  # a fresh transcription: every step runs
    meeting_file.write_text(json.dumps(data), "utf-8")

    job = window.jobs.enqueue_run(meeting_copy, "Essai", PipelineOptions(diarize=False))
    row = window.jobs_panel.rows[job.id]
    done = wait_job_state(qtbot, window, ("done", "failed"))
    assert done.state == "done", done.message

    expected = recorded_per_minute(meeting_copy)
    assert expected > 1, "transcribing costs some CPU"
    found = COST.search(row.message.text())
    assert found, row.message.text()
    assert abs(int(found.group(1)) - expected) <= 1, (found.group(0), expected)
    assert not row.message.isHidden()
    assert COST.fullmatch(done.cost)
