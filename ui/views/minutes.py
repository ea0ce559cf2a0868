"""The minutes panel: the minutes form (séance, attendance, agenda and votes) and the documents.

What the recording revealed (``transcriber.minutes.context.build_context``, run off the GUI
thread) pre-fills the fields the secretary left empty; such fields are tinted and say "à
vérifier" until she edits them. Only what a person typed or confirmed is stored in the meeting's
form: a detected value left untouched stays a detection, and the document marks it so.

The documents (.docx through ``transcriber.minutes.docx.write_minutes``, and the SRT/VTT/TXT/JSON
exports) are written on a pool thread into the meeting's ``exports/`` folder; "Ouvrir" opens them
with the system's application. « Enregistrer sous… » writes any of them where the secretary
chooses (a save dialog; ``MinutesPanel.choose_path`` can be replaced, e.g. by tests).

Every change of the form is one step of the meeting's undo stack (a pending edit is stored
first): Ctrl+Z / Ctrl+Maj+Z in a field of the form undo and redo the form, like Édition ›
Annuler; an undo reloads the form from the meeting.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QFileDialog, QFormLayout, QGridLayout,
                               QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QMenu, QPlainTextEdit, QPushButton, QScrollArea,
                               QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from transcriber.errors import SeanceError, StoreError

from ..qmodels import MeetingDocument, snapshot

log = logging.getLogger(__name__)

DETECTED_TIP = "Relevé automatiquement dans l'enregistrement : à vérifier"
DETECTED_BG = QColor("#FFF1D6")

DOCUMENTS = {
    "pv": ("Générer le projet de PV", "Projet de procès-verbal"),
    "cr": ("Générer le projet de compte rendu", "Projet de compte rendu"),
    "verbatim": ("Générer le verbatim", "Verbatim"),
    "deliberations": ("Liste des délibérations", "Liste des délibérations"),
}
EXPORTS = ("txt", "srt", "vtt", "json")
EXPORT_NAMES = {"txt": "Texte", "srt": "Sous-titres SRT", "vtt": "Sous-titres WebVTT",
                "json": "Données complètes (JSON)"}
AGENDA_COLUMNS = ("N°", "Objet", "Rapporteur", "Délibération", "Pour", "Contre", "Abst.", "Résultat")


def document_path(folder_path: Path, kind: str) -> Path:
    return folder_path / "exports" / f"{DOCUMENTS[kind][1]}.docx"


def write_document(meeting, folder_path: Path, kind: str, pseudonymise: bool = False) -> Path:
    """Runs on a pool thread: draft the .docx of ``kind`` into the folder's exports/."""
    from transcriber.minutes.docx import write_minutes

    path = document_path(folder_path, kind)
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_minutes(meeting, path, kind, pseudonymise=pseudonymise)


def write_export(meeting, folder_path: Path, fmt: str) -> Path:
    from transcriber.exports import export

    path = folder_path / "exports" / f"transcription.{fmt}"
    path.parent.mkdir(parents=True, exist_ok=True)
    return export(meeting, fmt, path)


def target_problem(path: Path) -> str | None:
    """Why ``path`` cannot receive a file (French), or None: checked before writing there."""
    if path.is_dir():
        return f"« {path} » est un dossier : choisissez un nom de fichier."
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


def write_document_to(meeting, path: Path, kind: str, pseudonymise: bool = False) -> Path:
    """Runs on a pool thread: draft the .docx of ``kind`` at ``path`` (« Enregistrer sous… »)."""
    from transcriber.minutes.docx import write_minutes

    path = Path(path)
    try:
        return write_minutes(meeting, path, kind, pseudonymise=pseudonymise)
    except OSError as exc:  # write_atomic's temporary file, in a folder where one may not write
        raise StoreError(f"Impossible d'enregistrer « {path.name} » dans « {path.parent} » : "
                         f"{exc.strerror or exc}. Choisissez un autre emplacement.") from exc


def write_export_to(meeting, path: Path, fmt: str) -> Path:
    """Runs on a pool thread: write the ``fmt`` export at ``path`` (« Enregistrer sous… »)."""
    from transcriber.exports import export

    path = Path(path)
    problem = target_problem(path)
    if problem:
        raise StoreError(problem)
    try:
        return export(meeting, fmt, path)
    except OSError as exc:  # e.g. a folder where one may not write
        raise StoreError(f"Impossible d'enregistrer « {path.name} » dans « {path.parent} » : "
                         f"{exc.strerror or exc}. Choisissez un autre emplacement.") from exc


