"""The only place of the app with threads.

* ``JobQueue`` runs transcription jobs one at a time. Each job runs in a ``JobWorker`` moved to a
  ``QThread``; the worker creates the meeting folder when the job is an import (a file copy, off the
  GUI thread) and then runs ``pipeline.job_run`` in a child process (``jobs.JobServer``). The child
  stays while jobs are queued, so the models load once for a queue of files; it ends when the queue
  is empty. Model work never happens in this process: a cancel kills the child at once (the next
  job starts a fresh one), and the meeting folder keeps what the last finished step saved.
* Jobs persist in ``jobs.json`` in the config folder; a job still marked running when the app starts
  again was interrupted (crash, power cut, forced quit) and is offered for resumption.
* ``TaskRunner`` runs short blocking calls (reading a meeting, writing a document, stopping a
  recorder) on a pool thread and hands the result back on the GUI thread; ``Saver`` writes meeting
  snapshots in order on its own thread (autosave).

Worker-thread signals reach GUI-thread slots through queued connections: every ``ui/`` slot runs there.
"""

from __future__ import annotations

import concurrent.futures
import itertools
import json
import logging
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot

from transcriber import settings as settings_mod
from transcriber.errors import CancelledError, SeanceError
from transcriber.jobs import IsolatedJob, JobServer, Progress, ProgressTimer
from transcriber.pipeline import PipelineOptions
from transcriber.steps import MAIN_STEPS, step_text
from transcriber.store import MeetingFolder
from transcriber.usage import Usage, cost_fr

log = logging.getLogger(__name__)

STATE_LABELS = {
    "queued": "En attente",
    "running": "En cours",
    "done": "Terminé",
    "failed": "Échec",
    "cancelled": "Annulé",
    "interrupted": "Interrompu",
}

INTERNAL_ERROR = ("Erreur interne pendant le traitement. Les détails sont dans le journal "
                  "(menu Aide > À propos de Séance).")


# --- job records and their file -----------------------------------------------------------------

@dataclass
class JobRecord:
    """One transcription job as the queue and ``jobs.json`` know it."""

    id: str
    #: "import" (create the meeting from ``source`` first) or "run" (the folder exists)
    kind: str
    title: str
    options: dict[str, Any]
    folder: str = ""
    source: str = ""
    #: parent folder and meeting fields for an import (kind, date, language, vocabulary)
    parent: str = ""
    meeting: dict[str, Any] = field(default_factory=dict)
    #: queued | running | done | failed | cancelled | interrupted
    state: str = "queued"
    message: str = ""
    warnings: list[str] = field(default_factory=list)
    #: a finished job's cost (``usage.cost_fr``: « Temps de calcul : N s de processeur par
    #: minute d'audio »), also at the end of ``message``
    cost: str = ""
    created: str = field(default_factory=lambda: datetime.now().isoformat(timespec="seconds"))

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)

    @property
    def active(self) -> bool:
        return self.state in ("queued", "running")

    @property
    def resumable(self) -> bool:
        return self.state in ("interrupted", "failed", "cancelled")


def jobs_file() -> Path:
    return settings_mod.config_dir() / "jobs.json"


def load_jobs(path: Path | None = None) -> list[JobRecord]:
    """The jobs of the last session; those left running or queued are now "interrupted"."""
    path = path or jobs_file()
    try:
        raw = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as exc:
        log.warning("jobs file unreadable, starting empty: %s", exc)
        return []
    known = JobRecord.__dataclass_fields__
    jobs = []
    for item in raw.get("jobs", []):
        try:
            job = JobRecord(**{k: v for k, v in item.items() if k in known})
        except TypeError:
            log.warning("skipping unreadable job %r", item)
            continue
        if job.state == "done":
            continue  # shown once, in the session that ran it
        if job.state in ("running", "queued"):
            job.state = "interrupted"
            job.message = "Traitement interrompu (fermeture de Séance ou panne)."
        jobs.append(job)
    return jobs


