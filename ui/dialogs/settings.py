"""The settings dialog: default model and device, model folders, meetings folder, language."""

from __future__ import annotations

import copy
import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QListWidget, QPushButton,
                               QVBoxLayout, QWidget)

from transcriber.errors import SeanceError
from transcriber.settings import Settings

from .importer import DEVICES, LANGUAGES, fill_models

log = logging.getLogger(__name__)


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle("Paramètres de Séance")
        self.setMinimumWidth(560)
        #: the app's settings, changed only when the dialog is saved
        self.target = settings
        self.settings = copy.deepcopy(settings)

        form = QFormLayout()
        self.model_combo = QComboBox()
        fill_models(self.model_combo, settings, settings.model)
        form.addRow("Modèle par &défaut :", self.model_combo)
        self.device_combo = QComboBox()
        for key, label in DEVICES:
            self.device_combo.addItem(label, key)
        self.device_combo.setCurrentIndex(max(0, self.device_combo.findData(settings.device)))
        form.addRow("&Calcul :", self.device_combo)
        self.language_combo = QComboBox()
        for key, label in LANGUAGES:
            self.language_combo.addItem(label, key)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(settings.language)))
        form.addRow("&Langue des réunions :", self.language_combo)

        self.meetings_edit = QLineEdit(str(settings.meetings_path))
        browse = QPushButton("Parcourir…")
        browse.clicked.connect(self._browse_meetings)
        row = QHBoxLayout()
        row.addWidget(self.meetings_edit, 1)
        row.addWidget(browse)
        form.addRow("Dossier des &réunions :", row)

        self.folders = QListWidget()
        self.folders.setObjectName("modelFolders")
        self.folders.addItems(self.settings.model_folders)
        self.folders.setMaximumHeight(90)
        add = QPushButton("Ajouter un dossier de modèle…")
        add.setToolTip("Un modèle Whisper converti pour CTranslate2 (model.bin, config.json, "
                       "tokenizer.json, vocabulary.txt), par exemple sur une clé USB")
        add.clicked.connect(self._browse_model)
        remove = QPushButton("Retirer")
        remove.clicked.connect(self._remove_model)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(add)
        buttons_row.addWidget(remove)
        buttons_row.addStretch(1)
        form.addRow("Modèles ajoutés :", self.folders)
        form.addRow("", buttons_row)

        self.error_label = QLabel()
        self.error_label.setObjectName("dialogError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        box.button(QDialogButtonBox.StandardButton.Ok).setText("Enregistrer")
        box.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuler")
        box.accepted.connect(self._save)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(box)

    def _browse_meetings(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Dossier des réunions", self.meetings_edit.text())
        if path:
            self.meetings_edit.setText(path)

    def _browse_model(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Dossier d'un modèle Whisper")
        if path:
            self.add_model_folder(path)

    def add_model_folder(self, path: str) -> bool:
        from transcriber.modelstore import register_model

        try:
            info = register_model(path, self.settings)
        except SeanceError as exc:
            self.error_label.setText(str(exc))
            self.error_label.show()
            return False
        self.error_label.hide()
        if not self.folders.findItems(str(info.path), Qt.MatchFlag.MatchExactly):
            self.folders.addItem(str(info.path))
        fill_models(self.model_combo, self.settings, self.model_combo.currentData() or self.settings.model)
        return True

    def _remove_model(self) -> None:
        for item in self.folders.selectedItems():
            path = item.text()
            self.settings.model_folders = [f for f in self.settings.model_folders if f != path]
            self.folders.takeItem(self.folders.row(item))
        fill_models(self.model_combo, self.settings, self.model_combo.currentData() or self.settings.model)

    def _save(self) -> None:
        target = self.target
        previous = {n: getattr(target, n) for n in ("model", "device", "language", "meetings_dir", "model_folders")}
        target.model = self.model_combo.currentData() or target.model
        target.device = self.device_combo.currentData()
        target.language = self.language_combo.currentData() or ""
        target.meetings_dir = self.meetings_edit.text().strip()
        target.model_folders = list(self.settings.model_folders)
        try:
            target.save()
        except SeanceError as exc:
            for name, value in previous.items():
                setattr(target, name, value)
            self.error_label.setText(str(exc))
            self.error_label.show()
            return
        self.accept()
