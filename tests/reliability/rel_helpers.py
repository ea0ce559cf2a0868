"""Helpers shared by the reliability tests."""

from __future__ import annotations

from pathlib import Path


def open_meeting(qtbot, window, folder: Path):
    """Open ``folder`` in the window's editor, as the user does, and return its document."""
    with qtbot.waitSignal(window.meetingOpened, timeout=20_000):
        window.open_meeting(folder)
    return window.meeting_view.doc
