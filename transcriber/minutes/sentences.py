"""The sentences of a stretch of the séance, across speaker turns, with their time and speaker."""

from __future__ import annotations

from dataclasses import dataclass

from .text import Unit


@dataclass
class Sentence:
    unit: Unit
    #: index of the unit in the meeting's units
    index: int
    start: int
    end: int
    time_ms: int
    end_ms: int
    #: the speaker's name ("" when unknown) and id
    speaker: str
    speaker_id: str | None

    @property
    def folded(self) -> str:
        return self.unit.folded[self.start:self.end]

    @property
    def text(self) -> str:
        return self.unit.text[self.start:self.end]

    def original(self) -> str:
        return self.unit.original(self.start, self.end).strip()

    def time_at(self, offset: int) -> int:
        """Time of the word at ``offset`` (in this sentence's folded text)."""
        return self.unit.time_at(self.start + offset)


def sentences_between(units: list[Unit], start_ms: int, end_ms: int, speaker_name) -> list[Sentence]:
    """Every sentence starting in ``[start_ms, end_ms)``, in time order."""
    out = []
    for k, unit in enumerate(units):
        if not unit.words or unit.end_ms < start_ms or unit.start_ms >= end_ms:
            continue
        bounds = unit.sentences + [len(unit.text)]
        for a, b in zip(bounds, bounds[1:]):
            if b <= a:
                continue
            t0 = unit.time_at(a)
            if start_ms <= t0 < end_ms:
                last = unit.words[unit.word_index_at(max(a, b - 1), last=True)]
                out.append(Sentence(unit, k, a, b, t0, last.end_ms, speaker_name(unit.speaker), unit.speaker))
    return out
