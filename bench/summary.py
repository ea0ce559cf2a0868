"""How long the home page takes to read one meeting's summary from a 3-hour ``meeting.json``.

Builds a synthetic 3-hour meeting (2.6 words a second, 12-word segments, 8 speakers: the size a
real council's transcript reaches), saves it with ``MeetingFolder.save`` and times
``store.read_summary`` against a full ``json.loads`` and a full ``MeetingFolder.load``.

    python bench/summary.py [--hours 3] [--repeat 20]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from transcriber.model import Meeting, Segment, Speaker, Word  # noqa: E402
from transcriber.store import MeetingFolder, read_summary  # noqa: E402


def synthetic_meeting(hours: float) -> Meeting:
    n_words = int(hours * 3600 * 2.6)
    words = [Word(i * 385, i * 385 + 300, f"mot{i % 997}", 0.9) for i in range(n_words)]
    segments = [Segment(ws[0].start_ms, ws[-1].end_ms, ws, f"SPEAKER_{(i // 3) % 8:02d}")
                for i, ws in enumerate(words[k : k + 12] for k in range(0, n_words, 12))]
    return Meeting("Conseil municipal du 12 mars", date="2026-03-12", kind="conseil",
                   duration_ms=int(hours * 3_600_000), segments=segments,
                   speakers=[Speaker(f"SPEAKER_{i:02d}") for i in range(8)])


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--hours", type=float, default=3.0)
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = MeetingFolder.create(tmp, "Conseil")
        folder.save(synthetic_meeting(args.hours))
        size = folder.meeting_file.stat().st_size
        summary = timed(lambda: read_summary(folder.path), args.repeat)
        full_json = timed(lambda: json.loads(folder.meeting_file.read_text("utf-8")), max(3, args.repeat // 5))
        full_load = timed(folder.load, max(3, args.repeat // 5))
    print(f"meeting.json of {args.hours:g} h: {size / 1e6:.1f} MB")
    print(f"read_summary     {summary * 1000:8.1f} ms (median of {args.repeat})")
    print(f"json.loads       {full_json * 1000:8.1f} ms  ({full_json / summary:.0f}x the summary)")
    print(f"MeetingFolder.load {full_load * 1000:6.1f} ms  ({full_load / summary:.0f}x the summary)")


if __name__ == "__main__":
    main()
