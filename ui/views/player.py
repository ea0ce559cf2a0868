"""Audio playback of a meeting: a ``QMediaPlayer`` and its control bar.

Qt Multimedia decodes on its own threads; the GUI thread only sends commands. With no sound
card the position still advances in real time, so the transcript still follows the playback.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QLabel, QSlider, QStyle,
                               QToolButton, QWidget)

from transcriber.timefmt import clock

SPEEDS = (0.75, 1.0, 1.25, 1.5, 1.75, 2.0)
SKIP_MS = 5000
#: « Réécouter »: how far back the last words are played again
REPLAY_MS = 3000


class Playback(QObject):
    """Play, pause, skip, change speed, play a range (a speaker's sample)."""

    positionChanged = Signal(int)
    durationChanged = Signal(int)
    playingChanged = Signal(bool)
    rateChanged = Signal(float)
    error = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.player = QMediaPlayer(self)
        self.output = QAudioOutput(self)
        self.player.setAudioOutput(self.output)
        self.player.positionChanged.connect(self._on_position)
        self.player.durationChanged.connect(lambda d: self.durationChanged.emit(int(d)))
        self.player.playbackStateChanged.connect(
            lambda s: self.playingChanged.emit(s == QMediaPlayer.PlaybackState.PlayingState))
        self.player.errorOccurred.connect(self._on_error)
        self._stop_at: int | None = None

    def set_source(self, path: Path | None) -> None:
        self.player.stop()
        self._stop_at = None
        self.player.setSource(QUrl.fromLocalFile(str(path)) if path else QUrl())

    @property
    def playing(self) -> bool:
        return self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    def position(self) -> int:
        return int(self.player.position())

    def toggle(self) -> None:
        if self.playing:
            self.player.pause()
        else:
            self._stop_at = None
            self.player.play()

    def play(self) -> None:
        self.player.play()

    def play_from(self, ms: int) -> None:
        """Seek to ``ms`` and play (a word clicked), even when paused."""
        self._stop_at = None
        self.seek(ms)
        self.player.play()

    def replay(self, back_ms: int = REPLAY_MS) -> None:
        """Play again the last ``back_ms`` (from that far before the current position)."""
        self.play_from(self.position() - back_ms)

    def pause(self) -> None:
        self.player.pause()

    def seek(self, ms: int) -> None:
        duration = self.player.duration()
        ms = max(0, int(ms))
        if duration > 0:
            ms = min(ms, duration)
        self.player.setPosition(ms)
        self.positionChanged.emit(ms)

    def skip(self, delta_ms: int) -> None:
        self.seek(self.position() + delta_ms)

    def set_rate(self, rate: float) -> None:
        rate = min(max(rate, SPEEDS[0]), SPEEDS[-1])
        self.player.setPlaybackRate(rate)
        self.rateChanged.emit(rate)

    def rate(self) -> float:
        return float(self.player.playbackRate())

    def faster(self) -> None:
        bigger = [s for s in SPEEDS if s > self.rate() + 1e-6]
        if bigger:
            self.set_rate(bigger[0])

    def slower(self) -> None:
        smaller = [s for s in SPEEDS if s < self.rate() - 1e-6]
        if smaller:
            self.set_rate(smaller[-1])

    def play_range(self, start_ms: int, end_ms: int) -> None:
        """Play from ``start_ms`` and pause at ``end_ms`` (a speaker's sample)."""
        self.seek(start_ms)
        self._stop_at = int(end_ms)
        self.player.play()

    def _on_position(self, ms: int) -> None:
        if self._stop_at is not None and ms >= self._stop_at:
            self._stop_at = None
            self.player.pause()
        self.positionChanged.emit(int(ms))

    def _on_error(self, _err, message: str = "") -> None:
        self.error.emit(f"Lecture de l'audio impossible : {message or 'format non pris en charge'}.")


class PlayerBar(QWidget):
    """Play/pause, −5 s/+5 s, a position slider, time, speed, "follow the playback"."""

    def __init__(self, playback: Playback, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.playback = playback
        style = self.style()
        self.play_button = QToolButton()
        self.play_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.play_button.setToolTip("Lecture / pause (F5 ou Ctrl+Espace)")
        self.play_button.setAccessibleName("Lecture")
        self.play_button.clicked.connect(playback.toggle)
        self.back_button = QToolButton()
        self.back_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaSeekBackward))
        self.back_button.setToolTip("Reculer de 5 secondes (F6)")
        self.back_button.clicked.connect(lambda: playback.skip(-SKIP_MS))
        self.forward_button = QToolButton()
        self.forward_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaSeekForward))
        self.forward_button.setToolTip("Avancer de 5 secondes (F7)")
        self.forward_button.clicked.connect(lambda: playback.skip(SKIP_MS))
        self.replay_button = QToolButton()
        self.replay_button.setText(f"↺ {REPLAY_MS // 1000} s")
        self.replay_button.setToolTip(f"Réécouter les {REPLAY_MS // 1000} dernières secondes (F4)")
        self.replay_button.setAccessibleName("Réécouter")
        self.replay_button.clicked.connect(lambda: playback.replay())
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setAccessibleName("Position de lecture")
        self.slider.setRange(0, 0)
        self.slider.sliderMoved.connect(playback.seek)
        self.time_label = QLabel("0:00 / 0:00")
        self.time_label.setMinimumWidth(110)
        self.speed = QComboBox()
        self.speed.setToolTip("Vitesse de lecture (F8 plus lent, F9 plus rapide)")
        for s in SPEEDS:
            self.speed.addItem(f"{s:g}×".replace(".", ","), s)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.currentIndexChanged.connect(lambda i: playback.set_rate(SPEEDS[i]))
        self.follow = QCheckBox("Suivre la lecture")
        self.follow.setChecked(True)
        self.follow.setToolTip("Faire défiler la transcription avec la lecture")

        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        for w in (self.replay_button, self.back_button, self.play_button, self.forward_button):
            row.addWidget(w)
        row.addWidget(self.slider, 1)
        row.addWidget(self.time_label)
        row.addWidget(QLabel("Vitesse"))
        row.addWidget(self.speed)
        row.addWidget(self.follow)

        self._duration = 0
        playback.positionChanged.connect(self._on_position)
        playback.durationChanged.connect(self._on_duration)
        playback.playingChanged.connect(self._on_playing)
        playback.rateChanged.connect(self._on_rate)

    def _on_position(self, ms: int) -> None:
        if not self.slider.isSliderDown():
            self.slider.setValue(ms)
        self.time_label.setText(f"{clock(ms)} / {clock(self._duration)}")

    def _on_duration(self, ms: int) -> None:
        self._duration = ms
        self.slider.setRange(0, max(0, ms))
        self.time_label.setText(f"{clock(self.playback.position())} / {clock(ms)}")

    def _on_playing(self, playing: bool) -> None:
        icon = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))
        self.play_button.setAccessibleName("Pause" if playing else "Lecture")

    def _on_rate(self, rate: float) -> None:
        best = min(range(len(SPEEDS)), key=lambda i: abs(SPEEDS[i] - rate))
        if best != self.speed.currentIndex():
            self.speed.blockSignals(True)
            self.speed.setCurrentIndex(best)
            self.speed.blockSignals(False)

