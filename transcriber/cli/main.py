"""``seance``: the parser, the logging and the entry point of the command line.

Each command group lives in its own module of this package (``transcribe``, ``models``,
``speakers``, ``edit``, ``minutes``, ``record``); they share ``common`` and never import this module.

Exit codes: 0 done, 2 bad input (a one-line French message, no traceback), 1 internal error
(one line on the terminal, the traceback in the log file), 130 interrupted.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Sequence

from .. import __version__, settings
from ..errors import SeanceError
from . import edit, minutes, models, record, speakers, transcribe, voices

log = logging.getLogger("seance")


#: the command groups, in the order ``seance --help`` lists them; each has ``add_parsers(sub)``
COMMAND_GROUPS = (transcribe, models, speakers, voices, edit, minutes, record)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="seance",
        description="Séance : transcription hors ligne des réunions et projets de procès-verbal.",
    )
    parser.add_argument("--version", action="version", version=f"seance {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="affiche le détail des opérations")
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE", required=True)
    for group in COMMAND_GROUPS:
        group.add_parsers(sub)
    return parser


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
