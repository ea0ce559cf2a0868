"""``--smoke-test=FILE``: the check of a packaged build (see packaging/README.md)."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from transcriber.store import MeetingFolder

from .window_jobs import default_options

if TYPE_CHECKING:
    from .app import MainWindow

log = logging.getLogger("seance.app")


def smoke_test(window: "MainWindow", media: Path, timeout_s: float = 1800.0) -> None:
    """``--smoke-test=FILE`` (hidden; used to check a packaged build): transcribe FILE through the
    normal job queue (a spawned child: models, VAD, diarisation), write its procès-verbal (.docx,
    read back), print one line, quit with 0 on success, 1 on failure, 2 on timeout."""
    app = QApplication.instance()
    t0 = time.perf_counter()

    def finish(code: int, line: str) -> None:
        print(line, flush=True)
        log.info("smoke test: %s", line)
        window.close()
        app.exit(code)

    def done(job_id: str) -> None:
        job = window.jobs.job(job_id)
        meeting = MeetingFolder(job.folder).load()
        words = sum(len(s.text.split()) for s in meeting.segments)
        text = " ".join(s.text for s in meeting.segments)
        try:  # then its procès-verbal, written as the minutes panel does, and read back
            from docx import Document

            from transcriber.minutes.documents import write_document

            pv = write_document(meeting, Path(job.folder) / "exports" / "smoke-test-pv.docx", "pv")
            paragraphs = sum(1 for p in Document(str(pv)).paragraphs if p.text.strip())
        except Exception as exc:  # noqa: BLE001 - any failure is the smoke test's answer
            finish(1, f"SMOKE FAILED procès-verbal: {exc!r}")
            return
        finish(0 if meeting.segments and paragraphs else 1,
               f"SMOKE OK wall={time.perf_counter() - t0:.1f}s segments={len(meeting.segments)} "
               f"words={words} speakers={len(meeting.speakers)} pv_paragraphs={paragraphs} "
               f"text={text[:80]!r}")

    window.jobs.jobFinished.connect(done)
    window.jobs.jobFailed.connect(lambda _id, msg: finish(1, f"SMOKE FAILED {msg}"))
    window.jobs.enqueue_import(media, window.settings.meetings_path, "smoke test",
                               default_options(window.settings, []), kind="autre", date="",
                               language=window.settings.language or "fr", vocabulary=[])
    QTimer.singleShot(int(timeout_s * 1000), lambda: finish(2, "SMOKE TIMEOUT"))
