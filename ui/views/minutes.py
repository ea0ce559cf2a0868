"""The minutes panel: the minutes form (``minutes_form.FormEditor``) and the documents.

The documents (``transcriber.minutes.documents``: every kind of ``transcriber.minutes.kinds``,
and the SRT/VTT/TXT/JSON exports) are written on a pool thread into the meeting's ``exports/``
folder; "Ouvrir" opens them with the system's application. « Enregistrer sous… » writes any of
them where the secretary chooses (a save dialog; ``MinutesPanel.choose_path`` can be replaced,
e.g. by tests). The panel only drives the core: names, checks, writing and errors are its.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFileDialog, QGridLayout, QGroupBox, QHBoxLayout, QLabel,
                               QListWidget, QListWidgetItem, QMenu, QPushButton, QScrollArea,
                               QVBoxLayout, QWidget)

from transcriber.errors import SeanceError
from transcriber.minutes import documents
from transcriber.minutes.form_fields import suggestions
from transcriber.minutes.kinds import DOC_FORMATS, KINDS

from ..qmodels import MeetingDocument, snapshot
from .minutes_form import FormEditor

log = logging.getLogger(__name__)

EXPORTS = ("txt", "srt", "vtt", "json")
DOC_FORMAT_NAMES = {"docx": "Document Word (.docx)", "odt": "OpenDocument (.odt)"}
DOC_FILTERS = {"docx": "Document Word", "odt": "Document OpenDocument"}
#: said after an export's name when the « pseudonymiser » box was ticked (the table is beside it)
PSEUDO = " pseudonymisée (table de correspondance à côté, à ne pas diffuser)"
EXPORT_NAMES = {"txt": "Texte", "srt": "Sous-titres SRT", "vtt": "Sous-titres WebVTT",
                "json": "Données complètes (JSON)"}


class MinutesPanel(QWidget):
    documentWritten = Signal(str)

    def __init__(self, tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("minutesPanel")
        self.tasks = tasks
        self.doc: MeetingDocument | None = None
        self.editor = FormEditor()
        self.generated: dict[str, Path] = {}
        #: (title, suggested path, file filter) → chosen path or None; QFileDialog by default
        self.choose_path: Callable[[str, Path, str], str | None] = self._ask_save_path
        self.last_dir: Path | None = None

        docs = QGroupBox("Documents")
        d = QVBoxLayout(docs)
        self.doc_buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for i, kind in enumerate(KINDS.values()):
            b = QPushButton(kind.action)
            b.setObjectName(f"generate_{kind.key}")
            b.clicked.connect(lambda _=False, k=kind.key: self.generate(k))
            self.doc_buttons[kind.key] = b
            grid.addWidget(b, i // 2, i % 2)
        d.addLayout(grid)
        formats = QHBoxLayout()
        formats.addWidget(QLabel("Format des documents :"))
        self.doc_format = QComboBox()
        self.doc_format.setObjectName("documentFormat")
        for fmt, label in DOC_FORMAT_NAMES.items():
            self.doc_format.addItem(label, fmt)
        self.doc_format.setToolTip("OpenDocument (.odt) : le format recommandé par le référentiel général "
                                   "d'interopérabilité ; il est produit par LibreOffice s'il est installé.")
        formats.addWidget(self.doc_format)
        formats.addStretch(1)
        d.addLayout(formats)
        self.pseudonymise = QCheckBox("Remplacer les noms des personnes privées (pseudonymiser)")
        d.addWidget(self.pseudonymise)
        exports = QHBoxLayout()
        exports.addWidget(QLabel("Transcription :"))
        self.export_buttons: dict[str, QPushButton] = {}
        for fmt in EXPORTS:
            b = QPushButton(fmt.upper())
            b.setObjectName(f"export_{fmt}")
            b.setToolTip(EXPORT_NAMES[fmt])
            b.clicked.connect(lambda _=False, k=fmt: self.export(k))
            self.export_buttons[fmt] = b
            exports.addWidget(b)
        exports.addStretch(1)
        d.addLayout(exports)
        self.save_as_button = QPushButton("Enregistrer sous…")
        self.save_as_button.setObjectName("saveAs")
        self.save_as_button.setToolTip("Enregistrer un document ou la transcription à l'endroit de votre choix")
        self.save_as_menu = QMenu(self.save_as_button)
        self.save_as_actions: dict[str, Any] = {}
        for kind in KINDS.values():
            self.save_as_actions[kind.key] = self.save_as_menu.addAction(
                f"{kind.name}…", lambda k=kind.key: self.save_as(k))
        self.save_as_menu.addSeparator()
        for fmt in EXPORTS:
            self.save_as_actions[fmt] = self.save_as_menu.addAction(
                f"Transcription : {EXPORT_NAMES[fmt]} (.{fmt})…", lambda f=fmt: self.save_as(f))
        self.save_as_button.setMenu(self.save_as_menu)
        exports.addWidget(self.save_as_button)
        self.status = QLabel()
        self.status.setObjectName("minutesStatus")
        self.status.setWordWrap(True)
        d.addWidget(self.status)
        self.files = QListWidget()
        self.files.setObjectName("generatedFiles")
        self.files.setMaximumHeight(80)
        self.files.itemActivated.connect(lambda item: self.open_file(Path(item.data(Qt.ItemDataRole.UserRole))))
        d.addWidget(self.files)
        open_row = QHBoxLayout()
        self.open_button = QPushButton("Ouvrir")
        self.open_button.clicked.connect(self._open_selected)
        self.open_folder_button = QPushButton("Ouvrir le dossier")
        self.open_folder_button.clicked.connect(
            lambda: self.doc and self.open_file(self.doc.folder.exports_dir))
        open_row.addWidget(self.open_button)
        open_row.addWidget(self.open_folder_button)
        open_row.addStretch(1)
        d.addLayout(open_row)

        body = QWidget()
        columns = QHBoxLayout(body)
        right = QVBoxLayout()
        right.addWidget(self.editor.agenda_box, 1)  # first: on a laptop it shows without scrolling
        right.addWidget(docs)
        columns.addWidget(self.editor, 1)
        columns.addLayout(right, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    # --- the meeting -----------------------------------------------------------------------------
    def set_document(self, doc: MeetingDocument | None) -> None:
        self.doc = doc
        self.generated.clear()
        self.files.clear()
        self.status.clear()
        self.editor.set_document(doc)
        self._suggested_for = None
        if doc is not None:
            self.doc_buttons["pv"].setDefault(doc.meeting.kind != "codir")
            self._list_existing()
            if self.isVisible():
                self._suggest()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._suggest()

    def _suggest(self) -> None:
        """Read the form's facts in the recording once per meeting, when the panel is first
        shown: on a 3-hour meeting it is a second of Python work on a pool thread, which must
        not compete with the opening of the transcript for the interpreter."""
        doc = self.doc
        if doc is None or getattr(self, "_suggested_for", None) is doc:
            return
        self._suggested_for = doc
        self.tasks.run(suggestions, snapshot(doc.meeting),
                       on_done=lambda heard, d=doc: self._offer(d, heard),
                       on_error=lambda exc: log.warning("minutes detection failed: %s", exc))

    def _offer(self, doc: MeetingDocument, heard) -> None:
        if doc is not self.doc:
            return
        self.editor.offer(heard)
        if heard.missing:
            self.status.setText("À compléter avant diffusion : " + ", ".join(heard.missing) + ".")

    def _list_existing(self) -> None:
        folder = self.doc.folder.path
        for path in [*(documents.document_path(folder, k, f) for k in KINDS for f in DOC_FORMATS),
                     *(documents.export_path(folder, f) for f in EXPORTS)]:
            if path.exists():
                self._add_file(path)

    # --- documents -------------------------------------------------------------------------------
    def generate(self, kind: str) -> None:
        if self.doc is None:
            return
        if not self.editor.store():
            self.status.setText("Corrigez le formulaire avant de générer le document.")
            return
        self._busy(True)
        self.status.setText(f"Rédaction : {KINDS[kind].name.lower()}…")
        self.tasks.run(documents.write_into_folder, snapshot(self.doc.meeting), self.doc.folder.path, kind,
                       pseudonymise=self.pseudonymise.isChecked(), fmt=self.doc_format.currentData(),
                       on_done=lambda path: self._written(path, KINDS[kind].name), on_error=self._failed)

    def export(self, fmt: str) -> None:
        if self.doc is None:
            return
        self._busy(True)
        hide = self.pseudonymise.isChecked()
        self.tasks.run(documents.export_into_folder, snapshot(self.doc.meeting), self.doc.folder.path, fmt, hide,
                       on_done=lambda path: self._written(path, f"Transcription {fmt.upper()}{PSEUDO if hide else ''}"),
                       on_error=self._failed)

    # --- « Enregistrer sous… » ------------------------------------------------------------------
    def _ask_save_path(self, title: str, suggested: Path, file_filter: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self, title, str(suggested), file_filter)
        return path or None

    def save_as(self, what: str) -> None:
        """Write the document ``what`` (a kind) or the export ``what`` (a format) where the
        secretary chooses."""
        if self.doc is None:
            return
        is_doc = what in KINDS
        if is_doc and not self.editor.store():
            self._error("Corrigez le formulaire avant de générer le document.")
            return
        name = KINDS[what].name if is_doc else "transcription"
        suffix = f".{self.doc_format.currentData()}" if is_doc else f".{what}"
        folder = self.last_dir or Path.home()
        title = re.sub(r'[\\/:*?"<>|]+', " ", self.doc.meeting.title).strip()
        suggested = folder / (f"{name} - {title}{suffix}" if title else f"{name}{suffix}")
        file_filter = f"{DOC_FILTERS[suffix[1:]]} (*{suffix})" if is_doc else f"{EXPORT_NAMES[what]} (*.{what})"
        chosen = self.choose_path("Enregistrer sous", suggested, file_filter)
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        problem = documents.target_problem(path)
        if problem:
            self._error(problem)
            return
        self.last_dir = path.parent
        self._busy(True)
        meeting = snapshot(self.doc.meeting)
        if is_doc:
            self.status.setText(f"Rédaction : {KINDS[what].name.lower()}…")
            self.tasks.run(documents.write_document, meeting, path, what,
                           pseudonymise=self.pseudonymise.isChecked(),
                           on_done=lambda p: self._written(p, KINDS[what].name), on_error=self._failed)
        else:
            hide = self.pseudonymise.isChecked()
            self.tasks.run(documents.write_export, meeting, path, what, hide,
                           on_done=lambda p: self._written(p, f"Transcription {what.upper()}{PSEUDO if hide else ''}"),
                           on_error=self._failed)

    def _error(self, message: str) -> None:
        self.status.setText(message)
        self.status.setProperty("error", True)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    def _written(self, path: Path, label: str) -> None:
        self._busy(False)
        path = Path(path)
        self._add_file(path)
        self.status.setText(f"{label} enregistré : {path.name}. Double-cliquez pour l'ouvrir.")
        self.documentWritten.emit(str(path))

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        if isinstance(exc, SeanceError):
            self._error(str(exc))
        else:
            log.error("document generation failed", exc_info=exc)
            self._error("Le document n'a pas pu être rédigé (erreur interne : détails dans le journal).")

    def _busy(self, busy: bool) -> None:
        for b in [*self.doc_buttons.values(), *self.export_buttons.values(), self.save_as_button]:
            b.setEnabled(not busy)
        self.status.setProperty("error", False)

    def _add_file(self, path: Path) -> None:
        self.generated[path.suffix.lstrip(".") + ":" + path.name] = path
        for i in range(self.files.count()):
            if self.files.item(i).data(Qt.ItemDataRole.UserRole) == str(path):
                self.files.setCurrentRow(i)
                return
        item = QListWidgetItem(path.name)
        item.setData(Qt.ItemDataRole.UserRole, str(path))
        item.setToolTip(str(path))
        self.files.addItem(item)
        self.files.setCurrentItem(item)

    def _open_selected(self) -> None:
        item = self.files.currentItem()
        if item is not None:
            self.open_file(Path(item.data(Qt.ItemDataRole.UserRole)))

    def open_file(self, path: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
