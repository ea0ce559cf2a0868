"""Speaker turns word for word, for the verbatim: intégral (as said) or nettoyé.

``verbatim_turns`` gives every word, split where the ASR confidence changes so the document can
mark the uncertain words; with ``clean=True`` it is the verbatim nettoyé (:func:`cleaned`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Meeting, Segment, Word
from .text import fold, speaker_turns

_NO_SPACE_BEFORE = re.compile(r"^[,.)\]…]")


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


def verbatim_turns(meeting: Meeting, segments: list[Segment], clean: bool = False) -> list[VerbatimTurn]:
    """Every word, one entry per speaker turn, split where the words become uncertain. With
    ``clean``, the verbatim nettoyé: hesitations, repeated words and false starts removed."""
    turns = []
    for turn in speaker_turns(segments):
        words = [w for s in turn for w in s.words if w.text.strip()]
        if clean:
            words = cleaned(words)
            if not words:
                continue
        turns.append(VerbatimTurn(
            speaker=meeting.speaker_label(turn[0].speaker), start_ms=turn[0].start_ms,
            end_ms=turn[-1].end_ms, pieces=_pieces(words),
        ))
    return turns


#: hesitations a verbatim nettoyé leaves out (folded, without punctuation)
HESITATIONS = frozenset("euh euhm heu hum hmm mmh mh bah ben hein ah oh".split())


def _key(text: str) -> str:
    return re.sub(r"[^\w'-]", "", fold(text)).strip("-")


def cleaned(words: list[Word]) -> list[Word]:
    """The words of a verbatim nettoyé, as parliamentary reporters make it: hesitations ("euh"),
    words said twice ("le le", "on va, on va faire") and false starts ("le pro- le projet") out;
    every other word kept, unchanged and in order."""
    keep = [w for w in words if _key(w.text) not in HESITATIONS or not _key(w.text)]
    changed = True
    while changed:
        changed = False
        keys = [_key(w.text) for w in keep]
        for i in range(len(keep)):
            if keep[i].text.rstrip(",;").endswith(("-", "…")) and keys[i] \
                    and any(k.startswith(keys[i][:2]) for k in keys[i + 1:i + 4]):
                del keep[i]  # "le pro- le projet": a word cut and said again
                changed = True
                break
            for n in (3, 2, 1):
                first, second = keys[i:i + n], keys[i + n:i + 2 * n]
                if len(second) == n and first == second and all(first) \
                        and not keep[i + n - 1].text.rstrip().endswith((".", "?", "!")):
                    del keep[i:i + n]
                    changed = True
                    break
            if changed:
                break
    return keep


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


