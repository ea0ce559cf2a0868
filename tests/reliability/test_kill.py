"""Killed without warning (SIGKILL: a crash, the power button held, the OOM killer), Séance loses
nothing that was saved:

* a save of meeting.json killed at any moment leaves the old file or the new one, never a cut one;
* the app killed during a transcription: its pipeline child ends with it (no orphan goes on
  writing the meeting), the meeting keeps its last finished step, and the next start offers the
  job « Interrompu » with « Reprendre », which goes on from that step.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from transcriber.store import MeetingFolder

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "ui"))
from ui_helpers import JOB_TIMEOUT_MS, wait_job_state  # noqa: E402

#: a child that saves one meeting folder over and over; each version is whole only if its
#: title, its word count and its words agree
SAVER = textwrap.dedent("""
    import sys
    from transcriber.model import Meeting, Segment, Word
    from transcriber.store import MeetingFolder

    folder = MeetingFolder(sys.argv[1])
    k = int(folder.load().title[1:]) if folder.exists() else 0  # go on from the version on disk
    while True:
        k += 1
        n = 4000 + (k % 7) * 1000  # 1 to 2 MB of JSON: the write takes a while
        words = [Word(i * 10, i * 10 + 9, f"v{k}m{i}") for i in range(n)]
        folder.save(Meeting(title=f"v{k}", segments=[Segment(0, n * 10, words, "S0")]))
        print(k, flush=True)
