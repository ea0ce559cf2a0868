"""Drive faster-whisper over a recording of any length in bounded memory.

faster-whisper computes the log-Mel features of everything it is given at once (its STFT holds
about ten float32 copies of the audio: some 7 GB for a 3-hour meeting). Both drivers here give
it the recording piece by piece, cut at the quietest moment between two sentences, and shift
the times back:

* ``sequential``: faster-whisper's classic loop (30 s windows, temperature fallback, skipping
  silences where it hallucinates) on windows of at most ``SEQUENTIAL_WINDOW_S``;
* ``batched``: faster-whisper's ``BatchedInferencePipeline`` on clips of at most 30 s, decoded
  ``batch_size`` at a time (several times less CPU per minute of audio). The batched pipeline has
  no temperature fallback, so each clip is judged as faster-whisper judges a window: a clip
  whose text looks like a loop (compression ratio over 2.4) or is unlikely (average log
  probability under -1) is decoded again with the sequential loop; a clip the model calls
  silence is dropped.

Both yield faster-whisper ``Segment`` objects with times from the start of the recording.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Any, Iterator

import numpy as np

from .jobs import CancelToken
from .vad import SAMPLE_RATE, as_float32, plan_clips

log = logging.getLogger(__name__)

#: longest piece given to the sequential loop at once (its features: ~40 MB per 5 minutes)
SEQUENTIAL_WINDOW_S = 300.0
#: longest clip of the batched pipeline (Whisper's window)
MAX_CLIP_S = 30.0
#: shortest clip cut out of a longer stretch of speech
MIN_CLIP_S = 10.0
#: batches handed to one call of the batched pipeline (bounds the features held at once)
BATCHES_PER_CALL = 4
#: faster-whisper's own thresholds for a window that needs another try or is silence
COMPRESSION_RATIO_MAX = 2.4
LOGPROB_MIN = -1.0
NO_SPEECH_MIN = 0.6


@dataclass(frozen=True)
class DecodeSettings:
    language: str | None
    beam_size: int
    hotwords: str | None
    condition_on_previous_text: bool
    hallucination_silence_s: float | None  # None: off (bench of the guards only)
    batch_size: int = 1


def pack(clips: list[tuple[float, float]], max_extent_s: float, max_count: int | None = None
         ) -> list[list[tuple[float, float]]]:
    """Consecutive clips grouped so that each group spans at most ``max_extent_s``."""
    groups: list[list[tuple[float, float]]] = []
    for clip in clips:
        if (groups and clip[1] - groups[-1][0][0] <= max_extent_s
                and (max_count is None or len(groups[-1]) < max_count)):
            groups[-1].append(clip)
        else:
            groups.append([clip])
    return groups


def _slice(samples: np.ndarray, start_s: float, end_s: float) -> tuple[np.ndarray, float]:
    """The samples from ``start_s`` to ``end_s`` as float32, and the exact start in seconds."""
    a = max(0, int(round(start_s * SAMPLE_RATE)))
    b = min(samples.size, int(round(end_s * SAMPLE_RATE)))
    return as_float32(samples[a:b]), a / SAMPLE_RATE


def _shift(segment: Any, offset: float) -> Any:
    words = None
    if segment.words is not None:
        words = [replace(w, start=w.start + offset, end=w.end + offset) for w in segment.words]
    return replace(segment, start=segment.start + offset, end=segment.end + offset, words=words)


def _sequential_kwargs(s: DecodeSettings) -> dict[str, Any]:
    return dict(language=s.language, beam_size=s.beam_size, word_timestamps=True,
                condition_on_previous_text=s.condition_on_previous_text,
                hallucination_silence_threshold=s.hallucination_silence_s, hotwords=s.hotwords,
                vad_filter=False)


def _decode_window(model, samples: np.ndarray, group: list[tuple[float, float]], s: DecodeSettings,
                   cancel: CancelToken | None) -> Iterator[Any]:
    window, origin = _slice(samples, group[0][0], group[-1][1])
    clips = ",".join(f"{max(0.0, t - origin):.3f}" for clip in group for t in clip)
    segments, _ = model.transcribe(window, clip_timestamps=clips, **_sequential_kwargs(s))
    try:
        for seg in segments:
            if cancel is not None:
                cancel.raise_if_cancelled()
            yield _shift(seg, origin)
    finally:
        segments.close()


def sequential(model, samples: np.ndarray, spans: list[tuple[float, float]], probs: np.ndarray,
               s: DecodeSettings, cancel: CancelToken | None = None) -> Iterator[Any]:
    """faster-whisper's sequential loop over the speech ``spans``, window by window."""
    pieces = plan_clips(spans, probs, SEQUENTIAL_WINDOW_S, SEQUENTIAL_WINDOW_S / 2)
    for group in pack(pieces, SEQUENTIAL_WINDOW_S):
        yield from _decode_window(model, samples, group, s, cancel)


def judge(segments: list[Any]) -> str:
    """"ok", "silence" (drop it) or "retry" (decode again with fallback) for one clip's output."""
    if not segments:
        return "ok"
    from faster_whisper.transcribe import get_compression_ratio

    avg_logprob = segments[0].avg_logprob  # one value per clip in the batched pipeline
    no_speech = segments[0].no_speech_prob
    if no_speech > NO_SPEECH_MIN and avg_logprob < LOGPROB_MIN:
        return "silence"
    text = " ".join(seg.text.strip() for seg in segments)
    if get_compression_ratio(text) > COMPRESSION_RATIO_MAX or avg_logprob < LOGPROB_MIN:
        return "retry"
    return "ok"


@dataclass
class BatchStats:
    clips: int = 0
    retried: int = 0
    silent: int = 0


def batched(model, samples: np.ndarray, spans: list[tuple[float, float]], probs: np.ndarray,
            s: DecodeSettings, cancel: CancelToken | None = None,
            stats: BatchStats | None = None) -> Iterator[Any]:
    """The batched pipeline over 30 s clips of the speech ``spans``; doubtful clips again, sequentially."""
    from faster_whisper import BatchedInferencePipeline

    pipe = BatchedInferencePipeline(model)
    stats = stats if stats is not None else BatchStats()
    clips = plan_clips(spans, probs, MAX_CLIP_S, MIN_CLIP_S)
    per_call = max(1, s.batch_size) * BATCHES_PER_CALL
    for group in pack(clips, SEQUENTIAL_WINDOW_S * 2, per_call):
        if cancel is not None:
            cancel.raise_if_cancelled()
        window, origin = _slice(samples, group[0][0], group[-1][1])
        # clip times are rounded to the ms: keep them inside the window's samples (faster-whisper
        # asserts that the clips do not add up to more than the audio it is given)
        length = window.size / SAMPLE_RATE
        rel = [{"start": min(max(0.0, a - origin), length), "end": min(b - origin, length)} for a, b in group]
        segments, _ = pipe.transcribe(
            window, language=s.language, beam_size=s.beam_size, word_timestamps=True,
            without_timestamps=False, hotwords=s.hotwords, clip_timestamps=rel,
            batch_size=max(1, s.batch_size), vad_filter=False,
        )
        by_clip: dict[int, list[Any]] = {}
        for seg in segments:
            by_clip.setdefault(seg.seek, []).append(seg)
        for (a, b), r in zip(group, rel):
            # the pipeline's own key of a clip: its start in whole samples, then in frames
            seek = int(int(r["start"] * SAMPLE_RATE) / SAMPLE_RATE * model.frames_per_second)
            out = by_clip.get(seek, [])
            stats.clips += 1
            verdict = judge(out)
            if verdict == "silence":
                stats.silent += 1
                continue
            if verdict == "retry":
                stats.retried += 1
                yield from _decode_window(model, samples, [(a, b)], s, cancel)
                continue
            for seg in out:
                yield _shift(seg, origin)
    log.info("batched ASR: %d clips, %d decoded again (doubtful), %d dropped as silence",
             stats.clips, stats.retried, stats.silent)
