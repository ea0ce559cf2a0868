"""Give every word a speaker: where the speaker of a word is decided.

Pure functions on model data; nothing here loads a model or touches the disk.

``align(segments, turns)`` returns new segments (the input is never modified):

* each word gets the speaker whose turn overlaps it most; a word that no turn overlaps (ASR and
  diarisation disagree about where speech is) gets the speaker of the nearest turn; a word that
  two voices cover alike (overlapped speech) goes to the voice of the nearest word of its
  segment that is not in doubt, when that voice covers it too (see ``word_speakers``);
* a segment is split wherever the speaker changes between two of its words, by the one boundary
  rule of ``edit.split_segment``;
* a (split) segment during which other speakers' turns cover a good part of its time keeps its
  own (dominant) speaker and gets ``overlap=True`` (see ``is_overlapped``);
* with no turns at all, segments come back unchanged but without speaker.

``match_speakers`` / ``carry_over_ids`` map the speakers of a new diarisation onto those of an
older one, so that names given by the user follow the voices when diarisation is re-run.
"""

from __future__ import annotations

import bisect
import heapq
from dataclasses import replace

from .edit import free_speaker_id, split_segment
from .model import Segment, Turn, Word

#: a segment is "overlapped" when other voices cover at least this share of it...
OVERLAP_MIN_RATIO = 0.2
#: ...or at least this long a time, and in any case at least OVERLAP_MIN_MS
OVERLAP_LONG_MS = 2000
OVERLAP_MIN_MS = 500
#: a word is in doubt when a second voice covers it within this share of the first one's cover
TIE_SHARE = 0.2


def align(segments: list[Segment], turns: list[Turn]) -> list[Segment]:
    """Segments with a speaker each, split at speaker changes; see the module docstring."""
    if not turns:
        return [replace(s, words=[replace(w) for w in s.words], speaker=None, overlap=False)
                for s in segments]
    locator = _TurnLocator(turns)
    out: list[Segment] = []
    for seg in segments:
        if not seg.words:
            speaker = locator.speaker_of(seg.start_ms, seg.end_ms)
            piece = replace(seg, words=[], speaker=speaker)
            piece.overlap = is_overlapped(piece.start_ms, piece.end_ms, speaker, locator)
            out.append(piece)
            continue
        speakers = _word_speakers(seg.words, locator)
        runs = _runs(speakers)
        own = Segment(seg.start_ms, seg.end_ms, [replace(w) for w in seg.words])
        for piece, (_, _, speaker) in zip(split_segment(own, [first for first, _, _ in runs]), runs):
            piece.speaker = speaker
            piece.overlap = is_overlapped(piece.start_ms, piece.end_ms, speaker, locator)
            out.append(piece)
    return out


def word_speakers(words: list[Word], turns: list[Turn]) -> list[str | None]:
    """The speaker of each word (most overlapping turn, else nearest), without splitting."""
    if not turns:
        return [None] * len(words)
    return _word_speakers(words, _TurnLocator(turns))


def _word_speakers(words: list[Word], locator: "_TurnLocator") -> list[str]:
    """Most-overlapping voice per word; words two voices cover alike take the voice of the
    nearest word not in doubt (before or after, the closer in time) when it covers them too."""
    cover = [locator.cover(w.start_ms, w.end_ms) for w in words]
    speakers = [locator.speaker_of(w.start_ms, w.end_ms) for w in words]
    doubt = []
    for w, c in zip(words, cover):
        ranked = sorted(c.values(), reverse=True)
        length = max(w.end_ms - w.start_ms, 1)
        doubt.append(len(ranked) > 1 and ranked[1] >= 0.5 * length  # overlap, not a turn change
                     and ranked[0] - ranked[1] <= TIE_SHARE * length)
    sure = [i for i, d in enumerate(doubt) if not d]
    if not sure:
        return speakers
    for i in (i for i, d in enumerate(doubt) if d):
        j = min(sure, key=lambda k: abs((words[k].start_ms + words[k].end_ms) - (words[i].start_ms + words[i].end_ms)))
        if cover[i].get(speakers[j], 0) > 0:
            speakers[i] = speakers[j]
    return speakers


def is_overlapped(start_ms: int, end_ms: int, speaker: str | None, turns) -> bool:
    """True when other speakers' turns cover a significant part of ``[start_ms, end_ms]``."""
    locator = turns if isinstance(turns, _TurnLocator) else _TurnLocator(turns)
    duration = end_ms - start_ms
    if duration <= 0:
        return False
    others = [
        (max(t.start_ms, start_ms), min(t.end_ms, end_ms))
        for t in locator.overlapping(start_ms, end_ms)
        if t.speaker != speaker
    ]
    covered = _union_length(others)
    if covered < OVERLAP_MIN_MS:
        return False
    return covered >= OVERLAP_MIN_RATIO * duration or covered >= OVERLAP_LONG_MS


def _runs(speakers: list[str | None]) -> list[tuple[int, int, str | None]]:
    runs: list[tuple[int, int, str | None]] = []
    for i, spk in enumerate(speakers):
        if runs and runs[-1][2] == spk:
            runs[-1] = (runs[-1][0], i, spk)
        else:
            runs.append((i, i, spk))
    return runs


def _union_length(intervals: list[tuple[int, int]]) -> int:
    total, cur_start, cur_end = 0, None, None
    for s, e in sorted(i for i in intervals if i[1] > i[0]):
        if cur_end is None or s > cur_end:
            if cur_end is not None:
                total += cur_end - cur_start
            cur_start, cur_end = s, e
        else:
            cur_end = max(cur_end, e)
    if cur_end is not None:
        total += cur_end - cur_start
    return total