def save_jobs(jobs: list[JobRecord], path: Path | None = None) -> None:
    from transcriber.store import write_atomic

    path = path or jobs_file()
    data = {"version": 1, "jobs": [asdict(j) for j in jobs]}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
    except (OSError, SeanceError) as exc:
        log.error("cannot save the jobs file: %s", exc)


# --- the worker in its thread -------------------------------------------------------------------

class JobWorker(QObject):
    """Runs one job; lives in its own ``QThread``. ``cancel()`` may be called from any thread."""

    #: step, share of the whole job done (0..1), seconds left (or -1 when unknown), the step
    #: as shown ("Étape 2/4 : Transcription")
    progress = Signal(str, float, float, str)
    folderCreated = Signal(str)
    childStarted = Signal(int)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    #: fewest seconds between two progress signals of the same step
    PROGRESS_INTERVAL = 0.1

    def __init__(self, record: JobRecord, server: Callable[[], JobServer] | None = None) -> None:
        super().__init__()
        self.record = record
        #: gives the child process that runs the job (the queue's, kept between its jobs)
        self._server = server or JobServer
        self._cancel = threading.Event()
        self._job: IsolatedJob | None = None
        self._lock = threading.Lock()
        self._timer = ProgressTimer()
        self._last_emit = 0.0
        self._last_step = ""

    def cancel(self) -> None:
        self._cancel.set()
        with self._lock:
            job = self._job
        if job is not None:
            job.cancel()

    @property
    def child_pid(self) -> int | None:
        with self._lock:
            return self._job.pid if self._job is not None else None

    def _emit_progress(self, p: Progress) -> None:
        now = time.monotonic()
        eta = self._timer.eta_seconds(p)
        if p.step == self._last_step and now - self._last_emit < self.PROGRESS_INTERVAL and p.fraction < 1:
            return
        self._last_step, self._last_emit = p.step, now
        fraction = p.overall if p.overall >= 0 else p.fraction
        self.progress.emit(p.step, float(fraction), -1.0 if eta is None else float(eta),
                           step_text(p.step, p.steps or MAIN_STEPS))

    @Slot()
    def run(self) -> None:
        from transcriber import pipeline

        rec = self.record
        created_here = False
        folder = rec.folder
        try:
            if rec.kind == "import" and not folder:
                self.progress.emit("copy", 0.0, -1.0, step_text("copy"))
                made = pipeline.create_meeting(
                    rec.parent, rec.source, title=rec.title, kind=rec.meeting.get("kind", "autre"),
                    date=rec.meeting.get("date", ""), language=rec.meeting.get("language", "fr") or "fr",
                    vocabulary=list(rec.meeting.get("vocabulary", [])),
                    collectivite=rec.meeting.get("collectivite", ""),
                )
                folder, created_here = str(made.path), True
                self.folderCreated.emit(folder)
            if self._cancel.is_set():
                raise CancelledError()
            self.progress.emit("start", 0.0, -1.0, step_text("start"))
            job = self._server().submit(pipeline.job_run, folder, PipelineOptions.from_dict(rec.options))
            with self._lock:
                self._job = job
            job.start()
            if self._cancel.is_set():
                job.cancel()
            self.childStarted.emit(job.pid or 0)
            log.info("job %s: child %s runs the pipeline on %s", rec.id, job.pid, folder)
            result = job.wait(progress=self._emit_progress)
        except CancelledError:
            log.info("job %s cancelled", rec.id)
            self.cancelled.emit()
            return
        except SeanceError as exc:
            log.warning("job %s failed: %s", rec.id, exc, exc_info=not created_here)
            if rec.kind == "import" and folder:
                # the core's rule: bad input before any finished step leaves no folder behind
                pipeline.settle_failed_import(MeetingFolder(folder), exc)
            self.failed.emit(str(exc))
            return
        except Exception:  # noqa: BLE001 - the user gets a French line, the log the traceback
            log.exception("job %s: internal error", rec.id)
            self.failed.emit(INTERNAL_ERROR)
            return
        self.finished.emit(result)


