"""Where people speak, for recordings of any length, in bounded memory.

faster-whisper's Silero VAD pads and copies the whole recording several times (about 2.5 float32
copies of a 3-hour meeting at once). Here the speech probabilities (one per 32 ms frame) are
computed window by window (``WINDOW_S``) straight from the shared samples (float32 or int16),
then turned into regions by a port of faster-whisper's own hysteresis (``regions``), which gives
the same regions as ``faster_whisper.vad.get_speech_timestamps`` on the same probabilities
(checked by a test). The model's recurrent state and its 64-sample context are carried from one
window to the next, so the probabilities are the very ones of the whole recording at once.

``plan_clips`` cuts the speech into clips of at most ``MAX_CLIP_S`` (Whisper's 30 s window) at
the quietest frame, for the batched ASR.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SAMPLE_RATE = 16000
#: samples per speech probability (Silero VAD's frame: 32 ms)
FRAME = 512
#: the probabilities are computed on windows of this many seconds (a multiple of FRAME samples)
WINDOW_S = 120.0
#: samples of the previous frame the model sees before each frame
CONTEXT = 64


def _window_frames() -> int:
    return int(WINDOW_S * SAMPLE_RATE) // FRAME


def as_float32(chunk: np.ndarray) -> np.ndarray:
    """A slice of the shared samples as float32 in [-1, 1] (int16 PCM is scaled)."""
    if chunk.dtype == np.int16:
        return chunk.astype(np.float32) * (1.0 / 32768.0)
    return np.asarray(chunk, dtype=np.float32)


def speech_probabilities(samples: np.ndarray) -> np.ndarray:
    """One speech probability per ``FRAME`` samples, computed window by window."""
    from faster_whisper.vad import get_vad_model

    session = get_vad_model().session  # faster-whisper's ONNX session of Silero VAD
    step = _window_frames() * FRAME
    h = np.zeros((1, 1, 128), dtype=np.float32)
    c = np.zeros((1, 1, 128), dtype=np.float32)
    context = np.zeros((1, CONTEXT), dtype=np.float32)
    out: list[np.ndarray] = []
    for start in range(0, samples.size, step):
        chunk = as_float32(samples[start : start + step])
        if start + step >= samples.size:  # the last window: padded as faster-whisper pads
            chunk = np.pad(chunk, (0, FRAME - chunk.size % FRAME))
        frames = chunk.reshape(-1, FRAME)
        # each frame is preceded by the last CONTEXT samples of the frame before it
        contexts = np.concatenate([context, frames[:-1, -CONTEXT:]], axis=0)
        batch = np.concatenate([contexts, frames], axis=1)
        probs, h, c = session.run(None, {"input": batch, "h": h, "c": c})
        context = frames[-1:, -CONTEXT:].copy()
        out.append(np.asarray(probs, dtype=np.float32).reshape(-1))
    return np.concatenate(out) if out else np.zeros(0, dtype=np.float32)


@dataclass(frozen=True)
class VadParams:
    """The thresholds of ``faster_whisper.vad.VadOptions`` (same meaning, in seconds)."""

    threshold: float = 0.5
    neg_threshold: float | None = None
    min_speech_s: float = 0.0
    max_speech_s: float = float("inf")
    min_silence_s: float = 2.0
    speech_pad_s: float = 0.4


def regions(probs: np.ndarray, n_samples: int, params: VadParams = VadParams()) -> list[tuple[int, int]]:
    """Speech regions ``[(start, end)]`` in samples: faster-whisper's algorithm, on given probabilities."""
    threshold = params.threshold
    neg_threshold = params.neg_threshold if params.neg_threshold is not None else max(threshold - 0.15, 0.01)
    min_speech = SAMPLE_RATE * params.min_speech_s
    pad = SAMPLE_RATE * params.speech_pad_s
    max_speech = SAMPLE_RATE * params.max_speech_s - FRAME - 2 * pad
    min_silence = SAMPLE_RATE * params.min_silence_s
    min_silence_at_max = SAMPLE_RATE * 98 / 1000

    triggered = False
    speeches: list[list[int]] = []
    current: list[int] = []  # [start] or [start, end]
    temp_end = prev_end = next_start = 0
    for i, p in enumerate(probs.tolist()):
        pos = FRAME * i
        if p >= threshold and temp_end:
            temp_end = 0
            if next_start < prev_end:
                next_start = pos
        if p >= threshold and not triggered:
            triggered = True
            current = [pos]
            continue
        if triggered and pos - current[0] > max_speech:
            if prev_end:
                speeches.append([current[0], prev_end])
                if next_start < prev_end:
                    triggered, current = False, []
                else:
                    current = [next_start]
                prev_end = next_start = temp_end = 0
            else:
                speeches.append([current[0], pos])
                current = []
                prev_end = next_start = temp_end = 0
                triggered = False
                continue
        if p < neg_threshold and triggered:
            if not temp_end:
                temp_end = pos
            if pos - temp_end > min_silence_at_max:
                prev_end = temp_end
            if pos - temp_end < min_silence:
                continue
            if temp_end - current[0] > min_speech:
                speeches.append([current[0], temp_end])
            current = []
            prev_end = next_start = temp_end = 0
            triggered = False
            continue
    if current and n_samples - current[0] > min_speech:
        speeches.append([current[0], n_samples])

    for i, speech in enumerate(speeches):
        if i == 0:
            speech[0] = int(max(0, speech[0] - pad))
        if i != len(speeches) - 1:
            silence = speeches[i + 1][0] - speech[1]
            if silence < 2 * pad:
                speech[1] += int(silence // 2)
                speeches[i + 1][0] = int(max(0, speeches[i + 1][0] - silence // 2))
            else:
                speech[1] = int(min(n_samples, speech[1] + pad))
                speeches[i + 1][0] = int(max(0, speeches[i + 1][0] - pad))
        else:
            speech[1] = int(min(n_samples, speech[1] + pad))
    return [(int(s), int(e)) for s, e in speeches]


def plan_clips(spans: list[tuple[float, float]], probs: np.ndarray, max_clip_s: float = 30.0,
               min_clip_s: float = 10.0) -> list[tuple[float, float]]:
    """Cut each speech span (seconds) into clips of at most ``max_clip_s``.

    A span longer than that is cut at the frame of lowest speech probability (smoothed over
    about 0.2 s) between ``min_clip_s`` and ``max_clip_s`` after the clip's start: the pause
    between two sentences, where Whisper loses nothing.
    """
    frame_s = FRAME / SAMPLE_RATE
    smooth = np.convolve(probs, np.ones(7, dtype=np.float32) / 7, mode="same") if probs.size else probs
    clips: list[tuple[float, float]] = []
    for start, end in spans:
        cur = start
        while end - cur > max_clip_s:
            lo = int((cur + min_clip_s) / frame_s)
            hi = min(int((cur + max_clip_s) / frame_s), smooth.size)
            if hi <= lo:
                cut = cur + max_clip_s
            else:
                # the quietest frame; among equals, the latest (longer clips, fewer cuts)
                window = smooth[lo:hi]
                idx = hi - 1 - int(np.argmin(window[::-1]))
                cut = (idx + 0.5) * frame_s
            clips.append((round(cur, 3), round(cut, 3)))
            cur = cut
        if end - cur > 0.05:
            clips.append((round(cur, 3), round(end, 3)))
    return clips
