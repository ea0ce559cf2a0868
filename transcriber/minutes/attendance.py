"""Attendance as events: who is there at the opening, who leaves or arrives, and so who is
present, represented and voting at each item, under which président de séance.

The opening comes from the form (a person typed it), else from what was heard before the first
item (a roll call, lists read aloud, the counts said, the pouvoirs). Then every movement heard
(a departure, with the pouvoir given as the member leaves; an arrival, taking part in the vote
from the item said; a return after leaving for one item) changes the attendance from the moment
it happens. Each item's présents / représentés / votants are counted at its vote (or its end when
there is none). A count said aloud that disagrees is kept as a check to show « À vérifier »; a
count that cannot be known stays None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .facts import Detections, Movement
from .form import MinutesForm
from .people import Roster, display, name_words
from .timeline import Timeline

#: the same departure (or arrival) said twice within this time is one movement (ms)
SAME_MOVEMENT_MS = 180_000


@dataclass
class AttendanceFacts:
    """The attendance at the opening (names as typed, or heard and ``detected``)."""

    present: list[str] = field(default_factory=list)
    #: (member, proxy holder)
    represented: list[tuple[str, str]] = field(default_factory=list)
    excused: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    guests: list[str] = field(default_factory=list)
    detected: bool = False

    @property
    def empty(self) -> bool:
        return not (self.present or self.represented or self.excused or self.absent or self.guests)


@dataclass
class Counts:
    in_office: int | None = None
    present: int | None = None
    represented: int | None = None
    voters: int | None = None
    quorum_required: int | None = None
    quorum_reached: bool | None = None
    #: the counts heard rather than typed or counted from the form
    detected: list[str] = field(default_factory=list)
    #: disagreements between what was said and what the form or the names give (French)
    checks: list[str] = field(default_factory=list)


@dataclass
class MovementFact:
    """A member arriving or leaving during the séance, placed at an item."""

    kind: str  # "arrivee" | "depart"
    name: str
    time_ms: int
    clock: str | None = None
    #: the pouvoir given as the member leaves
    proxy: str | None = None
    #: index of the item during which it happens (None: the opening)
    item: int | None = None
    #: it changes this item's attendance (it happens before the item's vote)
    before_vote: bool = False
    #: an arrival counted for the vote from this item on (index), "à partir du point 3"
    from_item: int | None = None
    quote: str = ""
    #: start of the speaker turn it was said in (ms)
    turn_ms: int | None = None
    #: the number of that item, as said
    from_number: str | None = None
    #: said "avant de passer au point suivant"
    before_next: bool = False


@dataclass
class ItemPresence:
    present: int | None = None
    represented: int | None = None
    voters: int | None = None
    president: str = ""
    #: the président was elected for this item (compte administratif)
    president_changed: bool = False
    #: counts said aloud that disagree with the computed ones (French)
    checks: list[str] = field(default_factory=list)


# --- the opening ---------------------------------------------------------------------------------


def opening_attendance(form: MinutesForm, found: Detections, roster: Roster,
                       opening_end_ms: int) -> tuple[AttendanceFacts, Counts]:
    """Who is there at the opening, and the counts (form first, else heard before the first item)."""
    a = form.attendance
    typed = AttendanceFacts(present=list(a.present), represented=[(r.member, r.proxy) for r in a.represented],
                            excused=list(a.excused), absent=list(a.absent), guests=list(a.guests))
    heard = _heard_attendance(found, roster, opening_end_ms)
    attendance = typed if not typed.empty else heard
    counts = _counts(form, found, attendance, heard, opening_end_ms)
    return attendance, counts


def _in_opening(time_ms: int, opening_end_ms: int) -> bool:
    return time_ms < opening_end_ms


def _heard_attendance(found: Detections, roster: Roster, opening_end_ms: int) -> AttendanceFacts:
    heard = AttendanceFacts(detected=True)
    for p in found.pouvoirs:
        if not _in_opening(p.time_ms, opening_end_ms):
            continue
        member, proxy = roster.resolve(p.mandant), roster.resolve(p.mandataire)
        if all(_key(member) != _key(m) for m, _ in heard.represented):
            heard.represented.append((display(member), display(proxy)))
    represented = {_key(m) for m, _ in heard.represented}
    for p in found.presences:
        if not _in_opening(p.time_ms, opening_end_ms):
            continue
        name = display(roster.resolve(p.name))
        target = {"present": heard.present, "excuse": heard.excused, "absent": heard.absent}[p.status]
        if _key(name) not in represented and all(_key(name) != _key(n) for n in target):
            target.append(name)
    return heard


def _counts(form: MinutesForm, found: Detections, attendance: AttendanceFacts, heard: AttendanceFacts,
            opening_end_ms: int) -> Counts:
    c = Counts()
    said = {}
    for counter in found.counters:
        if _in_opening(counter.time_ms, opening_end_ms) and counter.name not in said:
            said[counter.name] = counter.value
    c.in_office = form.members_in_office
    if c.in_office is None and "en_exercice" in said:
        c.in_office = said["en_exercice"]
        c.detected.append("in_office")
    if not attendance.detected and attendance.present:
        c.present = len(attendance.present)
        c.represented = len(attendance.represented)
        if "presents" in said and said["presents"] != c.present:
            c.checks.append(f"{said['presents']} présents annoncés en séance, {c.present} selon le formulaire")
    else:
        c.present = said.get("presents")
        if c.present is None and heard.present and _listed(found, opening_end_ms):
            c.present = len(heard.present)
        if c.present is not None:
            c.detected.append("present")
        said_represented = said.get("representes")
        if said_represented is None and "votants" in said and c.present is not None:
            said_represented = said["votants"] - c.present
        if attendance.represented and (said_represented is None or said_represented <= len(attendance.represented)):
            c.represented = len(attendance.represented)
        elif attendance.represented and said_represented > len(attendance.represented):
            # "2 pouvoirs" said, one heard by name: the président's count wins (a name was missed)
            c.represented = said_represented
            c.checks.append(f"{said_represented} pouvoirs annoncés en séance, {len(attendance.represented)} "
                            "relevés par leur nom")
        elif "representes" in said:
            c.represented = said["representes"]
        elif "votants" in said and c.present is not None:
            c.represented = said["votants"] - c.present
        if c.represented is not None:
            c.detected.append("represented")
    if c.present is not None and c.represented is not None:
        c.voters = c.present + c.represented
        if "votants" in said and said["votants"] != c.voters:
            c.checks.append(f"{said['votants']} votants annoncés en séance, {c.voters} selon les présents et "
                            "les pouvoirs")
    elif "votants" in said:
        c.voters = said["votants"]
        c.detected.append("voters")
    if c.in_office:
        c.quorum_required = c.in_office // 2 + 1
    if form.quorum_reached is not None:
        c.quorum_reached = form.quorum_reached
    elif c.present is not None and c.quorum_required is not None:
        c.quorum_reached = c.present >= c.quorum_required
    elif found.quorum:
        c.quorum_reached = found.quorum[0].reached
        c.detected.append("quorum_reached")
    return c


def _listed(found: Detections, opening_end_ms: int) -> bool:
    """A full list of the présents was read (a roll call, "sont présents : …")."""
    return sum(1 for p in found.presences if p.status == "present" and p.time_ms < opening_end_ms) >= 2


def _pouvoirs_said(found: Detections, opening_end_ms: int) -> bool:
    return any(p.time_ms < opening_end_ms for p in found.pouvoirs)


def _key(name: str) -> str:
    return " ".join(name_words(name))


# --- movements ---------------------------------------------------------------------------------------


def movements(found: Detections, roster: Roster, timeline: Timeline, attendance: AttendanceFacts,
              vote_times: dict[int, list[int]]) -> list[MovementFact]:
    """The arrivals and departures of the séance, one per event (said twice, counted once)."""
    opening_end = timeline.opening_end_ms
    raw: list[Movement] = [m for m in found.movements if m.time_ms >= opening_end or m.kind == "arrivee"]
    for p in found.pouvoirs:  # a pouvoir given during the séance: its mandant leaves
        if p.time_ms >= opening_end:
            raw.append(Movement(time_ms=p.time_ms, quote=p.quote, kind="depart", name=p.mandant,
                                proxy=p.mandataire, turn_ms=p.turn_ms, before_next=p.before_next))
    raw.sort(key=lambda m: m.time_ms)
    present_keys = {_key(n) for n in attendance.present}
    out: list[MovementFact] = []
    away: dict[str, MovementFact] = {}  # who left (key -> the departure)
    arrived: dict[str, MovementFact] = {}
    for m in raw:
        person = roster.find_trimmed(m.name)
        if person is None and (len(m.name.split()) < 2 or m.name.lower().startswith(("le ", "la "))):
            continue  # "Jamais", "le Maire" with no known maire: not a person we can count
        name = person.name if person else display(m.name)
        key = _key(name)
        proxy = display(roster.resolve(m.proxy)) if m.proxy else None
        if m.kind == "depart":
            previous = away.get(key)
            if previous is not None:
                if m.time_ms - previous.time_ms <= SAME_MOVEMENT_MS:
                    previous.proxy = previous.proxy or proxy
                    previous.clock = previous.clock or m.clock
                    if m.before_next and not previous.before_next:
                        # "je dois partir" then "avant de passer au point suivant, M. X nous quitte"
                        previous.before_next = True
                        previous.time_ms, previous.turn_ms = m.time_ms, m.turn_ms
                continue
            fact = MovementFact("depart", name, m.time_ms, m.clock, proxy, quote=m.quote, turn_ms=m.turn_ms,
                                before_next=m.before_next)
            away[key] = fact
            arrived.pop(key, None)
            out.append(fact)
        else:
            if key in away:
                fact = MovementFact("arrivee", name, m.time_ms, m.clock, quote=m.quote, turn_ms=m.turn_ms)
                del away[key]
                arrived[key] = fact
                out.append(fact)
            elif m.returning:
                continue
            elif key in arrived:
                fact = arrived[key]
                if m.time_ms - fact.time_ms <= SAME_MOVEMENT_MS:
                    fact.clock = fact.clock or m.clock
                    if m.from_item:
                        fact.from_item = _item_index(timeline, m.from_item)
                        fact.from_number = m.from_item
            elif key not in present_keys or not attendance.present:
                if m.time_ms < opening_end and not m.from_item and not m.clock:
                    continue  # "M. X arrive" at the opening: counted in the opening
                fact = MovementFact("arrivee", name, m.time_ms, m.clock, quote=m.quote, turn_ms=m.turn_ms,
                                    from_item=_item_index(timeline, m.from_item) if m.from_item else None,
                                    from_number=m.from_item)
                arrived[key] = fact
                out.append(fact)
    for fact in out:
        _place(fact, timeline, vote_times)
    return out


def _item_index(timeline: Timeline, number: str) -> int | None:
    for k, item in enumerate(timeline.items):
        if item.number and (item.number.lstrip("0") or "0") == (number.lstrip("0") or "0"):
            return k
    return None


#: "avant de passer au point suivant, M. X nous quitte": the next item is announced within this time
NEXT_ITEM_MS = 60_000


def _place(fact: MovementFact, timeline: Timeline, vote_times: dict[int, list[int]]) -> None:
    k = timeline.index_at(fact.time_ms)
    # said in the turn that then announces the next item ("deux collègues doivent nous quitter…
    # nous passons au point 5"): it belongs to that next item, before its vote
    nxt = next((j for j, it in enumerate(timeline.items) if it.start_ms is not None and it.start_ms > fact.time_ms),
               None)
    mention = timeline.items[nxt].mention if nxt is not None else None
    if mention is not None and fact.turn_ms is not None and fact.before_next and (
            mention.turn_ms == fact.turn_ms
            # or said just before the next item's announcement, after the current item's votes
            or (mention.turn_ms is not None and 0 <= mention.turn_ms - fact.time_ms <= NEXT_ITEM_MS
                and not any(t > fact.time_ms for t in vote_times.get(k, []) if k is not None))):
        k = nxt
    fact.item = k
    votes = vote_times.get(k, []) if k is not None else []
    fact.before_vote = k is None or not votes or fact.time_ms < votes[0]


# --- each item's attendance ---------------------------------------------------------------------------


def item_presence(counts: Counts, attendance: AttendanceFacts, moves: list[MovementFact],
                  timeline: Timeline, vote_times: dict[int, list[int]], president: str,
                  chair_changes: dict[int, str], said_counts: list[tuple[int, str, int]]) -> list[ItemPresence]:
    """Présents, représentés, votants and président de séance at each item's vote (or end)."""
    out: list[ItemPresence] = []
    reference = timeline.opening_end_ms
    for k, item in enumerate(timeline.items):
        if vote_times.get(k):
            reference = vote_times[k][0]
        elif item.end_ms is not None:
            reference = item.end_ms - 1
            # "avant de passer au point suivant, M. X nous quitte": this item ended before that turn
            for m in moves:
                start = m.turn_ms if m.turn_ms is not None else m.time_ms
                if m.before_next and m.item is not None and m.item > k and item.start_ms is not None \
                        and item.start_ms < start <= reference:
                    reference = start - 1
        present, represented = _state_at(counts, attendance, moves, timeline, k, reference)
        voters = present + represented if present is not None and represented is not None else None
        chair = chair_changes.get(k)
        presence = ItemPresence(present, represented, voters, chair or president, bool(chair))
        for time_ms, name, value in said_counts:
            if timeline.index_at(time_ms) == k:
                ours = present if name == "presents" else voters if name == "votants" else None
                if ours is not None and ours != value:
                    label = "présents" if name == "presents" else "votants"
                    presence.checks.append(f"{value} {label} annoncés en séance, {ours} selon les présences")
        presence.present, presence.represented, presence.voters = _as_said(
            present, represented, voters, said_counts, reference, counts, attendance, moves, timeline)
        out.append(presence)
    return out


