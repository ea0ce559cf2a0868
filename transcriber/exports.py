"""Plain exports of a transcript: TXT, SRT, VTT and JSON. Every file is written atomically.

An export may carry a ``note`` (TXT: a first line in brackets; VTT: a NOTE block; SRT has no
comments) and ``extra`` top-level objects in the JSON: ``minutes.pseudonymise.export_pseudonymised``
uses them to say, in each file, what was replaced.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

from .errors import InputError
from .model import Meeting, Segment
from .store import write_atomic
from .timefmt import hms, subtitle_time

FORMATS = ("txt", "srt", "vtt", "json")
PSEUDONYMISED_STEM = "transcription-pseudonymisee"


def speaker_turns(meeting: Meeting) -> list[tuple[str | None, list[Segment]]]:
    """Consecutive segments of the same speaker grouped into turns."""
    turns: list[tuple[str | None, list[Segment]]] = []
    for seg in meeting.segments:
        if not seg.words:
            continue
        if turns and turns[-1][0] == seg.speaker:
            turns[-1][1].append(seg)
        else:
            turns.append((seg.speaker, [seg]))
    return turns


def _has_speakers(meeting: Meeting) -> bool:
    return any(seg.speaker for seg in meeting.segments)


def to_txt(meeting: Meeting) -> str:
    lines: list[str] = []
    if _has_speakers(meeting):
        for speaker, segs in speaker_turns(meeting):
            text = " ".join(s.text for s in segs)
            lines.append(f"[{hms(segs[0].start_ms)}] {meeting.speaker_label(speaker)} : {text}")
            lines.append("")
    else:
        lines = [s.text for s in meeting.segments if s.words]
    return "\n".join(lines).rstrip() + "\n"


def _cue_text(meeting: Meeting, seg: Segment, voice_tag: bool) -> str:
    if not seg.speaker:
        return seg.text
    label = meeting.speaker_label(seg.speaker)
    return f"<v {label}>{seg.text}" if voice_tag else f"{label} : {seg.text}"


def to_srt(meeting: Meeting) -> str:
    blocks = []
    for i, seg in enumerate((s for s in meeting.segments if s.words), start=1):
        blocks.append(
            f"{i}\n{subtitle_time(seg.start_ms)} --> {subtitle_time(seg.end_ms)}\n{_cue_text(meeting, seg, False)}\n"
        )
    return "\n".join(blocks)


def to_vtt(meeting: Meeting) -> str:
    blocks = ["WEBVTT\n"]
    for seg in meeting.segments:
        if seg.words:
            blocks.append(
                f"{subtitle_time(seg.start_ms, '.')} --> {subtitle_time(seg.end_ms, '.')}\n"
                f"{_cue_text(meeting, seg, True)}\n"
            )
    return "\n".join(blocks)


def to_json(meeting: Meeting) -> str:
    return json.dumps(meeting.to_dict(), ensure_ascii=False, indent=1) + "\n"


RENDERERS: dict[str, Callable[[Meeting], str]] = {
    "txt": to_txt,
    "srt": to_srt,
    "vtt": to_vtt,
    "json": to_json,
}


def render(meeting: Meeting, fmt: str, note: str = "", extra: dict[str, Any] | None = None) -> str:
    """The text of the ``fmt`` export, with ``note`` where the format allows a comment and
    ``extra`` objects added to the JSON."""
    if fmt not in RENDERERS:
        raise InputError(f"Format d'export inconnu : « {fmt} » (choix : {', '.join(FORMATS)}).")
    if fmt == "json" and extra:
        data: dict[str, Any] = meeting.to_dict()
        data.update(extra)
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    text = RENDERERS[fmt](meeting)
    if note and fmt == "txt":
        return f"[{note}]\n\n{text}"
    if note and fmt == "vtt":
        return text.replace("WEBVTT\n", f"WEBVTT\n\nNOTE {note}\n", 1)
    return text


def export(meeting: Meeting, fmt: str, path: str | Path, note: str = "",
           extra: dict[str, Any] | None = None) -> Path:
    path = Path(path)
    write_atomic(path, render(meeting, fmt, note, extra).encode("utf-8"))
    return path


def export_all(meeting: Meeting, folder: str | Path, stem: str = "transcription",
               formats: tuple[str, ...] = FORMATS) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return [export(meeting, fmt, folder / f"{stem}.{fmt}") for fmt in formats]