class _TurnLocator:
    """Finds the turns around a time span quickly (turns sorted by start, bisect + max end)."""

    def __init__(self, turns: list[Turn]) -> None:
        self.turns = sorted((t for t in turns if t.end_ms > t.start_ms),
                            key=lambda t: (t.start_ms, t.end_ms))
        if not self.turns:  # only empty turns: keep them, as points
            self.turns = sorted(turns, key=lambda t: (t.start_ms, t.end_ms))
        self.starts = [t.start_ms for t in self.turns]
        # the longest turn bounds how far back an overlapping turn can start
        self.max_len = max(t.end_ms - t.start_ms for t in self.turns)
        # ends sorted, for the nearest turn before a time
        self.by_end = sorted(range(len(self.turns)), key=lambda i: self.turns[i].end_ms)
        self.ends = [self.turns[i].end_ms for i in self.by_end]

    def overlapping(self, start_ms: int, end_ms: int) -> list[Turn]:
        lo = bisect.bisect_left(self.starts, start_ms - self.max_len)
        hi = bisect.bisect_left(self.starts, max(end_ms, start_ms + 1))
        return [t for t in self.turns[lo:hi] if t.end_ms > start_ms and t.start_ms < end_ms]

    def cover(self, start_ms: int, end_ms: int) -> dict[str, int]:
        """How long each speaker's turns cover ``[start_ms, end_ms]`` (ms)."""
        per_speaker: dict[str, int] = {}
        for t in self.overlapping(start_ms, end_ms):
            ov = min(t.end_ms, end_ms) - max(t.start_ms, start_ms)
            if ov > 0:
                per_speaker[t.speaker] = per_speaker.get(t.speaker, 0) + ov
        return per_speaker

    def speaker_of(self, start_ms: int, end_ms: int) -> str:
        end_ms = max(end_ms, start_ms)
        best, best_overlap = None, 0
        if end_ms > start_ms:
            per_speaker: dict[str, int] = {}
            for t in self.overlapping(start_ms, end_ms):
                ov = min(t.end_ms, end_ms) - max(t.start_ms, start_ms)
                per_speaker[t.speaker] = per_speaker.get(t.speaker, 0) + ov
            for spk, ov in per_speaker.items():
                if ov > best_overlap:
                    best, best_overlap = spk, ov
        if best is not None:
            return best
        return self._nearest(start_ms, end_ms)

    def _nearest(self, start_ms: int, end_ms: int) -> str:
        # a turn containing the (point) word, else the closest turn before or after it
        mid = (start_ms + end_ms) / 2
        inside = [t for t in self.overlapping(int(mid), int(mid) + 1)]
        if inside:
            return min(inside, key=lambda t: abs((t.start_ms + t.end_ms) / 2 - mid)).speaker
        candidates: list[tuple[float, int, Turn]] = []
        j = bisect.bisect_right(self.ends, start_ms) - 1
        if j >= 0:
            before = self.turns[self.by_end[j]]
            candidates.append((start_ms - before.end_ms, 0, before))
        k = bisect.bisect_left(self.starts, end_ms)
        if k < len(self.turns):
            after = self.turns[k]
            candidates.append((after.start_ms - end_ms, 1, after))
        if not candidates:  # every turn strictly overlaps the span's edges: take the first
            return self.turns[0].speaker
        return min(candidates, key=lambda c: (c[0], c[1]))[2].speaker


def match_speakers(old_turns: list[Turn], new_turns: list[Turn]) -> dict[str, str]:
    """Map each new speaker id to the old id it shares the most speech time with.

    Greedy one-to-one matching by decreasing shared time; new speakers without a match (no
    shared time, or their old match taken) are absent from the result.
    """
    shared: dict[tuple[str, str], int] = {}
    if not old_turns or not new_turns:
        return {}
    locator = _TurnLocator(old_turns)
    for t in new_turns:
        for o in locator.overlapping(t.start_ms, t.end_ms):
            ov = min(t.end_ms, o.end_ms) - max(t.start_ms, o.start_ms)
            if ov > 0:
                shared[(t.speaker, o.speaker)] = shared.get((t.speaker, o.speaker), 0) + ov
    heap = [(-ov, new, old) for (new, old), ov in shared.items()]
    heapq.heapify(heap)
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    while heap:
        _, new, old = heapq.heappop(heap)
        if new in mapping or old in taken:
            continue
        mapping[new] = old
        taken.add(old)
    return mapping


def carry_over_ids(old_turns: list[Turn], new_turns: list[Turn],
                   reserved: set[str] | frozenset[str] = frozenset()) -> list[Turn]:
    """``new_turns`` renamed so that each voice keeps the id it had in ``old_turns``.

    New speakers matched to an old one (``match_speakers``) take its id, so the names the user
    gave follow the voices when diarisation is re-run; the others get the first free
    ``SPEAKER_NN`` ids (in order of first appearance), avoiding old ids and ``reserved``.
    """
    matched = match_speakers(old_turns, new_turns)
    taken = set(reserved) | {t.speaker for t in old_turns} | set(matched.values())
    mapping = dict(matched)
    for new_id in dict.fromkeys(t.speaker for t in sorted(new_turns, key=lambda t: t.start_ms)):
        if new_id not in mapping:
            mapping[new_id] = free_speaker_id(taken)
            taken.add(mapping[new_id])
    return relabel(new_turns, mapping)


def relabel(turns: list[Turn], mapping: dict[str, str]) -> list[Turn]:
    """New turns whose speakers are renamed by ``mapping`` (others keep their id)."""
    return [Turn(t.start_ms, t.end_ms, mapping.get(t.speaker, t.speaker)) for t in turns]
