"""The next meeting said aloud ("le prochain CODIR aura lieu le mardi 24 mars à 9 h").

Same shape as :mod:`.detect`: the finder reads one :class:`~.text.Unit` (a speaker turn). A CODIR's
decisions and actions, which need the turns around them, are read by :mod:`.codir`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Callable

from .dates import CLOCK_RE, DAY_RE, MONTH_RE, clock_from_match, resolve_deadline
from .facts import NextMeeting
from .text import Unit

SpeakerLabel = Callable[[str | None], str]


def _quote(unit: Unit, pos: int) -> str:
    return unit.excerpt(pos)


_NEXT_MEETING = re.compile(
    r"\bprochaine?s?\s+(?:codir|reunion|seance|conseil(?:\s+municipal)?|comite(?:\s+de\s+direction)?|bureau)\b"
    r"[^.?!]{0,40}?\b(?:le|au|fixee?\s+au|aura\s+lieu\s+le|se\s+tiendra\s+le|est\s+prevue?\s+le|sera\s+le)\s+"
    rf"(?P<date>(?:(?:{DAY_RE})\s+)?\d{{1,2}}(?:er)?\s+(?:{MONTH_RE})(?:\s+\d{{4}})?|\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?)"
    r"(?:\s+a\s+" + CLOCK_RE + r")?"
)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def find_next_meeting(unit: Unit, reference: date | None) -> list[NextMeeting]:
    """"Le prochain CODIR aura lieu le mardi 24 mars à 9 h"."""
    found = []
    for m in _NEXT_MEETING.finditer(unit.folded):
        d = resolve_deadline(m.group("date"), reference)
        hours = m.groups()[-2:]
        found.append(NextMeeting(
            time_ms=unit.time_at(m.start()), quote=_quote(unit, m.start()), date=_iso(d),
            clock=clock_from_match(hours[0], hours[1]) if hours[0] else None,
        ))
    return found
