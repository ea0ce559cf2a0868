"""The import dialog: what the meeting is, and how to transcribe it.

Also used, without the meeting fields, to (re)transcribe a meeting that already exists (a recording
just stopped, or a new speaker count).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QDateEdit, QDialog,
                               QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QPlainTextEdit, QRadioButton, QSpinBox, QVBoxLayout,
                               QWidget)

from transcriber.asr import AsrOptions
from transcriber.errors import InputError
from transcriber.model import MEETING_KINDS
from transcriber.pipeline import PipelineOptions, SpeakerCount
from transcriber.settings import Settings

from ..views.placeholders import placeholder

LANGUAGES = (("fr", "Français"), ("en", "Anglais"), ("de", "Allemand"), ("es", "Espagnol"),
             ("it", "Italien"), ("", "Détection automatique"))
DEVICES = (("auto", "Automatique (carte graphique si disponible)"), ("cpu", "Processeur (CPU)"),
           ("cuda", "Carte graphique NVIDIA (CUDA)"))


@dataclass(frozen=True)
class ImportRequest:
    source: Path | None
    title: str
    date: str
    kind: str
    language: str
    vocabulary: list[str]
    collectivite: str
    options: PipelineOptions


def parse_vocabulary(text: str) -> list[str]:
    """One term per line (commas also separate), sections such as « [Élus] » as in the
    collectivité's file; blanks and duplicates dropped. ``InputError`` for an unknown section."""
    from transcriber.vocabulary import parse_terms

    return parse_terms(text)


def model_choices(settings: Settings) -> list[tuple[str, str, bool, str]]:
    """(name, label, usable, problem) of the models the model store knows."""
    from transcriber.modelstore import list_models

    out = []
    for info in list_models(settings):
        origin = "intégré, par défaut" if info.source == "bundled" else f"ajouté : {info.path}"
        out.append((info.name, f"{info.name} ({origin})", info.usable, info.problem or info.description))
    return out


def fill_models(combo: QComboBox, settings: Settings, selected: str) -> None:
    """The models of the model store in ``combo`` (unusable ones shown, disabled, with why)."""
    from transcriber.errors import SeanceError

    combo.clear()
    try:
        choices = model_choices(settings)
    except SeanceError as exc:  # e.g. the manifest of the models is unreadable
        combo.addItem(f"Aucun modèle disponible : {exc}", None)
        combo.model().item(0).setEnabled(False)
        return
    for name, label, usable, problem in choices:
        combo.addItem(label if usable else f"{label} — indisponible", name)
        i = combo.count() - 1
        combo.setItemData(i, problem, Qt.ItemDataRole.ToolTipRole)
        if not usable:
            combo.model().item(i).setEnabled(False)
    i = combo.findData(selected)
    combo.setCurrentIndex(i if i >= 0 else 0)


