"""The minutes form editor: séance, attendance, agenda and votes.

It edits the core's :class:`~transcriber.minutes.form.MinutesForm`: text moves between the widgets
and ``transcriber.minutes.form_fields`` (names, pouvoirs, agenda rows), which reads it back and
checks it. What the recording revealed (``form_fields.suggestions``, computed off the GUI thread)
fills the fields the secretary left empty; such fields are tinted and say "à vérifier" until she
edits them. Only what a person typed or confirmed is stored in the meeting's form.

Every change of the form is one step of the meeting's undo stack (a pending edit is stored
first): Ctrl+Z / Ctrl+Maj+Z in a field of the form undo and redo the form, like Édition ›
Annuler; an undo reloads the form from the meeting.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QSpinBox,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from transcriber.errors import SeanceError
from transcriber.minutes import form_fields as ff
from transcriber.minutes.form import MinutesForm, form_of
from transcriber.timefmt import short_date

from ..qmodels import MeetingDocument
from .placeholders import placeholder

DETECTED_TIP = "Relevé automatiquement dans l'enregistrement : à vérifier"
DETECTED_BG = QColor("#FFF1D6")


class FieldTracker:
    """Remembers which widgets hold a detected value the secretary has not touched yet."""

    def __init__(self, on_edit) -> None:
        self.detected: set[int] = set()
        self._on_edit = on_edit
        self.filling = False

    def mark(self, widget: QWidget, detected: bool) -> None:
        if detected:
            self.detected.add(id(widget))
        else:
            self.detected.discard(id(widget))
        widget.setProperty("detected", detected)
        widget.setToolTip(DETECTED_TIP if detected else "")
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    def is_detected(self, widget: QWidget) -> bool:
        return id(widget) in self.detected

    def edited(self, widget: QWidget) -> None:
        if self.filling:
            return
        if self.is_detected(widget):
            self.mark(widget, False)
        self._on_edit()


class FormEditor(QWidget):
    """The form's widgets; ``form()`` reads them back into a MinutesForm, ``store()`` stores it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc: MeetingDocument | None = None
        self.tracker = FieldTracker(self._schedule_store)
        self.agenda_touched = False
        self.suggested: ff.Suggestions | None = None
        self._storing = False

        seance = QGroupBox("Séance")
        f = QFormLayout(seance)
        self.collectivite = self._line("ex. Commune de Saint-Exemple")
        self.instance = self._line("ex. conseil municipal, comité de direction")
        self.date = self._line("JJ/MM/AAAA")
        self.time = self._line("ex. 20:30")
        self.end_time = self._line("ex. 22:15")
        self.place = self._line("ex. salle du conseil")
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

        self.presence = QGroupBox("Présences (un nom par ligne)")
        g = QGridLayout(self.presence)
        self.present = self._text("un nom par ligne, ex. :\nMme Anne Martin\nM. Paul Durand")
        self.pouvoirs = self._text(f"un pouvoir par ligne, ex. :\nMme A {ff.POUVOIR_ARROW} M. B")
        self.excused = self._text("un nom par ligne")
        self.absent = self._text("un nom par ligne")
        for col, (label, w) in enumerate((("Présents", self.present), ("Pouvoirs (membre → mandataire)", self.pouvoirs),
                                          ("Absents excusés", self.excused), ("Absents", self.absent))):
            g.addWidget(QLabel(label), 0 if col < 2 else 2, col % 2)
            g.addWidget(w, 1 if col < 2 else 3, col % 2)

        self.agenda_box = QGroupBox("Ordre du jour et votes")
        a = QVBoxLayout(self.agenda_box)
        self.agenda = QTableWidget(0, len(ff.AGENDA_HEADERS))
        self.agenda.setObjectName("agendaTable")
        self.agenda.setHorizontalHeaderLabels(ff.AGENDA_HEADERS)
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

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.legend)
        layout.addWidget(self.form_error)
        layout.addWidget(seance)
        layout.addWidget(self.presence)
        layout.addStretch(1)

        self._store_timer = QTimer(self)
        self._store_timer.setSingleShot(True)
        self._store_timer.setInterval(800)
        self._store_timer.timeout.connect(self.store)
        for w in [*self._fields(), self.in_office.lineEdit(), self.agenda]:
            w.installEventFilter(self)

    # --- widgets ---------------------------------------------------------------------------------
    def _line(self, example: str) -> QLineEdit:
        w = QLineEdit()
        placeholder(w, example)
        w.textEdited.connect(lambda _t, w=w: self.tracker.edited(w))
        return w

    def _text(self, example: str) -> QPlainTextEdit:
        w = QPlainTextEdit()
        placeholder(w, example)
        w.setTabChangesFocus(True)  # one name a line: Tab goes on to the next field
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

    # --- the meeting -----------------------------------------------------------------------------
    def set_document(self, doc: MeetingDocument | None) -> None:
        self._store_timer.stop()
        if self.doc is not None and self.doc is not doc:
            try:
                self.doc.formChanged.disconnect(self._form_changed)
            except (RuntimeError, TypeError):
                pass
        self.doc = doc
        if doc is not None:
            doc.formChanged.connect(self._form_changed)
        self.form_error.hide()
        self.suggested = None
        self.load_form()

    def _form_changed(self) -> None:
        """The meeting's form changed under the editor (undo, redo): show it again."""
        if self.doc is None or self._storing:
            return
        self._store_timer.stop()
        self.form_error.hide()
        self.load_form()
        if self.suggested is not None:
            self.offer(self.suggested)

    def load_form(self) -> None:
        self.tracker.filling = True
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
                form = form_of(self.doc.meeting)
            except SeanceError as exc:
                self._show_error(str(exc))
                form = MinutesForm()
            self.collectivite.setText(form.collectivite)
            self.instance.setText(form.body)
            self.date.setText(short_date(form.date or self.doc.meeting.date))
            self.time.setText(form.time)
            self.end_time.setText(form.end_time)
            self.place.setText(form.place)
            self.president.setText(form.president)
            self.secretaries.setText(", ".join(form.secretaries))
            self.in_office.setValue(form.members_in_office or 0)
            at = form.attendance
            self.present.setPlainText(ff.names_text(at.present))
            self.pouvoirs.setPlainText(ff.pouvoirs_text(at.represented))
            self.excused.setPlainText(ff.names_text(at.excused))
            self.absent.setPlainText(ff.names_text(at.absent))
            for row in ff.agenda_rows(form):
                self._append_row(row, detected=False)
            self.agenda_touched = bool(form.items)
        finally:
            self.tracker.filling = False

    def offer(self, heard: ff.Suggestions) -> None:
        """Fill the empty fields with what was heard, marked "à vérifier"."""
        self.suggested = heard
        h = heard.form
        self.tracker.filling = True
        try:
            def offer(widget, value: str) -> None:
                if not value:
                    return
                current = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
                if current.strip():
                    return
                if isinstance(widget, QPlainTextEdit):
                    widget.setPlainText(value)
                else:
                    widget.setText(value)
                self.tracker.mark(widget, True)

            offer(self.time, h.time)
            offer(self.end_time, h.end_time)
            offer(self.secretaries, ", ".join(h.secretaries))
            offer(self.present, ff.names_text(h.attendance.present))
            offer(self.pouvoirs, ff.pouvoirs_text(h.attendance.represented))
            offer(self.excused, ff.names_text(h.attendance.excused))
            offer(self.absent, ff.names_text(h.attendance.absent))
            if h.members_in_office and not self.in_office.value():
                self.in_office.setValue(h.members_in_office)
                self.tracker.mark(self.in_office, True)
            if self.agenda.rowCount() == 0:
                for row in heard.rows:
                    self._append_row(row, detected=True)
        finally:
            self.tracker.filling = False

    # --- agenda ----------------------------------------------------------------------------------
    def _append_row(self, row: ff.AgendaRow, detected: bool) -> None:
        self.agenda.blockSignals(True)
        r = self.agenda.rowCount()
        self.agenda.insertRow(r)
        for c, value in enumerate(row.cells()):
            item = QTableWidgetItem(value)
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
        self._append_row(ff.AgendaRow(number=str(self.agenda.rowCount() + 1)), detected=False)
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

    def rows(self) -> list[ff.AgendaRow]:
        return [ff.AgendaRow.from_cells([self.agenda.item(r, c).text() if self.agenda.item(r, c) else ""
                                         for c in range(self.agenda.columnCount())])
                for r in range(self.agenda.rowCount())]

    # --- storing the form ------------------------------------------------------------------------
    def _schedule_store(self) -> None:
        if self.doc is not None:
            self._store_timer.start()

    def flush(self) -> None:
        """Store a pending edit now."""
        if self._store_timer.isActive():
            self.store()

    def _value(self, w) -> str:
        if self.tracker.is_detected(w):
            return ""
        return (w.toPlainText() if isinstance(w, QPlainTextEdit) else w.text()).strip()

    def form(self) -> MinutesForm:
        """The form as typed (detected values left untouched are not in it), over what the
        meeting holds; InputError if a count of the agenda is not a number."""
        try:
            form = form_of(self.doc.meeting) if self.doc else MinutesForm()
        except SeanceError:
            form = MinutesForm()
        form.collectivite = self._value(self.collectivite)
        form.body = self._value(self.instance)
        form.date = self._value(self.date)
        form.time = self._value(self.time)
        form.end_time = self._value(self.end_time)
        form.place = self._value(self.place)
        form.president = self._value(self.president)
        form.secretaries = ff.parse_secretaries(self._value(self.secretaries))
        typed_count = not self.tracker.is_detected(self.in_office)
        form.members_in_office = (self.in_office.value() or None) if typed_count else None
        at = form.attendance
        at.present = ff.parse_names(self._value(self.present))
        at.represented = ff.parse_pouvoirs(self._value(self.pouvoirs))
        at.excused = ff.parse_names(self._value(self.excused))
        at.absent = ff.parse_names(self._value(self.absent))
        if self.agenda_touched:
            form.items = ff.items_from_rows(self.rows(), form.items)
        return form

    def store(self) -> bool:
        """Check the form and put it in the meeting (autosaved); False with a message if invalid."""
        self._store_timer.stop()
        if self.doc is None:
            return False
        try:
            form = ff.checked(self.form())
        except SeanceError as exc:
            self._show_error(str(exc))
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

    def _show_error(self, message: str) -> None:
        self.form_error.setText(message)
        self.form_error.show()
