"""Who spoke when, measured: DER and the number of speakers found on the eval clips, and the
speaker-count hints honoured — real models, real clips (RTTM references read in place).

The networks run once per clip (``diarize.analyse``, module fixture); each hint then only
re-runs clustering and reconstruction (``diarize.speaker_turns``), as the app does when the user
changes the count. DER: pyannote.metrics, collar 0.25 s each side, overlapped speech scored.
Ceilings sit a little above the values measured with the defaults (bench/DIARIZATION.md):
what they leave room for is numeric noise between CPUs and library builds, not a regression.
"""

from __future__ import annotations

import sys

import pytest

from transcriber import diarize as dz
from transcriber import notices
from transcriber._diarization_metrics import diarization_error_rate, load_rttm
from transcriber.audio import decode
from transcriber.jobs import Progress

pytestmark = pytest.mark.slow

#: clip -> (speakers in the reference, speakers found without a hint, DER ceiling without a
#: hint, DER ceiling with the true count given); measured values in bench/DIARIZATION.md
CLIPS = {
    "en_pyannote_sample_2spk": (2, 2, 0.04, 0.04),  # measured 2.0 / 2.0 %
    "en_ami_dev00_2spk": (2, 2, 0.17, 0.17),  # 14.3 / 14.3 %
    "en_ami_trn06_3spk": (3, 1, 0.16, 0.08),  # 13.6 / 5.6 % (two voices speak little)
    "en_ami_tst00_4spk": (4, 4, 0.50, 0.50),  # 47.5 / 47.5 % (overlap: missed speech)
    "fr_edf_phonecall_2spk": (2, 2, 0.40, 0.40),  # 37.7 / 37.7 %
}


@pytest.fixture(scope="module")
def analysed(eval_dir):
    """name -> (windows, reference turns, progress reports); the networks run once per clip."""
    cache: dict[str, tuple] = {}

    def get(name: str):
        if name not in cache:
            reports: list[Progress] = []
            windows = dz.analyse(decode(eval_dir / f"{name}.wav"), progress=reports.append)
            cache[name] = (windows, load_rttm(eval_dir / f"{name}.rttm"), reports)
        return cache[name]

    return get


def _speakers(turns) -> list[str]:
    return sorted({t.speaker for t in turns})


def _speech_ms(turns) -> int:
    """Length of the union of the turns (speech by anyone), in ms."""
    total, end = 0, -1
    for t in sorted(turns, key=lambda t: t.start_ms):
        if t.end_ms > end:
            total += t.end_ms - max(t.start_ms, end)
            end = t.end_ms
    return total


def _report(name, label, score, turns, ref, ceiling) -> None:
    sys.stdout.write(
        f"\n  {name} {label}: DER {100 * score.der:.1f} % (miss {100 * score.missed:.1f}, FA "
        f"{100 * score.false_alarm:.1f}, conf {100 * score.confusion:.1f}) — "
        f"{len(_speakers(turns))} speakers found, {len(_speakers(ref))} in ref; ceiling "
        f"{100 * ceiling:.0f} %\n")


@pytest.mark.parametrize("name", sorted(CLIPS))
def test_der_and_speakers_found(name, analysed, capsys):
    windows, ref, reports = analysed(name)
    n_ref, n_found, ceiling, _ = CLIPS[name]
    turns = dz.speaker_turns(windows)
    score = diarization_error_rate(ref, turns)
    with capsys.disabled():
        _report(name, "no hint", score, turns, ref, ceiling)
    assert len(_speakers(ref)) == n_ref
    assert len(_speakers(turns)) == n_found
    assert score.der <= ceiling
    # ids by first appearance, turns sorted, inside the audio
    order = list(dict.fromkeys(t.speaker for t in turns))
    assert order == [f"SPEAKER_{i:02d}" for i in range(len(order))]
    assert [t.start_ms for t in turns] == sorted(t.start_ms for t in turns)
    assert all(0 <= t.start_ms < t.end_ms <= windows.duration * 1000 + 10 for t in turns)
    # progress: one step name, never backwards
    fractions = [p.fraction for p in reports]
    assert reports and all(p.step == "diarize" for p in reports)
    assert fractions == sorted(fractions) and len(fractions) > 3


