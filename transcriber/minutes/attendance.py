"""Attendance and counts of a séance: the form's lists, else what was heard."""

from __future__ import annotations

from dataclasses import dataclass, field

from .facts import Detections
from .form import MinutesForm


@dataclass
class AttendanceFacts:
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



def attendance_facts(form: MinutesForm, found: Detections) -> AttendanceFacts:
    a = form.attendance
    typed = AttendanceFacts(
        present=list(a.present),
        represented=[(r.member, r.proxy) for r in a.represented],
        excused=list(a.excused),
        absent=list(a.absent),
        guests=list(a.guests),
    )
    if not typed.empty:
        return typed
    heard = AttendanceFacts(detected=True)
    for p in found.pouvoirs:
        if all(p.mandant != m for m, _ in heard.represented):
            heard.represented.append((p.mandant, p.mandataire))
    represented = {m for m, _ in heard.represented}
    for p in found.presences:
        target = {"present": heard.present, "excuse": heard.excused, "absent": heard.absent}[p.status]
        if p.name not in represented and p.name not in target:
            target.append(p.name)
    return heard


def count_facts(form: MinutesForm, found: Detections, attendance: AttendanceFacts) -> Counts:
    c = Counts()
    c.in_office = form.members_in_office
    if c.in_office is None and found.counter("en_exercice") is not None:
        c.in_office = found.counter("en_exercice")
        c.detected.append("in_office")
    if attendance.present and not attendance.detected:
        c.present = len(attendance.present)
        c.represented = len(attendance.represented)
    else:
        c.present = found.counter("presents")
        c.represented = found.counter("representes")
        if c.represented is None and attendance.represented:
            c.represented = len(attendance.represented)
        if c.represented is None and c.present is not None and found.counter("votants") is not None:
            c.represented = found.counter("votants") - c.present
        c.detected += [k for k in ("present", "represented") if getattr(c, k) is not None]
    if c.present is not None and c.represented is not None:
        c.voters = c.present + c.represented
    elif found.counter("votants") is not None:
        c.voters = found.counter("votants")
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