class JobQueue(QObject):
    """The transcription jobs of the app: one runs at a time, the others wait their turn."""

    jobsChanged = Signal()
    #: job id, step, share of the job done, seconds left (-1 unknown), the step as shown
    progress = Signal(str, str, float, float, str)
    jobFinished = Signal(str)
    jobFailed = Signal(str, str)
    jobCancelled = Signal(str)
    childStarted = Signal(str, int)

    def __init__(self, parent: QObject | None = None, path: Path | None = None,
                 autostart: bool = True) -> None:
        super().__init__(parent)
        self._path = path or jobs_file()
        self.jobs: list[JobRecord] = load_jobs(self._path)
        self._thread: QThread | None = None
        self._worker: JobWorker | None = None
        self._current: JobRecord | None = None
        self._autostart = autostart
        self._server: JobServer | None = None
        self._server_lock = threading.Lock()
        #: the last progress of the running job: (step, share of the job done, eta), and its text
        self.last_progress: tuple[str, float, float] = ("queued", 0.0, -1.0)
        self.last_text = step_text("queued")
        self._persist()

    # --- queries ------------------------------------------------------------------------------
    def job(self, job_id: str) -> JobRecord | None:
        return next((j for j in self.jobs if j.id == job_id), None)

    @property
    def current(self) -> JobRecord | None:
        return self._current

    @property
    def busy(self) -> bool:
        return self._current is not None or any(j.state == "queued" for j in self.jobs)

    def active_for(self, folder: str | Path) -> JobRecord | None:
        folder = str(Path(folder))
        return next((j for j in self.jobs if j.active and j.folder and str(Path(j.folder)) == folder), None)

    @property
    def child_pid(self) -> int | None:
        return self._worker.child_pid if self._worker is not None else None

    # --- commands -----------------------------------------------------------------------------
    def enqueue_import(self, source: str | Path, parent: str | Path, title: str,
                       options: PipelineOptions, **meeting: Any) -> JobRecord:
        rec = JobRecord(id=uuid.uuid4().hex[:12], kind="import", title=title,
                        options=options.to_dict(), source=str(source), parent=str(parent),
                        meeting=meeting)
        return self._add(rec)

    def enqueue_run(self, folder: str | Path, title: str, options: PipelineOptions) -> JobRecord:
        rec = JobRecord(id=uuid.uuid4().hex[:12], kind="run", title=title,
                        options=options.to_dict(), folder=str(folder))
        return self._add(rec)

    def _add(self, rec: JobRecord) -> JobRecord:
        self.jobs.append(rec)
        self._persist()
        self.jobsChanged.emit()
        if self._autostart:
            self._start_next()
        return rec

    def cancel(self, job_id: str) -> None:
        rec = self.job(job_id)
        if rec is None:
            return
        if rec is self._current and self._worker is not None:
            self._worker.cancel()
        elif rec.state == "queued":
            rec.state, rec.message = "cancelled", "Annulé avant de commencer."
            self._persist()
            self.jobsChanged.emit()

    def resume(self, job_id: str) -> None:
        """Queue a stopped job again: the pipeline resumes after its last finished step."""
        rec = self.job(job_id)
        if rec is None or rec.active:
            return
        rec.state, rec.message = "queued", ""
        self._persist()
        self.jobsChanged.emit()
        self._start_next()

    def remove(self, job_id: str) -> None:
        rec = self.job(job_id)
        if rec is None or rec.state == "running":
            return
        self.jobs.remove(rec)
        self._persist()
        self.jobsChanged.emit()

    def start(self) -> None:
        """Start the next queued job if none runs (when built with ``autostart=False``)."""
        self._autostart = True
        self._start_next()

    def _job_server(self) -> JobServer:
        """The child process of this queue (called from the job's thread, one job at a time)."""
        with self._server_lock:
            if self._server is None or not self._server.alive:
                if self._server is not None:
                    self._server.close()  # killed by a cancel, or crashed: its queues go too
                self._server = JobServer()
            return self._server

    def _close_server(self) -> None:
        with self._server_lock:
            server, self._server = self._server, None
        if server is not None:
            server.close()

    @property
    def server_pid(self) -> int | None:
        server = self._server
        return server.pid if server is not None and server.alive else None

    def shutdown(self, timeout: float = 10.0) -> None:
        """Stop the running job (its child is killed) and mark it interrupted, to resume later."""
        self._autostart = False
        worker, thread, rec = self._worker, self._thread, self._current
        if worker is None or thread is None or rec is None:
            self._close_server()
            return
        worker.cancel()
        thread.quit()
        if not thread.wait(int(timeout * 1000)):
            log.error("job thread did not stop within %.0f s", timeout)
        rec.state = "interrupted"
        rec.message = "Traitement interrompu à la fermeture de Séance : il peut être repris."
        self._persist()
        self._clear_current()
        self._close_server()

    # --- running ------------------------------------------------------------------------------
    def _start_next(self) -> None:
        if self._current is not None or not self._autostart:
            return
        rec = next((j for j in self.jobs if j.state == "queued"), None)
        if rec is None:
            self._close_server()  # the queue is empty: give the models' memory back
            return
        rec.state, rec.message = "running", ""
        self._current = rec
        self.last_progress = ("start", 0.0, -1.0)
        self.last_text = step_text("start")
        self._persist()
        thread = QThread(self)
        thread.setObjectName(f"job-{rec.id}")
        worker = JobWorker(rec, self._job_server)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progress.connect(self._on_progress)
        worker.folderCreated.connect(self._on_folder)
        worker.childStarted.connect(self._on_child)
        worker.finished.connect(self._on_finished)
        worker.failed.connect(self._on_failed)
        worker.cancelled.connect(self._on_cancelled)
        self._thread, self._worker = thread, worker
        thread.start()
        self.jobsChanged.emit()

    @Slot(str, float, float, str)
    def _on_progress(self, step: str, fraction: float, eta: float, text: str) -> None:
        if self._current is None:
            return
        self.last_progress = (step, fraction, eta)
        self.last_text = text
        self.progress.emit(self._current.id, step, fraction, eta, text)

    @Slot(str)
    def _on_folder(self, folder: str) -> None:
        if self._current is not None:
            self._current.folder = folder
            self._persist()
            self.jobsChanged.emit()

    @Slot(int)
    def _on_child(self, pid: int) -> None:
        if self._current is not None:
            self.childStarted.emit(self._current.id, pid)

    @Slot(object)
    def _on_finished(self, result: Any) -> None:
        rec = self._current
        if rec is None:
            return
        rec.state = "done"
        rec.warnings = list(getattr(result, "warnings", []) or [])
        # what this job cost the machine, the energy proxy (CPU seconds per minute of audio)
        usage = getattr(result, "usage", None)
        rec.cost = cost_fr(usage) if isinstance(usage, Usage) else ""
        rec.message = " ".join(rec.warnings + ([rec.cost + "."] if rec.cost else []))
        self._finish_current()
        self.jobFinished.emit(rec.id)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        rec = self._current
        if rec is None:
            return
        rec.state, rec.message = "failed", message
        self._forget_removed_folder(rec)
        self._finish_current()
        self.jobFailed.emit(rec.id, message)

    @Slot()
    def _on_cancelled(self) -> None:
        rec = self._current
        if rec is None:
            return
        rec.state, rec.message = "cancelled", "Annulé : la réunion est restée telle qu'avant."
        self._forget_removed_folder(rec)
        self._finish_current()
        self.jobCancelled.emit(rec.id)

    @staticmethod
    def _forget_removed_folder(rec: JobRecord) -> None:
        if rec.kind == "import" and rec.folder and not Path(rec.folder).exists():
            rec.folder = ""  # the half-made folder was removed: a resume imports the file again

    def _finish_current(self) -> None:
        self._persist()
        self._clear_current()
        self.jobsChanged.emit()
        self._start_next()

    def _clear_current(self) -> None:
        thread, worker = self._thread, self._worker
        self._current = self._thread = self._worker = None
        if thread is not None:
            thread.quit()
            thread.wait(5000)
            thread.deleteLater()
        if worker is not None:
            worker.deleteLater()

    def _persist(self) -> None:
        save_jobs(self.jobs, self._path)


