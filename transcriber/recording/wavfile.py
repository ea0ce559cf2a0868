"""The recording's WAV file: a 16-bit PCM header, an appender that a crash cannot corrupt beyond
its last second, and the repair of a file a crash left with a stale header."""

from __future__ import annotations

import logging
import os
import struct
from pathlib import Path

import numpy as np

from ..errors import RecordingError

log = logging.getLogger(__name__)

SAMPLE_WIDTH = 2
HEADER_BYTES = 44
#: the largest data chunk a RIFF file can describe, in bytes (a whole number of int16 samples)
MAX_DATA_BYTES = (0xFFFFFFFF - 36) // 2 * 2


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
