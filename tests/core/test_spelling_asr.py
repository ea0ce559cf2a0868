"""Known names that the real Whisper model misspells on the eval clips are respelt from the
vocabulary, and nothing else in those transcripts changes.

The model's own spelling (no vocabulary prompt) of two FLEURS clips: « l'école bénaient » for
the surname Bennet, « l'Usoc » for USOC.
"""

from __future__ import annotations

import copy

import pytest

from transcriber import asr, audio
from transcriber.spelling import fix_spellings

VOCABULARY = ["école Bennet", "Caroline du Nord", "USOC", "comité olympique", "Mme Anne Martin",
              "SIVOM", "M. Jean-Pierre Dubreuil", "Mme Nathalie Kowalczyk"]


@pytest.fixture(scope="module")
def heard(eval_dir):
    return {name: list(asr.transcribe(audio.decode(eval_dir / f"{name}.wav"), asr.AsrOptions()))
            for name in ("fr_fleurs_009", "fr_fleurs_001")}


def test_names_the_model_misspells_are_respelt_and_marked(heard):
    out = {}
    for name, segments in heard.items():
        fixed = copy.deepcopy(segments)
        fix_spellings(fixed, VOCABULARY)
        out[name] = fixed
        before = [w.text for s in segments for w in s.words]
        after = [w for s in fixed for w in s.words]
        changed = [(b, a.text) for b, a in zip(before, after) if b != a.text]
        # only the fixed words changed, each marked with what the model wrote
        assert changed == [(w.corrected_from, w.text) for w in after if w.corrected_from]
        print(f"\n[vocabulary] {name}: {changed}")
    text = " ".join(s.text for s in out["fr_fleurs_009"])
    assert "Bennet" in text and "Bennet" not in " ".join(s.text for s in heard["fr_fleurs_009"])
    assert "USOC" in " ".join(s.text for s in out["fr_fleurs_001"])
