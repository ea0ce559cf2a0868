"""The séance read as a whole: timeline, attendance, votes, item kinds, previous PV.

:func:`analyse` runs the detectors once (:mod:`.detect`), places the ordre du jour in time
(:mod:`.timeline`), follows the attendance (:mod:`.attendance`), reads each item's votes
(:mod:`.vote_reader`) and completes them from the votants of that item (:mod:`.tally`). The
result, an :class:`Analysis`, holds every fact of the minutes; ``context.py`` turns it into what a
document shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..model import Meeting
from ..timefmt import parse_date
from .attendance import (
    AttendanceFacts,
    Counts,
    ItemPresence,
    MovementFact,
    item_presence,
    movements,
    opening_attendance,
    said_counts,
)
from .codir import read_actions, read_decisions
from .dates import CLOCK_RE, MONTH_RE, clock_from_match
from .detect import detect_units
from .facts import Action, Decision, Detections
from .form import MinutesForm
from .people import Roster, display
from .sentences import Sentence, sentences_between
from .tally import complete
from .text import Unit, fold, meeting_units
from .timeline import Timeline, TimelineItem, build_timeline, is_questions_diverses
from .vote_reader import read_votes
from .vote_record import VoteReading

_MONTHS = ("janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre",
           "novembre", "decembre")


@dataclass
class ItemFacts:
    """One item of the ordre du jour with everything that happened during it."""

    item: TimelineItem
    kind: str | None = None  # deliberation, information, debat, prise_d_acte, election,
    #                          questions_diverses, retire, ajourne, point (CODIR)
    presence: ItemPresence = field(default_factory=ItemPresence)
    votes: list[VoteReading] = field(default_factory=list)
    movements: list[MovementFact] = field(default_factory=list)
    #: a CODIR's decisions and actions said during the item
    decisions: list[Decision] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)


@dataclass
class PreviousPV:
    status: str  # "approuvé" | "rejeté" | "reporté"
    date: str = ""  # as said ("5 février") or ISO when the séance's date resolves it
    vote: VoteReading | None = None
    time_ms: int = 0


@dataclass
class Analysis:
    meeting: Meeting
    form: MinutesForm
    codir: bool
    units: list[Unit]
    found: Detections
    roster: Roster
    timeline: Timeline
    attendance: AttendanceFacts
    counts: Counts
    president: str
    president_detected: bool
    items: list[ItemFacts]
    movements: list[MovementFact]
    opening_votes: list[VoteReading]
    previous_pv: PreviousPV | None
    secretaries: list[str]
    secretaries_detected: bool
    opening_clock: str | None
    closing_clock: str | None
    opening_decisions: list[Decision] = field(default_factory=list)
    opening_actions: list[Action] = field(default_factory=list)

    def sentences(self, start_ms: int, end_ms: int) -> list[Sentence]:
        return sentences_between(self.units, start_ms, end_ms, self.speaker_name)

    def speaker_name(self, speaker_id: str | None) -> str:
        name = self.meeting.speaker_label(speaker_id) if speaker_id else ""
        return "" if not name or name.startswith("Intervenant") else name


def analyse(meeting: Meeting, form: MinutesForm | None = None) -> Analysis:
    form = form if form is not None else MinutesForm.from_dict(meeting.form)
    codir = form.resolved_kind(meeting) == "cr" or meeting.kind == "codir"
    units = meeting_units(meeting)
    found = detect_units(units, reference=parse_date(meeting.date), speaker_label=meeting.speaker_label)
    from .agenda import marker_mentions

    found.agenda = sorted(marker_mentions(meeting.markers) + found.agenda, key=lambda a: a.time_ms)
    end_ms = max([meeting.duration_ms] + [u.end_ms for u in units])
    timeline = build_timeline(form, found.agenda, end_ms)
    roster = _roster(meeting, form, found, timeline.opening_end_ms)

    def speaker_name(speaker_id: str | None) -> str:
        name = meeting.speaker_label(speaker_id) if speaker_id else ""
        return "" if not name or name.startswith("Intervenant") else name

    president, president_detected = _president(form, found, units, speaker_name, codir)
    if president:
        person = roster.add(president)
        if person is not None and not codir and not person.roles:
            person.roles.add("maire")
    attendance, counts = opening_attendance(form, found, roster, timeline.opening_end_ms)
    for name in attendance.present:
        roster.add(name)

    # votes, first as read (their times place the movements), then completed from the votants
    item_votes: list[list[VoteReading]] = []
    for item in timeline.items:
        if item.start_ms is None or codir:
            item_votes.append([])
            continue
        item_votes.append(read_votes(sentences_between(units, item.start_ms, item.end_ms, speaker_name), roster,
                                     president))
    opening_votes = [] if codir else read_votes(sentences_between(units, 0, timeline.opening_end_ms, speaker_name),
                                                roster, president)
    vote_times = {k: [v.time_ms for v in vs] for k, vs in enumerate(item_votes) if vs}
    moves = movements(found, roster, timeline, attendance, vote_times) if not codir else []
    chairs = _chair_changes(found, roster, timeline)
    presence = item_presence(counts, attendance, moves, timeline, vote_times, president, chairs,
                             said_counts(found, timeline.opening_end_ms))
    decisions: list[Decision] = []
    actions: list[Action] = []
    if codir:
        everything = sentences_between(units, 0, end_ms + 1, speaker_name)
        nxt = next((parse_date(n.date) for n in found.next_meeting if n.date), None)
        decisions = read_decisions(everything)
        chair = roster.find(president) if president else None
        chair_id = chair.speaker_id if chair else (everything[0].speaker_id if everything else None)
        actions = read_actions(everything, roster, parse_date(meeting.date), nxt, chair_id)
    items = []
    for k, (item, votes) in enumerate(zip(timeline.items, item_votes)):
        facts = ItemFacts(item, presence=presence[k], votes=votes, movements=[m for m in moves if m.item == k])
        for v in votes:
            _left_room(v, facts.movements, moves)
            complete(v, presence[k].voters)
        text = " ".join(x.folded for x in sentences_between(units, item.start_ms, item.end_ms, speaker_name)) \
            if item.start_ms is not None and not votes else ""
        facts.kind = _item_kind(facts, found, codir, text)
        if codir:
            facts.decisions = [d for d in decisions if item.holds(d.time_ms)]
            facts.actions = [x for x in actions if item.holds(x.time_ms)]
        items.append(facts)
    for v in opening_votes:
        complete(v, counts.voters)
    previous = _previous_pv(opening_votes, units, timeline, meeting)
    secretaries, sec_detected = _secretaries(form, found, roster, timeline.opening_end_ms)
    opening_end = timeline.opening_end_ms
    return Analysis(
        opening_decisions=[d for d in decisions if d.time_ms < opening_end],
        opening_actions=[x for x in actions if x.time_ms < opening_end],
        meeting=meeting, form=form, codir=codir, units=units, found=found, roster=roster, timeline=timeline,
        attendance=attendance, counts=counts, president=president, president_detected=president_detected,
        items=items, movements=moves, opening_votes=opening_votes, previous_pv=previous,
        secretaries=secretaries, secretaries_detected=sec_detected,
        opening_clock=_clock(found, "ouverture") or _opening_hour(units, opening_end), closing_clock=_clock(found, "levee"),
    )


# --- people ---------------------------------------------------------------------------------------


def _roster(meeting: Meeting, form: MinutesForm, found: Detections, opening_end_ms: int) -> Roster:
    roster = Roster()
    a = form.attendance
    for name in [*a.present, *a.excused, *a.absent, *a.guests, *form.secretaries]:
        roster.add(name)
    for r in a.represented:
        roster.add(r.member)
        roster.add(r.proxy)
    if form.president:
        roster.add(form.president)
    for item in form.items:
        if item.rapporteur:
            roster.add(item.rapporteur)
    for s in meeting.speakers:
        if s.name and not s.label.startswith("Intervenant"):
            roster.add(s.name, speaker_id=s.id)
    for p in found.presences:
        if p.time_ms < opening_end_ms and len(p.name.split()) >= 2:
            roster.add(p.name, heard=True)
    for p in found.pouvoirs:
        if len(p.mandant.split()) >= 2:
            roster.add(p.mandant, heard=True)
    return roster


def _president(form: MinutesForm, found: Detections, units: list[Unit], speaker_name, codir: bool) -> tuple[str, bool]:
    """The président de séance: the form's, else (a conseil) whoever opens the séance."""
    if form.president:
        return form.president, False
    if codir:
        return "", False
    opening = next((c for c in found.clock if c.kind == "ouverture"), None)
    if opening is not None:
        unit = next((u for u in units if u.start_ms <= opening.time_ms <= u.end_ms), None)
        if unit is not None and speaker_name(unit.speaker):
            return speaker_name(unit.speaker), True
    # no opening said: whoever declares the quorum reached at the opening ("Le quorum est atteint"),
    # else whoever puts the first question to the vote ("Je mets aux voix")
    quorum = next((q for q in found.quorum if q.reached and q.time_ms < 15 * 60_000), None)
    if quorum is not None:
        unit = next((u for u in units if u.start_ms <= quorum.time_ms <= u.end_ms), None)
        if unit is not None and speaker_name(unit.speaker):
            return speaker_name(unit.speaker), True
    call = next((u for u in units if _PUT_TO_VOTE.search(u.folded)), None)
    if call is not None and speaker_name(call.speaker):
        return speaker_name(call.speaker), True
    return "", False


