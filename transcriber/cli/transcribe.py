"""``seance transcribe`` and ``seance export``: a file in, a meeting folder and its exports out."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from ..errors import InputError
from ..model import MEETING_KINDS
from ..store import MEETING_FILE
from ..jobs import CancelToken
from .common import ProgressPrinter, add_speaker_count_options, ctrl_c_cancels, open_meeting, speaker_count

log = logging.getLogger("seance")


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("transcribe", help="transcrit un fichier audio ou vidéo dans un dossier de réunion",
                       description="Transcrit un fichier dans un nouveau dossier de réunion. Donné un "
                                   "dossier de réunion (.seance) interrompu, reprend où il s'est arrêté.")
    p.add_argument("file", nargs="+",
                   help="fichier audio ou vidéo (wav, mp3, m4a, ogg, flac, opus, mp4, webm…), ou dossier de "
                        "réunion à reprendre ; plusieurs fichiers sont traités l'un après l'autre, les "
                        "modèles chargés une seule fois")
    p.add_argument("--out", help="dossier où créer le dossier de réunion (défaut : dossier courant)")
    p.add_argument("--title", help="titre de la réunion (défaut : nom du fichier)")
    p.add_argument("--kind", choices=tuple(MEETING_KINDS), default="autre", help="type de réunion")
    p.add_argument("--date", help="date de la réunion (AAAA-MM-JJ)")
    p.add_argument("--model", default="base", help="nom d'un modèle (seance models) ou dossier d'un modèle")
    p.add_argument("--language", default="fr", help="langue parlée (fr par défaut ; auto pour détecter)")
    p.add_argument("--vocabulary", metavar="FICHIER",
                   help="noms d'élus, lieux, sigles : un par ligne ou séparés par des virgules")
    p.add_argument("--collectivite", metavar="NOM",
                   help="collectivité : son vocabulaire sert, et ses voix enregistrées proposent des noms")
    p.add_argument("--device", default="auto", choices=("auto", "cpu", "cuda"))
    p.add_argument("--beam-size", type=int, default=5, help=argparse.SUPPRESS)
    p.add_argument("--threads", type=int, default=0, help="fils de calcul CPU (0 = tous les cœurs)")
    p.add_argument("--no-diarize", action="store_true", help="ne pas distinguer les intervenants")
    add_speaker_count_options(p)
    p.set_defaults(func=cmd_transcribe)

    p = sub.add_parser("export", help="exporte la transcription d'une réunion (txt, srt, vtt, json)")
    p.add_argument("meeting", help="dossier de réunion (.seance)")
    p.add_argument("--format", default="all", choices=("all", "txt", "srt", "vtt", "json"))
    p.add_argument("--out", help="fichier (un format) ou dossier (tous) ; défaut : exports/ de la réunion")
    p.add_argument("--pseudonymise", action="store_true",
                   help="remplace les noms des personnes privées par des libellés")
    p.set_defaults(func=cmd_export)


def _read_vocabulary(path: str | None, collectivite: str | None = None) -> list[str]:
    """The collectivité's vocabulary, then the file's (one entry a line, commas also separate,
    sections such as « [Élus] » as in the collectivité's own file)."""
    from .. import vocabulary

    terms = vocabulary.load(collectivite).terms() if collectivite else []
    if path:
        if not Path(path).is_file():
            raise InputError(f"Fichier de vocabulaire introuvable : {path}")
        terms += vocabulary.read_file(path).terms()
    return list(dict.fromkeys(terms))


def cmd_transcribe(args: argparse.Namespace) -> int:
    """Each file in turn, in this one process: the models load once for the whole list."""
    from ..errors import SeanceError

    files = list(args.file)
    if len(files) > 1 and args.title:
        raise InputError("--title ne vaut que pour un seul fichier : retirez-le pour en traiter plusieurs.")
    if len(files) == 1:
        return _transcribe_one(args, files[0])
    failed = 0
    for i, file in enumerate(files, 1):
        print(f"[{i}/{len(files)}] {file}", file=sys.stderr)
        try:
            _transcribe_one(args, file)
        except SeanceError as exc:
            failed += 1
            log.info("%s failed: %s", file, exc, exc_info=True)
            print(f"seance: erreur : {file} : {exc}", file=sys.stderr)
    if failed:
        print(f"seance: {failed} fichier(s) sur {len(files)} en échec.", file=sys.stderr)
        return 1
    return 0


def _transcribe_one(args: argparse.Namespace, file: str) -> int:
    from ..asr import AsrOptions
    from ..pipeline import PipelineOptions, create_meeting, run, settle_failed_import

    source = Path(file)
    vocabulary = _read_vocabulary(args.vocabulary, args.collectivite)
    options = PipelineOptions(
        asr=AsrOptions(
            model=args.model,
            language=None if args.language == "auto" else args.language,
            device=args.device,
            vocabulary=tuple(vocabulary),
            beam_size=args.beam_size,
            threads=args.threads,
        ),
        diarize=not args.no_diarize,
        speakers=speaker_count(args),
    )
    from ..device import choose

    choose(args.device)  # "cuda" without a usable GPU stops here, before anything is written
    started = time.monotonic()
    resume = source.is_dir() and (source / MEETING_FILE).exists()
    if resume:  # a meeting folder (an interrupted run, a recording): go on from its last finished step
        folder, _ = open_meeting(source)
    else:
        folder = create_meeting(Path(args.out) if args.out else Path.cwd(), source, title=args.title,
                                kind=args.kind, date=args.date or "",
                                language=options.asr.language or "fr", vocabulary=vocabulary,
                                collectivite=args.collectivite or "")
    cancel = CancelToken()
    try:
        with ctrl_c_cancels(cancel):
            result = run(folder, options, ProgressPrinter(), cancel=cancel)
    except BaseException as exc:
        if resume or settle_failed_import(folder, exc):
            print(f"\nseance: la réunion est gardée dans {folder.path} ; "
                  f"« seance transcribe {folder.path} » reprend où elle s'est arrêtée.", file=sys.stderr)
        if cancel.cancelled and not isinstance(exc, KeyboardInterrupt):
            raise KeyboardInterrupt from exc  # Ctrl+C, seen by the pipeline: exit 130 like any Ctrl+C
        raise
    for warning in result.warnings:
        print(f"seance: attention : {warning}", file=sys.stderr)
    print(f"Réunion : {result.folder}")
    print(f"Exports : {result.folder / 'exports'}")
    from ..usage import summary_fr

    if line := summary_fr(result.usage):
        print(line)
    log.info("transcribe done in %.1f s", time.monotonic() - started)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from ..exports import FORMATS, export, export_all

    folder, meeting = open_meeting(Path(args.meeting))
    if args.pseudonymise:
        from ..minutes.pseudonymise import export_pseudonymised, pseudonymised_targets

        formats = FORMATS if args.format == "all" else (args.format,)
        if args.out and args.format != "all":
            targets = {args.format: Path(args.out)}
        else:
            targets = pseudonymised_targets(Path(args.out) if args.out else folder.exports_dir, formats)
        written, report = export_pseudonymised(meeting, targets)
        for path in written[:-1]:
            print(path)
        print(report.summary())
        print(f"Table de correspondance (noms en clair, à ne pas diffuser) : {written[-1]}")
        return 0
    if args.out and args.format != "all":
        print(export(meeting, args.format, args.out))
        return 0
    formats = FORMATS if args.format == "all" else (args.format,)
    for path in export_all(meeting, Path(args.out) if args.out else folder.exports_dir, "transcription", formats):
        print(path)
    return 0
