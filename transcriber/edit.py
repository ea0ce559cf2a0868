"""Every edit of a meeting's transcript and speakers, as plain functions: the one home of each rule.

Two kinds of functions:

* pure ones that compute the result of an edit without changing anything (``split_segment``,
  ``merge_segments``, ``reassign_segment``, ``retext``, ``new_speaker``): alignment and the app's
  undo commands use them, the app applying the result through its item models;
* ones that apply an edit to a ``Meeting`` in place after checking it (``split``, ``merge``,
  ``reassign``, ``rename_speaker``, ``merge_speakers``, ``add_speaker``): the command line uses
  them. A mistake raises ``InputError`` with a French message.

Segment and word numbers are indices (from 0) here; the command line shows them from 1.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from .errors import InputError
from .model import Meeting, Segment, Speaker, Word

#: Colours given to speakers in order (readable on white, distinct for colour-blind readers).
SPEAKER_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
                   "#8C564B", "#7F7F7F", "#BCBD22", "#17BECF"]

_SPEAKER_ID = "SPEAKER_{:02d}"


# --- segments: pure ------------------------------------------------------------------------------

def split_segment(seg: Segment, cuts: int | Iterable[int]) -> list[Segment]:
    """``seg`` cut before each word index in ``cuts`` (cuts at 0 or past the end are ignored).

    The one boundary rule of the whole program (alignment, reassigning words, the editor's
    split): the first piece starts where the segment started and the last ends where it ended;
    in between, a piece starts at its first word's start and ends at its last word's end, but
    never after the next piece starts (word times from the ASR may overlap), and never before it
    starts itself. Pieces keep the segment's speaker and overlap flag and share its ``Word``
    objects (words are never changed in place).
    """
    n = len(seg.words)
    points = sorted({c for c in ([cuts] if isinstance(cuts, int) else cuts) if 0 < c < n})
    ranges = list(zip([0, *points], [*points, n]))
    starts = [seg.start_ms if k == 0 else seg.words[a].start_ms for k, (a, _) in enumerate(ranges)]
    pieces = []
    for k, (a, b) in enumerate(ranges):
        if k == len(ranges) - 1:
            end = seg.end_ms
        else:
            end = min(seg.words[b - 1].end_ms, starts[k + 1])
        pieces.append(Segment(starts[k], max(starts[k], end), seg.words[a:b], seg.speaker, seg.overlap))
    return pieces


def merge_segments(first: Segment, second: Segment) -> Segment:
    """``first`` and the ``second`` that follows it as one segment: the words of both, the
    first's speaker (else the second's), overlapped if either was."""
    return Segment(first.start_ms, max(first.end_ms, second.end_ms), [*first.words, *second.words],
                   first.speaker or second.speaker, first.overlap or second.overlap)


def reassign_segment(seg: Segment, speaker_id: str, first: int | None = None,
                     last: int | None = None) -> list[Segment]:
    """The pieces ``seg`` becomes when its words ``first..last`` (inclusive; default: all) go to
    ``speaker_id``: the segment is cut around them by :func:`split_segment`."""
    n = len(seg.words)
    if first is None and last is None:
        return [Segment(seg.start_ms, seg.end_ms, list(seg.words), speaker_id, seg.overlap)]
    first = 0 if first is None else first
    last = n - 1 if last is None else last
    _check_word_range(seg, first, last)
    pieces = split_segment(seg, (first, last + 1))
    index = 0 if first == 0 else 1
    pieces[index].speaker = speaker_id
    return pieces


def retext(seg: Segment, new_text: str) -> list[Word]:
    """The words of ``seg`` once its text is ``new_text``, keeping the timing of unchanged words.

    Unchanged words keep their times and probability; new words share the time span of the
    words they replace (or sit at the border of their neighbours) and count as checked by a
    person (probability 1.0).
    """
    new_tokens = new_text.split()
    old = seg.words
    matcher = difflib.SequenceMatcher(a=[w.text for w in old], b=new_tokens, autojunk=False)
    words: list[Word] = []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            words.extend(old[a0:a1])
            continue
        if b0 == b1:  # deletion
            continue
        if a1 > a0:
            start, end = old[a0].start_ms, old[a1 - 1].end_ms
        else:
            start = old[a0 - 1].end_ms if a0 > 0 else seg.start_ms
            end = old[a0].start_ms if a0 < len(old) else seg.end_ms
            end = max(start, end)
        span = max(0, end - start)
        count = b1 - b0
        for i, token in enumerate(new_tokens[b0:b1]):
            words.append(Word(start + span * i // count, start + span * (i + 1) // count, token, 1.0))
    return words


def copy_segment(seg: Segment) -> Segment:
    """A segment equal to ``seg`` with its own word list (the words themselves are shared)."""
    return Segment(seg.start_ms, seg.end_ms, list(seg.words), seg.speaker, seg.overlap)


def _check_word_range(seg: Segment, first: int, last: int) -> None:
    n = len(seg.words)
    if not (0 <= first < n and 0 <= last < n):
        raise InputError(f"Mots {first + 1} à {last + 1} hors du segment, qui en compte {n}.")
    if first > last:
        raise InputError(f"Plage de mots inversée : {first + 1} à {last + 1}.")


def segment_at(meeting: Meeting, index: int) -> Segment:
    """Segment ``index`` of ``meeting``; ``InputError`` (numbered from 1) if there is none."""
    if not 0 <= index < len(meeting.segments):
        raise InputError(f"Segment {index + 1} inexistant : la réunion en compte {len(meeting.segments)}.")
    return meeting.segments[index]


# --- segments: applied to a meeting --------------------------------------------------------------

def check_split(meeting: Meeting, index: int, word: int) -> None:
    """``InputError`` unless segment ``index`` can be cut before its word ``word``."""
    seg = segment_at(meeting, index)
    if not 0 < word < len(seg.words):
        raise InputError(f"Impossible de scinder le segment {index + 1} avant le mot {word + 1} : "
                         f"il faut un mot entre le deuxième et le dernier ({len(seg.words)} mots).")


def split(meeting: Meeting, index: int, word: int) -> list[Segment]:
    """Cut segment ``index`` before its word ``word``; returns the two pieces."""
    check_split(meeting, index, word)
    pieces = split_segment(meeting.segments[index], word)
    meeting.segments[index : index + 1] = pieces
    return pieces


def check_merge(meeting: Meeting, index: int) -> None:
    """``InputError`` unless segment ``index`` has a next segment to merge with."""
    segment_at(meeting, index)
    if index == len(meeting.segments) - 1:
        raise InputError(f"Le segment {index + 1} est le dernier : rien à fusionner après lui.")


def merge(meeting: Meeting, index: int) -> Segment:
    """Merge segment ``index`` with the next one; returns the merged segment."""
    check_merge(meeting, index)
    merged = merge_segments(meeting.segments[index], meeting.segments[index + 1])
    meeting.segments[index : index + 2] = [merged]
    return merged


def reassign(meeting: Meeting, index: int, speaker_id: str, first: int | None = None,
             last: int | None = None) -> list[int]:
    """Give segment ``index``, or its words ``first..last``, to the known speaker ``speaker_id``.

    Returns the indices, in ``meeting.segments``, of the pieces the segment became."""
    seg = segment_at(meeting, index)
    if meeting.speaker(speaker_id) is None:
        raise InputError(f"Intervenant inconnu : {speaker_id}.")
    pieces = reassign_segment(seg, speaker_id, first, last)
    meeting.segments[index : index + 1] = pieces
    return list(range(index, index + len(pieces)))


def edit_text(meeting: Meeting, index: int, text: str) -> Segment:
    """Replace the text of segment ``index`` (see :func:`retext`)."""
    seg = segment_at(meeting, index)
    seg.words = retext(seg, text)
    return seg


# --- speakers ------------------------------------------------------------------------------------

def speaker_colour(meeting: Meeting, speaker_id: str | None) -> str:
    """The colour a speaker is shown in: its own, else one from its place in the list."""
    sp = meeting.speaker(speaker_id)
    if sp is None:
        return "#606060"
    if sp.color:
        return sp.color
    return SPEAKER_COLOURS[meeting.speakers.index(sp) % len(SPEAKER_COLOURS)]


def free_speaker_id(taken: Iterable[str]) -> str:
    """The first ``SPEAKER_NN`` not in ``taken``."""
    used = set(taken)
    n = 0
    while _SPEAKER_ID.format(n) in used:
        n += 1
    return _SPEAKER_ID.format(n)


def check_speaker_name(meeting: Meeting, speaker_id: str | None, name: str) -> str:
    """``name`` tidied (spaces), or ``InputError`` when another speaker already shows that name
    (two speakers must not look the same in a document; merge them instead). "" is allowed: the
    speaker is then shown as "Intervenant N"."""
    name = " ".join(name.split())
    for other in meeting.speakers:
        if other.id != speaker_id and name and other.label.casefold() == name.casefold():
            raise InputError(f"Le nom « {name} » est déjà porté par {other.id}. S'il s'agit de la même "
                             "personne, fusionnez les deux intervenants.")
    return name


def new_speaker(meeting: Meeting, name: str = "") -> Speaker:
    """A speaker to add to ``meeting`` (not added): a free id, the next colour, a checked name."""
    name = check_speaker_name(meeting, None, name)
    taken = {s.id for s in meeting.speakers} | {s.speaker for s in meeting.segments if s.speaker} \
        | {t.speaker for t in meeting.turns}
    colour = SPEAKER_COLOURS[len(meeting.speakers) % len(SPEAKER_COLOURS)]
    return Speaker(free_speaker_id(taken), name, color=colour)


def add_speaker(meeting: Meeting, name: str = "") -> Speaker:
    """Add a new speaker (see :func:`new_speaker`) and return it."""
    speaker = new_speaker(meeting, name)
    meeting.speakers.append(speaker)
    return speaker


def _known(meeting: Meeting, speaker_id: str) -> Speaker:
    sp = meeting.speaker(speaker_id)
    if sp is None:
        raise InputError(f"Intervenant inconnu : {speaker_id}.")
    return sp


def rename_speaker(meeting: Meeting, speaker_id: str, name: str) -> Speaker:
    """Give ``speaker_id`` the name ``name`` (checked by :func:`check_speaker_name`)."""
    sp = _known(meeting, speaker_id)
    sp.name = check_speaker_name(meeting, speaker_id, name)
    return sp


def set_elected(meeting: Meeting, speaker_id: str, elected: bool) -> Speaker:
    """Mark ``speaker_id`` as an elected member (named in pseudonymised documents) or not."""
    sp = _known(meeting, speaker_id)
    sp.elected = bool(elected)
    return sp


def merge_speakers(meeting: Meeting, source_id: str, target_id: str) -> int:
    """Every segment and turn of ``source_id`` goes to ``target_id``, and the source disappears.

    Returns how many segments moved."""
    _known(meeting, source_id)
    _known(meeting, target_id)
    if source_id == target_id:
        raise InputError("Impossible de fusionner un intervenant avec lui-même.")
    moved = 0
    for seg in meeting.segments:
        if seg.speaker == source_id:
            seg.speaker = target_id
            moved += 1
    for turn in meeting.turns:
        if turn.speaker == source_id:
            turn.speaker = target_id
    meeting.speakers = [s for s in meeting.speakers if s.id != source_id]
    return moved


def find_speaker(meeting: Meeting, key: str) -> Speaker:
    """A speaker by id (SPEAKER_00, case-insensitive), by its current name or by its label."""
    wanted = key.strip().casefold()
    for by in (lambda s: s.id, lambda s: s.name, lambda s: s.label):
        found = [s for s in meeting.speakers if by(s) and by(s).casefold() == wanted]
        if len(found) == 1:
            return found[0]
    known = ", ".join(f"{s.id} ({s.label})" for s in meeting.speakers) or "aucun"
    raise InputError(f"Intervenant inconnu : « {key} ». Intervenants de cette réunion : {known}.")

