"""After the ASR: write the names of the vocabulary as the collectivité spells them.

Whisper hears « Kovalchik » where the vocabulary says « Kowalczyk », or « Kowal chik » in two
words. ``fix_spellings`` finds such near misses and rewrites them, marking each fixed word with
what the ASR wrote (``Word.corrected_from``) so the editor can show it and a person can undo it.

A word (or two or three words read together) is rewritten to a name of the vocabulary when
* none of them is an ordinary French word (``lexicon``), so « mère », « riche » or « du » are
  never touched, whatever they sound like;
* it sounds like the name (``phonetic.similar``: same French phonetic key, or one sound apart
  for long names);
* it is spelt close to it (``SPELLING_MIN_RATIO``), and no other name fits as well.
Targets are the tokens of the vocabulary that are not ordinary words: surnames, first names,
place names, acronyms (civilities and short tokens are left out). A vocabulary of thousands of
entries is indexed by phonetic key, so the work stays proportional to the transcript.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Iterable

from rapidfuzz.distance import Levenshtein

from .lexicon import is_ordinary
from .model import Segment, Word
from .phonetic import fold, key

log = logging.getLogger(__name__)

#: normalised Levenshtein similarity (0-1) of the folded spellings, at least
SPELLING_MIN_RATIO = 0.6
#: a target name has at least this many letters (acronyms: 3)
MIN_LETTERS = 4
#: the most words read together as one name (« Kowal chik »)
MAX_SPAN = 3

CIVILITIES = {"m", "mr", "mme", "mlle", "mm", "mmes", "monsieur", "madame", "mademoiselle",
              "messieurs", "mesdames", "dr", "docteur", "me", "maitre", "pr", "professeur"}
_EDGE = " \t,;:.!?\"«»()[]…"
_ELISION = re.compile(r"^((?:[dlnmtsjc]|qu|jusqu|lorsqu|puisqu)['’])(.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Target:
    text: str  # the spelling to write, "Kowalczyk"
    folded: str  # "kowalczyk"
    key: str  # phonetic key


def _is_acronym(token: str) -> bool:
    return token.isupper() and sum(c.isalpha() for c in token) >= 3


def targets_of(terms: Iterable[str]) -> list[Target]:
    """The names and acronyms of ``terms`` that a fix may write, each once."""
    out: dict[str, Target] = {}
    for term in terms:
        for raw in re.split(r"[\s,;/()]+", term.split("=")[0]):
            token = raw.strip(_EDGE)
            elided = _ELISION.match(token)
            if elided:
                token = elided.group(2)
            folded = fold(token).replace(" ", "")
            if not folded or folded in CIVILITIES:
                continue
            if _is_acronym(token):
                pass
            elif len(folded) < MIN_LETTERS or not token[:1].isupper() or is_ordinary(token, accents=False):
                continue
            k = key(token)
            if k and folded not in out:
                out[folded] = Target(token, folded, k)
    return list(out.values())


class _Index:
    """Targets by phonetic key, and by every key one deletion away (symmetric delete)."""

    def __init__(self, targets: list[Target]) -> None:
        self.exact: dict[str, list[Target]] = {}
        self.deleted: dict[str, list[Target]] = {}
        for t in targets:
            self.exact.setdefault(t.key, []).append(t)
            if len(t.key) >= 5:
                for d in _deletions(t.key):
                    self.deleted.setdefault(d, []).append(t)
        self.folded = {t.folded for t in targets}

    def candidates(self, k: str) -> list[tuple[int, Target]]:
        """(key distance, target) for targets whose key is ``k`` or one edit from it."""
        found: dict[str, tuple[int, Target]] = {}
        for t in self.exact.get(k, ()):
            found[t.folded] = (0, t)
        if len(k) >= 4:
            near = list(self.deleted.get(k, ()))  # target one letter longer
            for d in _deletions(k) if len(k) >= 5 else ():
                near += self.exact.get(d, ())  # target one letter shorter
                near += self.deleted.get(d, ())  # one letter changed
            for t in near:
                if t.folded not in found and min(len(t.key), len(k)) >= 5 \
                        and Levenshtein.distance(t.key, k, score_cutoff=1) <= 1:
                    found[t.folded] = (1, t)
        return list(found.values())


def _deletions(k: str) -> set[str]:
    return {k[:i] + k[i + 1:] for i in range(len(k))}


def _split(word: str) -> tuple[str, str, str]:
    """(prefix, core, suffix): « d'Kovalchik, » -> ("d'", "Kovalchik", ",")."""
    stripped = word.strip(_EDGE)
    start = word.find(stripped) if stripped else len(word)
    lead, trail = word[:start], word[start + len(stripped):]
    m = _ELISION.match(stripped)
    if m:
        return lead + m.group(1), m.group(2), trail
    return lead, stripped, trail


def _best(index: _Index, cores: list[str]) -> Target | None:
    text = "".join(cores)
    folded = fold(text).replace(" ", "")
    if len(folded) < 3:
        return None
    k = key(text)
    if not k:
        return None
    scored = []
    for distance, t in index.candidates(k):
        if folded + "e" == t.folded or t.folded + "e" == folded:
            continue  # « Martine » is not « Martin », nor « Jeanne » « Jean »
        ratio = Levenshtein.normalized_similarity(folded, t.folded)
        if ratio >= SPELLING_MIN_RATIO:
            scored.append((distance, -ratio, t))
    if not scored:
        return None
    scored.sort(key=lambda s: (s[0], s[1]))
    best = scored[0]
    if len(scored) > 1 and scored[1][:2] == best[:2] and scored[1][2].text != best[2].text:
        return None  # two names fit as well: leave it to a person
    return best[2]


def fix_spellings(segments: list[Segment], terms: Iterable[str]) -> int:
    """Rewrite near misses of the vocabulary's names in ``segments`` (in place); return how
    many words were fixed. Each fixed word keeps the ASR's text in ``corrected_from``."""
    targets = targets_of(terms)
    if not targets:
        return 0
    index = _Index(targets)
    spellings = {t.folded: t.text for t in targets}
    fixed = 0
    for seg in segments:
        words, out, i = seg.words, [], 0
        while i < len(words):
            done = False
            for span in range(1, MAX_SPAN + 1):
                group = words[i:i + span]
                if len(group) < span:
                    break
                parts = [_split(w.text) for w in group]
                cores = [p[1] for p in parts]
                if any(not c or is_ordinary(c, accents=False) for c in cores):
                    break  # an ordinary word is never rewritten, alone or joined to others
                if span > 1 and (parts[0][2] or any(p[0] or p[2] for p in parts[1:-1]) or parts[-1][0]):
                    break  # punctuation inside: not one name
                if span == 1 and spellings.get(fold(cores[0]).replace(" ", "")) == cores[0]:
                    break  # already spelt right
                target = _best(index, cores)
                if target is None:
                    continue
                first, last = group[0], group[-1]
                out.append(Word(first.start_ms, last.end_ms, parts[0][0] + target.text + parts[-1][2],
                                min(w.probability for w in group),
                                " ".join(w.text for w in group)))
                fixed += span
                i += span
                done = True
                break
            if not done:
                out.append(words[i])
                i += 1
        seg.words = out
    if fixed:
        log.info("vocabulary: %d word(s) respelt", fixed)
    return fixed
