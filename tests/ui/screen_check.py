"""What a person sees of the main window on a given screen (run in a process of its own: Qt's
offscreen screen size is fixed when Qt starts).

    python screen_check.py WIDTHxHEIGHT DPI MEETING_FOLDER OUT.json

The screen is WIDTH×HEIGHT pixels at DPI (96: 100 %, 120: 125 %); the window opens with the
meeting and six stopped jobs in its « Traitements » panel, shows each view, and writes to
OUT.json: the screen and window geometry, every visible widget that lies outside the screen,
the heights of the transcript and of the jobs panel, whether the minutes tab shows the agenda
without scrolling, and the longest line of transcript text in characters.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def offscreen_screen(width: int, height: int, dpi: int) -> None:
    config = Path(tempfile.mkdtemp()) / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "écran", "x": 0, "y": 0, "width": width, "height": height,
                                               "logicalDpi": dpi, "logicalBaseDpi": 96, "dpr": 1}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


def main() -> int:
    size, dpi, meeting, out = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
    width, height = (int(v) for v in size.split("x"))
    offscreen_screen(width, height, dpi)
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QPoint, QRect, Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QScrollArea, QWidget

    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication([])
    from transcriber.settings import Settings
    from ui.app import STYLE, MainWindow
    from ui.workers import JobRecord, jobs_file, save_jobs

    app.setStyleSheet(STYLE)
    settings = Settings(meetings_dir=str(meeting.parent))
    settings.save()
    save_jobs([JobRecord(id=f"j{i}", kind="run", title=f"Conseil municipal du {i + 2} mars", folder=str(meeting),
                         options={}, state="failed", message="Le fichier audio est illisible.")
               for i in range(6)], jobs_file())
    window = MainWindow(settings, start_jobs=False, check_interrupted=False)
    window.show()
    screen = window.screen().availableGeometry()

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    def outside() -> list[str]:
        found = []
        for w in window.findChildren(QWidget):
            if not w.isVisible() or w.width() <= 0 or w.height() <= 0:
                continue
            parent, scrolled = w.parentWidget(), False
            while parent is not None and parent is not window:
                grand = parent.parentWidget()
                if isinstance(grand, QAbstractScrollArea) and parent is grand.viewport():
                    scrolled = True  # content of a scroll area: reached by scrolling
                    break
                parent = grand
            if scrolled:
                continue
            rect = QRect(w.mapToGlobal(QPoint(0, 0)), w.size())
            if not screen.contains(rect):
                name = w.objectName() or type(w).__name__
                found.append(f"{name} {rect.x()},{rect.y()} {rect.width()}×{rect.height()}")
        return found

    report: dict = {"screen": [screen.width(), screen.height()], "dpr": window.devicePixelRatioF()}
    settle()
    frame = window.frameGeometry()
    report["window"] = [frame.x(), frame.y(), frame.width(), frame.height()]
    report["minimum"] = [window.minimumSizeHint().width(), window.minimumSizeHint().height()]
    report["outside"] = {"home": outside()}
    report["jobs_panel"] = window.jobs_panel.height()

    opened = []
    window.meetingOpened.connect(opened.append)
    window.open_meeting(meeting)
    while not opened:
        app.processEvents()
    settle()
    view = window.meeting_view
    report["outside"]["transcript"] = outside()
    report["transcript_height"] = view.transcript.viewport().height()
    report["jobs_panel_in_meeting"] = window.jobs_panel.height()
    delegate, lines = view.transcript.delegate, []
    for row in range(view.transcript.model().rowCount()):
        index = view.transcript.model().index(row, 0)
        if not view.transcript.viewport().rect().intersects(view.transcript.visualRect(index)):
            continue
        doc, _ = delegate.document(view.doc.meeting.segments[row], view.transcript.visualRect(index).width())
        layout = doc.firstBlock().layout()
        lines += [layout.lineAt(i).textLength() for i in range(layout.lineCount())]
    report["longest_line"] = max(lines)

    view.side.setCurrentWidget(view.minutes_panel)
    settle()
    report["outside"]["minutes"] = outside()
    scroll = view.minutes_panel.findChild(QScrollArea)
    agenda = view.minutes_panel.editor.agenda_box
    top_left = agenda.mapTo(scroll.viewport(), QPoint(0, 0))
    report["agenda_visible_px"] = max(0, min(scroll.viewport().height(), top_left.y() + agenda.height()) - max(0, top_left.y()))
    report["agenda_height"] = agenda.height()

    window.close_meeting()
    window.new_recording()
    settle()
    report["outside"]["recording"] = outside()
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
    window.jobs.shutdown()
    window._leave_meeting()
    return 0


if __name__ == "__main__":
    sys.exit(main())
