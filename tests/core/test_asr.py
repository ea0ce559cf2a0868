"""The real faster-whisper model on real French audio (no mock)."""

import numpy as np
import pytest

from transcriber import asr, audio
from transcriber.errors import CancelledError
from transcriber.jobs import CancelToken


@pytest.fixture(scope="module")
def fleurs(eval_dir):
    return audio.decode(eval_dir / "fr_fleurs_009.wav")


@pytest.fixture(scope="module")
def segments(fleurs):
    seen = []
    segs = list(asr.transcribe(fleurs, asr.AsrOptions(), progress=seen.append))
    return segs, seen


def test_segments_have_text_times_and_monotonic_words(segments, fleurs):
    segs, _ = segments
    duration = audio.duration_ms(fleurs)
    assert segs, "no speech recognised"
    last = 0
    for seg in segs:
        assert seg.text.strip()
        assert 0 <= seg.start_ms <= seg.end_ms <= duration
        for w in seg.words:
            assert last <= w.start_ms <= w.end_ms <= duration
            assert 0.0 <= w.probability <= 1.0
            last = w.start_ms


def test_progress_reaches_the_end(segments):
    _, seen = segments
    assert seen[0].fraction == 0.0 and seen[-1].fraction == 1.0
    assert [p.done for p in seen] == sorted(p.done for p in seen)


def test_words_are_whole_french_words(segments):
    words = [w.text for seg in segments[0] for w in seg.words]
    assert not [w for w in words if w.startswith(("'", "-"))]


def test_cancel_stops_the_generator(fleurs):
    token = CancelToken()
    token.cancel()
    with pytest.raises(CancelledError):
        list(asr.transcribe(fleurs, asr.AsrOptions(), cancel=token))


def test_vocabulary_steers_the_spelling(eval_dir):
    """A name said in the clip, misspelt without help, comes out right with the vocabulary."""
    samples = audio.decode(eval_dir / "fr_fleurs_001.wav")
    plain = " ".join(s.text for s in asr.transcribe(samples, asr.AsrOptions()))
    helped = " ".join(s.text for s in asr.transcribe(
        samples, asr.AsrOptions(vocabulary=("USOC", "comité olympique", "athlètes"))))
    assert "olympique" not in plain.lower()
    assert "olympique" in helped.lower()


def test_loop_guard_drops_phantoms_and_runaway_repeats():
    guard = asr.LoopGuard()
    assert not guard.keep("Sous-titres réalisés par la communauté d'Amara.org")
    assert not guard.keep("Merci d'avoir regardé cette vidéo !")
    assert guard.keep("Je vais prendre votre nom.")
    assert guard.keep("Je vais prendre votre nom.")  # a genuine repeat is kept once
    assert not guard.keep("Je vais prendre votre nom.")
    assert guard.keep("Merci.")
    assert not guard.keep("Merci.", avg_logprob=-1.5)  # a doubtful repeat is a loop
    assert len(guard.dropped) == 4


def test_silence_gives_no_segment():
    silence = np.zeros(16000 * 20, dtype=np.float32)
    assert list(asr.transcribe(silence, asr.AsrOptions())) == []
