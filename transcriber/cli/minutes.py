"""``seance minutes``: draft a Word document from a meeting folder, headless.

``add_parsers`` adds this sub-command to the main ``seance`` parser; the handler returns the
exit code. A user mistake (missing folder, wrong option) raises
:class:`~transcriber.errors.InputError`; a document that cannot be written raises
:class:`~transcriber.errors.MinutesError`. Both carry a French message.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from ..minutes.documents import write_document
from ..minutes.form import load_form
from ..minutes.kinds import DOC_KINDS, KINDS
from .common import open_meeting

log = logging.getLogger(__name__)

DESCRIPTION = (
    "Rédige un projet de document Word (.docx) ou OpenDocument (.odt, converti par LibreOffice) à partir "
    "d'une réunion transcrite :\n"
    + "".join(f"  {k.key:<14} {k.description}\n" for k in KINDS.values())
    + "Le document est un projet à relire : les éléments relevés automatiquement sont signalés et les\n"
    "champs manquants apparaissent « [à compléter] »."
)


def add_parsers(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``minutes`` to the main parser's sub-commands; its handler is ``args.func(args)``."""
    parser = subparsers.add_parser(
        "minutes",
        help="rédiger un projet de procès-verbal, compte rendu ou verbatim (.docx)",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("meeting_dir", metavar="DOSSIER_REUNION", type=Path,
                        help="dossier de la réunion (…/titre.seance)")
    parser.add_argument("--type", dest="doc_type", required=True, choices=DOC_KINDS,
                        help="document à rédiger")
    parser.add_argument("--form", type=Path, metavar="FORMULAIRE.toml",
                        help="formulaire de séance (présences, ordre du jour…) ; par défaut celui "
                             "enregistré dans la réunion")
    parser.add_argument("--pseudonymise", action="store_true",
                        help="remplacer les noms des personnes privées et des intervenants non élus "
                             "par « Personne A », « Personne B »…")
    parser.add_argument("--with-verbatim", action="store_true",
                        help="ajouter le verbatim de chaque point (procès-verbal, compte rendu)")
    parser.add_argument("--out", required=True, type=Path, metavar="FICHIER.docx|.odt",
                        help="document à écrire (.docx, ou .odt si LibreOffice est installé)")
    parser.set_defaults(func=run_minutes)
    return parser


def run_minutes(args: argparse.Namespace) -> int:
    _, meeting = open_meeting(args.meeting_dir)
    form = load_form(args.form) if args.form else None
    written = write_document(meeting, Path(args.out), args.doc_type, form,
                             with_verbatim=args.with_verbatim, pseudonymise=args.pseudonymise)
    log.info("minutes %s written to %s", args.doc_type, written)
    print(f"Document : {written}")
    if args.pseudonymise:
        from ..minutes.pseudonymise import report_path

        print(f"Table de correspondance (noms en clair, à ne pas diffuser) : {report_path(written)}")
    return 0
