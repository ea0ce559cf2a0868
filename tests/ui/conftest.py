"""Fixtures of the UI tests: a private Séance home, the main window, a transcribed meeting.

Everything is real: Qt widgets on the offscreen platform, the pipeline in a child process with the
bundled Whisper model, meeting folders on disk.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest


from ui_helpers import LONG_CLIP


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


