"""Shared test setup: headless Qt, deliberate thread counts, a private SEANCE_HOME, eval data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# Before anything imports Qt, torch or CTranslate2.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")
os.environ.setdefault("SEANCE_THREADS", "2")

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
EVAL_DIR = Path(os.environ.get("SEANCE_EVAL_DIR", ROOT.parent / "shared" / "eval"))
#: one SEANCE_HOME for the whole session, so the default model is assembled once
_SESSION_HOME = Path(os.environ.get("SEANCE_TEST_HOME", ROOT / "build" / "test-home"))
os.environ["SEANCE_HOME"] = str(_SESSION_HOME)


@pytest.fixture(scope="session")
def eval_dir() -> Path:
    if not EVAL_DIR.is_dir():
        pytest.fail(f"eval data not found at {EVAL_DIR} (set SEANCE_EVAL_DIR)")
    return EVAL_DIR


@pytest.fixture(scope="session")
def demo_wav() -> Path:
    """The project's own demo meeting (espeak-ng voices), built once per machine."""
    out = ROOT / "build" / "demo" / "conseil-demo.wav"
    if not out.exists():
        subprocess.run([sys.executable, str(ROOT / "scripts" / "make_demo.py"), str(out)], check=True)
    return out


@pytest.fixture
def seance_home(tmp_path, monkeypatch) -> Path:
    """A private settings/data folder; the assembled default model is shared via a symlink."""
    home = tmp_path / "home"
    (home / "data").mkdir(parents=True)
    shared_models = _SESSION_HOME / "data" / "models"
    shared_models.mkdir(parents=True, exist_ok=True)
    (home / "data" / "models").symlink_to(shared_models, target_is_directory=True)
    monkeypatch.setenv("SEANCE_HOME", str(home))
    return home


def _run_cli(*args: str, env: dict | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "transcriber.cli", *map(str, args)],
                          capture_output=True, text=True, env=full_env, timeout=timeout, cwd=ROOT)


@pytest.fixture
def cli():
    """Run the real ``seance`` command in a child process: ``cli("transcribe", path, ...)``."""
    return _run_cli


# --- the app's windows (UI and reliability tests) --------------------------------------------

@pytest.fixture
def settings(seance_home: Path, tmp_path: Path):
    from transcriber.settings import Settings

    s = Settings(meetings_dir=str(tmp_path / "reunions"))
    s.save()
    return s


@pytest.fixture
def make_window(qtbot, settings, monkeypatch):
    """Build main windows (real, offscreen); each is closed at the end of the test: jobs
    stopped, no question asked, a save left failing on purpose forgotten."""
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
        if w.meeting_view.doc is not None:
            w.meeting_view.doc.dirty = False
        w.close()
        w.deleteLater()
    qtbot.wait(10)


@pytest.fixture
def window(make_window):
    return make_window()
