"""French transcript text prepared for the rule-based detectors.

A :class:`Unit` is one speaker turn (consecutive segments of one speaker) seen three ways:

- ``text``: the words joined, numbers said in words turned into digits (text2num), case kept;
- ``folded``: ``text`` lowercased, accents stripped, apostrophes and dashes unified. It has the
  same length as ``text``, so a match found in ``folded`` is sliced out of ``text`` as is;
- a map from a position in ``text`` back to the original ``Word`` (its time, its wording).

Detectors match on ``folded`` (never relying on Whisper's capitals or punctuation), quote names
from ``text`` and long passages from the original words, and date every fact with
:meth:`Unit.time_at`.
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from text_to_num import alpha2digit

from ..model import Meeting, Segment, Word, join_words

_FOLD_SPECIAL = {
    "’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'",
    "«": '"', "»": '"', "“": '"', "”": '"', "„": '"',
    "–": "-", "—": "-", "‑": "-", "‐": "-", "−": "-",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ",
}


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    if c in _FOLD_SPECIAL:
        return _FOLD_SPECIAL[c]
    base = unicodedata.normalize("NFD", c)[0].lower()
    return base if len(base) == 1 else c


def fold(text: str) -> str:
    """Lowercase, strip accents, unify quotes and dashes; the result has the length of ``text``."""
    return "".join(_fold_char(c) for c in text)


_SMALL = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
          "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16}
#: a small number word text2num left alone, right before what a vote or an attendance counts
_LEFT_NUMBER = re.compile(
    r"\b(" + "|".join(_SMALL) + r")(?=\s+(?:voix|pour|contre|abstentions?|abstenus?|presents?|votants?|bulletins?|"
    r"suffrages|elus|conseillers|membres|pouvoirs|procurations|partout|janvier|février|fevrier|mars|avril|mai|"
    r"juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre)\b)", re.IGNORECASE)


def to_digits(text: str) -> str:
    """Numbers said in words become digits ("vingt-trois voix" -> "23 voix")."""
    if not text:
        return text
    try:
        text = alpha2digit(text, "fr", threshold=0)
    except Exception:  # text2num is robust, but a transcript must never break the detectors
        return text
    return _LEFT_NUMBER.sub(lambda m: str(_SMALL[m.group(1).lower()]) if m.group(1).lower() not in ("un", "une")
                            else m.group(1), text)


def for_display(text: str) -> str:
    """Original wording made readable: big numbers as digits ("deux mille vingt-six" -> "2026"),
    small ones and articles ("un avenant") left in words."""
    if not text:
        return text
    try:
        return alpha2digit(text, "fr")
    except Exception:
        return text


_ABBREVIATIONS = {"m", "mm", "mme", "mmes", "mlle", "dr", "me", "st", "ste", "n", "no", "art", "cf"}
_SENTENCE_END = re.compile(r"[.!?…;]+(?=\s|$)")


def sentence_starts(folded: str) -> list[int]:
    """Start offsets of the sentences of ``folded`` (first is 0).

    A full stop after an abbreviation ("M. Dupont") or an initial ("Mme F. accepte") does not
    end a sentence. Without punctuation the whole unit is one sentence.
    """
    starts = [0]
    for m in _SENTENCE_END.finditer(folded):
        if m.group().startswith("."):
            before = re.search(r"(\w+)$", folded[: m.start()])
            if before and (before.group(1) in _ABBREVIATIONS or (len(before.group(1)) == 1 and before.group(1).isalpha())):
                continue
        nxt = m.end()
        while nxt < len(folded) and folded[nxt].isspace():
            nxt += 1
        if nxt < len(folded):
            starts.append(nxt)
    return starts


@dataclass
class Unit:
    """One speaker turn prepared for the detectors (see the module docstring)."""

    words: list[Word]
    speaker: str | None
    text: str
    folded: str
    #: start offset in ``text`` of each whitespace token of ``text``
    token_starts: list[int]
    #: first and last index in ``words`` that each token of ``text`` comes from ("2026" comes
    #: from "deux mille vingt-six")
    token_first: list[int]
    token_last: list[int]
    sentences: list[int] = field(default_factory=list)

    @property
    def start_ms(self) -> int:
        return self.words[0].start_ms if self.words else 0

    @property
    def end_ms(self) -> int:
        return self.words[-1].end_ms if self.words else 0

    def word_index_at(self, pos: int, last: bool = False) -> int:
        if not self.token_starts:
            return 0
        tok = max(0, bisect.bisect_right(self.token_starts, pos) - 1)
        return (self.token_last if last else self.token_first)[tok]

    def time_at(self, pos: int) -> int:
        """Start time (ms) of the original word under ``pos``."""
        if not self.words:
            return 0
        return self.words[self.word_index_at(pos)].start_ms

    def original(self, start: int, end: int) -> str:
        """The original wording (numbers as said) of the span ``[start, end)`` of ``text``."""
        if not self.words or end <= start:
            return ""
        first = self.word_index_at(start)
        last = self.word_index_at(max(start, end - 1), last=True)
        return join_words(w.text for w in self.words[first : last + 1])

    def excerpt(self, start: int, end: int | None = None, radius: int = 150) -> str:
        """The original words of the sentence(s) around ``[start, end)``, at most ``radius``
        characters on each side (a turn Whisper left without punctuation is one long sentence)."""
        end = start if end is None else end
        s_start = self.sentence_span(start)[0]
        s_end = self.sentence_span(max(start, end - 1))[1]
        a, b = max(s_start, start - radius), min(s_end, end + radius)
        text = self.original(a, b).strip()
        return ("… " if a > s_start else "") + text + (" …" if b < s_end else "")

    def sentence_index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.sentences, pos) - 1)

    def sentence_span(self, pos: int) -> tuple[int, int]:
        i = self.sentence_index(pos)
        start = self.sentences[i]
        end = self.sentences[i + 1] if i + 1 < len(self.sentences) else len(self.text)
        return start, end


def make_unit(words: list[Word], speaker: str | None = None) -> Unit:
    """Build a :class:`Unit` from words (empty words are dropped)."""
    words = [w for w in words if w.text.strip()]
    joined, word_starts = _join_with_offsets([w.text.strip() for w in words])
    text = to_digits(joined)
    joined_tokens = [(m.start(), m.group()) for m in re.finditer(r"\S+", joined)]
    text_tokens = [(m.start(), m.group()) for m in re.finditer(r"\S+", text)]
    spans = _align_tokens([t for _, t in joined_tokens], [t for _, t in text_tokens])
    word_of = [max(0, bisect.bisect_right(word_starts, start) - 1) for start, _ in joined_tokens]
    first = [word_of[a] if word_of else 0 for a, _ in spans]
    last = [word_of[b] if word_of else 0 for _, b in spans]
    folded = fold(text)
    token_starts = [s for s, _ in text_tokens]
    return Unit(
        words=words,
        speaker=speaker,
        text=text,
        folded=folded,
        token_starts=token_starts,
        token_first=first,
        token_last=last,
        sentences=_with_pauses(sentence_starts(folded), folded, words, token_starts, first),
    )


#: a silence this long between two words ends a sentence the transcript left unpunctuated (ms)
PAUSE_MS = 200
#: … and this long in a punctuated transcript, where a pause mid-sentence is common (ms)
LONG_PAUSE_MS = 1200


def _with_pauses(starts: list[int], folded: str, words: list[Word], token_starts: list[int],
                 token_first: list[int]) -> list[int]:
    """Sentence starts completed by the pauses of the speech.

    Whisper often leaves a turn without punctuation; the speaker's pauses then mark its
    sentences (a short one is enough there). In a punctuated turn only a long silence counts.
    """
    punctuated = len(starts) > 1 or bool(re.search(r"[.!?]", folded))
    limit = LONG_PAUSE_MS if punctuated else PAUSE_MS
    extra = []
    previous_word = None
    for pos, w in zip(token_starts, token_first):
        if previous_word is not None and w != previous_word and w > 0:
            if words[w].start_ms - words[w - 1].end_ms >= limit:
                extra.append(pos)
        previous_word = w
    return sorted(set(starts) | set(extra)) if extra else starts


def unit_from_text(text: str, start_ms: int = 0, speaker: str | None = None, word_ms: int = 300) -> Unit:
    """A unit from plain text, each word lasting ``word_ms`` (tests, form texts)."""
    words = [
        Word(start_ms + i * word_ms, start_ms + (i + 1) * word_ms, tok)
        for i, tok in enumerate(text.split())
    ]
    return make_unit(words, speaker)


def _join_with_offsets(texts: list[str]) -> tuple[str, list[int]]:
    """``join_words`` that also returns the offset of each word in the joined string."""
    joined = join_words(texts)
    starts = []
    cursor = 0
    for t in texts:
        found = joined.find(t, cursor)
        if found < 0:  # cannot happen: join_words keeps every word, in order
            found = cursor
        starts.append(found)
        cursor = found + len(t)
    return joined, starts


def _align_tokens(source: list[str], target: list[str]) -> list[tuple[int, int]]:
    """For every target token, the first and last source tokens it comes from."""
    if not source:
        return [(0, 0)] * len(target)
    spans = [(0, 0)] * len(target)
    matcher = difflib.SequenceMatcher(a=source, b=target, autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        n = b1 - b0
        for k in range(b0, b1):
            if tag == "equal":
                spans[k] = (a0 + k - b0, a0 + k - b0)
            elif a1 > a0:
                # replaced tokens (numbers in words -> digits) share their source span
                i = k - b0
                lo = a0 + i * (a1 - a0) // n
                hi = a0 + (i + 1) * (a1 - a0) // n - 1 if i < n - 1 else a1 - 1
                spans[k] = (lo, max(lo, hi))
            else:
                spans[k] = (max(0, a0 - 1), max(0, a0 - 1))
    return spans


def speaker_turns(segments: list[Segment]) -> list[list[Segment]]:
    """Consecutive segments of the same speaker, grouped (segments without words skipped)."""
    turns: list[list[Segment]] = []
    for seg in segments:
        if not seg.words:
            continue
        if turns and turns[-1][-1].speaker == seg.speaker:
            turns[-1].append(seg)
        else:
            turns.append([seg])
    return turns


def meeting_units(meeting: Meeting) -> list[Unit]:
    """One unit per speaker turn of the meeting, in time order."""
    segments = sorted(meeting.segments, key=lambda s: s.start_ms)
    return [
        make_unit([w for s in turn for w in s.words], turn[0].speaker)
        for turn in speaker_turns(segments)
    ]


# --- names -----------------------------------------------------------------------------------

CIVILITY = r"(?:monsieur|madame|mademoiselle|messieurs|mesdames|mme|mmes|mlle|mr|m)\b\.?"
_CIVILITY_RE = re.compile(CIVILITY + r"\s*")
_CIVILITY_WORD = re.compile(r"(?:mme|mmes|mlle|mr|m)\.?")
_ROLE_RE = re.compile(
    r"(?:(?:monsieur|madame|m\.?|mme)\s+)?(le|la)\s+(maire|presidente?|dgs|dga|directrice|directeur|secretaire generale?)\b"
)
_ROLE_NAMES = {
    "maire": "le Maire", "president": "le Président", "presidente": "la Présidente",
    "dgs": "le DGS", "dga": "le DGA", "directeur": "le Directeur", "directrice": "la Directrice",
    "secretaire generale": "la Secrétaire générale", "secretaire general": "le Secrétaire général",
}

#: words that never belong to a person's name (folded)
STOPWORDS = frozenset(
    """a au aux de du des d le la les l et ou qui que qu pour par comme en est sera etait
    etant donne donner a donne pouvoir pouvoirs procuration procurations represente representee
    se s ne n pas sur avec dans il elle je j nous vous on ils elles son sa ses un une ce cette
    cet ces y lui leur quitte arrive charge chargee occupe propose designe designee nomme nommee
    mais donc alors bien tres merci oui non si bon ok voila ensuite puis aussi absent absente
    absents excuse excusee excuses presents present presente secretaire seance assure assurera
    accepte ayant avoir fait va vais doit devra prend prendra pilote relance contre vote votent
    abstient intervient precise demande rappelle souhaite indique explique interessee interesse
    parole madame monsieur mesdames messieurs adjoint adjointe conseiller conseillere municipal
    municipale delegue deleguee rapporteur rapporteure groupe liste tous toutes tout point
    sont ont avait avaient etaient sera seront serait etre ete peut peuvent veut voulu bien
    nous vous leurs notre votre nos vos mon ma mes ton ta tes moi toi eux elle-meme lui-meme
    moi-meme dois doit devoir partir part quittent arrivent revient reprend reprends heures heure
    questions diverses question merci entendu excusez excuse-moi pardon bonsoir bonjour oui non
    presente presentes excusees absentes plus moins deux trois quatre cinq six sept huit neuf dix
    voix abstention abstentions pouvoir unanimite majorite adopte adoptee rejete rejetee
    suis es sommes etes fais faites avons avez vais allons allez vas doivent devons devez
    ne-prend prenant prendre prends votant votants vote votes voter votera voteront dont j'ai c'est
    qu'il qu'elle l'a d'un d'une""".split()
)
_NAME_TOKEN = re.compile(r"[^\W\d_][\w'\-]*\.?|[^\W\d_]\.")


