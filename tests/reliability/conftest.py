"""Fixtures of the reliability tests: a private Séance home and real main windows (offscreen)."""

from __future__ import annotations

from pathlib import Path

import pytest

from transcriber.settings import Settings


@pytest.fixture
def settings(seance_home: Path, tmp_path: Path) -> Settings:
    s = Settings(meetings_dir=str(tmp_path / "reunions"))
    s.save()
    return s


@pytest.fixture
def make_window(qtbot, settings, monkeypatch):
    """Build main windows; each is closed at the end of the test without questions."""
    from ui.app import MainWindow

    windows = []

    def make(**kwargs):
        kwargs.setdefault("check_interrupted", False)
        w = MainWindow(settings, **kwargs)
        w.show()
        windows.append(w)
        return w

    yield make
    for w in windows:
        monkeypatch.setattr(w, "ask", lambda *a, **k: True)
        if w.meeting_view.doc is not None:  # a test may have left a save failing on purpose
            w.meeting_view.doc.dirty = False
        w.close()
        w.deleteLater()
    qtbot.wait(10)


@pytest.fixture
def window(make_window):
    return make_window()
