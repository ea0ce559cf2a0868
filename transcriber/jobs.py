"""Long jobs: progress messages, a cancel token, and a runner that isolates model work in a child.

Core steps report progress through a plain callable ``progress(Progress)`` and check a
``CancelToken`` between units of work. ``run_isolated`` runs such a step in a *spawned* child
process, streams its progress and its log records back over a queue (the parent's log file gets
what the child logs), and kills the child on cancel: a cancelled or crashed job leaves the meeting
as it was, because steps write their results only when done.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import queue
import threading
import time
import traceback
from dataclasses import dataclass
from typing import Any, Callable

from .errors import CancelledError, SeanceError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Progress:
    """``done`` out of ``total`` units of the step ``step`` (e.g. seconds of audio).

    A job that knows its steps (``steps.JobPlan``) also gives ``overall``, the share of the
    whole job done (0..1, -1 when unknown), and ``steps``, every step of the job in order."""

    step: str
    done: float
    total: float
    message: str = ""
    overall: float = -1.0
    steps: tuple[str, ...] = ()

    @property
    def fraction(self) -> float:
        return 0.0 if self.total <= 0 else max(0.0, min(1.0, self.done / self.total))


ProgressCallback = Callable[[Progress], None]


def no_progress(_: Progress) -> None:
    """The default progress callback: does nothing."""


class CancelToken:
    """Set once by whoever wants a job to stop; polled by the job between units of work."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise CancelledError()


class ProgressTimer:
    """Estimates the time left from the progress so far: of the whole job when the progress
    gives ``overall`` (one estimate from the first report to the end, across steps), else of
    the step."""

    def __init__(self) -> None:
        self._start = time.monotonic()
        self._step = ""
        self._first: tuple[float, float] | None = None  # (time, overall) of the first report

    def eta_seconds(self, p: Progress) -> float | None:
        if p.overall >= 0:
            now = time.monotonic()
            if self._first is None:
                self._first = (now, p.overall)
                return None
            t0, f0 = self._first
            elapsed, gained = now - t0, p.overall - f0
            if gained <= 0.01 or elapsed < 1.0:
                return None
            return elapsed * (1 - p.overall) / gained
        if p.step != self._step:
            self._step, self._start = p.step, time.monotonic()
            return None
        frac = p.fraction
        elapsed = time.monotonic() - self._start
        if frac <= 0.02 or elapsed < 1.0:
            return None
        return elapsed * (1 - frac) / frac


# --- isolated runner -------------------------------------------------------------------------

_CTX = mp.get_context("spawn")


class _ToParent(logging.Handler):
    """In the child: every log record (INFO and up) goes to the parent over the job's queue,
    formatted (traceback included) and without arguments, so that it pickles."""

    def __init__(self, out_q: Any) -> None:
        super().__init__(logging.INFO)
        self.out_q = out_q

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sent = logging.makeLogRecord(record.__dict__)
            sent.msg, sent.args = self.format(record), None
            sent.exc_info = sent.exc_text = sent.stack_info = None
            self.out_q.put(("log", sent))
        except Exception:  # noqa: BLE001 - a log line must never break the job
            self.handleError(record)


def _forward_logs(out_q: Any) -> None:
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(_ToParent(out_q))
    root.setLevel(logging.INFO)


def _relay_log(record: logging.LogRecord, pid: int | None) -> None:
    """In the parent: log a child's record as if it were ours (the app's log file gets it)."""
    record.threadName = f"job {pid}:{record.threadName}"
    logging.getLogger(record.name).handle(record)


_watching_parent = False


def _exit_with_parent() -> None:
    """In the child: end at once when the process that started it is gone (the app killed or
    crashed). Without this the child went on alone: it finished the job, wrote the meeting
    behind the back of the next session (which offers the job again), then waited forever for
    another job with the models loaded. What is saved stays whole (saves are atomic) and the
    job resumes from its last finished step."""
    global _watching_parent
    parent = mp.parent_process()
    if parent is None or _watching_parent:
        return
    _watching_parent = True

    def watch() -> None:
        parent.join()  # returns when the parent's end of the sentinel pipe closes: it died
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _child_main(out_q: Any, fn: Callable[..., Any], args: tuple, kwargs: dict) -> None:
    def report(p: Progress) -> None:
        out_q.put(("progress", p))

    _exit_with_parent()
    _forward_logs(out_q)
    try:
        result = fn(*args, progress=report, **kwargs)
        out_q.put(("result", result))
    except SeanceError as exc:
        out_q.put(("error", (type(exc).__name__, str(exc), exc.exit_code, traceback.format_exc())))
    except BaseException as exc:  # noqa: BLE001 - everything must reach the parent
        out_q.put(("crash", (type(exc).__name__, str(exc), traceback.format_exc())))


class JobError(SeanceError):
    """A job failed in its child process; ``details`` holds the child's traceback for the log."""

    def __init__(self, message: str, details: str = "", exit_code: int = 1) -> None:
        super().__init__(message)
        self.details = details
        self.exit_code = exit_code