# --- short tasks off the GUI thread ------------------------------------------------------------

class _Relay(QObject):
    done = Signal(int, bool, object)


class TaskRunner(QObject):
    """``run(fn, *args, on_done=..., on_error=...)``: ``fn`` runs on a pool thread, the callbacks
    on the GUI thread. ``on_error`` receives the exception (default: logged)."""

    def __init__(self, parent: QObject | None = None, workers: int = 2) -> None:
        super().__init__(parent)
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=workers,
                                                           thread_name_prefix="seance-task")
        self._relay = _Relay(self)
        self._relay.done.connect(self._deliver)
        self._callbacks: dict[int, tuple[Callable | None, Callable | None]] = {}
        self._ids = itertools.count(1)
        self._pending: set[concurrent.futures.Future] = set()
        self._closed = False

    def run(self, fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None, **kwargs: Any
            ) -> concurrent.futures.Future | None:
        if self._closed:  # the window is closing: nothing new starts
            log.info("task %s dropped: the app is closing", getattr(fn, "__name__", fn))
            return None
        token = next(self._ids)
        self._callbacks[token] = (on_done, on_error)
        future = self._pool.submit(fn, *args, **kwargs)
        self._pending.add(future)

        def relay(f: concurrent.futures.Future) -> None:
            self._pending.discard(f)
            exc = f.exception()
            try:
                self._relay.done.emit(token, exc is None, f.result() if exc is None else exc)
            except RuntimeError:  # the relay is gone: the app is closing
                pass

        future.add_done_callback(relay)
        return future

    @Slot(int, bool, object)
    def _deliver(self, token: int, ok: bool, value: Any) -> None:
        on_done, on_error = self._callbacks.pop(token, (None, None))
        if self._closed:
            return
        if ok:
            if on_done is not None:
                on_done(value)
        elif on_error is not None:
            on_error(value)
        else:
            log.error("background task failed: %s", value, exc_info=value)

    @property
    def idle(self) -> bool:
        return not self._pending

    def shutdown(self, wait: bool = True) -> None:
        self._closed = True
        self._pool.shutdown(wait=wait)


