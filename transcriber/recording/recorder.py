"""The recorder: a source's callback feeds a queue, a writer thread appends to the WAV file,
markers and pauses go to the state file; ``status()`` for a meter. See ``transcriber.recording``."""

from __future__ import annotations

import errno
import logging
import math
import os
import queue
import shutil
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

import numpy as np

from .. import timefmt
from ..errors import InputError, RecordingError, StoreError
from ..model import Marker, Meeting
from ..store import MeetingFolder
from .levels import LOW_DISK_MINUTES, SILENCE_DBFS, low_disk_message, minutes_left, to_dbfs
from .lock import LOCK_FILE, FolderLock
from .sources import Source
from .state import AUDIO_FILE, STATE_VERSION, make_reserve, release_reserve, sorted_clamped, write_state
from .wavfile import WavAppender

log = logging.getLogger(__name__)

#: header rewrite + fsync period of the writer thread
SYNC_INTERVAL_S = 1.0
DISK_CHECK_INTERVAL_S = 5.0
#: how much audio the queue between the callback and the writer may hold before dropping
QUEUE_SECONDS = 30.0
#: no callback for this long while recording is reported as a stalled microphone
STALL_S = 5.0


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
        self._folder_lock = FolderLock(folder.path / LOCK_FILE)
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
            make_reserve(self.folder.path)
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
            self._markers = sorted_clamped(self._markers, duration_ms)
            markers = list(self._markers)
        meeting = self._meeting
        assert meeting is not None
        meeting.duration_ms = duration_ms
        meeting.markers = markers
        meeting.steps["record"] = self._record_step(stopped=True)
        release_reserve(self.folder.path)  # room for these last saves, even on a disk the audio filled
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
            release_reserve(self.folder.path)  # the markers and the meeting can still be saved
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
            clock = timefmt.time_of_day(wall)
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
                write_state(self.folder, data)
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
