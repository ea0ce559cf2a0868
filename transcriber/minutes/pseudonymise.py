"""Replace the names of private persons by "Personne A", "Personne B"… in a copy of a meeting.

Private persons are the names a user lists (the form's ``personnes_privees``) or, by policy,
every named speaker not marked ``elected``. Each person keeps one label everywhere: speaker
names, transcript words, title, markers, vocabulary and form. Matching ignores case and accents,
takes the full name, the surname alone and the given name alone (unless an elected person shares
it), swallows a civility before it ("Mme Dupuis" -> "Personne A"), and accepts near misses of
the ASR ("Dupuy" for "Dupuis") with rapidfuzz when the word is capitalised. Exports then run on the copy.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any, Iterable

from rapidfuzz import fuzz

from ..model import Meeting, Word
from .text import fold

log = logging.getLogger(__name__)

#: policy: every named speaker not marked elected
NON_ELECTED = "non-elus"
#: a capitalised word at least this long may match a name with this rapidfuzz ratio ("Dupuy" for
#: "Dupuis"); lowercase words must match exactly, so "ce matin" never becomes "Personne A"
FUZZY_MIN_LENGTH = 5
FUZZY_RATIO = 70

_CIVILITIES = {"m", "mr", "mme", "mlle", "monsieur", "madame", "mademoiselle", "dr", "docteur", "me", "maitre"}
_ELISION = re.compile(r"^((?:[dlnmtsjc]|qu)')(.+)$")
#: "d'Aubry" becomes "de Personne A": the elided word written out before a consonant
_UNELIDED = {"d'": "de ", "qu'": "que ", "l'": "", "j'": "je ", "n'": "ne ", "s'": "se "}
_EDGE_PUNCT = " \t,;:.!?\"«»()[]…"


def label_for(index: int) -> str:
    """"Personne A" … "Personne Z", "Personne AA"…"""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"Personne {letters}"


def name_tokens(name: str) -> list[str]:
    """Folded tokens of a person's name, without civility or quality ("Mme Anne Martin, maire")."""
    name = name.split(",")[0]
    tokens = [t.strip(_EDGE_PUNCT) for t in fold(name).split()]
    return [t for t in tokens if t and t.rstrip(".") not in _CIVILITIES]


def private_names(meeting: Meeting) -> list[str]:
    """The form's private persons plus every named speaker not marked elected."""
    listed = meeting.form.get("personnes_privees", []) if isinstance(meeting.form, dict) else []
    names = [n for n in listed if isinstance(n, str)]
    names += [s.name for s in meeting.speakers if s.name and not s.elected]
    return _unique(names)


def _unique(names: Iterable[str]) -> list[str]:
    seen, out = set(), []
    for n in names:
        key = tuple(name_tokens(n))
        if key and key not in seen:
            seen.add(key)
            out.append(n)
    return out


class Aliases:
    """The label of each private person and the word sequences that name them."""

    def __init__(self, names: list[str], keep: list[str]) -> None:
        kept_tokens = {t for n in keep for t in name_tokens(n)}
        self.labels: dict[tuple[str, ...], str] = {}
        patterns: list[tuple[list[str], str]] = []
        for i, name in enumerate(_unique(names)):
            tokens = name_tokens(name)
            label = label_for(i)
            self.labels[tuple(tokens)] = label
            patterns.append((tokens, label))
            if len(tokens) > 1:
                patterns.append((list(reversed(tokens)), label))
                for single in (tokens[-1], tokens[0]):
                    if single not in kept_tokens and len(single) > 2:
                        patterns.append(([single], label))
        patterns.sort(key=lambda p: -len(p[0]))
        self.patterns = patterns

    def label_of(self, name: str) -> str | None:
        """The label of a whole name (a speaker's), or None if it is not a private person."""
        tokens = name_tokens(name)
        if not tokens:
            return None
        match = self.match(tokens, 0, [True] * len(tokens))
        return match[1] if match and match[0] == len(tokens) else None

    def match(self, keys: list[str], i: int, capitals: list[bool]) -> tuple[int, str] | None:
        """(number of words, label) of the private name starting at word ``i``."""
        for tokens, label in self.patterns:
            n = len(tokens)
            if i + n <= len(keys) and all(_same(keys[i + k], tokens[k], capitals[i + k]) for k in range(n)):
                return n, label
        return None


def _same(word: str, token: str, capitalised: bool) -> bool:
    if word == token:
        return True
    if not capitalised or len(word) < FUZZY_MIN_LENGTH or len(token) < FUZZY_MIN_LENGTH or word[0] != token[0]:
        return False
    return fuzz.ratio(word, token) >= FUZZY_RATIO


def _capitalised(text: str) -> bool:
    core = text.strip(_EDGE_PUNCT)
    m = _ELISION.match(core.replace("’", "'"))
    core = m.group(2) if m else core
    return core[:1].isupper()


