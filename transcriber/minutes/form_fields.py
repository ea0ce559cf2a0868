"""The minutes form as a screen shows it: text fields and agenda rows, read back into the typed
:class:`~.form.MinutesForm`.

The app edits a ``MinutesForm``; it only moves text between its widgets and the functions here
(names one per line, pouvoirs « Mme A → M. B », agenda rows of strings), and stores
:func:`checked` (the form normalised, or an :class:`~transcriber.errors.InputError` naming the
field). :func:`suggestions` says what the recording revealed for the fields left empty, to be
shown « à vérifier » and stored only once a person confirms it.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field, fields

from ..errors import SeanceError
from ..model import Meeting
from ..timefmt import parse_clock
from .form import AgendaItem, MinutesForm, Representation, VoteForm, as_int, normal_result, form_of

POUVOIR_ARROW = "→"
_POUVOIR_SPLIT = re.compile(r"\s*(?:→|->|=>|donne pouvoir à|représentée? par)\s*")


# --- names and pouvoirs ----------------------------------------------------------------------------


def names_text(names: list[str]) -> str:
    """One name per line."""
    return "\n".join(names)


def parse_names(text: str) -> list[str]:
    """Names one per line (or separated by « ; »), blanks dropped."""
    return [t.strip() for t in re.split(r"[\n;]", text or "") if t.strip()]


def parse_secretaries(text: str) -> list[str]:
    """One or more names separated by commas."""
    return [t.strip() for t in re.split(r"[,\n;]", text or "") if t.strip()]


def pouvoirs_text(represented: list[Representation]) -> str:
    return "\n".join(f"{r.member} {POUVOIR_ARROW} {r.proxy}" for r in represented)


def parse_pouvoirs(text: str) -> list[Representation]:
    """"Mme A → M. B" or "Mme A donne pouvoir à M. B", one per line."""
    out = []
    for line in parse_names(text):
        parts = _POUVOIR_SPLIT.split(line, maxsplit=1)
        member = parts[0].strip()
        proxy = parts[1].strip() if len(parts) > 1 else ""
        if member:
            out.append(Representation(member, proxy))
    return out


# --- agenda rows -----------------------------------------------------------------------------------


@dataclass
class AgendaRow:
    """One agenda item as the agenda table shows it: every cell a string."""

    number: str = ""
    title: str = ""
    rapporteur: str = ""
    deliberation: str = ""
    pour: str = ""
    contre: str = ""
    abstentions: str = ""
    result: str = ""

    def cells(self) -> list[str]:
        return [getattr(self, f.name) for f in fields(self)]

    @classmethod
    def from_cells(cls, cells: list[str]) -> "AgendaRow":
        names = [f.name for f in fields(cls)]
        return cls(**{n: (c or "").strip() for n, c in zip(names, cells)})

    def empty(self) -> bool:
        return not any(self.cells())


#: the headers of the agenda table, one per field of AgendaRow
AGENDA_HEADERS = ("N°", "Objet", "Rapporteur", "Délibération", "Pour", "Contre", "Abst.", "Résultat")


def _num(value: int | None) -> str:
    return "" if value is None else str(value)


def agenda_row(item: AgendaItem) -> AgendaRow:
    v = item.vote
    return AgendaRow(item.number, item.title, item.rapporteur, item.deliberation,
                     _num(v.pour if v else None), _num(v.contre if v else None),
                     _num(v.abstentions if v else None), v.result if v else "")


def agenda_rows(form: MinutesForm) -> list[AgendaRow]:
    return [agenda_row(item) for item in form.items]


def items_from_rows(rows: list[AgendaRow], old: list[AgendaItem]) -> list[AgendaItem]:
    """The form's items from the table's rows. An item keeps what the table does not show (its
    notes, its « ne prend pas part » count…) from the item at the same place before. Empty rows
    are dropped; a count that is not a number is an InputError naming the field."""
    items = []
    for r, row in enumerate(rows):
        if row.empty():
            continue
        item = copy.deepcopy(old[r]) if r < len(old) else AgendaItem()
        item.number, item.title = row.number, row.title
        item.rapporteur, item.deliberation = row.rapporteur, row.deliberation
        path = f"points[{len(items) + 1}].vote"
        vote = item.vote or VoteForm()
        for name, key in (("pour", "pour"), ("contre", "contre"), ("abstentions", "abstentions")):
            text = getattr(row, name)
            setattr(vote, name, as_int(text, f"{path}.{key}") if text else None)
        vote.result = normal_result(row.result, f"{path}.resultat")
        item.vote = vote if vote != VoteForm() else None
        items.append(item)
    return items


def checked(form: MinutesForm) -> MinutesForm:
    """The form normalised (dates, hours, results written one way); InputError (French, naming
    the field) if a value is wrong."""
    return MinutesForm.from_dict(form.to_dict())


# --- what the recording suggests ----------------------------------------------------------------


@dataclass
class Suggestions:
    """Values heard in the recording for the fields the form leaves empty (all « à vérifier »)."""

    #: the values heard, in the form's fields; a field left empty was not heard
    form: MinutesForm = field(default_factory=MinutesForm)
    #: agenda items heard (markers, « point numéro deux »…), when the form has none
    rows: list[AgendaRow] = field(default_factory=list)
    #: the document's fields still to complete, in French
    missing: list[str] = field(default_factory=list)


def suggestions(meeting: Meeting, kind: str | None = None) -> Suggestions:
    """What the recording reveals for the form of ``meeting`` (runs off the GUI thread)."""
    from .context import build_context

    try:
        form = form_of(meeting)
    except SeanceError:  # a form the app cannot read: suggest as for an empty one
        form = MinutesForm()
    kind = kind or form.resolved_kind(meeting)
    ctx = build_context(meeting, form, kind)
    heard = MinutesForm()
    if ctx.time_detected:
        heard.time = parse_clock(ctx.time) or ""
    if ctx.end_time_detected:
        heard.end_time = parse_clock(ctx.end_time) or ""
    if ctx.secretaries_detected:
        heard.secretaries = list(ctx.secretaries)
    at = ctx.attendance
    if at.detected:
        heard.attendance.present = list(at.present)
        heard.attendance.represented = [Representation(m, p) for m, p in at.represented]
        heard.attendance.excused = list(at.excused)
        heard.attendance.absent = list(at.absent)
    if not form.attendance.present and not heard.attendance.present:
        heard.attendance.present = _elected_not_away(meeting, heard)
    if "in_office" in ctx.counts.detected:
        heard.members_in_office = ctx.counts.in_office
    rows = []
    if not form.items:
        for s in ctx.sections:
            if s.special or s.source not in ("marker", "speech"):
                continue
            vote = next((v for v in s.votes if v.detected), None)
            rows.append(AgendaRow(
                s.number or "", s.title, s.rapporteur, s.deliberation,
                _num(vote.pour if vote else None), _num(vote.contre if vote else None),
                _num(vote.abstentions if vote else None), (vote.result or "") if vote else "",
            ))
    return Suggestions(heard, rows, list(ctx.missing))


def _elected_not_away(meeting: Meeting, heard: MinutesForm) -> list[str]:
    """The elected members of the meeting's collectivité (its vocabulary), less those heard as
    represented, excused or absent: a list of présents for a person to check."""
    from ..phonetic import fold
    from ..vocabulary import load

    if not meeting.collectivite:
        return []
    try:
        elected = load(meeting.collectivite).elected
    except SeanceError:
        return []
    at = heard.attendance
    away = {fold(n) for n in [*at.excused, *at.absent, *(r.member for r in at.represented)]}
    return [e for e in elected if fold(e) not in away]
