"""Importing a real French clip through the window: dialog, queued job in a child process,
progress in the window, a GUI thread that stays responsive, the editor opening on the result,
and a Word draft generated from it."""

from __future__ import annotations

import json
import time

from PySide6.QtCore import Qt, QTimer
from docx import Document

from ui_helpers import CLIP, JOB_TIMEOUT_MS


class GapMeter:
    """A 50 ms QTimer on the GUI thread; the largest gap between two ticks says how long the
    event loop was blocked."""

    def __init__(self, interval_ms: int = 50) -> None:
        self.ticks: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(lambda: self.ticks.append(time.monotonic()))
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        gaps = [b - a for a, b in zip(self.ticks, self.ticks[1:])]
        return max(gaps) if gaps else float("inf")


def test_import_dialog_job_progress_editor_and_pv(qtbot, window, settings, eval_dir):
    clip = eval_dir / CLIP
    window.import_file(clip)
    qtbot.waitUntil(lambda: window.import_dialog is not None and window.import_dialog.isVisible(), timeout=15_000)
    dlg = window.import_dialog
    assert dlg.title_edit.text() == clip.stem
    assert dlg.model_combo.currentData() == "base"
    assert [dlg.device_combo.itemData(i) for i in range(dlg.device_combo.count())] == ["auto", "cpu", "cuda"]
    dlg.title_edit.setText("Conseil municipal du 12 mars")
    dlg.kind_combo.setCurrentIndex(dlg.kind_combo.findData("conseil"))
    dlg.collectivite_combo.setEditText("Mairie de Saint-Exemple")
    dlg.vocabulary_edit.setPlainText("Mme Anne Martin\nSIVOM")
    dlg.count_exact.setChecked(True)
    dlg.exact_spin.setValue(1)

    meter = GapMeter()
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert window.jobs.jobs, "accepting the dialog queues a job"
    job = window.jobs.jobs[-1]
    assert job.options["speakers"] == {"exact": 1, "minimum": None, "maximum": None}
    assert job.options["diarize"] is True

    # the window shows the step, a progress bar, the time left and "Annuler"
    row = window.jobs_panel.rows[job.id]
    qtbot.waitUntil(lambda: row.step.text().startswith("Étape 2/4 : Transcription"), timeout=JOB_TIMEOUT_MS)
    assert row.bar.isVisible() and row.cancel_button.isVisible()
    assert row.eta.text()  # "temps restant en cours d'estimation" or "environ …"
    seen_steps = set()
    window.jobs.progress.connect(lambda _id, step, *_: seen_steps.add(step))

    with qtbot.waitSignal(window.jobs.jobFinished, timeout=JOB_TIMEOUT_MS):
        pass
    gap = meter.stop()
    print(f"\n[ui] max GUI gap while transcribing: {gap * 1000:.0f} ms over {len(meter.ticks)} ticks")
    assert len(meter.ticks) > 20
    assert gap < 0.2, f"the GUI thread was blocked {gap * 1000:.0f} ms during the job"
    assert "diarize" in seen_steps

    # the finished meeting opens in the editor by itself (the window was on its home view)
    qtbot.waitUntil(lambda: window.meeting_view.doc is not None, timeout=20_000)
    doc = window.meeting_view.doc
    assert window.stack.currentWidget() is window.meeting_view
    m = doc.meeting
    assert m.title == "Conseil municipal du 12 mars" and m.kind == "conseil" and m.date
    assert "circulation" in m.text.lower()
    assert len(m.speakers) == 1 and all(s.speaker == m.speakers[0].id for s in m.segments)
    assert "SIVOM" in m.steps["asr"]["vocabulary"]
    assert doc.segments.rowCount() == len(m.segments)
    assert window.meeting_view.speakers_panel.table.model().rowCount() == 1
    # the vocabulary is kept for the collectivité and offered again next time
    from transcriber import vocabulary

    assert vocabulary.load("Mairie de Saint-Exemple").terms() == ["Mme Anne Martin", "SIVOM"]
    assert m.collectivite == "Mairie de Saint-Exemple"
    assert str(doc.folder.path.resolve()) in settings.recent_meetings

    # a Word draft of the procès-verbal, from the minutes panel
    panel = window.meeting_view.minutes_panel
    panel.editor.collectivite.setText("Commune de Saint-Exemple")
    panel.editor.tracker.edited(panel.editor.collectivite)
    qtbot.mouseClick(panel.doc_buttons["pv"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(p.suffix == ".docx" for p in panel.generated.values()), timeout=60_000)
    path = next(p for p in panel.generated.values() if p.suffix == ".docx")
    assert path.parent == doc.folder.exports_dir and path.exists()
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "Commune de Saint-Exemple" in text
    assert "PROJET" in text.upper()
    # the form typed in the panel went into the meeting, and to disk with the autosave
    doc.flush()
    saved = json.loads((doc.folder.path / "meeting.json").read_text("utf-8"))
    assert saved["form"]["collectivite"] == "Commune de Saint-Exemple"
