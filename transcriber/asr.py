"""Speech recognition with faster-whisper, offline.

``transcribe()`` is a generator of ``Segment`` (times in ms, words with probabilities), in the
shape of faster-whisper's own API: the caller consumes it and reports progress. Device and compute
type are chosen automatically (CUDA float16 when CTranslate2 sees a GPU, else CPU int8). Guards
against hallucination loops: no conditioning on previous text by default, VAD, and a filter that
drops known phantom phrases and runaway repeats of the previous segment; long silences are
skipped with a coarse VAD gate (``speech_clips``).
"""

from __future__ import annotations

import logging
import os
import re
import threading
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterator

import numpy as np

from . import device as device_mod
from .audio import SAMPLE_RATE
from .device import DEVICES, Device
from .errors import InputError, ModelError
from .jobs import CancelToken, Progress, ProgressCallback, no_progress
from .model import Segment, Word, seconds_to_ms

log = logging.getLogger(__name__)

#: Subtitle credits and sign-offs that Whisper invents on silence or music (normalised text).
PHANTOM_PATTERNS = [
    re.compile(p)
    for p in (
        r"sous[- ]titr\w* (realise|fait|par)",
        r"sous[- ]titrage",
        r"amara ?org",
        r"merci d avoir regarde",
        r"abonnez[- ]vous",
        r"n oubliez pas de vous abonner",
        r"a (la )?prochaine pour une nouvelle video",
        r"thanks? (you )?for watching",
        r"subtitles? by",
        r"radio[- ]canada",
    )
]


#: Seed of the sampling used by temperature fallback (reproducible transcripts).
RANDOM_SEED = 20260312
#: Silences longer than this (a break, a suspension de séance) are skipped, not transcribed.
LONG_SILENCE_S = 10.0
#: Speech kept on each side of a skipped silence.
SPEECH_PAD_S = 1.0
#: faster-whisper skips silent stretches longer than this when a segment looks hallucinated.
HALLUCINATION_SILENCE_S = 2.0
#: clips per batch when ``AsrOptions.batch_size`` is 0. Measured on the 2-core machine
#: (bench/RESULTS.md): batches of 8 took 11 % less CPU than the sequential loop over the French eval
#: call and its 9-minute repetition, with a WER equal on the short clips and 0.9 to 7 points better
#: on the call; a GPU gains more from batches.
AUTO_BATCH = {"cpu": 8, "cuda": 8}


def speech_clips(samples: np.ndarray, probs: np.ndarray | None = None) -> list[float]:
    """[start, end, start, end, …] in seconds: the audio minus its long silences (Silero VAD).

    A coarse gate rather than faster-whisper's ``vad_filter``: that one glues the speech chunks
    together, which changed the words Whisper heard and cost up to 6 WER points on our French
    clips; cutting only silences longer than ``LONG_SILENCE_S`` leaves speech decoded as plain
    faster-whisper does while still keeping Whisper away from the long silences where it
    hallucinates. An empty list means no speech at all. ``probs`` (``vad.speech_probabilities``)
    saves computing them again.
    """
    from . import vad

    total = samples.size / SAMPLE_RATE
    if probs is None:
        probs = vad.speech_probabilities(samples)
    params = vad.VadParams(min_silence_s=LONG_SILENCE_S, speech_pad_s=SPEECH_PAD_S)
    found = vad.regions(probs, samples.size, params)
    if not found:
        return []
    clips: list[float] = []
    for a, b in found:
        start, end = a / SAMPLE_RATE, b / SAMPLE_RATE
        if clips and start - clips[-1] < LONG_SILENCE_S:
            clips[-1] = end
        else:
            clips += [start, end]
    if clips[0] < LONG_SILENCE_S:
        clips[0] = 0.0
    if total - clips[-1] < LONG_SILENCE_S:
        clips[-1] = total
    return [round(c, 3) for c in clips]


#: the most characters of vocabulary given to Whisper (its prompt is cut at about 220 tokens,
#: and a long prompt is more often read back as speech)
PROMPT_MAX_CHARS = 400


