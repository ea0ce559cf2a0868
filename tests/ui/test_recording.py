"""The recording view with the recorder's WAV replay source standing in for a microphone (this
machine has none): markers with their keys, pause, level meter, free-disk warning, "Arrêter et
transcrire" queuing the real transcription; no microphone gives a French message; a recording
interrupted by a crash is offered for recovery at the next start."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import Qt

from transcriber.recording import NO_MIC_MESSAGE
from ui.views.recording import METER_FLOOR, ReplaySourceFactory
from ui_helpers import LONG_CLIP, wait_job_state

REPO = Path(__file__).resolve().parents[2]


def test_record_markers_pause_stop_and_transcribe(qtbot, make_window, eval_dir, settings):
    window = make_window(recording_source=ReplaySourceFactory(eval_dir / LONG_CLIP, speed=1.0))
    view = window.recording_view
    view.recorder_options = {"free_bytes": lambda _p: 3 * 1024 * 1024}  # a nearly full disk
    window.act_new.trigger()
    assert window.stack.currentWidget() is view
    assert view.device_combo.currentText().startswith("Fichier rejoué")
    assert view.start_button.isEnabled() and not view.stop_button.isEnabled()
    view.title_edit.setText("Conseil municipal du 3 avril")
    qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.recording, timeout=10_000)
    assert not window.act_import.isEnabled()  # one thing at a time while recording

    levels = []
    view.timer.timeout.connect(lambda: levels.append(view.meter.rms))
    qtbot.waitUntil(lambda: view.recorder.elapsed_s > 1.0, timeout=10_000)
    qtbot.keyClick(view, Qt.Key.Key_F8)              # Point suivant
    qtbot.keyClick(view, Qt.Key.Key_F9)              # Vote
    qtbot.keyClick(view, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert view.note_edit.hasFocus()
    view.note_edit.insert("arrivée de M. Durand")  # (QTest types ASCII only)
    qtbot.keyClick(view.note_edit, Qt.Key.Key_Return)
    qtbot.keyClick(view, Qt.Key.Key_F5)              # pause
    assert view.recorder.paused and "pause" in view.state_label.text().lower()
    qtbot.wait(300)
    qtbot.keyClick(view, Qt.Key.Key_F5)              # reprise
    assert not view.recorder.paused
    qtbot.waitUntil(lambda: view.recorder.elapsed_s > 2.5, timeout=10_000)
    assert view.clock.text() != "0:00:00"
    assert max(levels) > METER_FLOOR + 10, "the meter moves with the speech"
    # the free-disk warning (the recorder checks every few seconds)
    qtbot.waitUntil(lambda: view.warning.isVisible(), timeout=10_000)
    assert "Espace disque presque épuisé" in view.warning.label.text()
    kinds = [m.kind for m in view.recorder.markers]
    assert kinds[:3] == ["agenda", "vote", "note"] and "pause" in kinds and "resume" in kinds
    assert view.markers.count() == len(kinds)

    folder = view.recorder.folder.path
    qtbot.mouseClick(view.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(window.jobs.jobs), timeout=15_000)
    assert window.stack.currentWidget() is window.home
    meeting = json.loads((folder / "meeting.json").read_text("utf-8"))
    assert meeting["title"] == "Conseil municipal du 3 avril"
    assert meeting["audio"] == "audio/recording.wav" and meeting["duration_ms"] > 2000
    assert [m["kind"] for m in meeting["markers"]][:3] == ["agenda", "vote", "note"]
    job = window.jobs.jobs[-1]
    assert job.kind == "run" and Path(job.folder) == folder
    job = wait_job_state(qtbot, window, ("done", "failed"))
    assert job.state == "done", job.message
    meeting = json.loads((folder / "meeting.json").read_text("utf-8"))
    assert meeting["segments"], "the recorded speech was transcribed"
    assert meeting["markers"][0]["label"] == "Point 1"


def test_no_microphone_is_said_in_french(qtbot, window):
    window.act_new.trigger()
    view = window.recording_view
    qtbot.waitUntil(lambda: view.banner.isVisible(), timeout=10_000)
    assert view.banner.label.text() == NO_MIC_MESSAGE
    assert not view.start_button.isEnabled()
    assert view.device_combo.currentText() == "Aucun micro"


def test_interrupted_recording_is_offered_for_recovery(qtbot, make_window, settings, eval_dir):
    parent = settings.meetings_path
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen(
        [sys.executable, "-m", "transcriber.cli", "record", "--title", "Séance coupée",
         "--out", str(parent), "--replay", str(eval_dir / LONG_CLIP), "--speed", "1"],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=REPO)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            wavs = list(parent.glob("*.seance/audio/recording.wav"))
            if wavs and wavs[0].stat().st_size > 44 + 16000 * 2 * 2:
                break
            time.sleep(0.1)
        proc.send_signal(signal.SIGKILL)  # a crash: no clean stop
    finally:
        proc.wait(10)

    window = make_window(check_interrupted=True)
    qtbot.waitUntil(lambda: window.recovery_box is not None and window.recovery_box.isVisible(), timeout=10_000)
    box = window.recovery_box
    assert "Séance coupée" in box.text() and "interrompu" in box.text()
    only = next(b for b in box.buttons() if b.text() == "Récupérer seulement")
    with qtbot.waitSignal(window.meetingOpened, timeout=20_000):
        only.click()
    doc = window.meeting_view.doc
    assert doc.meeting.title == "Séance coupée"
    assert doc.meeting.duration_ms >= 2000
    assert window.meeting_view.banner.isVisible()  # "pas encore transcrite" with "Transcrire…"
    assert window.meeting_view.banner.action.text() == "Transcrire…"


def test_closing_while_recording_asks_and_keeps_the_recording(qtbot, make_window, eval_dir, settings):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    window = make_window(recording_source=ReplaySourceFactory(eval_dir / LONG_CLIP, speed=1.0))
    window.act_new.trigger()
    view = window.recording_view
    qtbot.waitUntil(lambda: view.start_button.isEnabled(), timeout=5000)
    qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.recording and view.recorder.elapsed_s > 1.0, timeout=10_000)

    def answer(text: str) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, lambda: answer(text))
            return
        next(b for b in box.buttons() if b.text() == text).click()

    QTimer.singleShot(50, lambda: answer("Annuler"))
    window.close()
    assert window.isVisible() and view.recording
    folder = view.recorder.folder.path
    QTimer.singleShot(50, lambda: answer("Arrêter et quitter"))
    window.close()
    assert not window.isVisible() and not view.recording
    meeting = json.loads((folder / "meeting.json").read_text("utf-8"))
    assert meeting["duration_ms"] >= 1000
    assert json.loads((folder / "recording.json").read_text("utf-8"))["state"] == "stopped"