@dataclass
class NameMatch:
    name: str
    start: int
    end: int


def tidy_name(raw: str) -> str:
    """Trim punctuation around a name and give it capitals if Whisper wrote it in lowercase."""
    parts = []
    for tok in raw.split():
        tok = tok.strip(",;:!?\"()[]")
        if tok.endswith(".") and len(tok.rstrip(".")) > 1:
            tok = tok.rstrip(".")
        if tok:
            parts.append(tok)
    name = " ".join(parts)
    if name and name == name.lower():
        name = name.title()
    return name


def name_at(unit: Unit, pos: int, max_tokens: int = 3) -> NameMatch | None:
    """The person named right at ``pos`` in ``unit`` ("Mme Yvon", "M. le Maire", "Patrice B.")."""
    folded = unit.folded
    while pos < len(folded) and folded[pos] in " ,:":
        pos += 1
    role = _ROLE_RE.match(folded, pos)
    if role:
        key = role.group(2)
        return NameMatch(_ROLE_NAMES.get(key, key), pos, role.end())
    civ = _CIVILITY_RE.match(folded, pos)
    cursor = civ.end() if civ and civ.group().strip() else pos
    start_tokens = cursor
    tokens = 0
    end = cursor
    while tokens < max_tokens:
        m = _NAME_TOKEN.match(folded, cursor)
        if not m:
            break
        word = m.group().rstrip(".")
        if word in STOPWORDS or word.endswith("'") or (tokens and _CIVILITY_WORD.fullmatch(m.group())):
            break
        tokens += 1
        end = m.end()
        raw = m.group()
        # a full stop after a long word ends the sentence, not an initial: stop there
        if raw.endswith(".") and len(word) > 1:
            end -= 1
            break
        cursor = end
        while cursor < len(folded) and folded[cursor] == " ":
            cursor += 1
    if tokens == 0:
        return None
    return NameMatch(tidy_name(unit.text[start_tokens:end]), pos, end)


