"""The home view: the three ways in (record, import, open) and the recent meetings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMenu,
                               QPushButton, QStyle, QVBoxLayout, QWidget)

from transcriber.model import MEETING_KINDS
from transcriber.store import read_summary
from transcriber.timefmt import clock, short_date


class HomeView(QWidget):
    newRequested = Signal()
    importRequested = Signal()
    openRequested = Signal()
    openMeeting = Signal(str)
    #: the folder of the meeting the user asked to delete (the window asks to confirm)
    deleteMeeting = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("home")
        title = QLabel("Séance")
        title.setObjectName("homeTitle")
        subtitle = QLabel("Du conseil municipal ou du CODIR au projet de procès-verbal, "
                          "sur cet ordinateur, sans connexion.")
        subtitle.setObjectName("homeSubtitle")
        subtitle.setWordWrap(True)

        style = self.style()
        self.new_button = self._big_button("Nouvelle réunion", "Enregistrer une séance avec le micro",
                                           style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.new_button.clicked.connect(self.newRequested)
        self.import_button = self._big_button("Importer un fichier audio ou vidéo",
                                              "MP3, WAV, M4A, MP4… ou déposez-le dans la fenêtre",
                                              style.standardIcon(QStyle.StandardPixmap.SP_FileIcon))
        self.import_button.clicked.connect(self.importRequested)
        self.open_button = self._big_button("Ouvrir une réunion", "Un dossier de réunion Séance (.seance)",
                                            style.standardIcon(QStyle.StandardPixmap.SP_DirOpenIcon))
        self.open_button.clicked.connect(self.openRequested)
        buttons = QHBoxLayout()
        for b in (self.new_button, self.import_button, self.open_button):
            buttons.addWidget(b)

        recent_title = QLabel("Réunions récentes")
        recent_title.setObjectName("panelTitle")
        self.recent = QListWidget()
        self.recent.setObjectName("recentList")
        self.recent.setAccessibleName("Réunions récentes")
        self.recent.setIconSize(QSize(24, 24))
        self.recent.itemActivated.connect(lambda item: self.openMeeting.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.recent.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.recent.customContextMenuRequested.connect(self._recent_menu)
        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.recent)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.delete_selected)
        self.delete_button = QPushButton("Supprimer la réunion…")
        self.delete_button.setObjectName("deleteMeetingButton")
        self.delete_button.setToolTip("Efface le dossier de la réunion sélectionnée, enregistrement "
                                      "audio compris (touche Suppr)")
        self.delete_button.clicked.connect(self.delete_selected)
        self.recent.currentItemChanged.connect(lambda item, _old: self.delete_button.setEnabled(item is not None))
        self.delete_button.setEnabled(False)
        self.empty = QLabel("Aucune réunion pour l'instant. Enregistrez une séance ou importez "
                            "un fichier audio pour commencer.")
        self.empty.setProperty("hint", True)
        self.empty.setWordWrap(True)

        drop = QLabel("Astuce : glissez-déposez un fichier audio ou vidéo, ou un dossier de "
                      "réunion, n'importe où dans cette fenêtre.")
        drop.setProperty("hint", True)
        drop.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 16)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(16)
        layout.addLayout(buttons)
        layout.addSpacing(16)
        recent_header = QHBoxLayout()
        recent_header.addWidget(recent_title)
        recent_header.addStretch(1)
        recent_header.addWidget(self.delete_button)
        layout.addLayout(recent_header)
        layout.addWidget(self.empty)
        layout.addWidget(self.recent, 1)
        layout.addWidget(drop)

    def selected_meeting(self) -> str | None:
        item = self.recent.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def delete_selected(self) -> None:
        if (folder := self.selected_meeting()) is not None:
            self.deleteMeeting.emit(folder)

    def _recent_menu(self, pos) -> None:
        item = self.recent.itemAt(pos)
        if item is None:
            return
        self.recent.setCurrentItem(item)
        menu = QMenu(self.recent)
        menu.addAction("Ouvrir", lambda: self.openMeeting.emit(item.data(Qt.ItemDataRole.UserRole)))
        menu.addAction("Supprimer la réunion…", self.delete_selected)
        self.context_menu = menu
        menu.popup(self.recent.viewport().mapToGlobal(pos))

    def _big_button(self, text: str, detail: str, icon) -> QPushButton:
        b = QPushButton(f"{text}\n{detail}")
        b.setObjectName("bigButton")
        b.setIcon(icon)
        b.setIconSize(QSize(28, 28))
        b.setMinimumHeight(72)
        b.setAccessibleName(text)
        return b

    def set_recent(self, folders: list[str]) -> None:
        self.recent.clear()
        for raw in folders:
            path = Path(raw)
            summary = read_summary(path)
            if summary is None:
                continue
            bits = [MEETING_KINDS.get(summary.kind, "Réunion")]
            if summary.date:
                bits.append(short_date(summary.date))
            if summary.duration_ms:
                bits.append(clock(summary.duration_ms))
            item = QListWidgetItem(f"{summary.title}\n{' · '.join(bits)}   —   {path.parent}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
            item.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DirIcon))
            self.recent.addItem(item)
        has = self.recent.count() > 0
        self.delete_button.setEnabled(self.recent.currentItem() is not None)
        self.recent.setVisible(has)
        self.empty.setVisible(not has)


class Banner(QFrame):
    """A coloured line of text at the top of a view (errors, warnings, information)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action = QPushButton()
        self.action.hide()
        close = QPushButton("×")
        close.setObjectName("bannerClose")
        close.setFlat(True)
        close.setFixedWidth(28)
        close.setToolTip("Fermer")
        close.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 6, 6)
        row.addWidget(self.label, 1)
        row.addWidget(self.action)
        row.addWidget(close)
        self._callback = None
        self.action.clicked.connect(self._run)
        self.hide()

    def show_message(self, text: str, level: str = "error", action: str = "", callback=None) -> None:
        self.label.setText(text)
        self.setProperty("level", level)
        self.style().unpolish(self)
        self.style().polish(self)
        self._callback = callback
        self.action.setText(action)
        self.action.setVisible(bool(action and callback))
        self.show()

    def _run(self) -> None:
        if self._callback is not None:
            self._callback()
