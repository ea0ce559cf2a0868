"""The window on a 1366×768 laptop and on a 1920×1080 screen at 125 %: it opens inside the
screen with every widget on it, the « Traitements » panel never eats the editor, the minutes
tab shows the agenda without scrolling, and transcript lines stay readable on a wide screen.
Each screen is Qt's offscreen screen of that size, in a process of its own (screen_check.py).

Measured (issue 12), before → after, at 1366×768 with six stopped jobs: window 1284×871 (taller
than the screen, status bar and jobs outside it) → 1354×724; transcript 276 → 443 px high; jobs
panel 356 → 28 px in the editor; agenda 33 → 219 of its 219 px shown; longest line 134 → 94
characters (1920×1080 at 125 %: transcript 539 px high)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from synthetic import make_meeting

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def long_lines(tmp_path_factory) -> Path:
    """A short meeting of long segments (long lines of text to wrap)."""
    return make_meeting(tmp_path_factory.mktemp("layout"), hours=0.2, words=(40, 90))


def look(size: str, dpi: int, meeting: Path, home: Path) -> dict:
    out = home / f"screen-{size}.json"
    env = dict(os.environ, SEANCE_HOME=str(home), PYTHONPATH=str(HERE.parents[1]))
    env.pop("QT_QPA_PLATFORM", None)
    proc = subprocess.run([sys.executable, str(HERE / "screen_check.py"), size, str(dpi), str(meeting), str(out)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(out.read_text("utf-8"))


@pytest.mark.parametrize("size, dpi, min_transcript", [("1366x768", 96, 400), ("1920x1080", 120, 500)])
def test_the_window_fits_and_stays_comfortable(size, dpi, min_transcript, long_lines, tmp_path):
    seen = look(size, dpi, long_lines, tmp_path)
    print(f"\n[ui] {size} at {dpi * 100 // 96} %: {json.dumps(seen, ensure_ascii=False)}")
    screen_w, screen_h = seen["screen"]
    x, y, w, h = seen["window"]
    assert x >= 0 and y >= 0 and x + w <= screen_w and y + h <= screen_h, "the window opens inside the screen"
    assert seen["minimum"][0] <= screen_w and seen["minimum"][1] <= screen_h
    assert seen["outside"] == {"home": [], "transcript": [], "minutes": [], "recording": []}
    # « Traitements »: six stopped jobs take two rows at most on the home page, one line in the editor
    assert seen["jobs_panel"] <= 150 and seen["jobs_panel_in_meeting"] <= 40
    assert seen["transcript_height"] >= min_transcript
    assert seen["agenda_visible_px"] == seen["agenda_height"], "the agenda shows without scrolling"
    assert seen["longest_line"] <= 100, "a readable line length"
