"""French numbers in words, and the token rewriting of the Whisper-like style.

``number_words(2026)`` -> "deux mille vingt-six" (traditional spelling: hyphens under a hundred,
"et" in 21…71, "quatre-vingts", "deux cents"). ``spoken_tokens`` turns one punctuated token of a
script ("20h05", "48 500 €" after grouping, "n°", "M.") into the lower-case, unpunctuated words
a Whisper transcript without punctuation would hold.
"""

from __future__ import annotations

import re

_UNITS = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
          "onze", "douze", "treize", "quatorze", "quinze", "seize"]
_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def _under_100(n: int) -> str:
    if n <= 16:
        return _UNITS[n]
    if n < 20:
        return "dix-" + _UNITS[n - 10]
    tens, unit = divmod(n, 10)
    if tens in _TENS:
        base = _TENS[tens]
        if unit == 0:
            return base
        return f"{base} et un" if unit == 1 else f"{base}-{_UNITS[unit]}"
    if tens == 7:
        return "soixante et onze" if n == 71 else "soixante-" + _under_100(n - 60)
    # 80..99
    if n == 80:
        return "quatre-vingts"
    return "quatre-vingt-" + _under_100(n - 80)


def _under_1000(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    if hundreds == 0:
        return _under_100(rest)
    head = "cent" if hundreds == 1 else f"{_UNITS[hundreds]} cent"
    if rest == 0:
        return head + ("s" if hundreds > 1 else "")
    return f"{head} {_under_100(rest)}"


def number_words(n: int) -> str:
    """``n`` (0 <= n < 10**9) in French words."""
    if n < 0 or n >= 10**9:
        raise ValueError(n)
    if n < 1000:
        return _under_1000(n)
    millions, rest = divmod(n, 1_000_000)
    parts = []
    if millions:
        parts.append("un million" if millions == 1 else f"{_under_1000(millions)} millions")
    thousands, rest = divmod(rest, 1000)
    if thousands:
        # "mille" is invariable; "quatre-vingt mille", "deux cent mille" lose their plural
        head = "" if thousands == 1 else _under_1000(thousands).removesuffix("s") + " "
        parts.append(head + "mille")
    if rest:
        parts.append(_under_1000(rest))
    return " ".join(parts)


def ordinal_words(n: int, feminine: bool = False) -> str:
    if n == 1:
        return "première" if feminine else "premier"
    words = number_words(n)
    last = words.rsplit(" ", 1)[-1].rsplit("-", 1)[-1]
    stem = words[: len(words) - len(last)]
    if last in ("cinq", "neuf"):
        return stem + {"cinq": "cinquième", "neuf": "neuvième"}[last]
    if last in ("cents", "vingts"):
        last = last[:-1]
    if last.endswith("e"):
        last = last[:-1]
    return stem + last + "ième"


_ABBREVIATIONS = {
    "m.": ["monsieur"], "mme": ["madame"], "mmes": ["mesdames"], "mm.": ["messieurs"],
    "mlle": ["mademoiselle"], "n°": ["numéro"], "%": ["pour", "cent"], "€": ["euros"],
    "k€": ["mille", "euros"], "m²": ["mètres", "carrés"], "km": ["kilomètres"], "&": ["et"],
    "ht": ["hors", "taxes"], "ttc": ["toutes", "taxes", "comprises"],
}
_STRIP = "«»\"“”()[]…!?;:,.–—"
_CLOCK = re.compile(r"^(\d{1,2})h(\d{2})?$")
_ORDINAL = re.compile(r"^(\d+)(er|re|ère|e|ème)$")
_DECIMAL = re.compile(r"^(\d+),(\d+)$")
_LETTERS_DIGITS = re.compile(r"^([^\W\d_]+)(\d+)$")


def spoken_tokens(token: str, next_token: str = "", previous_token: str = "") -> list[str]:
    """The words a Whisper transcript without punctuation writes for one script token.

    The neighbours matter for amounts: "3,95 €" is said "trois euros quatre-vingt-quinze".
    """
    low = token.lower()
    if low.strip(_STRIP) == "€" and _DECIMAL.match(previous_token.strip(_STRIP)):
        return []
    if low in _ABBREVIATIONS:
        return list(_ABBREVIATIONS[low])
    core = low.strip(_STRIP)
    if not core:
        return []
    if core in _ABBREVIATIONS:
        return list(_ABBREVIATIONS[core])
    if core.isdigit():
        return number_words(int(core)).split()
    m = _CLOCK.match(core)
    if m:
        hours = int(m.group(1))
        out = number_words(hours).split() + ["heure" if hours == 1 else "heures"]
        if m.group(2) and int(m.group(2)):
            out += number_words(int(m.group(2))).split()
        return out
    m = _ORDINAL.match(core)
    if m:
        return [ordinal_words(int(m.group(1)), feminine=m.group(2) in ("re", "ère"))]
    m = _DECIMAL.match(core)
    if m:
        whole, frac = int(m.group(1)), m.group(2)
        if next_token.strip(_STRIP) == "€":  # "3,95 €" is said "trois euros quatre-vingt-quinze"
            return number_words(whole).split() + ["euros"] + number_words(int(frac)).split()
        zeros = ["zéro"] * (len(frac) - len(frac.lstrip("0")))  # "0,0619": "zéro virgule zéro six cent…"
        rest = number_words(int(frac)).split() if frac.strip("0") else []
        return number_words(whole).split() + ["virgule"] + (zeros + rest or ["zéro"])
    m = _LETTERS_DIGITS.match(core)
    if m:  # "cm2", "b12"
        return [m.group(1)] + number_words(int(m.group(2))).split()
    if "-" in core and all(p.isdigit() for p in core.split("-")):  # "2025-041" (a délibération)
        return [w for p in core.split("-") for w in number_words(int(p)).split()]
    return [core]
