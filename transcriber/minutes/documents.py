"""Writing a document: one function for the app (its buttons, « Enregistrer sous… ») and for
``seance minutes``.

:func:`write_document` drafts the document of a kind (``kinds.py``) for a meeting and writes it
atomically; :func:`write_into_folder` does the same into the meeting folder's ``exports/`` under
the document's usual name (:func:`document_path`). A path that cannot receive a file is refused
before anything is drafted (:func:`target_problem`), with a French message; a failed write leaves
any file already there as it was. Documents raise :class:`~transcriber.errors.MinutesError`,
transcript exports (:func:`write_export`) :class:`~transcriber.errors.StoreError`.
"""

from __future__ import annotations

import dataclasses
import io
import logging
from pathlib import Path

from ..errors import InputError, MinutesError, StoreError
from ..model import Meeting
from ..store import write_atomic
from .form import MinutesForm, form_of
from .kinds import DOC_FORMATS, KINDS

log = logging.getLogger(__name__)

EXPORTS_DIR = "exports"


def document_path(folder: str | Path, kind: str, fmt: str = "docx") -> Path:
    """Where the app writes the document of ``kind`` in a meeting folder."""
    return Path(folder) / EXPORTS_DIR / f"{KINDS[kind].name}.{fmt}"


def export_path(folder: str | Path, fmt: str, pseudonymise: bool = False) -> Path:
    """Where the app writes the transcript export ``fmt`` (txt, srt…) in a meeting folder."""
    from ..exports import PSEUDONYMISED_STEM

    return Path(folder) / EXPORTS_DIR / f"{PSEUDONYMISED_STEM if pseudonymise else 'transcription'}.{fmt}"


def target_problem(path: str | Path) -> str | None:
    """Why ``path`` cannot receive a file (French), or None."""
    path = Path(path)
    if path.is_dir():
        return f"« {path} » est un dossier : indiquez un nom de fichier."
    parent = path.parent
    for p in (parent, *parent.parents):  # the first part that exists must be a folder
        if p.exists():
            if not p.is_dir():
                return (f"Impossible d'enregistrer « {path.name} » : « {p} » est un fichier, "
                        "pas un dossier. Choisissez un autre emplacement.")
            break
    if not parent.is_dir():
        return f"Impossible d'enregistrer « {path.name} » : le dossier « {parent} » n'existe pas."
    return None


def write_document(meeting: Meeting, path: str | Path, kind: str | None = None,
                   form: MinutesForm | None = None, *, with_verbatim: bool = False,
                   pseudonymise: bool = False) -> Path:
    """Draft the document of ``kind`` (default: the form's) for ``meeting`` and write it at ``path``.

    ``form`` defaults to the one stored in the meeting. With ``pseudonymise``, the private persons
    (``pseudonymise.private_names``) become "Personne A", "Personne B"… in a copy; the meeting
    itself is not changed; the document ends with a line saying what was replaced and the
    correspondence table is written beside it (``pseudonymise.report_path``). The format follows
    the suffix of ``path``: .docx, or .odt (converted by LibreOffice, ``odt.py``).
    """
    from .context import build_context
    from .docx import render

    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in DOC_FORMATS:
        raise InputError(f"Le document à écrire doit se terminer par .docx ou .odt (reçu : {path.name}).")
    if kind is not None and kind not in KINDS:
        raise InputError(f"Type de document inconnu : {kind} (attendu : {', '.join(KINDS)}).")
    problem = target_problem(path)
    if problem:
        raise MinutesError(problem)
    report = None
    if pseudonymise:
        from .pseudonymise import pseudonymise_report

        if form is not None:  # the form's names are hidden too: give it to the copy
            meeting = dataclasses.replace(meeting, form=form.to_dict())
        meeting, report = pseudonymise_report(meeting)
        form = form_of(meeting)
    doc = render(build_context(meeting, form, kind), with_verbatim)
    if report is not None:  # what was replaced, without a name; the names: in the table beside
        from . import styles

        doc.add_paragraph(report.summary(), style=styles.REVIEW_NOTE)
    buf = io.BytesIO()
    doc.save(buf)
    data = buf.getvalue()
    if fmt == "odt":
        from .odt import docx_to_odt

        data = docx_to_odt(data)
    _write(path, data)
    if report is not None:
        from .pseudonymise import write_report

        write_report(report, path)
    log.info("document %s written", kind or "(form's kind)")
    return path


def write_into_folder(meeting: Meeting, folder: str | Path, kind: str, *, pseudonymise: bool = False,
                      fmt: str = "docx") -> Path:
    """Draft the document of ``kind`` into the meeting folder's exports/, under its usual name."""
    path = document_path(folder, kind, fmt)
    _make_exports_dir(path)
    return write_document(meeting, path, kind, pseudonymise=pseudonymise)


def write_export(meeting: Meeting, path: str | Path, fmt: str, pseudonymise: bool = False) -> Path:
    """Write the transcript export ``fmt`` (txt, srt, vtt, json) at ``path``; with
    ``pseudonymise``, from a pseudonymised copy, the correspondence table beside it."""
    from ..exports import export
    from .pseudonymise import export_pseudonymised

    path = Path(path)
    problem = target_problem(path)
    if problem:
        raise StoreError(problem)
    try:
        if pseudonymise:
            return export_pseudonymised(meeting, {fmt: path})[0][0]
        return export(meeting, fmt, path)
    except OSError as exc:
        raise StoreError(f"Impossible d'enregistrer « {path.name} » dans « {path.parent} » : "
                         f"{exc.strerror or exc}. Choisissez un autre emplacement.") from exc


def export_into_folder(meeting: Meeting, folder: str | Path, fmt: str, pseudonymise: bool = False) -> Path:
    path = export_path(folder, fmt, pseudonymise)
    _make_exports_dir(path)
    return write_export(meeting, path, fmt, pseudonymise)


def _make_exports_dir(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"Impossible de créer le dossier {path.parent} : {exc.strerror or exc}.") from exc


def _write(path: Path, data: bytes) -> None:
    try:
        write_atomic(path, data)
    except StoreError as exc:
        raise MinutesError(
            f"Le document n'a pas pu être enregistré. {exc} S'il est ouvert dans Word, fermez-le "
            "et réessayez. Un fichier déjà présent à cet endroit n'a pas été modifié."
        ) from exc
