"""À propos: version, privacy promise, where the log file is."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from transcriber import __version__


class AboutDialog(QDialog):
    def __init__(self, log_file: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("À propos de Séance")
        self.log_file = log_file
        text = QLabel(
            f"<h2>Séance {__version__}</h2>"
            "<p>Transcription des conseils municipaux et des CODIR, et projet de procès-verbal, "
            "de compte rendu ou de verbatim.</p>"
            "<p><b>Tout reste sur cet ordinateur</b> : aucun son, aucun texte, aucune statistique "
            "n'est envoyé sur Internet.</p>"
            "<p>Reconnaissance de la parole : faster-whisper (Whisper, MIT). Intervenants : "
            "pyannote.audio (MIT). Interface : Qt for Python (LGPL).</p>"
            f"<p>Journal des erreurs (à joindre à une demande d'assistance) :<br><code>{log_file}</code></p>"
        )
        text.setObjectName("aboutText")
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        open_logs = QPushButton("Ouvrir le dossier du journal")
        open_logs.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_file.parent))))
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.button(QDialogButtonBox.StandardButton.Close).setText("Fermer")
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(open_logs)
        layout.addWidget(box)
        self.setMinimumWidth(480)
