"""The recording view: microphone choice, level meter, clock, pause, agenda/vote/note markers,
free-disk warning, "Arrêter et transcrire".

The recorder (``transcriber.recording``) does the work on its own threads: the callback copies
frames, its writer thread appends them to the meeting folder's WAV. This view only starts and
stops it (off the GUI thread, through the ``TaskRunner``) and polls ``Recorder.status()`` ten
times a second for the meter and the clock. The audio source is injectable: tests and the
screenshots replay a WAV file instead of a microphone.
"""

from __future__ import annotations

import logging
from typing import Callable

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QLinearGradient, QPainter, QShortcut
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGridLayout, QHBoxLayout, QLabel,
                               QLineEdit, QListWidget, QPushButton, QSizePolicy, QVBoxLayout,
                               QWidget)

from transcriber.errors import SeanceError
from transcriber.timefmt import clock, short_date

from .home import Banner

log = logging.getLogger(__name__)

#: the meter's range in dBFS
METER_FLOOR = -60.0

MARKER_LABELS = {"agenda": "Point", "note": "Note", "vote": "Vote", "pause": "Pause", "resume": "Reprise"}


class ReplaySourceFactory:
    """Builds a ``WavReplaySource`` for each recording: the app without a microphone (tests,
    demonstrations, screenshots). ``device_name`` is what the device list shows."""

    def __init__(self, path, speed: float | None = 1.0) -> None:
        from pathlib import Path

        self.path = Path(path)
        self.speed = speed
        self.device_name = f"Fichier rejoué : {self.path.name}"

    def __call__(self, _device):
        from transcriber.recording import WavReplaySource

        return WavReplaySource(self.path, speed=self.speed)


