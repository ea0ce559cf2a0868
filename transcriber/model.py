"""The data of a meeting: plain dataclasses, times in integer milliseconds, JSON round trip.

``Meeting`` is what the meeting folder's ``meeting.json`` holds. The words of a segment are the
source of truth for its text; ``Segment.text`` is derived from them. Edits (split, merge,
rename…) live in ``edit.py``. Every change of the JSON
layout bumps ``SCHEMA_VERSION`` and adds a step to ``_MIGRATIONS``.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from .errors import NewerFormatError, StoreError

SCHEMA_VERSION = 2

#: Words under this probability are shown as "to check" in the editor and the verbatim.
LOW_CONFIDENCE = 0.5

MARKER_KINDS = ("agenda", "note", "vote", "pause", "resume")

#: the kinds of meeting, and how they are named on screen
MEETING_KINDS = {"conseil": "Conseil municipal", "codir": "CODIR", "autre": "Autre réunion"}


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


_NO_SPACE_BEFORE = re.compile(r"^[,.)\]…]")


def join_words(texts) -> str:
    """Join word texts with single spaces (French punctuation ';:!?' keeps its space)."""
    return text_spans(texts)[0]


def text_spans(texts) -> tuple[str, list[tuple[int, int]]]:
    """The text ``join_words`` makes, and each word's [start, end) character span in it (an
    empty word gets an empty span): what an editor needs to find the word under the cursor."""
    out = ""
    spans: list[tuple[int, int]] = []
    for raw in texts:
        t = raw.strip()
        if not t:
            spans.append((len(out), len(out)))
            continue
        if out and not _NO_SPACE_BEFORE.match(t) and not out.endswith(("'", "’", "-")):
            out += " "
        spans.append((len(out), len(out) + len(t)))
        out += t
    return out, spans


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
    #: a key of ``MEETING_KINDS``: "conseil", "codir" or "autre"
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
        if not isinstance(data, dict):
            raise StoreError("Le fichier de la réunion est invalide (pas un objet JSON).")
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
        raise NewerFormatError(
            "Cette réunion a été enregistrée par une version plus récente de Séance "
            f"(format {version}, celle-ci lit jusqu'au format {SCHEMA_VERSION}) : mettez Séance à jour "
            "pour l'ouvrir. Le fichier n'a pas été modifié."
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
