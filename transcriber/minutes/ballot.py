"""Votes counted person by person: a roll call (scrutin public) and a secret ballot."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .people import Roster, display
from .sentences import Sentence
from .text import CIVILITY, name_at
from .vote_names import blocks, names_in_text, run_before

ELECTED = re.compile(r"\b(?:est|sont)\s+(?:donc\s+)?(?:elue?s?|proclamee?s?\s+elue?s?)\b")


@dataclass
class Ballot:
    """A secret ballot (an election): the figures of the last count read."""

    votants: int | None = None
    blancs_nuls: int | None = None
    exprimes: int | None = None
    majorite_absolue: int | None = None
    candidates: list[tuple[str, int]] = field(default_factory=list)
    elected: str | None = None


_CHOICE = re.compile(r"^\s*(?:(?:et\s+)?(?:moi\s*,?\s*)?(?:c'est\s+|je\s+vote\s+)?(pour|contre)\b"
                     r"|(je\s+m'abstiens|abstention|je\s+m'abstiendrai))")


def roll_call(asked: list[Sentence], roster: Roster, chair_id: str | None) -> list[tuple[str, str]]:
    """Each member called answers "Pour." / "Contre." / "Je m'abstiens." (and for the member whose
    pouvoir he holds: "et pour Mme Quintard, dont j'ai le pouvoir, pour également"). Returns
    (choice, name) pairs, choice being "pour", "contre" or "abstentions"."""
    out: list[tuple[str, str]] = []
    for s in asked:
        f = s.folded
        m = re.search(r"\bpour\s+moi\s*,?\s*c'est\s+(pour|contre)\b", f)
        if m and s.speaker:
            out.append((m.group(1), roster.resolve(s.speaker)))
        if s.speaker_id is None or s.speaker_id == chair_id:
            continue
        m = _CHOICE.match(f)
        if m and s.speaker:
            key = m.group(1) or "abstentions"
            out.append((key, roster.resolve(s.speaker)))
        for p in re.finditer(r"\bpour\s+(" + CIVILITY + r"\s*[^,]+?)\s*,?\s*dont\s+j'ai\s+(?:le\s+)?pouvoir"
                             r"[^.]*?\b(pour|contre|abstention)\b", f):
            who = name_at(s.unit, s.start + p.start(1))
            if who:
                choice = p.group(2) if p.group(2) != "abstention" else "abstentions"
                out.append((choice, roster.resolve(display(who.name))))
    return out


_BALLOT_FIGURES = (
    ("votants", re.compile(r"\b(?:nombre\s+de\s+votants|votants)\s*:?\s*(\d+)")),
    # "votants 35 bulletins blancs ou nuls 2" (Whisper, no full stop): 35 is the votants
    ("blancs_nuls", re.compile(r"(?<!votants\s)\b(\d+)\s+bulletins?\s+(?:blancs?|nuls?)(?:\s+ou\s+nuls?)?|\bblancs?\s+(?:et|ou)\s+nuls?\s*:?\s*(\d+)")),
    ("exprimes", re.compile(r"\bsuffrages\s+exprimes\s*:?\s*(\d+)|\bexprimes\s*:\s*(\d+)")),
    ("majorite_absolue", re.compile(r"\bmajorite\s+absolue\s*:?\s*(\d+)")),
)


#: a candidate not in the roster read with the verb after his name: "Nadia Cerle obtient [27 voix]"
_VERB_AFTER_NAME = re.compile(r"\s+(?:obtient|obtiennent|a\s+obtenu|recueille|a\s+recueilli)$", re.IGNORECASE)


def read_ballot(episode: list[Sentence], roster: Roster) -> Ballot:
    """The figures of the last count read (a recount replaces the first one)."""
    ballot = Ballot()
    start = 0
    for k, s in enumerate(episode):
        if re.search(r"\brecompt|\bdepouillement|\bresultat", s.folded):
            start = k
    tail = blocks(episode[start:])
    votes: dict[str, int] = {}
    for s in tail:
        f = s.folded
        for key, pattern in _BALLOT_FIGURES:
            for m in pattern.finditer(f):
                setattr(ballot, key, int(next(g for g in m.groups() if g)))
        previous_end = 0
        for m in re.finditer(r"(\d+)\s+voix", f):
            seg_start = max(f.rfind(",", 0, m.start()), f.rfind(".", 0, m.start()), previous_end)
            names = [roster.resolve(_VERB_AFTER_NAME.sub("", n)) for n in names_in_text(s, seg_start, m.start(), roster)]
            if names:
                votes[names[-1]] = int(m.group(1))
            previous_end = m.end()
        e = ELECTED.search(f)
        if e:
            names = run_before(s, e.start(), roster)
            if names:
                ballot.elected = names[-1]
    if ballot.blancs_nuls is None:
        for s in tail:
            m = re.search(r"(?<!votants\s)\b(\d+)\s+(?:bulletin|vote)s?\s+(?:blanc|nul)", s.folded)
            if m:
                ballot.blancs_nuls = int(m.group(1))
    ballot.candidates = list(votes.items())
    return ballot
