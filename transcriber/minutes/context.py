"""The facts of a minutes document, before any rendering.

:func:`build_context` merges three sources, in this order of trust: the form (typed by a person),
the detections (heard in the recording, flagged ``detected``), and nothing (a placeholder
"[à compléter]" and an entry in ``missing``). It cuts the transcript into one section per agenda
item, condenses each speaker turn to its first sentence(s), and puts every vote, decision, action
and event in the section where it was said. Rendering (``docx.py``) only lays these facts out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from ..model import Meeting, Segment
from ..timefmt import french_clock, french_date, parse_date
from .attendance import AttendanceFacts, Counts, attendance_facts, count_facts
from .detect import detect
from .facts import (
    Action,
    AgendaMention,
    ClockEvent,
    Decision,
    Detections,
    GroupVote,
    ItemEvent,
    Movement,
    Vote,
)
from .form import AgendaItem, MinutesForm, VoteForm
from .kinds import DOC_KINDS
from .outcome import (
    PLACEHOLDER,
    counters_line,
    deliberation_result,
    quorum_sentence,
    vote_cells,
    vote_notes,
    vote_result_sentence,
)
from .text import fold
from .turns import Line, VerbatimTurn, condense, condensed_lines, verbatim_turns

__all__ = ["PLACEHOLDER", "DOC_KINDS", "AttendanceFacts", "Counts", "Line", "VerbatimTurn", "condense",
           "MinutesContext", "Section", "VoteLine", "build_context"]

_DEFAULT_BODY = {"pv": "conseil municipal", "deliberations": "conseil municipal", "cr": "comité de direction"}


@dataclass
class VoteLine:
    """A vote for the document: from the form (``detected`` False) or heard."""

    pour: int | None = None
    contre: int | None = None
    abstentions: int | None = None
    npv: int | None = None
    npv_names: list[str] = field(default_factory=list)
    left_room: list[str] = field(default_factory=list)
    result: str | None = None
    unanimous: bool = False
    majority: bool = False
    scrutin: str | None = None
    nominal: list[str] = field(default_factory=list)
    groups: list[GroupVote] = field(default_factory=list)
    detected: bool = False
    #: counts computed from the number of voters (to check), e.g. ["pour"]
    derived: list[str] = field(default_factory=list)
    #: counts set to 0 by a rule, e.g. "contre" after "adopté à l'unanimité"
    implicit: list[str] = field(default_factory=list)
    time_ms: int | None = None
    quote: str = ""
    subject: str | None = None
    subject_detail: str = ""

    @property
    def sentence(self) -> str:
        """"Adopté à la majorité." and the like (``outcome.vote_result_sentence``)."""
        return vote_result_sentence(self)

    @property
    def cells(self) -> list[str]:
        return vote_cells(self)

    @property
    def notes(self) -> list[str]:
        return vote_notes(self)


@dataclass
class Section:
    """One agenda item (or the opening of the séance) and everything said during it."""

    number: str | None
    title: str
    rapporteur: str = ""
    deliberation: str = ""
    notes: str = ""
    start_ms: int | None = None
    end_ms: int | None = None
    #: "form", "marker", "speech" or "opening"
    source: str = "form"
    title_detected: bool = False
    rapporteur_detected: bool = False
    deliberation_detected: bool = False
    special: str | None = None
    lines: list[Line] = field(default_factory=list)
    verbatim: list[VerbatimTurn] = field(default_factory=list)
    votes: list[VoteLine] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    events: list[ItemEvent] = field(default_factory=list)
    movements: list[Movement] = field(default_factory=list)
    pauses: list[ClockEvent] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"Point n° {self.number} – {self.title}" if self.number else self.title

    @property
    def withdrawn(self) -> bool:
        return any(e.kind == "retire" for e in self.events)

    @property
    def result(self) -> str:
        """The item's result in the liste des délibérations ("Adoptée", "Ajournée"…)."""
        return deliberation_result(self)


@dataclass
class NextMeetingFacts:
    date_text: str = ""
    time: str = ""
    place: str = ""
    detected: bool = False


@dataclass
class MinutesContext:
    kind: str
    meeting_title: str
    collectivite: str
    body: str
    date_iso: str
    date_text: str
    time: str
    end_time: str
    place: str
    convocation_date_text: str
    president: str
    secretaries: list[str]
    secretaries_detected: bool
    author: str
    distribution: str
    attendance: AttendanceFacts
    counts: Counts
    opening: Section
    sections: list[Section]
    prev_pv: VoteLine | None
    decisions: list[Decision]
    actions: list[Action]
    next_meeting: NextMeetingFacts | None
    verbatim: list[VerbatimTurn]
    duration_ms: int
    time_detected: bool = False
    end_time_detected: bool = False
    #: the fields shown as "[à compléter]", in French
    missing: list[str] = field(default_factory=list)

    @property
    def counters_text(self) -> str:
        return counters_line(self.counts)

    @property
    def quorum_text(self) -> str:
        return quorum_sentence(self.counts, self.body)

    @property
    def deliberations(self) -> list[Section]:
        """Items to list under L2121-25: those with a délibération number or a vote."""
        chosen = [s for s in self.sections if s.deliberation or s.votes]
        return chosen or [s for s in self.sections if not s.special]