def name_before(unit: Unit, pos: int, floor: int | None = None) -> NameMatch | None:
    """The person named last before ``pos`` in the same clause or sentence.

    A name with a civility or a role ("M. Xavier", "le Maire") ending at most three words before
    ``pos`` wins; otherwise up to three name-like words right before ``pos``, skipping a few
    small words ("Jean Martin a donné…", "Dupont, qui est excusé").
    """
    if floor is None:
        floor = unit.sentence_span(pos)[0]
    folded = unit.folded
    best = None
    for m in re.finditer(r"\b(?:" + CIVILITY + r"\s|le maire\b|la maire\b|le president|la presidente)", folded[floor:pos]):
        found = name_at(unit, floor + m.start())
        if found and found.end <= pos:
            best = found
    if best and len(folded[best.end : pos].split()) <= 3:
        return best
    words = list(re.finditer(r"(?<![\w'])[^\W\d_][\w'\-]*\.?", folded[floor:pos]))
    picked: list[re.Match] = []
    skipped = 0
    for m in reversed(words):
        w = m.group().rstrip(".")
        if w in STOPWORDS or "'" in w:
            if picked or skipped >= 3:
                break
            skipped += 1
            continue
        picked.insert(0, m)
        if len(picked) == 2:  # a first name and a surname ("Jean-Claude Renaudin")
            break
    if not picked:
        return None
    start, end = floor + picked[0].start(), floor + picked[-1].end()
    return NameMatch(tidy_name(unit.text[start:end]), start, end)


