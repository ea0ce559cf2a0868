"""Plain exports of a transcript: TXT, SRT, VTT and JSON. Every file is written atomically.

``export_pseudonymised`` writes them from a pseudonymised copy: each file says what was replaced
(TXT: a first line; VTT: a NOTE block; JSON: a « pseudonymisation » object, labels and counts
only), and the correspondence table, names in clear, is written beside them for the secretary.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from .errors import InputError
from .model import Meeting, Segment
from .store import write_atomic
from .timefmt import hms, subtitle_time

if TYPE_CHECKING:
    from .minutes.pseudonymise import Report

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


def render(meeting: Meeting, fmt: str, report: "Report | None" = None) -> str:
    """The text of the ``fmt`` export; with ``report`` (a pseudonymised meeting), the file says
    what was replaced where its format allows (SRT has no comments)."""
    if fmt not in RENDERERS:
        raise InputError(f"Format d'export inconnu : « {fmt} » (choix : {', '.join(FORMATS)}).")
    if report is None:
        return RENDERERS[fmt](meeting)
    if fmt == "json":
        data: dict[str, Any] = meeting.to_dict()
        data["pseudonymisation"] = report.public_dict()
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    text = RENDERERS[fmt](meeting)
    if fmt == "txt":
        return f"[{report.summary()}]\n\n{text}"
    if fmt == "vtt":
        return text.replace("WEBVTT\n", f"WEBVTT\n\nNOTE {report.summary()}\n", 1)
    return text


def export(meeting: Meeting, fmt: str, path: str | Path, report: "Report | None" = None) -> Path:
    path = Path(path)
    write_atomic(path, render(meeting, fmt, report).encode("utf-8"))
    return path


def export_all(meeting: Meeting, folder: str | Path, stem: str = "transcription",
               formats: tuple[str, ...] = FORMATS) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return [export(meeting, fmt, folder / f"{stem}.{fmt}") for fmt in formats]


def export_pseudonymised(meeting: Meeting, targets: dict[str, Path],
                         vocabulary: Any = None) -> tuple[list[Path], "Report"]:
    """Write ``{format: path}`` from a pseudonymised copy of ``meeting`` (the meeting itself is
    not changed), and the correspondence table beside the first file. Returns the files written
    (the table last) and the report."""
    from .minutes.pseudonymise import pseudonymise_report, write_report

    hidden, report = pseudonymise_report(meeting, vocabulary=vocabulary)
    written = []
    for fmt, path in targets.items():
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        written.append(export(hidden, fmt, path, report))
    if written:
        written.append(write_report(report, Path(written[0]).with_suffix("")))
    return written, report


def pseudonymised_targets(folder: str | Path, formats: tuple[str, ...] = FORMATS,
                          stem: str = PSEUDONYMISED_STEM) -> dict[str, Path]:
    return {fmt: Path(folder) / f"{stem}.{fmt}" for fmt in formats}
