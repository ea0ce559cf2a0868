"""The facts of a minutes document, before any rendering.

:func:`build_context` reads the séance once (:func:`.engine.analyse`: timeline, attendance,
votes) and merges three sources, in this order of trust: the form (typed by a person), what the
recording says (flagged ``detected``, shown « à vérifier »), and nothing (a placeholder
"[à compléter]" and an entry in ``missing``). A form and a recording that disagree keep the form's
value and a check that shows the difference « À vérifier ». Rendering (``docx.py``) only lays
these facts out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Meeting
from ..timefmt import french_clock, french_date, parse_date
from .attendance import AttendanceFacts, Counts, ItemPresence, MovementFact
from .engine import Analysis, ItemFacts, analyse, posting_date
from .facts import Action, ClockEvent, Decision, ItemEvent
from .form import MinutesForm, VoteForm
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
from .teneur import Line, discussion
from .turns import VerbatimTurn, verbatim_turns
from .vote_record import VoteReading

__all__ = ["PLACEHOLDER", "DOC_KINDS", "AttendanceFacts", "Counts", "Line", "VerbatimTurn",
           "MinutesContext", "Section", "VoteLine", "build_context"]

_DEFAULT_BODY = {"pv": "conseil municipal", "deliberations": "conseil municipal", "cr": "comité de direction"}
#: the verbatim nettoyé (hesitations, repetitions and false starts out)
CLEAN_KINDS = ("verbatim_nettoye",)


@dataclass
class VoteLine(VoteReading):
    """A vote for the document: from the form (``detected`` False) or heard."""

    detected: bool = True
    #: for a scrutin public typed in the form: "M. X : pour", one line per voter
    nominal: list[str] = field(default_factory=list)

    @property
    def npv_names(self) -> list[str]:
        return self.names["npv"]

    @property
    def left_room(self) -> list[str]:
        return self.names["left_room"]

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


def heard_vote(v: VoteReading) -> VoteLine:
    return VoteLine(**{k: getattr(v, k) for k in VoteReading.__dataclass_fields__}, detected=True)


def form_vote(vote: VoteForm) -> VoteLine:
    line = VoteLine(time_ms=0, end_ms=0, pour=vote.pour, contre=vote.contre, abstentions=vote.abstentions,
                    npv=vote.npv, result=vote.result or None, unanimous=vote.unanimous,
                    scrutin=vote.scrutin or "main levée", detected=False, nominal=list(vote.nominal))
    line.names["npv"] = list(vote.npv_names)
    return line


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
    #: deliberation, information, debat, prise_d_acte, election, questions_diverses, retire,
    #: ajourne, point (CODIR); None when the recording does not say
    kind: str | None = None
    presence: ItemPresence | None = None
    lines: list[Line] = field(default_factory=list)
    verbatim: list[VerbatimTurn] = field(default_factory=list)
    votes: list[VoteLine] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    events: list[ItemEvent] = field(default_factory=list)
    movements: list[MovementFact] = field(default_factory=list)
    pauses: list[ClockEvent] = field(default_factory=list)
    #: the form and the recording disagree here (French, shown « À vérifier »)
    checks: list[str] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"Point n° {self.number} – {self.title}" if self.number else self.title

    @property
    def withdrawn(self) -> bool:
        return self.kind == "retire" or any(e.kind == "retire" for e in self.events)

    @property
    def postponed(self) -> bool:
        return self.kind == "ajourne"

    @property
    def reached(self) -> bool:
        return self.start_ms is not None

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
class PreviousPVFacts:
    status: str
    date_text: str = ""
    vote: VoteLine | None = None


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
    previous_pv: PreviousPVFacts | None
    decisions: list[Decision]
    actions: list[Action]
    next_meeting: NextMeetingFacts | None
    verbatim: list[VerbatimTurn]
    duration_ms: int
    time_detected: bool = False
    end_time_detected: bool = False
    president_detected: bool = False
    #: the fields shown as "[à compléter]", in French
    missing: list[str] = field(default_factory=list)
    #: the date the liste des délibérations is posted (séance + 7 days), in words
    posting_date_text: str = ""
    analysis: Analysis | None = None

    @property
    def prev_pv(self) -> VoteLine | None:
        return self.previous_pv.vote if self.previous_pv else None

    @property
    def counters_text(self) -> str:
        return counters_line(self.counts)

    @property
    def quorum_text(self) -> str:
        return quorum_sentence(self.counts, self.body)

    @property
    def deliberations(self) -> list[Section]:
        """The items of the liste des délibérations (L2121-25): every numbered item that is not
        an information, a débat or the questions diverses (the approval of the previous PV is
        not a délibération)."""
        return [s for s in self.sections
                if not s.special and s.kind not in ("information", "debat", "prise_d_acte", "questions_diverses")
                and (s.deliberation or s.votes or s.number)]


# --- entry point -----------------------------------------------------------------------------


def build_context(meeting: Meeting, form: MinutesForm | None = None, kind: str | None = None,
                  analysis: Analysis | None = None) -> MinutesContext:
    """The facts of the document of ``kind`` ("pv", "cr", "verbatim", "deliberations")."""
    form = form if form is not None else MinutesForm.from_dict(meeting.form)
    kind = kind or form.resolved_kind(meeting)
    if kind not in DOC_KINDS:
        raise ValueError(f"unknown document kind {kind!r}")
    a = analysis if analysis is not None else analyse(meeting, form)
    missing: list[str] = []

    def need(value: str, label: str, kinds: tuple[str, ...] = DOC_KINDS) -> str:
        if value:
            return value
        if kind in kinds:
            missing.append(label)
        return PLACEHOLDER

    segments = sorted((s for s in meeting.segments if s.words), key=lambda s: s.start_ms)
    end_ms = a.timeline.end_ms
    clean = kind in CLEAN_KINDS
    sections = [_section(meeting, a, f, segments, clean) for f in a.items]
    opening = _opening(meeting, a, segments, kind, clean)
    if not a.secretaries and kind == "pv":
        missing.append("secrétaire de séance")
    if a.attendance.empty and kind in ("pv", "cr"):
        missing.append("présences")
    if a.counts.in_office is None and kind == "pv":
        missing.append("membres en exercice")
    date_iso = form.date or (parse_date(meeting.date).isoformat() if parse_date(meeting.date) else "")
    previous = None
    if a.previous_pv is not None:
        p = a.previous_pv
        previous = PreviousPVFacts(p.status, french_date(p.date) or p.date, heard_vote(p.vote) if p.vote else None)
    return MinutesContext(
        kind=kind,
        meeting_title=meeting.title,
        collectivite=need(form.collectivite, "collectivité"),
        body=form.body or _DEFAULT_BODY.get(kind, "réunion"),
        date_iso=date_iso,
        date_text=need(french_date(date_iso), "date de la séance"),
        time=need(french_clock(form.time or a.opening_clock or ""), "heure d'ouverture", ("pv", "cr")),
        end_time=need(french_clock(form.end_time or a.closing_clock or ""), "heure de levée", ("pv",)),
        time_detected=not form.time and bool(a.opening_clock),
        end_time_detected=not form.end_time and bool(a.closing_clock),
        place=need(form.place, "lieu", ("pv", "cr")),
        convocation_date_text=french_date(form.convocation_date),
        president=need(a.president, "président de séance", ("pv", "cr", "deliberations")),
        president_detected=a.president_detected,
        secretaries=list(a.secretaries),
        secretaries_detected=a.secretaries_detected,
        author=form.author,
        distribution=form.distribution,
        attendance=a.attendance,
        counts=a.counts,
        opening=opening,
        sections=sections,
        previous_pv=previous,
        decisions=[d for s in [opening, *sections] for d in s.decisions],
        actions=[x for s in [opening, *sections] for x in s.actions],
        next_meeting=_next_meeting(form, a),
        verbatim=verbatim_turns(meeting, segments, clean),
        duration_ms=end_ms,
        missing=missing,
        posting_date_text=french_date(posting_date(date_iso)),
        analysis=a,
    )


def _in(start: int | None, end: int | None, time_ms: int) -> bool:
    return start is not None and end is not None and start <= time_ms < end


def _section(meeting: Meeting, a: Analysis, f: ItemFacts, segments, clean: bool = False) -> Section:
    item = f.item
    fi = item.form_item
    s = Section(
        number=item.number, title=item.title or PLACEHOLDER, start_ms=item.start_ms, end_ms=item.end_ms,
        source=item.source, title_detected=item.title_heard and fi is None, special=item.special,
        rapporteur=fi.rapporteur if fi else "", deliberation=fi.deliberation if fi else "",
        notes=fi.notes if fi else "", kind=f.kind, presence=None if a.codir else f.presence,
        decisions=list(f.decisions), actions=list(f.actions), movements=list(f.movements),
    )
    found = a.found
    s.events = [e for e in found.item_events
                if (e.number and item.number and _num(e.number) == _num(item.number) and e.kind == "retire")
                or (e.number is None and _in(item.start_ms, item.end_ms, e.time_ms))]
    s.pauses = [c for c in found.clock if c.kind in ("suspension", "reprise") and _in(item.start_ms, item.end_ms, c.time_ms)]
    heard = [heard_vote(v) for v in f.votes]
    if fi is not None and fi.vote is not None:
        typed = form_vote(fi.vote)
        s.votes = [typed]
        for v in heard[:1]:
            s.checks.extend(_disagreements(typed, v))
    else:
        s.votes = heard
    if item.start_ms is not None:
        mine = [seg for seg in segments if _in(item.start_ms, item.end_ms, seg.start_ms)]
        s.lines = discussion(meeting, mine, a.president)
        s.verbatim = verbatim_turns(meeting, mine, clean)
        if not s.rapporteur and not s.special:
            people = [p for p in found.people if _in(item.start_ms, item.end_ms, p.time_ms)]
            chosen = next((p for p in people if p.kind == "rapporteur"), None) or \
                next((p for p in people if p.kind == "parole"), None)
            if chosen:
                s.rapporteur = f"{chosen.name}, {chosen.role}" if chosen.role else chosen.name
                s.rapporteur_detected = True
        if not s.deliberation:
            ref = next((d for d in found.deliberations if _in(item.start_ms, item.end_ms, d.time_ms)), None)
            if ref:
                s.deliberation, s.deliberation_detected = ref.ident, True
    if f.presence.checks:
        s.checks.extend(f.presence.checks)
    for v in s.votes:
        s.checks.extend(v.checks)
    return s


def _disagreements(typed: VoteLine, heard: VoteLine) -> list[str]:
    """What the recording says that the form does not (the form wins; shown « À vérifier »)."""
    out = []
    for key, label in (("pour", "pour"), ("contre", "contre"), ("abstentions", "abstentions"), ("npv", "ne prend pas part")):
        t, h = getattr(typed, key), getattr(heard, key)
        if t is not None and h is not None and t != h and key not in heard.derived:
            out.append(f"{label} : {t} dans le formulaire, {h} dans l'enregistrement")
    if typed.result and heard.result and typed.result != heard.result:
        out.append(f"résultat : {typed.result} dans le formulaire, {heard.result} dans l'enregistrement")
    return out


def _opening(meeting: Meeting, a: Analysis, segments, kind: str, clean: bool = False) -> Section:
    placed = bool(a.timeline.placed_items())
    title = "Ouverture de la séance" if placed else "Déroulement de la séance"
    if kind == "cr":
        title = title.replace("de la séance", "de la réunion")
    end = a.timeline.opening_end_ms
    s = Section(number=None, title=title, start_ms=0, end_ms=end, source="opening")
    mine = [seg for seg in segments if seg.start_ms < end]
    s.lines = discussion(meeting, mine, a.president)
    s.verbatim = verbatim_turns(meeting, mine, clean)
    s.votes = [heard_vote(v) for v in a.opening_votes if v.subject != "pv"]
    s.decisions = list(a.opening_decisions)
    s.actions = list(a.opening_actions)
    s.events = [e for e in a.found.item_events if e.number is None and e.time_ms < end]
    s.movements = [m for m in a.movements if m.item is None]
    return s


def _num(n: str) -> str:
    return n.strip().lstrip("0") or "0"


def _next_meeting(form: MinutesForm, a: Analysis) -> NextMeetingFacts | None:
    nm = form.next_meeting
    if nm and (nm.date or nm.time or nm.place):
        return NextMeetingFacts(french_date(nm.date), french_clock(nm.time), nm.place)
    if a.found.next_meeting:
        heard = a.found.next_meeting[0]
        return NextMeetingFacts(french_date(heard.date or ""), french_clock(heard.clock or ""), "", detected=True)
    return None
