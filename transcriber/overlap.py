"""Diarisation on a background thread while the ASR runs, where the machine has the cores for it.

faster-whisper's decoding loop keeps about one core busy whatever its thread count (beam search
steps are short and partly serial), so on a machine with spare cores the diarisation (torch,
``diarize.torch_threads()`` threads) can run beside it and finish by the time the ASR does. The
ASR then gets the cores the diarisation does not use. Both release the GIL in their native work.

``wanted()`` decides: ``$SEANCE_OVERLAP`` (``1`` or ``0``) when set, else at least ``MIN_CORES``
cores. Measured on 2 cores (bench/RESULTS.md, « Threads, overlap »): ASR on 1 thread beside the
diarisation on the other core, 0.92 × the wall time of plain faster-whisper alone on 2 threads;
the diarisation after the ASR, 1.43 ×; so from 2 cores it overlaps, and the one-core machine
runs them one after the other. The diarisation's progress is
held back while the ASR reports its own, so a progress bar never jumps between the two steps.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import Any

import numpy as np

from .errors import CancelledError
from .jobs import CancelToken, Progress, ProgressCallback

log = logging.getLogger(__name__)

OVERLAP_ENV = "SEANCE_OVERLAP"
#: overlap by default from this many cores
MIN_CORES = 2
#: longer recordings run the two steps one after the other: while both run their memory adds up
#: (peak of the process tree, 2 cores: 2531 MB for 9 minutes, 4474 MB for 3 hours, over the 4 GiB
#: budget of 4096 MB; about 3790 MB at 2 hours by the line between the two; bench/RESULTS.md)
MAX_OVERLAP_S = 2 * 3600


def wanted(cores: int | None = None, duration_s: float | None = None) -> bool:
    """Overlap on a machine of ``cores`` cores for a recording of ``duration_s`` seconds."""
    env = os.environ.get(OVERLAP_ENV, "").strip()
    if env in ("0", "1"):
        return env == "1"
    if duration_s is not None and duration_s > MAX_OVERLAP_S:
        return False
    return (cores or os.cpu_count() or 1) >= MIN_CORES


def asr_threads(requested: int, cores: int | None = None) -> int:
    """CTranslate2 threads beside a running diarisation: the cores torch does not take (at least 1)."""
    if requested > 0:
        return requested
    from .diarize import torch_threads

    return max(1, (cores or os.cpu_count() or 1) - torch_threads())


class _Linked(CancelToken):
    """Cancelled when the job is, or when the pipeline stops the background work itself."""

    def __init__(self, outer: CancelToken | None) -> None:
        super().__init__()
        self._outer = outer

    @property
    def cancelled(self) -> bool:
        return super().cancelled or (self._outer is not None and self._outer.cancelled)

    def raise_if_cancelled(self) -> None:
        if self.cancelled:
            raise CancelledError()


class BackgroundDiarization:
    """``diarize(samples, hints)`` started now on a thread; ``result(progress)`` waits for its turns."""

    def __init__(self, samples: np.ndarray, hints: Any, device: str, cancel: CancelToken | None) -> None:
        from .diarize import diarize

        self._token = _Linked(cancel)
        self._lock = threading.Lock()
        self._forward: ProgressCallback | None = None
        self._held: Progress | None = None
        self._turns: list | None = None
        self._error: BaseException | None = None

        #: the user notices the diarisation raised on its thread (``notices.warn``), given back by ``result``
        self.notes: list[str] = []

        #: the CPU seconds of the diarisation's thread, once it has ended
        self._cpu_end: float | None = None

        def work() -> None:
            from . import notices

            try:
                with notices.collect() as notes:
                    self._turns = diarize(samples, hints, progress=self._progress, cancel=self._token, device=device)
                self.notes = notes
            except BaseException as exc:  # noqa: BLE001 - handed to the pipeline's thread
                self._error = exc
            finally:
                self._cpu_end = time.thread_time()

        self._thread = threading.Thread(target=work, name="seance-diarize", daemon=True)
        self._thread.start()
        log.info("diarisation started beside the ASR")

    def cpu_s(self) -> float | None:
        """CPU seconds used so far by the diarisation's thread (torch's own extra threads, from
        4 cores, are not in it); None where the system cannot tell (no per-thread CPU clock)."""
        if self._cpu_end is not None:
            return self._cpu_end
        if not hasattr(time, "pthread_getcpuclockid"):  # Windows: no per-thread CPU clock
            return None
        try:
            return time.clock_gettime(time.pthread_getcpuclockid(self._thread.ident))
        except (OSError, TypeError, ValueError):  # the thread ended in between: it left its figure
            self._thread.join(timeout=0.5)
            return self._cpu_end

    def _progress(self, p: Progress) -> None:
        with self._lock:
            if self._forward is None:
                self._held = p
                return
            forward = self._forward
        forward(p)

    def result(self, progress: ProgressCallback) -> list:
        """The turns (after the ASR is done); the diarisation's progress goes to ``progress`` from now on."""
        with self._lock:
            self._forward, held = progress, self._held
        if held is not None:
            progress(held)
        while self._thread.is_alive():
            self._thread.join(timeout=0.2)
        if self._error is not None:
            raise self._error
        from . import notices

        for note in self.notes:  # raised again where the pipeline collects the step's notices
            notices.warn(note)
        return self._turns or []

    def stop(self) -> None:
        """Stop it (the ASR failed or was cancelled) and wait for the thread to end."""
        self._token.cancel()
        self._thread.join(timeout=120)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()
