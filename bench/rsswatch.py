"""Resident memory of a process and its descendants, sampled from outside (Linux ``/proc``).

The pipeline's own figures (``steps[...]["usage"]["peak_rss_mb"]``) are each step's ``VmHWM`` in
the process that ran it. This watcher is the check from outside: every ``interval`` seconds it
sums ``VmRSS`` over the process and all its descendants (a spawned job child included) and keeps
the peak and a timeline, so a peak between two steps, or in a child, cannot be missed for longer
than one interval. On systems without ``/proc`` it records nothing (``peak_mb`` stays 0).
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

_PROC = Path("/proc")


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    task_dir = _PROC / str(pid) / "task"
    try:
        tids = os.listdir(task_dir)
    except OSError:
        return kids
    for tid in tids:
        try:
            kids += [int(x) for x in (task_dir / tid / "children").read_text().split()]
        except (OSError, ValueError):
            pass
    return kids


def tree_rss_mb(pid: int) -> float:
    """Sum of ``VmRSS`` over ``pid`` and its descendants, in MB (0 when it is gone)."""
    total_kb, todo, seen = 0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            for line in (_PROC / str(p) / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
                    break
        except (OSError, ValueError, IndexError):
            continue
        todo += _children(p)
    return total_kb / 1024


class TreeWatcher:
    """``with TreeWatcher(pid) as w: ...`` then ``w.peak_mb`` and ``w.timeline`` ([s, MB, load1])."""

    def __init__(self, pid: int, interval: float = 0.2, every: float = 10.0) -> None:
        self.pid, self.interval, self.every = pid, interval, every
        self.peak_mb = 0.0
        self.peak_at_s = 0.0
        self.timeline: list[list[float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        start = time.perf_counter()
        next_mark = 0.0
        while not self._stop.is_set():
            rss = tree_rss_mb(self.pid)
            now = time.perf_counter() - start
            if rss > self.peak_mb:
                self.peak_mb, self.peak_at_s = rss, now
            if now >= next_mark:
                self.timeline.append([round(now, 1), round(rss, 1), round(os.getloadavg()[0], 2)])
                next_mark += self.every
            self._stop.wait(self.interval)

    def __enter__(self) -> "TreeWatcher":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def to_dict(self) -> dict[str, Any]:
        return {"peak_mb": round(self.peak_mb, 1), "peak_at_s": round(self.peak_at_s, 1),
                "interval_s": self.interval, "timeline": self.timeline}


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.rsswatch PID OUT [--every S]``: append ``seconds MB load1`` lines to OUT
    every S seconds (peak of the process tree since the last line) until PID ends; a run that is
    stopped early keeps what it saw."""
    import argparse

    ap = argparse.ArgumentParser(description=main.__doc__.splitlines()[0])
    ap.add_argument("pid", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--every", type=float, default=10.0)
    args = ap.parse_args(argv)
    start, peak, mark = time.perf_counter(), 0.0, 0.0
    with open(args.out, "a", encoding="utf-8") as out:
        while (_PROC / str(args.pid)).exists():
            peak = max(peak, tree_rss_mb(args.pid))
            now = time.perf_counter() - start
            if now >= mark:
                out.write(f"{now:.0f} {peak:.0f} {os.getloadavg()[0]:.2f}\n")
                out.flush()
                mark, peak = mark + args.every, 0.0
            time.sleep(0.2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