# --- entry point -----------------------------------------------------------------------------


def build_context(meeting: Meeting, form: MinutesForm | None = None, kind: str | None = None,
                  detections: Detections | None = None) -> MinutesContext:
    """The facts of the document of ``kind`` ("pv", "cr", "verbatim", "deliberations")."""
    form = form if form is not None else MinutesForm.from_dict(meeting.form)
    kind = kind or form.resolved_kind(meeting)
    if kind not in DOC_KINDS:
        raise ValueError(f"unknown document kind {kind!r}")
    found = detections if detections is not None else detect(meeting)
    missing: list[str] = []

    def need(value: str, label: str, kinds: tuple[str, ...] = DOC_KINDS) -> str:
        if value:
            return value
        if kind in kinds:
            missing.append(label)
        return PLACEHOLDER

    segments = sorted((s for s in meeting.segments if s.words), key=lambda s: s.start_ms)
    end_ms = max([meeting.duration_ms] + [s.end_ms for s in segments]) if segments else meeting.duration_ms
    attendance = attendance_facts(form, found)
    counts = count_facts(form, found, attendance)
    sections, opening = _sections(meeting, form, found, segments, end_ms, counts)
    if kind == "cr":
        opening.title = opening.title.replace("de la séance", "de la réunion")

    opening_clock = _first_clock(found, "ouverture")
    closing_clock = _first_clock(found, "levee")
    secretaries = list(form.secretaries) or found.secretaries()
    if not secretaries and kind == "pv":
        missing.append("secrétaire de séance")
    if attendance.empty and kind in ("pv", "cr"):
        missing.append("présences")
    if counts.in_office is None and kind == "pv":
        missing.append("membres en exercice")
    date_iso = form.date or (parse_date(meeting.date).isoformat() if parse_date(meeting.date) else "")
    return MinutesContext(
        kind=kind,
        meeting_title=meeting.title,
        collectivite=need(form.collectivite, "collectivité"),
        body=form.body or _DEFAULT_BODY.get(kind, "réunion"),
        date_iso=date_iso,
        date_text=need(french_date(date_iso), "date de la séance"),
        time=need(french_clock(form.time or opening_clock or ""), "heure d'ouverture", ("pv", "cr")),
        end_time=need(french_clock(form.end_time or closing_clock or ""), "heure de levée", ("pv",)),
        time_detected=not form.time and bool(opening_clock),
        end_time_detected=not form.end_time and bool(closing_clock),
        place=need(form.place, "lieu", ("pv", "cr")),
        convocation_date_text=french_date(form.convocation_date),
        president=need(form.president, "président de séance", ("pv", "cr", "deliberations")),
        secretaries=secretaries,
        secretaries_detected=not form.secretaries and bool(secretaries),
        author=form.author,
        distribution=form.distribution,
        attendance=attendance,
        counts=counts,
        opening=opening,
        sections=sections,
        prev_pv=_prev_pv(opening),
        decisions=[d for s in [opening, *sections] for d in s.decisions],
        actions=[a for s in [opening, *sections] for a in s.actions],
        next_meeting=_next_meeting(form, found),
        verbatim=verbatim_turns(meeting, segments),
        duration_ms=end_ms,
        missing=missing,
    )


# --- sections ----------------------------------------------------------------------------------


#: an item announced aloud this close to a recording marker is the marker's item (ms)
MARKER_SLACK_MS = 60_000


def agenda_cuts(found: Detections) -> list[AgendaMention]:
    """Where items start: recording markers, plus the items opened in speech they do not cover.

    Spoken numbers must go up ("comme au point 2" said during point 5 is not a cut); each
    special section (questions diverses…) opens once; an announcement within a minute of a
    marker, or of a number a marker already has, is that marker's.
    """
    markers = sorted((a for a in found.agenda if a.source == "marker"), key=lambda a: a.time_ms)
    marker_numbers = {a.number for a in markers if a.number}
    cuts: list[AgendaMention] = list(markers)
    last = 0
    specials = set()
    for a in sorted((a for a in found.agenda if a.source != "marker"), key=lambda a: a.time_ms):
        if a.number in marker_numbers or any(abs(a.time_ms - m.time_ms) < MARKER_SLACK_MS for m in markers):
            continue
        if a.special:
            if a.special not in specials:
                specials.add(a.special)
                cuts.append(a)
        elif a.number and int(a.number) > last:
            last = int(a.number)
            cuts.append(a)
    return sorted(cuts, key=lambda a: a.time_ms)


