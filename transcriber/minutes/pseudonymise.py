"""Replace the names of private persons by "Personne A", "Personne B"… in a copy of a meeting.

Who is private: the form's ``personnes_privees``, the collectivité vocabulary's « Personnes »,
and (policy :data:`NON_ELECTED`) every named speaker who is not an elected member. Who stays
named: speakers marked ``elected``, the vocabulary's « Élus », and the members the form lists
(président, secrétaires, présents, représentés, absents, rapporteurs). A name on both sides is
hidden: privacy comes first.

Each person keeps one label everywhere: speaker names, transcript words (and what the ASR first
wrote, ``corrected_from``), title, markers, vocabulary, the steps' options, voice proposals and the
form. Matching ignores case and accents, takes the full name, the surname alone and the given name
alone (unless an elected person shares it), swallows a civility before it ("Mme Dupuis" ->
"Personne A"), and catches the ASR's near spellings: a word that sounds like a private name
(French phonetic key, :mod:`transcriber.phonetic`: « Perreau » for « Perrot ») or is spelt nearly
like it, unless it is an ordinary French word (« depuis » is not « Dupuis ») or sounds like an
elected member's name instead. What was replaced is returned in a :class:`Report`.
"""

from __future__ import annotations

import copy
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from rapidfuzz import fuzz

from .. import lexicon, phonetic
from ..model import Meeting, Word

log = logging.getLogger(__name__)

#: policy: every named speaker not marked elected
NON_ELECTED = "non-elus"
#: a word not in the French lexicon whose spelling is this close (rapidfuzz ratio, same first
#: letter, at least FUZZY_MIN_LENGTH letters) to a private name is a near spelling of it
FUZZY_RATIO = 70
FUZZY_MIN_LENGTH = 5
#: shorter name parts are matched exactly only
NEAR_MIN_LENGTH = 4
#: how much a name is expected at a word: anywhere, written with a capital, just after a civility
PLAIN, CAPITAL, CIVIL = 0, 1, 2

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
    tokens = phonetic.fold(name).split()
    return [t for t in tokens if t not in _CIVILITIES]


# --- who is private, who is public ---------------------------------------------------------------

def _vocabulary_of(meeting: Meeting, vocabulary: Any = None) -> Any:
    """The collectivité's vocabulary (its « Personnes » and « Élus »), or ``vocabulary``."""
    if vocabulary is not None or not meeting.collectivite:
        return vocabulary
    from ..vocabulary import load

    return load(meeting.collectivite)


def _form_members(form: dict[str, Any]) -> list[str]:
    """Names of the members the form lists: elected by definition of a conseil."""
    if not isinstance(form, dict):
        return []
    out: list[Any] = [form.get("president", ""), *(form.get("secretaires") or [])]
    presence = form.get("presence") or {}
    if isinstance(presence, dict):
        for key in ("presents", "absents_excuses", "absents"):
            out += presence.get(key) or []
        for rep in presence.get("representes") or []:
            if isinstance(rep, dict):
                out += [rep.get("membre", ""), rep.get("mandataire", "")]
    for item in form.get("points") or []:
        if isinstance(item, dict):
            out.append(item.get("rapporteur", ""))
    return [n for n in out if isinstance(n, str) and n.strip()]


def public_names(meeting: Meeting, vocabulary: Any = None) -> list[str]:
    """Elected members, who stay named: speakers marked elected, the vocabulary's « Élus », the
    form's members."""
    vocab = _vocabulary_of(meeting, vocabulary)
    names = [s.name for s in meeting.speakers if s.name and s.elected]
    names += list(getattr(vocab, "elected", []) or [])
    names += _form_members(meeting.form)
    return _unique(names)


def private_names(meeting: Meeting, vocabulary: Any = None) -> list[str]:
    """The form's private persons, the vocabulary's « Personnes », and every named speaker who
    is not an elected member (not marked elected, nor listed as one)."""
    vocab = _vocabulary_of(meeting, vocabulary)
    listed = meeting.form.get("personnes_privees", []) if isinstance(meeting.form, dict) else []
    names = [n for n in listed if isinstance(n, str)]
    names += list(getattr(vocab, "people", []) or [])
    public = {tuple(name_tokens(n)) for n in public_names(meeting, vocab)}
    names += [s.name for s in meeting.speakers
              if s.name and not s.elected and tuple(name_tokens(s.name)) not in public]
    return _unique(names)


def _unique(names: Iterable[str]) -> list[str]:
    seen, out = set(), []
    for n in names:
        key = tuple(name_tokens(n))
        if key and key not in seen:
            seen.add(key)
            out.append(n)
    return out