class LevelMeter(QWidget):
    """A horizontal meter: RMS as a bar, peak as a tick; green, then orange, then red."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("levelMeter")
        self.setAccessibleName("Niveau du micro")
        self.setMinimumHeight(22)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.rms = self.peak = METER_FLOOR

    def set_level(self, rms_dbfs: float, peak_dbfs: float) -> None:
        self.rms, self.peak = max(METER_FLOOR, rms_dbfs), max(METER_FLOOR, peak_dbfs)
        self.update()

    @staticmethod
    def fraction(dbfs: float) -> float:
        return max(0.0, min(1.0, (dbfs - METER_FLOOR) / -METER_FLOOR))

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        r = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        p.setPen(QColor("#9a9a9a"))
        p.setBrush(QColor("#2b2b2b"))
        p.drawRoundedRect(r, 4, 4)
        grad = QLinearGradient(r.left(), 0, r.right(), 0)
        grad.setColorAt(0.0, QColor("#2e9d4a"))
        grad.setColorAt(0.7, QColor("#2e9d4a"))
        grad.setColorAt(0.85, QColor("#e6a000"))
        grad.setColorAt(1.0, QColor("#d23c2a"))
        inner = r.adjusted(3, 3, -3, -3)
        w = inner.width() * self.fraction(self.rms)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(grad)
        p.drawRect(QRectF(inner.left(), inner.top(), w, inner.height()))
        x = inner.left() + inner.width() * self.fraction(self.peak)
        p.setBrush(QColor("#f0f0f0"))
        p.drawRect(QRectF(x - 1, inner.top(), 2, inner.height()))
        p.end()


class RecordingView(QWidget):
    """Set up, run and stop a recording."""

    #: (folder path, transcribe?) when a recording stopped and was saved
    recordingStopped = Signal(str, bool)
    cancelled = Signal()
    #: recording started or stopped
    stateChanged = Signal()

    def __init__(self, tasks, meetings_dir: Callable[[], str],
                 source_factory: Callable[[object], object] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recording")
        self.tasks = tasks
        self.meetings_dir = meetings_dir
        #: builds the audio source from the chosen device (None = default); replaced in tests
        self.source_factory = source_factory
        #: extra keyword arguments for ``start_recording`` (tests: a fake free-space probe)
        self.recorder_options: dict = {}
        self.recorder = None
        self.devices: list = []
        self._busy = False
        #: a warning from the recorder's writer thread, shown by the next poll
        self._pending_warning = ""
        #: when the source ends by itself (a replayed file), transcribe what was recorded
        self.auto_transcribe = False

        title = QLabel("Nouvelle réunion")
        title.setObjectName("viewTitle")
        self.banner = Banner()
        self.warning = Banner()
        self.warning.setObjectName("diskWarning")

        setup = QFormLayout()
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("ex. Conseil municipal du 12 mars")
        setup.addRow("&Titre :", self.title_edit)
        self.device_combo = QComboBox()
        self.device_combo.setAccessibleName("Micro")
        setup.addRow("&Micro :", self.device_combo)

        self.clock = QLabel("0:00:00")
        self.clock.setObjectName("recordClock")
        self.clock.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.state_label = QLabel("Prêt à enregistrer")
        self.state_label.setObjectName("recordState")
        self.state_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.meter = LevelMeter()
        self.disk_label = QLabel()
        self.disk_label.setProperty("hint", True)

        self.start_button = QPushButton("● Démarrer l'enregistrement")
        self.start_button.setObjectName("startRecording")
        self.start_button.clicked.connect(self.start)
        self.pause_button = QPushButton("Pause (F5)")
        self.pause_button.clicked.connect(self.toggle_pause)
        self.agenda_button = QPushButton("Point suivant (F8)")
        self.agenda_button.setToolTip("Marque le début du point suivant de l'ordre du jour")
        self.agenda_button.clicked.connect(self.next_item)
        self.vote_button = QPushButton("Vote (F9)")
        self.vote_button.setToolTip("Marque un vote à cet instant")
        self.vote_button.clicked.connect(self.vote)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("Note (Ctrl+M), puis Entrée")
        self.note_edit.returnPressed.connect(self.note)
        self.note_button = QPushButton("Note")
        self.note_button.clicked.connect(self.note)
        self.stop_button = QPushButton("■ Arrêter et transcrire")
        self.stop_button.setObjectName("stopRecording")
        self.stop_button.clicked.connect(lambda: self.stop(transcribe=True))
        self.stop_only_button = QPushButton("Arrêter sans transcrire")
        self.stop_only_button.clicked.connect(lambda: self.stop(transcribe=False))
        self.back_button = QPushButton("Retour")
        self.back_button.clicked.connect(self.cancelled)

        self.markers = QListWidget()
        self.markers.setObjectName("markerList")
        self.markers.setAccessibleName("Repères")

        marks = QGridLayout()
        marks.addWidget(self.agenda_button, 0, 0)
        marks.addWidget(self.vote_button, 0, 1)
        marks.addWidget(self.pause_button, 0, 2)
        note_row = QHBoxLayout()
        note_row.addWidget(self.note_edit, 1)
        note_row.addWidget(self.note_button)
        marks.addLayout(note_row, 1, 0, 1, 3)
        bottom = QHBoxLayout()
        bottom.addWidget(self.back_button)
        bottom.addStretch(1)
        bottom.addWidget(self.stop_only_button)
        bottom.addWidget(self.stop_button)
        bottom.addWidget(self.start_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 20, 32, 16)
        layout.addWidget(title)
        layout.addWidget(self.banner)
        layout.addWidget(self.warning)
        layout.addLayout(setup)
        layout.addSpacing(8)
        layout.addWidget(self.clock)
        layout.addWidget(self.state_label)
        layout.addWidget(self.meter)
        layout.addWidget(self.disk_label)
        layout.addLayout(marks)
        layout.addWidget(QLabel("Repères :"))
        layout.addWidget(self.markers, 1)
        layout.addLayout(bottom)

        for key, slot in (("F5", self.toggle_pause), ("F8", self.next_item), ("F9", self.vote),
                          ("Ctrl+M", lambda: self.note_edit.setFocus())):
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)

        self.timer = QTimer(self)
        self.timer.setInterval(100)
        self.timer.timeout.connect(self.poll)
        self._update_buttons()

    # --- devices ---------------------------------------------------------------------------------
    def refresh_devices(self) -> None:
        """List the microphones (off the GUI thread: PortAudio may take a moment)."""
        if self.recording:
            return
        self.device_combo.clear()
        self.device_combo.addItem("Recherche des micros…")
        if self.source_factory is not None and getattr(self.source_factory, "device_name", None):
            self._on_devices([], injected=self.source_factory.device_name)
            return
        from transcriber.recording import list_input_devices

        self.tasks.run(list_input_devices, on_done=self._on_devices, on_error=self._on_devices_error)

    def _on_devices(self, devices: list, injected: str | None = None) -> None:
        from transcriber.recording import NO_MIC_MESSAGE

        self.devices = list(devices)
        self.device_combo.clear()
        if injected:
            self.device_combo.addItem(injected, None)
        for d in self.devices:
            self.device_combo.addItem(d.name + (" (par défaut)" if d.is_default else ""), d.index)
            if d.is_default:
                self.device_combo.setCurrentIndex(self.device_combo.count() - 1)
        if self.device_combo.count() == 0:
            self.device_combo.addItem("Aucun micro", None)
            self.banner.show_message(NO_MIC_MESSAGE, "error", "Réessayer", self.refresh_devices)
        else:
            self.banner.hide()
        self._update_buttons()

    def _on_devices_error(self, exc: BaseException) -> None:
        self.device_combo.clear()
        self.device_combo.addItem("Aucun micro", None)
        self.banner.show_message(str(exc) if isinstance(exc, SeanceError)
                                 else "Impossible de lister les micros.", "error")
        self._update_buttons()

    @property
    def has_source(self) -> bool:
        return self.source_factory is not None and getattr(self.source_factory, "device_name", None) \
            or bool(self.devices)

    # --- recording -------------------------------------------------------------------------------
    @property
    def recording(self) -> bool:
        return self.recorder is not None and self.recorder.state in ("recording", "paused")

    def reset(self) -> None:
        if self.recording:
            return
        self.recorder = None
        self.markers.clear()
        self.warning.hide()
        self.clock.setText("0:00:00")
        self.state_label.setText("Prêt à enregistrer")
        self.meter.set_level(METER_FLOOR, METER_FLOOR)
        self.disk_label.clear()
        if not self.title_edit.text():
            from datetime import date

            self.title_edit.setText(f"Réunion du {short_date(date.today().isoformat())}")
        self._update_buttons()

    def start(self) -> None:
        if self.recording or self._busy:
            return
        title = " ".join(self.title_edit.text().split())
        if not title:
            self.banner.show_message("Donnez un titre à la réunion.", "error")
            return
        device = self.device_combo.currentData()
        parent = self.meetings_dir()
        self._busy = True
        self._pending_warning = ""
        self._update_buttons()
        self.state_label.setText("Ouverture du micro…")

        def begin():
            from transcriber.recording import SoundDeviceSource, start_recording

            source = self.source_factory(device) if self.source_factory else SoundDeviceSource(device)
            return start_recording(parent, title, source, on_warning=self._warn_from_thread,
                                   **self.recorder_options)

        self.tasks.run(begin, on_done=self._on_started, on_error=self._on_start_error)

    def _warn_from_thread(self, message: str) -> None:
        # called on the recorder's writer thread: hand it to the GUI thread
        self._pending_warning = message

    def _on_started(self, recorder) -> None:
        self._busy = False
        self.recorder = recorder
        self.banner.hide()
        self.markers.clear()
        self.state_label.setText("● Enregistrement en cours")
        self.timer.start()
        self._update_buttons()
        self.stateChanged.emit()
        log.info("recording started in %s", recorder.folder.path)

    def _on_start_error(self, exc: BaseException) -> None:
        self._busy = False
        message = str(exc) if isinstance(exc, SeanceError) else "Impossible de démarrer l'enregistrement."
        if not isinstance(exc, SeanceError):
            log.error("recording start failed", exc_info=exc)
        self.banner.show_message(message, "error")
        self.state_label.setText("Prêt à enregistrer")
        self._update_buttons()

    def toggle_pause(self) -> None:
        if not self.recording:
            return
        paused = self.recorder.toggle_pause()
        self.state_label.setText("⏸ En pause (hors enregistrement)" if paused else "● Enregistrement en cours")
        self.pause_button.setText("Reprendre (F5)" if paused else "Pause (F5)")
        self._update_buttons()
        self._sync_markers()

    def next_item(self) -> None:
        self._add(lambda r: r.next_agenda_item())

    def vote(self) -> None:
        self._add(lambda r: r.add_vote())

    def note(self) -> None:
        text = self.note_edit.text().strip()
        if not text:
            self.note_edit.setFocus()
            return
        if self._add(lambda r: r.add_note(text)):
            self.note_edit.clear()

    def _add(self, fn) -> bool:
        if not self.recording:
            return False
        try:
            fn(self.recorder)
        except SeanceError as exc:
            self.banner.show_message(str(exc), "error")
            return False
        self._sync_markers()
        return True

    def _sync_markers(self) -> None:
        if self.recorder is None:
            return
        markers = self.recorder.markers
        for m in markers[self.markers.count():]:
            kind = MARKER_LABELS.get(m.kind, m.kind)
            label = m.label or kind
            if m.kind in ("note", "vote") and label != kind:
                label = f"{kind} : {label}"
            self.markers.addItem(f"{clock(m.time_ms, always_hours=True)}   {label}")
        self.markers.scrollToBottom()

    def poll(self) -> None:
        rec = self.recorder
        if rec is None:
            return
        st = rec.status()
        self.clock.setText(clock(st.elapsed_s * 1000, always_hours=True))
        self.meter.set_level(st.rms_dbfs, st.peak_dbfs)
        if st.disk_minutes_left is not None:
            self.disk_label.setText(f"Espace disque : environ {_hours(st.disk_minutes_left)} d'enregistrement possible")
        warning = self._pending_warning
        if warning:
            self._pending_warning = ""
            self.warning.show_message(warning, "warning")
        elif st.low_disk and not self.warning.isVisible():
            from transcriber.recording import low_disk_message

            self.warning.show_message(low_disk_message(st.disk_minutes_left or 0), "warning")
        if st.error:
            self.banner.show_message(st.error, "error")
        if st.finished and st.state in ("recording", "paused"):
            # the source ended (replayed file) or an error stopped it: save what we have
            self.stop(transcribe=st.error is None and self.auto_transcribe)
        self._sync_markers()

    def stop(self, transcribe: bool = True) -> None:
        rec = self.recorder
        if rec is None or self._busy or rec.state not in ("recording", "paused"):
            return
        self._busy = True
        self.timer.stop()
        self.state_label.setText("Enregistrement de la réunion…")
        self._update_buttons()
        self.tasks.run(rec.stop, on_done=lambda meeting: self._on_stopped(rec, transcribe),
                       on_error=self._on_stop_error)

    def stop_now(self) -> None:
        """Stop on the GUI thread (closing the app): the writer drains in about a second."""
        rec = self.recorder
        if rec is not None and rec.state in ("recording", "paused"):
            self.timer.stop()
            try:
                rec.stop()
            except SeanceError as exc:
                log.error("stopping the recording at exit: %s", exc)

    def _on_stopped(self, rec, transcribe: bool) -> None:
        self._busy = False
        self.state_label.setText("Enregistrement terminé")
        self.meter.set_level(METER_FLOOR, METER_FLOOR)
        self.clock.setText(clock(rec.status().elapsed_s * 1000, always_hours=True))
        self._update_buttons()
        self.stateChanged.emit()
        self.recordingStopped.emit(str(rec.folder.path), transcribe)

    def _on_stop_error(self, exc: BaseException) -> None:
        self._busy = False
        self.banner.show_message(str(exc) if isinstance(exc, SeanceError)
                                 else "L'enregistrement n'a pas pu être finalisé : il sera récupéré "
                                      "au prochain démarrage.", "error")
        self._update_buttons()

    def _update_buttons(self) -> None:
        rec = self.recording
        live = rec and not self.recorder.paused
        if bool(self.state_label.property("recording")) != live:
            self.state_label.setProperty("recording", live)
            self.state_label.style().unpolish(self.state_label)
            self.state_label.style().polish(self.state_label)
        for w in (self.pause_button, self.agenda_button, self.vote_button, self.note_button,
                  self.note_edit, self.stop_button, self.stop_only_button):
            w.setEnabled(rec and not self._busy)
        self.start_button.setVisible(not rec)
        self.start_button.setEnabled(not rec and not self._busy and bool(self.has_source))
        self.title_edit.setEnabled(not rec)
        self.device_combo.setEnabled(not rec and bool(self.devices))
        self.back_button.setEnabled(not rec and not self._busy)


def _hours(minutes: float) -> str:
    if minutes >= 120:
        return f"{int(minutes // 60)} h"
    return f"{int(minutes)} min"