_PUT_TO_VOTE = re.compile(r"\bje\s+(?:vous\s+)?(?:mets|soumets)\s+(?:[^.?!]{0,60}?\s)?aux\s+voix\b")


def _chair_changes(found: Detections, roster: Roster, timeline: Timeline) -> dict[int, str]:
    out = {}
    for p in found.people:
        if p.kind == "president":
            k = timeline.index_at(p.time_ms)
            if k is not None:
                out[k] = roster.resolve(display(p.name))
    return out


def _secretaries(form: MinutesForm, found: Detections, roster: Roster, opening_end_ms: int) -> tuple[list[str], bool]:
    if form.secretaries:
        return list(form.secretaries), False
    seen: list[str] = []
    for p in found.people:
        if p.kind == "secretaire" and p.time_ms < opening_end_ms + 60_000:
            name = roster.resolve(display(p.name))
            if name not in seen:
                seen.append(name)
    return seen, bool(seen)


def _left_room(vote: VoteReading, item_moves: list[MovementFact], all_moves: list[MovementFact]) -> None:
    """Those who left the room for this vote and came back after it (an intéressé, the maire
    during the compte administratif)."""
    for m in item_moves:
        if m.kind != "depart" or m.time_ms >= vote.time_ms:
            continue
        back = next((r for r in all_moves if r.kind == "arrivee" and r.name == m.name and r.time_ms > vote.time_ms),
                    None)
        interested = re.search(r"\binteress|\bne\s+prend\w*\s+pas\s+part|\bpour\s+le\s+vote", fold(m.quote))
        if (back is not None and back.time_ms - vote.time_ms < 600_000) or interested:
            vote.add_name("left_room", m.name)
    vote.names["npv"] = [n for n in vote.names["npv"] if not any(_same_person(n, x) for x in vote.names["left_room"])]