# --- the report ----------------------------------------------------------------------------------

@dataclass
class Report:
    """What a pseudonymisation replaced: each label, the person, the spellings found."""

    #: label -> the private person's name as listed
    persons: dict[str, str] = field(default_factory=dict)
    #: label -> spelling found in the meeting -> how many times
    found: dict[str, Counter] = field(default_factory=dict)
    #: elected members kept in clear
    kept: list[str] = field(default_factory=list)
    #: names said after a civility ("Monsieur Pého") that match no known person: to check
    unknown: Counter = field(default_factory=Counter)

    def record(self, label: str, spelling: str) -> None:
        self.found.setdefault(label, Counter())[spelling.strip(_EDGE_PUNCT)] += 1

    def count(self, label: str) -> int:
        return sum(self.found.get(label, Counter()).values())

    @property
    def total(self) -> int:
        return sum(self.count(label) for label in self.persons)

    def summary(self) -> str:
        """One French line without any name, fit to go with the pseudonymised output."""
        used = [label for label in self.persons if self.count(label)]
        if not self.persons:
            return "Pseudonymisation : aucune personne privée n'est connue (formulaire, vocabulaire, intervenants)."
        if not used:
            return (f"Pseudonymisation : {len(self.persons)} personne(s) privée(s) connue(s), "
                    "aucune n'est nommée dans la réunion.")
        parts = ", ".join(f"{label} ({self.count(label)} fois)" for label in used)
        return f"Pseudonymisation : {self.total} remplacement(s) — {parts}."

    def public_dict(self) -> dict[str, Any]:
        """The report without any name, for the pseudonymised JSON."""
        return {"personnes": [{"libelle": label, "occurrences": self.count(label)} for label in self.persons],
                "remplacements": self.total, "elus_conserves": len(self.kept)}

    def to_text(self) -> str:
        """The correspondence table, names in clear: for the secretary, never to publish."""
        lines = [
            "Séance — table de correspondance de la pseudonymisation",
            "DOCUMENT INTERNE : il contient les noms en clair ; ne le diffusez pas avec les documents "
            "pseudonymisés.",
            "",
        ]
        if not self.persons:
            lines.append("Aucune personne privée n'est connue : rien n'a été remplacé.")
        for label, name in self.persons.items():
            found = self.found.get(label, Counter())
            spellings = ", ".join(f"« {s} » × {n}" for s, n in found.most_common()) or "non nommée"
            lines.append(f"{label} = {name} : {self.count(label)} remplacement(s) ({spellings})")
        if self.kept:
            lines += ["", "Élus conservés en clair : " + ", ".join(self.kept)]
        if self.unknown:
            lines += ["", "À vérifier : noms précédés d'une civilité qui ne correspondent à aucune personne "
                      "connue, laissés tels quels : " + ", ".join(f"« {n} » × {k}" for n, k in self.unknown.most_common())]
        return "\n".join(lines) + "\n"


def report_path(output: str | Path) -> Path:
    """Where the correspondence table of ``output`` goes: beside it."""
    output = Path(output)
    return output.with_name(output.stem + ".pseudonymisation.txt")


def write_report(report: Report, output: str | Path) -> Path:
    from ..store import write_atomic

    path = report_path(output)
    write_atomic(path, report.to_text().encode("utf-8"))
    return path


def export_pseudonymised(meeting: Meeting, targets: dict[str, Path],
                         vocabulary: Any = None) -> tuple[list[Path], Report]:
    """Write the transcript exports ``{format: path}`` from a pseudonymised copy of ``meeting``
    (the meeting itself is not changed): each says what was replaced (TXT: a first line; VTT: a
    NOTE; JSON: a « pseudonymisation » object, labels and counts only), and the correspondence
    table, names in clear, goes beside the first. Returns the files written (the table last)."""
    from ..exports import export

    hidden, report = pseudonymise_report(meeting, vocabulary=vocabulary)
    written = []
    for fmt, path in targets.items():
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        written.append(export(hidden, fmt, path, note=report.summary(),
                              extra={"pseudonymisation": report.public_dict()}))
    if written:
        written.append(write_report(report, Path(written[0]).with_suffix("")))
    return written, report


def pseudonymised_targets(folder: str | Path, formats: tuple[str, ...]) -> dict[str, Path]:
    """``{format: folder/transcription-pseudonymisee.<format>}``."""
    from ..exports import PSEUDONYMISED_STEM

    return {fmt: Path(folder) / f"{PSEUDONYMISED_STEM}.{fmt}" for fmt in formats}