@pytest.mark.parametrize("name", sorted(CLIPS))
def test_true_count_given_is_honoured(name, analysed, capsys):
    windows, ref, _ = analysed(name)
    n_ref, _, _, ceiling = CLIPS[name]
    notes: list[str] = []
    turns = dz.speaker_turns(windows, dz.SpeakerHints(num_speakers=n_ref), notes=notes)
    score = diarization_error_rate(ref, turns)
    with capsys.disabled():
        _report(name, f"{n_ref} given", score, turns, ref, ceiling)
    assert len(_speakers(turns)) == n_ref and notes == []
    assert score.der <= ceiling
    # every speaker has speech of their own, not only overlap crumbs
    for spk in _speakers(turns):
        assert sum(t.end_ms - t.start_ms for t in turns if t.speaker == spk) >= 300


@pytest.mark.parametrize("name", ["en_ami_dev00_2spk", "en_pyannote_sample_2spk",
                                  "fr_edf_phonecall_2spk"])
def test_one_speaker_answer_fails_a_two_speaker_clip(name, analysed):
    """The DER ceilings above are tight enough to catch a collapsed answer."""
    windows, ref, _ = analysed(name)
    one = dz.speaker_turns(windows, dz.SpeakerHints(num_speakers=1))
    assert len(_speakers(one)) == 1
    assert diarization_error_rate(ref, one).der > CLIPS[name][2]


def test_min_and_max_are_respected(analysed):
    windows, _, _ = analysed("en_ami_trn06_3spk")  # 3 voices, 1 found without a hint
    assert len(_speakers(dz.speaker_turns(windows, dz.SpeakerHints(min_speakers=3)))) == 3
    assert len(_speakers(dz.speaker_turns(windows, dz.SpeakerHints(min_speakers=2,
                                                                    max_speakers=4)))) == 2
    windows, _, _ = analysed("en_ami_tst00_4spk")  # 4 voices, 4 found
    assert len(_speakers(dz.speaker_turns(windows, dz.SpeakerHints(max_speakers=2)))) == 2
    assert len(_speakers(dz.speaker_turns(windows, dz.SpeakerHints(max_speakers=1)))) == 1
    assert len(_speakers(dz.speaker_turns(windows, dz.SpeakerHints(min_speakers=3,
                                                                    max_speakers=6)))) == 4


def test_forty_speakers_on_a_two_voice_clip(analysed):
    """An implausible count is treated as a maximum, said in French, and no speech is lost."""
    windows, ref, _ = analysed("en_pyannote_sample_2spk")
    plain = dz.speaker_turns(windows)
    notes: list[str] = []
    with notices.collect() as shown:  # what the CLI prints and the app shows
        turns = dz.speaker_turns(windows, dz.SpeakerHints(num_speakers=40), notes=notes)
    assert len(_speakers(turns)) == 2
    assert len(notes) == 1 and "40" in notes[0] and "maximum" in notes[0]
    assert shown == notes
    assert _speech_ms(turns) == _speech_ms(plain)
    assert diarization_error_rate(ref, turns).der <= CLIPS["en_pyannote_sample_2spk"][2]
    # a plausible excess is honoured: 4 asked on the same two voices gives 4
    four = dz.speaker_turns(windows, dz.SpeakerHints(num_speakers=4), notes=notes)
    assert len(_speakers(four)) == 4 and len(notes) == 1


def test_diarize_passes_hints_and_notes(eval_dir, analysed):
    """The one-call API gives the answer of analyse + speaker_turns, notes included."""
    samples = decode(eval_dir / "en_pyannote_sample_2spk.wav")
    notes: list[str] = []
    reports: list[Progress] = []
    turns = dz.diarize(samples, dz.SpeakerHints(num_speakers=3), notes=notes,
                       progress=reports.append)
    expected = dz.speaker_turns(analysed("en_pyannote_sample_2spk")[0],
                                dz.SpeakerHints(num_speakers=3))
    assert notes == [] and len(_speakers(turns)) == 3
    assert [(t.speaker, t.start_ms, t.end_ms) for t in turns] == \
        [(t.speaker, t.start_ms, t.end_ms) for t in expected]
    assert reports[-1].fraction == 1.0
