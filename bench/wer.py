#!/usr/bin/env python3
"""WER of Séance's transcription against plain faster-whisper (same model, default options).

Usage: bench/wer.py [CLIP ...] [--threads N] [--batch-sizes 1,8] [--guards on,off] [--no-plain]
(default: every French clip of ../shared/eval with a .txt)
Prints, per clip, the WER of Séance for each batch size (1 = faster-whisper's sequential loop,
more = its batched pipeline) and of plain faster-whisper, after the eval README's normalisation,
with the CPU seconds each took, then the mean WER of each column.
``--guards on,off`` adds, for each batch size, a column with the hallucination guards off
(``asr.transcribe(guards=False)``: loop/phantom guard, hallucination silence threshold and
prompt-echo filter off) beside the product as it is.
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


def seance_text(path: Path, threads: int, batch_size: int | None = None, guards: bool = True) -> str:
    from transcriber import asr, audio

    samples = audio.decode(path)
    options = asr.AsrOptions(threads=threads)
    if batch_size is not None:
        options = asr.AsrOptions(threads=threads, batch_size=batch_size)
    return " ".join(s.text for s in asr.transcribe(samples, options, guards=guards))


def french_clips() -> list[Path]:
    return sorted(p.with_suffix(".wav") for p in EVAL_DIR.glob("fr_*.txt"))


def main() -> None:
    import time

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("clips", nargs="*", type=Path)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch-sizes", default="1", help="Séance columns, e.g. 1,4,8")
    parser.add_argument("--guards", default="on", help="on, off or on,off: hallucination guards")
    parser.add_argument("--no-plain", action="store_true")
    args = parser.parse_args()
    from transcriber.modelstore import assemble_bundled

    folder = assemble_bundled()
    sizes = [int(b) for b in args.batch_sizes.split(",")]
    guards = args.guards.split(",")
    if not guards or set(guards) - {"on", "off"}:
        parser.error("--guards: on, off or on,off")
    columns = [f"séance b{b}" + ("" if g == "on" else " off") for b in sizes for g in guards]
    columns += [] if args.no_plain else ["plain"]
    print(f"{'clip':<36}" + "".join(f"{c:>14} {'CPU s':>6}" for c in columns))
    scores: dict[str, list[float]] = {c: [] for c in columns}
    for clip in args.clips or french_clips():
        ref = clip.with_suffix(".txt").read_text("utf-8")
        row = f"{clip.stem:<36}"
        for column in columns:
            cpu = time.process_time()
            if column == "plain":
                text = plain_faster_whisper(clip, folder, args.threads)
            else:
                size, _, off = column.removeprefix("séance b").partition(" ")
                text = seance_text(clip, args.threads, int(size), guards=not off)
            cpu = time.process_time() - cpu
            scores[column].append(wer(ref, text))
            row += f"{scores[column][-1]:14.3f} {cpu:6.1f}"
        print(row, flush=True)
    print(f"{'mean':<36}" + "".join(f"{sum(v) / len(v):14.3f} {'':>6}" for v in scores.values()))


if __name__ == "__main__":
    main()
