"""Record a meeting from a microphone into its meeting folder, so that a crash loses seconds, not the meeting.

How it works
------------
* An audio **source** calls ``callback(indata, frames, time_info, status)`` with blocks of int16
  frames, exactly like a ``sounddevice.InputStream`` callback. Three sources exist:
  ``SoundDeviceSource`` (a real input device through PortAudio), ``WavReplaySource`` (a WAV
  file replayed at real time or faster, for tests and demos) and ``ToneSource`` (a generated sine,
  for long-run tests). All of them drive the *same* ``Recorder._callback``.
* The callback only copies the block into a bounded queue (``put_nowait``: it never blocks). When
  the queue is full the block is dropped and counted (``dropped_frames``); PortAudio's
  ``input_overflow`` flags are counted too (``overflows``).
* A single **writer thread** appends the blocks to ``audio/recording.wav`` with unbuffered writes
  (a block handed to the kernel survives a SIGKILL of the process) and, about every second,
  rewrites the WAV header's sizes and ``fsync``s (so a power cut loses at most that second).
  ``repair_wav`` recomputes the header from the file size when a crash left it stale.
* The file is **mono, 16-bit PCM, at the device's native rate** (capped at 48 kHz: more is useless
  for speech and would reach the 4 GiB WAV limit within a few hours; at 48 kHz mono the limit is
  12 h 25 min). The device is opened in mono; a device that refuses mono is opened with its own
  channels and downmixed (mean) by the writer thread, never in the callback.
* **Pause cuts**: while paused, captured frames are discarded and never reach the disk (a
  suspension de séance is off the record). The file therefore holds only recorded time and every
  marker time (``time_ms``) is a position *in the file*. A pause leaves ``Marker(kind="pause")``
  and ``Marker(kind="resume")`` at the same ``time_ms`` (the cut), their labels giving the wall
  clock times ("Pause à 14:32:05", "Reprise à 14:47:10 (pause de 15 min 05 s)"). The switch is
  made inside the callback, between two blocks, so the cut and the markers agree to the sample.
* **Markers** (agenda items numbered "Point 1", "Point 2"…, notes, votes, pauses) are written as
  they are added to ``recording.json``, a small state file replaced atomically. It also says
  ``"state": "recording"`` until a clean stop. ``meeting.json`` is written at start and at stop.
* **Crash recovery**: while recording, the recorder holds an OS lock on ``recording.lock`` (the OS
  releases it when the process dies, even on SIGKILL). ``find_interrupted(parent)`` lists the
  meeting folders whose state says "recording" and whose lock is free; ``recover(folder)`` repairs
  the WAV header, clamps the markers to the audio that reached the disk and writes
  ``meeting.json``, ready for transcription.

The application polls ``Recorder.status()`` (a frozen snapshot: elapsed time, level in dBFS,
disk minutes left, error…) from a timer; ``on_warning`` / ``on_error`` callbacks are called from
the writer thread (a GUI must hand them over to its own thread).
"""

from __future__ import annotations

import errno
import json
import logging
import math
import os
import queue
import shutil
import struct
import threading
import time
import wave
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterator, Protocol

import numpy as np

from . import timefmt
from .errors import AudioError, InputError, RecordingError, StoreError
from .model import Marker, Meeting
from .store import MeetingFolder, write_atomic

log = logging.getLogger(__name__)

AUDIO_FILE = "audio/recording.wav"
STATE_FILE = "recording.json"
LOCK_FILE = "recording.lock"
STATE_VERSION = 1

#: the file is never recorded above this rate (speech needs far less; see the module docstring)
MAX_SAMPLERATE = 48000
SAMPLE_WIDTH = 2
HEADER_BYTES = 44
#: the largest data chunk a RIFF file can describe, in bytes (a whole number of int16 samples)
MAX_DATA_BYTES = (0xFFFFFFFF - 36) // 2 * 2
#: header rewrite + fsync period of the writer thread
SYNC_INTERVAL_S = 1.0
#: under this many minutes of free disk space the recorder warns (once)
LOW_DISK_MINUTES = 10.0
DISK_CHECK_INTERVAL_S = 5.0
#: how much audio the queue between the callback and the writer may hold before dropping
QUEUE_SECONDS = 30.0
#: a replay source at unbounded speed waits while the queue is fuller than this
BACKLOG_HIGH_WATER = 0.5
#: the level reported for digital silence
SILENCE_DBFS = -96.0
#: no callback for this long while recording is reported as a stalled microphone
STALL_S = 5.0

NO_MIC_MESSAGE = (
    "Aucun micro détecté. Branchez un micro (ou autorisez l'accès au micro dans les paramètres "
    "de confidentialité du système), puis réessayez."
)
NO_PORTAUDIO_MESSAGE = (
    "La bibliothèque audio PortAudio est introuvable : l'enregistrement est impossible. "
    "Réinstallez Séance (sous Linux : paquet libportaudio2)."
)

FrameCallback = Callable[[np.ndarray, int, Any, Any], None]


# --- sources ---------------------------------------------------------------------------------