# --- matching ------------------------------------------------------------------------------------

class Aliases:
    """The label of each private person and the word sequences that name them."""

    def __init__(self, names: list[str], keep: list[str], report: Report | None = None) -> None:
        self.report = report if report is not None else Report()
        private = _unique(names)
        private_tokens = {t for n in private for t in name_tokens(n)}
        self.public_tokens = {t for n in keep for t in name_tokens(n)} - private_tokens
        self._public_keys = {phonetic.key(t) for t in self.public_tokens}
        kept_tokens = {t for n in keep for t in name_tokens(n)}
        self.labels: dict[tuple[str, ...], str] = {}
        patterns: list[tuple[list[str], str]] = []
        for i, name in enumerate(private):
            tokens = name_tokens(name)
            label = label_for(i)
            self.labels[tuple(tokens)] = label
            self.report.persons[label] = name
            patterns.append((tokens, label))
            if len(tokens) > 1:
                patterns.append((list(reversed(tokens)), label))
                for single in dict.fromkeys((tokens[-1], tokens[0], *tokens[1:-1])):
                    if single not in kept_tokens and len(single) > 2:
                        patterns.append(([single], label))
        patterns.sort(key=lambda p: -len(p[0]))
        self.patterns = patterns
        self._same_cache: dict[tuple[str, str], bool] = {}

    def label_of(self, name: str) -> str | None:
        """The label of a whole name (a speaker's), or None if it is not a private person."""
        tokens = name_tokens(name)
        if not tokens:
            return None
        match = self.match(tokens, 0)
        return match[1] if match and match[0] == len(tokens) else None

    def match(self, keys: list[str], i: int, context: list[int] | None = None) -> tuple[int, str] | None:
        """(number of tokens, label) of the private name starting at token ``i``. ``context[j]``
        says how much a name is expected at token ``j``: :data:`PLAIN`, :data:`CAPITAL` (written
        with a capital) or :data:`CIVIL` (just after "Monsieur", "Mme"…); without it, CAPITAL."""
        for tokens, label in self.patterns:
            n = len(tokens)
            if i + n > len(keys):
                continue
            if all(self.same(keys[i + k], tokens[k], CAPITAL if context is None else context[i + k], n > 1)
                   for k in range(n)):
                return n, label
        return None

    def same(self, word: str, token: str, context: int = CAPITAL, in_full_name: bool = False) -> bool:
        """Is the folded ``word`` the name part ``token``, or a near spelling of it? An ordinary
        French word in lower case ("petit", "marie") is a name only after a civility or inside
        the person's full name; a near spelling is never an ordinary word, except after a civility."""
        key = (word, token, context, in_full_name)
        cached = self._same_cache.get(key)
        if cached is None:
            if word == token:
                cached = context > PLAIN or in_full_name or not lexicon.is_ordinary(word, accents=False)
            else:
                cached = self._near(word, token, context)
            self._same_cache[key] = cached
        return cached

    def is_public(self, word: str) -> bool:
        """An elected member's name part, or a near spelling of one."""
        return word in self.public_tokens or any(phonetic.similar(word, t) for t in self.public_tokens)

    def _near(self, word: str, token: str, context: int) -> bool:
        if word in self.public_tokens:
            return False  # an elected member's name, written as such
        if len(token) < NEAR_MIN_LENGTH or len(word) < NEAR_MIN_LENGTH - 1 or word.isdigit():
            return False
        if lexicon.is_ordinary(word, accents=False) and context < CIVIL:
            return False  # « depuis » is not « Dupuis » (but « M. Peau » may be « M. Perrot »)
        near = phonetic.similar(word, token) or (
            len(word) >= FUZZY_MIN_LENGTH and len(token) >= FUZZY_MIN_LENGTH
            and word[0] == token[0] and fuzz.ratio(word, token) >= FUZZY_RATIO)
        if not near and context > PLAIN:
            # where a name is expected, one sound away is that person ("Pého" for "Perrot"); just
            # after "Monsieur", two ("M. Peau")
            kw, kt = phonetic.key(word), phonetic.key(token)
            reach = 2 if context == CIVIL and len(kt) >= 4 else 1
            near = len(kt) >= 3 and kw[:1] == kt[:1] and phonetic.similar(word, token, max_distance=reach)
        if not near:
            return False
        sound = phonetic.key(word)
        # it sounds exactly like an elected member's name and not like this private one
        return not (sound in self._public_keys and sound != phonetic.key(token))


