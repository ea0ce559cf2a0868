"""A hand-written séance as a real ``Meeting``, in three transcript styles.

- ``punctuated``: the script as written (a punctuated Whisper transcript: capitals, digits);
- ``whisper``: lower case, no punctuation, numbers in words (« dix-huit voix pour et quatre
  abstentions »), « M. » said « monsieur »;
- ``noisy``: the punctuated text with ASR-like errors from a seeded RNG: surnames misspelt by
  sound (Perrot -> Perreau), a few small words dropped or confused (« et » / « est »), the
  changed words given a low probability.

Timings are computed once from the script (about 150 words a minute, a pause between turns, the
script's ``[pause N]``), so every style has the same timeline and a truth ``quote`` has the same
time span in all three. Segments follow sentences (at most ~30 words), as Whisper's do.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from transcriber.minutes.form import MinutesForm
from transcriber.model import Marker, Meeting, Segment, Speaker, Word

from .numbers import spoken_tokens
from .seance import Seance, all_quotes, find_quote

STYLES = ("punctuated", "whisper", "noisy")

TURN_GAP_MS = 700
WORD_GAP_MS = 40
SENTENCE_GAP_MS = 250
SEGMENT_MIN_TOKENS = 16
SEGMENT_MAX_TOKENS = 32

_ABBREVIATIONS = {"m.", "mm.", "dr.", "n.", "st.", "cf.", "etc."}


@dataclass
class Token:
    text: str
    turn: int
    char_start: int
    start_ms: int = 0
    end_ms: int = 0
    sentence_end: bool = False


@dataclass
class Timeline:
    """The script's tokens with their times, turn by turn."""

    turns: list[list[Token]] = field(default_factory=list)
    turn_starts: list[int] = field(default_factory=list)
    end_ms: int = 0


@dataclass
class Generated:
    meeting: Meeting
    form: MinutesForm | None
    style: str
    #: quote -> (start_ms, end_ms) in the meeting
    spans: dict[str, tuple[int, int]]


def _word_ms(token: str) -> int:
    return max(160, min(900, 110 + 55 * len(token.strip(".,;:!?«»"))))


def _is_sentence_end(token: str) -> bool:
    if token.lower() in _ABBREVIATIONS or re.fullmatch(r"[A-Z]\.", token):
        return False
    return token.endswith((".", "?", "!", "…"))


def timeline(seance: Seance) -> Timeline:
    tl = Timeline()
    now = 2000
    for i, turn in enumerate(seance.turns):
        now += int((turn.pause_s or 0) * 1000) + (TURN_GAP_MS if i else 0)
        tl.turn_starts.append(now)
        tokens = []
        for m in re.finditer(r"\S+", turn.text):
            tok = Token(m.group(), i, m.start())
            tok.start_ms = now
            tok.end_ms = now + _word_ms(tok.text)
            tok.sentence_end = _is_sentence_end(tok.text)
            now = tok.end_ms + WORD_GAP_MS + (SENTENCE_GAP_MS if tok.sentence_end else 0)
            tokens.append(tok)
        tl.turns.append(tokens)
    tl.end_ms = now + 2000
    return tl


def quote_spans(seance: Seance, tl: Timeline) -> dict[str, tuple[int, int]]:
    spans = {}
    for _where, quote in all_quotes(seance.truth):
        hits = find_quote(seance, quote) if quote else []
        if not hits:
            continue
        turn, start = hits[0]
        end = start + len(quote)
        inside = [t for t in tl.turns[turn] if t.char_start < end and t.char_start + len(t.text) > start]
        if inside:
            spans[quote] = (inside[0].start_ms, inside[-1].end_ms)
    return spans


# --- styles --------------------------------------------------------------------------------------