class ImportDialog(QDialog):
    def __init__(self, settings: Settings, source: Path | None = None, parent: QWidget | None = None,
                 *, title: str = "", meeting_fields: bool = True, duration_text: str = "",
                 kind: str = "", language: str = "", vocabulary: list[str] | None = None,
                 date: str = "") -> None:
        """``date``: the recording's date (ISO, from the file: ``AudioInfo.recorded``); today
        when the file does not say."""
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.settings = settings
        self.source = source
        self.meeting_fields = meeting_fields
        self.setWindowTitle("Importer un enregistrement" if meeting_fields else "Transcrire la réunion")
        self.setMinimumWidth(560)

        # --- the meeting -----------------------------------------------------------------------
        meeting_box = QGroupBox("La réunion")
        form = QFormLayout(meeting_box)
        if source is not None:
            file_label = QLabel(f"{source.name}" + (f"  ({duration_text})" if duration_text else ""))
            file_label.setToolTip(str(source))
            form.addRow("Fichier :", file_label)
        self.title_edit = QLineEdit(title or (source.stem if source else ""))
        placeholder(self.title_edit, "ex. Conseil municipal du 12 mars")
        form.addRow("&Titre :", self.title_edit)
        recorded = QDate.fromString(date[:10], "yyyy-MM-dd") if date else QDate()
        self.date_edit = QDateEdit(recorded if recorded.isValid() else QDate.currentDate())
        self.date_edit.setToolTip("Date de l'enregistrement, lue dans le fichier : à corriger si la "
                                  "séance a eu lieu un autre jour")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        form.addRow("&Date :", self.date_edit)
        self.kind_combo = QComboBox()
        for key, label in MEETING_KINDS.items():
            self.kind_combo.addItem(label, key)
        if kind:
            self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))
        form.addRow("T&ype :", self.kind_combo)
        meeting_box.setVisible(meeting_fields)

        # --- transcription ---------------------------------------------------------------------
        asr_box = QGroupBox("Transcription")
        asr_form = QFormLayout(asr_box)
        self.language_combo = QComboBox()
        for key, label in LANGUAGES:
            self.language_combo.addItem(label, key)
        lang = language or settings.language  # "" = automatic detection
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(lang)))
        asr_form.addRow("&Langue :", self.language_combo)
        self.error_label = QLabel()
        self.error_label.setObjectName("dialogError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.collectivite_combo = QComboBox()
        self.collectivite_combo.setEditable(True)
        placeholder(self.collectivite_combo.lineEdit(), "ex. Mairie de Saint-Exemple")
        from transcriber.settings import list_collectivites

        known = list_collectivites()
        self.collectivite_combo.addItems(known + [c for c in settings.vocabularies if c not in known])
        self.collectivite_combo.setToolTip("Le vocabulaire est gardé pour chaque collectivité "
                                           "et reproposé à la prochaine réunion")
        asr_form.addRow("&Collectivité :", self.collectivite_combo)
        self.vocabulary_edit = QPlainTextEdit()
        placeholder(self.vocabulary_edit, "Noms des élus, lieux, sigles… un par ligne ; rubriques "
                                                "[Élus], [Lieux], [Sigles] possibles\n"
                                                "ex. Mme Anne Martin\nSIVOM\nrue des Tilleuls")
        self.vocabulary_edit.setFixedHeight(90)
        self.vocabulary_edit.setTabChangesFocus(True)  # Tab goes on to the next field
        asr_form.addRow("&Vocabulaire :", self.vocabulary_edit)
        self.collectivite_combo.currentTextChanged.connect(self._load_vocabulary)
        if self.collectivite_combo.count():
            self._load_vocabulary(self.collectivite_combo.currentText())
        if vocabulary:
            self.vocabulary_edit.setPlainText("\n".join(vocabulary))

        # --- speakers --------------------------------------------------------------------------
        speakers_box = QGroupBox("Intervenants")
        sp = QVBoxLayout(speakers_box)
        self.diarize_check = QCheckBox("Distinguer les intervenants (qui parle quand)")
        self.diarize_check.setChecked(True)
        sp.addWidget(self.diarize_check)
        self.count_unknown = QRadioButton("Nombre inconnu")
        self.count_exact = QRadioButton("Exactement")
        self.count_range = QRadioButton("Entre")
        self.count_unknown.setChecked(True)
        group = QButtonGroup(self)
        for b in (self.count_unknown, self.count_exact, self.count_range):
            group.addButton(b)
        self.exact_spin = self._spin(2)
        self.min_spin = self._spin(2)
        self.max_spin = self._spin(6)
        row = QHBoxLayout()
        row.addWidget(self.count_unknown)
        row.addSpacing(12)
        row.addWidget(self.count_exact)
        row.addWidget(self.exact_spin)
        row.addSpacing(12)
        row.addWidget(self.count_range)
        row.addWidget(self.min_spin)
        row.addWidget(QLabel("et"))
        row.addWidget(self.max_spin)
        row.addStretch(1)
        sp.addLayout(row)
        for w in (self.count_unknown, self.count_exact, self.count_range):
            w.toggled.connect(self._update_enabled)
        self.diarize_check.toggled.connect(self._update_enabled)

        # --- engine ----------------------------------------------------------------------------
        engine_box = QGroupBox("Moteur")
        engine = QFormLayout(engine_box)
        self.model_combo = QComboBox()
        fill_models(self.model_combo, settings, settings.model)
        engine.addRow("&Modèle :", self.model_combo)
        self.device_combo = QComboBox()
        for key, label in DEVICES:
            self.device_combo.addItem(label, key)
        self.device_combo.setCurrentIndex(max(0, self.device_combo.findData(settings.device)))
        engine.addRow("Ca&lcul :", self.device_combo)


        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Transcrire")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuler")
        buttons.accepted.connect(self._validate_and_accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(meeting_box)
        layout.addWidget(asr_box)
        layout.addWidget(speakers_box)
        layout.addWidget(engine_box)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self._update_enabled()
        self._request: ImportRequest | None = None
        self.title_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    @staticmethod
    def _spin(value: int) -> QSpinBox:
        s = QSpinBox()
        s.setRange(1, SpeakerCount.MAX)  # the core's rule, as on the command line
        s.setValue(value)
        return s

    def _load_vocabulary(self, collectivite: str) -> None:
        """The collectivité's vocabulary file, its entries by section (no comments)."""
        from transcriber import vocabulary
        from transcriber.errors import SeanceError

        if not collectivite.strip():
            return
        try:
            vocab = vocabulary.load(collectivite)
        except SeanceError as exc:  # a file edited by hand and now refused: say so, keep the box
            self.error_label.setText(str(exc))
            self.error_label.show()
            return
        if len(vocab):
            self.vocabulary_edit.setPlainText(vocab.to_text(compact=True))

    def _update_enabled(self) -> None:
        on = self.diarize_check.isChecked()
        for w in (self.count_unknown, self.count_exact, self.count_range):
            w.setEnabled(on)
        self.exact_spin.setEnabled(on and self.count_exact.isChecked())
        self.min_spin.setEnabled(on and self.count_range.isChecked())
        self.max_spin.setEnabled(on and self.count_range.isChecked())

    def speaker_count(self) -> SpeakerCount:
        if self.count_exact.isChecked():
            return SpeakerCount(exact=self.exact_spin.value())
        if self.count_range.isChecked():
            return SpeakerCount(minimum=self.min_spin.value(), maximum=self.max_spin.value())
        return SpeakerCount()

    def build_request(self) -> ImportRequest:
        """The request as filled in; raises ``InputError`` with a French message."""
        title = " ".join(self.title_edit.text().split())
        if self.meeting_fields and not title:
            raise InputError("Donnez un titre à la réunion.")
        count = self.speaker_count().validate()
        vocabulary = parse_vocabulary(self.vocabulary_edit.toPlainText())
        language = self.language_combo.currentData()
        model = self.model_combo.currentData()
        if model is None:
            raise InputError("Aucun modèle de transcription n'est disponible : ajoutez-en un "
                             "dans les paramètres.")
        asr = AsrOptions(model=model, language=language or None, device=self.device_combo.currentData(),
                         vocabulary=tuple(vocabulary))
        options = PipelineOptions(asr=asr, diarize=self.diarize_check.isChecked(), speakers=count)
        return ImportRequest(
            source=self.source, title=title, date=self.date_edit.date().toString("yyyy-MM-dd"),
            kind=self.kind_combo.currentData(), language=language or "fr", vocabulary=vocabulary,
            collectivite=self.collectivite_combo.currentText().strip(), options=options,
        )

    def _validate_and_accept(self) -> None:
        try:
            self._request = self.build_request()
        except InputError as exc:
            self.error_label.setText(str(exc))
            self.error_label.show()
            return
        self.remember()
        self.accept()

    def remember(self) -> None:
        """Keep the vocabulary of the collectivité (its file in the settings folder, the same
        text as typed, sections included) and save the settings."""
        req = self._request
        if req is None:
            return
        if req.collectivite and self.meeting_fields:  # (re-transcribing a meeting keeps the file)
            from transcriber import vocabulary
            from transcriber.errors import SeanceError

            try:
                vocabulary.save(req.collectivite, self.vocabulary_edit.toPlainText())
            except SeanceError:  # an unwritable settings folder must not block the import
                import logging

                logging.getLogger(__name__).exception("cannot save the vocabulary")
        try:
            self.settings.save()
        except Exception:  # noqa: BLE001 - a settings file we cannot write must not block the import
            import logging

            logging.getLogger(__name__).exception("cannot save settings")

    @property
    def request(self) -> ImportRequest | None:
        return self._request
