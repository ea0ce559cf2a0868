"""The séance timeline: the ordre du jour placed in time.

With a form, its ordre du jour is the canonical order and numbering: the transcript only says
when each item starts (an agenda marker set while recording, "nous passons au point 3", "point
numéro trois", "deuxième sujet", "on commence par…", the item announced by its subject). The
starts are chosen together, in the form's order and in time order, so a stray "comme au point 2"
cannot reorder the séance; an item the recording never reaches keeps no time. Without a form, the
items are the ones announced aloud, numbered as said, in increasing order.

Each placed item runs from its start to the next placed item's start; what comes before the first
one is the opening of the séance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .facts import AgendaMention
from .form import AgendaItem, MinutesForm
from .text import fold

#: a marker set this long after (or before) the spoken announcement of its item is that
#: announcement's (ms): the secretary clicks when she hears it, or a little late
MARKER_SLACK_MS = 90_000
#: an announcement by subject must share this part of the item title's significant words
SUBJECT_MATCH = 0.5

_STOP = set("""avec dans pour sans sous vers entre les des une aux par sur que qui est son ses leur leurs
cette ces lors suite afin ainsi chez point points""".split())


@dataclass
class TimelineItem:
    """One item of the ordre du jour and where the recording places it."""

    number: str | None
    title: str
    start_ms: int | None = None
    end_ms: int | None = None
    #: "form" (the ordre du jour typed), "speech" (announced aloud) or "marker"
    source: str = "form"
    #: how the start was found: "marker", "speech" or None (never reached)
    placed_by: str | None = None
    title_heard: bool = False
    form_item: AgendaItem | None = None
    #: "questions_diverses" for the questions diverses (or "divers" of a CODIR)
    special: str | None = None
    mention: AgendaMention | None = None

    @property
    def placed(self) -> bool:
        return self.start_ms is not None

    def holds(self, time_ms: int) -> bool:
        return self.start_ms is not None and self.end_ms is not None and self.start_ms <= time_ms < self.end_ms


@dataclass
class Timeline:
    items: list[TimelineItem] = field(default_factory=list)
    end_ms: int = 0

    @property
    def opening_end_ms(self) -> int:
        """Where the opening ends: the first item's start (the whole séance when none is placed)."""
        starts = [i.start_ms for i in self.items if i.start_ms is not None]
        return min(starts) if starts else self.end_ms

    def index_at(self, time_ms: int) -> int | None:
        """The item said at ``time_ms`` (its index), None for the opening."""
        for k, item in enumerate(self.items):
            if item.holds(time_ms):
                return k
        return None

    def placed_items(self) -> list[TimelineItem]:
        return [i for i in self.items if i.placed]


def is_questions_diverses(title: str) -> bool:
    t = fold(title or "")
    return bool(re.search(r"\bquestions?\s+diverses\b|^\s*divers\s*$|\bpoints?\s+divers\b", t))


def build_timeline(form: MinutesForm, mentions: list[AgendaMention], end_ms: int) -> Timeline:
    """The items of the séance in time (``mentions``: every agenda mention, markers included)."""
    mentions = sorted(mentions, key=lambda a: a.time_ms)
    if form.items:
        items = _place_form_items(form.items, mentions)
    else:
        items = _heard_items(mentions)
    timeline = Timeline(items, end_ms)
    placed = [i for i in items if i.start_ms is not None]
    for item, nxt in zip(placed, placed[1:] + [None]):
        item.end_ms = nxt.start_ms if nxt else max(end_ms, item.start_ms + 1)
    return timeline


# --- with a form: the ordre du jour is canonical ----------------------------------------------


@dataclass
class _Candidate:
    time_ms: int
    score: float
    mention: AgendaMention