class Saver(QObject):
    """Writes meeting snapshots one after the other on its own thread (autosave).

    ``save(folder, meeting)`` takes a *snapshot* made on the GUI thread (cheap copies of the
    segment lists); serialising and the atomic write happen on the saver's thread.
    """

    saved = Signal(str)
    failed = Signal(str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="seance-save")
        self._last: concurrent.futures.Future | None = None
        #: the French message of the last failed save (see ``flush``)
        self.last_error = ""

    def save(self, folder, meeting) -> concurrent.futures.Future:
        def write() -> None:
            try:
                folder.save(meeting)
            except SeanceError as exc:
                self.failed.emit(str(folder.path), str(exc))
                raise
            except Exception as exc:  # noqa: BLE001
                log.exception("saving %s failed", folder.path)
                self.failed.emit(str(folder.path), f"Impossible d'enregistrer la réunion : {exc}")
                raise
            self.saved.emit(str(folder.path))

        self._last = self._pool.submit(write)
        return self._last

    def flush(self, timeout: float = 30.0) -> bool:
        """Wait for every pending save; False if one failed or timed out."""
        last = self._last
        if last is None:
            return True
        try:
            last.result(timeout=timeout)
        except concurrent.futures.TimeoutError:
            self.last_error = "l'écriture ne s'est pas terminée à temps (disque lent ou réseau coupé)."
            return False
        except SeanceError as exc:  # already reported through ``failed``
            self.last_error = str(exc)
            return False
        except Exception as exc:  # noqa: BLE001
            self.last_error = f"Impossible d'enregistrer la réunion : {exc}"
            return False
        return True

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True)
