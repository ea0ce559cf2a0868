"""What a recording's meter and disk gauge show: levels in dBFS, minutes of disk left."""

from __future__ import annotations

import math

from .wavfile import SAMPLE_WIDTH

#: the level reported for digital silence
SILENCE_DBFS = -96.0
#: under this many minutes of free disk space the recorder warns (once)
LOW_DISK_MINUTES = 10.0


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