def _capitals(text: str) -> list[bool]:
    """For each folded name part of one word (as ``_split_word`` gives them), whether it was
    written with a capital."""
    return [raw[:1].isupper() for raw in re.split(r"[^\w]+|_", _core(text)) for _ in phonetic.fold(raw).split()]


def _core(text: str) -> str:
    core = text.strip().rstrip(_EDGE_PUNCT).lstrip(_EDGE_PUNCT)
    m = _ELISION.match(core.replace("’", "'"))
    return m.group(2) if m else core


def _split_word(text: str) -> tuple[str, list[str], str]:
    """(elision prefix, folded name parts, trailing punctuation) of one word:
    "d'Aubry," -> ("d'", ["aubry"], ","); "Jean-Pierre" -> ("", ["jean", "pierre"], "")."""
    stripped = text.strip()
    core = stripped.rstrip(_EDGE_PUNCT)
    trail = stripped[len(core):]
    core = core.lstrip(_EDGE_PUNCT)
    m = _ELISION.match(core.replace("’", "'"))
    prefix, rest = (m.group(1), m.group(2)) if m else ("", core)
    return prefix, phonetic.fold(rest).split(), trail


def _is_civility(text: str) -> bool:
    parts = _split_word(text)[1]
    return len(parts) == 1 and parts[0] in _CIVILITIES


def _is_initial(text: str, label: str, aliases: Aliases) -> bool:
    """"J." before "Personne A" when the person's given name starts with J."""
    core = text.strip()
    if not re.fullmatch(r"[^\W\d_]\.", core):
        return False
    letter = phonetic.fold(core[0])
    return any(lab == label and any(t[:1] == letter for t in toks) for toks, lab in aliases.labels.items())


def _tokens(texts: list[str]) -> tuple[list[str], list[int], list[bool]]:
    """The folded name parts of ``texts``, the index of the text each comes from, and whether
    each was written with a capital."""
    keys, owner, capital = [], [], []
    for i, text in enumerate(texts):
        parts = _split_word(text)[1]
        caps = _capitals(text)
        for k, part in enumerate(parts):
            keys.append(part)
            owner.append(i)
            capital.append(caps[k] if k < len(caps) else False)
    return keys, owner, capital


def _hits(texts: list[str], aliases: Aliases, record: bool = True) -> list[tuple[int, int, str]]:
    """(first text, last text, label) of every private name in ``texts``, in order. With
    ``record``, a name after a civility that matches nobody goes to the report's « à vérifier »."""
    keys, owner, capital = _tokens(texts)
    civil = [j > 0 and keys[j - 1] in _CIVILITIES for j in range(len(keys))]
    context = [CIVIL if c else CAPITAL if k else PLAIN for c, k in zip(civil, capital)]
    hits: list[tuple[int, int, str]] = []
    j = 0
    while j < len(keys):
        hit = aliases.match(keys, j, context)
        if not hit:
            word = keys[j]
            if (record and civil[j] and capital[j] and len(word) >= 3 and word not in _CIVILITIES
                    and not aliases.is_public(word)):
                aliases.report.unknown[texts[owner[j]].strip(_EDGE_PUNCT)] += 1
            j += 1
            continue
        n, label = hit
        first, last = owner[j], owner[j + n - 1]
        if hits and first <= hits[-1][1]:  # inside a word already replaced
            first = hits[-1][1] + 1
            if first > last:
                j += n
                continue
        hits.append((first, last, label))
        j += n
        while j < len(keys) and owner[j] <= last:
            j += 1
    return hits


