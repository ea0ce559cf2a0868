"""``recording.json``: the small state file a recording keeps beside its audio (state, title,
rate, markers), replaced atomically at each marker, so that a crash loses no marker."""

from __future__ import annotations

import json
import logging

from ..model import Marker
from ..store import MeetingFolder, write_atomic

log = logging.getLogger(__name__)

AUDIO_FILE = "audio/recording.wav"
STATE_FILE = "recording.json"
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
