"""The teneur des discussions: for each item, what each speaker said, in his own words.

A PV gives "la teneur des discussions" (L2121-15): each speaker's position and the figures said.
For every speaker turn this keeps the sentences that carry a figure (an amount, a rate, a date, a
count), a position ("nous voterons contre", "je m'abstiendrai", "nous sommes favorables"), a
proposal or a question, and the first sentence when none does — word for word, as transcribed:
a turn is only ever cut between two sentences, and each cut is shown « […] ». The président's
procedure (calling the vote, giving the floor, announcing the result) is left to the vote and the
headings; a turn that says nothing else is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Meeting, Segment
from .text import make_unit, speaker_turns

CUT = "[…]"
#: turns shorter than this (words) say nothing the PV must keep ("Oui.", "Merci.")
MIN_TURN_WORDS = 4

_FIGURE = re.compile(
    r"\d|\b(?:million|milliard|mille|cent|euros?|pour\s+cent|pourcent|%)\b"
    r"|\b(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)\b"
)
_POSITION = re.compile(
    r"\b(?:vot\w*|contre|favorables?|defavorables?|opposee?s?|abst\w+|soutien\w*|soutiendr\w*|approuv\w*|"
    r"regrett\w*|inquiet\w*|desaccord|d'accord|propos\w*|demand\w*|souhait\w*|refus\w*|accept\w*|salu\w+|"
    r"critiqu\w*|reserve|reserves|condamn\w*|deplor\w*)\b|\?"
)
_PROCEDURE = re.compile(
    r"^\s*(?:(?:bien|bon|tres\s+bien|merci|d'accord|ok|oui|non|alors|donc|voila|entendu)\b[\s,.!]*)*"
    r"(?:je\s+(?:vous\s+)?(?:mets|soumets|donne\s+la\s+parole|passe\s+la\s+parole|laisse)\b"
    r"|qui\s+(?:est|vote|s'abstient|ne\s+prend)|(?:des|y\s+a-t-il\s+des)\s+(?:questions|remarques|observations)"
    r"|pas\s+(?:de|d')\s*(?:questions|remarques|observations|opposition|abstention)"
    r"|(?:nous\s+)?pass(?:ons|e)\s+(?:au|aux|a)\b|point\s+(?:n\s*°|numero)?\s*\d|(?:le\s+)?point\s+suivant"
    r"|la\s+parole\s+est|(?:c'est\s+)?adopte|la\s+seance\s+est|je\s+declare|merci\b|tu\s+as\s+la\s+parole)"
)


@dataclass
class Line:
    """What one speaker said in one turn, in his own words (sentences kept, cuts shown « […] »)."""

    speaker: str
    start_ms: int
    text: str


def discussion(meeting: Meeting, segments: list[Segment], president: str = "") -> list[Line]:
    """The teneur des discussions of a stretch of the séance, turn by turn."""
    lines = []
    for turn in speaker_turns(segments):
        words = [w for s in turn for w in s.words if w.text.strip()]
        if len(words) < MIN_TURN_WORDS:
            continue
        unit = make_unit(words, turn[0].speaker)
        bounds = unit.sentences + [len(unit.text)]
        spans = [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]
        keep = [_worth_keeping(unit.folded[a:b]) for a, b in spans]
        procedural = [bool(_PROCEDURE.match(unit.folded[a:b]) or _RESULT.search(unit.folded[a:b])
                           or len(unit.folded[a:b].split()) <= 2) for a, b in spans]
        if not any(keep) and all(procedural):
            continue
        if not any(keep):
            first = next(k for k, p in enumerate(procedural) if not p)
            keep[first] = True
        text = _join(unit, spans, keep)
        if text:
            lines.append(Line(meeting.speaker_label(turn[0].speaker), turn[0].start_ms, text))
    return lines


_ITEM_NUMBER = re.compile(r"\b(?:point|sujet|dossier)\s*(?:n\s*°|n°|numero)?\s*\d+|\b\d+(?:er|e|eme)\s+(?:point|sujet)")
_RESULT = re.compile(r"^\s*(?:(?:donc|alors|bien|et)\s*,?\s*)*(?:c'est\s+|il\s+est\s+|elle\s+est\s+)?"
                     r"(?:adoptee?s?|approuvee?s?|rejetee?s?)\b|\b(?:est|sont)\s+(?:donc\s+)?(?:adoptee?s?|approuvee?s?|"
                     r"rejetee?s?)\s+(?:a\s+l'unanimite|a\s+la\s+majorite|par\s+\d)")


def _worth_keeping(sentence: str) -> bool:
    figures = _FIGURE.search(_ITEM_NUMBER.sub(" ", sentence))
    if _PROCEDURE.match(sentence) and not figures:
        return False
    if _RESULT.search(sentence) or len(sentence.split()) <= 2:
        return False  # the result is the vote's; "Deux." answers a question of the vote
    return bool(figures or _POSITION.search(sentence))


def _join(unit, spans: list[tuple[int, int]], keep: list[bool]) -> str:
    """The kept sentences in their original words; each gap is one « […] »."""
    parts: list[str] = []
    gap = False
    for (a, b), k in zip(spans, keep):
        if k:
            if gap and parts:
                parts.append(CUT)
            elif gap and not parts:
                parts.append(CUT)
            parts.append(unit.original(a, b).strip())
            gap = False
        else:
            gap = True
    if gap and parts:
        parts.append(CUT)
    return " ".join(p for p in parts if p)