def _split_word(text: str) -> tuple[str, str, str]:
    """(elision prefix, folded key, trailing punctuation) of one word: "d'Aubry," -> ("d'", "aubry", ",")."""
    stripped = text.strip()
    core = stripped.rstrip(_EDGE_PUNCT)
    trail = stripped[len(core):]
    core = core.lstrip(_EDGE_PUNCT)
    m = _ELISION.match(core.replace("’", "'"))
    prefix, rest = (m.group(1), m.group(2)) if m else ("", core)
    return prefix, fold(rest), trail


def _is_civility(text: str) -> bool:
    return _split_word(text)[1].rstrip(".") in _CIVILITIES


def replace_in_words(words: list[Word], aliases: Aliases) -> list[Word]:
    """The words with every private name replaced by its label (two words: "Personne", "A")."""
    keys = [_split_word(w.text)[1] for w in words]
    capitals = [_capitalised(w.text) for w in words]
    out: list[Word] = []
    i = 0
    while i < len(words):
        hit = aliases.match(keys, i, capitals)
        if not hit:
            out.append(words[i])
            i += 1
            continue
        n, label = hit
        start = words[i].start_ms
        if out and _is_civility(out[-1].text):
            start = out.pop().start_ms
        prefix = _UNELIDED.get(_split_word(words[i].text)[0].lower(), "")
        trail = _split_word(words[i + n - 1].text)[2]
        end = words[i + n - 1].end_ms
        texts = prefix.split() + label.split(" ")
        texts[-1] += trail
        span = max(0, end - start)
        for k, t in enumerate(texts):
            out.append(Word(start + span * k // len(texts), start + span * (k + 1) // len(texts), t, 1.0))
        i += n
    return out


_TOKEN = re.compile(r"[^\W\d_][\w'’\-]*\.?")


def replace_in_text(text: str, aliases: Aliases) -> str:
    """``text`` with every private name replaced by its label."""
    tokens = list(_TOKEN.finditer(text))
    keys = [_split_word(t.group())[1] for t in tokens]
    capitals = [_capitalised(t.group()) for t in tokens]
    out, cursor, i = [], 0, 0
    while i < len(tokens):
        hit = aliases.match(keys, i, capitals)
        if not hit:
            i += 1
            continue
        n, label = hit
        first = i
        if i > 0 and _is_civility(tokens[i - 1].group()) and not text[tokens[i - 1].end() : tokens[i].start()].strip():
            first = i - 1
        start = tokens[first].start()
        prefix = _UNELIDED.get(_split_word(tokens[i].group())[0].lower(), "") if first == i else ""
        end = tokens[i + n - 1].end()
        last = tokens[i + n - 1].group()
        if last.endswith(".") and len(last) > 2:
            end -= 1  # keep a sentence's full stop
        out.append(text[cursor:start] + prefix + label)
        cursor = end
        i += n
    out.append(text[cursor:])
    return "".join(out)


def _replace_everywhere(value: Any, aliases: Aliases) -> Any:
    if isinstance(value, str):
        return replace_in_text(value, aliases)
    if isinstance(value, list):
        return [_replace_everywhere(v, aliases) for v in value]
    if isinstance(value, dict):
        return {k: _replace_everywhere(v, aliases) for k, v in value.items()}
    return value


def pseudonymise(meeting: Meeting, names_or_policy: list[str] | str = NON_ELECTED) -> Meeting:
    """A deep copy of ``meeting`` where private persons are "Personne A", "Personne B"…

    ``names_or_policy`` is a list of names, or :data:`NON_ELECTED` for every named speaker not
    marked elected.
    """
    if isinstance(names_or_policy, str):
        if names_or_policy != NON_ELECTED:
            raise ValueError(f"unknown pseudonymisation policy {names_or_policy!r}")
        names = [s.name for s in meeting.speakers if s.name and not s.elected]
    else:
        names = list(names_or_policy)
    result = copy.deepcopy(meeting)
    keep = [s.name for s in meeting.speakers if s.elected and s.name]
    aliases = Aliases(names, keep)
    if not aliases.patterns:
        return result
    for speaker in result.speakers:
        label = aliases.label_of(speaker.name) if speaker.name else None
        if label:
            speaker.name = label
    for seg in result.segments:
        seg.words = replace_in_words(seg.words, aliases)
    result.title = replace_in_text(result.title, aliases)
    for marker in result.markers:
        marker.label = replace_in_text(marker.label, aliases)
    result.vocabulary = [replace_in_text(v, aliases) for v in result.vocabulary]
    result.form = _replace_everywhere(result.form, aliases)
    log.info("pseudonymised %d private persons", len(aliases.labels))
    return result
