"""Decode any audio or video file to 16 kHz mono float32 with PyAV (no system ffmpeg needed).

The decoded samples are written straight into one preallocated array sized from the container's
duration (grown only if the estimate was short), so an hour of audio costs one copy in memory
(about 230 MB), not the several that collecting frames and concatenating them would take.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import AudioError
from .jobs import CancelToken, Progress, ProgressCallback, no_progress

log = logging.getLogger(__name__)

SAMPLE_RATE = 16000
#: below this peak amplitude (about -60 dBFS) a file counts as silent
SILENCE_PEAK = 1e-3
#: a file decoding to less than this share of its announced duration is called truncated
TRUNCATED_RATIO = 0.9

AUDIO_EXTENSIONS = (".wav", ".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".flac", ".wma",
                    ".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi", ".3gp", ".amr")


@dataclass(frozen=True)
class AudioInfo:
    path: Path
    duration_ms: int
    codec: str
    sample_rate: int
    channels: int
    #: the day it was recorded (ISO "2026-03-12"): the file's own creation date when its tags
    #: give one, else the day the file was last modified; "" when neither is known
    recorded: str = ""

#: tags where recorders and phones write the recording's date (MP4 creation_time, RIFF ICRD,
#: BWF origination date, ID3 TDRC/TDRL…), in the order they are trusted
DATE_TAGS = ("creation_time", "origination_date", "date", "date_recorded", "tdrc", "tdrl", "year")


def _open(path: Path):
    import av  # PyAV comes with faster-whisper

    if not path.exists():
        raise AudioError(f"Fichier introuvable : {path}")
    if path.is_dir():
        raise AudioError(f"{path} est un dossier, pas un fichier audio.")
    if path.stat().st_size == 0:
        raise AudioError(f"Le fichier {path.name} est vide (0 octet).")
    try:
        container = av.open(os.fspath(path), metadata_errors="ignore")
    except (av.error.FFmpegError, OSError, UnicodeDecodeError) as exc:
        raise AudioError(
            f"Le fichier {path.name} n'est pas un fichier audio ou vidéo lisible "
            "(format inconnu ou fichier endommagé)."
        ) from exc
    if not container.streams.audio:
        container.close()
        raise AudioError(f"Le fichier {path.name} ne contient aucune piste audio.")
    return container


def probe(path: str | os.PathLike[str]) -> AudioInfo:
    """Read the header of an audio/video file; raises ``AudioError`` when it is unusable."""
    path = Path(path)
    container = _open(path)
    try:
        stream = container.streams.audio[0]
        return AudioInfo(
            path=path,
            duration_ms=_announced_duration_ms(container, stream),
            codec=stream.codec_context.name,
            sample_rate=stream.codec_context.sample_rate or 0,
            channels=stream.codec_context.channels or 0,
            recorded=recording_date(path, {**dict(stream.metadata or {}), **dict(container.metadata or {})}),
        )
    finally:
        container.close()


def recording_date(path: Path, tags: dict[str, str]) -> str:
    """The day a file was recorded (ISO): a full date in its tags, else its modification day."""
    import re
    from datetime import date, datetime

    lowered = {str(k).lower(): str(v).strip() for k, v in tags.items()}
    for key in DATE_TAGS:
        value = lowered.get(key, "")
        m = re.match(r"(\d{4})[-:/](\d{2})[-:/](\d{2})", value)
        if m:
            try:
                day = date(int(m[1]), int(m[2]), int(m[3]))
                if value.endswith("Z"):  # a UTC time (MP4): the local day it was
                    day = datetime.fromisoformat(value[:-1] + "+00:00").astimezone().date()
            except ValueError:
                continue
            if 1990 <= day.year <= date.today().year + 1:  # a camera's factory date is no date
                return day.isoformat()
    try:
        return datetime.fromtimestamp(path.stat().st_mtime).date().isoformat()
    except (OSError, ValueError, OverflowError):
        return ""


def _announced_duration_ms(container, stream) -> int:
    if stream.duration is not None and stream.time_base is not None:
        return int(stream.duration * stream.time_base * 1000)
    if container.duration is not None:
        return int(container.duration / 1000)  # av.time_base is microseconds
    return 0


def decode(
    path: str | os.PathLike[str],
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> np.ndarray:
    """Decode the first audio stream of ``path`` to 16 kHz mono float32 samples in [-1, 1]."""
    import av

    path = Path(path)
    container = _open(path)
    try:
        stream = container.streams.audio[0]
        announced_ms = _announced_duration_ms(container, stream)
        capacity = max(SAMPLE_RATE, int(announced_ms * SAMPLE_RATE / 1000 * 1.02) + SAMPLE_RATE)
        out = np.empty(capacity, dtype=np.float32)
        filled = 0
        resampler = av.audio.resampler.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
        total_s = announced_ms / 1000
        last_report = 0.0
        damaged: Exception | None = None

        def put(frames) -> None:
            nonlocal out, filled
            for frame in frames:
                chunk = frame.to_ndarray().reshape(-1)
                if filled + chunk.size > out.size:
                    grown = np.empty(max(out.size * 2, filled + chunk.size), dtype=np.float32)
                    grown[:filled] = out[:filled]
                    out = grown
                out[filled : filled + chunk.size] = chunk
                filled += chunk.size

        try:
            for frame in container.decode(stream):
                frame.pts = None  # let the resampler follow the samples, not broken timestamps
                put(resampler.resample(frame))
                done_s = filled / SAMPLE_RATE
                if done_s - last_report >= 30:
                    last_report = done_s
                    if cancel is not None:
                        cancel.raise_if_cancelled()
                    progress(Progress("decode", done_s, total_s))
            put(resampler.resample(None))
        except av.error.FFmpegError as exc:
            damaged = exc
            log.warning("decoding %s stopped early: %s", path, exc)
    finally:
        container.close()

    samples = out[:filled]
    decoded_ms = filled * 1000 // SAMPLE_RATE
    if filled == 0:
        raise AudioError(f"Aucun son n'a pu être décodé dans {path.name} (fichier vide ou endommagé).")
    if announced_ms > 2000 and decoded_ms < TRUNCATED_RATIO * announced_ms:
        raise AudioError(
            f"Le fichier {path.name} semble tronqué ou endommagé : {decoded_ms / 1000:.1f} s "
            f"lisibles sur {announced_ms / 1000:.1f} s annoncées. Réexportez-le depuis "
            "l'enregistreur ou convertissez-le en WAV."
        ) from damaged
    if damaged is not None and decoded_ms < 1000:
        raise AudioError(f"Le fichier {path.name} est endommagé : rien de lisible.") from damaged
    if damaged is not None or announced_ms - decoded_ms > max(2000, announced_ms // 50):
        from .notices import warn
        from .timefmt import duration as format_duration

        lost = f" sur {format_duration(announced_ms / 1000)} annoncées" if announced_ms > decoded_ms else ""
        warn(f"L'enregistrement est endommagé : seules les {format_duration(decoded_ms / 1000)} "
             f"du début ont pu être lues{lost}. La suite manque dans la transcription ; "
             "réexportez le fichier depuis l'enregistreur ou convertissez-le en WAV, puis importez-le à nouveau.")
    progress(Progress("decode", decoded_ms / 1000, decoded_ms / 1000))
    if out.size > filled * 1.5:
        samples = samples.copy()  # do not keep a grossly overestimated buffer alive
    return samples


def is_silent(samples: np.ndarray) -> bool:
    return samples.size == 0 or float(np.max(np.abs(samples))) < SILENCE_PEAK


def duration_ms(samples: np.ndarray) -> int:
    return samples.size * 1000 // SAMPLE_RATE