def _same_person(a: str, b: str) -> bool:
    from .people import name_words

    wa, wb = set(name_words(a)), set(name_words(b))
    return bool(wa) and bool(wb) and (wa <= wb or wb <= wa)


# --- item kinds ---------------------------------------------------------------------------------------

_PRISE_ACTE = re.compile(r"\bprend(?:s|ra)?\s+acte\b|\bprise\s+d'acte\b|\b(?:donne|donner)\s+acte\b"
                         r"|\b(?:conseil|assemblee)\s+(?:municipal\s+|communautaire\s+)?prend\s+connaissance\b")
_NO_VOTE = re.compile(r"\bpas\s+(?:de|lieu\s+a)\s+(?:1\s+)?vote\b|\bne\s+donne(?:nt)?\s+pas\s+lieu\s+a\s+(?:1\s+)?vote"
                      # « ce rapport n'est pas soumis au vote », « ne fait pas l'objet d'un vote », « sans vote »
                      r"|\b(?:n'est|ne\s+sont|n'a|n'ont)\s+pas\s+(?:a\s+etre\s+)?soumise?s?\s+(?:au|a\s+un|a)\s+vote\b"
                      r"|\bne\s+fai(?:t|sant)\s+pas\s+l'objet\s+d'(?:un|1)\s+vote\b|\bsans\s+vote\b")
