"""Who said each word: DER of the turns, of the transcript's segments, and per word.

    python bench/word_speakers.py [--split tuned|heldout|all] [--step 0.2] [--json OUT]
                                  [--variant base|legacy|oracle]

For every clip with an RTTM reference: the transcript (Séance's ASR, base model, French for
``fr_*`` clips and English for the AMI/pyannote ones) is computed once and cached under
``build/asr_cache/``; the diarisation comes from ``bench/diar_lab.py``'s cache (same code path as
the app); ``transcriber.align.align`` gives every word a speaker. Three figures per clip:

* **turns DER**: the diarisation's turns against the RTTM (pyannote.metrics, collar 0.25 s
  each side, overlap scored);
* **segments DER**: the aligned transcript's segments (start, end, speaker) as the hypothesis —
  what the secretary sees; silence inside a segment counts as false alarm, speech outside
  any segment as missed;
* **word speaker error**: share of the words (in reference speech) whose speaker, mapped to the
  reference speakers by the optimal one-to-one mapping of the turns, is none of the reference
  speakers talking at the word's middle. Words outside reference speech are left out.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from dataclasses import asdict
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import diar_lab  # noqa: E402

from transcriber import diarize as dz  # noqa: E402
from transcriber._diarization_metrics import diarization_error_rate, load_rttm  # noqa: E402
from transcriber.align import align  # noqa: E402
from transcriber.model import Segment, Turn, Word  # noqa: E402

ASR_CACHE = REPO / "build" / "asr_cache"


def transcript(wav: Path) -> list[Segment]:
    path = ASR_CACHE / f"{wav.stem}.json"
    if path.exists():
        data = json.loads(path.read_text("utf-8"))
        return [Segment(s["start_ms"], s["end_ms"], [Word(**w) for w in s["words"]])
                for s in data]
    from transcriber.asr import AsrOptions, transcribe
    from transcriber.audio import decode

    language = "fr" if wav.stem.startswith("fr_") else "en"
    segments = list(transcribe(decode(wav), AsrOptions(language=language, threads=1)))
    ASR_CACHE.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([asdict(s) for s in segments]), "utf-8")
    return segments


def mapping(reference: list[Turn], hypothesis: list[Turn]) -> dict[str, str]:
    """Optimal one-to-one map hypothesis speaker → reference speaker (pyannote.metrics)."""
    from pyannote.metrics.diarization import DiarizationErrorRate

    from transcriber._diarization_metrics import _annotation

    return DiarizationErrorRate().optimal_mapping(_annotation(reference), _annotation(hypothesis))


def word_errors(reference: list[Turn], segments: list[Segment], turns: list[Turn]) -> tuple[int, int]:
    """(wrong, counted) words; see the module docstring."""
    m = mapping(reference, turns)
    wrong = counted = 0
    for seg in segments:
        for w in seg.words:
            mid = (w.start_ms + w.end_ms) / 2
            talking = {t.speaker for t in reference if t.start_ms <= mid < t.end_ms}
            if not talking:
                continue
            counted += 1
            if m.get(seg.speaker or "") not in talking:
                wrong += 1
    return wrong, counted


def segments_as_turns(segments: list[Segment]) -> list[Turn]:
    return [Turn(s.start_ms, s.end_ms, s.speaker) for s in segments
            if s.speaker and s.end_ms > s.start_ms]


def evaluate(wav: Path, turns: list[Turn]) -> dict:
    ref = load_rttm(wav.with_suffix(".rttm"))
    segs = align(transcript(wav), turns)
    t = diarization_error_rate(ref, turns)
    s = diarization_error_rate(ref, segments_as_turns(segs))
    wrong, counted = word_errors(ref, segs, turns)
    return {"clip": wav.stem, "turns_der": t.der, "segments_der": s.der,
            "segments_fa": s.false_alarm, "segments_miss": s.missed, "segments_conf": s.confusion,
            "word_wrong": wrong, "words": counted}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="all")
    ap.add_argument("--step", type=float, default=dz.DEFAULT_CONFIG.segmentation_step)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--variant", default="base",
                    help="diarisation variant of diar_lab.py (base, legacy, oracle, key=value+…)")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    from transcriber import _diarization_steps as steps

    rows = []
    for wav in diar_lab.clips(args.split):
        entry = diar_lab.load_or_compute(wav, args.step)
        ref = load_rttm(wav.with_suffix(".rttm"))
        config = diar_lab.parse_config(args.variant)
        if args.variant == "legacy":
            turns = diar_lab.legacy_turns(entry["windows"], dz.SpeakerHints(), config)
        elif args.variant.startswith("oracle"):
            turns = steps.oracle_turns(entry["windows"], ref, config)
        else:
            turns = steps.cluster_and_reconstruct(entry["windows"], dz.SpeakerHints(), config)
        r = evaluate(wav, turns)
        rows.append(r)
        print(f"{r['clip'][:30]:30s} turns DER {100 * r['turns_der']:5.1f}  segments DER "
              f"{100 * r['segments_der']:5.1f} (FA {100 * r['segments_fa']:4.1f} miss "
              f"{100 * r['segments_miss']:4.1f} conf {100 * r['segments_conf']:4.1f})  words wrong "
              f"{r['word_wrong']}/{r['words']}", flush=True)
    for group in ("tuned", "heldout"):
        g = [r for r in rows if diar_lab._held(r["clip"]) == (group == "heldout")]
        if g:
            print(f"{group:8s} mean turns DER {100 * np.mean([r['turns_der'] for r in g]):5.1f}  "
                  f"segments DER {100 * np.mean([r['segments_der'] for r in g]):5.1f}  "
                  f"word speaker error {100 * sum(r['word_wrong'] for r in g) / max(1, sum(r['words'] for r in g)):5.1f} %")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