def vocabulary_prompt(vocabulary: tuple[str, ...] | list[str]) -> str | None:
    """The names and acronyms as a short French sentence, given to Whisper before every window.

    A bare list ("USOC, comité olympique") made Whisper skip the first sentence of a clip that
    starts with a silence; a sentence ("Vocabulaire : USOC, comité olympique.") did not.
    """
    items: list[str] = []
    used = 0
    for v in vocabulary:
        v = " ".join(v.split())
        if not v:
            continue
        if used + len(v) + 2 > PROMPT_MAX_CHARS:
            break  # the model would cut it anyway; the fixes after the ASR use every entry
        items.append(v)
        used += len(v) + 2
    return f"Vocabulaire : {', '.join(items)}." if items else None


#: A run of vocabulary words whose mean probability is under this is the prompt read back, not
#: speech: echoes seen on the eval clips scored 0.0004-0.08, names really said 0.28 and more.
ECHO_MAX_PROBABILITY = 0.2


def _prompt_tokens(vocabulary: tuple[str, ...] | list[str]) -> tuple[list[str], list[int]]:
    """The normalised tokens of the prompt, and for each the entry it belongs to (0: the
    « Vocabulaire : » lead-in, then 1, 2… for the entries that fit in the prompt)."""
    prompt = vocabulary_prompt(vocabulary)
    if not prompt:
        return [], []
    tokens, entry_of = ["vocabulaire"], [0]
    body = prompt[len("Vocabulaire : "):-1]
    for k, entry in enumerate(body.split(", "), 1):
        for t in normalise(entry).split():
            tokens.append(t)
            entry_of.append(k)
    return tokens, entry_of


def drop_prompt_echo(words: list[Word], vocabulary: tuple[str, ...] | list[str]) -> list[Word]:
    """The words of a segment without the vocabulary prompt that Whisper read back as speech.

    An echo is a run of consecutive words that spell a stretch of the prompt (« Mme Anne Martin,
    SIVOM » after « Vocabulaire : Mme Anne Martin, SIVOM. ») and hold at least one word that is
    not ordinary French (a name, an acronym: so « la rue » alone is never an echo). Each entry of
    the vocabulary in the run is dropped when its words' mean probability is under
    ``ECHO_MAX_PROBABILITY``: a name really said and then followed by the rest of the prompt
    (« Mme Kowalczyk » 0.15/0.40, then « Mme Quéméner » 0.09/0.01) keeps the name.
    """
    prompt, entry_of = _prompt_tokens(vocabulary)
    if not prompt or not words:
        return words
    from .lexicon import is_ordinary

    tokens = [normalise(w.text).split() for w in words]
    keep = [True] * len(words)
    i = 0
    while i < len(words):
        end, p0 = _longest_prompt_run(tokens, i, prompt)
        if end > i and not all(is_ordinary(w.text) for w in words[i:end]):
            groups: dict[int, list[int]] = {}  # entry -> indices of its words in the run
            p = p0
            for k in range(i, end):
                groups.setdefault(entry_of[min(p, len(prompt) - 1)], []).append(k)
                p += len(tokens[k])
            for members in groups.values():
                if sum(words[k].probability for k in members) / len(members) < ECHO_MAX_PROBABILITY:
                    for k in members:
                        keep[k] = False
            i = end
            continue
        i += 1
    return [w for w, k in zip(words, keep) if k]


def _longest_prompt_run(tokens: list[list[str]], start: int, prompt: list[str]) -> tuple[int, int]:
    """(end, prompt position) of the longest run of words from ``start`` whose tokens follow
    each other in ``prompt`` from that position; end == ``start`` when there is none."""
    best, where = start, 0
    if not tokens[start]:
        return best, where
    for p0 in range(len(prompt)):
        p, end = p0, start
        # a word of punctuation only (« : ») continues a run
        while end < len(tokens) and prompt[p : p + len(tokens[end])] == tokens[end]:
            p += len(tokens[end])
            end += 1
        if end > best:
            best, where = end, p0
    return best, where


