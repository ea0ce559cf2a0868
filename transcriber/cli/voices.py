"""``seance voices``, ``seance vocabulary``: what Séance keeps for a collectivité (voice profiles,
vocabulary); ``seance speakers MEETING identify``.

    seance voices add MEETING_DIR SPEAKER_ID "Nom" [--collectivite C]
    seance voices list [--collectivite C]
    seance voices rename "Ancien nom" "Nouveau nom" [--collectivite C]
    seance voices delete "Nom" [--collectivite C]
    seance speakers MEETING_DIR identify [--collectivite C] [--threshold X]
    seance vocabulary show|set FILE [--collectivite C]

The collectivité is ``--collectivite``, else the meeting's, else the only one known.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import InputError
from .common import open_meeting


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "voices",
        help="empreintes vocales des personnes qui reviennent (par collectivité, sur cet ordinateur)",
        description=(
            "Enregistre la voix d'un intervenant sous un nom pour la reconnaître dans les "
            "réunions suivantes ; liste, renomme ou supprime ces empreintes vocales. Elles sont "
            "gardées uniquement sur cet ordinateur, dans le dossier des paramètres."
        ),
    )
    actions = p.add_subparsers(dest="voices_action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="enregistrer (ou compléter) la voix d'un intervenant")
    add.add_argument("meeting_dir", metavar="MEETING_DIR", type=Path, help="dossier de la réunion (.seance)")
    add.add_argument("speaker", metavar="INTERVENANT", help="identifiant (SPEAKER_00) ou nom actuel")
    add.add_argument("name", metavar="NOM", help="nom de la personne, par exemple « Mme Anne Martin »")
    lst = actions.add_parser("list", help="lister les empreintes vocales et dire où elles sont")
    rename = actions.add_parser("rename", help="renommer une empreinte vocale")
    rename.add_argument("old", metavar="NOM", help="nom actuel (ou identifiant)")
    rename.add_argument("new", metavar="NOUVEAU", help="nouveau nom")
    delete = actions.add_parser("delete", help="supprimer la voix d'une personne (efface son fichier)")
    delete.add_argument("name", metavar="NOM", help="nom (ou identifiant)")
    for a in (add, lst, rename, delete):
        a.add_argument("--collectivite", metavar="NOM", help="collectivité (défaut : celle de la réunion, "
                                                              "ou la seule connue)")
    p.set_defaults(func=cmd_voices)

    p = sub.add_parser(
        "vocabulary",
        help="vocabulaire d'une collectivité (élus, personnes, lieux, sigles)",
        description=(
            "Affiche ou remplace le vocabulaire d'une collectivité : un fichier texte du dossier "
            "des paramètres, modifiable aussi à la main. Il aide la transcription et corrige "
            "l'orthographe des noms connus."
        ),
    )
    actions = p.add_subparsers(dest="vocabulary_action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="afficher le fichier (créé, avec ses rubriques, s'il n'existe pas)")
    put = actions.add_parser("set", help="remplacer le vocabulaire par le contenu d'un fichier")
    put.add_argument("file", metavar="FICHIER", type=Path, help="fichier texte UTF-8 (même format)")
    for a in (show, put):
        a.add_argument("--collectivite", metavar="NOM", help="collectivité (défaut : la seule connue)")
    p.set_defaults(func=cmd_vocabulary)


def add_identify_parser(actions: argparse._SubParsersAction) -> None:
    """``identify``, an action of ``seance speakers MEETING_DIR``."""
    from ..voices import THRESHOLD

    p = actions.add_parser("identify", help="nommer les intervenants dont la voix est enregistrée")
    p.add_argument("--collectivite", metavar="NOM", help="collectivité dont les voix servent")
    p.add_argument("--threshold", type=float, default=THRESHOLD, metavar="X",
                   help=f"ressemblance minimale, entre 0 et 1 (défaut : {THRESHOLD})")


def _collectivite(given: str | None, meeting=None) -> str:
    from ..model import Meeting
    from ..voices import collectivite_of

    return collectivite_of(meeting or Meeting(title=""), given)


def cmd_voices(args: argparse.Namespace) -> int:
    from .. import voices

    out = sys.stdout
    action = args.voices_action
    if action == "add":
        from .. import audio
        from ..edit import find_speaker

        folder, meeting = open_meeting(args.meeting_dir)
        collectivite = _collectivite(args.collectivite, meeting)
        speaker = find_speaker(meeting, args.speaker)
        samples = audio.decode(folder.audio_path(meeting))
        profile, created = voices.enrol(meeting, samples, speaker.id, args.name, collectivite)
        if not speaker.name:
            speaker.name = profile.name
        speaker.proposal = {}
        folder.save(meeting)
        seconds = profile.enrolments[-1].seconds
        verb = "enregistrée" if created else "complétée"
        out.write(f"Voix de « {profile.name} » {verb} à partir de {seconds:.0f} s de parole de "
                  f"{speaker.id} ({len(profile.enrolments)} réunion(s) en tout).\n"
                  f"Fichier : {profile.path}\n")
        return 0

    collectivite = _collectivite(args.collectivite)
    if action == "list":
        found = voices.load_profiles(collectivite)
        out.write(voices.storage_notice(collectivite) + "\n\n")
        if not found.profiles:
            out.write("Aucune empreinte vocale enregistrée : utilisez « seance voices add ».\n")
        width = max((len(p.name) for p in found.profiles), default=0)
        for p in found.profiles:
            out.write(f"{p.name:<{width}}  {p.seconds:5.0f} s de parole, {len(p.enrolments)} réunion(s), "
                      f"mise à jour {p.updated or p.created}  [{p.id}]\n")
        for path, why in found.refused:
            out.write(f"REFUSÉE : {why}\n")
        return 0
    if action == "rename":
        old_name = args.old
        profile = voices.rename_profile(collectivite, args.old, args.new)
        out.write(f"L'empreinte vocale « {old_name} » s'appelle désormais « {profile.name} ».\n")
        return 0
    if action == "delete":
        path = voices.delete_profile(collectivite, args.name)
        out.write(f"Voix de « {args.name} » supprimée : le fichier {path} a été effacé.\n")
        return 0
    raise InputError(f"Action inconnue : {action}.")  # pragma: no cover


def cmd_identify(args: argparse.Namespace) -> int:
    from .. import audio, voices

    if not 0 < args.threshold <= 1:
        raise InputError("La ressemblance minimale doit être comprise entre 0 et 1.")
    folder, meeting = open_meeting(args.meeting_dir)
    if not meeting.turns:
        raise InputError("Aucun intervenant reconnu dans cette réunion : lancez d'abord « seance diarize ».")
    collectivite = _collectivite(args.collectivite, meeting)
    profiles = voices.load_profiles(collectivite)
    out = sys.stdout
    for _path, why in profiles.refused:
        out.write(f"REFUSÉE : {why}\n")
    if not profiles.profiles:
        out.write(f"Aucune empreinte vocale enregistrée pour « {collectivite} » : rien à reconnaître "
                  "(enregistrez une voix avec « seance voices add »).\n")
        return 0
    samples = audio.decode(folder.audio_path(meeting))
    heard = voices.speaker_voices(meeting, samples)
    matches = voices.match(heard, profiles.profiles, args.threshold)
    named = {s.id for s in voices.apply_names(meeting, matches)}
    voices.propose(meeting, [m for m in matches if m.speaker not in named])
    folder.save(meeting)
    by_speaker = {m.speaker: m for m in matches}
    for speaker in meeting.speakers:
        m = by_speaker.get(speaker.id)
        if m is None:
            why = ("trop peu de parole seule" if speaker.id not in heard
                   else "aucune voix enregistrée assez ressemblante")
            out.write(f"{speaker.id}  non reconnu ({why})\n")
        elif speaker.id in named:
            out.write(f"{speaker.id}  reconnu : {m.name}  (ressemblance {round(100 * m.confidence)} %)\n")
        else:
            out.write(f"{speaker.id}  ressemble à {m.name} (ressemblance {round(100 * m.confidence)} %), "
                      f"déjà nommé « {speaker.name} » : inchangé\n")
    unheard = sorted({p.name for p in profiles.profiles} - {m.name for m in matches})
    if unheard:
        out.write(f"Voix enregistrées non reconnues dans cette réunion : {', '.join(unheard)}.\n")
    out.write(f"Seuil de ressemblance : {round(100 * args.threshold)} %.\n")
    return 0


def cmd_vocabulary(args: argparse.Namespace) -> int:
    from .. import vocabulary

    collectivite = _collectivite(args.collectivite)
    path = vocabulary.vocabulary_path(collectivite)
    if args.vocabulary_action == "set":
        v = vocabulary.read_file(args.file)  # InputError naming a bad line
        path = vocabulary.save(collectivite, args.file.read_text("utf-8"))
        sys.stdout.write(f"Vocabulaire de « {collectivite} » enregistré ({len(v.terms())} entrées) : {path}\n")
        return 0
    if not path.exists():
        path = vocabulary.save(collectivite, vocabulary.load(collectivite))
    sys.stdout.write(f"# {path}\n{path.read_text('utf-8')}")
    return 0
