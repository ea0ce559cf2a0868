"""Fixtures of the UI tests: a private Séance home, the main window, a transcribed meeting.

Everything is real: Qt widgets on the offscreen platform, the pipeline in a child process with the
bundled Whisper model, meeting folders on disk.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from transcriber.settings import Settings

from ui_helpers import LONG_CLIP


@pytest.fixture
def settings(seance_home: Path, tmp_path: Path) -> Settings:
    s = Settings(meetings_dir=str(tmp_path / "reunions"))
    s.save()
    return s


@pytest.fixture
def make_window(qtbot, settings, monkeypatch):
    """Build main windows; each is closed at the end of the test (jobs stopped, no question)."""
    from ui.app import MainWindow

    windows = []

    def make(**kwargs):
        kwargs.setdefault("check_interrupted", False)
        w = MainWindow(settings, **kwargs)
        w.show()
        windows.append(w)
        return w

    yield make
    for w in windows:  # (not qtbot.addWidget: its close would ask questions in a modal box)
        monkeypatch.setattr(w, "ask", lambda *a, **k: True)
        w.close()
        w.deleteLater()
    qtbot.wait(10)


@pytest.fixture
def window(make_window):
    return make_window()


_CACHE: dict[str, Path] = {}


@pytest.fixture(scope="session")
def transcribed_meeting(eval_dir, tmp_path_factory) -> Path:
    """A meeting folder transcribed once per session by the real pipeline (in a child process),
    with diarisation, from the 20 s TCOF monologue. Tests copy it before changing it."""
    if "meeting" not in _CACHE:
        from transcriber.jobs import run_isolated
        from transcriber.pipeline import PipelineOptions, job_transcribe_file

        out = tmp_path_factory.mktemp("transcribed")
        t0 = time.monotonic()
        result = run_isolated(job_transcribe_file, str(eval_dir / LONG_CLIP), str(out), PipelineOptions(),
                              "Conseil municipal du 12 mars", kind="conseil", date="2026-03-12")
        print(f"\n[ui] reference meeting transcribed in {time.monotonic() - t0:.1f} s")
        _CACHE["meeting"] = Path(result.folder)
    return _CACHE["meeting"]


@pytest.fixture
def meeting_copy(transcribed_meeting, tmp_path) -> Path:
    target = tmp_path / "reunions" / transcribed_meeting.name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(transcribed_meeting, target)
    return target