def detected_context(meeting, kind: str):
    """Runs on a pool thread: the facts the minutes would hold (with what was detected)."""
    from transcriber.minutes.context import build_context
    from transcriber.minutes.form import MinutesForm

    try:
        form = MinutesForm.from_dict(meeting.form)
    except SeanceError:
        form = MinutesForm()
    return build_context(meeting, form, kind)


def lines(text: str) -> list[str]:
    return [t.strip() for t in re.split(r"[\n;]", text) if t.strip()]


def parse_pouvoirs(text: str) -> list[dict[str, str]]:
    """"Mme A → M. B" or "Mme A donne pouvoir à M. B", one per line."""
    out = []
    for line in lines(text):
        parts = re.split(r"\s*(?:→|->|=>|donne pouvoir à|représentée? par)\s*", line, maxsplit=1)
        member = parts[0].strip()
        proxy = parts[1].strip() if len(parts) > 1 else ""
        if member:
            out.append({"membre": member, "mandataire": proxy})
    return out


class FieldTracker:
    """Remembers which widgets hold a detected value the secretary has not touched yet."""

    def __init__(self, on_edit) -> None:
        self.detected: set[int] = set()
        self._on_edit = on_edit
        self._filling = False

    def mark(self, widget: QWidget, detected: bool) -> None:
        if detected:
            self.detected.add(id(widget))
            widget.setProperty("detected", True)
            widget.setToolTip(DETECTED_TIP)
        else:
            self.detected.discard(id(widget))
            widget.setProperty("detected", False)
            widget.setToolTip("")
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    def is_detected(self, widget: QWidget) -> bool:
        return id(widget) in self.detected

    def edited(self, widget: QWidget) -> None:
        if self._filling:
            return
        if self.is_detected(widget):
            self.mark(widget, False)
        self._on_edit()


