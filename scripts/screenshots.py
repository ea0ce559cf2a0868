"""Screenshots of the desktop app for the documentation: ``make screenshots``.

For each screen — a 1366×768 laptop at 100 %, a 1920×1080 screen at 125 % — starts the real app
offscreen on a screen of that size (a process each), imports the first 75 s of a French eval
recording (two speakers) through the import dialog, lets the real pipeline transcribe it in its
child process, and saves PNGs of the main views with ``QWidget.grab()`` (the window as sized for
that screen, at its pixel ratio) into ``docs/screenshots/1366x768/`` and ``1920x1080/``:

    home.png        the home view with a transcription in progress and the recent meetings
    import.png      the import dialog
    editor.png      the transcript editor with the speakers panel, during playback
    minutes.png     the minutes panel (form and documents)
    recording.png   the recording view (a WAV replayed instead of a microphone)

Usage: python scripts/screenshots.py [--eval DIR] [--out DIR] [--home DIR] [--screen 1366x768 …]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

CLIP = "fr_edf_phonecall_2spk.wav"
CUT_S = 75
#: a PNG above this size is saved again at a smaller scale
MAX_BYTES = 400_000
#: the screens shot: size and logical DPI (96: 100 %, 120: 125 %)
SCREENS = {"1366x768": 96, "1920x1080": 120}


def offscreen_screen(size: str, dpi: int) -> str:
    """QT_QPA_PLATFORM for Qt's offscreen platform with one screen of ``size`` at ``dpi``."""
    width, height = (int(v) for v in size.split("x"))
    config = Path(tempfile.mkdtemp()) / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "écran", "x": 0, "y": 0, "width": width, "height": height,
                                               "logicalDpi": dpi, "logicalBaseDpi": 96, "dpr": 1}]}))
    return f"offscreen:configfile={config}"


