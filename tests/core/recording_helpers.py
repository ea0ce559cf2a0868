"""Shared helpers for the recorder tests: the eval clips, WAV reading, child processes."""

from __future__ import annotations

import os
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]


def eval_dir() -> Path:
    env = os.environ.get("SEANCE_EVAL_DIR")
    return Path(env) if env else REPO.parent / "shared" / "eval"


def eval_wav(name: str = "fr_fleurs_001.wav") -> Path:
    path = eval_dir() / name
    if not path.is_file():  # like tests/conftest.py: missing eval data is a failure, not a skip
        pytest.fail(f"eval clip {path} not found (set SEANCE_EVAL_DIR)")
    return path


def read_wav(path: Path) -> tuple[int, np.ndarray]:
    """(rate, int16 samples of the first channel… or mono) of a 16-bit PCM WAV."""
    with wave.open(os.fspath(path), "rb") as w:
        assert w.getsampwidth() == 2
        rate, channels = w.getframerate(), w.getnchannels()
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    return rate, data.reshape(-1, channels)[:, 0] if channels > 1 else data


def child_env(**extra: str) -> dict[str, str]:
    """The environment for a child Python running this repository's code."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra)
    return env


def cli_record_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "transcriber.cli", *args]