def _place_form_items(form_items: list[AgendaItem], mentions: list[AgendaMention]) -> list[TimelineItem]:
    items = [TimelineItem(number=fi.number or None, title=fi.title, form_item=fi,
                          special="questions_diverses" if is_questions_diverses(fi.title) else None)
             for fi in form_items]
    candidates = [_candidates(k, items, mentions) for k in range(len(items))]
    chosen = _best_increasing(candidates)
    for k, cand in chosen.items():
        item = items[k]
        mention = cand.mention
        if mention.source == "marker":
            spoken = [c for c in candidates[k] if c.mention.source != "marker"
                      and -MARKER_SLACK_MS <= c.time_ms - cand.time_ms <= MARKER_SLACK_MS // 3]
            spoken = [c for c in spoken if _in_order(c.time_ms, k, chosen)]
            if spoken:
                mention = min(spoken, key=lambda c: abs(c.time_ms - cand.time_ms)).mention
        item.start_ms = mention.time_ms
        item.mention = mention
        item.placed_by = "marker" if mention.source == "marker" else "speech"
    return items


def _in_order(time_ms: int, k: int, chosen: dict[int, _Candidate]) -> bool:
    before = [c.time_ms for j, c in chosen.items() if j < k]
    after = [c.time_ms for j, c in chosen.items() if j > k]
    return all(t < time_ms for t in before) and all(t > time_ms for t in after)


def _candidates(k: int, items: list[TimelineItem], mentions: list[AgendaMention]) -> list[_Candidate]:
    item = items[k]
    numbered = [i for i in items if not i.special]
    unnumbered_markers = [m for m in mentions if m.source == "marker" and m.number is None]
    out = []
    for m in mentions:
        score = 0.0
        if m.special:
            if item.special == m.special:
                score = 3.0
        elif m.number is not None and item.number and _same_number(m.number, item.number):
            score = 3.0 + 0.5 * _title_match(item.title, m)
        elif m.number is not None and not item.number and numbered and item in numbered \
                and numbered.index(item) + 1 == int(m.number):
            score = 2.5
        elif m.first and m.number is None and numbered and item is numbered[0] \
                and (not m.by_subject or _title_match(item.title, m) > 0):
            score = 2.0
        elif m.last and m.number is None and numbered and item is numbered[-1]:
            score = 2.0
        if m.number is None and not m.special and item.title:
            match = _title_match(item.title, m)
            if match >= SUBJECT_MATCH:
                score = max(score, 1.0 + match + (0.5 if m.source == "marker" else 0.0))
        if not score and m.source == "marker" and m.number is None and m in unnumbered_markers \
                and len(unnumbered_markers) == len(items) and unnumbered_markers.index(m) == k:
            score = 1.0  # as many markers without number as items: in order
        if score:
            out.append(_Candidate(m.time_ms, score, m))
    return out


def _best_increasing(candidates: list[list[_Candidate]]) -> dict[int, _Candidate]:
    """The item -> start choice of greatest total score whose times increase with the items
    (between equal scores, the earliest starts)."""
    n = len(candidates)
    memo: dict[tuple[int, int], tuple[float, list[tuple[int, _Candidate]]]] = {}

    def solve(k: int, after: int) -> tuple[float, list[tuple[int, _Candidate]]]:
        if k == n:
            return 0.0, []
        key = (k, after)
        if key not in memo:
            best = solve(k + 1, after)
            for c in sorted(candidates[k], key=lambda c: c.time_ms):
                if c.time_ms > after:
                    score, rest = solve(k + 1, c.time_ms)
                    if score + c.score > best[0] + 1e-9:
                        best = (score + c.score, [(k, c)] + rest)
            memo[key] = best
        return memo[key]

    return dict(solve(0, -1)[1])


def _same_number(a: str, b: str) -> bool:
    return (a.strip().lstrip("0") or "0").lower() == (b.strip().lstrip("0") or "0").lower()


def significant_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", fold(text or "")) if (len(w) >= 4 or w.isdigit()) and w not in _STOP]


def _title_match(title: str, m: AgendaMention) -> float:
    """Part of the title's significant words said in the announcing sentence (misspellings allowed)."""
    wanted = significant_words(title)
    if not wanted:
        return 0.0
    said_text = m.sentence if m.source != "marker" else fold(m.title or m.quote)
    said = significant_words(said_text)
    if not said:
        return 0.0
    hits = 0
    for w in wanted:
        if w in said or (len(w) >= 5 and any(fuzz.ratio(w, s) >= 85 for s in said)):
            hits += 1
    return hits / len(wanted)


# --- without a form: the items announced aloud -------------------------------------------------


def _heard_items(mentions: list[AgendaMention]) -> list[TimelineItem]:
    items: list[TimelineItem] = []
    last = 0
    specials: set[str] = set()
    for m in mentions:
        if m.special:
            if m.special in specials:
                continue
            specials.add(m.special)
            items.append(TimelineItem(None, m.title, m.time_ms, source="speech", placed_by="speech",
                                      title_heard=True, special=m.special, mention=m))
            continue
        if specials:
            continue  # nothing is numbered after the questions diverses
        if m.number is not None:
            n = int(m.number)
        elif m.first and last == 0:
            n = 1
        elif m.last and m.number is None and last:
            n = last + 1
        else:
            continue
        if n <= last or n > last + 3:
            continue
        last = n
        source = "marker" if m.source == "marker" else "speech"
        items.append(TimelineItem(str(n), m.title or "", m.time_ms, source=source, placed_by=source,
                                  title_heard=bool(m.title), mention=m))
    return items