@dataclass(frozen=True)
class AsrOptions:
    """Everything that decides a transcription; frozen when a job starts (a task snapshot)."""

    model: str = "base"
    language: str | None = "fr"
    device: str = "auto"
    vocabulary: tuple[str, ...] = ()
    beam_size: int = 5
    vad: bool = True
    condition_on_previous_text: bool = False
    #: CPU threads for CTranslate2; 0 = every core of the machine
    threads: int = 0
    #: 30 s clips decoded together (faster-whisper's batched pipeline); 1 = its sequential loop;
    #: 0 = chosen by device (``AUTO_BATCH``: measured in bench/RESULTS.md)
    batch_size: int = 0

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["vocabulary"] = list(self.vocabulary)
        return d


def choose_device(requested: str = "auto") -> Device:
    """CUDA when a GPU and its libraries are there, else CPU int8 (see ``device.choose``).

    A GPU passed over for the CPU (its CUDA 12 libraries missing) is a notice for the user.
    """
    choice = device_mod.choose(requested)
    if choice.gpu_unused:
        from .notices import warn

        warn(choice.reason)
    return choice.device


def cpu_threads(requested: int = 0) -> int:
    if requested > 0:
        return requested
    env = os.environ.get("SEANCE_THREADS")
    if env and env.isdigit() and int(env) > 0:
        return int(env)
    return max(1, os.cpu_count() or 1)


_MODEL_CACHE: dict[tuple, Any] = {}
_CACHE_LOCK = threading.Lock()


