"""Real input devices through PortAudio (``sounddevice``): listing them, and a ``Source`` that
records from one."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Callable

from ..errors import InputError, RecordingError
from .sources import FrameCallback, SourceState

log = logging.getLogger(__name__)

#: the file is never recorded above this rate (speech needs far less; see ``transcriber.recording``)
MAX_SAMPLERATE = 48000

NO_MIC_MESSAGE = (
    "Aucun micro détecté. Branchez un micro (ou autorisez l'accès au micro dans les paramètres "
    "de confidentialité du système), puis réessayez."
)
NO_PORTAUDIO_MESSAGE = (
    "La bibliothèque audio PortAudio est introuvable : l'enregistrement est impossible. "
    "Réinstallez Séance (sous Linux : paquet libportaudio2)."
)


def _sounddevice():
    """Import sounddevice lazily: a missing PortAudio must give a French message, not a crash."""
    try:
        import sounddevice
    except OSError as exc:  # PortAudio library not found
        raise RecordingError(NO_PORTAUDIO_MESSAGE) from exc
    return sounddevice


@dataclass(frozen=True)
class InputDevice:
    index: int
    name: str
    hostapi: str
    channels: int
    default_samplerate: int
    is_default: bool = False

    @property
    def label(self) -> str:
        return f"{self.name} ({self.hostapi}, {self.channels} canaux, {self.default_samplerate} Hz)"


def list_input_devices() -> list[InputDevice]:
    """The input devices PortAudio sees; an empty list when there is none (no sound card).

    On Windows, where each microphone appears once per host API, only the WASAPI ones are listed
    when WASAPI is there. Raises ``RecordingError`` only when PortAudio itself is missing.
    """
    sd = _sounddevice()
    try:
        devices = sd.query_devices()
        hostapis = sd.query_hostapis()
    except sd.PortAudioError as exc:
        log.warning("cannot query audio devices: %s", exc)
        return []
    try:
        default_in = int(sd.default.device[0])
    except (TypeError, ValueError, IndexError):
        default_in = -1
    names = {i: h["name"] for i, h in enumerate(hostapis)}
    found = [
        InputDevice(
            index=int(d["index"]),
            name=str(d["name"]),
            hostapi=names.get(d["hostapi"], "?"),
            channels=int(d["max_input_channels"]),
            default_samplerate=int(d["default_samplerate"]),
            is_default=int(d["index"]) == default_in,
        )
        for d in devices
        if d["max_input_channels"] > 0
    ]
    if os.name == "nt" and any(d.hostapi == "Windows WASAPI" for d in found):
        found = [d for d in found if d.hostapi == "Windows WASAPI"]
    return found


def parse_device(text: str | int | None) -> str | int | None:
    """A device as typed by a user: a number is an index, anything else a name (substring)."""
    if text is None or isinstance(text, int):
        return text
    text = text.strip()
    return int(text) if text.isdigit() else (text or None)


class SoundDeviceSource(SourceState):
    """A real input device, through a ``sounddevice.InputStream`` with a callback.

    The device is resolved when the source is made (so "no microphone" is reported before any
    meeting folder exists); the stream is opened by ``start``.
    """

    def __init__(self, device: str | int | None = None, samplerate: int | None = None,
                 block_ms: int = 100):
        sd = self._sd = _sounddevice()
        info = self._resolve(sd, parse_device(device))
        self.device_index = int(info["index"])
        self.name = str(info["name"])
        self.max_channels = int(info["max_input_channels"])
        native = int(info["default_samplerate"]) or 48000
        self.samplerate = int(samplerate or min(native, MAX_SAMPLERATE))
        self.blocksize = max(1, self.samplerate * block_ms // 1000)
        self.channels = 1
        self._stream = None
        self._stopping = False
        self._ended = False
        self._error: RecordingError | None = None

    @staticmethod
    def _resolve(sd, device: str | int | None) -> dict:
        try:
            if len(sd.query_devices()) == 0:
                raise RecordingError(NO_MIC_MESSAGE)
        except sd.PortAudioError as exc:
            raise RecordingError(NO_MIC_MESSAGE) from exc
        if device is None:
            try:
                return dict(sd.query_devices(kind="input"))
            except (sd.PortAudioError, ValueError):
                inputs = [d for d in sd.query_devices() if d["max_input_channels"] > 0]
                if not inputs:
                    raise RecordingError(NO_MIC_MESSAGE) from None
                return dict(inputs[0])
        try:
            return dict(sd.query_devices(device, "input"))
        except (ValueError, sd.PortAudioError) as exc:
            available = ", ".join(f"{d.index} « {d.name} »" for d in list_input_devices())
            if not available:
                raise RecordingError(NO_MIC_MESSAGE) from exc
            raise InputError(
                f"Micro introuvable ou ambigu : « {device} ». Micros disponibles : {available}."
            ) from exc

    def start(self, callback: FrameCallback, backlog: Callable[[], float]) -> None:
        sd = self._sd
        self._stopping = False
        attempts = [1] + ([min(self.max_channels, 2)] if self.max_channels > 1 else [])
        last: Exception | None = None
        for channels in attempts:
            try:
                stream = sd.InputStream(
                    device=self.device_index, samplerate=self.samplerate, channels=channels,
                    dtype="int16", blocksize=self.blocksize, callback=callback,
                    finished_callback=self._on_finished,
                )
                stream.start()
            except (sd.PortAudioError, ValueError) as exc:
                log.warning("cannot open %s with %d channel(s): %s", self.name, channels, exc)
                last = exc
                continue
            self._stream, self.channels = stream, channels
            log.info("recording from %s at %d Hz, %d channel(s)", self.name, self.samplerate, channels)
            return
        raise RecordingError(
            f"Impossible d'ouvrir le micro « {self.name} » ({last}). Vérifiez qu'il est branché, "
            "qu'aucune autre application ne l'utilise en exclusivité, et réessayez."
        ) from last

    def _on_finished(self) -> None:
        self._ended = True
        if not self._stopping:
            self._error = RecordingError(
                f"Le micro « {self.name} » a cessé de fonctionner (débranché ?). "
                "Ce qui a été enregistré jusque-là est conservé."
            )

    def stop(self) -> None:
        self._stopping = True
        stream, self._stream = self._stream, None
        if stream is None:
            return
        try:
            stream.stop()
            stream.close()
        except self._sd.PortAudioError as exc:
            log.warning("closing the input stream: %s", exc)
        self._ended = True
