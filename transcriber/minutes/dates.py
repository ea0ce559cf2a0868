"""French dates and hours said in a meeting: deadlines and hours parsed from transcripts.

Writing dates and hours for people, and parsing a form's dates, is ``transcriber.timefmt``.

No third-party date parser: the phrasings of a meeting are few ("le 15 mars", "d'ici fin avril",
"avant le 1er juin 2026", "15/03", "vingt heures trente" once turned into digits).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from ..timefmt import DAYS

_FOLDED_MONTHS = (
    "janvier", "fevrier", "mars", "avril", "mai", "juin",
    "juillet", "aout", "septembre", "octobre", "novembre", "decembre",
)
MONTH_RE = "|".join(_FOLDED_MONTHS)
DAY_RE = "|".join(DAYS)


#: an hour said in a transcript once numbers are digits (folded text)
CLOCK_RE = r"(\d{1,2})\s*(?:heures?|h)(?:\s*(\d{1,2})(?!\d))?"


def clock_from_match(hours: str, minutes: str | None) -> str | None:
    h, mi = int(hours), int(minutes or 0)
    if h > 23 or mi > 59:
        return None
    return f"{h:02d}:{mi:02d}"


# --- deadlines said in a meeting ------------------------------------------------------------

_DAY_MONTH = rf"(?:(?:{DAY_RE})\s+)?(\d{{1,2}})(?:er)?\s+({MONTH_RE})(?:\s+(\d{{4}}))?"
_NUMERIC = r"(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?"
DEADLINE_RE = re.compile(
    r"\b(?:pour|d'ici|d ici|avant|au plus tard|jusqu'au|jusqu'a|d'ici a|d'ici au|des|a rendre|echeance)\s*:?\s*"
    r"(?:le\s+|au\s+|l')?"
    rf"(?P<what>{_DAY_MONTH}|{_NUMERIC}|fin\s+(?:{MONTH_RE})|(?:a\s+)?(?:la\s+)?fin\s+(?:du\s+)?mois|(?:la\s+)?semaine\s+prochaine"
    rf"|(?:{DAY_RE})\s+prochain|(?:le\s+)?prochain\s+(?:codir|conseil|comite|bureau)|(?:{MONTH_RE})(?:\s+\d{{4}})?)"
)


def resolve_deadline(folded_phrase: str, reference: date | None) -> date | None:
    """The date a deadline phrase means, counted from the meeting date; None if not a date.

    A date without a year is the next such date on or after the meeting (so "le 15 janvier"
    said in December is next year's).
    """
    ref = reference or date.today()
    p = folded_phrase.strip()
    m = re.search(_DAY_MONTH, p)
    if m:
        return _next_date(int(m.group(1)), _FOLDED_MONTHS.index(m.group(2)) + 1, m.group(3), ref)
    m = re.search(_NUMERIC, p)
    if m:
        year = m.group(3)
        if year and len(year) == 2:
            year = "20" + year
        return _next_date(int(m.group(1)), int(m.group(2)), year, ref)
    m = re.search(rf"fin\s+({MONTH_RE})", p)
    if m:
        month = _FOLDED_MONTHS.index(m.group(1)) + 1
        year = ref.year + (1 if month < ref.month else 0)
        return date(year, month, calendar.monthrange(year, month)[1])
    if re.search(r"fin\s+(?:du\s+)?mois", p):
        return date(ref.year, ref.month, calendar.monthrange(ref.year, ref.month)[1])
    if "semaine prochaine" in p:
        return ref + timedelta(days=7 - ref.weekday() + 4)  # friday of next week
    m = re.search(rf"({DAY_RE})\s+prochain", p)
    if m:
        ahead = (DAYS.index(m.group(1)) - ref.weekday()) % 7 or 7
        return ref + timedelta(days=ahead)
    m = re.fullmatch(rf"({MONTH_RE})(?:\s+(\d{{4}}))?", p)
    if m:
        month = _FOLDED_MONTHS.index(m.group(1)) + 1
        year = int(m.group(2)) if m.group(2) else ref.year + (1 if month < ref.month else 0)
        return date(year, month, calendar.monthrange(year, month)[1])
    return None


def _next_date(day: int, month: int, year: str | None, ref: date) -> date | None:
    try:
        if year:
            return date(int(year), month, day)
        d = date(ref.year, month, day)
        if d < ref - timedelta(days=31):
            d = date(ref.year + 1, month, day)
        return d
    except ValueError:
        return None
