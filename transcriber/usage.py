"""What a step of the pipeline cost: wall time, CPU time and peak memory.

CPU-seconds per minute of audio is the honest proxy for the energy a meeting costs (a machine
spends energy in proportion to the CPU it keeps busy, whatever the wall time): every step records
it in ``meeting.json`` (``steps[<step>]["usage"]``), the CLI prints it after a job and the
benchmark (``python -m bench all``) compares it with the plain libraries.

``time.process_time()`` counts every thread of the process (CTranslate2's and torch's workers
included), so two steps that overlap in time both see the other's CPU: the pipeline then records
the CPU of the overlapped stretch once, on the step that ends it (see ``pipeline``).
Peak memory is the process's peak resident set during the step on Linux (``VmHWM``, reset at the
start of the step through ``/proc/self/clear_refs``); elsewhere the process's peak so far. A
reset also lowers what the kernel reports as the process's ``ru_maxrss``: a whole job's peak is
the largest of its steps' peaks (``total``).
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")


def _status_kb(field: str) -> int | None:
    try:
        for line in _STATUS.read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def reset_peak_rss() -> bool:
    """Start a new peak-RSS measurement (Linux); False where the peak cannot be reset."""
    try:
        _CLEAR_REFS.write_text("5")
        return True
    except OSError:
        return False


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB (since the last reset on Linux)."""
    kb = _status_kb("VmHWM")
    if kb is None:
        try:
            import resource
        except ImportError:  # Windows: not measured
            return 0.0
        raw = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        kb = raw // 1024 if sys.platform == "darwin" else raw  # bytes on macOS, KiB elsewhere
    return round(kb / 1024, 1)


def rss_mb() -> float:
    kb = _status_kb("VmRSS")
    return round(kb / 1024, 1) if kb is not None else peak_rss_mb()


@dataclass
class Usage:
    """Cost of one step. ``cpu_s`` counts all threads; ``audio_s`` is the audio it worked on."""

    wall_s: float = 0.0
    cpu_s: float = 0.0
    peak_rss_mb: float = 0.0
    audio_s: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"wall_s": round(self.wall_s, 2), "cpu_s": round(self.cpu_s, 2),
                "peak_rss_mb": round(self.peak_rss_mb, 1), "audio_s": round(self.audio_s, 2)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Usage":
        return cls(**{k: float(data.get(k, 0.0) or 0.0) for k in ("wall_s", "cpu_s", "peak_rss_mb", "audio_s")})

    @property
    def cpu_s_per_audio_min(self) -> float:
        return self.cpu_s / (self.audio_s / 60) if self.audio_s > 0 else 0.0

    @property
    def rtf(self) -> float:
        return self.wall_s / self.audio_s if self.audio_s > 0 else 0.0


class Meter:
    """``with Meter(audio_s) as m: ...`` then ``m.usage``; ``reset_peak`` restarts the RSS peak."""

    def __init__(self, audio_s: float = 0.0, reset_peak: bool = True) -> None:
        self.usage = Usage(audio_s=audio_s)
        self._reset_peak = reset_peak

    def __enter__(self) -> "Meter":
        if self._reset_peak:
            reset_peak_rss()
        self._wall = time.perf_counter()
        self._cpu = time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.usage.wall_s = time.perf_counter() - self._wall
        self.usage.cpu_s = time.process_time() - self._cpu
        self.usage.peak_rss_mb = peak_rss_mb()


def total(usages: list[Usage]) -> Usage:
    """Sum of steps run one after the other on the same audio (peak = the largest peak)."""
    return Usage(
        wall_s=sum(u.wall_s for u in usages),
        cpu_s=sum(u.cpu_s for u in usages),
        peak_rss_mb=max((u.peak_rss_mb for u in usages), default=0.0),
        audio_s=max((u.audio_s for u in usages), default=0.0),
    )


#: the steps of a transcription whose cost ``meeting_usage`` adds up (the minutes are not one)
JOB_STEPS = ("decode", "asr", "diarize", "align")


def meeting_usage(steps: dict[str, Any]) -> Usage:
    """What a meeting's transcription cost, from ``meeting.json``'s ``steps`` (the last run of
    each step; a step without a recorded cost counts for nothing)."""
    usages = [Usage.from_dict(steps[s]["usage"]) for s in JOB_STEPS
              if isinstance((steps.get(s) or {}).get("usage"), dict)]
    return total(usages)


def cost_fr(usage: Usage) -> str:
    """The energy proxy in one short French line for the app: « Temps de calcul : N s de
    processeur par minute d'audio » (empty when nothing was measured)."""
    if usage.audio_s <= 0 or usage.cpu_s <= 0:
        return ""
    return f"Temps de calcul : {usage.cpu_s_per_audio_min:.0f} s de processeur par minute d'audio"


def summary_fr(usage: Usage) -> str:
    """One French line for the end of a job: CPU time spent, per minute of audio."""
    from .timefmt import duration as format_duration

    if usage.audio_s <= 0:
        return ""
    return (f"Calcul : {format_duration(usage.cpu_s)} de processeur pour "
            f"{format_duration(usage.audio_s)} d'audio, soit {usage.cpu_s_per_audio_min:.0f} s "
            f"de processeur par minute d'audio ({os.cpu_count() or 1} cœurs, "
            f"{format_duration(usage.wall_s)} écoulées).")
