"""The speakers panel: colour, name (double-click or F2 to rename), talk time, a sample to listen
to, and merging two speakers that diarisation split (« Fusionner dans » offers the other
speakers only). Tab leaves the table. Every change is undoable. A name proposed from the
collectivité's voice profiles waits for « Confirmer »; « Mémoriser la voix » asks the window to
keep the selected speaker's voice under their name (``rememberVoiceRequested``)."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QTableView, QVBoxLayout, QWidget)

from ..qmodels import MeetingDocument, SpeakerIdRole


class SpeakersPanel(QWidget):
    #: (start_ms, end_ms) of a sample to play
    listenRequested = Signal(int, int)
    #: (speaker id, name): keep this speaker's voice in the collectivité's profiles
    rememberVoiceRequested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc: MeetingDocument | None = None
        intro = QLabel("Double-cliquez sur un nom (ou F2) pour le modifier : il change partout dans "
                       "la transcription et les documents. Cochez « Élu(e) » pour les élus : leur nom "
                       "reste dans les documents pseudonymisés.")
        intro.setWordWrap(True)
        intro.setProperty("hint", True)
        self.table = QTableView()
        self.table.setObjectName("speakersTable")
        self.table.setAccessibleName("Intervenants")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.SelectedClicked)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)  # Tab goes on to the buttons, not cell to cell

        self.listen_button = QPushButton("Écouter")
        self.listen_button.setToolTip("Écouter le plus long passage de cet intervenant")
        self.listen_button.clicked.connect(self.listen_selected)
        self.rename_button = QPushButton("Renommer")
        self.rename_button.clicked.connect(self._rename_selected)
        self.remember_button = QPushButton("Mémoriser la voix")
        self.remember_button.setToolTip("Garder l'empreinte de cette voix (sur cet ordinateur seulement) "
                                        "pour proposer ce nom aux prochaines réunions")
        self.remember_button.clicked.connect(self._remember_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.listen_button)
        buttons.addWidget(self.rename_button)
        buttons.addWidget(self.remember_button)
        buttons.addStretch(1)
        self.proposal_label = QLabel()
        self.proposal_label.setWordWrap(True)
        self.confirm_button = QPushButton("Confirmer")
        self.confirm_button.setToolTip("Donner ce nom à l'intervenant ; sa voix complète l'empreinte")
        self.confirm_button.clicked.connect(self.confirm_selected)
        proposal = QHBoxLayout()
        proposal.addWidget(self.proposal_label, 1)
        proposal.addWidget(self.confirm_button)

        self.merge_target = QComboBox()
        self.merge_target.setAccessibleName("Fusionner dans")
        self.merge_button = QPushButton("Fusionner")
        self.merge_button.setToolTip("Toutes les interventions de l'intervenant sélectionné "
                                     "sont attribuées à celui choisi ici")
        self.merge_button.clicked.connect(self.merge_selected)
        merge = QHBoxLayout()
        merge.addWidget(QLabel("Fusionner dans :"))
        merge.addWidget(self.merge_target, 1)
        merge.addWidget(self.merge_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addLayout(proposal)
        layout.addLayout(merge)
        self._update_buttons()

    def set_document(self, doc: MeetingDocument | None) -> None:
        if self.doc is not None:
            try:
                self.doc.speakersChanged.disconnect(self._refresh)
            except (RuntimeError, TypeError):
                pass
        self.doc = doc
        self.table.setModel(doc.speakers if doc else None)
        if doc is not None:
            doc.speakersChanged.connect(self._refresh)
            header = self.table.horizontalHeader()
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(doc.speakers.ELECTED, QHeaderView.ResizeMode.ResizeToContents)
            self.table.selectionModel().selectionChanged.connect(lambda *_: self._refresh())
            if doc.meeting.speakers:
                self.table.selectRow(0)
        self._refresh()

    def selected_id(self) -> str | None:
        if self.doc is None or self.table.selectionModel() is None:
            return None
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return rows[0].data(SpeakerIdRole)

    def select(self, speaker_id: str) -> None:
        if self.doc is None:
            return
        row = self.doc.speakers.row_of(speaker_id)
        if row >= 0:
            self.table.selectionModel().select(
                self.doc.speakers.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def _refresh(self) -> None:
        """« Fusionner dans » lists the speakers other than the selected one."""
        current = self.merge_target.currentData()
        selected = self.selected_id()
        self.merge_target.clear()
        if self.doc is not None:
            for sp in self.doc.meeting.speakers:
                if sp.id != selected:
                    self.merge_target.addItem(sp.label, sp.id)
            i = self.merge_target.findData(current)
            if i >= 0:
                self.merge_target.setCurrentIndex(i)
        self._update_buttons()

    def _update_buttons(self) -> None:
        sid = self.selected_id()
        has = sid is not None
        self.listen_button.setEnabled(has)
        self.rename_button.setEnabled(has)
        self.merge_button.setEnabled(has and self.merge_target.count() > 0)
        speaker = self.doc.meeting.speaker(sid) if self.doc is not None and sid else None
        self.remember_button.setEnabled(bool(speaker and speaker.name))
        proposed = speaker.proposal if speaker is not None and not speaker.name else {}
        if proposed:
            self.proposal_label.setText(f"Voix reconnue : {proposed['name']} (ressemblance "
                                        f"{round(100 * proposed['confidence'])} %). À confirmer.")
        self.proposal_label.setVisible(bool(proposed))
        self.confirm_button.setVisible(bool(proposed))

    def confirm_selected(self) -> None:
        """Give the proposed name (undoable); the confirmed voice then refines the profile."""
        sid = self.selected_id()
        speaker = self.doc.meeting.speaker(sid) if self.doc is not None and sid else None
        if speaker is None or not speaker.proposal:
            return
        name = speaker.proposal["name"]
        if self.doc.rename_speaker(sid, name):
            speaker.proposal = {}
            self.rememberVoiceRequested.emit(sid, name)
        self._update_buttons()

    def _remember_selected(self) -> None:
        sid = self.selected_id()
        speaker = self.doc.meeting.speaker(sid) if self.doc is not None and sid else None
        if speaker is not None and speaker.name:
            self.rememberVoiceRequested.emit(sid, speaker.name)

    def _rename_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if rows:
            self.table.edit(rows[0])

    def sample_of(self, speaker_id: str) -> tuple[int, int] | None:
        """The longest segment of a speaker, as (start_ms, end_ms)."""
        if self.doc is None:
            return None
        segs = [s for s in self.doc.meeting.segments if s.speaker == speaker_id and s.words]
        if not segs:
            return None
        best = max(segs, key=lambda s: s.duration_ms)
        return best.start_ms, best.end_ms

    def listen_selected(self) -> None:
        sid = self.selected_id()
        sample = self.sample_of(sid) if sid else None
        if sample:
            self.listenRequested.emit(*sample)

    def merge_selected(self) -> None:
        source, target = self.selected_id(), self.merge_target.currentData()
        if self.doc is None or not source or not target or source == target:
            return
        self.doc.merge_speakers(source, target)