def subject_in(unit: Unit, start: int, end: int) -> NameMatch | None:
    """The person who is the subject of the clause ``[start, end)``.

    A civility ("M.", "Mme", "Monsieur"…) or a role ("le Maire") wins; otherwise the first name
    tokens at the start of the clause.
    """
    folded = unit.folded[:end]
    for m in re.finditer(r"\b(?:" + CIVILITY + r"\s|le maire\b|la maire\b|le president|la presidente)", folded[start:]):
        found = name_at(unit, start + m.start())
        if found and found.end <= end:
            return found
    pos = start
    while True:  # skip connectives at the clause start
        m = re.match(r"\s*(?:et|donc|alors|puis|ensuite|bon|oui|ok|voila|enfin)\b[ ,]*", folded[pos:])
        if not m or not m.group():
            break
        pos += m.end()
    found = name_at(unit, pos)
    if found and found.end <= end:
        return found
    return None


def clause_start(folded: str, pos: int, floor: int = 0) -> int:
    """Start of the clause that ends at ``pos``: after the last , ; : ( or sentence end."""
    for i in range(pos - 1, floor - 1, -1):
        if folded[i] in ",;:(!?":
            return i + 1
        if folded[i] == "." and i + 1 < len(folded) and folded[i + 1] == " ":
            before = re.search(r"(\w+)$", folded[floor:i])
            if not before or (before.group(1) not in _ABBREVIATIONS and len(before.group(1)) > 1):
                return i + 1
    return floor