class Source(Protocol):
    """Where the frames come from. ``start`` must not block; ``stop`` is idempotent and, once it
    returns, the callback is not called any more."""

    #: frames per second of the blocks given to the callback
    samplerate: int
    #: nominal frames per callback (sizes the recorder's queue)
    blocksize: int
    #: a human-readable name, stored with the recording
    name: str

    def start(self, callback: FrameCallback, backlog: Callable[[], float]) -> None:
        """Begin calling ``callback(indata, frames, time_info, status)`` with int16 blocks of
        shape (frames, channels). ``backlog()`` is the fraction of the recorder's queue in use;
        only a source that can go faster than real time needs it."""

    def stop(self) -> None: ...

    @property
    def ended(self) -> bool:
        """True once no more frames will come (end of a file, stream finished)."""

    @property
    def error(self) -> RecordingError | None:
        """Set when the source failed after it started."""


@dataclass(frozen=True)
class ReplayStatus:
    """The ``status`` a generated source passes: same attributes as ``sounddevice.CallbackFlags``."""

    input_overflow: bool = False
    input_underflow: bool = False

    def __bool__(self) -> bool:
        return self.input_overflow or self.input_underflow


NO_STATUS = ReplayStatus()

#: what reading a replayed file may raise (reported as the source's error, not a crash)
_READ_ERRORS = (OSError, ValueError, wave.Error, EOFError, AudioError)


class _GeneratedSource:
    """A source fed by a thread: real time (``speed=1``), N times faster, or, with
    ``speed=None``, as fast as the recorder's writer takes the frames (never overflowing)."""

    def __init__(self, samplerate: int, channels: int, speed: float | None, block_ms: int, name: str):
        if speed is not None and not speed > 0:
            raise InputError("La vitesse de relecture doit être positive.")
        self.samplerate = int(samplerate)
        self.channels = int(channels)
        self.speed = speed
        self.blocksize = max(1, self.samplerate * block_ms // 1000)
        self.name = name
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._ended = False
        self._error: RecordingError | None = None

    def _blocks(self) -> Iterator[np.ndarray]:
        raise NotImplementedError

    @property
    def ended(self) -> bool:
        return self._ended

    @property
    def error(self) -> RecordingError | None:
        return self._error

    def start(self, callback: FrameCallback, backlog: Callable[[], float]) -> None:
        self._stop.clear()
        self._ended = False
        self._thread = threading.Thread(
            target=self._run, args=(callback, backlog), name=f"source-{self.name}", daemon=True
        )
        self._thread.start()

    def _run(self, callback: FrameCallback, backlog: Callable[[], float]) -> None:
        t0 = time.monotonic()
        sent = 0
        try:
            for block in self._blocks():
                if self._stop.is_set():
                    return
                if self.speed is None:
                    while backlog() > BACKLOG_HIGH_WATER:
                        if self._stop.wait(0.002):
                            return
                else:
                    # a device hands a block over once its last frame has been captured
                    due = t0 + (sent + len(block)) / (self.samplerate * self.speed)
                    delay = due - time.monotonic()
                    if delay > 0 and self._stop.wait(delay):
                        return
                callback(block, len(block), None, NO_STATUS)
                sent += len(block)
        except _READ_ERRORS as exc:
            log.exception("source %s failed", self.name)
            self._error = RecordingError(f"La lecture de la source audio a échoué : {exc}")
        finally:
            self._ended = True

    def stop(self) -> None:
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=10)


