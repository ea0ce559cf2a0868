"""Where recorded frames come from, besides a real microphone: the ``Source`` protocol every
source follows (that of a ``sounddevice.InputStream`` callback), a WAV file replayed at real time
or faster (tests, demonstrations) and a generated tone (long-run tests)."""

from __future__ import annotations

import logging
import math
import os
import threading
import time
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Protocol

import numpy as np

from ..errors import AudioError, InputError, RecordingError
from .wavfile import SAMPLE_WIDTH

log = logging.getLogger(__name__)

#: a replay source at unbounded speed waits while the recorder's queue is fuller than this
BACKLOG_HIGH_WATER = 0.5

FrameCallback = Callable[[np.ndarray, int, Any, Any], None]


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


class SourceState:
    """``ended`` and ``error`` as every source reports them (set by the source's own thread)."""

    _ended = False
    _error: RecordingError | None = None

    @property
    def ended(self) -> bool:
        return self._ended

    @property
    def error(self) -> RecordingError | None:
        return self._error


class _GeneratedSource(SourceState):
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
            from ..audio import SAMPLE_RATE, decode

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
