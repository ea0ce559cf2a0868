"""The meeting view: transcript editor with playback, speakers panel and minutes panel."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QPushButton, QSizePolicy,
                               QSplitter, QTabWidget, QVBoxLayout, QWidget)

from transcriber.errors import StoreError
from transcriber.model import MEETING_KINDS, Meeting
from transcriber.store import MeetingFolder
from transcriber.timefmt import clock, short_date
from transcriber.usage import cost_fr, meeting_usage

from ..qmodels import MeetingDocument
from .home import Banner
from .minutes import MinutesPanel
from .player import Playback, PlayerBar
from .speakers import SpeakersPanel
from .transcript import TranscriptView
from .voices import VoiceKeeper

log = logging.getLogger(__name__)


class MeetingView(QWidget):
    transcribeRequested = Signal()
    #: a short message for the status bar ("Réunion enregistrée…")
    message = Signal(str)

    def __init__(self, tasks, saver, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("meeting")
        self.tasks = tasks
        self.saver = saver
        self.doc: MeetingDocument | None = None
        self._announce_after: int | None = None  # Ctrl+S: say when the save after this count is done
        self.playback = Playback(self)

        self.title = QLabel()
        self.title.setObjectName("viewTitle")
        self.subtitle = QLabel()
        self.subtitle.setProperty("hint", True)
        # a long line (folder path last) is cut at the right, never widens the window
        self.subtitle.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.save_state = QLabel()
        self.save_state.setObjectName("saveState")
        self.save_state.setProperty("hint", True)
        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        head.addLayout(titles, 1)
        head.addWidget(self.save_state, 0, Qt.AlignmentFlag.AlignBottom)
        self.banner = Banner()

        # --- editor toolbar ----------------------------------------------------------------------
        self.speaker_combo = QComboBox()
        self.speaker_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.speaker_combo.setMinimumContentsLength(18)
        self.speaker_combo.setAccessibleName("Intervenant du segment")
        self.speaker_combo.setToolTip("Intervenant du ou des segments sélectionnés (Alt+1…9)")
        self.speaker_combo.activated.connect(self._apply_speaker_combo)
        self.split_button = QPushButton("Scinder")
        self.split_button.setToolTip("Scinder le segment avant le dernier mot cliqué "
                                     "(en modification : Ctrl+Entrée au curseur)")
        self.split_button.clicked.connect(self.split_at_clicked_word)
        self.merge_button = QPushButton("Fusionner avec le suivant")
        self.merge_button.setToolTip("Fusionner le segment sélectionné avec le suivant (Ctrl+J)")
        self.merge_button.clicked.connect(self.merge_selected)
        self.find_button = QPushButton("Rechercher…")
        tools = QHBoxLayout()
        tools.addWidget(QLabel("Intervenant :"))
        tools.addWidget(self.speaker_combo)
        tools.addWidget(self.split_button)
        tools.addWidget(self.merge_button)
        tools.addStretch(1)
        tools.addWidget(self.find_button)
        legend = QLabel('<span style="background:#FFE3C2">&nbsp;mot surligné&nbsp;</span> : à vérifier · '
                        '<u style="text-decoration-color:#0072B2">nom souligné en bleu</u> : corrigé '
                        "d'après le vocabulaire · "
                        "clic sur un mot : lecture à cet endroit · double-clic, F2 ou Entrée : modifier · "
                        "Entrée : valider et passer au segment suivant · Échap : annuler · "
                        "F4 : réécouter · Ctrl+Entrée : scinder au curseur")
        legend.setProperty("hint", True)
        legend.setWordWrap(True)

        self.transcript = TranscriptView()
        self.transcript.seekRequested.connect(self.playback.seek)
        self.transcript.playRequested.connect(self.playback.play_from)
        self.transcript.cursorTimeChanged.connect(self._follow_cursor)
        self.transcript.segmentEntered.connect(self._segment_entered)
        self.speakers_panel = SpeakersPanel()
        self.speakers_panel.listenRequested.connect(self.playback.play_range)
        self.voice_keeper = VoiceKeeper(self)
        self.speakers_panel.rememberVoiceRequested.connect(self.voice_keeper.remember)
        self.minutes_panel = MinutesPanel(tasks)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(tools)
        left_layout.addWidget(self.transcript, 1)
        left_layout.addWidget(legend)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.speakers_panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([900, 340])
        # two pages over one player: the transcript with its speakers, and the minutes
        self.side = QTabWidget()
        self.side.setObjectName("meetingTabs")
        self.side.setDocumentMode(True)
        self.side.addTab(self.splitter, "Transcription et intervenants")
        self.side.addTab(self.minutes_panel, "Procès-verbal et documents")

        self.player_bar = PlayerBar(self.playback)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 4)
        layout.addLayout(head)
        layout.addWidget(self.banner)
        layout.addWidget(self.side, 1)
        layout.addWidget(self.player_bar)

        self.playback.positionChanged.connect(self._on_position)
        self.playback.error.connect(lambda m: self.banner.show_message(m, "warning"))

    # --- open / close ------------------------------------------------------------------------
    @property
    def folder(self) -> MeetingFolder | None:
        return self.doc.folder if self.doc else None

    def loader(self, folder: MeetingFolder):
        """What a pool thread runs to open ``folder``: read the meeting and measure its cards
        for the transcript (a 3-hour meeting then shows without a pause)."""
        delegate, width = self.transcript.delegate, self.transcript.delegate.prepared_width()

        def load() -> Meeting:
            meeting = folder.load()
            delegate.prepare(meeting.segments, width)
            return meeting
        return load

    def open(self, folder: MeetingFolder, meeting: Meeting) -> MeetingDocument:
        if not self.close_document():  # the window leaves a meeting first (MainWindow._leave_meeting)
            raise StoreError("La réunion ouverte n'a pas pu être enregistrée : fermez-la d'abord.")
        self._announce_after = None
        doc = MeetingDocument(folder, meeting, self.saver, self)
        self.doc = doc
        self.transcript.set_document(doc)
        self.transcript.selectionModel().currentChanged.connect(lambda *_: self._sync_speaker_combo())
        self.speakers_panel.set_document(doc)
        self.minutes_panel.set_document(doc)
        doc.speakersChanged.connect(self._fill_speaker_combo)
        doc.saveStateChanged.connect(self._show_save_state)
        doc.refused.connect(lambda message: self.banner.show_message(message, "warning"))
        self._fill_speaker_combo()
        self._show_header()
        self._show_save_state()
        self.banner.hide()
        notes = [n for step in ("decode", "asr", "diarize") for n in (meeting.steps.get(step) or {}).get("warnings", [])]
        if folder.recovered:  # its backup replaced an unreadable meeting.json
            notes.insert(0, folder.recovered)
        if notes:  # saved with the steps: a partial decode, a device fall-back
            self.banner.show_message(" ".join(notes), "warning")
        self.side.setCurrentIndex(0)
        if not meeting.segments:
            if "asr" in meeting.steps:
                self.banner.show_message("Aucune parole n'a été détectée dans cet enregistrement.", "info")
            else:
                self.banner.show_message("Cette réunion n'est pas encore transcrite.", "info",
                                         "Transcrire…", self.transcribeRequested.emit)
        try:
            audio = folder.audio_path(meeting) if meeting.audio else None
        except Exception:  # noqa: BLE001
            audio = None
        if audio is not None and not audio.exists():
            self.banner.show_message(f"Le fichier audio de la réunion est introuvable ({audio.name}) : "
                                     "la lecture est impossible.", "warning")
            audio = None
        self.playback.set_source(audio)
        if meeting.segments:
            self.transcript.setCurrentIndex(doc.segments.index(0))
        self.transcript.setFocus(Qt.FocusReason.OtherFocusReason)
        return doc

    def close_document(self, discard: bool = False) -> bool:
        """Save what is pending and close the document. When the save fails, the document stays
        open (its edits are only in memory) and this returns False, unless ``discard``."""
        doc = self.doc
        if doc is None:
            return True
        if not doc.flush() and not discard:
            return False
        self.playback.set_source(None)
        self.doc = None
        self.transcript.set_document(None)
        self.speakers_panel.set_document(None)
        self.minutes_panel.set_document(None)
        doc.deleteLater()
        return True

    def _show_header(self) -> None:
        m = self.doc.meeting
        self.title.setText(m.title)
        bits = [MEETING_KINDS.get(m.kind, "Réunion")]
        if m.date:
            bits.append(short_date(m.date))
        if m.duration_ms:
            bits.append(f"durée {clock(m.duration_ms)}")
        bits.append(f"{len(m.segments)} segments, {len(m.speakers)} intervenants")
        cost = cost_fr(meeting_usage(m.steps))  # the energy proxy of its transcription
        if cost:
            bits.append(cost)
        bits.append(str(self.doc.folder.path))
        self.subtitle.setText(" · ".join(bits))
        self.subtitle.setToolTip("\n".join(bits))

    def save_now(self) -> None:
        """Ctrl+S: store a pending form edit, save the meeting now and say so."""
        doc = self.doc
        if doc is None:
            return
        self.transcript.commit_editor()
        self.minutes_panel.editor.flush()
        if not doc.dirty:
            self.message.emit(f"Toutes les modifications sont déjà enregistrées ({doc.folder.path.name}).")
            return
        self._announce_after = doc.saves
        self.message.emit("Enregistrement…")
        doc.save()

    def save_minutes_as(self) -> None:
        """Ctrl+Maj+S: the draft minutes (PV, or compte rendu for a CODIR) where the user says."""
        if self.doc is not None:
            self.minutes_panel.save_as("cr" if self.doc.meeting.kind == "codir" else "pv")

    def _show_save_state(self) -> None:
        doc = self.doc
        if doc is None:
            return
        after = self._announce_after
        if after is not None and (doc.saves > after or (doc.dirty and doc.last_error)):
            self._announce_after = None
            self.message.emit(f"Réunion enregistrée dans {doc.folder.path}." if doc.saves > after
                              else "La réunion n'a pas pu être enregistrée : " + doc.last_error)
        if doc.last_error:
            self.save_state.setText("Enregistrement impossible")
            self.banner.show_message(doc.last_error, "error", "Réessayer", doc.save)
        elif doc.dirty:
            self.save_state.setText("Modifications en cours…")
        elif doc.saves:
            self.save_state.setText("Toutes les modifications sont enregistrées")
        else:
            self.save_state.setText("")

    # --- playback ----------------------------------------------------------------------------
    def _follow_cursor(self, ms: int) -> None:
        """The playback waits where the keyboard cursor is (when it is not playing)."""
        if self.doc is not None and not self.playback.playing:
            self.playback.seek(ms)

    def _segment_entered(self, row: int) -> None:
        """A segment opened for correction while the audio plays elsewhere: play it."""
        if self.doc is None or not self.playback.playing or not 0 <= row < len(self.doc.meeting.segments):
            return
        seg = self.doc.meeting.segments[row]
        if not seg.start_ms <= self.playback.position() < seg.end_ms:
            self.playback.seek(seg.start_ms)

    def _on_position(self, ms: int) -> None:
        if self.doc is None:
            return
        row, _ = self.doc.segments.set_current(ms)
        if self.player_bar.follow.isChecked() and self.playback.playing:
            self.transcript.follow(row)

    # --- editing -----------------------------------------------------------------------------
    def _fill_speaker_combo(self) -> None:
        self.speaker_combo.clear()
        if self.doc is None:
            return
        for i, sp in enumerate(self.doc.meeting.speakers):
            self.speaker_combo.addItem(f"{sp.label}" + (f"   Alt+{i + 1}" if i < 9 else ""), sp.id)
        self.speaker_combo.addItem("Nouvel intervenant…", "__new__")
        self._sync_speaker_combo()

    def _sync_speaker_combo(self) -> None:
        if self.doc is None:
            return
        index = self.transcript.currentIndex()
        if not index.isValid():
            return
        sid = self.doc.meeting.segments[index.row()].speaker
        i = self.speaker_combo.findData(sid)
        self.speaker_combo.blockSignals(True)
        self.speaker_combo.setCurrentIndex(i)
        self.speaker_combo.blockSignals(False)

    def _apply_speaker_combo(self, i: int) -> None:
        if self.doc is None:
            return
        sid = self.speaker_combo.itemData(i)
        rows = self.transcript.selected_rows()
        if not rows:
            return
        if sid == "__new__":
            self.transcript._new_speaker(rows)
        else:
            self.doc.change_speaker(rows, sid)

    def assign_speaker_number(self, n: int) -> None:
        if self.doc is None or not 0 < n <= len(self.doc.meeting.speakers):
            return
        rows = self.transcript.selected_rows()
        if rows:
            self.doc.change_speaker(rows, self.doc.meeting.speakers[n - 1].id)

    def split_at_clicked_word(self) -> None:
        if self.doc is None or self.transcript.last_word is None:
            self.banner.show_message("Cliquez d'abord sur le mot qui doit commencer le nouveau segment.", "info")
            return
        row, word = self.transcript.last_word
        if not self.doc.split(row, word):
            self.banner.show_message("Impossible de scinder avant le premier mot d'un segment.", "info")
        self.transcript.last_word = None

    def merge_selected(self) -> None:
        if self.doc is None:
            return
        rows = self.transcript.selected_rows()
        if rows:
            self.doc.merge_with_next(rows[0])

    @property
    def audio_path(self) -> Path | None:
        if self.doc is None or not self.doc.meeting.audio:
            return None
        return self.doc.folder.path / self.doc.meeting.audio
