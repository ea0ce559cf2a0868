"""Speaker turns for a document: condensed (the first sentence(s)) or word for word.

``condensed_lines`` gives one short line per speaker turn; ``verbatim_turns`` every word, split
where the ASR confidence changes so the document can mark the uncertain words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Meeting, Segment, Word
from .text import speaker_turns

#: a condensed turn stops after this many characters, or earlier at a sentence end
CONDENSED_CHARS = 240
#: turns shorter than this (in words, fillers removed) are left out of the discussions
MIN_TURN_WORDS = 4

_FILLERS = re.compile(r"(?<![\w'])(?:euh+|heu+|hum+|hmm+|bah|ben|hein)(?![\w'])[,.]?\s*", re.IGNORECASE)
_NO_SPACE_BEFORE = re.compile(r"^[,.)\]…]")


@dataclass
class Line:
    """One speaker turn, condensed: who, when, the first sentence(s)."""

    speaker: str
    start_ms: int
    text: str


@dataclass
class Piece:
    text: str
    uncertain: bool = False


@dataclass
class VerbatimTurn:
    """One speaker turn word for word; ``pieces`` split it where the ASR confidence changes."""

    speaker: str
    start_ms: int
    end_ms: int
    pieces: list[Piece] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)


def condensed_lines(meeting: Meeting, segments: list[Segment]) -> list[Line]:
    """One line per speaker turn: the speaker's name and the first sentence(s), trimmed."""
    lines = []
    for turn in speaker_turns(segments):
        text = condense(" ".join(s.text for s in turn))
        if len(text.split()) < MIN_TURN_WORDS:
            continue
        lines.append(Line(meeting.speaker_label(turn[0].speaker), turn[0].start_ms, text))
    return lines


def condense(text: str, max_chars: int = CONDENSED_CHARS) -> str:
    """The first sentence(s) of ``text`` without hesitations, at most ``max_chars``."""
    text = re.sub(r"\s+", " ", _FILLERS.sub("", text)).strip()
    text = re.sub(r"\b(\w+)( \1\b)+", r"\1", text, flags=re.IGNORECASE)  # "le le" -> "le"
    sentences = re.findall(r".+?(?:[.!?…](?=\s|$)|$)", text)
    out = ""
    for s in (s.strip() for s in sentences):
        if not s:
            continue
        if out and len(out) + len(s) + 1 > max_chars:
            break
        out = f"{out} {s}".strip()
        if len(out) >= 80:
            break
    if len(out) > max_chars:
        out = out[:max_chars].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    elif len(out) < len(text) and not out.endswith("…"):
        out += " […]"
    return out[:1].upper() + out[1:]


def verbatim_turns(meeting: Meeting, segments: list[Segment]) -> list[VerbatimTurn]:
    """Every word, one entry per speaker turn, split where the words become uncertain."""
    turns = []
    for turn in speaker_turns(segments):
        words = [w for s in turn for w in s.words if w.text.strip()]
        turns.append(VerbatimTurn(
            speaker=meeting.speaker_label(turn[0].speaker), start_ms=turn[0].start_ms,
            end_ms=turn[-1].end_ms, pieces=_pieces(words),
        ))
    return turns


def _pieces(words: list[Word]) -> list[Piece]:
    pieces: list[Piece] = []
    previous = ""
    for w in words:
        t = w.text.strip()
        sep = "" if not previous or _NO_SPACE_BEFORE.match(t) or previous.endswith(("'", "’", "-")) else " "
        previous = t
        if pieces and pieces[-1].uncertain == w.low_confidence:
            pieces[-1].text += sep + t
        else:
            if sep and pieces:
                pieces[-1].text += sep  # the space belongs to the sure text, not the marked word
            pieces.append(Piece(t, w.low_confidence))
    return pieces


