"""Helpers shared by the UI tests."""

from __future__ import annotations

import os
from pathlib import Path

CLIP = "fr_fleurs_007.wav"
#: 20 s of spontaneous speech, one speaker, several segments
LONG_CLIP = "fr_tcof_separation_per_14_1spk.wav"
#: generous: two cores shared with other test runs
JOB_TIMEOUT_MS = 240_000


def wait_job_state(qtbot, window, states, timeout=JOB_TIMEOUT_MS):
    """Wait until the last job is in one of ``states``; returns it."""
    if isinstance(states, str):
        states = (states,)
    qtbot.waitUntil(lambda: window.jobs.jobs and window.jobs.jobs[-1].state in states, timeout=timeout)
    return window.jobs.jobs[-1]


def pid_alive(pid: int) -> bool:
    """True while the process exists (a zombie still counts: it was not reaped)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return Path(f"/proc/{pid}").exists()
    return True


def open_meeting(qtbot, window, folder: Path):
    with qtbot.waitSignal(window.meetingOpened, timeout=20_000):
        window.open_meeting(folder)
    return window.meeting_view.doc