class IsolatedJob:
    """One run of ``fn(*args, progress=..., **kwargs)`` in a spawned child process.

    ``fn`` must be importable (a module-level function) and its arguments and result picklable.
    ``wait()`` returns the result or raises: ``CancelledError`` after ``cancel()``, ``JobError``
    (with the French message of the child's ``SeanceError``) when the child failed.
    """

    def __init__(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        self._queue = _CTX.Queue()
        self.process = _CTX.Process(
            target=_child_main, args=(self._queue, fn, args, kwargs), daemon=True
        )
        self._cancel = threading.Event()

    def start(self) -> "IsolatedJob":
        self.process.start()
        return self

    @property
    def pid(self) -> int | None:
        return self.process.pid

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, progress: ProgressCallback = no_progress, poll: float = 0.1) -> Any:
        try:
            while True:
                if self._cancel.is_set():
                    self._kill()
                    raise CancelledError()
                try:
                    kind, payload = self._queue.get(timeout=poll)
                except queue.Empty:
                    if not self.process.is_alive():
                        # drain what the child may have put just before exiting
                        try:
                            kind, payload = self._queue.get(timeout=0.5)
                        except queue.Empty:
                            code = self.process.exitcode
                            raise JobError(
                                "Le traitement s'est arrêté brutalement "
                                f"(code {code}, mémoire insuffisante ?)."
                            ) from None
                    else:
                        continue
                if kind == "progress":
                    progress(payload)
                elif kind == "log":
                    _relay_log(payload, self.pid)
                elif kind == "result":
                    self._finished()
                    return payload
                elif kind == "error":
                    name, message, exit_code, details = payload
                    log.error("job failed (%s): %s\n%s", name, message, details)
                    if name == "CancelledError":
                        raise CancelledError(message)
                    raise JobError(message, details, exit_code)
                else:  # crash
                    name, message, details = payload
                    log.error("job crashed (%s): %s\n%s", name, message, details)
                    raise JobError(f"Erreur interne pendant le traitement ({name} : {message}).", details)
        finally:
            if self.process.is_alive() and self._cancel.is_set():
                self._kill()

    def _finished(self) -> None:
        self.process.join(timeout=10)

    def _kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)


# --- a child that stays for a queue of jobs --------------------------------------------------------

def _server_main(in_q: Any, out_q: Any) -> None:
    while True:
        item = in_q.get()
        if item is None:
            return
        fn, args, kwargs = item
        _child_main(out_q, fn, args, kwargs)


class JobServer:
    """A spawned child that runs jobs one after the other and keeps what they loaded.

    The models stay loaded in it (``asr.load_model`` and the diarisation pipeline cache per
    process), so a queue of files loads them once. A cancelled or crashed job takes the child
    with it: ``alive`` turns false and the owner starts another for the next job. ``close()``
    lets it end (the owner does so when its queue is empty, to give the memory back).
    """

    def __init__(self) -> None:
        self._in = _CTX.Queue()
        self._out = _CTX.Queue()
        self.process = _CTX.Process(target=_server_main, args=(self._in, self._out), daemon=True)
        self.process.start()

    @property
    def alive(self) -> bool:
        return self.process.is_alive()

    @property
    def pid(self) -> int | None:
        return self.process.pid

    def submit(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> "PooledJob":
        """Queue ``fn(*args, progress=..., **kwargs)`` in the child; wait on the returned job."""
        self._in.put((fn, args, kwargs))
        return PooledJob(self)

    def close(self, timeout: float = 5.0) -> None:
        if self.process.is_alive():
            self._in.put(None)
            self.process.join(timeout=timeout)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=5)
        # the queues' feeder threads in this process end with them (one per server otherwise)
        for q in (self._in, self._out):
            q.close()
            q.join_thread()


class PooledJob(IsolatedJob):
    """One job of a ``JobServer``: waits and cancels like ``IsolatedJob`` (a cancel kills the server)."""

    def __init__(self, server: JobServer) -> None:  # noqa: D107 - the server's child runs it
        self.server = server
        self._queue = server._out
        self.process = server.process
        self._cancel = threading.Event()

    def start(self) -> "PooledJob":
        return self

    def _finished(self) -> None:
        """The child stays for the next job."""


def run_isolated(
    fn: Callable[..., Any],
    *args: Any,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    **kwargs: Any,
) -> Any:
    """Run ``fn`` in a child process and return its result; see ``IsolatedJob``."""
    job = IsolatedJob(fn, *args, **kwargs).start()
    if cancel is not None:
        watcher = threading.Thread(target=_watch_cancel, args=(cancel, job), daemon=True)
        watcher.start()
    return job.wait(progress)


def _watch_cancel(token: CancelToken, job: IsolatedJob) -> None:
    while job.process.is_alive() or job.process.exitcode is None:
        if token.cancelled:
            job.cancel()
            return
        time.sleep(0.05)
