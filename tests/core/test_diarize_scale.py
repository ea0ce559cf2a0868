"""Diarisation's clustering stays flat in the length of the meeting (issue 13).

scipy's agglomerative clustering holds about 7.4 n² bytes for n voice prints (370 MB for the
~7,100 of a 3-hour meeting, 1.9 GB for 16,000). Beyond ``MAX_LINKAGE`` (10,000) voice prints
it clusters an even sample and assigns the others to the nearest cluster. These tests check, on
voice prints drawn around a few well-separated voices, that the sampled cut finds the same
voices as the full one and that its memory does not grow with n; the eval clips (a few hundred voice prints) never reach the
limit, so their DER is the full clustering's (``test_diarize_quality.py``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from transcriber import _diarization_steps as steps
from transcriber.diarize import DEFAULT_CONFIG


def voices(n: int, k: int = 4, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """n unit voice prints around k voices (spread like CAM++ prints of one voice: cosine to
    their centre about 0.8), in time order: turns of a few prints each."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(k, 192))
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    truth = np.repeat(rng.integers(0, k, size=n // 5 + 1), 5)[:n]
    X = centres[truth] + rng.normal(scale=0.05, size=(n, 192))
    return X / np.linalg.norm(X, axis=1, keepdims=True), truth


def same_partition(a: np.ndarray, b: np.ndarray) -> bool:
    pairs = set(zip(a.tolist(), b.tolist()))
    return len(pairs) == len(set(a.tolist())) == len(set(b.tolist()))


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no {field}")


def peak_growth_mb(fn) -> float:
    """How far the resident memory rose above its level before ``fn()`` while it ran."""
    Path("/proc/self/clear_refs").write_text("5")  # reset VmHWM to the current RSS
    before = _status_mb("VmRSS")
    fn()
    return _status_mb("VmHWM") - before


def test_sampled_cut_finds_the_same_voices_as_the_full_one():
    X, truth = voices(2400)
    full, large_full, _ = steps._threshold_cut(X, DEFAULT_CONFIG, limit=5000)
    sampled, large, small = steps._threshold_cut(X, DEFAULT_CONFIG, limit=600)
    assert same_partition(full, truth)
    assert same_partition(sampled, truth)
    assert len(large) == len(large_full) == 4 and small == []


def test_clustering_memory_is_flat_in_the_number_of_voice_prints(monkeypatch):
    monkeypatch.setattr(steps, "MAX_LINKAGE", 1000)
    small_X, small_truth = voices(1000, seed=1)
    large_X, large_truth = voices(12000, seed=2)  # the full linkage of 12,000 prints: ~1 GB
    out = {}
    grow_small = peak_growth_mb(lambda: out.update(small=steps._threshold_cut(small_X, DEFAULT_CONFIG)))
    grow_large = peak_growth_mb(lambda: out.update(large=steps._threshold_cut(large_X, DEFAULT_CONFIG)))
    print(f"\n[scale] clustering peak growth: 1,000 prints {grow_small:.0f} MB, "
          f"12,000 prints {grow_large:.0f} MB")
    assert same_partition(out["small"][0], small_truth) and len(out["small"][1]) == 4
    assert same_partition(out["large"][0], large_truth) and len(out["large"][1]) == 4
    # what 1,000 prints cost, plus one similarity row (4 floats) and a label per print
    assert grow_large < grow_small + 40
