"""Times and dates written for people, in French: the one home of every formatter.

Times of a recording are integer milliseconds (the data model); durations of work (time left,
a recording's length in a message) are float seconds. Dates are ISO strings ("2026-03-12") or
``datetime.date`` objects. Nothing here knows about Qt, documents or the terminal.
"""

from __future__ import annotations

import re
from datetime import date, datetime

MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


# --- times within a recording (milliseconds) ----------------------------------------------------

def _hms(ms: int) -> tuple[int, int, int, int]:
    ms = max(0, int(ms))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, milli = divmod(rest, 1000)
    return h, m, s, milli


def subtitle_time(ms: int, sep: str = ",") -> str:
    """12345 → '00:00:12,345' (SRT); with ``sep='.'`` → '00:00:12.345' (WebVTT)."""
    h, m, s, milli = _hms(ms)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{milli:03d}"


def hms(ms: int) -> str:
    """12345 → '00:00:12': a timestamp in a transcript, a document or a terminal."""
    h, m, s, _ = _hms(ms)
    return f"{h:02d}:{m:02d}:{s:02d}"


def clock(ms: int, always_hours: bool = False) -> str:
    """12345 → '0:12'; 3723000 → '1:02:03' (next to a segment, a player, a list).

    ``always_hours`` keeps the hours when there are none: '0:00:12' (a recording's counter,
    whose width must not jump at the first hour)."""
    h, m, s, _ = _hms(ms)
    return f"{h}:{m:02d}:{s:02d}" if h or always_hours else f"{m}:{s:02d}"


def time_of_day(timestamp: float) -> str:
    """A wall-clock time (``time.time()``) as "14:32:05", in local time."""
    return datetime.fromtimestamp(timestamp).strftime("%H:%M:%S")


# --- durations (seconds) ------------------------------------------------------------------------

def duration(seconds: float) -> str:
    """A duration in a sentence: '1 h 02 min 05 s', '12 min 03 s', '7 s'."""
    h, m, s, _ = _hms(int(seconds) * 1000)
    if h:
        return f"{h} h {m:02d} min {s:02d} s"
    if m:
        return f"{m} min {s:02d} s"
    return f"{s} s"


def minutes_seconds(ms: int) -> str:
    """A talk time in a table: '3 min 05 s', '125 min 00 s' (minutes are not folded into hours)."""
    minutes, seconds = divmod(max(0, int(ms)) // 1000, 60)
    return f"{minutes} min {seconds:02d} s"


def time_left(seconds: float) -> str:
    """The time left of a job, rounded as a person would say it: 'environ 5 min restantes'."""
    if seconds < 0:
        return "temps restant en cours d'estimation"
    s = int(seconds + 0.5)
    if s < 60:
        return "moins d'une minute restante" if s > 45 else f"environ {max(5, (s + 4) // 5 * 5)} s restantes"
    m = (s + 30) // 60
    if m < 60:
        return f"environ {m} min restante{'s' if m > 1 else ''}"
    h, m = divmod(m, 60)
    return f"environ {h} h {m:02d} restantes"


# --- dates and hours of the day ------------------------------------------------------------------

def parse_date(value: str) -> date | None:
    """An ISO ("2026-03-12") or French numeric ("12/03/2026") date; None if it is neither."""
    value = (value or "").strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", value)
        if not m:
            return None
        d, mo, y = (int(g) for g in m.groups())
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def french_date(value: str | date | None) -> str:
    """"jeudi 12 mars 2026" ("1er" for the first of the month); "" if the date is unknown."""
    d = value if isinstance(value, date) else parse_date(value or "")
    if d is None:
        return ""
    day = "1er" if d.day == 1 else str(d.day)
    return f"{DAYS[d.weekday()]} {day} {MONTHS[d.month - 1]} {d.year}"


def short_date(value: str) -> str:
    """"2026-03-12" (or an ISO date-time, or "12/3/2026") → "12/03/2026", the way a secretary
    types a date; anything else is returned as it is."""
    d = parse_date((value or "").strip()[:10])
    return f"{d.day:02d}/{d.month:02d}/{d.year}" if d else (value or "")


def parse_clock(value: str) -> str | None:
    """"20:30", "20h30", "20 h", "20 heures 30" -> "20:30"; None if not an hour of the day."""
    m = re.fullmatch(r"\s*(\d{1,2})\s*(?:h|:|heures?)\s*(\d{1,2})?\s*(?:min(?:utes?)?)?\s*", value or "")
    if not m:
        return None
    h, mi = int(m.group(1)), int(m.group(2) or 0)
    if h > 23 or mi > 59:
        return None
    return f"{h:02d}:{mi:02d}"


def french_clock(value: str) -> str:
    """An hour of the day as written in French: "20:30" -> "20 h 30", "20:00" -> "20 h"; "" if unknown."""
    parsed = parse_clock(value or "")
    if parsed is None:
        return ""
    h, mi = parsed.split(":")
    return f"{int(h)} h {mi}" if mi != "00" else f"{int(h)} h"
