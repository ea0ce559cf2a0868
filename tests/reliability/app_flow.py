"""The desktop app's whole flow, as a user runs it, for tests that watch it from outside (strace,
a fresh HOME): ``python tests/reliability/app_flow.py AUDIO TITLE``.

The real entry points: the app's log file (``ui.app.setup_logging``), the main window with its
default settings, the job queue (``ui.workers`` → ``jobs.JobServer``: ASR and diarisation in a
spawned child), the meeting opened in the editor, every Word document and every export through
the « Exporter » menu's actions, then the window closed. Prints ``APP FLOW OK <folder>`` and
exits 0, or prints why and exits 1.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(audio: Path, title: str, timeout_s: float = 600.0) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from transcriber.minutes.documents import document_path, export_path
    from transcriber.minutes.kinds import KINDS
    from ui import app as app_mod
    from ui.views.minutes import EXPORTS

    app_mod.setup_logging()
    app = QApplication.instance() or QApplication([sys.argv[0]])
    window = app_mod.MainWindow(check_interrupted=False)
    window.show()
    state: dict = {"code": None, "folder": None}

    def finish(code: int, line: str) -> None:
        if state["code"] is not None:
            return
        state["code"] = code
        print(line, flush=True)
        window.close()
        app.exit(code)

    def expected(folder: Path) -> list[Path]:
        return ([document_path(folder, kind) for kind in KINDS] + [export_path(folder, fmt) for fmt in EXPORTS])

    def documents(folder: str) -> None:
        state["folder"] = Path(folder)
        kinds, formats = list(KINDS), list(EXPORTS)
        before = {p: p.stat().st_mtime_ns if p.exists() else 0 for p in expected(Path(folder))}
        started = time.monotonic()

        def step() -> None:
            panel = window.meeting_view.minutes_panel
            busy = not all(b.isEnabled() for b in panel.doc_buttons.values())
            if not busy and kinds:
                window.export_document(kinds.pop(0))
            elif not busy and formats:
                window.export_transcript(formats.pop(0))
            elif not busy and window.tasks.idle:
                missing = [p.name for p, t in before.items() if not p.exists() or p.stat().st_mtime_ns == t]
                if missing:
                    finish(1, f"APP FLOW FAILED not written: {missing} ({panel.status.text()})")
                else:
                    finish(0, f"APP FLOW OK {folder}")
                return
            if time.monotonic() - started > 120:
                finish(1, "APP FLOW TIMEOUT writing documents")
                return
            QTimer.singleShot(100, step)

        QTimer.singleShot(0, step)

    window.meetingOpened.connect(documents)
    window.jobs.jobFailed.connect(lambda _id, msg: finish(1, f"APP FLOW FAILED {msg}"))
    window.jobs.enqueue_import(audio, window.settings.meetings_path, title,
                               app_mod.default_options(window.settings, ["Perrot", "Saint-Amand"]),
                               kind="conseil", date="2026-03-12", language="fr",
                               vocabulary=["Perrot", "Saint-Amand"])
    QTimer.singleShot(int(timeout_s * 1000), lambda: finish(2, "APP FLOW TIMEOUT"))
    code = app.exec()
    return code if state["code"] is None else state["code"]


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), sys.argv[2]))
