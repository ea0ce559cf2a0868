"""Finding the recordings a crash interrupted, and making them whole again."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .. import timefmt
from ..errors import NewerFormatError, RecordingError, StoreError
from ..model import Meeting
from ..store import MeetingFolder, write_atomic
from .lock import LOCK_FILE, FolderLock
from .state import (AUDIO_FILE, STATE_FILE, markers_from_state, read_state, release_reserve, sorted_clamped,
                    write_state)
from .wavfile import HEADER_BYTES, SAMPLE_WIDTH, read_wav_header, repair_wav, wav_header

log = logging.getLogger(__name__)


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
    state = read_state(MeetingFolder(path))
    return bool(state) and state.get("state") == "recording"


def _interrupted(folder: MeetingFolder) -> InterruptedRecording | None:
    state = read_state(folder)
    if not state or state.get("state") != "recording":
        return None
    lock = FolderLock(folder.path / LOCK_FILE)
    if not lock.acquire():
        return None  # a live recording (this process or another one) holds it
    lock.release()
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
    state = read_state(folder)
    if not state:
        raise RecordingError(f"Aucun enregistrement à récupérer dans {folder.path}.")
    if state.get("state") != "recording":
        raise RecordingError(f"L'enregistrement de {folder.path.name} n'a pas été interrompu.")
    lock = FolderLock(folder.path / LOCK_FILE)
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
        release_reserve(folder.path)  # the room a crashed recording had set aside
        try:
            meeting = folder.load()
        except NewerFormatError:
            raise  # never rebuilt over a newer Séance's file
        except StoreError as exc:
            log.warning("meeting.json of %s unreadable, rebuilding it: %s", folder.path, exc)
            meeting = Meeting(title=str(state.get("title", folder.path.stem)),
                              date=str(state.get("started", ""))[:10])
        meeting.audio = audio_rel
        meeting.duration_ms = duration_ms
        meeting.markers = sorted_clamped(markers_from_state(state), duration_ms)
        step = dict(meeting.steps.get("record", {}))
        step.update(samplerate=rate, recovered=datetime.now().isoformat(timespec="seconds"))
        meeting.steps["record"] = step
        folder.save(meeting)
        state["state"] = "recovered"
        write_state(folder, state)
    finally:
        lock.release()
    log.info("recovered %s: %s of audio, %d markers", folder.path,
             timefmt.duration(duration_ms / 1000), len(meeting.markers))
    return meeting