def _match_items(items: list[AgendaItem], cuts: list[AgendaMention]) -> dict[int, AgendaMention]:
    """Form item index -> the cut where it starts (by number, else by title, else by order)."""
    matched: dict[int, AgendaMention] = {}
    used: set[int] = set()
    for i, item in enumerate(items):
        for j, cut in enumerate(cuts):
            if j not in used and item.number and cut.number and _same_number(item.number, cut.number):
                matched[i] = cut
                used.add(j)
                break
    for i, item in enumerate(items):
        if i in matched or not item.title:
            continue
        best = max(
            ((fuzz.token_set_ratio(fold(item.title), fold(c.title)), j) for j, c in enumerate(cuts)
             if j not in used and c.title),
            default=(0, -1),
        )
        if best[0] >= 80:
            matched[i] = cuts[best[1]]
            used.add(best[1])
    free = [c for j, c in enumerate(cuts) if j not in used and not c.number and not c.special]
    unmatched = [i for i in range(len(items)) if i not in matched]
    if free and len(free) == len(unmatched):
        matched.update(zip(unmatched, free))
    return matched


def _same_number(a: str, b: str) -> bool:
    a, b = a.strip().lstrip("0") or "0", b.strip().lstrip("0") or "0"
    return a.lower() == b.lower()


def _find_titles_in_speech(items: list[AgendaItem], segments: list[Segment],
                           skip: set[int]) -> dict[int, int]:
    """Form items found by their title in the transcript, in order (when nothing else cuts).

    A segment names an item when it holds (nearly) every word of 4 letters or more of its title.
    """
    found: dict[int, int] = {}
    cursor = 0
    tokens = [re.findall(r"\w+", fold(s.text)) for s in segments]
    for i, item in enumerate(items):
        words = [w for w in re.findall(r"\w+", fold(item.title)) if len(w) >= 4]
        if i in skip or len(words) < 2:
            continue
        for k in range(cursor, len(segments)):
            hits = sum(1 for w in words if process.extractOne(w, tokens[k], scorer=fuzz.ratio, score_cutoff=85))
            if hits >= 0.8 * len(words):
                found[i] = segments[k].start_ms
                cursor = k + 1
                break
    return found


def _sections(meeting: Meeting, form: MinutesForm, found: Detections, segments: list[Segment],
              end_ms: int, counts: Counts) -> tuple[list[Section], Section]:
    cuts = agenda_cuts(found)
    matched = _match_items(form.items, cuts)
    starts = {i: c.time_ms for i, c in matched.items()}
    if not cuts:
        starts.update(_find_titles_in_speech(form.items, segments, set(starts)))
    used = {id(c) for c in matched.values()}

    keyed: list[tuple[tuple[int, float], Section]] = []
    items_by_form: dict[int, AgendaItem] = {}
    previous_key = -1
    for i, item in enumerate(form.items):
        cut = matched.get(i)
        section = Section(
            number=item.number or None, title=item.title or (cut.title if cut else "") or PLACEHOLDER,
            title_detected=not item.title and bool(cut and cut.title),
            rapporteur=item.rapporteur, deliberation=item.deliberation, notes=item.notes,
            start_ms=starts.get(i), source="form", special=cut.special if cut else None,
        )
        items_by_form[id(section)] = item
        key = section.start_ms if section.start_ms is not None else previous_key
        previous_key = key
        keyed.append(((key, i + 0.5), section))
    for cut in cuts:
        if id(cut) in used:
            continue
        keyed.append(((cut.time_ms, -1), Section(
            number=cut.number, title=cut.title or (PLACEHOLDER if cut.number else "Point"),
            title_detected=bool(cut.title), start_ms=cut.time_ms, source=cut.source, special=cut.special,
        )))
    keyed.sort(key=lambda kv: kv[0])
    sections = [s for _, s in keyed]

    timed = [s for s in sections if s.start_ms is not None]
    for s, nxt in zip(timed, timed[1:] + [None]):
        s.end_ms = nxt.start_ms if nxt else end_ms
    first_start = timed[0].start_ms if timed else end_ms
    opening = Section(
        number=None, title="Ouverture de la séance" if timed else "Déroulement de la séance",
        start_ms=0, end_ms=first_start, source="opening",
    )
    for section in [opening, *sections]:
        _fill_section(meeting, section, segments, found, counts, items_by_form.get(id(section)))
    _attach_numbered_events(sections, found)
    return sections, opening


