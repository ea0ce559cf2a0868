"""Three hours of recording, simulated faster than real time: flat memory, a 3-hour file."""

from __future__ import annotations

import os
import time
import tracemalloc
import wave

import numpy as np

from transcriber.recording import ToneSource, start_recording

HOURS = 3
RATE = 16000


def _rss_bytes() -> int | None:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        return None


def test_three_hours_keep_memory_flat(tmp_path):
    seconds = HOURS * 3600
    rss_before = _rss_bytes()
    rss_peak = rss_before or 0
    tracemalloc.start()
    t0 = time.monotonic()
    recorder = start_recording(tmp_path, "Conseil de trois heures",
                               ToneSource(seconds, samplerate=RATE, speed=None, block_ms=500))
    try:
        while not recorder.wait(0.2):
            rss = _rss_bytes()
            if rss is not None:
                rss_peak = max(rss_peak, rss)
        meeting = recorder.stop()
    finally:
        _, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    wall = time.monotonic() - t0
    path = recorder.audio_path
    try:
        size = path.stat().st_size
        with wave.open(str(path)) as w:
            frames, rate = w.getnframes(), w.getframerate()
            w.setpos(frames - 1000)
            tail = np.frombuffer(w.readframes(1000), "<i2")
    finally:
        path.unlink()  # 345 MB: do not leave it in pytest's kept temp folders

    growth = (rss_peak - rss_before) if rss_before else None
    print(f"\n3 h at {RATE} Hz in {wall:.1f} s: tracemalloc peak {traced_peak / 1e6:.1f} MB, "
          f"RSS growth {'n/a' if growth is None else f'{growth / 1e6:.1f} MB'}, "
          f"file {size / 1e6:.1f} MB")
    assert rate == RATE
    assert frames == seconds * RATE
    assert size == 44 + 2 * frames
    assert meeting.duration_ms == seconds * 1000
    assert recorder.status().dropped_frames == 0
    n = np.arange(frames - 1000, frames)
    expected = (np.sin(2 * np.pi * 440 * n / RATE) * 32767 * 0.25).astype(np.int16)
    assert np.max(np.abs(tail.astype(int) - expected)) <= 1, "the last samples are the last generated"
    assert traced_peak < 20e6, traced_peak
    if growth is not None:
        assert growth < 60e6, growth