def _as_said(present: int | None, represented: int | None, voters: int | None,
             said: list[tuple[int, str, int]], reference: int, counts: Counts, attendance: AttendanceFacts,
             moves: list[MovementFact], timeline: Timeline) -> tuple[int | None, int | None, int | None]:
    """The counts corrected by the last ones the président said before ``reference`` ("nous ne
    sommes plus que 11 présents et 13 votants"): what he counted in the room wins over movements
    the recording may have missed (the difference stays shown « À vérifier »)."""
    last: dict[str, tuple[int, int]] = {}
    for time_ms, name, value in said:
        if time_ms < reference:
            last[name] = (time_ms, value)
    if not last:
        return present, represented, voters
    deltas: dict[str, int] = {}
    for name, (time_ms, value) in last.items():
        k = timeline.index_at(time_ms)
        p, r = _state_at(counts, attendance, moves, timeline, k if k is not None else 0, time_ms)
        ours = p if name == "presents" else (p + r if p is not None and r is not None else None)
        if ours is not None and ours != value:
            deltas[name] = value - ours
    if not deltas:
        return present, represented, voters
    if "presents" in deltas and present is not None:
        present += deltas["presents"]
    if "votants" in deltas and voters is not None:
        voters += deltas["votants"]
    elif present is not None and represented is not None:
        voters = present + represented
    represented = voters - present if present is not None and voters is not None else None
    return present, represented, voters


