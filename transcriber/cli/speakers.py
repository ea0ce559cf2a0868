"""``seance diarize`` and ``seance speakers``: the speaker commands of the command line.

    seance diarize MEETING_DIR [--speakers N | --min-speakers A --max-speakers B]
    seance speakers MEETING_DIR list|rename ID NAME|merge SOURCE TARGET|add NAME

The rules of each edit are ``transcriber.edit``'s.

User mistakes raise ``InputError`` with a French message.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import edit
from ..edit import find_speaker
from ..errors import InputError
from ..model import Meeting
from ..timefmt import minutes_seconds
from .common import ProgressPrinter, add_speaker_count_options, open_meeting, speaker_count


def add_parsers(subparsers: argparse._SubParsersAction) -> None:
    add_diarize_parser(subparsers)
    add_speakers_parser(subparsers)


def add_diarize_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "diarize",
        help="reconnaître à nouveau qui parle quand (sans refaire la transcription)",
        description=(
            "Relance la reconnaissance des intervenants d'une réunion déjà importée, puis "
            "réattribue chaque mot à son intervenant. Les noms déjà donnés suivent les voix."
        ),
    )
    p.add_argument("meeting_dir", metavar="MEETING_DIR", type=Path, help="dossier de la réunion (.seance)")
    add_speaker_count_options(p)
    p.add_argument("--device", default="auto", choices=("auto", "cpu", "cuda"),
                   help="processeur de calcul (auto : la carte graphique si elle est utilisable)")
    p.set_defaults(func=cmd_diarize)
    return p


def add_speakers_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "speakers",
        help="lister, renommer, fusionner, ajouter ou reconnaître (identify) les intervenants d'une réunion",
        description=("Liste, renomme, fusionne ou ajoute les intervenants d'une réunion, ou nomme ceux "
                     "dont la voix est enregistrée (identify)."),
    )
    p.add_argument("meeting_dir", metavar="MEETING_DIR", type=Path, help="dossier de la réunion (.seance)")
    actions = p.add_subparsers(dest="speakers_action", metavar="ACTION", required=True)
    actions.add_parser("list", help="lister les intervenants et leur temps de parole")
    rename = actions.add_parser("rename", help="donner un nom à un intervenant")
    rename.add_argument("speaker", metavar="INTERVENANT", help="identifiant (SPEAKER_00) ou nom actuel")
    rename.add_argument("name", metavar="NOM", help="nouveau nom, par exemple « Mme la Maire »")
    merge = actions.add_parser("merge", help="fusionner un intervenant dans un autre")
    merge.add_argument("source", metavar="SOURCE", help="intervenant qui disparaît")
    merge.add_argument("target", metavar="CIBLE", help="intervenant qui reçoit ses interventions")
    add = actions.add_parser("add", help="ajouter un intervenant (à qui donner ensuite des segments : "
                                         "seance edit … assign)")
    add.add_argument("name", metavar="NOM", help="nom, par exemple « M. Paul Durand »")
    from .voices import add_identify_parser

    add_identify_parser(actions)
    p.set_defaults(func=cmd_speakers)
    return p


# --- seance diarize ------------------------------------------------------------------------


def cmd_diarize(args: argparse.Namespace) -> int:
    from ..pipeline import rediarize

    count = speaker_count(args)
    if not args.meeting_dir.is_dir():
        raise InputError(f"Dossier de réunion introuvable : {args.meeting_dir}")
    meeting = rediarize(args.meeting_dir, count, args.device, progress=ProgressPrinter())
    found = sorted({t.speaker for t in meeting.turns})
    sys.stdout.write(f"{len(found)} intervenant(s) reconnu(s) dans « {meeting.title} ».\n")
    _write_speakers(meeting, sys.stdout)
    return 0


# --- seance speakers -----------------------------------------------------------------------


def cmd_speakers(args: argparse.Namespace) -> int:
    action = args.speakers_action
    if action == "identify":
        from .voices import cmd_identify

        return cmd_identify(args)
    folder, meeting = open_meeting(args.meeting_dir)
    if action == "list":
        if not meeting.speakers:
            sys.stdout.write("Aucun intervenant : lancez d'abord « seance diarize ».\n")
            return 0
        _write_speakers(meeting, sys.stdout)
        return 0
    if action == "rename":
        speaker = find_speaker(meeting, args.speaker)
        if not args.name.strip():
            raise InputError("Le nouveau nom est vide.")
        edit.rename_speaker(meeting, speaker.id, args.name)
        folder.save(meeting)
        sys.stdout.write(f"{speaker.id} s'appelle désormais « {speaker.name} ».\n")
        return 0
    if action == "merge":
        source = find_speaker(meeting, args.source)
        target = find_speaker(meeting, args.target)
        moved = edit.merge_speakers(meeting, source.id, target.id)
        folder.save(meeting)
        sys.stdout.write(
            f"{source.label} ({source.id}) fusionné dans {target.label} ({target.id}) : "
            f"{moved} intervention(s) déplacée(s).\n"
        )
        return 0
    if action == "add":
        if not args.name.strip():
            raise InputError("Le nom du nouvel intervenant est vide.")
        speaker = edit.add_speaker(meeting, args.name)
        folder.save(meeting)
        sys.stdout.write(f"Nouvel intervenant {speaker.id} : « {speaker.name} ».\n")
        return 0
    raise InputError(f"Action inconnue : {action} (list, rename, merge ou add).")  # pragma: no cover


def _write_speakers(meeting: Meeting, out) -> None:
    talk = meeting.talk_time_ms()
    counts: dict[str, int] = {}
    for seg in meeting.segments:
        if seg.speaker:
            counts[seg.speaker] = counts.get(seg.speaker, 0) + 1
    width = max((len(s.label) for s in meeting.speakers), default=0)
    for s in meeting.speakers:
        out.write(
            f"{s.id}  {s.label:<{width}}  {minutes_seconds(talk.get(s.id, 0)):>12}  "
            f"{counts.get(s.id, 0)} intervention(s)\n"
        )
