"""``seance edit``: correct a transcript from the command line, with the app's own rules.

    seance edit MEETING_DIR show [SEG]                 segments (or the words of one), numbered
    seance edit MEETING_DIR split SEG WORD             cut segment SEG before its word WORD
    seance edit MEETING_DIR merge SEG                  merge segment SEG with the next one
    seance edit MEETING_DIR assign SEG SPEAKER [--words A-B]   give a segment (or words) to a speaker
    seance edit MEETING_DIR text SEG "TEXTE"           replace the text, keeping the word timings

Numbers start at 1, as ``show`` prints them. Every rule is ``transcriber.edit``'s; a mistake
raises ``InputError`` with a French message; the meeting is saved after each edit.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from .. import edit
from ..errors import InputError
from ..model import Meeting
from ..timefmt import hms
from .common import open_meeting


def add_parsers(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "edit", help="corriger la transcription : scinder, fusionner, attribuer, retaper",
        description="Corrige la transcription d'une réunion avec les mêmes règles que l'application. "
                    "Les numéros de segment et de mot commencent à 1 (voir « show »).",
    )
    p.add_argument("meeting_dir", metavar="MEETING_DIR", type=Path, help="dossier de la réunion (.seance)")
    actions = p.add_subparsers(dest="edit_action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="lister les segments numérotés, ou les mots d'un segment")
    show.add_argument("segment", nargs="?", type=_number, metavar="SEG", help="numéro du segment")
    split = actions.add_parser("split", help="scinder un segment avant un mot")
    split.add_argument("segment", type=_number, metavar="SEG", help="numéro du segment")
    split.add_argument("word", type=_number, metavar="MOT", help="numéro du mot qui commence le nouveau segment")
    merge = actions.add_parser("merge", help="fusionner un segment avec le suivant")
    merge.add_argument("segment", type=_number, metavar="SEG", help="numéro du segment")
    assign = actions.add_parser("assign", help="attribuer un segment, ou quelques-uns de ses mots, à un intervenant")
    assign.add_argument("segment", type=_number, metavar="SEG", help="numéro du segment")
    assign.add_argument("speaker", metavar="INTERVENANT", help="identifiant (SPEAKER_00), nom ou libellé")
    assign.add_argument("--words", type=_word_range, metavar="A-B",
                        help="seulement les mots A à B (ou le mot A) ; le segment est scindé autour d'eux")
    text = actions.add_parser("text", help="remplacer le texte d'un segment (les mots inchangés gardent leur temps)")
    text.add_argument("segment", type=_number, metavar="SEG", help="numéro du segment")
    text.add_argument("text", metavar="TEXTE", help="nouveau texte")
    p.set_defaults(func=cmd_edit)


def _number(text: str) -> int:
    """A number as the user types it (from 1) → an index (from 0)."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas un numéro (1, 2, 3…)")
    return int(text) - 1


def _word_range(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?", text)
    if not m or int(m.group(1)) < 1 or (m.group(2) and int(m.group(2)) < 1):
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas une plage de mots (par exemple 3-5)")
    first = int(m.group(1)) - 1
    return first, int(m.group(2)) - 1 if m.group(2) else first


def cmd_edit(args: argparse.Namespace) -> int:
    folder, meeting = open_meeting(args.meeting_dir)
    action, index = args.edit_action, args.segment
    out = sys.stdout
    if action == "show":
        if index is None:
            _write_segments(meeting, out)
        else:
            _write_words(meeting, index, out)
        return 0
    if action == "split":
        first, second = edit.split(meeting, index, args.word)
        message = (f"Segment {index + 1} scindé : {index + 1} ({hms(first.start_ms)}) et "
                   f"{index + 2} ({hms(second.start_ms)}).")
    elif action == "merge":
        merged = edit.merge(meeting, index)
        message = f"Segments {index + 1} et {index + 2} fusionnés ({len(merged.words)} mots)."
    elif action == "assign":
        speaker = edit.find_speaker(meeting, args.speaker)
        first, last = args.words if args.words else (None, None)
        pieces = edit.reassign(meeting, index, speaker.id, first, last)
        what = f"mots {first + 1} à {last + 1} du segment" if args.words else "segment"
        message = (f"{what.capitalize()} {index + 1} attribué(s) à {speaker.label}"
                   + (f" (le segment devient {len(pieces)} segments)." if len(pieces) > 1 else "."))
    elif action == "text":
        seg = edit.edit_text(meeting, index, args.text)
        message = f"Segment {index + 1} : {len(seg.words)} mots."
    else:  # pragma: no cover - argparse only accepts the actions above
        raise InputError(f"Action inconnue : {action}.")
    folder.save(meeting)
    out.write(message + "\n")
    return 0


def _write_segments(meeting: Meeting, out) -> None:
    if not meeting.segments:
        out.write("Aucun segment : lancez d'abord « seance transcribe ».\n")
    width = len(str(len(meeting.segments)))
    for i, seg in enumerate(meeting.segments, start=1):
        who = meeting.speaker_label(seg.speaker) if seg.speaker else "—"
        out.write(f"{i:>{width}}  {hms(seg.start_ms)}  {who} : {seg.text}\n")


def _write_words(meeting: Meeting, index: int, out) -> None:
    seg = edit.segment_at(meeting, index)
    out.write(f"Segment {index + 1} ({hms(seg.start_ms)}–{hms(seg.end_ms)}, "
              f"{meeting.speaker_label(seg.speaker) if seg.speaker else 'sans intervenant'}) :\n")
    for i, w in enumerate(seg.words, start=1):
        out.write(f"{i:>4}  {hms(w.start_ms)}  {w.text}\n")
