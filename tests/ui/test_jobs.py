"""Jobs: cancel kills the child and leaves the meeting as it was, a cancelled job resumes, a job
left running by a previous session is shown "interrompu" with "Reprendre", closing the window
during a job asks first, a bad file is a French message."""

from __future__ import annotations

import json
import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from transcriber.pipeline import PipelineOptions
from ui.workers import load_jobs
from ui_helpers import JOB_TIMEOUT_MS, pid_alive, wait_job_state

NO_DIARIZATION = PipelineOptions(diarize=False)


def start_run(window, folder: Path, options=NO_DIARIZATION):
    job = window.jobs.enqueue_run(folder, "Essai", options)
    return job


def test_cancel_kills_child_and_leaves_meeting_unchanged_then_resume(qtbot, window, meeting_copy):
    meeting_file = meeting_copy / "meeting.json"
    # a fresh transcription of this folder: forget the finished steps so the run does real work
    data = json.loads(meeting_file.read_text("utf-8"))
    data["steps"] = {}
    data["segments"] = []
    meeting_file.write_text(json.dumps(data), "utf-8")
    before = meeting_file.read_bytes()

    pids = []
    window.jobs.childStarted.connect(lambda _id, pid: pids.append(pid))
    job = start_run(window, meeting_copy)
    row = window.jobs_panel.rows[job.id]
    # wait until the child really works on the audio
    qtbot.waitUntil(lambda: window.jobs.last_progress[0] in ("decode", "asr"), timeout=JOB_TIMEOUT_MS)
    assert pids and pid_alive(pids[0])
    assert row.cancel_button.isVisible()

    # opening the meeting while it is being transcribed is refused, in French
    window.open_meeting(meeting_copy)
    assert "en cours de transcription" in window.messages[-1]
    window.message_box.close()

    t0 = time.monotonic()
    qtbot.mouseClick(row.cancel_button, Qt.MouseButton.LeftButton)
    wait_job_state(qtbot, window, "cancelled", timeout=10_000)
    elapsed = time.monotonic() - t0
    print(f"\n[ui] cancel took {elapsed:.2f} s")
    assert elapsed < 3.0
    assert not pid_alive(pids[0]), "the child process is gone"
    assert not Path(f"/proc/{pids[0]}").exists()
    assert meeting_file.read_bytes() == before, "a cancelled job leaves the meeting as it was"
    assert row.resume_button.isVisible() and not row.cancel_button.isVisible()
    assert json.loads((Path(window.jobs._path)).read_text("utf-8"))["jobs"][0]["state"] == "cancelled"

    # "Reprendre" runs it again, to the end this time
    qtbot.mouseClick(row.resume_button, Qt.MouseButton.LeftButton)
    wait_job_state(qtbot, window, ("done", "failed"))
    assert window.jobs.jobs[-1].state == "done", window.jobs.jobs[-1].message
    saved = json.loads(meeting_file.read_text("utf-8"))
    assert saved["segments"] and "asr" in saved["steps"]


def test_job_left_running_is_interrupted_and_resumable(qtbot, make_window, settings, meeting_copy):
    from ui.workers import JobRecord, jobs_file, save_jobs

    save_jobs([JobRecord(id="abc123", kind="run", title="Conseil de mars", folder=str(meeting_copy),
                         options=NO_DIARIZATION.to_dict(), state="running")], jobs_file())
    window = make_window()
    job = window.jobs.job("abc123")
    assert job.state == "interrupted"
    row = window.jobs_panel.rows["abc123"]
    assert row.step.text() == "Interrompu"
    assert row.resume_button.isVisible() and row.remove_button.isVisible()
    assert window.banner.isVisible() and "interrompue" in window.banner.label.text()
    pids = []
    window.jobs.childStarted.connect(lambda _id, pid: pids.append(pid))
    qtbot.mouseClick(row.resume_button, Qt.MouseButton.LeftButton)
    assert job.state == "running"
    # the pipeline resumes: every step of this meeting is already done, so it ends at once
    wait_job_state(qtbot, window, ("done", "failed"))
    assert job.state == "done", job.message
    assert pids


def test_closing_during_a_job_asks_first_and_marks_it_interrupted(qtbot, window, meeting_copy):
    data = json.loads((meeting_copy / "meeting.json").read_text("utf-8"))
    data["steps"] = {}
    (meeting_copy / "meeting.json").write_text(json.dumps(data), "utf-8")
    pids = []
    window.jobs.childStarted.connect(lambda _id, pid: pids.append(pid))
    job = start_run(window, meeting_copy)
    qtbot.waitUntil(lambda: bool(pids), timeout=JOB_TIMEOUT_MS)

    answers = []

    def answer(text: str) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, lambda: answer(text))
            return
        answers.append(box.text())
        next(b for b in box.buttons() if b.text() == text).click()

    QTimer.singleShot(50, lambda: answer("Annuler"))
    window.close()
    assert answers and "en cours" in answers[0]
    assert window.isVisible() and job.state == "running" and pid_alive(pids[0])

    QTimer.singleShot(50, lambda: answer("Quitter quand même"))
    window.close()
    assert not window.isVisible()
    assert job.state == "interrupted"
    assert not pid_alive(pids[0])
    assert [j.state for j in load_jobs()] == ["interrupted"]


def test_bad_file_shows_a_french_message(qtbot, window, tmp_path, settings):
    bad = tmp_path / "compte-rendu.mp3"
    bad.write_text("Ceci est un fichier texte, pas un enregistrement.\n" * 20, "utf-8")
    window.import_file(bad)
    qtbot.waitUntil(lambda: bool(window.messages), timeout=10_000)
    message = window.messages[-1]
    assert "compte-rendu.mp3" in message and "n'est pas un fichier audio ou vidéo lisible" in message
    assert "Traceback" not in message
    box = window.message_box
    assert box is not None and box.isVisible() and box.text() == message
    assert window.import_dialog is None and not window.jobs.jobs
    assert not any(Path(settings.meetings_path).glob("*.seance")) if settings.meetings_path.exists() else True