#: "ce point est une simple information", "il s'agit d'une information"
_INFORMATION_SAID = re.compile(r"\b(?:ce\s+point\s+est|c'est|il\s+s'agit\s+d')\s*(?:une\s+|d'une\s+|1\s+)?"
                               r"(?:simple\s+)?(?:information|point\s+d'information)\b")
_DEBATE = re.compile(r"\bdebat\b|\bdob\b|\brob\b|\brapport\s+d'orientation|\borientations?\s+budgetaires?\b")
_INFORMATION = re.compile(r"^\s*(?:1\s+|une\s+)?(?:information|communication|point\s+d'information|point\s+d'etape)s?\b"
                          r"|\bpour\s+information\b|\b(?:1|une)\s+information\b")
_DELEGATION = re.compile(r"\bdelegation\b|\bl\.?\s*2122-2[23]\b|\bdecisions?\s+(?:du\s+maire|du\s+president|prises)")
_POSTPONED = re.compile(r"\b(?:est|sera|a\s+ete|sont)\s+(?:donc\s+)?(?:ajourne|reporte|renvoye|differe)e?s?\b"
                        r"|\bajournement\b"
                        r"|\b(?:je\s+reporte|nous\s+reportons|on\s+reporte|j'ajourne|nous\s+ajournons|on\s+ajourne)\s+"
                        r"(?:donc\s+)?(?:ce\s+point|ce\s+dossier|cette\s+deliberation|l'examen)")
#: an item withdrawn while it is examined: "je retire ce point de l'ordre du jour"
_WITHDRAWN = re.compile(r"\b(?:je\s+retire|nous\s+retirons|on\s+retire)\s+(?:donc\s+)?(?:ce\s+point|ce\s+dossier|"
                        r"cette\s+deliberation)|\b(?:ce|le)\s+(?:point|dossier)\s+(?:est|sera)\s+(?:donc\s+)?retire\b")


def _item_kind(facts: ItemFacts, found: Detections, codir: bool, text: str) -> str | None:
    item = facts.item
    title = fold(item.title or "")
    if item.special == "questions_diverses" or is_questions_diverses(item.title):
        return "questions_diverses"
    if any(e.kind == "retire" and e.number and item.number and _num(e.number) == _num(item.number)
           for e in found.item_events):
        return "retire"
    if codir:
        return "point"
    if any(v.ballot is not None for v in facts.votes):
        return "election"
    if facts.votes:
        return "deliberation"
    if item.start_ms is None:
        return None
    said = fold(item.mention.quote) if item.mention is not None else ""
    if _WITHDRAWN.search(text):
        return "retire"
    if any(e.kind == "ajourne" and item.holds(e.time_ms) for e in found.item_events) or _POSTPONED.search(text):
        return "ajourne"
    if _DELEGATION.search(title) or _DELEGATION.search(said):
        return "prise_d_acte"
    if _DEBATE.search(title) or _DEBATE.search(said):
        return "debat"
    if _INFORMATION.search(title) or _INFORMATION.search(said):
        return "information"
    if _PRISE_ACTE.search(text):
        return "prise_d_acte"
    if _INFORMATION_SAID.search(text):
        return "information"
    if _NO_VOTE.search(text):
        return "prise_d_acte"
    return None


def _num(n: str) -> str:
    return n.strip().lstrip("0") or "0"


# --- the previous PV ------------------------------------------------------------------------------

