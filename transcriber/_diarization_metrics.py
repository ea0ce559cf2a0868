"""Scoring diarisation against RTTM references (bench and tests only; not used by the app).

DER is pyannote.metrics' ``DiarizationErrorRate(collar=0.5, skip_overlap=False)``: the collar
is the *total* width, i.e. 0.25 s ignored on each side of every reference boundary; overlapped
speech is scored. The evaluated region is the union of the reference and hypothesis extents.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from pathlib import Path

from .model import Turn

#: total collar in seconds (0.25 s on each side of each reference boundary)
COLLAR_S = 0.5


def load_rttm(path: str | os.PathLike[str]) -> list[Turn]:
    """The turns of an RTTM file (one file id per RTTM assumed), sorted by start."""
    turns: list[Turn] = []
    for line in Path(path).read_text("utf-8").splitlines():
        parts = line.split()
        if len(parts) < 8 or parts[0] != "SPEAKER":
            continue
        onset, duration = float(parts[3]), float(parts[4])
        turns.append(Turn(int(round(onset * 1000)), int(round((onset + duration) * 1000)), parts[7]))
    turns.sort(key=lambda t: (t.start_ms, t.end_ms))
    return turns


def _annotation(turns: list[Turn]):
    from pyannote.core import Annotation, Segment

    ann = Annotation(uri="clip")
    for i, t in enumerate(turns):
        ann[Segment(t.start_ms / 1000, t.end_ms / 1000), i] = t.speaker
    return ann


@dataclass(frozen=True)
class DerScore:
    der: float
    false_alarm: float
    missed: float
    confusion: float
    total: float  # reference speech, seconds


def diarization_error_rate(reference: list[Turn], hypothesis: list[Turn],
                           collar: float = COLLAR_S) -> DerScore:
    os.environ["PYANNOTE_METRICS_ENABLED"] = "0"
    from pyannote.metrics.diarization import DiarizationErrorRate

    metric = DiarizationErrorRate(collar=collar, skip_overlap=False)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*'uem' was approximated")
        detail = metric(_annotation(reference), _annotation(hypothesis), detailed=True)
    total = detail["total"] or 1.0
    return DerScore(
        der=detail["diarization error rate"],
        false_alarm=detail["false alarm"] / total,
        missed=detail["missed detection"] / total,
        confusion=detail["confusion"] / total,
        total=detail["total"],
    )
