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


# --- deadlines of a CODIR's actions -----------------------------------------------------------

_WEEKDAY = rf"(?:{DAY_RE})"
_DEADLINE_PATTERNS = (
    ("date", re.compile(rf"\b(?:(?:{DAY_RE})\s+)?(\d{{1,2}})(?:er)?\s+({MONTH_RE})(?:\s+(\d{{4}}))?\b")),
    ("numeric", re.compile(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?\b")),
    ("month_end", re.compile(rf"\bfin\s+(?:du\s+mois\s+(?:de\s+|d')?)?({MONTH_RE})\b")),
    ("next_month_end", re.compile(r"\b(?:la\s+)?fin\s+du\s+mois\s+prochain\b")),
    ("this_month_end", re.compile(r"\b(?:la\s+)?fin\s+du\s+mois\b(?!\s+prochain)")),
    ("month_end_said", re.compile(r"\ben\s+fin\s+de\s+mois\b")),
    ("period_end", re.compile(r"\b(?:pour|d'ici|avant)\s+(?:la\s+)?fin\s+du\s+(trimestre|semestre)\b")),
    ("next_week_end", re.compile(r"\b(?:la\s+)?fin\s+de\s+la\s+semaine\s+prochaine\b")),
    ("week_end", re.compile(r"\b(?:(?:la\s+)?fin\s+de\s+(?:la|cette)\s+semaine|cette\s+semaine)\b(?!\s+prochaine)")),
    # « pour jeudi en huit »: the Thursday after the coming one
    ("weekday_in", re.compile(rf"\b(?:(?:pour|d'ici|avant)\s+)?({DAY_RE})\s+en\s+(huit|quinze)\b")),
    ("today", re.compile(r"\b(?:pour|d'ici|avant|des)\s+(?:ce\s+soir|aujourd'hui|la\s+fin\s+de\s+(?:la\s+)?journee)\b")),
    ("after_tomorrow", re.compile(r"\b(?:pour|d'ici|avant)\s+apres-?\s*demain\b")),
    ("next_week", re.compile(r"\b(?:la\s+)?semaine\s+prochaine\b")),
    ("next_meeting", re.compile(r"\b(?:avant|pour|d'ici)\s+(?:le\s+|la\s+)?prochain(?:e)?\s+(?:codir|reunion|comite|seance)")),
    ("weekday_next", re.compile(rf"\b({DAY_RE})\s+prochain\b")),
    ("weekday_day", re.compile(rf"\b(?:le\s+)?({DAY_RE})\s+(\d{{1,2}})(?:er)?\b")),
    ("weekday", re.compile(rf"\b(?:pour|d'ici|avant|jusqu'a)\s+({DAY_RE})\b")),
    ("day", re.compile(r"\b(?:pour|d'ici|avant|au\s+plus\s+tard|jusqu'au|d'ici\s+au)\s+le\s+(\d{1,2})(?:er)?\b"
                       rf"(?!\s*(?:{MONTH_RE}|/|h\b|heures?|%|euros?))")),
    ("in_month", re.compile(rf"\ben\s+({MONTH_RE})\b")),
    # "pour demain", "tu publies l'annonce demain ?" (not "demain on verra", "après-demain")
    ("tomorrow", re.compile(r"\b(?:pour|d'ici|avant|des)\s+demain\b"
                            r"|(?<!apres-)(?<!apres\s)\bdemain(?:\s+(?:matin|midi|soir|apres-midi))?\s*(?:[?.!,;]|$)")),
    # "d'ici quinze jours", "sous huitaine", "dans les 15 jours", "d'ici deux semaines", "d'ici un mois"
    ("in_days", re.compile(r"\b(?:d'ici|dans|sous)\s+(?:les\s+)?(?:(8|huit|15|quinze)\s+jours|(huitaine|quinzaine)"
                           r"|(2|deux|3|trois)\s+semaines|(un|1)\s+mois)\b")),
    # « d'ici une semaine », « d'ici 10 jours », « d'ici deux mois »
    ("in_span", re.compile(r"\b(?:d'ici|dans|sous)\s+(?:les\s+)?(?:(une|1)\s+semaine|(\d{1,2})\s+jours|(2|deux|3|trois)\s+mois)\b")),
    ("year_end", re.compile(r"\b(?:pour|d'ici|avant)\s+(?:la\s+)?fin\s+(?:de\s+l'annee|d'annee)\b")),
    ("mid_month", re.compile(rf"\b(?:pour|d'ici|avant)\s+(?:la\s+)?mi-?\s*({MONTH_RE})\b")),
)
#: a deadline must be introduced like one (not "le séminaire est confirmé le 28 mars")
_INTRODUCED = re.compile(r"(?:\b(?:pour|d'ici(?:\s+a)?|avant|au\s+plus\s+tard|jusqu'au|jusqu'a|des|echeance|en|le|au|du|"
                         r"cette|la|ce)\s*(?:la\s+|le\s+)?(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
                         r"\s+)?$)")


def find_deadline(folded: str, reference: date | None, next_meeting: date | None = None
                  ) -> tuple[str, date | None, int] | None:
    """The first deadline said in ``folded`` (a CODIR's action): (the words, the date or None when
    they give none, where they start). "pour le 20" is the next 20th, "d'ici fin janvier" the 31st,
    "cette semaine" its Friday, "avant le prochain CODIR" its date when said."""
    ref = reference or date.today()
    best: tuple[int, str, re.Match] | None = None
    for kind, pattern in _DEADLINE_PATTERNS:
        for m in pattern.finditer(folded):
            before = folded[max(0, m.start() - 30):m.start()]
            if kind in ("date", "numeric", "this_month_end", "next_month_end", "month_end") \
                    and not _INTRODUCED.search(before) \
                    and not (kind != "date" and kind != "numeric" and re.search(r"\ba\s+(?:la\s+)?$", before)):
                continue  # « à la fin du mois » is a deadline, « à 3/4 du budget » is not
            if best is None or m.start() < best[0]:
                best = (m.start(), kind, m)
            break
    if best is None:
        return None
    pos, kind, m = best
    return m.group(0).strip(), _resolve(kind, m, ref, next_meeting), pos


def _resolve(kind: str, m: re.Match, ref: date, next_meeting: date | None) -> date | None:
    if kind == "date":
        return _next_date(int(m.group(1)), _FOLDED_MONTHS.index(m.group(2)) + 1, m.group(3), ref)
    if kind == "numeric":
        year = m.group(3)
        if year and len(year) == 2:
            year = "20" + year
        return _next_date(int(m.group(1)), int(m.group(2)), year, ref)
    if kind in ("month_end", "in_month"):
        month = _FOLDED_MONTHS.index(m.group(1)) + 1
        year = ref.year + (1 if month < ref.month else 0)
        return date(year, month, calendar.monthrange(year, month)[1])
    if kind in ("this_month_end", "month_end_said"):
        return date(ref.year, ref.month, calendar.monthrange(ref.year, ref.month)[1])
    if kind == "next_month_end":  # « avant la fin du mois prochain »
        year, month = ref.year + (1 if ref.month == 12 else 0), ref.month % 12 + 1
        return date(year, month, calendar.monthrange(year, month)[1])
    if kind == "period_end":  # « d'ici la fin du trimestre / du semestre »: the current one
        size = 3 if m.group(1) == "trimestre" else 6
        month = ((ref.month - 1) // size + 1) * size
        return date(ref.year, month, calendar.monthrange(ref.year, month)[1])
    if kind == "next_week_end":
        return ref + timedelta(days=7 - ref.weekday() + 4)
    if kind == "weekday_in":
        ahead = (DAYS.index(m.group(1)) - ref.weekday()) % 7 or 7
        return ref + timedelta(days=ahead + (7 if m.group(2) == "huit" else 14))
    if kind == "today":
        return ref
    if kind == "after_tomorrow":
        return ref + timedelta(days=2)
    if kind == "in_span":
        if m.group(1):
            return ref + timedelta(days=7)
        if m.group(2):
            return ref + timedelta(days=int(m.group(2)))
        months = 2 if m.group(3) in ("2", "deux") else 3
        month0 = ref.month - 1 + months
        year, month = ref.year + month0 // 12, month0 % 12 + 1
        return date(year, month, min(ref.day, calendar.monthrange(year, month)[1]))
    if kind == "week_end":
        return ref + timedelta(days=(4 - ref.weekday()) % 7)
    if kind == "next_week":
        return ref + timedelta(days=7 - ref.weekday() + 4)
    if kind == "next_meeting":
        return next_meeting
    if kind == "tomorrow":
        return ref + timedelta(days=1)
    if kind == "in_days":
        if m.group(1) or m.group(2):  # « huit jours », « huitaine »: a week; « quinze jours », « quinzaine »: two
            return ref + timedelta(days=7 if (m.group(1) or m.group(2)) in ("8", "huit", "huitaine") else 14)
        if m.group(3):
            return ref + timedelta(days=7 * (2 if m.group(3) in ("2", "deux") else 3))
        month = ref.month % 12 + 1
        year = ref.year + (1 if ref.month == 12 else 0)
        return date(year, month, min(ref.day, calendar.monthrange(year, month)[1]))
    if kind == "year_end":
        return date(ref.year, 12, 31)
    if kind == "mid_month":
        month = _FOLDED_MONTHS.index(m.group(1)) + 1
        return date(ref.year + (1 if month < ref.month else 0), month, 15)
    if kind in ("weekday_next", "weekday"):
        ahead = (DAYS.index(m.group(1)) - ref.weekday()) % 7 or 7
        return ref + timedelta(days=ahead)
    if kind == "weekday_day" or kind == "day":
        day = int(m.group(2) if kind == "weekday_day" else m.group(1))
        for months_ahead in range(0, 3):
            y, mo = ref.year + (ref.month - 1 + months_ahead) // 12, (ref.month - 1 + months_ahead) % 12 + 1
            try:
                d = date(y, mo, day)
            except ValueError:
                continue
            if d >= ref:
                return d
    return None