_PV_POSTPONED = re.compile(
    r"\b(?:approbation|adoption)\s+du\s+(?:proces-verbal|pv)\b[^.]{0,80}?\b(?:reportee?|ajournee?|renvoyee?|"
    r"(?:a|lors\s+de)\s+la\s+prochaine\s+seance)"
    r"|\b(?:proces-verbal|pv)\b[^.]{0,60}?\b(?:sera|est)\s+(?:soumis|presente|approuve)\s+(?:a|lors\s+de)\s+la\s+"
    r"prochaine\s+seance"
)


_PV_LATER = re.compile(
    r"\b(?:son|leur|l')\s*(?:approbation|adoption)\s+(?:est|sera)\s+(?:donc\s+)?(?:reportee|ajournee|renvoyee|differee)"
    r"|\b(?:nous\s+l'|on\s+l'|vous\s+l')(?:approuverons|approuvera|approuverez|adopterons|examinerons)\s+"
    r"(?:donc\s+)?(?:a|lors\s+de)\s+la\s+prochaine\s+seance"
)


def _previous_pv(opening_votes: list[VoteReading], units: list[Unit], timeline: Timeline,
                 meeting: Meeting) -> PreviousPV | None:
    for v in opening_votes:
        if v.subject == "pv":
            status = "approuvé" if v.result == "adopté" else "rejeté" if v.result == "rejeté" else "approuvé"
            return PreviousPV(status, _pv_date(v.subject_detail, meeting.date), v, v.time_ms)
    for u in units:
        if u.start_ms >= timeline.opening_end_ms + 60_000:
            break
        m = _PV_POSTPONED.search(u.folded)
        if m is None and re.search(r"\b(?:proces-verbal|pv)\b", u.folded):
            m = _PV_LATER.search(u.folded)  # "Le PV du 3 mars … Son approbation est reportée à la prochaine séance."
        if m:
            d = re.search(r"\bdu\s+(\d{1,2}(?:er)?\s+(?:" + MONTH_RE + r")(?:\s+\d{4})?)", u.folded)
            said = u.text[d.start(1):d.end(1)] if d else ""
            return PreviousPV("reporté", _pv_date(said, meeting.date), None, u.time_at(m.start()))
    return None


def _pv_date(said: str, meeting_date: str) -> str:
    """"5 février" said at a séance of 26 March 2026 -> "2026-02-05" (the last such date before)."""
    m = re.match(r"(\d{1,2})(?:er)?\s+([a-z]+)(?:\s+(\d{4}))?", fold(said or ""))
    ref = parse_date(meeting_date or "")
    if not m or m.group(2) not in _MONTHS:
        return said
    day, month = int(m.group(1)), _MONTHS.index(m.group(2)) + 1
    try:
        if m.group(3):
            return date(int(m.group(3)), month, day).isoformat()
        if ref is None:
            return said
        d = date(ref.year, month, day)
        if d >= ref:
            d = date(ref.year - 1, month, day)
        return d.isoformat()
    except ValueError:
        return said


_IT_IS_AT_OPENING = re.compile(r"\bil\s+est\s+(?:exactement\s+|donc\s+)?" + CLOCK_RE)


def _opening_hour(units: list[Unit], opening_end_ms: int) -> str | None:
    """"Mesdames, messieurs, bonsoir. Il est 20h35. Pour les pouvoirs…" with no « séance ouverte »:
    the hour the président says at the start of the first turn of the séance (its first 80 characters)."""
    first = next((u for u in units if u.start_ms < opening_end_ms), None)
    if first is None:
        return None
    m = _IT_IS_AT_OPENING.search(first.folded, 0, 80)
    return clock_from_match(m.group(1), m.group(2)) if m else None


def _clock(found: Detections, kind: str) -> str | None:
    return next((c.clock for c in found.clock if c.kind == kind and c.clock), None)


def posting_date(seance_iso: str) -> str:
    """The liste des délibérations is posted within a week (L2121-25): the séance + 7 days."""
    d = parse_date(seance_iso or "")
    return (d + timedelta(days=7)).isoformat() if d else ""