def _in_span(section: Section, time_ms: int) -> bool:
    if section.start_ms is None or section.end_ms is None:
        return False
    return section.start_ms <= time_ms < section.end_ms


def _fill_section(meeting: Meeting, section: Section, segments: list[Segment], found: Detections,
                  counts: Counts, item: AgendaItem | None) -> None:
    """What was said during the section, and its vote: the form's, else the ones heard."""
    if section.start_ms is not None:
        _fill_from_recording(meeting, section, segments, found)
    if item is not None and item.vote is not None:
        section.votes = [form_vote_line(item.vote)]
    else:
        section.votes = [vote_line(v, counts.voters) for v in found.votes if _in_span(section, v.time_ms)]


def _fill_from_recording(meeting: Meeting, section: Section, segments: list[Segment], found: Detections) -> None:
    mine = [s for s in segments if _in_span(section, s.start_ms)]
    section.lines = condensed_lines(meeting, mine)
    section.verbatim = verbatim_turns(meeting, mine)
    section.decisions = [d for d in found.decisions if _in_span(section, d.time_ms)]
    section.actions = [a for a in found.actions if _in_span(section, a.time_ms)]
    section.events = [e for e in found.item_events if _in_span(section, e.time_ms) and e.number is None]
    section.movements = [m for m in found.movements if _in_span(section, m.time_ms)]
    section.pauses = [c for c in found.clock if c.kind in ("suspension", "reprise") and _in_span(section, c.time_ms)]
    if section.source == "opening":
        return
    if not section.rapporteur:
        people = [p for p in found.people if _in_span(section, p.time_ms)]
        chosen = next((p for p in people if p.kind == "rapporteur"), None) or \
            next((p for p in people if p.kind == "parole"), None)
        if chosen:
            section.rapporteur = f"{chosen.name}, {chosen.role}" if chosen.role else chosen.name
            section.rapporteur_detected = True
    if not section.deliberation:
        ref = next((d for d in found.deliberations if _in_span(section, d.time_ms)), None)
        if ref:
            section.deliberation = ref.ident
            section.deliberation_detected = True


def _attach_numbered_events(sections: list[Section], found: Detections) -> None:
    """"Le point 7 est retiré" said at the opening belongs to item 7."""
    for event in found.item_events:
        if event.number is None:
            continue
        target = next((s for s in sections if s.number and _same_number(s.number, event.number)), None)
        if target is not None and event not in target.events:
            target.events.append(event)


def _prev_pv(opening: Section) -> VoteLine | None:
    for i, v in enumerate(opening.votes):
        if v.subject == "pv":
            return opening.votes.pop(i)
    return None


# --- votes ------------------------------------------------------------------------------------


def vote_line(vote: Vote, voters: int | None) -> VoteLine:
    """A heard vote, with "pour" deduced from the number of voters when the words allow it."""
    line = VoteLine(
        pour=vote.pour, contre=vote.contre, abstentions=vote.abstentions, npv=vote.npv,
        npv_names=list(vote.npv_names), left_room=list(vote.left_room), result=vote.result,
        unanimous=vote.unanimous, majority=vote.majority, scrutin=vote.scrutin, groups=list(vote.groups), detected=True,
        implicit=list(vote.implicit), time_ms=vote.time_ms, quote=vote.quote,
        subject=vote.subject, subject_detail=vote.subject_detail,
    )
    if line.pour is None and voters is not None and line.result == "adopté" \
            and line.contre is not None and line.abstentions is not None:
        pour = voters - line.contre - line.abstentions - (line.npv or 0)
        if pour >= 0:
            line.pour = pour
            line.derived.append("pour")
    return line


def form_vote_line(vote: VoteForm) -> VoteLine:
    return VoteLine(
        pour=vote.pour, contre=vote.contre, abstentions=vote.abstentions, npv=vote.npv,
        npv_names=list(vote.npv_names), result=vote.result or None, unanimous=vote.unanimous,
        scrutin=vote.scrutin or None, nominal=list(vote.nominal), detected=False,
    )


# --- small facts ------------------------------------------------------------------------------


def _first_clock(found: Detections, kind: str) -> str | None:
    return next((c.clock for c in found.clock if c.kind == kind and c.clock), None)


def _next_meeting(form: MinutesForm, found: Detections) -> NextMeetingFacts | None:
    nm = form.next_meeting
    if nm and (nm.date or nm.time or nm.place):
        return NextMeetingFacts(french_date(nm.date), french_clock(nm.time), nm.place)
    if found.next_meeting:
        heard = found.next_meeting[0]
        return NextMeetingFacts(french_date(heard.date or ""), french_clock(heard.clock or ""), "", detected=True)
    return None