def whisper_words(tokens: list[Token]) -> list[list[str]]:
    """Per script token, its words in the Whisper-like style (grouping "48 500" into one number)."""
    texts = [t.text for t in tokens]
    out: list[list[str]] = [[] for _ in texts]
    i = 0
    while i < len(texts):
        tok = texts[i]
        j = i + 1
        if re.fullmatch(r"\d{1,3}", tok):
            while j < len(texts) and re.fullmatch(r"\d{3}[.,;:!?]?", texts[j]):
                tok += texts[j]
                j += 1
            if j > i + 1:
                tok = re.sub(r"[^\d]", "", tok) + (texts[j - 1][-1] if not texts[j - 1][-1].isdigit() else "")
        nxt = texts[j] if j < len(texts) else ""
        prev = texts[i - 1] if i else ""
        out[i] = spoken_tokens(tok, nxt, prev)
        i = j
    return out


_SURNAME_RULES = [
    (r"ault$", "ot"), (r"aud$", "eau"), (r"aut$", "eau"), (r"ot$", "eau"), (r"eau$", "ot"), (r"eaux$", "o"),
    (r"aing$", "in"), (r"ais$", "ai"), (r"et$", "ai"), (r"ez$", "é"), (r"ier$", "ié"), (r"ard$", "ar"),
    (r"and$", "ant"), (r"ant$", "and"), (r"ent$", "an"), (r"ain$", "in"), (r"in$", "ain"), (r"el$", "elle"),
    (r"elle$", "el"), (r"ille$", "ye"), (r"y", "i"), (r"ph", "f"), (r"th", "t"), (r"qu", "k"), (r"^h", ""),
    (r"ç", "ss"), (r"c(?=[aou])", "k"), (r"rr", "r"), (r"nn", "n"), (r"ll", "l"), (r"tt", "t"),
    (r"mm", "m"), (r"ss", "s"), (r"dd", "d"), (r"([bdfgkmnprtv])e$", r"\1"), (r"oux$", "ou"),
    (r"eux$", "eu"), (r"s$", ""), (r"x$", ""), (r"é", "ai"), (r"au", "o"), (r"ai", "è"),
    (r"gu(?=[ei])", "g"), (r"ch", "sh"), (r"ou(?=[aeiou])", "w"), (r"on$", "ont"), (r"an$", "ant"),
]

#: small words an ASR drops or confuses
_DROPPABLE = {"le", "la", "les", "de", "des", "du", "et", "à", "a", "en", "que", "qui", "est", "on", "y",
              "ne", "donc", "alors", "bon", "euh", "un", "une", "au", "aux", "pour", "par", "sur"}
_CONFUSIONS = {"et": "est", "est": "et", "a": "à", "à": "a", "ces": "ses", "ses": "ces",
               "c'est": "s'est", "on": "ont", "ont": "on", "leur": "leurs", "peu": "peut"}


def sound_alike(word: str, rng: random.Random) -> str:
    """A misspelling of a surname that sounds the same (or nearly)."""
    low = word.lower()
    options = [(p, r) for p, r in _SURNAME_RULES if re.search(p, low)]
    rng.shuffle(options)
    for pattern, repl in options:
        new = re.sub(pattern, repl, low, count=1)
        if new and new != low:
            return new[:1].upper() + new[1:] if word[:1].isupper() else new
    return word + "e"


def surnames(seance: Seance) -> set[str]:
    """The surname words of everyone the séance names (people, form, truth)."""
    names = [p.name for p in seance.people]
    form = seance.form
    if form is not None:
        a = form.attendance
        names += a.present + a.excused + a.absent + [r.member for r in a.represented] + \
            [r.proxy for r in a.represented]
    names += _truth_names(seance.truth)
    out = set()
    for name in names:
        words = [w for w in re.findall(r"[\wÀ-ÿ'-]+", name) if w not in ("M", "Mme", "Mlle")]
        for w in words[1:] if len(words) > 1 else words:
            if len(w) >= 3 and w[0].isupper():
                out.add(w)
    return out