def _state_at(counts: Counts, attendance: AttendanceFacts, moves: list[MovementFact], timeline: Timeline,
              k: int, reference: int) -> tuple[int | None, int | None]:
    present = counts.present
    represented = {_key(m): p for m, p in attendance.represented} if attendance.represented else {}
    rep_known = counts.represented is not None
    if rep_known and len(represented) != counts.represented:
        rep_count_offset = counts.represented - len(represented)
    else:
        rep_count_offset = 0
    suspended: dict[str, str] = {}
    for m in moves:
        effective = m.time_ms < reference
        if m.kind == "arrivee" and m.from_item is not None:
            effective = k >= m.from_item
        if not effective:
            continue
        key = _key(m.name)
        if m.kind == "depart":
            present = None if present is None else present - 1
            for member, proxy in list(represented.items()):
                if _key(proxy) == key:
                    suspended[member] = represented.pop(member)
            if m.proxy:
                represented[key] = m.proxy
        else:
            present = None if present is None else present + 1
            represented.pop(key, None)
            for member, proxy in list(suspended.items()):
                if _key(proxy) == key:
                    represented[member] = suspended.pop(member)
    rep = len(represented) + rep_count_offset if rep_known else None
    return present, rep


def said_counts(found: Detections, opening_end_ms: int) -> list[tuple[int, str, int]]:
    """Counts said during the séance ("nous sommes donc 20 présents et 22 votants")."""
    return [(c.time_ms, c.name, c.value) for c in found.counters
            if c.time_ms >= opening_end_ms and c.name in ("presents", "votants")
            and not re.search(r"\bvoix\b", c.quote.lower())]