def cut_wav(source: Path, target: Path, seconds: float) -> Path:
    with wave.open(str(source), "rb") as r:
        params = r.getparams()
        frames = r.readframes(int(seconds * r.getframerate()))
    with wave.open(str(target), "wb") as w:
        w.setparams(params)
        w.writeframes(frames)
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=Path(os.environ.get("SEANCE_EVAL_DIR", ROOT.parent / "shared" / "eval")))
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--home", type=Path, default=ROOT / "build" / "screenshots-home",
                        help="SEANCE_HOME of the run (the default model is assembled there once)")
    parser.add_argument("--screen", action="append", choices=sorted(SCREENS),
                        help="screen size to shoot (default: all)")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # a child process: one screen
    args = parser.parse_args()
    if not args.one:
        for size in args.screen or SCREENS:
            env = dict(os.environ, QT_QPA_PLATFORM=offscreen_screen(size, SCREENS[size]))
            cmd = [sys.executable, __file__, "--one", size, "--eval", str(args.eval), "--out", str(args.out / size),
                   "--home", str(args.home)]
            if subprocess.run(cmd, env=env).returncode != 0:
                return 1
        return 0

    source = args.eval / CLIP
    if not source.is_file():
        print(f"enregistrement d'évaluation introuvable : {source}", file=sys.stderr)
        return 2
    home = args.home
    meetings = home / "documents"
    if meetings.exists():
        import shutil

        shutil.rmtree(meetings)
    for name in ("config",):
        (home / name).mkdir(parents=True, exist_ok=True)
    (home / "config" / "jobs.json").unlink(missing_ok=True)
    (home / "config" / "settings.json").unlink(missing_ok=True)
    os.environ["SEANCE_HOME"] = str(home)
    args.out.mkdir(parents=True, exist_ok=True)
    work = home / "work"
    work.mkdir(parents=True, exist_ok=True)
    clip = cut_wav(source, work / "Conseil municipal du 12 mars.wav", CUT_S)

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFont, QGuiApplication
    from PySide6.QtWidgets import QApplication

    from transcriber.settings import Settings
    from ui.app import STYLE, MainWindow
    from ui.views.recording import ReplaySourceFactory

    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Séance")
    app.setStyle("Fusion")
    font = QFont("DejaVu Sans", 10)
    app.setFont(font)
    app.setStyleSheet(STYLE)

    def wait_until(cond, timeout: float = 300, what: str = "") -> None:
        deadline = time.monotonic() + timeout
        while not cond():
            if time.monotonic() > deadline:
                raise SystemExit(f"délai dépassé : {what}")
            app.processEvents()
            time.sleep(0.02)

    def pause(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.02)

    def save(widget, name: str) -> Path:
        pause(0.3)
        path = args.out / name
        pixmap = widget.grab()
        pixmap.save(str(path), "PNG")
        scale = 0.85
        while path.stat().st_size > MAX_BYTES and scale > 0.4:
            pixmap.scaledToWidth(int(pixmap.width() * scale), Qt.TransformationMode.SmoothTransformation).save(str(path), "PNG")
            scale -= 0.1
        print(f"{path} ({path.stat().st_size // 1024} Ko)")
        return path

    settings = Settings(meetings_dir=str(meetings),
                        vocabularies={"Commune de Saint-Exemple": ["Linky", "Mme Anne Martin"]})
    settings.save()
    window = MainWindow(settings, recording_source=ReplaySourceFactory(clip, speed=1.0),
                        check_interrupted=False)  # sized for the screen, as on a real one
    window.show()
    pause(0.5)

    # --- import dialog -------------------------------------------------------------------------
    window.import_file(clip)
    wait_until(lambda: window.import_dialog is not None and window.import_dialog.isVisible(), 30, "dialogue")
    dialog = window.import_dialog
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("conseil"))
    dialog.date_edit.setDate(dialog.date_edit.date().fromString("2026-03-12", "yyyy-MM-dd"))
    dialog.collectivite_combo.setCurrentText("Commune de Saint-Exemple")
    dialog.count_exact.setChecked(True)
    dialog.exact_spin.setValue(2)
    save(dialog, "import.png")
    dialog._validate_and_accept()

    # --- home with the job running -------------------------------------------------------------
    wait_until(lambda: window.jobs.last_progress[0] == "asr" and window.jobs.last_progress[1] > 0.2,
               300, "transcription")
    save(window, "home.png")

    # --- editor with speakers ------------------------------------------------------------------
    wait_until(lambda: window.meeting_view.doc is not None, 600, "fin de la transcription")
    doc = window.meeting_view.doc
    names = ["Mme Claire Morel (agent)", "M. Louis Bernard"]
    for sp, name in zip(doc.meeting.speakers, names):
        doc.rename_speaker(sp.id, name)
    view = window.meeting_view.transcript
    pb = window.meeting_view.playback
    wait_until(lambda: pb.player.duration() > 0, 20, "audio")
    row = min(2, len(doc.meeting.segments) - 1)
    seg = doc.meeting.segments[row]
    pb.seek(seg.words[min(2, len(seg.words) - 1)].start_ms)
    pb.play()
    pause(0.6)
    pb.pause()
    window.meeting_view.speakers_panel.select(doc.meeting.speakers[0].id)
    view.setCurrentIndex(doc.segments.index(row))
    view.scrollToTop()
    save(window, "editor.png")

    # --- minutes panel -------------------------------------------------------------------------
    panel = window.meeting_view.minutes_panel
    form = panel.editor
    window.meeting_view.side.setCurrentWidget(panel)
    wait_until(lambda: form.suggested is not None, 120, "relevé du formulaire")
    for widget, text in ((form.collectivite, "Commune de Saint-Exemple"), (form.instance, "conseil municipal"),
                         (form.place, "salle du conseil, mairie"), (form.president, "Mme Anne Martin, maire")):
        widget.setText(text)
        form.tracker.edited(widget)
    form.present.setPlainText("Mme Anne Martin\nM. Paul Durand\nM. Louis Bernard\nMme Sophie Leroy")
    if form.agenda.rowCount() == 0:
        from transcriber.minutes.form_fields import AgendaRow

        form._append_row(AgendaRow("1", "Approbation du procès-verbal de la séance précédente"), False)
        form._append_row(AgendaRow("2", "Remplacement des compteurs électriques de l'école", "M. Paul Durand",
                                   "2026-014", "15", "0", "2", "adopté"), False)
        form.agenda_touched = True
    form.store()
    panel.generate("pv")
    wait_until(lambda: any(p.suffix == ".docx" for p in panel.generated.values()), 120, "projet de PV")
    save(window, "minutes.png")

    # --- recording view ------------------------------------------------------------------------
    window.close_meeting()
    window.new_recording()
    rv = window.recording_view
    rv.title_edit.setText("Conseil municipal du 3 avril")
    rv.start()
    wait_until(lambda: rv.recording, 20, "enregistrement")
    wait_until(lambda: rv.recorder.elapsed_s > 1.5, 20, "enregistrement")
    rv.next_item()
    pause(0.8)
    rv.vote()
    rv.note_edit.setText("arrivée de M. Durand")
    rv.note()
    wait_until(lambda: rv.recorder.elapsed_s > 4.2, 20, "enregistrement")
    save(window, "recording.png")
    rv.stop(transcribe=False)
    wait_until(lambda: not rv.recording, 30, "arrêt")
    pause(0.5)
    window.jobs.shutdown()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
