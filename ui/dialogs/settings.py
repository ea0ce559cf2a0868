"""The settings dialog: default model and device, model folders and packs, meetings folder, language.

Two things here take time and run off the GUI thread, polled by a timer: the device explanation
(why "auto" computes on the CPU or the GPU; asked of a spawned child process, so that the app's own
process never loads the model libraries) and the installation of a model pack (a copy of up to
a few GB, checked file by file).
"""

from __future__ import annotations

import copy
import logging
import threading
from typing import Any, Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QListWidget, QPushButton,
                               QVBoxLayout, QWidget)

from transcriber.errors import SeanceError
from transcriber.settings import Settings

from .importer import DEVICES, LANGUAGES, fill_models

log = logging.getLogger(__name__)


class _Background:
    """``fn(*args)`` on a Python thread; ``done(ok, value)`` later on the GUI thread (polled)."""

    def __init__(self, parent: QWidget, fn: Callable[..., Any], *args: Any,
                 done: Callable[[bool, Any], None]) -> None:
        self.result: tuple[bool, Any] | None = None
        self._done = done

        def work() -> None:
            try:
                self.result = (True, fn(*args))
            except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
                self.result = (False, exc)

        self.thread = threading.Thread(target=work, daemon=True)
        self.thread.start()
        self.timer = QTimer(parent)
        self.timer.setInterval(50)
        self.timer.timeout.connect(self._poll)
        self.timer.start()

    def _poll(self) -> None:
        if self.result is None:
            return
        self.timer.stop()
        self._done(*self.result)


def _device_reason(requested: str) -> str:
    from transcriber.device import reason
    from transcriber.jobs import run_isolated

    return run_isolated(reason, requested)


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
        self.device_label = QLabel("Recherche d'une carte graphique…")
        self.device_label.setObjectName("deviceReason")
        self.device_label.setWordWrap(True)
        form.addRow("", self.device_label)
        self.device_combo.currentIndexChanged.connect(self._explain_device)
        self._device_call: _Background | None = None
        self._explain_device()
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
        self.pack_button = QPushButton("Installer un paquet de modèle…")
        self.pack_button.setToolTip("Un paquet .zip préparé avec « seance models export » (modèle Whisper "
                                    "ou modèle des intervenants) : ses empreintes sont vérifiées avant l'installation")
        self.pack_button.clicked.connect(self._browse_pack)
        self.pack_label = QLabel()
        self.pack_label.setObjectName("packStatus")
        self.pack_label.setWordWrap(True)
        self.pack_label.hide()
        self._pack_call: _Background | None = None
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(add)
        buttons_row.addWidget(remove)
        buttons_row.addWidget(self.pack_button)
        buttons_row.addStretch(1)
        form.addRow("Modèles ajoutés :", self.folders)
        form.addRow("", buttons_row)
        form.addRow("", self.pack_label)

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

    def _explain_device(self) -> None:
        requested = self.device_combo.currentData() or "auto"
        self.device_label.setText("Recherche d'une carte graphique…")

        def done(ok: bool, value: Any) -> None:
            if self.device_combo.currentData() != requested:
                return  # the choice changed meanwhile: a newer answer is coming
            self.device_label.setText(value if ok else f"Impossible de vérifier le calcul : {value}")

        self._device_call = _Background(self, _device_reason, requested, done=done)

    def _browse_pack(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Paquet de modèle", "", "Paquets de modèle (*.zip)")
        if path:
            self.install_pack(path)

    def install_pack(self, path: str) -> _Background:
        """Install the pack ``path`` off the GUI thread; the result shows under the model folders."""
        from transcriber.modelpack import install_pack

        self.pack_button.setEnabled(False)
        self.error_label.hide()
        self.pack_label.setText("Vérification et installation du paquet…")
        self.pack_label.show()

        def done(ok: bool, value: Any) -> None:
            self.pack_button.setEnabled(True)
            if not ok:
                self.pack_label.hide()
                message = str(value) if isinstance(value, SeanceError) else f"Installation impossible : {value}"
                self.error_label.setText(message)
                self.error_label.show()
                return
            what = "Modèle de transcription" if value.kind == "whisper" else "Modèle des intervenants"
            self.pack_label.setText(f"{what} installé : {value.name} (empreintes vérifiées). "
                                    "Enregistrez pour le garder.")
            for folder in self.settings.model_folders:
                if not self.folders.findItems(folder, Qt.MatchFlag.MatchExactly):
                    self.folders.addItem(folder)
            fill_models(self.model_combo, self.settings, self.model_combo.currentData() or self.settings.model)

        self._pack_call = _Background(self, install_pack, path, self.settings, done=done)
        return self._pack_call

    def _remove_model(self) -> None:
        for item in self.folders.selectedItems():
            path = item.text()
            self.settings.model_folders = [f for f in self.settings.model_folders if f != path]
            self.folders.takeItem(self.folders.row(item))
        fill_models(self.model_combo, self.settings, self.model_combo.currentData() or self.settings.model)

    def _save(self) -> None:
        target = self.target
        previous = {n: getattr(target, n) for n in ("model", "device", "language", "meetings_dir", "model_folders",
                                                   "diarization_dir")}
        target.model = self.model_combo.currentData() or target.model
        target.device = self.device_combo.currentData()
        target.language = self.language_combo.currentData() or ""
        target.meetings_dir = self.meetings_edit.text().strip()
        target.model_folders = list(self.settings.model_folders)
        target.diarization_dir = self.settings.diarization_dir
        try:
            target.save()
        except SeanceError as exc:
            for name, value in previous.items():
                setattr(target, name, value)
            self.error_label.setText(str(exc))
            self.error_label.show()
            return
        self.accept()
