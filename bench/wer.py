#!/usr/bin/env python3
"""WER of Séance's transcription against plain faster-whisper (same model, default options).

Usage: bench/wer.py [CLIP ...]   (default: every French clip of ../shared/eval with a .txt)
Prints, per clip, the WER of both and their difference, after the eval README's normalisation.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import unicodedata
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
EVAL_DIR = Path(os.environ.get("SEANCE_EVAL_DIR", ROOT.parent / "shared" / "eval"))

FILLERS = {"euh", "heu", "hum", "bah", "ben", "hein"}


def normalise_for_wer(text: str) -> str:
    """Lower case, apostrophes and hyphens split, punctuation dropped, fillers dropped."""
    text = unicodedata.normalize("NFC", text.lower()).replace("’", "'")
    text = re.sub(r"[^\w']+", " ", text)
    text = text.replace("'", "' ")
    words = [w for w in text.split() if w.strip("'") and w not in FILLERS]
    return " ".join(words)


def wer(reference: str, hypothesis: str) -> float:
    import jiwer

    ref, hyp = normalise_for_wer(reference), normalise_for_wer(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    return jiwer.wer(ref, hyp)


def plain_faster_whisper(path: Path, model_folder: Path, threads: int) -> str:
    from faster_whisper import WhisperModel

    import ctranslate2

    from transcriber.asr import RANDOM_SEED

    ctranslate2.set_random_seed(RANDOM_SEED)  # same sampling seed as Séance: a fair comparison
    model = WhisperModel(str(model_folder), device="cpu", compute_type="int8", cpu_threads=threads)
    segments, _ = model.transcribe(str(path), language="fr")
    return " ".join(s.text for s in segments)


def seance_text(path: Path, threads: int) -> str:
    from transcriber import asr, audio

    samples = audio.decode(path)
    return " ".join(s.text for s in asr.transcribe(samples, asr.AsrOptions(threads=threads)))


def french_clips() -> list[Path]:
    return sorted(p.with_suffix(".wav") for p in EVAL_DIR.glob("fr_*.txt"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("clips", nargs="*", type=Path)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    from transcriber.modelstore import assemble_bundled

    folder = assemble_bundled()
    print(f"{'clip':<36} {'séance':>8} {'plain':>8} {'diff':>7}")
    for clip in args.clips or french_clips():
        ref = clip.with_suffix(".txt").read_text("utf-8")
        ours = wer(ref, seance_text(clip, args.threads))
        plain = wer(ref, plain_faster_whisper(clip, folder, args.threads))
        print(f"{clip.stem:<36} {ours:8.3f} {plain:8.3f} {100 * (ours - plain):+6.1f}")


if __name__ == "__main__":
    main()