""")


def running(pid: int) -> bool:
    """True while ``pid`` runs; a zombie has ended (an orphan's zombie may wait long to be reaped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def check_whole(path: Path) -> int:
    """The version number of a whole meeting file; fails on a cut or mixed one."""
    data = json.loads(path.read_text("utf-8"))  # a cut file does not parse
    k = int(data["title"][1:])
    words = data["segments"][0]["words"]
    assert len(words) == 4000 + (k % 7) * 1000
    assert all(w["text"] == f"v{k}m{i}" for i, w in enumerate(words))
    return k


def test_sigkill_during_saves_leaves_the_old_or_the_new_file(tmp_path):
    folder = MeetingFolder.create(tmp_path, "Conseil")
    rng = random.Random(10)
    mid_write = 0
    rounds = 24
    for i in range(rounds):
        child = subprocess.Popen([sys.executable, "-c", SAVER, str(folder.path)], cwd=ROOT,
                                 stdout=subprocess.PIPE, text=True)
        child.stdout.readline()  # one save done: there is an old file to lose
        if i % 3 == 0:  # at any moment
            time.sleep(rng.uniform(0.0, 0.4))
        else:  # as soon as a file is being written (a few ms: random kills rarely hit it)
            deadline = time.monotonic() + 10
            while not any(n.endswith(".tmp") for n in os.listdir(folder.path)) and time.monotonic() < deadline:
                pass
        child.send_signal(signal.SIGKILL)
        child.wait()
        saved = [int(line) for line in child.stdout.read().split()]
        child.stdout.close()
        mid_write += bool(list(folder.path.glob(".*.tmp")))
        k = check_whole(folder.meeting_file)
        # the last save it reported, or the one it was making
        last = saved[-1] if saved else None
        assert last is None or k in (last, last + 1), (k, last)
        if folder.backup_file.exists():
            assert check_whole(folder.backup_file) in (k - 1, k)
        meeting = folder.load()  # and the app opens it, the stray temp file cleared
        assert meeting.title == f"v{k}" and not list(folder.path.glob(".*.tmp"))
    print(f"\n{mid_write} of {rounds} kills landed while a file was being written")
    assert mid_write >= rounds // 6, "the kills must hit the writes for this test to mean anything"


APP = textwrap.dedent("""
    import sys
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    from transcriber.pipeline import PipelineOptions
    from transcriber.settings import Settings
    from ui.app import MainWindow

    app = QApplication([])
    window = MainWindow(Settings.load(), check_interrupted=False)
    pids = Path(sys.argv[2])
    window.jobs.childStarted.connect(lambda _id, pid: pids.write_text(str(pid)))
    window.jobs.enqueue_run(sys.argv[1], "Conseil", PipelineOptions(diarize=True))
    window.show()
    app.exec()
""")


@pytest.mark.slow
def test_app_killed_during_a_transcription_resumes_from_the_last_finished_step(
        qtbot, make_window, settings, tmp_path, eval_dir):
    from transcriber.pipeline import create_meeting

    folder = create_meeting(settings.meetings_path, eval_dir / "fr_tcof_separation_per_14_1spk.wav",
                            title="Conseil")
    meeting_file = folder.meeting_file
    pid_file = tmp_path / "child.pid"
    env = dict(os.environ, SEANCE_OVERLAP="0", SEANCE_THREADS="2")  # the diarisation after the ASR
    app = subprocess.Popen([sys.executable, "-c", APP, str(folder.path), str(pid_file)], cwd=ROOT, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + JOB_TIMEOUT_MS / 1000
        while "asr" not in json.loads(meeting_file.read_text("utf-8")).get("steps", {}):
            assert app.poll() is None, app.stderr.read()
            assert time.monotonic() < deadline, "the ASR step did not finish"
            time.sleep(0.02)
        app.send_signal(signal.SIGKILL)  # the ASR is saved, the diarisation is running
        app.wait()
    finally:
        if app.poll() is None:
            app.kill()
        app.stderr.close()
    child = int(pid_file.read_text())
    deadline = time.monotonic() + 10
    while running(child) and time.monotonic() < deadline:  # reaped by init once it ends
        time.sleep(0.05)
    assert not running(child), "the pipeline child outlived the app: it would go on alone"

    saved = json.loads(meeting_file.read_text("utf-8"))
    assert saved["segments"] and "diarize" not in saved["steps"] and "align" not in saved["steps"]
    asr_step, segments = saved["steps"]["asr"], saved["segments"]

    # the next start: offered « Interrompu » with « Reprendre »
    window = make_window()
    (job,) = window.jobs.jobs
    assert job.state == "interrupted"
    row = window.jobs_panel.rows[job.id]
    assert row.step.text() == "Interrompu" and row.resume_button.isVisible()
    assert window.banner.isVisible() and "interrompue" in window.banner.label.text()
    qtbot.mouseClick(row.resume_button, Qt.MouseButton.LeftButton)
    wait_job_state(qtbot, window, ("done", "failed"))
    assert job.state == "done", job.message

    resumed = json.loads(meeting_file.read_text("utf-8"))
    assert resumed["steps"]["asr"] == asr_step  # not run again (its usage would have changed)
    assert [[w["text"] for w in s["words"]] for s in resumed["segments"]] == \
        [[w["text"] for w in s["words"]] for s in segments]
    assert "diarize" in resumed["steps"] and "align" in resumed["steps"]
    assert all(s["speaker"] for s in resumed["segments"])


@pytest.mark.slow
def test_pipeline_child_killed_is_a_french_message_and_resumes_from_the_last_finished_step(
        qtbot, window, settings, eval_dir, monkeypatch):
    """The OOM killer takes the pipeline's child only: the app says so in French, offers
    « Reprendre », which goes on from the saved ASR step."""
    from transcriber.pipeline import PipelineOptions, create_meeting

    monkeypatch.setenv("SEANCE_OVERLAP", "0")  # the diarisation after the ASR
    folder = create_meeting(settings.meetings_path, eval_dir / "fr_tcof_separation_per_14_1spk.wav",
                            title="Conseil")
    pids: list[int] = []
    window.jobs.childStarted.connect(lambda _id, pid: pids.append(pid))
    job = window.jobs.enqueue_run(folder.path, "Conseil", PipelineOptions(diarize=True))
    qtbot.waitUntil(lambda: "asr" in json.loads(folder.meeting_file.read_text("utf-8")).get("steps", {}),
                    timeout=JOB_TIMEOUT_MS)
    os.kill(pids[-1], signal.SIGKILL)
    wait_job_state(qtbot, window, ("done", "failed", "interrupted"))
    assert job.state == "failed" and "arrêté brutalement" in job.message, (job.state, job.message)
    saved = json.loads(folder.meeting_file.read_text("utf-8"))
    assert saved["segments"] and "diarize" not in saved["steps"]

    row = window.jobs_panel.rows[job.id]
    assert row.resume_button.isVisible()
    qtbot.mouseClick(row.resume_button, Qt.MouseButton.LeftButton)
    wait_job_state(qtbot, window, ("done", "failed"))
    assert job.state == "done", job.message
    resumed = json.loads(folder.meeting_file.read_text("utf-8"))
    assert resumed["steps"]["asr"] == saved["steps"]["asr"]  # not run again
    assert "diarize" in resumed["steps"] and all(s["speaker"] for s in resumed["segments"])


APP_IMPORT = textwrap.dedent("""
    import sys
    from PySide6.QtWidgets import QApplication
    from transcriber.pipeline import PipelineOptions
    from transcriber.settings import Settings
    from ui.app import MainWindow

    app = QApplication([])
    window = MainWindow(Settings.load(), check_interrupted=False)
    window.jobs.enqueue_import(sys.argv[1], sys.argv[2], "Conseil", PipelineOptions(diarize=False))
    app.exec()
""")


def test_app_killed_during_an_import_copy_leaves_no_dead_folder(qtbot, make_window, settings, tmp_path):
    """A long recording being copied into its new meeting folder when the app is killed: the
    half-made folder (no meeting.json, a cut copy of possibly gigabytes, shown nowhere) is
    removed at the next start once the copy is surely dead; the import is offered again."""
    from transcriber.recording.wavfile import wav_header
    from transcriber.store import ABANDONED_AFTER_S, MeetingFolder

    source = tmp_path / "conseil-long.wav"
    data_bytes = 1_500_000_000  # 13 hours: the copy takes a while
    with open(source, "wb") as f:
        f.write(wav_header(16000, 1, data_bytes))
        f.truncate(44 + data_bytes)
    parent = Path(settings.meetings_path)
    parent.mkdir(parents=True, exist_ok=True)
    kept = MeetingFolder.create(parent, "Bureau")  # a real meeting beside it
    from transcriber.model import Meeting

    kept.save(Meeting(title="Bureau"))
    app = subprocess.Popen([sys.executable, "-c", APP_IMPORT, str(source), str(parent)], cwd=ROOT,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not [p for p in parent.glob("Conseil.seance/audio/.source.wav.tmp") if p.stat().st_size]:
            assert app.poll() is None and time.monotonic() < deadline, "the copy did not start"
            time.sleep(0.002)
        app.send_signal(signal.SIGKILL)
        app.wait()
    finally:
        if app.poll() is None:
            app.kill()
    dead = parent / "Conseil.seance"
    cut = dead / "audio" / ".source.wav.tmp"
    assert cut.is_file() and 0 < cut.stat().st_size < source.stat().st_size, "killed during the copy"
    assert not (dead / "meeting.json").exists()

    window = make_window(check_interrupted=True)  # the copy may still be going on elsewhere: kept
    (job,) = window.jobs.jobs
    assert job.state == "interrupted" and window.jobs_panel.rows[job.id].resume_button.isVisible()
    qtbot.wait(1000)
    assert dead.is_dir()

    old = time.time() - ABANDONED_AFTER_S - 60  # later: the cut copy untouched for long
    for p in [cut, *dead.rglob("*"), dead]:
        os.utime(p, (old, old))
    make_window(check_interrupted=True)
    qtbot.waitUntil(lambda: not dead.exists(), timeout=10_000)
    assert kept.load().title == "Bureau" and source.stat().st_size == 44 + data_bytes
