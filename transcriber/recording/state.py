"""``recording.json``: the small state file a recording keeps beside its audio (state, title,
rate, markers), replaced atomically at each marker, so that a crash loses no marker."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from ..model import Marker
from ..store import MeetingFolder, write_atomic

log = logging.getLogger(__name__)

AUDIO_FILE = "audio/recording.wav"
STATE_FILE = "recording.json"
#: room kept on the disk while recording, given back when the disk is full or the recording
#: stops, so that the meeting and its markers can still be saved on a disk the audio filled
RESERVE_FILE = ".recording.reserve"
RESERVE_BYTES = 256 * 1024


def make_reserve(folder: Path) -> None:
    """Set ``RESERVE_BYTES`` aside in ``folder`` (real blocks, not a sparse file); best effort."""
    path = Path(folder) / RESERVE_FILE
    try:
        with open(path, "wb") as f:
            f.write(b"\0" * RESERVE_BYTES)
            f.flush()
            os.fsync(f.fileno())
    except OSError as exc:  # already short of room: the recording goes on without it
        log.warning("cannot set disk space aside in %s: %s", folder, exc)
        release_reserve(folder)


def release_reserve(folder: Path) -> None:
    try:
        (Path(folder) / RESERVE_FILE).unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        log.warning("cannot give back the disk space set aside in %s: %s", folder, exc)
STATE_VERSION = 1


def read_state(folder: MeetingFolder) -> dict | None:
    try:
        return json.loads((folder.path / STATE_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None


def write_state(folder: MeetingFolder, state: dict) -> None:
    data = json.dumps(state, ensure_ascii=False, indent=1).encode("utf-8")
    write_atomic(folder.path / STATE_FILE, data)


def markers_from_state(state: dict) -> list[Marker]:
    out = []
    for m in state.get("markers", []):
        try:
            out.append(Marker(int(m["time_ms"]), str(m.get("kind", "note")), str(m.get("label", ""))))
        except (KeyError, TypeError, ValueError):
            log.warning("skipping unreadable marker %r", m)
    return out


def sorted_clamped(markers: list[Marker], duration_ms: int) -> list[Marker]:
    out = [Marker(min(m.time_ms, duration_ms), m.kind, m.label) for m in markers]
    out.sort(key=lambda m: m.time_ms)  # stable: a pause stays before its resume
    return out