def replace_in_words(words: list[Word], aliases: Aliases) -> list[Word]:
    """The words with every private name replaced by its label (two words: "Personne", "A")."""
    out: list[Word] = []
    done = 0
    for first, last, label in _hits([w.text for w in words], aliases):
        out.extend(words[done:first])
        start = words[first].start_ms
        civility, before = "", first - 1
        while (out and before >= 0 and out[-1] is words[before]
               and (_is_civility(out[-1].text) or _is_initial(out[-1].text, label, aliases))):
            civility = out[-1].text + " " + civility
            start = out.pop().start_ms
            before -= 1
        aliases.report.record(label, civility + " ".join(w.text for w in words[first:last + 1]))
        prefix = _UNELIDED.get(_split_word(words[first].text)[0].lower(), "")
        trail = _split_word(words[last].text)[2]
        end = words[last].end_ms
        texts = prefix.split() + label.split(" ")
        texts[-1] += trail
        span = max(0, end - start)
        for k, t in enumerate(texts):
            out.append(Word(start + span * k // len(texts), start + span * (k + 1) // len(texts), t, 1.0))
        done = last + 1
    out.extend(words[done:])
    for w in out:  # what the ASR first wrote may be a private name too
        if w.corrected_from and replace_in_text(w.corrected_from, aliases, record=False) != w.corrected_from:
            w.corrected_from = None
    return out


_TOKEN = re.compile(r"[^\W\d_][\w'’\-]*\.?")


def replace_in_text(text: str, aliases: Aliases, record: bool = True) -> str:
    """``text`` with every private name replaced by its label."""
    tokens = list(_TOKEN.finditer(text))
    out, cursor = [], 0
    for first, last, label in _hits([t.group() for t in tokens], aliases, record):
        i = first
        while (first > 0 and tokens[first - 1].start() >= cursor
               and (_is_civility(tokens[first - 1].group()) or _is_initial(tokens[first - 1].group(), label, aliases))
               and not text[tokens[first - 1].end():tokens[first].start()].strip()):
            first -= 1
        start = tokens[first].start()
        prefix = _UNELIDED.get(_split_word(tokens[i].group())[0].lower(), "") if first == i else ""
        end = tokens[last].end()
        word = tokens[last].group()
        if word.endswith(".") and len(word) > 2 and word.rstrip(".").lower() not in _CIVILITIES:
            end -= 1  # keep a sentence's full stop
        if record:
            aliases.report.record(label, text[start:end])
        out.append(text[cursor:start] + prefix + label)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def _replace_everywhere(value: Any, aliases: Aliases) -> Any:
    """Every string inside ``value`` (lists, dicts) with the names replaced; not counted in the
    report, which counts what the meeting says (transcript, title, markers, speakers)."""
    if isinstance(value, str):
        return replace_in_text(value, aliases, record=False)
    if isinstance(value, list):
        return [_replace_everywhere(v, aliases) for v in value]
    if isinstance(value, tuple):
        return tuple(_replace_everywhere(v, aliases) for v in value)
    if isinstance(value, dict):
        return {k: _replace_everywhere(v, aliases) for k, v in value.items()}
    return value


# --- entry points --------------------------------------------------------------------------------

def pseudonymise_report(meeting: Meeting, names: list[str] | None = None,
                        vocabulary: Any = None) -> tuple[Meeting, Report]:
    """A deep copy of ``meeting`` where private persons are "Personne A", "Personne B"…, and
    the report of what was replaced. ``names`` defaults to :func:`private_names`; ``vocabulary``
    to the collectivité's (``transcriber.vocabulary.load``)."""
    vocab = _vocabulary_of(meeting, vocabulary)
    if names is None:
        names = private_names(meeting, vocab)
    keep = public_names(meeting, vocab)
    report = Report()
    aliases = Aliases(list(names), keep, report)
    report.kept = [n for n in keep if tuple(name_tokens(n)) not in aliases.labels]
    result = copy.deepcopy(meeting)
    if not aliases.patterns:
        return result, report
    for speaker in result.speakers:
        label = aliases.label_of(speaker.name) if speaker.name else None
        if label:
            report.record(label, speaker.name)
            speaker.name = label
        elif speaker.name:
            speaker.name = replace_in_text(speaker.name, aliases)
        speaker.proposal = _replace_everywhere(speaker.proposal, aliases)
    for seg in result.segments:
        seg.words = replace_in_words(seg.words, aliases)
    result.title = replace_in_text(result.title, aliases)
    for marker in result.markers:
        marker.label = replace_in_text(marker.label, aliases)
    result.vocabulary = _replace_everywhere(result.vocabulary, aliases)
    result.steps = _replace_everywhere(result.steps, aliases)
    result.form = _replace_everywhere(result.form, aliases)
    log.info("pseudonymised %d private persons, %d replacements", len(report.persons), report.total)
    return result, report


def pseudonymise(meeting: Meeting, names_or_policy: list[str] | str = NON_ELECTED,
                 vocabulary: Any = None) -> Meeting:
    """A deep copy of ``meeting`` where private persons are "Personne A", "Personne B"…

    ``names_or_policy`` is a list of names, or :data:`NON_ELECTED` for every private person
    :func:`private_names` finds (the form's, the vocabulary's, the speakers not elected).
    """
    if isinstance(names_or_policy, str):
        if names_or_policy != NON_ELECTED:
            raise ValueError(f"unknown pseudonymisation policy {names_or_policy!r}")
        names = None
    else:
        names = list(names_or_policy)
    return pseudonymise_report(meeting, names, vocabulary)[0]