def test_imports_queue_up_one_at_a_time(qtbot, window, meeting_copy, tmp_path):
    import shutil

    second = tmp_path / "second.seance"
    shutil.copytree(meeting_copy, second)
    # the meeting is already transcribed, so each job is short: its start is recorded as it
    # happens (job, child, state of the first job at that moment) rather than polled
    started: list[tuple[str, int, str]] = []
    jobs: dict[str, object] = {}
    window.jobs.childStarted.connect(
        lambda job_id, pid: started.append((job_id, pid, jobs["first"].state)))
    first_job = start_run(window, meeting_copy)
    jobs["first"] = first_job
    second_job = start_run(window, second)
    assert first_job.state == "running" and second_job.state == "queued"
    assert window.jobs_panel.rows[second_job.id].step.text() == "En attente"
    qtbot.waitUntil(lambda: second_job.state == "done", timeout=2 * JOB_TIMEOUT_MS)
    assert first_job.state == "done"
    # one at a time: the second started once the first was done, and in the same child
    # process (the models were loaded once for both files)
    assert [(job_id, state) for job_id, _, state in started] == [
        (first_job.id, "running"), (second_job.id, "done")]
    assert started[0][1] == started[1][1] > 0
    # the queue is empty: the child ended and gave its memory back
    qtbot.waitUntil(lambda: window.jobs.server_pid is None, timeout=10_000)


def test_missing_model_is_a_french_message(qtbot, window, meeting_copy):
    from transcriber.asr import AsrOptions

    data = json.loads((meeting_copy / "meeting.json").read_text("utf-8"))
    data["steps"] = {}
    (meeting_copy / "meeting.json").write_text(json.dumps(data), "utf-8")
    job = start_run(window, meeting_copy, PipelineOptions(asr=AsrOptions(model="whisper-introuvable"), diarize=False))
    wait_job_state(qtbot, window, ("failed", "done"))
    assert job.state == "failed"
    assert "Modèle inconnu" in job.message and "whisper-introuvable" in job.message
    assert "Traceback" not in job.message
    message = window.messages[-1]
    assert "a échoué" in message and job.message in message
    assert window.message_box.isVisible()
    row = window.jobs_panel.rows[job.id]
    assert row.message.text() == job.message and row.resume_button.isVisible()


def test_reprendre_continues_the_bar_where_the_job_stopped(qtbot, window, meeting_copy):
    """A job stopped after its transcription resumes with diarisation: its bar starts at the
    share already done (not 0 %), says « Étape 3/4 », then « Étape 4/4 », and only grows."""
    data = json.loads((meeting_copy / "meeting.json").read_text("utf-8"))
    for step in ("diarize", "align"):
        data["steps"].pop(step, None)
    data["turns"] = []
    (meeting_copy / "meeting.json").write_text(json.dumps(data), "utf-8")
    job = start_run(window, meeting_copy, PipelineOptions(diarize=True))
    row = window.jobs_panel.rows[job.id]
    shown = []
    window.jobs.progress.connect(lambda *_: shown.append((row.step.text(), row.bar.value(), row.eta.text())))
    wait_job_state(qtbot, window, ("done", "failed"))
    assert job.state == "done", job.message
    steps = [text for text, _, _ in shown]
    values = [value for text, value, _ in shown if text.startswith("Étape")]
    assert "Étape 3/4 : Intervenants" in steps and "Étape 4/4 : Alignement" in steps
    assert "Étape 2/4 : Transcription" not in steps
    assert values == sorted(values) and values[0] >= 600, values  # the transcription was done
    assert not any(value >= 1000 and "restant" in eta for _, value, eta in shown)


def test_stopped_jobs_fold_into_one_line_in_the_editor(qtbot, make_window, meeting_copy):
    """Six stopped jobs: two rows on the home page (the rest scrolls), one summary line with
    « Afficher » in the editor; the editor keeps its height."""
    from ui.workers import JobRecord, jobs_file, save_jobs
    from ui_helpers import open_meeting

    save_jobs([JobRecord(id=f"j{i}", kind="run", title=f"Séance {i}", folder=str(meeting_copy),
                         options=NO_DIARIZATION.to_dict(), state="failed", message="Fichier illisible.")
               for i in range(6)], jobs_file())
    window = make_window(start_jobs=False)
    panel = window.jobs_panel
    shown = [r for r in panel.rows.values() if not r.isHidden()]
    assert len(shown) == 6 and panel.scroll.height() < 2.5 * shown[0].sizeHint().height()
    open_meeting(qtbot, window, meeting_copy)
    assert panel.compact and not any(r.isVisible() for r in panel.rows.values())
    assert panel.summary.text() == "6 échec" and panel.toggle.text() == "Afficher (6)"
    qtbot.wait(50)  # (the layout follows the panel's new height)
    height = window.meeting_view.transcript.height()
    assert panel.height() <= 40
    qtbot.mouseClick(panel.toggle, Qt.MouseButton.LeftButton)
    assert panel.expanded and sum(r.isVisible() for r in panel.rows.values()) == 6
    qtbot.mouseClick(panel.toggle, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.meeting_view.transcript.height() == height, timeout=2000)  # all back
    window.close_meeting()
    assert not panel.compact and sum(not r.isHidden() for r in panel.rows.values()) == 6
