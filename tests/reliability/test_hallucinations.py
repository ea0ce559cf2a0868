"""Two minutes without speech give no invented sentence (Whisper's known failure: « Merci
d'avoir regardé », « Sous-titres réalisés par… » over silence or music).

Each noise goes through the whole product path, in one process so the model loads once: the
file is imported and decoded, the silence gate, the VAD, the ASR and its guards run
(``pipeline.transcribe_file``). At most a couple of stray words are allowed. A positive control
(the same applause with a sentence in the middle) proves the path still hears speech.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from transcriber.model import Meeting
from transcriber.pipeline import PipelineOptions, transcribe_file
from transcriber.store import MeetingFolder

SECONDS = 120

#: sox synth recipes, 16 kHz mono
NOISES = {
    # a quiet room through a laptop microphone: not digital zeros, so the silence gate lets it in
    "room tone": ["synth", SECONDS, "pinknoise", "vol", "0.003"],
    # plucked notes and chords, a 4-second phrase played 30 times
    "music": None,
    # dense claps: white noise under two fast, irregular tremolos
    "applause": ["synth", SECONDS, "whitenoise", "vol", "0.4", "tremolo", "11", "80", "tremolo", "6.3", "60",
                 "highpass", "500"],
    # a murmuring room: speech-band noise with a syllable-rate rhythm (what fools a VAD most)
    "murmur": ["synth", SECONDS, "pinknoise", "vol", "0.5", "sinc", "200-3500", "tremolo", "4", "90",
               "tremolo", "2.7", "60"],
}
NOTES = [("0.5", ["C4"]), ("0.5", ["E4"]), ("0.5", ["G4"]), ("0.5", ["C5"]), ("1", ["A3", "C4", "E4"]),
         ("1", ["F3", "A3", "C4"])]


def sox(*args) -> None:
    subprocess.run(["sox", *map(str, args)], check=True)


def make_noise(kind: str, folder: Path) -> Path:
    out = folder / f"{kind.replace(' ', '-')}.wav"
    fmt = ["-r", "16000", "-c", "1", "-b", "16"]
    if kind == "music":
        phrase = folder / "phrase.wav"
        chains: list[str] = []
        for length, notes in NOTES:
            chains += [":"] if chains else []
            chains += ["synth", length] + [x for n in notes for x in ("pluck", n)]
        sox("-n", *fmt, phrase, *chains)
        sox(phrase, out, "repeat", str(SECONDS // 4 - 1))
    else:
        sox("-n", *fmt, out, *NOISES[kind])
    return out


def words_of(folder: Path) -> list[str]:
    meeting: Meeting = MeetingFolder(folder).load()
    return [w.text for s in meeting.segments for w in s.words]


@pytest.fixture(scope="module")
def noise_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("bruits")


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(NOISES))
def test_two_minutes_without_speech_give_no_sentence(noise_dir, tmp_path, kind):
    source = make_noise(kind, noise_dir)
    result = transcribe_file(source, tmp_path, PipelineOptions(diarize=False))
    words = words_of(result.folder)
    print(f"\n{kind}: {len(words)} words {' '.join(words)!r}")
    assert len(words) <= 2, f"invented text over {kind}: {' '.join(words)}"
    if not words:
        assert any("Aucune parole" in w for w in result.warnings), result.warnings
    txt = (result.folder / "exports" / "transcription.txt").read_text("utf-8")
    assert len(txt.split()) <= 2 + 4, txt  # the speaker/time labels at most


@pytest.mark.slow
def test_a_sentence_between_music_and_applause_is_heard_and_nothing_else(noise_dir, tmp_path, eval_dir):
    """The control: 20 s of music, a real French sentence, 20 s of applause. The sentence is
    transcribed (if the path went deaf, the tests above would pass for nothing) and no word is
    placed in the music or the applause."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from wer import wer

    clip = eval_dir / "fr_fleurs_007.wav"
    music, applause = make_noise("music", noise_dir), make_noise("applause", noise_dir)
    mixed = noise_dir / "musique-phrase-applaudissements.wav"
    sox(music, clip, applause, mixed, "trim", str(SECONDS - 20), "=" + str(SECONDS + 11.64 + 20))
    result = transcribe_file(mixed, tmp_path, PipelineOptions(diarize=False))
    meeting = MeetingFolder(result.folder).load()
    words = [w for s in meeting.segments for w in s.words]
    text = " ".join(w.text for w in words)
    print(f"\ncontrol: {text!r}")
    assert wer((eval_dir / "fr_fleurs_007.txt").read_text("utf-8"), text) < 0.4, text  # 0.32 measured: « malheureusement » lost after the music, « 100% »
    assert all(19_000 <= w.start_ms and w.end_ms <= 20_000 + 11_640 + 1000 for w in words), \
        [(w.start_ms, w.text) for w in words]
