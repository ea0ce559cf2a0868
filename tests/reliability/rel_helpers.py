"""Helpers shared by the reliability tests."""

from __future__ import annotations

from pathlib import Path


def open_meeting(qtbot, window, folder: Path):
    """Open ``folder`` in the window's editor, as the user does, and return its document."""
    with qtbot.waitSignal(window.meetingOpened, timeout=20_000):
        window.open_meeting(folder)
    return window.meeting_view.doc


def damaged_mp3(source: Path, out: Path, from_fraction: float = 0.95) -> Path:
    """``source`` as an MP3 whose last part is garbage: the decoder fails after ``from_fraction``
    of the file (what a recorder's card pulled out too early, or a broken copy, gives)."""
    import random
    import subprocess

    full = out.with_suffix(".full.mp3")
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-i", str(source), "-c:a", "libmp3lame",
                    "-b:a", "64k", str(full)], check=True)
    data = bytearray(full.read_bytes())
    rng = random.Random(1)
    for i in range(int(len(data) * from_fraction), len(data)):
        data[i] = rng.randrange(256)
    out.write_bytes(bytes(data))
    full.unlink()
    return out


def log_in_child(marker: str) -> str:
    """A job for ``jobs.IsolatedJob``: logs at three levels, one with a traceback."""
    import logging

    log = logging.getLogger("transcriber.test_child")
    log.debug("%s debug", marker)
    log.info("%s info", marker)
    try:
        raise ValueError("boom")
    except ValueError:
        log.warning("%s warning", marker, exc_info=True)
    return marker


def log_in_child_job(marker: str, progress=None) -> str:  # noqa: ANN001 - run_isolated's protocol
    return log_in_child(marker)
