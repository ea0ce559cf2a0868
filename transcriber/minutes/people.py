"""The people of a séance: who may be named, and the one person a heard name means.

A :class:`Roster` gathers the names the secretary typed (attendance, président, secrétaires,
rapporteurs), the names of the speakers, and names heard in the opening roll call. Heard text
("Aurore", "madame carrié", "Mme Carrier" misheard, "le maire", "moi") is resolved to one of them
with :meth:`Roster.resolve`; a name that fits nobody, or several people, is kept as heard (never
a guess between two people).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .text import fold

_CIVILITIES = {"m", "mme", "mlle", "mm", "mmes", "monsieur", "madame", "mademoiselle", "dr", "mr"}
_CIVILITY_TEXT = {"m": "M.", "mr": "M.", "monsieur": "M.", "mme": "Mme", "madame": "Mme", "mlle": "Mlle",
                  "mademoiselle": "Mlle", "dr": "Dr"}
#: roles a speaker may be called by ("le maire", "la DRH")
ROLE_WORDS = ("maire", "president", "presidente", "dgs", "dga", "drh", "dst", "dsi", "doyen")


def name_words(name: str) -> list[str]:
    """Folded words of a name without civility ("Mme Élodie Perrot" -> ["elodie", "perrot"])."""
    words = re.findall(r"[\w'’-]+", fold(name or "").split(",")[0])
    out = []
    for w in words:
        w = w.strip("'’-")
        if w and w not in _CIVILITIES and w not in ("le", "la"):
            out.append(w)
    return out


@dataclass
class Person:
    """One member or participant: ``name`` as best known ("Mme Élodie Perrot")."""

    name: str
    words: list[str]
    roles: set[str] = field(default_factory=set)
    speaker_id: str | None = None

    @property
    def surname(self) -> str:
        return self.words[-1] if self.words else ""


def _split_role(text: str) -> tuple[str, str]:
    """"M. Alain Cabanes, premier adjoint" -> ("M. Alain Cabanes", "premier adjoint")."""
    name, _, role = (text or "").partition(",")
    return name.strip(), role.strip()


class Roster:
    """Everyone the séance may name."""

    def __init__(self) -> None:
        self.people: list[Person] = []

    def add(self, name: str, role: str = "", speaker_id: str | None = None, heard: bool = False) -> Person | None:
        """Add a person (``heard``: a name heard in the recording, maybe misspelt by the ASR: one
        that sounds like a known person is that person, and the known spelling stays)."""
        name, role_in_name = _split_role(name)
        role = role or role_in_name
        words = name_words(name)
        if not words or len(words) > 5:
            return None
        if heard:
            known = self.find(name)
            if known is not None:
                return known
        person = self._same(words)
        if person is None:
            person = Person(name, words)
            self.people.append(person)
        elif len(words) > len(person.words) or (_has_civility(name) and not _has_civility(person.name)
                                                and len(words) == len(person.words)):
            person.name, person.words = name, words  # the fuller form of the name wins
        for r in name_words(role):
            if r in ROLE_WORDS:
                person.roles.add(r)
        if speaker_id:
            person.speaker_id = speaker_id
        return person

    def _same(self, words: list[str]) -> Person | None:
        for p in self.people:
            if set(words) <= set(p.words) or set(p.words) <= set(words):
                if len(words) > 1 and len(p.words) > 1 and words[-1] != p.words[-1]:
                    continue
                return p
        return None

    # --- lookup --------------------------------------------------------------------------------
    def find(self, heard: str, fuzzy: bool = True) -> Person | None:
        """The one person ``heard`` means, or None (unknown, or ambiguous)."""
        words = name_words(heard)
        if not words:
            return None
        role = [w for w in words if w in ROLE_WORDS]
        if role and len(words) <= 2:
            holders = [p for p in self.people if role[0] in p.roles]
            return holders[0] if len(holders) == 1 else None
        exact = [p for p in self.people if set(words) <= set(p.words)]
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1:
            full = [p for p in exact if p.words == words]
            return full[0] if len(full) == 1 else None
        if not fuzzy:
            return None
        scored = []
        for p in self.people:
            s = _fuzzy_score(words, p.words)
            if s >= 85:
                scored.append((s, p))
        scored.sort(key=lambda x: -x[0])
        if scored and (len(scored) == 1 or scored[0][0] - scored[1][0] >= 8):
            return scored[0][1]
        if scored:
            return None
        # the ASR wrote the name as it sounds (« Karrié » for « Carrié », « M. Lor » for « M. Laur »):
        # the one known person whose surname (and first name, when heard) sounds the same
        sounds = [p for p in self.people if _sounds_like(words, p.words)]
        return sounds[0] if len(sounds) == 1 else None

    def resolve(self, heard: str) -> str:
        """The known name ``heard`` means, else ``heard`` as heard."""
        person = self.find_trimmed(heard)
        return person.name if person else heard

    def find_trimmed(self, heard: str) -> Person | None:
        """:meth:`find`, also for a heard name that ran into the next words ("Patrice Bouyssou
        Marcel", Whisper leaving no comma): its longest known beginning."""
        person = self.find(heard)
        words = heard.split()
        while person is None and len(words) > 2:
            words = words[:-1]
            person = self.find(" ".join(words), fuzzy=False)
        return person

    def by_speaker(self, speaker_id: str | None) -> Person | None:
        return next((p for p in self.people if speaker_id and p.speaker_id == speaker_id), None)

    def first_names(self) -> set[str]:
        return {p.words[0] for p in self.people if len(p.words) > 1}

    def known_word(self, word: str) -> bool:
        w = fold(word)
        return any(w in p.words for p in self.people)


def _has_civility(name: str) -> bool:
    first = fold(name).split(" ", 1)[0].rstrip(".")
    return first in _CIVILITIES


def _fuzzy_score(heard: list[str], known: list[str]) -> float:
    """How well heard words fit a known name, misspellings allowed (« Lakaze » for « Lacaze »)."""
    if len(heard) > len(known):
        return 0
    if len(heard) == 1:
        return max(fuzz.ratio(heard[0], known[-1]), fuzz.ratio(heard[0], known[0]) - 5) \
            if len(heard[0]) >= 4 else 0
    return fuzz.ratio(" ".join(heard), " ".join(known[-len(heard):]))


def phonetic(word: str) -> str:
    """A rough French sound key of a folded word, for names the ASR wrote as they sound: « Karrié »
    and « Carrié »; « Lor » and « Laur »; « Shapuis » and « Chapuis »; « Rainal » and « Raynal »."""
    w = fold(word)
    for a, b in (("y", "i"), ("eau", "o"), ("au", "o"), ("ph", "f"), ("sch", "ch"), ("sh", "ch"), ("qu", "k"),
                 ("ck", "k"), ("gu", "g"), ("ge", "je"), ("gi", "ji"), ("ai", "e"), ("ei", "e"), ("w", "v"),
                 ("th", "t")):
        w = w.replace(a, b)
    w = re.sub(r"c(?=[ei])", "s", w)
    w = re.sub(r"c(?!h)", "k", w)
    w = re.sub(r"(?<![cs])h", "", w)
    w = re.sub(r"[^a-z]", "", w)
    w = re.sub(r"(.)\1+", r"\1", w)
    for _ in range(2):  # silent endings: « Petit », « Petite »; « Ducros », « Ducro »
        if len(w) > 3:
            w = re.sub(r"(?:e|er|ez)$", "", w)
        if len(w) > 3:
            w = re.sub(r"[stdxz]$", "", w)
    return w


def _sounds_like(heard: list[str], known: list[str]) -> bool:
    if len(heard) > len(known) or len(heard[-1]) < 3:
        return False
    if phonetic(heard[-1]) != phonetic(known[-1]) or len(phonetic(known[-1])) < 3:
        return False
    return len(heard) == 1 or all(phonetic(h) == phonetic(k) or fuzz.ratio(h, k) >= 80
                                  for h, k in zip(heard[:-1], known[-len(heard):-1]))


def display(name: str) -> str:
    """A heard name for a document: capitals when Whisper wrote it in lower case."""
    words = name.split()
    out = []
    for w in words:
        low = w.lower().rstrip(".")
        if low in _CIVILITY_TEXT:
            out.append(_CIVILITY_TEXT[low])
        elif w == w.lower():
            out.append("-".join(part[:1].upper() + part[1:] for part in w.split("-")))
        else:
            out.append(w)
    return " ".join(out)