def _truth_names(truth: dict) -> list[str]:
    out: list[str] = []

    def walk(value):
        if isinstance(value, dict):
            for k, v in value.items():
                if k in ("name", "member", "proxy", "owner", "president", "elected") and isinstance(v, str):
                    out.append(v)
                elif k in ("present", "excused", "absent", "secretaries", "pour", "contre", "abstentions",
                           "npv", "left_room") and isinstance(v, list):
                    out.extend(x for x in v if isinstance(x, str))
                else:
                    walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(truth)
    return out


def noisy_words(tokens: list[Token], names: set[str], rng: random.Random) -> list[list[tuple[str, bool]]]:
    """Per script token: (word, changed) pairs after ASR-like noise."""
    out = []
    for tok in tokens:
        core = tok.text.strip(".,;:!?«»()…")
        low = core.lower()
        lead = tok.text[: tok.text.find(core)] if core else ""
        trail = tok.text[len(lead) + len(core):] if core else ""
        if core in names and rng.random() < 0.5:
            out.append([(lead + sound_alike(core, rng) + trail, True)])
        elif low in _DROPPABLE and not trail and rng.random() < 0.04:
            out.append([])
        elif low in _CONFUSIONS and rng.random() < 0.03:
            new = _CONFUSIONS[low]
            new = new[:1].upper() + new[1:] if core[:1].isupper() else new
            out.append([(lead + new + trail, True)])
        elif not any(c.isdigit() for c in core) and core not in names and len(core) > 3 and rng.random() < 0.006:
            out.append([])
        else:
            out.append([(tok.text, False)])
    return out


# --- meeting -------------------------------------------------------------------------------------


def build_meeting(seance: Seance, style: str) -> Generated:
    if style not in STYLES:
        raise ValueError(style)
    tl = timeline(seance)
    rng = random.Random(f"{seance.name}:{seance.seed}")
    names = surnames(seance)
    speaker_ids: dict[str, str] = {}
    segments: list[Segment] = []
    for turn, tokens in zip(seance.turns, tl.turns):
        sid = speaker_ids.setdefault(turn.speaker, f"S{len(speaker_ids)}")
        if style == "punctuated":
            per_token = [[(t.text, False)] for t in tokens]
        elif style == "whisper":
            per_token = [[(w, False) for w in words] for words in whisper_words(tokens)]
        else:
            per_token = noisy_words(tokens, names, rng)
        for group in _segment_groups(tokens):
            words = []
            for k in group:
                tok, produced = tokens[k], per_token[k]
                span = tok.end_ms - tok.start_ms
                for n, (text, changed) in enumerate(produced):
                    start = tok.start_ms + span * n // len(produced)
                    end = tok.start_ms + span * (n + 1) // len(produced)
                    prob = round(rng.uniform(0.3, 0.6), 2) if changed else round(rng.uniform(0.85, 0.99), 2)
                    words.append(Word(start, end, text, prob))
            if words:
                segments.append(Segment(words[0].start_ms, words[-1].end_ms, words, sid))
    speakers = []
    for name, sid in speaker_ids.items():
        person = seance.person(name)
        speakers.append(Speaker(sid, name, elected=bool(person and person.elected)))
    markers = [Marker(start, "agenda", label)
               for turn, start in zip(seance.turns, tl.turn_starts) for label in turn.markers]
    meeting = Meeting(
        title=seance.title, created=f"{seance.date}T23:00:00", date=seance.date,
        kind="codir" if seance.is_codir else "conseil", duration_ms=tl.end_ms, segments=segments,
        speakers=speakers, markers=markers, form=seance.form.to_dict() if seance.form else {},
    )
    return Generated(meeting, seance.form, style, quote_spans(seance, tl))


def _segment_groups(tokens: list[Token]) -> list[list[int]]:
    """Token indices of each segment: whole sentences, 16 to 32 tokens when sentences allow."""
    groups: list[list[int]] = []
    current: list[int] = []
    for k, tok in enumerate(tokens):
        current.append(k)
        if (tok.sentence_end and len(current) >= SEGMENT_MIN_TOKENS) or len(current) >= SEGMENT_MAX_TOKENS:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups
