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

from .audio import SAMPLE_RATE
from .errors import InputError, ModelError
from .jobs import CancelToken, Progress, ProgressCallback, no_progress
from .model import Segment, Word, seconds_to_ms

log = logging.getLogger(__name__)

DEVICES = ("auto", "cpu", "cuda")

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


def speech_clips(samples: np.ndarray) -> list[float]:
    """[start, end, start, end, …] in seconds: the audio minus its long silences (Silero VAD).

    A coarse gate rather than faster-whisper's ``vad_filter``: that one glues the speech chunks
    together, which changed the words Whisper heard and cost up to 6 WER points on our French
    clips; cutting only silences longer than ``LONG_SILENCE_S`` leaves speech decoded as plain
    faster-whisper does while still keeping Whisper away from the long silences where it
    hallucinates. An empty list means no speech at all.
    """
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    total = samples.size / SAMPLE_RATE
    vad = VadOptions(min_silence_duration_ms=int(LONG_SILENCE_S * 1000),
                     speech_pad_ms=int(SPEECH_PAD_S * 1000))
    regions = get_speech_timestamps(samples, vad)
    if not regions:
        return []
    clips: list[float] = []
    for r in regions:
        start, end = r["start"] / SAMPLE_RATE, r["end"] / SAMPLE_RATE
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

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["vocabulary"] = list(self.vocabulary)
        return d


@dataclass(frozen=True)
class Device:
    name: str  # "cpu" or "cuda"
    compute_type: str  # "int8" or "float16"


def cuda_device_count() -> int:
    import ctranslate2

    try:
        return int(ctranslate2.get_cuda_device_count())
    except Exception:  # noqa: BLE001 - a broken CUDA install means "no GPU" for us
        return 0


#: The CUDA libraries CTranslate2 4.x opens at its first GPU computation (CUDA 12, cuDNN 9).
CUDA_LIBRARIES = {
    "linux": [("cublas", "libcublas.so.12"), ("cudnn", "libcudnn.so.9")],
    "win32": [("cublas", "cublas64_12.dll"), ("cudnn", "cudnn64_9.dll")],
}


def _load_library(package: str, soname: str) -> bool:
    """Load a CUDA library by name, or from the ``nvidia-*-cu12`` pip package that ships it.

    Loading it once, globally, is what lets CTranslate2's own ``dlopen(soname)`` find it.
    """
    import ctypes
    import importlib.util

    try:
        ctypes.CDLL(soname, mode=getattr(ctypes, "RTLD_GLOBAL", 0))
        return True
    except OSError:
        pass
    try:
        spec = importlib.util.find_spec(f"nvidia.{package}")
    except ModuleNotFoundError:  # no nvidia-* package at all
        spec = None
    for root in (spec.submodule_search_locations or []) if spec else []:
        for sub in ("lib", "bin"):
            candidate = Path(root) / sub / soname
            if candidate.exists():
                try:
                    ctypes.CDLL(str(candidate), mode=getattr(ctypes, "RTLD_GLOBAL", 0))
                    return True
                except OSError:
                    continue
    return False


def missing_cuda_libraries() -> list[str]:
    """CUDA libraries CTranslate2 would fail to open (empty when the GPU path can run)."""
    import sys

    wanted = CUDA_LIBRARIES.get("win32" if sys.platform == "win32" else "linux", [])
    return [soname for package, soname in wanted if not _load_library(package, soname)]


def choose_device(requested: str = "auto") -> Device:
    """CUDA float16 when a GPU and its libraries are there, else CPU int8.

    A GPU without the CUDA 12 cuBLAS/cuDNN libraries (a machine with only CUDA 13, say) is
    passed over in "auto" mode with a log line, and refused with a French message for "cuda".
    """
    if requested not in DEVICES:
        raise InputError(f"Périphérique inconnu : « {requested} » (choix : {', '.join(DEVICES)}).")
    gpus = cuda_device_count() if requested in ("auto", "cuda") else 0
    if requested == "cuda" and gpus == 0:
        raise InputError("Aucune carte graphique CUDA utilisable n'a été détectée : utilisez --device cpu.")
    if gpus > 0:
        missing = missing_cuda_libraries()
        if not missing:
            return Device("cuda", "float16")
        if requested == "cuda":
            raise InputError(
                "La carte graphique est là, mais les bibliothèques CUDA 12 manquent "
                f"({', '.join(missing)}) : installez l'option « cuda » de Séance ou utilisez --device cpu."
            )
        log.warning("GPU found but %s missing: transcribing on the CPU", ", ".join(missing))
        from .notices import warn

        warn("Une carte graphique est présente mais les bibliothèques CUDA 12 manquent "
             f"({', '.join(missing)}) : la transcription s'est faite sur le processeur, plus lentement.")
    return Device("cpu", "int8")


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


def transcribe(
    samples: np.ndarray,
    options: AsrOptions = AsrOptions(),
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> Iterator[Segment]:
    """Yield the segments of ``samples`` (16 kHz mono float32) as they are recognised."""
    from .modelstore import resolve_whisper

    folder = resolve_whisper(options.model)
    device = choose_device(options.device)
    threads = cpu_threads(options.threads)
    model = load_model(folder, device, threads)
    duration_ms = samples.size * 1000 // SAMPLE_RATE
    total_s = duration_ms / 1000
    hotwords = vocabulary_prompt(options.vocabulary)
    clips: list[float] | None = None
    if options.vad:
        clips = speech_clips(samples)
        if not clips:
            log.info("ASR: the VAD found no speech")
            progress(Progress("asr", total_s, total_s))
            return
    log.info("ASR: model=%s device=%s/%s threads=%d language=%s", folder.name, device.name,
             device.compute_type, threads, options.language)
    import ctranslate2

    # Temperature fallback samples at random: a fixed seed makes a re-run give the same text.
    ctranslate2.set_random_seed(RANDOM_SEED)
    fw_segments, info = model.transcribe(
        samples,
        language=options.language,
        beam_size=options.beam_size,
        word_timestamps=True,
        condition_on_previous_text=options.condition_on_previous_text,
        hallucination_silence_threshold=HALLUCINATION_SILENCE_S,
        hotwords=hotwords,
        clip_timestamps=clips or "0",
    )
    guard = LoopGuard()
    floor_ms = 0
    echoes = 0
    progress(Progress("asr", 0.0, total_s))
    try:
        for fw in fw_segments:
            if cancel is not None:
                cancel.raise_if_cancelled()
            progress(Progress("asr", min(fw.end, total_s), total_s))
            if not guard.keep(fw.text, fw.avg_logprob):
                continue
            words = _words_of(fw, duration_ms, floor_ms)
            if options.vocabulary:
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
