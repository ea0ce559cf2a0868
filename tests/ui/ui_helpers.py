"""Helpers shared by the UI tests."""

from __future__ import annotations

import os
import time
from pathlib import Path

from PySide6.QtCore import QTimer

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


class GapMeter:
    """A QTimer on the GUI thread; the largest gap between two ticks says how long the event
    loop was blocked. Each tick also notes the GUI thread's CPU time: the CPU it spent between
    two ticks is the app's own work, which other processes on a loaded machine do not inflate
    (the wall-clock gap includes waiting for a core)."""

    def __init__(self, interval_ms: int = 50) -> None:
        self.ticks: list[float] = []
        self.cpu: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        self.ticks.append(time.monotonic())
        self.cpu.append(time.thread_time())

    def gaps(self, first: int = 0) -> list[float]:
        t = self.ticks[first:]
        return [b - a for a, b in zip(t, t[1:])]

    def cpu_gaps(self, first: int = 0) -> list[float]:
        c = self.cpu[first:]
        return [b - a for a, b in zip(c, c[1:])]

    def stop(self) -> float:
        self.timer.stop()
        gaps = self.gaps()
        return max(gaps) if gaps else float("inf")
