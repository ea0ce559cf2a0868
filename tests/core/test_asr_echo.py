"""The vocabulary prompt is never heard where nobody said it (real ASR on the French eval clips)."""

from __future__ import annotations

import logging

import pytest

from transcriber import asr, audio
from transcriber.model import Word

#: the vocabulary seen read back as speech in the app (« Mme Anne Martin, SIVOM. », p 0.08 / 0.0)
VOCABULARY = ("Mme Anne Martin", "SIVOM")
#: its words that none of the French clips says
FOREIGN = {"anne", "martin", "sivom", "vocabulaire"}
FRENCH_CLIPS = ["fr_fleurs_001", "fr_fleurs_007", "fr_fleurs_009",
                "fr_tcof_separation_per_14_1spk", "fr_edf_phonecall_2spk"]
#: the 3-minute phone call is cut to its last minute to keep the test short (the echoes seen
#: were at the ends of windows); the other clips are whole
LAST_S = {"fr_edf_phonecall_2spk": 60}


@pytest.fixture(scope="module")
def transcripts(eval_dir):
    """Every French clip transcribed once with the vocabulary (one model load for all)."""
    out, echoes = {}, 0
    handler = _Counter()
    logging.getLogger("transcriber.asr").addHandler(handler)
    try:
        for name in FRENCH_CLIPS:
            samples = audio.decode(eval_dir / f"{name}.wav")
            if name in LAST_S:
                samples = samples[-LAST_S[name] * audio.SAMPLE_RATE:]
            out[name] = list(asr.transcribe(samples, asr.AsrOptions(vocabulary=VOCABULARY)))
    finally:
        logging.getLogger("transcriber.asr").removeHandler(handler)
    return out, handler.echo_lines


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.echo_lines = 0

    def emit(self, record: logging.LogRecord) -> None:
        if "vocabulary prompt read back" in record.getMessage():
            self.echo_lines += 1


@pytest.mark.parametrize("name", FRENCH_CLIPS)
def test_no_vocabulary_word_where_nobody_said_it(transcripts, name):
    segments = transcripts[0][name]
    assert segments, f"{name}: nothing recognised"
    heard = {t for s in segments for w in s.words for t in asr.normalise(w.text).split()}
    assert not heard & FOREIGN, f"{name}: prompt echo {heard & FOREIGN}"


def test_the_echo_filter_catches_every_echo_of_the_real_model(transcripts, eval_dir, monkeypatch):
    """Whether Whisper reads the prompt back depends on the CPU's arithmetic (seen on the TCOF
    clip on one machine, not on another): the same clip without the filter tells what the model
    emitted here, and every prompt word it emitted must have been dropped by the filter, counted
    in its log line (which holds no transcript text)."""
    name = "fr_tcof_separation_per_14_1spk"
    monkeypatch.setattr(asr, "drop_prompt_echo", lambda words, vocabulary: words)
    raw = list(asr.transcribe(audio.decode(eval_dir / f"{name}.wav"), asr.AsrOptions(vocabulary=VOCABULARY)))
    raw_echo = [w.text for s in raw for w in s.words if set(asr.normalise(w.text).split()) & FOREIGN]
    filtered = [w.text for s in transcripts[0][name] for w in s.words]
    print(f"\n[echo] {name}: unfiltered prompt words {raw_echo}, filter log lines {transcripts[1]}")
    if raw_echo:
        assert transcripts[1] >= 1, "the model echoed the prompt and the filter did not say so"
    assert not set(asr.normalise(" ".join(filtered)).split()) & FOREIGN
    # the filter drops only the echo: every other word of the unfiltered output is kept
    assert len(filtered) >= sum(len(s.words) for s in raw) - len(raw_echo) - 2


def test_echo_runs_are_dropped_and_speech_is_kept():
    def words(*pairs):
        return [Word(i * 100, i * 100 + 90, t, p) for i, (t, p) in enumerate(pairs)]

    seen_in_app = words(("ça", 0.9), ("commence", 0.99), ("Mme", 0.08), ("Anne", 0.0),
                        ("Martin,", 0.0), ("SIVOM.", 0.0))
    assert [w.text for w in asr.drop_prompt_echo(seen_in_app, VOCABULARY)] == ["ça", "commence"]
    seen_on_tcof = words(("Mme", 0.0673), ("Anne,", 0.0004), ("Collénie", 0.53), ("de", 0.86))
    assert [w.text for w in asr.drop_prompt_echo(seen_on_tcof, VOCABULARY)] == ["Collénie", "de"]
    whole_prompt = words(("Vocabulaire", 0.02), (":", 0.0), ("Mme", 0.05), ("Anne", 0.01))
    assert asr.drop_prompt_echo(whole_prompt, VOCABULARY) == []
    # the name really said (confident), and ordinary words of the vocabulary, stay
    said = words(("Mme", 0.9), ("Anne", 0.7), ("Martin", 0.95), ("présente.", 0.9))
    assert asr.drop_prompt_echo(said, VOCABULARY) == said
    street = words(("la", 0.1), ("rue", 0.1), ("des", 0.1))
    assert asr.drop_prompt_echo(street, ("rue des Tilleuls",)) == street
    acronym = words(("le", 0.9), ("SIVOM", 0.45), ("vote", 0.9))
    assert asr.drop_prompt_echo(acronym, VOCABULARY) == acronym
    assert asr.drop_prompt_echo(said, ()) == said


def test_a_name_really_said_is_kept_when_the_rest_of_the_prompt_follows():
    """Seen on espeak-ng speech: the name said (0.15/0.40), then two entries read back."""
    vocabulary = ("Mme Kowalczyk", "Mme Quéméner", "Mme Hervouët")
    heard = [Word(i * 100, i * 100 + 90, t, p) for i, (t, p) in enumerate(
        [("est", 0.97), ("à", 0.97), ("Mme", 0.153), ("Kowalczyk.", 0.3999), ("Mme", 0.0858),
         ("Quéméner,", 0.0131), ("Mme", 0.3023), ("Hervouët.", 0.0184), ("Je", 0.63)])]
    kept = [w.text for w in asr.drop_prompt_echo(heard, vocabulary)]
    assert kept == ["est", "à", "Mme", "Kowalczyk.", "Je"]