class WavReplaySource(_GeneratedSource):
    """Replays an audio file through the recorder's callback, block by block.

    A 16-bit PCM WAV is streamed from disk at its own rate and channels (memory stays flat, and
    the recording equals the file sample for sample). Any other file is decoded first with
    ``transcriber.audio.decode`` (16 kHz mono, held in memory: fine for demos).
    """

    def __init__(self, path: str | os.PathLike[str], speed: float | None = 1.0, block_ms: int = 100):
        self.path = Path(path)
        if not self.path.is_file():
            raise AudioError(f"Fichier à rejouer introuvable : {self.path}")
        self._decoded: np.ndarray | None = None
        try:
            with wave.open(os.fspath(self.path), "rb") as w:
                if w.getsampwidth() != SAMPLE_WIDTH or w.getcomptype() != "NONE":
                    raise wave.Error("not 16-bit PCM")
                rate, channels = w.getframerate(), w.getnchannels()
        except (wave.Error, EOFError):
            from .audio import SAMPLE_RATE, decode

            samples = decode(self.path)
            self._decoded = (np.clip(samples, -1.0, 1.0) * 32767).astype(np.int16)
            rate, channels = SAMPLE_RATE, 1
        except OSError as exc:
            raise AudioError(f"Impossible de lire {self.path.name} : {exc.strerror or exc}.") from exc
        super().__init__(rate, channels, speed, block_ms, name=f"replay:{self.path.name}")

    def _blocks(self) -> Iterator[np.ndarray]:
        if self._decoded is not None:
            for i in range(0, len(self._decoded), self.blocksize):
                yield self._decoded[i : i + self.blocksize].reshape(-1, 1)
            return
        with wave.open(os.fspath(self.path), "rb") as w:
            while True:
                raw = w.readframes(self.blocksize)
                if not raw:
                    return
                block = np.frombuffer(raw, dtype="<i2").astype(np.int16, copy=False)
                yield block[: len(block) // self.channels * self.channels].reshape(-1, self.channels)


class ToneSource(_GeneratedSource):
    """A generated sine (phase-continuous, int16) of ``duration_s`` seconds."""

    def __init__(self, duration_s: float, samplerate: int = 16000, channels: int = 1,
                 frequency: float = 440.0, amplitude: float = 0.25,
                 speed: float | None = None, block_ms: int = 500):
        super().__init__(samplerate, channels, speed, block_ms, name="tone")
        self.total_frames = int(round(duration_s * samplerate))
        self.frequency = frequency
        self.amplitude = amplitude

    def _blocks(self) -> Iterator[np.ndarray]:
        step = 2 * math.pi * self.frequency / self.samplerate
        scale = 32767 * self.amplitude
        for start in range(0, self.total_frames, self.blocksize):
            n = min(self.blocksize, self.total_frames - start)
            mono = (np.sin(step * np.arange(start, start + n)) * scale).astype(np.int16)
            yield np.repeat(mono[:, None], self.channels, axis=1) if self.channels > 1 else mono[:, None]


# --- real devices ----------------------------------------------------------------------------


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


class SoundDeviceSource:
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

    @property
    def ended(self) -> bool:
        return self._ended

    @property
    def error(self) -> RecordingError | None:
        return self._error

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


# --- the WAV file ----------------------------------------------------------------------------


def wav_header(samplerate: int, channels: int, data_bytes: int) -> bytes:
    """The canonical 44-byte header of a 16-bit PCM WAV holding ``data_bytes`` of samples."""
    align = channels * SAMPLE_WIDTH
    return struct.pack(
        "<4sI4s4sIHHIIHH4sI", b"RIFF", 36 + data_bytes, b"WAVE", b"fmt ", 16, 1, channels,
        samplerate, samplerate * align, align, 8 * SAMPLE_WIDTH, b"data", data_bytes,
    )


def read_wav_header(head: bytes) -> tuple[int, int, int] | None:
    """(samplerate, channels, data_bytes) of a canonical 16-bit PCM header, or None."""
    if len(head) < HEADER_BYTES:
        return None
    riff, _, wave_id, fmt_id, fmt_size, fmt, channels, rate, _, _, bits, data_id, data_bytes = (
        struct.unpack("<4sI4s4sIHHIIHH4sI", head[:HEADER_BYTES])
    )
    if (riff, wave_id, fmt_id, data_id) != (b"RIFF", b"WAVE", b"fmt ", b"data"):
        return None
    if fmt_size != 16 or fmt != 1 or bits != 16 or channels < 1 or rate < 1:
        return None
    return rate, channels, data_bytes


class WavAppender:
    """Appends int16 frames to a WAV file; every ``sync()`` makes them durable.

    Writes are unbuffered (straight to the kernel), so a killed process loses nothing it wrote;
    ``sync()`` rewrites the header's sizes and fsyncs, so a power cut loses at most one period.
    """

    def __init__(self, path: Path, samplerate: int, channels: int = 1):
        self.path = path
        self.samplerate = samplerate
        self.channels = channels
        self.frames = 0
        self._synced_frames = -1
        self._fd: int | None = os.open(
            path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o644
        )
        self._write_all(wav_header(samplerate, channels, 0))
        os.fsync(self._fd)

    @property
    def closed(self) -> bool:
        return self._fd is None

    @property
    def max_frames(self) -> int:
        return MAX_DATA_BYTES // (self.channels * SAMPLE_WIDTH)

    def _write_all(self, data) -> None:
        view = memoryview(data).cast("B")
        while view:
            n = os.write(self._fd, view)
            view = view[n:]

    def append(self, frames: np.ndarray) -> None:
        """Append int16 frames (C-contiguous); the caller keeps within ``max_frames``."""
        self._write_all(np.ascontiguousarray(frames, dtype="<i2"))
        self.frames += len(frames) if frames.ndim == 1 else frames.shape[0]

    def sync(self) -> None:
        if self._fd is None:
            return
        if self.frames != self._synced_frames:
            data = self.frames * self.channels * SAMPLE_WIDTH
            end = os.lseek(self._fd, 0, os.SEEK_CUR)
            os.lseek(self._fd, 0, os.SEEK_SET)
            self._write_all(wav_header(self.samplerate, self.channels, data))
            os.lseek(self._fd, end, os.SEEK_SET)
            self._synced_frames = self.frames
        os.fsync(self._fd)

    def close(self) -> None:
        if self._fd is None:
            return
        try:
            self.sync()
        finally:
            os.close(self._fd)
            self._fd = None


def repair_wav(path: str | os.PathLike[str], samplerate: int | None = None, channels: int = 1) -> int:
    """Make a WAV left by a crash readable: the header's sizes are recomputed from the file size
    (a trailing partial frame is cut). A header that is missing or unreadable is rebuilt from
    ``samplerate``/``channels``. Returns the number of frames the file now holds."""
    path = Path(path)
    try:
        with open(path, "r+b") as f:
            head = f.read(HEADER_BYTES)
            parsed = read_wav_header(head)
            if parsed is not None:
                samplerate, channels, _ = parsed
            elif samplerate is None:
                raise RecordingError(
                    f"L'enregistrement {path.name} est endommagé (en-tête illisible) et ne peut "
                    "pas être réparé."
                )
            size = os.fstat(f.fileno()).st_size
            align = channels * SAMPLE_WIDTH
            data = max(0, size - HEADER_BYTES)
            data = min(data - data % align, MAX_DATA_BYTES - MAX_DATA_BYTES % align)
            if size != HEADER_BYTES + data:
                f.truncate(HEADER_BYTES + data)
            f.seek(0)
            f.write(wav_header(samplerate, channels, data))
            f.flush()
            os.fsync(f.fileno())
    except OSError as exc:
        raise RecordingError(f"Impossible de réparer l'enregistrement {path} : {exc.strerror or exc}.") from exc
    if parsed is None or parsed[2] != data:
        log.warning("repaired %s: %d bytes of audio", path, data)
    return data // align


# --- helpers ---------------------------------------------------------------------------------


def to_dbfs(amplitude: float) -> float:
    """An amplitude in [0, 1] as dBFS, floored at ``SILENCE_DBFS``."""
    if amplitude <= 0:
        return SILENCE_DBFS
    return max(SILENCE_DBFS, 20.0 * math.log10(amplitude))


def minutes_left(free_bytes: int, samplerate: int, channels: int = 1) -> float:
    """How many minutes of recording fit in ``free_bytes``."""
    return free_bytes / (samplerate * channels * SAMPLE_WIDTH) / 60.0


def low_disk_message(minutes: float) -> str:
    return (
        f"Espace disque presque épuisé : il reste environ {int(minutes)} min d'enregistrement "
        "possible. Libérez de la place ou arrêtez l'enregistrement."
    )


class _FolderLock:
    """An exclusive OS lock on a file, released by the OS when the holder dies (even SIGKILL)."""

    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> bool:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if os.name == "nt":
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self, remove: bool = True) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            if os.name == "nt":
                import msvcrt

                os.lseek(fd, 0, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_UN)
        except OSError:
            pass
        os.close(fd)
        if remove:
            try:
                self.path.unlink()
            except OSError:
                pass


