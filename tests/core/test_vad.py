"""Speech activity in bounded memory: same regions as faster-whisper, windowed, clips ≤ 30 s."""

import numpy as np
import pytest
from faster_whisper.vad import VadOptions, get_speech_timestamps

from transcriber import audio, vad
from transcriber.asr import speech_clips
from transcriber.asr_decode import pack
from transcriber.usage import Meter

SR = 16000


@pytest.fixture(scope="module")
def phonecall(eval_dir):
    return audio.decode(eval_dir / "fr_edf_phonecall_2spk.wav")


@pytest.fixture(scope="module")
def twenty_minutes(eval_dir):
    """About 20 min of speech and silences, built in memory from the eval clips."""
    clips = [audio.decode(p) for p in sorted(eval_dir.glob("*.wav"))]
    parts, total = [], 0
    while total < 20 * 60 * SR:
        for c in clips:
            parts += [c, np.zeros(SR * 12, np.float32)]  # 12 s silences: the gate cuts them
            total += c.size + SR * 12
    return np.concatenate(parts)


@pytest.mark.parametrize("options", [VadOptions(), VadOptions(min_silence_duration_ms=10000, speech_pad_ms=1000),
                                     VadOptions(min_silence_duration_ms=160, max_speech_duration_s=30)])
def test_regions_match_faster_whisper(phonecall, options):
    probs = vad.speech_probabilities(phonecall)
    params = vad.VadParams(options.threshold, options.neg_threshold, options.min_speech_duration_ms / 1000,
                           options.max_speech_duration_s, options.min_silence_duration_ms / 1000,
                           options.speech_pad_ms / 1000)
    expected = [(r["start"], r["end"]) for r in get_speech_timestamps(phonecall, options)]
    assert vad.regions(probs, phonecall.size, params) == expected
    assert len(expected) >= 1


@pytest.fixture(scope="module")
def twenty_minutes_probs(twenty_minutes):
    return vad.speech_probabilities(twenty_minutes)


def test_windowed_probabilities_match_the_whole(twenty_minutes, twenty_minutes_probs):
    samples, probs = twenty_minutes, twenty_minutes_probs
    assert probs.size == samples.size // vad.FRAME + 1
    from faster_whisper.vad import get_vad_model

    n = int(vad.WINDOW_S) * SR // vad.FRAME
    whole = get_vad_model()(np.pad(samples[: 3 * n * vad.FRAME], (0, vad.FRAME)))
    whole = np.asarray(whole).reshape(-1)[: 3 * n]
    # the model's state and context are carried over the window edges: the same numbers
    assert np.allclose(probs[: 3 * n], whole, atol=1e-5)


def test_peak_memory_of_the_vad_stays_under_the_size_of_the_audio(twenty_minutes):
    """faster-whisper's VAD holds about 2.5 float32 copies of the audio at once; this one a window's worth."""
    from transcriber.usage import rss_mb

    before = rss_mb()
    with Meter() as m:
        vad.speech_probabilities(twenty_minutes)
    assert m.usage.peak_rss_mb - before < 0.8 * twenty_minutes.nbytes / 2**20


def test_gate_keeps_speech_and_drops_long_silences(twenty_minutes, twenty_minutes_probs):
    flat = speech_clips(twenty_minutes, twenty_minutes_probs)
    spans = list(zip(flat[::2], flat[1::2]))
    assert len(spans) > 20  # every 12 s silence between clips is cut
    for (a, b), (c, d) in zip(spans, spans[1:]):
        assert c - b >= 10.0 - 2 * 1.0  # only silences over 10 s go, minus the 1 s pads
    assert sum(b - a for a, b in spans) < 0.8 * twenty_minutes.size / SR


def test_int16_samples_give_the_same_probabilities(phonecall):
    as_int16 = np.clip(np.round(phonecall * 32768), -32768, 32767).astype(np.int16)
    assert np.allclose(vad.speech_probabilities(as_int16), vad.speech_probabilities(phonecall), atol=0.02)


def test_clips_are_at_most_30_s_cover_the_speech_and_cut_in_pauses(phonecall):
    probs = vad.speech_probabilities(phonecall)
    total = phonecall.size / SR
    clips = vad.plan_clips([(0.0, total)], probs, 30.0, 10.0)
    assert clips[0][0] == 0.0 and clips[-1][1] == pytest.approx(total, abs=0.01)
    assert all(0 < b - a <= 30.0 + 1e-6 for a, b in clips)
    assert all(b == c for (_, b), (c, _) in zip(clips, clips[1:]))  # contiguous: nothing lost
    smooth = np.convolve(probs, np.ones(7) / 7, mode="same")
    at_cuts = [smooth[int(b * SR / vad.FRAME)] for _, b in clips[:-1]]
    assert np.median(at_cuts) < np.median(smooth)  # cuts sit in quieter frames than usual


def test_pack_groups_consecutive_clips():
    clips = [(0, 10), (10, 20), (25, 30), (100, 110), (110, 115)]
    assert pack(clips, 30) == [[(0, 10), (10, 20), (25, 30)], [(100, 110), (110, 115)]]
    assert pack(clips, 1000, max_count=2) == [[(0, 10), (10, 20)], [(25, 30), (100, 110)], [(110, 115)]]


def test_batched_clips_rounded_past_the_last_sample_stay_inside_the_audio(phonecall):
    """A clip ending a fraction of a ms after the last sample (times are rounded to the ms) made
    faster-whisper's batched pipeline fail on an assertion (found on a file broken at 95 %)."""
    from transcriber import asr_decode
    from transcriber.asr import load_model
    from transcriber.device import Device
    from transcriber.modelstore import resolve_whisper

    model = load_model(resolve_whisper("base"), Device("cpu", "int8"), 1)
    samples = phonecall[: 16000 * 12 + 9]  # 12 s and 9 samples: its end rounds up to 12.001 s
    end = round(samples.size / SR, 3)
    assert end * SR > samples.size
    settings = asr_decode.DecodeSettings("fr", 1, None, False, 2.0, batch_size=2)
    out = list(asr_decode.batched(model, samples, [(0.0, end)], vad.speech_probabilities(samples), settings))
    assert out and all(seg.end <= end + 0.001 for seg in out)
