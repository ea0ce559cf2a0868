"""What the pipeline's child does is not lost: its log records reach the parent's log file, and a
partial decode (a file broken after 95 %) or a device fall-back becomes a warning the user sees
(CLI and app) and that is saved with its step in meeting.json."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest

from rel_helpers import damaged_mp3, log_in_child_job, open_meeting
from transcriber import notices
from transcriber.jobs import run_isolated
from transcriber.pipeline import PipelineOptions
from transcriber.store import MeetingFolder

CLIP = "fr_fleurs_007.wav"  # 11.6 s


@pytest.fixture(scope="module")
def damaged(eval_dir, tmp_path_factory) -> Path:
    return damaged_mp3(eval_dir / CLIP, tmp_path_factory.mktemp("damaged") / "conseil-abime.mp3")


def test_child_log_records_reach_the_parent(caplog):
    caplog.set_level(logging.INFO)
    assert run_isolated(log_in_child_job, "MARQUE-42") == "MARQUE-42"
    records = [r for r in caplog.records if "MARQUE-42" in r.getMessage()]
    assert [r.levelname for r in records] == ["INFO", "WARNING"]  # DEBUG stays in the child
    assert records[0].name == "transcriber.test_child" and records[0].process != os.getpid()
    assert "ValueError: boom" in records[1].getMessage()  # the traceback travels formatted
    assert records[1].threadName.startswith("job ")


def test_device_fall_back_is_a_notice():
    from transcriber.diarize import resolve_device

    import torch

    assert not torch.cuda.is_available()  # CI: no GPU; asking for one falls back, and says so
    with notices.collect() as notes:
        assert resolve_device("cuda") == "cpu"
    assert notes and "processeur" in notes[0]


@pytest.mark.slow
def test_cli_says_and_saves_a_partial_decode(cli, damaged, tmp_path):
    run = cli("transcribe", damaged, "--out", tmp_path, "--no-diarize", "--threads", "2")
    assert run.returncode == 0, run.stderr
    assert "attention : L'enregistrement est endommagé : seules les " in run.stderr
    assert "La suite manque dans la transcription" in run.stderr
    folder = next(tmp_path.glob("*.seance"))
    steps = json.loads((folder / "meeting.json").read_text("utf-8"))["steps"]
    assert any("endommagé" in w for w in steps["decode"]["warnings"])
    assert "warnings" not in steps["asr"]
    # the saved warning does not make the next run redo the transcription
    from transcriber.asr import AsrOptions
    from transcriber.pipeline import run as run_pipeline

    again = run_pipeline(folder, PipelineOptions(asr=AsrOptions(threads=2), diarize=False))
    assert again.steps_run == [], again


@pytest.mark.slow
def test_app_shows_a_partial_decode_and_logs_the_child(qtbot, window, damaged, settings):
    from ui.app import log_file, setup_logging

    setup_logging()  # the app's real log file, as main() sets it up
    root = logging.getLogger()
    handler = root.handlers[-1]
    try:
        window.jobs.enqueue_import(damaged, settings.meetings_path, "Conseil abîmé", PipelineOptions(diarize=False),
                                   kind="conseil", date="", language="fr", vocabulary=[])
        qtbot.waitUntil(lambda: window.jobs.jobs[-1].state in ("done", "failed"), timeout=240_000)
        job = window.jobs.jobs[-1]
        assert job.state == "done", job.message
        # said to the user: a warning box, and the job's row
        qtbot.waitUntil(lambda: any("endommagé" in m for m in window.messages), timeout=10_000)
        message = next(m for m in window.messages if "endommagé" in m)
        assert "« Conseil abîmé » est terminée, mais" in message and "La suite manque" in message
        assert "endommagé" in window.jobs_panel.rows[job.id].message.text()
        # the child's own log line is in the app's log file
        handler.flush()
        text = log_file().read_text("utf-8")
        assert "decoding" in text and "stopped early" in text and "[job " in text
        # saved with the step: the meeting shows it when opened again
        steps = MeetingFolder(job.folder).load().steps
        assert any("endommagé" in w for w in steps["decode"]["warnings"])
        window.message_box.close()
        qtbot.waitUntil(lambda: window.meeting_view.doc is not None, timeout=20_000)
        window.close_meeting()
        open_meeting(qtbot, window, Path(job.folder))
        assert window.meeting_view.banner.isVisible() and "endommagé" in window.meeting_view.banner.label.text()
    finally:
        root.removeHandler(handler)
        handler.close()