def _read_state(folder: MeetingFolder) -> dict | None:
    try:
        return json.loads((folder.path / STATE_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None


def _write_state(folder: MeetingFolder, state: dict) -> None:
    data = json.dumps(state, ensure_ascii=False, indent=1).encode("utf-8")
    write_atomic(folder.path / STATE_FILE, data)


def _markers_from_state(state: dict) -> list[Marker]:
    out = []
    for m in state.get("markers", []):
        try:
            out.append(Marker(int(m["time_ms"]), str(m.get("kind", "note")), str(m.get("label", ""))))
        except (KeyError, TypeError, ValueError):
            log.warning("skipping unreadable marker %r", m)
    return out


def _sorted_clamped(markers: list[Marker], duration_ms: int) -> list[Marker]:
    out = [Marker(min(m.time_ms, duration_ms), m.kind, m.label) for m in markers]
    out.sort(key=lambda m: m.time_ms)  # stable: a pause stays before its resume
    return out


# --- the recorder ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RecorderStatus:
    """A snapshot for a meter and a clock, safe to read from any thread."""

    #: "ready", "recording", "paused", "stopping" or "stopped"
    state: str
    #: seconds of audio in the file (paused time excluded)
    elapsed_s: float
    #: seconds since start, pauses included
    wall_s: float
    rms_dbfs: float
    peak_dbfs: float
    #: PortAudio input overflows reported in the callback's status flags
    overflows: int
    #: frames lost because the writer fell behind (queue full)
    dropped_frames: int
    #: minutes of recording the free disk space still holds (None before the first check)
    disk_minutes_left: float | None
    low_disk: bool
    #: the French message of the error that stopped the recording, if any
    error: str | None
    #: the source ended, the duration limit was reached or an error stopped the recording
    finished: bool
    markers: int


class Recorder:
    """Records one meeting into ``folder`` (an existing ``MeetingFolder``, usually just created).

    ``start()`` → ``pause()`` / ``resume()`` / ``next_agenda_item()`` / ``add_note()`` /
    ``add_vote()`` … → ``stop()`` returns the saved ``Meeting``. ``status()`` for the meter.
    """

    def __init__(
        self,
        folder: MeetingFolder,
        source: Source,
        *,
        title: str = "",
        max_duration_s: float | None = None,
        sync_interval_s: float = SYNC_INTERVAL_S,
        queue_seconds: float = QUEUE_SECONDS,
        on_warning: Callable[[str], None] | None = None,
        on_error: Callable[[RecordingError], None] | None = None,
        free_bytes: Callable[[Path], int] | None = None,
    ):
        self.folder = folder
        self.source = source
        self.title = title or folder.path.stem
        self.samplerate = int(source.samplerate)
        self.max_frames = (
            None if max_duration_s is None else max(1, int(round(max_duration_s * self.samplerate)))
        )
        self._sync_interval = sync_interval_s
        self._on_warning = on_warning
        self._on_error = on_error
        self._free_bytes = free_bytes or (lambda p: shutil.disk_usage(p).free)
        blocks = math.ceil(queue_seconds * self.samplerate / max(1, source.blocksize))
        self._queue: queue.Queue[np.ndarray] = queue.Queue(maxsize=max(8, blocks))
        #: pause/resume switches made by the callback: (kind, frame position, wall clock)
        self._switches: queue.SimpleQueue[tuple[str, int, float]] = queue.SimpleQueue()

        # written by the callback thread only
        self._cb_kept = 0
        self._cb_paused = False
        self._overflows = 0
        self._dropped = 0
        self._last_callback = 0.0
        # written by the caller's thread
        self._want_paused = False
        # written by the writer thread only
        self._written = 0
        self._rms = self._peak = SILENCE_DBFS
        self._disk_minutes: float | None = None
        self._low_disk = False
        self._error: RecordingError | None = None
        self._write_failed = False
        self._paused_at: float | None = None

        self._markers: list[Marker] = []
        self._agenda_count = 0
        self._lock = threading.Lock()  # markers and the state file
        self._state = "ready"
        self._started_wall = 0.0
        self._started_iso = ""
        self._wav: WavAppender | None = None
        self._writer: threading.Thread | None = None
        self._stopping = threading.Event()
        self._finished = threading.Event()
        self._folder_lock = _FolderLock(folder.path / LOCK_FILE)
        self._meeting: Meeting | None = None

    # --- lifecycle ------------------------------------------------------------------------
    @property
    def audio_path(self) -> Path:
        return self.folder.path / AUDIO_FILE

    @property
    def state(self) -> str:
        return self._state

    def start(self) -> None:
        """Open the source, create the WAV and state files, start the writer thread.

        Raises ``RecordingError`` (no microphone, stream refused, folder already recording).
        """
        if self._state != "ready":
            raise RecordingError("Cet enregistrement a déjà été démarré.")
        meeting = self._meeting_to_record()
        if not self._folder_lock.acquire():
            raise RecordingError(f"Un enregistrement est déjà en cours dans {self.folder.path.name}.")
        try:
            self._started_wall = time.monotonic()
            self._started_iso = datetime.now().isoformat(timespec="seconds")
            self._last_callback = time.monotonic()
            self.source.start(self._callback, self._backlog)
        except BaseException:
            self._folder_lock.release()
            raise
        try:
            self.audio_path.parent.mkdir(parents=True, exist_ok=True)
            self._wav = WavAppender(self.audio_path, self.samplerate, 1)
            meeting.audio = AUDIO_FILE
            meeting.date = meeting.date or self._started_iso[:10]
            meeting.steps["record"] = self._record_step()
            self._meeting = meeting
            self.folder.save(meeting)
            self._save_state("recording")
        except (OSError, StoreError) as exc:
            self.source.stop()
            if self._wav is not None:
                self._wav.close()
            self._folder_lock.release()
            msg = exc if isinstance(exc, StoreError) else getattr(exc, "strerror", None) or exc
            raise RecordingError(f"Impossible de créer le fichier d'enregistrement : {msg}") from exc
        self._check_disk()
        self._last_sync = time.monotonic()
        self._last_disk_check = time.monotonic()
        self._state = "recording"
        self._writer = threading.Thread(target=self._writer_main, name="recorder-writer", daemon=True)
        self._writer.start()
        log.info("recording %r into %s (%s, %d Hz)", self.title, self.folder.path,
                 self.source.name, self.samplerate)

    def _meeting_to_record(self) -> Meeting:
        """The folder's meeting (a form may already be filled in), or a new one; never one that
        already has its audio."""
        if self.audio_path.exists():
            raise RecordingError(f"{self.folder.path.name} contient déjà un enregistrement.")
        if not self.folder.exists():
            return Meeting(title=self.title)
        meeting = self.folder.load()
        if meeting.audio:
            raise RecordingError(
                f"La réunion « {meeting.title} » a déjà un fichier audio : créez une nouvelle "
                "réunion pour enregistrer."
            )
        self.title = meeting.title
        return meeting

    def stop(self) -> Meeting:
        """Stop the source, let the writer drain the queue and close the file, save the meeting.

        Safe to call more than once (and after an error); returns the saved ``Meeting``.
        """
        if self._state == "stopped":
            assert self._meeting is not None
            return self._meeting
        if self._state == "ready":
            raise RecordingError("L'enregistrement n'a pas démarré.")
        self._state = "stopping"  # no more markers from now on
        self.source.stop()
        self._stopping.set()
        writer = self._writer
        if writer is not None:
            writer.join(timeout=60)
            if writer.is_alive():
                raise RecordingError(
                    "L'écriture de l'enregistrement ne se termine pas (disque bloqué ?). "
                    "Relancez Séance : l'enregistrement sera récupéré."
                )
        self._state = "stopped"
        duration_ms = self._written * 1000 // self.samplerate
        with self._lock:
            self._markers = _sorted_clamped(self._markers, duration_ms)
            markers = list(self._markers)
        meeting = self._meeting
        assert meeting is not None
        meeting.duration_ms = duration_ms
        meeting.markers = markers
        meeting.steps["record"] = self._record_step(stopped=True)
        self.folder.save(meeting)
        self._save_state("stopped")
        self._folder_lock.release()
        log.info("recording stopped: %s, %d markers, %d dropped frames, %d overflows",
                 timefmt.duration(duration_ms / 1000), len(markers), self._dropped, self._overflows)
        return meeting

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until the recording finished by itself (end of a replayed file, duration limit,
        error); True if it did. The caller still calls ``stop()``."""
        return self._finished.wait(timeout)

    @property
    def finished(self) -> bool:
        return self._finished.is_set()

    # --- pause ----------------------------------------------------------------------------
    @property
    def paused(self) -> bool:
        return self._want_paused

    def pause(self) -> None:
        """Stop keeping frames from the next block on (see the module docstring: pause cuts)."""
        self._require_running()
        self._want_paused = True
        if self._state == "recording":
            self._state = "paused"

    def resume(self) -> None:
        self._require_running()
        self._want_paused = False
        if self._state == "paused":
            self._state = "recording"

    def toggle_pause(self) -> bool:
        """Pause or resume; returns True when now paused."""
        (self.resume if self._want_paused else self.pause)()
        return self._want_paused

    # --- markers --------------------------------------------------------------------------
    @property
    def markers(self) -> list[Marker]:
        with self._lock:
            return list(self._markers)

    def position_ms(self) -> int:
        """The current position in the file's timeline (what a marker added now gets)."""
        frames = self._cb_kept
        if self.max_frames is not None:
            frames = min(frames, self.max_frames)
        return frames * 1000 // self.samplerate

    def add_marker(self, kind: str, label: str = "") -> Marker:
        """Add a marker at the current position and persist it at once."""
        if kind not in ("agenda", "note", "vote"):
            raise InputError(f"Type de repère inconnu : {kind}.")
        self._require_running()
        with self._lock:
            if kind == "agenda":
                self._agenda_count += 1
                number = f"Point {self._agenda_count}"
                label = f"{number} : {label.strip()}" if label.strip() else number
            marker = Marker(self.position_ms(), kind, label.strip())
            self._markers.append(marker)
        self._save_state("recording")
        log.info("marker %s at %d ms: %s", kind, marker.time_ms, marker.label)
        return marker

    def next_agenda_item(self, title: str = "") -> Marker:
        """Start the next agenda item: "Point 1", "Point 2"… (with its title if given)."""
        return self.add_marker("agenda", title)

    def add_note(self, text: str) -> Marker:
        if not text.strip():
            raise InputError("La note est vide.")
        return self.add_marker("note", text)

    def add_vote(self, label: str = "") -> Marker:
        return self.add_marker("vote", label.strip() or "Vote")

    # --- status ---------------------------------------------------------------------------
    @property
    def elapsed_s(self) -> float:
        return self.position_ms() / 1000

    @property
    def error(self) -> RecordingError | None:
        return self._error

    def level(self) -> tuple[float, float]:
        """(rms, peak) of the last block written, in dBFS; silence while paused."""
        if self._want_paused or self._state != "recording":
            return SILENCE_DBFS, SILENCE_DBFS
        return self._rms, self._peak

    def status(self) -> RecorderStatus:
        rms, peak = self.level()
        started = self._started_wall
        return RecorderStatus(
            state=self._state,
            elapsed_s=self.elapsed_s if self._state != "stopped" else self._written / self.samplerate,
            wall_s=(time.monotonic() - started) if started else 0.0,
            rms_dbfs=rms,
            peak_dbfs=peak,
            overflows=self._overflows,
            dropped_frames=self._dropped,
            disk_minutes_left=self._disk_minutes,
            low_disk=self._low_disk,
            error=str(self._error) if self._error else None,
            finished=self._finished.is_set(),
            markers=len(self._markers),
        )

    # --- the audio callback (PortAudio's thread, or a replay thread) ------------------------
    def _callback(self, indata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        """Copy the block into the queue; never blocks, never does I/O."""
        self._last_callback = time.monotonic()
        if status and getattr(status, "input_overflow", False):
            self._overflows += 1
        want = self._want_paused
        if want != self._cb_paused:  # the cut happens here, between two blocks
            self._cb_paused = want
            self._switches.put(("pause" if want else "resume", self._cb_kept, time.time()))
        if want:
            return
        if self.max_frames is not None and self._cb_kept >= self.max_frames:
            return
        try:
            self._queue.put_nowait(indata.copy())
        except queue.Full:
            self._dropped += frames
            return
        self._cb_kept += frames

    def _backlog(self) -> float:
        return self._queue.qsize() / self._queue.maxsize

    # --- the writer thread ----------------------------------------------------------------
    def _writer_main(self) -> None:
        wav = self._wav
        assert wav is not None
        stall_reported = False
        try:
            while True:
                try:
                    block = self._queue.get(timeout=0.05)
                except queue.Empty:
                    block = None
                if block is not None:
                    self._write_block(wav, block)
                self._apply_switches()
                now = time.monotonic()
                if now - self._last_sync >= self._sync_interval:
                    self._last_sync = now
                    if not self._write_failed:
                        self._sync(wav)
                if now - self._last_disk_check >= DISK_CHECK_INTERVAL_S:
                    self._last_disk_check = now
                    self._check_disk()
                if block is not None:
                    continue
                if self._stopping.is_set():
                    break
                if self.source.error is not None and self._error is None:
                    self._fail(self.source.error)
                if self.source.ended and self._queue.empty():
                    self._finished.set()
                stalled = now - self._last_callback > STALL_S and not self.source.ended
                if stalled and not stall_reported:
                    stall_reported = True
                    self._warn(f"Le micro « {self.source.name} » n'envoie plus de son depuis "
                               f"{int(STALL_S)} s.")
                elif not stalled:
                    stall_reported = False
        except Exception as exc:  # noqa: BLE001 - the recording must end cleanly whatever happens
            log.exception("recorder writer failed")
            self._fail(RecordingError(f"Erreur interne pendant l'enregistrement ({exc})."))
        finally:
            self._apply_switches()
            try:
                wav.close()
            except OSError as exc:
                log.error("closing %s: %s", wav.path, exc)
                self._fail(RecordingError(f"Impossible de finaliser l'enregistrement : {exc}"))
            self._finished.set()

    def _write_block(self, wav: WavAppender, block: np.ndarray) -> None:
        if self._write_failed:
            return
        if block.ndim == 2 and block.shape[1] > 1:
            mono = np.round(block.mean(axis=1, dtype=np.float32)).astype(np.int16)
        else:
            mono = block.reshape(-1)
        limit = wav.max_frames if self.max_frames is None else min(self.max_frames, wav.max_frames)
        room = limit - self._written
        if room <= 0:
            self._finished.set()
            return
        if len(mono) > room:
            mono = mono[:room]
        x = mono.astype(np.float32)
        self._peak = to_dbfs(float(np.max(np.abs(x))) / 32768 if len(x) else 0.0)
        self._rms = to_dbfs(math.sqrt(float(np.dot(x, x)) / len(x)) / 32768 if len(x) else 0.0)
        try:
            wav.append(mono)
        except OSError as exc:
            self._write_failed = True
            self._fail(self._os_error(exc))
            return
        self._written += len(mono)
        if self._written >= limit:
            if self.max_frames is None or self._written < self.max_frames:
                self._fail(RecordingError(
                    "Le fichier d'enregistrement a atteint sa taille maximale (4 Go) : "
                    "l'enregistrement s'est arrêté. Démarrez-en un nouveau."
                ))
            self._finished.set()

    def _sync(self, wav: WavAppender) -> None:
        try:
            wav.sync()
        except OSError as exc:
            self._write_failed = True
            self._fail(self._os_error(exc))

    def _os_error(self, exc: OSError) -> RecordingError:
        at = timefmt.duration(self._written / self.samplerate)
        if exc.errno == errno.ENOSPC:
            return RecordingError(
                f"Le disque est plein : l'enregistrement s'est arrêté à {at}. "
                "Ce qui a été enregistré est conservé."
            )
        return RecordingError(
            f"Écriture de l'enregistrement impossible ({exc.strerror or exc}) : arrêt à {at}. "
            "Ce qui a été enregistré est conservé."
        )

    def _apply_switches(self) -> None:
        changed = False
        while True:
            try:
                kind, frame, wall = self._switches.get_nowait()
            except queue.Empty:
                break
            clock = datetime.fromtimestamp(wall).strftime("%H:%M:%S")
            if kind == "pause":
                self._paused_at = wall
                label = f"Pause à {clock}"
            else:
                label = f"Reprise à {clock}"
                if self._paused_at is not None:
                    label += f" (pause de {timefmt.duration(wall - self._paused_at)})"
                self._paused_at = None
            frame = min(frame, self.max_frames) if self.max_frames is not None else frame
            with self._lock:
                self._markers.append(Marker(frame * 1000 // self.samplerate, kind, label))
            changed = True
        if changed:
            self._save_state("recording")

    def _check_disk(self) -> None:
        try:
            free = self._free_bytes(self.folder.path)
        except OSError as exc:
            log.warning("cannot read free disk space: %s", exc)
            return
        self._disk_minutes = minutes_left(free, self.samplerate)
        low = self._disk_minutes < LOW_DISK_MINUTES
        if low and not self._low_disk:
            self._warn(low_disk_message(self._disk_minutes))
        self._low_disk = low

    def _warn(self, message: str) -> None:
        log.warning("%s", message)
        if self._on_warning is not None:
            try:
                self._on_warning(message)
            except Exception:  # noqa: BLE001 - a broken listener must not stop the recording
                log.exception("on_warning listener failed")

    def _fail(self, error: RecordingError) -> None:
        if self._error is not None:
            return
        self._error = error
        log.error("recording error: %s", error)
        self._finished.set()
        if self._on_error is not None:
            try:
                self._on_error(error)
            except Exception:  # noqa: BLE001
                log.exception("on_error listener failed")

    # --- persistence ----------------------------------------------------------------------
    def _record_step(self, stopped: bool = False) -> dict[str, Any]:
        step: dict[str, Any] = {
            "source": self.source.name,
            "samplerate": self.samplerate,
            "started": self._started_iso,
        }
        if stopped:
            step.update(
                stopped=datetime.now().isoformat(timespec="seconds"),
                dropped_frames=self._dropped,
                overflows=self._overflows,
                error=str(self._error) if self._error else None,
            )
        return step

    def _save_state(self, state: str) -> None:
        with self._lock:
            if state == "recording" and self._state == "stopped":
                return  # a late marker must not undo the clean stop
            data = {
                "version": STATE_VERSION,
                "state": state,
                "title": self.title,
                "audio": AUDIO_FILE,
                "samplerate": self.samplerate,
                "channels": 1,
                "source": self.source.name,
                "started": self._started_iso,
                "agenda_count": self._agenda_count,
                "markers": [{"time_ms": m.time_ms, "kind": m.kind, "label": m.label}
                            for m in self._markers],
            }
            try:
                _write_state(self.folder, data)
            except StoreError as exc:  # the audio matters more than the markers: keep going
                log.error("cannot save the recording state: %s", exc)

    def _require_running(self) -> None:
        if self._state not in ("recording", "paused"):
            raise RecordingError("Aucun enregistrement en cours.")


def start_recording(parent: str | os.PathLike[str], title: str, source: Source, **kwargs: Any) -> Recorder:
    """Create a meeting folder for ``title`` under ``parent`` and start recording into it.

    The folder is removed again if the recording cannot start.
    """
    folder = MeetingFolder.create(parent, title)
    recorder = Recorder(folder, source, title=title, **kwargs)
    try:
        recorder.start()
    except BaseException:
        folder.remove()
        raise
    return recorder


# --- recovery --------------------------------------------------------------------------------


@dataclass(frozen=True)
class InterruptedRecording:
    folder: MeetingFolder
    title: str
    started: str
    #: what the file on disk holds, estimated from its size
    duration_ms: int
    markers: int


def is_interrupted(folder: MeetingFolder | str | os.PathLike[str]) -> bool:
    """True when the folder's state file says a recording began and never stopped cleanly
    (whether it is still going on is not checked: see ``find_interrupted``)."""
    path = folder.path if isinstance(folder, MeetingFolder) else Path(folder)
    state = _read_state(MeetingFolder(path))
    return bool(state) and state.get("state") == "recording"


def _interrupted(folder: MeetingFolder) -> InterruptedRecording | None:
    state = _read_state(folder)
    if not state or state.get("state") != "recording":
        return None
    lock = _FolderLock(folder.path / LOCK_FILE)
    if not lock.acquire():
        return None  # a live recording (this process or another one) holds it
    lock.release(remove=False)
    rate = int(state.get("samplerate") or 1)
    try:
        size = (folder.path / state.get("audio", AUDIO_FILE)).stat().st_size
    except OSError:
        size = HEADER_BYTES
    frames = max(0, size - HEADER_BYTES) // (SAMPLE_WIDTH * int(state.get("channels") or 1))
    return InterruptedRecording(
        folder=folder,
        title=str(state.get("title", folder.path.stem)),
        started=str(state.get("started", "")),
        duration_ms=frames * 1000 // rate,
        markers=len(state.get("markers", [])),
    )


def find_interrupted(meetings_parent: str | os.PathLike[str]) -> list[InterruptedRecording]:
    """Recordings under ``meetings_parent`` (or that folder itself) that a crash interrupted.

    A recording still going on, in this process or another, is not listed.
    """
    parent = Path(meetings_parent)
    candidates = [parent] if (parent / STATE_FILE).exists() else []
    if parent.is_dir():
        candidates += sorted(p for p in parent.iterdir() if p.is_dir() and (p / STATE_FILE).exists())
    found = []
    for path in candidates:
        item = _interrupted(MeetingFolder(path))
        if item is not None:
            found.append(item)
    return found


def recover(folder: MeetingFolder | str | os.PathLike[str]) -> Meeting:
    """Repair a recording interrupted by a crash and write its ``meeting.json``.

    Every sample that reached the disk is kept; markers beyond the end of the audio are moved to
    its end. Raises ``RecordingError`` when the folder holds no interrupted recording, or when the
    recording is still going on.
    """
    if not isinstance(folder, MeetingFolder):
        folder = MeetingFolder(folder)
    state = _read_state(folder)
    if not state:
        raise RecordingError(f"Aucun enregistrement à récupérer dans {folder.path}.")
    if state.get("state") != "recording":
        raise RecordingError(f"L'enregistrement de {folder.path.name} n'a pas été interrompu.")
    lock = _FolderLock(folder.path / LOCK_FILE)
    if not lock.acquire():
        raise RecordingError(
            f"L'enregistrement de {folder.path.name} est toujours en cours : arrêtez-le d'abord."
        )
    try:
        audio_rel = str(state.get("audio", AUDIO_FILE))
        audio = folder.path / audio_rel
        rate = int(state.get("samplerate") or 0) or None
        channels = int(state.get("channels") or 1)
        if not audio.exists():
            frames = 0
            audio.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(audio, wav_header(rate or 16000, channels, 0))
        else:
            frames = repair_wav(audio, rate, channels)
        with open(audio, "rb") as f:
            rate = read_wav_header(f.read(HEADER_BYTES))[0]
        duration_ms = frames * 1000 // rate
        try:
            meeting = folder.load()
        except StoreError as exc:
            log.warning("meeting.json of %s unreadable, rebuilding it: %s", folder.path, exc)
            meeting = Meeting(title=str(state.get("title", folder.path.stem)),
                              date=str(state.get("started", ""))[:10])
        meeting.audio = audio_rel
        meeting.duration_ms = duration_ms
        meeting.markers = _sorted_clamped(_markers_from_state(state), duration_ms)
        step = dict(meeting.steps.get("record", {}))
        step.update(samplerate=rate, recovered=datetime.now().isoformat(timespec="seconds"))
        meeting.steps["record"] = step
        folder.save(meeting)
        state["state"] = "recovered"
        _write_state(folder, state)
    finally:
        lock.release()
    log.info("recovered %s: %s of audio, %d markers", folder.path,
             timefmt.duration(duration_ms / 1000), len(meeting.markers))
    return meeting
