"""Rechercher et remplacer in the transcript (non-modal; every replacement is undoable)."""

from __future__ import annotations

import re

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import (QCheckBox, QDialog, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QWidget)


class FindReplaceDialog(QDialog):
    def __init__(self, meeting_view, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findDialog")
        self.setWindowTitle("Rechercher et remplacer")
        self.view = meeting_view
        self.find_edit = QLineEdit()
        self.find_edit.setAccessibleName("Rechercher")
        self.replace_edit = QLineEdit()
        self.replace_edit.setAccessibleName("Remplacer par")
        self.case_check = QCheckBox("Respecter la casse")
        self.status = QLabel()
        self.status.setObjectName("findStatus")
        self.next_button = QPushButton("Suivant")
        self.next_button.setDefault(True)
        self.prev_button = QPushButton("Précédent")
        self.replace_button = QPushButton("Remplacer")
        self.all_button = QPushButton("Tout remplacer")
        close = QPushButton("Fermer")
        self.next_button.clicked.connect(lambda: self.find(1))
        self.prev_button.clicked.connect(lambda: self.find(-1))
        self.replace_button.clicked.connect(self.replace_one)
        self.all_button.clicked.connect(self.replace_all)
        close.clicked.connect(self.close)
        grid = QGridLayout(self)
        grid.addWidget(QLabel("&Rechercher :"), 0, 0)
        grid.addWidget(self.find_edit, 0, 1)
        grid.addWidget(QLabel("Remplacer &par :"), 1, 0)
        grid.addWidget(self.replace_edit, 1, 1)
        grid.addWidget(self.case_check, 2, 1)
        buttons = QHBoxLayout()
        for b in (self.prev_button, self.next_button, self.replace_button, self.all_button, close):
            buttons.addWidget(b)
        grid.addLayout(buttons, 3, 0, 1, 2)
        grid.addWidget(self.status, 4, 0, 1, 2)
        grid.itemAtPosition(0, 0).widget().setBuddy(self.find_edit)
        grid.itemAtPosition(1, 0).widget().setBuddy(self.replace_edit)
        self._match: tuple[int, int, int] | None = None  # row, start, end
        self.setMinimumWidth(460)

    def _pattern(self) -> re.Pattern | None:
        text = self.find_edit.text()
        if not text:
            return None
        return re.compile(re.escape(text), 0 if self.case_check.isChecked() else re.IGNORECASE)

    def find(self, direction: int = 1) -> bool:
        doc = self.view.doc
        pattern = self._pattern()
        if doc is None or pattern is None:
            return False
        segments = doc.meeting.segments
        n = len(segments)
        if not n:
            return False
        row, pos = (self._match[0], self._match[1]) if self._match else (self.view.transcript.currentIndex().row(), -1)
        row = max(row, 0)
        for step in range(n + 1):
            r = (row + direction * step) % n
            text = segments[r].text
            matches = list(pattern.finditer(text))
            if direction > 0:
                matches = [m for m in matches if step > 0 or m.start() > pos]
                m = matches[0] if matches else None
            else:
                matches = [m for m in matches if step > 0 or pos < 0 or m.start() < pos]
                m = matches[-1] if matches else None
            if m is not None:
                self._match = (r, m.start(), m.end())
                self._show(r)
                self.status.setText(f"Trouvé au segment {r + 1} sur {n}.")
                return True
        self._match = None
        self.status.setText("Aucun résultat.")
        return False

    def _show(self, row: int) -> None:
        view = self.view.transcript
        index = view.model().index(row, 0)
        view.setCurrentIndex(index)
        view.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        view.scrollTo(index)

    def replace_one(self) -> None:
        doc = self.view.doc
        if doc is None:
            return
        if self._match is None and not self.find(1):
            return
        row, a, b = self._match
        text = doc.meeting.segments[row].text
        pattern = self._pattern()
        if pattern is None or not pattern.fullmatch(text[a:b]):
            self.find(1)
            return
        doc.edit_text(row, text[:a] + self.replace_edit.text() + text[b:])
        self._match = (row, a + len(self.replace_edit.text()) - 1, a)
        self.find(1)

    def replace_all(self) -> int:
        doc = self.view.doc
        if doc is None or not self.find_edit.text():
            return 0
        n = doc.replace_all(self.find_edit.text(), self.replace_edit.text(), self.case_check.isChecked())
        self._match = None
        self.status.setText(f"{n} remplacement{'s' if n > 1 else ''}." if n else "Aucun résultat.")
        return n
