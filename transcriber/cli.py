"""``seance``: the pipeline headless, for batch work and tests.

Exit codes: 0 done, 2 bad input (a one-line French message, no traceback), 1 internal error
(one line on the terminal, the traceback in the log file), 130 interrupted.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path
from typing import Callable, Sequence, TextIO

from . import __version__, settings
from .errors import InputError, SeanceError
from .jobs import Progress, ProgressTimer, format_duration

log = logging.getLogger("seance")


# --- progress on a terminal ------------------------------------------------------------------------

STEP_LABELS = {
    "decode": "Décodage",
    "asr": "Transcription",
    "diarize": "Intervenants",
    "align": "Alignement",
    "done": "Terminé",
}


class ProgressPrinter:
    """A progress bar with time left on a terminal; plain lines (every 10 %) otherwise."""

    def __init__(self, stream: TextIO = sys.stderr, tty: bool | None = None) -> None:
        self.stream = stream
        self.tty = stream.isatty() if tty is None else tty
        self.timer = ProgressTimer()
        self._last_step = ""
        self._last_decile = -1
        self._last_draw = 0.0

    def __call__(self, p: Progress) -> None:
        if p.step == "done":
            self._finish_line()
            return
        eta = self.timer.eta_seconds(p)
        label = STEP_LABELS.get(p.step, p.step)
        pct = int(p.fraction * 100)
        if self.tty:
            now = time.monotonic()
            if p.step == self._last_step and now - self._last_draw < 0.2 and pct < 100:
                return
            if p.step != self._last_step:
                self._finish_line()
            self._last_draw = now
            bar = "█" * (pct // 4) + "░" * (25 - pct // 4)
            left = f" · reste {format_duration(eta)}" if eta is not None else ""
            self.stream.write(f"\r{label:<14} {bar} {pct:3d} %{left}   ")
            self.stream.flush()
        else:
            decile = pct // 10
            if p.step != self._last_step:
                self._last_decile = -1
            if decile != self._last_decile:
                self._last_decile = decile
                left = f" (reste {format_duration(eta)})" if eta is not None else ""
                self.stream.write(f"{label} : {pct} %{left}\n")
                self.stream.flush()
        self._last_step = p.step

    def _finish_line(self) -> None:
        if self.tty and self._last_step:
            self.stream.write("\n")
            self.stream.flush()
        self._last_step = ""


# --- commands ------------------------------------------------------------------------------------

def _read_vocabulary(path: str | None) -> list[str]:
    if not path:
        return []
    try:
        text = Path(path).read_text("utf-8")
    except OSError as exc:
        raise InputError(f"Fichier de vocabulaire illisible : {path}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"Le fichier de vocabulaire {path} n'est pas en UTF-8.") from exc
    items = [part.strip() for line in text.splitlines() if not line.lstrip().startswith("#")
             for part in line.split(",")]
    return [i for i in items if i]


def _speaker_count(args: argparse.Namespace):
    from .pipeline import SpeakerCount

    return SpeakerCount(args.speakers, args.min_speakers, args.max_speakers).validate()


def add_speaker_count_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--speakers", type=int, metavar="N", help="nombre exact d'intervenants, si connu")
    p.add_argument("--min-speakers", type=int, metavar="A", help="nombre minimal d'intervenants")
    p.add_argument("--max-speakers", type=int, metavar="B", help="nombre maximal d'intervenants")


def cmd_transcribe(args: argparse.Namespace) -> int:
    from .asr import AsrOptions
    from .pipeline import PipelineOptions, transcribe_file

    source = Path(args.file)
    vocabulary = _read_vocabulary(args.vocabulary)
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
        speakers=_speaker_count(args),
    )
    out = Path(args.out) if args.out else Path.cwd()
    started = time.monotonic()
    result = transcribe_file(source, out, options, title=args.title, progress=ProgressPrinter(),
                             kind=args.kind, date=args.date or "")
    for warning in result.warnings:
        print(f"seance: attention : {warning}", file=sys.stderr)
    print(f"Réunion : {result.folder}")
    print(f"Exports : {result.folder / 'exports'}")
    log.info("transcribe done in %.1f s", time.monotonic() - started)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .exports import FORMATS, export, export_all
    from .store import MeetingFolder

    folder = MeetingFolder(args.meeting)
    meeting = folder.load()
    if args.pseudonymise:
        from .minutes.pseudonymise import pseudonymise

        meeting = pseudonymise(meeting)
    if args.out and args.format != "all":
        print(export(meeting, args.format, args.out))
        return 0
    formats = FORMATS if args.format == "all" else (args.format,)
    stem = "transcription-pseudonymisee" if args.pseudonymise else "transcription"
    for path in export_all(meeting, Path(args.out) if args.out else folder.exports_dir, stem, formats):
        print(path)
    return 0


def cmd_models(args: argparse.Namespace) -> int:
    from . import modelstore

    if args.action == "add":
        if not args.path:
            raise InputError("Indiquez le dossier du modèle : seance models add DOSSIER")
        info = modelstore.register_model(args.path)
        print(f"Modèle ajouté : {info.name} ({info.path})")
        return 0
    if args.action == "prepare":
        print(modelstore.assemble_bundled(modelstore.DEFAULT_MODEL))
        return 0
    status_fr = {"ok": "prêt", "to-assemble": "à préparer (automatique au premier usage)",
                 "missing": "absent", "invalid": "invalide"}
    bad = 0
    for info in modelstore.list_models():
        state = status_fr[info.status]
        if args.action == "check" and info.source == "bundled" and info.status == "ok":
            broken = modelstore.verify_bundled(info.name)
            if broken:
                state = f"corrompu ({', '.join(broken)})"
                bad += 1
        elif not info.usable:
            bad += 1
        origin = "intégré" if info.source == "bundled" else "ajouté"
        print(f"{info.name:<20} {origin:<8} {state:<12} {info.path or ''}")
        if info.problem:
            print(f"{'':<20} {info.problem}")
    from .asr import choose_device

    device = choose_device("auto")
    print(f"Calcul : {device.name} ({device.compute_type})")
    return 1 if bad and args.action == "check" else 0


# --- parser and entry point ----------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="seance",
        description="Séance : transcription hors ligne des réunions et projets de procès-verbal.",
    )
    parser.add_argument("--version", action="version", version=f"seance {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="affiche le détail des opérations")
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE", required=True)

    p = sub.add_parser("transcribe", help="transcrit un fichier audio ou vidéo dans un dossier de réunion")
    p.add_argument("file", help="fichier audio ou vidéo (wav, mp3, m4a, ogg, flac, opus, mp4, webm…)")
    p.add_argument("--out", help="dossier où créer le dossier de réunion (défaut : dossier courant)")
    p.add_argument("--title", help="titre de la réunion (défaut : nom du fichier)")
    p.add_argument("--kind", choices=("conseil", "codir", "autre"), default="autre", help="type de réunion")
    p.add_argument("--date", help="date de la réunion (AAAA-MM-JJ)")
    p.add_argument("--model", default="base", help="nom d'un modèle (seance models) ou dossier d'un modèle")
    p.add_argument("--language", default="fr", help="langue parlée (fr par défaut ; auto pour détecter)")
    p.add_argument("--vocabulary", metavar="FICHIER",
                   help="noms d'élus, lieux, sigles : un par ligne ou séparés par des virgules")
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

    p = sub.add_parser("models", help="liste, vérifie ou ajoute des modèles de transcription")
    p.add_argument("action", nargs="?", default="list", choices=("list", "check", "add", "prepare"))
    p.add_argument("path", nargs="?", help="dossier d'un modèle CTranslate2 (pour add)")
    p.set_defaults(func=cmd_models)

    for register in _extra_commands():
        register(sub)
    return parser


def _extra_commands() -> list[Callable[[argparse._SubParsersAction], None]]:
    """Subcommands that live beside their feature (diarisation, minutes, recording)."""
    from .cli_record import add_record_parsers
    from .cli_speakers import add_diarize_parser, add_speakers_parser
    from .minutes.cli import add_minutes_parser

    registered: list[Callable] = [add_diarize_parser, add_speakers_parser, add_minutes_parser,
                                  add_record_parsers]
    return registered


def setup_logging(verbose: bool) -> Path | None:
    root = logging.getLogger()
    root.setLevel(logging.DEBUG)
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.INFO if verbose else logging.ERROR)
    console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root.addHandler(console)
    try:
        log_dir = settings.log_dir()
        log_dir.mkdir(parents=True, exist_ok=True)
        log_file = log_dir / "seance-cli.log"
        handler = logging.FileHandler(log_file, encoding="utf-8")
        handler.setLevel(logging.INFO)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        return log_file
    except OSError:
        return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    log_file = setup_logging(args.verbose)
    try:
        return int(args.func(args) or 0)
    except SeanceError as exc:
        log.info("%s: %s", type(exc).__name__, exc, exc_info=True)
        print(f"seance: erreur : {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("\nseance: interrompu.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - one line for the user, the traceback in the log
        log.exception("internal error")
        where = f" (détails dans {log_file})" if log_file else ""
        print(f"seance: erreur interne : {type(exc).__name__}: {exc}{where}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
