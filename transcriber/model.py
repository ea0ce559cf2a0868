"""The data of a meeting: plain dataclasses, times in integer milliseconds, JSON round trip.

``Meeting`` is what the meeting folder's ``meeting.json`` holds. The words of a segment are the
source of truth for its text; ``Segment.text`` is derived from them. Every change of the JSON
layout bumps ``SCHEMA_VERSION`` and adds a step to ``_MIGRATIONS``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from .errors import StoreError

SCHEMA_VERSION = 2

#: Words under this probability are shown as "to check" in the editor and the verbatim.
LOW_CONFIDENCE = 0.5

MARKER_KINDS = ("agenda", "note", "vote", "pause", "resume")


def seconds_to_ms(seconds: float) -> int:
    return int(round(seconds * 1000))


@dataclass
class Word:
    start_ms: int
    end_ms: int
    text: str
    probability: float = 1.0
    #: what the ASR wrote when the text was changed to a spelling of the vocabulary
    #: (« Kovalchik » -> « Kowalczyk »); None for a word as heard
    corrected_from: str | None = None

    @property
    def low_confidence(self) -> bool:
        return self.probability < LOW_CONFIDENCE


@dataclass
class Segment:
    start_ms: int
    end_ms: int
    words: list[Word] = field(default_factory=list)
    speaker: str | None = None
    #: True when another voice overlapped a good part of this segment (diarisation)
    overlap: bool = False

    @property
    def text(self) -> str:
        return join_words(w.text for w in self.words)

    @property
    def duration_ms(self) -> int:
        return self.end_ms - self.start_ms

    def set_text(self, new_text: str) -> None:
        """Replace the text, keeping the timing of the words that did not change.

        Unchanged words keep their times and probability; new words share the time span of the
        words they replace (or sit at the border of their neighbours) and count as checked by a
        person (probability 1.0).
        """
        new_tokens = new_text.split()
        old = self.words
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
                start = old[a0 - 1].end_ms if a0 > 0 else self.start_ms
                end = old[a0].start_ms if a0 < len(old) else self.end_ms
                end = max(start, end)
            span = max(0, end - start)
            n = b1 - b0
            for i, token in enumerate(new_tokens[b0:b1]):
                words.append(
                    Word(start + span * i // n, start + span * (i + 1) // n, token, 1.0)
                )
        self.words = words


_NO_SPACE_BEFORE = re.compile(r"^[,.)\]…]")


def join_words(texts) -> str:
    """Join word texts with single spaces (French punctuation ';:!?' keeps its space)."""
    out = ""
    for raw in texts:
        t = raw.strip()
        if not t:
            continue
        if out and not _NO_SPACE_BEFORE.match(t) and not out.endswith(("'", "’", "-")):
            out += " "
        out += t
    return out


@dataclass
class Speaker:
    id: str
    name: str = ""
    #: elected officials keep their names in pseudonymised exports
    elected: bool = False
    color: str = ""
    #: a name proposed from the voice profiles, to confirm:
    #: {"profile": id, "name": "Mme Anne Martin", "confidence": 0.81}; empty when none
    proposal: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """The name to show: the given name, else "Intervenant N"."""
        if self.name:
            return self.name
        m = re.search(r"(\d+)$", self.id)
        return f"Intervenant {int(m.group(1)) + 1}" if m else self.id


@dataclass
class Marker:
    time_ms: int
    kind: str = "agenda"
    label: str = ""


@dataclass
class Turn:
    """A diarisation turn: who spoke when (raw, before alignment with the words)."""

    start_ms: int
    end_ms: int
    speaker: str


@dataclass
class Meeting:
    title: str
    created: str = field(default_factory=lambda: datetime.now().isoformat(timespec="seconds"))
    #: date of the meeting itself (ISO, may differ from ``created``)
    date: str = ""
    #: "conseil", "codir" or "autre"
    kind: str = "autre"
    language: str = "fr"
    #: the audio inside the meeting folder, relative to it (e.g. "audio/source.m4a")
    audio: str = ""
    duration_ms: int = 0
    segments: list[Segment] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    vocabulary: list[str] = field(default_factory=list)
    #: what each pipeline step ran with, e.g. {"asr": {"model": "base", ...}, "diarize": {...}}
    steps: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: the minutes form (attendance, agenda, …), owned by ``transcriber.minutes``
    form: dict[str, Any] = field(default_factory=dict)
    #: the collectivité the meeting belongs to: its vocabulary and voice profiles are used
    collectivite: str = ""

    # --- speakers -------------------------------------------------------------------------
    def speaker(self, speaker_id: str | None) -> Speaker | None:
        for s in self.speakers:
            if s.id == speaker_id:
                return s
        return None

    def speaker_label(self, speaker_id: str | None) -> str:
        s = self.speaker(speaker_id)
        return s.label if s else "Intervenant inconnu"

    def ensure_speaker(self, speaker_id: str) -> Speaker:
        s = self.speaker(speaker_id)
        if s is None:
            s = Speaker(speaker_id)
            self.speakers.append(s)
        return s

    def rename_speaker(self, speaker_id: str, name: str) -> None:
        s = self.speaker(speaker_id)
        if s is None:
            raise KeyError(speaker_id)
        s.name = name.strip()

    def merge_speakers(self, source_id: str, target_id: str) -> None:
        """Every segment and turn of ``source_id`` goes to ``target_id``; source disappears."""
        if self.speaker(source_id) is None or self.speaker(target_id) is None:
            raise KeyError(source_id if self.speaker(source_id) is None else target_id)
        if source_id == target_id:
            return
        for seg in self.segments:
            if seg.speaker == source_id:
                seg.speaker = target_id
        for turn in self.turns:
            if turn.speaker == source_id:
                turn.speaker = target_id
        self.speakers = [s for s in self.speakers if s.id != source_id]

    def reassign(
        self,
        segment_index: int,
        speaker_id: str,
        first_word: int | None = None,
        last_word: int | None = None,
    ) -> list[int]:
        """Give a segment, or the words ``first_word..last_word`` (inclusive) of it, to
        ``speaker_id``; the segment is split around that word range when needed.

        The speaker is created if unknown. Returns the indices, in ``segments``, of the pieces
        the segment became (the reassigned piece among them). Raises ``IndexError`` for a bad
        segment or word index, ``ValueError`` for an empty speaker id or an inverted range.
        """
        if not speaker_id:
            raise ValueError("empty speaker id")
        seg = self.segments[segment_index]  # IndexError for a bad index
        n = len(seg.words)
        if first_word is None and last_word is None:
            self.ensure_speaker(speaker_id)
            seg.speaker = speaker_id
            return [segment_index]
        first = 0 if first_word is None else first_word
        last = n - 1 if last_word is None else last_word
        if not (0 <= first < n and 0 <= last < n):
            raise IndexError(f"word range {first}..{last} outside 0..{n - 1}")
        if first > last:
            raise ValueError(f"inverted word range {first}..{last}")
        self.ensure_speaker(speaker_id)
        pieces: list[Segment] = []
        bounds = [(0, first - 1, seg.speaker), (first, last, speaker_id), (last + 1, n - 1, seg.speaker)]
        kept = [(a, b, spk) for a, b, spk in bounds if a <= b]
        for k, (a, b, spk) in enumerate(kept):
            words = seg.words[a : b + 1]
            start = seg.start_ms if k == 0 else words[0].start_ms
            end = seg.end_ms if k == len(kept) - 1 else words[-1].end_ms
            pieces.append(Segment(start, max(start, end), list(words), spk, seg.overlap))
        self.segments[segment_index : segment_index + 1] = pieces
        return list(range(segment_index, segment_index + len(pieces)))

    def used_speaker_ids(self) -> list[str]:
        """Speaker ids that own at least one segment or turn, in order of first appearance."""
        seen: dict[str, int] = {}
        for start, spk in sorted(
            [(s.start_ms, s.speaker) for s in self.segments if s.speaker]
            + [(t.start_ms, t.speaker) for t in self.turns]
        ):
            seen.setdefault(spk, start)
        return list(seen)

    def talk_time_ms(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for seg in self.segments:
            if seg.speaker:
                totals[seg.speaker] = totals.get(seg.speaker, 0) + seg.duration_ms
        return totals

    # --- text -----------------------------------------------------------------------------
    @property
    def text(self) -> str:
        return "\n".join(s.text for s in self.segments if s.words)

    def all_words(self) -> list[Word]:
        return [w for s in self.segments for w in s.words]

    # --- JSON -----------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for seg in d["segments"]:
            for w in seg["words"]:
                if w["corrected_from"] is None:  # the common case stays small on disk
                    del w["corrected_from"]
        d["schema_version"] = SCHEMA_VERSION
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Meeting":
        data = migrate(dict(data))
        try:
            return cls(
                title=data["title"],
                created=data.get("created", ""),
                date=data.get("date", ""),
                kind=data.get("kind", "autre"),
                language=data.get("language", "fr"),
                audio=data.get("audio", ""),
                duration_ms=int(data.get("duration_ms", 0)),
                segments=[
                    Segment(
                        start_ms=int(s["start_ms"]),
                        end_ms=int(s["end_ms"]),
                        words=[Word(**w) for w in s.get("words", [])],
                        speaker=s.get("speaker"),
                        overlap=bool(s.get("overlap", False)),
                    )
                    for s in data.get("segments", [])
                ],
                speakers=[Speaker(**s) for s in data.get("speakers", [])],
                markers=[Marker(**m) for m in data.get("markers", [])],
                turns=[Turn(**t) for t in data.get("turns", [])],
                vocabulary=list(data.get("vocabulary", [])),
                steps=dict(data.get("steps", {})),
                form=dict(data.get("form", {})),
                collectivite=str(data.get("collectivite", "")),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise StoreError(f"Le fichier de la réunion est invalide ({exc}).") from exc


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring a meeting dict of any older schema version up to ``SCHEMA_VERSION``."""
    version = int(data.pop("schema_version", 1))
    if version > SCHEMA_VERSION:
        raise StoreError(
            "Cette réunion a été enregistrée par une version plus récente de Séance "
            f"(format {version}, celle-ci lit jusqu'au format {SCHEMA_VERSION})."
        )
    while version < SCHEMA_VERSION:
        data = _MIGRATIONS[version](data)
        version += 1
    return data


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """v2 adds ``Word.corrected_from`` (vocabulary fixes), ``Speaker.proposal`` (voice profiles)
    and ``Meeting.collectivite``: a v1 meeting has none (words as heard, nothing proposed)."""
    data.setdefault("collectivite", "")
    return data


#: _MIGRATIONS[n] turns a schema-n dict into a schema-(n+1) dict.
_MIGRATIONS: dict[int, Any] = {1: _v1_to_v2}