def load_model(folder: Path, device: Device, threads: int):
    """Load (once per process) a faster-whisper model from a local folder; never downloads."""
    from faster_whisper import WhisperModel

    key = (str(folder), device, threads)
    with _CACHE_LOCK:
        if key in _MODEL_CACHE:
            return _MODEL_CACHE[key]
        log.info("loading the Whisper model %s (%s/%s, %d threads)", folder.name, device.name,
                 device.compute_type, threads)
        try:
            model = WhisperModel(
                str(folder),
                device=device.name,
                compute_type=device.compute_type,
                cpu_threads=threads,
                local_files_only=True,
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise ModelError(f"Impossible de charger le modèle {folder.name} : {exc}") from exc
        _MODEL_CACHE.clear()  # one model in memory at a time
        _MODEL_CACHE[key] = model
        return model


def normalise(text: str) -> str:
    """Lower case, no accents, no punctuation: for comparing phrases."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def is_phantom(text: str) -> bool:
    norm = normalise(text)
    return bool(norm) and any(p.search(norm) for p in PHANTOM_PATTERNS)


@dataclass
class LoopGuard:
    """Drops phantom segments and runaway repeats (the same text again and again)."""

    max_repeats: int = 2
    _last: str = ""
    _count: int = 0
    dropped: list[str] = field(default_factory=list)

    def keep(self, text: str, avg_logprob: float = 0.0) -> bool:
        if is_phantom(text):
            self.dropped.append(text)
            return False
        norm = normalise(text)
        if not norm:
            return False
        if norm == self._last:
            self._count += 1
            # A genuine repeat ("je vais prendre votre nom" said twice) is kept once; a third
            # one, or a doubtful second one, is a loop.
            if self._count >= self.max_repeats or avg_logprob < -1.0:
                self.dropped.append(text)
                return False
        else:
            self._last, self._count = norm, 0
        return True


def _words_of(fw_segment, duration_ms: int, floor_ms: int) -> list[Word]:
    words: list[Word] = []
    last_start = floor_ms
    for w in fw_segment.words or ():
        text = w.word.strip()
        if not text:
            continue
        start = min(max(seconds_to_ms(w.start), last_start), duration_ms)
        end = min(max(seconds_to_ms(w.end), start), duration_ms)
        probability = round(float(w.probability), 4)
        if words and not w.word[:1].isspace():
            # Whisper splits "d'accord" or "États-Unis" into pieces without a leading space:
            # one word for the reader, the editor and the minutes.
            prev = words[-1]
            prev.text += text
            prev.end_ms = max(prev.end_ms, end)
            prev.probability = min(prev.probability, probability)
            continue
        words.append(Word(start, end, text, probability))
        last_start = start
    return words


def _detect_language(model, samples: np.ndarray, spans: list[tuple[float, float]]) -> str | None:
    """The language of the first 30 s of speech, once for the whole recording."""
    from .vad import as_float32

    start = spans[0][0] if spans else 0.0
    a = int(start * SAMPLE_RATE)
    language, probability, _ = model.detect_language(as_float32(samples[a : a + 30 * SAMPLE_RATE]))
    log.info("ASR: detected language %s (p=%.2f)", language, probability)
    return language


def transcribe(
    samples: np.ndarray,
    options: AsrOptions = AsrOptions(),
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    guards: bool = True,
) -> Iterator[Segment]:
    """Yield the segments of ``samples`` (16 kHz mono, float32 or int16) as they are recognised.

    Memory stays flat in the length of the recording: the VAD and faster-whisper see it piece
    by piece (``vad``, ``asr_decode``); ``batch_size`` > 1 decodes 30 s clips in batches.
    ``guards=False`` turns the hallucination guards off (the loop/phantom guard keeps every
    segment, no ``HALLUCINATION_SILENCE_S``, no prompt-echo filter): for ``bench/wer.py
    --guards on,off`` only, not an option of the product (hence not in ``AsrOptions``).
    """
    from . import asr_decode, vad
    from .modelstore import resolve_whisper

    folder = resolve_whisper(options.model)
    device = choose_device(options.device)
    threads = cpu_threads(options.threads)
    model = load_model(folder, device, threads)
    duration_ms = samples.size * 1000 // SAMPLE_RATE
    total_s = duration_ms / 1000
    probs = vad.speech_probabilities(samples)
    if options.vad:
        flat = speech_clips(samples, probs)
        if not flat:
            log.info("ASR: the VAD found no speech")
            progress(Progress("asr", total_s, total_s))
            return
        spans = list(zip(flat[::2], flat[1::2]))
    else:
        spans = [(0.0, total_s)]
    language = options.language or _detect_language(model, samples, spans)
    batch = options.batch_size or AUTO_BATCH[device.name]
    log.info("ASR: model=%s device=%s/%s threads=%d language=%s batch=%d", folder.name, device.name,
             device.compute_type, threads, language, batch)
    import ctranslate2

    # Temperature fallback samples at random: a fixed seed makes a re-run give the same text.
    ctranslate2.set_random_seed(RANDOM_SEED)
    settings = asr_decode.DecodeSettings(
        language=language, beam_size=options.beam_size, hotwords=vocabulary_prompt(options.vocabulary),
        condition_on_previous_text=options.condition_on_previous_text,
        hallucination_silence_s=HALLUCINATION_SILENCE_S if guards else None, batch_size=batch,
    )
    decoder = asr_decode.batched if batch > 1 else asr_decode.sequential
    fw_segments = decoder(model, samples, spans, probs, settings, cancel)
    guard = LoopGuard()
    floor_ms = 0
    echoes = 0
    progress(Progress("asr", 0.0, total_s))
    try:
        for fw in fw_segments:
            if cancel is not None:
                cancel.raise_if_cancelled()
            progress(Progress("asr", min(fw.end, total_s), total_s))
            if guards and not guard.keep(fw.text, fw.avg_logprob):
                continue
            words = _words_of(fw, duration_ms, floor_ms)
            if guards and options.vocabulary:
                kept = drop_prompt_echo(words, options.vocabulary)
                echoes += len(words) - len(kept)
                words = kept
            if not words:
                continue
            floor_ms = words[-1].start_ms
            yield Segment(start_ms=words[0].start_ms, end_ms=words[-1].end_ms, words=words)
    finally:
        fw_segments.close()
    if echoes:
        log.warning("dropped %d word(s) of the vocabulary prompt read back as speech", echoes)
    if guard.dropped:
        # the dropped text itself only at DEBUG: logs hold no transcript text by default
        log.warning("dropped %d phantom or repeated segments", len(guard.dropped))
        log.debug("dropped segments: %s", guard.dropped[:5])
    progress(Progress("asr", total_s, total_s))