class MinutesPanel(QWidget):
    documentWritten = Signal(str)

    def __init__(self, tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("minutesPanel")
        self.tasks = tasks
        self.doc: MeetingDocument | None = None
        self.tracker = FieldTracker(self._schedule_store)
        self.agenda_touched = False
        self.generated: dict[str, Path] = {}
        self.context = None
        self._storing = False
        #: (title, suggested path, file filter) → chosen path or None; QFileDialog by default
        self.choose_path: Callable[[str, Path, str], str | None] = self._ask_save_path
        self.last_dir: Path | None = None

        # --- séance --------------------------------------------------------------------------
        seance = QGroupBox("Séance")
        f = QFormLayout(seance)
        self.collectivite = self._line("ex. Commune de Saint-Exemple")
        self.instance = self._line("conseil municipal, comité de direction…")
        self.date = self._line("JJ/MM/AAAA")
        self.time = self._line("20:30")
        self.end_time = self._line("22:15")
        self.place = self._line("salle du conseil")
        self.president = self._line("ex. Mme Anne Martin, maire")
        self.secretaries = self._line("un ou plusieurs noms, séparés par des virgules")
        self.in_office = QSpinBox()
        self.in_office.setRange(0, 200)
        self.in_office.setSpecialValueText("—")
        self.in_office.valueChanged.connect(lambda _v: self.tracker.edited(self.in_office))
        f.addRow("Collectivité :", self.collectivite)
        f.addRow("Instance :", self.instance)
        times = QHBoxLayout()
        times.addWidget(self.date)
        times.addWidget(QLabel("de"))
        times.addWidget(self.time)
        times.addWidget(QLabel("à"))
        times.addWidget(self.end_time)
        f.addRow("Date et heures :", times)
        f.addRow("Lieu :", self.place)
        f.addRow("Président de séance :", self.president)
        f.addRow("Secrétaire(s) de séance :", self.secretaries)
        f.addRow("Membres en exercice :", self.in_office)

        # --- attendance ----------------------------------------------------------------------
        presence = QGroupBox("Présences (un nom par ligne)")
        g = QGridLayout(presence)
        self.present = self._text("Mme Anne Martin\nM. Paul Durand")
        self.pouvoirs = self._text("Mme A → M. B")
        self.excused = self._text("")
        self.absent = self._text("")
        for col, (label, w) in enumerate((("Présents", self.present), ("Pouvoirs (membre → mandataire)", self.pouvoirs),
                                          ("Absents excusés", self.excused), ("Absents", self.absent))):
            g.addWidget(QLabel(label), 0 if col < 2 else 2, col % 2)
            g.addWidget(w, 1 if col < 2 else 3, col % 2)

        # --- agenda --------------------------------------------------------------------------
        agenda = QGroupBox("Ordre du jour et votes")
        a = QVBoxLayout(agenda)
        self.agenda = QTableWidget(0, len(AGENDA_COLUMNS))
        self.agenda.setObjectName("agendaTable")
        self.agenda.setHorizontalHeaderLabels(AGENDA_COLUMNS)
        self.agenda.verticalHeader().hide()
        self.agenda.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.agenda.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.agenda.setMinimumHeight(150)
        self.agenda.itemChanged.connect(self._agenda_edited)
        add = QPushButton("Ajouter un point")
        add.clicked.connect(self.add_item)
        remove = QPushButton("Supprimer le point")
        remove.clicked.connect(self.remove_item)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        a.addWidget(self.agenda)
        a.addLayout(row)

        self.legend = QLabel('<span style="background:#FFF1D6">&nbsp;Champ teinté&nbsp;</span> : '
                             "relevé automatiquement dans l'enregistrement, à vérifier.")
        self.legend.setProperty("hint", True)
        self.form_error = QLabel()
        self.form_error.setObjectName("dialogError")
        self.form_error.setWordWrap(True)
        self.form_error.hide()

        # --- documents -----------------------------------------------------------------------
        docs = QGroupBox("Documents")
        d = QVBoxLayout(docs)
        self.doc_buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for i, (kind, (label, _)) in enumerate(DOCUMENTS.items()):
            b = QPushButton(label)
            b.setObjectName(f"generate_{kind}")
            b.clicked.connect(lambda _=False, k=kind: self.generate(k))
            self.doc_buttons[kind] = b
            grid.addWidget(b, i // 2, i % 2)
        d.addLayout(grid)
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
        for kind, (_label, name) in DOCUMENTS.items():
            self.save_as_actions[kind] = self.save_as_menu.addAction(
                f"{name} (.docx)…", lambda k=kind: self.save_as(k))
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
        self.files.setMaximumHeight(110)
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
        left = QVBoxLayout()
        left.addWidget(self.legend)
        left.addWidget(self.form_error)
        left.addWidget(seance)
        left.addWidget(presence)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(docs)
        right.addWidget(agenda, 1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self._store_timer = QTimer(self)
        self._store_timer.setSingleShot(True)
        self._store_timer.setInterval(800)
        self._store_timer.timeout.connect(self.store)
        for w in [*self._fields(), self.in_office.lineEdit(), self.agenda]:
            w.installEventFilter(self)

    # --- widgets ---------------------------------------------------------------------------------
    def _line(self, placeholder: str) -> QLineEdit:
        w = QLineEdit()
        w.setPlaceholderText(placeholder)
        w.textEdited.connect(lambda _t, w=w: self.tracker.edited(w))
        return w

    def _text(self, placeholder: str) -> QPlainTextEdit:
        w = QPlainTextEdit()
        w.setPlaceholderText(placeholder)
        w.setFixedHeight(80)
        w.textChanged.connect(lambda w=w: self.tracker.edited(w))
        return w

    def _fields(self) -> list[QWidget]:
        return [self.collectivite, self.instance, self.date, self.time, self.end_time, self.place,
                self.president, self.secretaries, self.in_office, self.present, self.pouvoirs,
                self.excused, self.absent]

    # --- undo / redo of the form ----------------------------------------------------------------
    @staticmethod
    def _undo_key(event: QKeyEvent) -> str | None:
        if event.matches(QKeySequence.StandardKey.Undo):
            return "undo"
        if event.matches(QKeySequence.StandardKey.Redo) or (
                event.key() == Qt.Key.Key_Y and event.modifiers() == Qt.KeyboardModifier.ControlModifier):
            return "redo"
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        t = event.type()
        if t in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and self._undo_key(event):
            # the widgets' own undo (or the window's) would not know the form: ours does it
            if t == QEvent.Type.ShortcutOverride:
                event.accept()
                return True
            self.undo() if self._undo_key(event) == "undo" else self.redo()
            return True
        if t == QEvent.Type.FocusOut and self._store_timer.isActive():
            self.store()  # a pending edit becomes an undo step before anything else happens
        return False

    def undo(self) -> None:
        if self.doc is None:
            return
        if self._store_timer.isActive():
            self.store()
        self.doc.undo_stack.undo()

    def redo(self) -> None:
        if self.doc is None:
            return
        if self._store_timer.isActive():
            self.store()
        self.doc.undo_stack.redo()

    def _form_changed(self, doc: MeetingDocument) -> None:
        """The meeting's form changed under the panel (undo, redo): show it again."""
        if doc is not self.doc or self._storing:
            return
        self._store_timer.stop()
        self.form_error.hide()
        self.load_form()
        if self.context is not None:
            self._prefill(doc, self.context)

    # --- document --------------------------------------------------------------------------------
    def set_document(self, doc: MeetingDocument | None) -> None:
        self._store_timer.stop()
        if self.doc is not None and self.doc is not doc:
            try:
                self.doc.formChanged.disconnect(self._on_form_changed)
            except (RuntimeError, TypeError):
                pass
        self.doc = doc
        if doc is not None:
            doc.formChanged.connect(self._on_form_changed)
        self.generated.clear()
        self.files.clear()
        self.status.clear()
        self.form_error.hide()
        self.context = None
        self.load_form()
        if doc is not None:
            kind = "cr" if doc.meeting.kind == "codir" else "pv"
            self.doc_buttons["pv"].setDefault(kind == "pv")
            self._list_existing()
            self.tasks.run(detected_context, snapshot(doc.meeting), kind,
                           on_done=lambda ctx, d=doc: self._prefill(d, ctx),
                           on_error=lambda exc: log.warning("minutes detection failed: %s", exc))

    def _on_form_changed(self) -> None:
        if self.doc is not None:
            self._form_changed(self.doc)

    def _list_existing(self) -> None:
        for kind in DOCUMENTS:
            path = document_path(self.doc.folder.path, kind)
            if path.exists():
                self._add_file(path)
        for fmt in EXPORTS:
            path = self.doc.folder.exports_dir / f"transcription.{fmt}"
            if path.exists():
                self._add_file(path)

    def load_form(self) -> None:
        from transcriber.minutes.form import MinutesForm

        self.tracker._filling = True
        try:
            for w in self._fields():
                self.tracker.mark(w, False)
                if isinstance(w, QSpinBox):
                    w.setValue(0)
                else:
                    w.clear()
            self.agenda.setRowCount(0)
            self.agenda_touched = False
            if self.doc is None:
                return
            try:
                form = MinutesForm.from_dict(self.doc.meeting.form)
            except SeanceError as exc:
                self.form_error.setText(str(exc))
                self.form_error.show()
                form = MinutesForm()
            self.collectivite.setText(form.collectivite)
            self.instance.setText(form.body)
            self.date.setText(_french_date(form.date or self.doc.meeting.date))
            self.time.setText(form.time)
            self.end_time.setText(form.end_time)
            self.place.setText(form.place)
            self.president.setText(form.president)
            self.secretaries.setText(", ".join(form.secretaries))
            self.in_office.setValue(form.members_in_office or 0)
            at = form.attendance
            self.present.setPlainText("\n".join(at.present))
            self.pouvoirs.setPlainText("\n".join(f"{r.member} → {r.proxy}" for r in at.represented))
            self.excused.setPlainText("\n".join(at.excused))
            self.absent.setPlainText("\n".join(at.absent))
            for item in form.items:
                v = item.vote
                self._append_row([item.number, item.title, item.rapporteur, item.deliberation,
                                  _num(v.pour if v else None), _num(v.contre if v else None),
                                  _num(v.abstentions if v else None), v.result if v else ""], detected=False)
            self.agenda_touched = bool(form.items)
        finally:
            self.tracker._filling = False

    def _prefill(self, doc: MeetingDocument, ctx) -> None:
        """Fill the empty fields with what was heard, marked "à vérifier"."""
        if doc is not self.doc:
            return
        self.context = ctx
        self.tracker._filling = True
        try:
            def offer(widget, value: str, detected: bool) -> None:
                if not value or not detected:
                    return
                empty = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
                if empty.strip():
                    return
                if isinstance(widget, QPlainTextEdit):
                    widget.setPlainText(value)
                else:
                    widget.setText(value)
                self.tracker.mark(widget, True)

            offer(self.time, ctx.time, ctx.time_detected)
            offer(self.end_time, ctx.end_time, ctx.end_time_detected)
            offer(self.secretaries, ", ".join(ctx.secretaries), ctx.secretaries_detected)
            at = ctx.attendance
            if at.detected:
                offer(self.present, "\n".join(at.present), True)
                offer(self.pouvoirs, "\n".join(f"{m} → {p}" for m, p in at.represented), True)
                offer(self.excused, "\n".join(at.excused), True)
                offer(self.absent, "\n".join(at.absent), True)
            if "in_office" in ctx.counts.detected and ctx.counts.in_office and not self.in_office.value():
                self.in_office.setValue(ctx.counts.in_office)
                self.tracker.mark(self.in_office, True)
            if self.agenda.rowCount() == 0:
                for s in ctx.sections:
                    if s.special or s.source not in ("marker", "speech"):
                        continue
                    vote = next((v for v in s.votes if v.detected), None)
                    result = (vote.result or "") if vote else ""
                    self._append_row([s.number or "", s.title, s.rapporteur, s.deliberation,
                                      _num(vote.pour if vote else None), _num(vote.contre if vote else None),
                                      _num(vote.abstentions if vote else None), result], detected=True)
            if ctx.missing:
                self.status.setText("À compléter avant diffusion : " + ", ".join(ctx.missing) + ".")
        finally:
            self.tracker._filling = False

    # --- agenda ----------------------------------------------------------------------------------
    def _append_row(self, values: list[str], detected: bool) -> None:
        self.agenda.blockSignals(True)
        r = self.agenda.rowCount()
        self.agenda.insertRow(r)
        for c, value in enumerate(values):
            item = QTableWidgetItem(str(value or ""))
            if detected and value:
                item.setBackground(DETECTED_BG)
                item.setToolTip(DETECTED_TIP)
                item.setData(Qt.ItemDataRole.UserRole, "detected")
            self.agenda.setItem(r, c, item)
        self.agenda.blockSignals(False)

    def _agenda_edited(self, item: QTableWidgetItem) -> None:
        if item.data(Qt.ItemDataRole.UserRole) == "detected":
            self.agenda.blockSignals(True)
            item.setData(Qt.ItemDataRole.UserRole, None)
            item.setBackground(QColor(0, 0, 0, 0))
            item.setToolTip("")
            self.agenda.blockSignals(False)
        self.agenda_touched = True
        self._schedule_store()

    def add_item(self) -> None:
        self._append_row([str(self.agenda.rowCount() + 1), "", "", "", "", "", "", ""], detected=False)
        self.agenda_touched = True
        self.agenda.editItem(self.agenda.item(self.agenda.rowCount() - 1, 1))
        self._schedule_store()

    def remove_item(self) -> None:
        rows = sorted({i.row() for i in self.agenda.selectedIndexes()}, reverse=True)
        for r in rows:
            self.agenda.removeRow(r)
        if rows:
            self.agenda_touched = True
            self._schedule_store()

    # --- storing the form ------------------------------------------------------------------------
    def _schedule_store(self) -> None:
        if self.doc is not None:
            self._store_timer.start()

    def _value(self, w) -> str:
        if self.tracker.is_detected(w):
            return ""
        return (w.toPlainText() if isinstance(w, QPlainTextEdit) else w.text()).strip()

    def form_dict(self) -> dict[str, Any]:
        """The form as typed (French keys), merged into what the meeting already holds."""
        data = dict(self.doc.meeting.form) if self.doc else {}
        data.update({
            "collectivite": self._value(self.collectivite),
            "instance": self._value(self.instance),
            "date": self._value(self.date),
            "heure": self._value(self.time),
            "heure_fin": self._value(self.end_time),
            "lieu": self._value(self.place),
            "president": self._value(self.president),
            "secretaires": [s.strip() for s in self._value(self.secretaries).split(",") if s.strip()],
        })
        if self.in_office.value() and not self.tracker.is_detected(self.in_office):
            data["en_exercice"] = self.in_office.value()
        else:
            data.pop("en_exercice", None)
        presence = dict(data.get("presence") or {})
        presence.update({
            "presents": lines(self._value(self.present)),
            "representes": parse_pouvoirs(self._value(self.pouvoirs)),
            "absents_excuses": lines(self._value(self.excused)),
            "absents": lines(self._value(self.absent)),
        })
        data["presence"] = presence
        if self.agenda_touched:
            old_items = list(data.get("points") or [])
            items = []
            for r in range(self.agenda.rowCount()):
                cell = [(self.agenda.item(r, c).text().strip() if self.agenda.item(r, c) else "")
                        for c in range(len(AGENDA_COLUMNS))]
                if not any(cell):
                    continue
                item = dict(old_items[r]) if r < len(old_items) else {}
                item.update({"numero": cell[0], "titre": cell[1], "rapporteur": cell[2], "deliberation": cell[3]})
                vote = dict(item.get("vote") or {})
                for key, value in (("pour", cell[4]), ("contre", cell[5]), ("abstentions", cell[6])):
                    if value:
                        vote[key] = value
                    else:
                        vote.pop(key, None)
                vote["resultat"] = cell[7]
                item["vote"] = vote if any(v for v in vote.values()) else None
                if item["vote"] is None:
                    item.pop("vote")
                items.append(item)
            data["points"] = items
        return data

    def store(self) -> bool:
        """Validate the form and put it in the meeting (autosaved); False with a message if invalid."""
        from transcriber.minutes.form import MinutesForm

        self._store_timer.stop()
        if self.doc is None:
            return False
        try:
            form = MinutesForm.from_dict(self.form_dict())
        except SeanceError as exc:
            self.form_error.setText(str(exc))
            self.form_error.show()
            return False
        self.form_error.hide()
        new = form.to_dict()
        if new != self.doc.meeting.form:
            self._storing = True
            try:
                self.doc.edit_form(new)
            finally:
                self._storing = False
        return True

    # --- documents -------------------------------------------------------------------------------
    def generate(self, kind: str) -> None:
        if self.doc is None:
            return
        if not self.store():
            self.status.setText("Corrigez le formulaire avant de générer le document.")
            return
        doc = self.doc
        self._busy(True)
        self.status.setText(f"Rédaction : {DOCUMENTS[kind][1].lower()}…")
        self.tasks.run(write_document, snapshot(doc.meeting), doc.folder.path, kind,
                       self.pseudonymise.isChecked(),
                       on_done=lambda path: self._written(path, DOCUMENTS[kind][1]),
                       on_error=self._failed)

    def export(self, fmt: str) -> None:
        if self.doc is None:
            return
        self._busy(True)
        self.tasks.run(write_export, snapshot(self.doc.meeting), self.doc.folder.path, fmt,
                       on_done=lambda path: self._written(path, f"Transcription {fmt.upper()}"),
                       on_error=self._failed)

    # --- « Enregistrer sous… » ------------------------------------------------------------------
    def _ask_save_path(self, title: str, suggested: Path, file_filter: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self, title, str(suggested), file_filter)
        return path or None

    def save_as(self, what: str) -> None:
        """Write the document ``what`` (a kind of DOCUMENTS) or the export ``what`` (a format)
        where the secretary chooses."""
        if self.doc is None:
            return
        is_doc = what in DOCUMENTS
        if is_doc and not self.store():
            self._error("Corrigez le formulaire avant de générer le document.")
            return
        name = DOCUMENTS[what][1] if is_doc else "transcription"
        suffix = ".docx" if is_doc else f".{what}"
        folder = self.last_dir or Path.home()
        title = re.sub(r'[\\/:*?"<>|]+', " ", self.doc.meeting.title).strip()
        suggested = folder / (f"{name} - {title}{suffix}" if title else f"{name}{suffix}")
        file_filter = "Document Word (*.docx)" if is_doc else f"{EXPORT_NAMES[what]} (*.{what})"
        chosen = self.choose_path("Enregistrer sous", suggested, file_filter)
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        problem = target_problem(path)
        if problem:
            self._error(problem)
            return
        self.last_dir = path.parent
        doc = self.doc
        self._busy(True)
        if is_doc:
            self.status.setText(f"Rédaction : {DOCUMENTS[what][1].lower()}…")
            self.tasks.run(write_document_to, snapshot(doc.meeting), path, what, self.pseudonymise.isChecked(),
                           on_done=lambda p: self._written(p, DOCUMENTS[what][1]), on_error=self._failed)
        else:
            self.tasks.run(write_export_to, snapshot(doc.meeting), path, what,
                           on_done=lambda p: self._written(p, f"Transcription {what.upper()}"),
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


def _num(value) -> str:
    return "" if value is None else str(value)


def _french_date(iso: str) -> str:
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2}).*", iso or "")
    return f"{m.group(3)}/{m.group(2)}/{m.group(1)}" if m else (iso or "")
