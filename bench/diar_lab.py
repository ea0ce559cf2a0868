"""Diarisation lab: cache segmentations and embeddings, then score clustering/reconstruction.

    python bench/diar_lab.py cache [--steps 0.2] [--split tuned|heldout|all]
    python bench/diar_lab.py score [--steps 0.2] [--split ...] [--variants base,oracle]

The expensive steps (segmentation, CAM++ embeddings) run once per clip and segmentation step;
their results are cached under ``build/diar_cache/`` (git-ignored). Everything after them is
cheap and is re-run per variant. Splits: ``tuned`` = the six eval clips with RTTM (what the
defaults are chosen on), ``heldout`` = ``build/heldout`` (``bench/heldout.py``; never tuned on),
``long`` = the long concatenations (``bench/make_long.py``). Run with OMP_NUM_THREADS=1.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
import time
import warnings
from dataclasses import replace
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from transcriber import diarize as dz  # noqa: E402
from transcriber._diarization_metrics import diarization_error_rate, load_rttm  # noqa: E402
from transcriber.audio import decode  # noqa: E402

EVAL = Path(os.environ.get("SEANCE_EVAL_DIR", REPO.parent / "shared" / "eval"))
HELDOUT = REPO / "build" / "heldout"
LONG = REPO / "build" / "long"
CACHE = REPO / "build" / "diar_cache"


def clips(split: str) -> list[Path]:
    out: list[Path] = []
    if split in ("tuned", "all"):
        out += sorted(EVAL.glob("*.rttm"))
    if split in ("heldout", "all"):
        out += sorted(HELDOUT.glob("*.rttm"))
    if split in ("long",):
        out += sorted(LONG.glob("*.rttm"))
    if split.startswith("file:"):
        out += [Path(split[5:]).with_suffix(".rttm")]
    return [c.with_suffix(".wav") for c in out]


def cache_path(wav: Path, step: float) -> Path:
    return CACHE / f"{wav.stem}_s{step:g}.pkl"


def load_or_compute(wav: Path, step: float, force: bool = False) -> dict:
    path = cache_path(wav, step)
    if path.exists() and not force:
        with open(path, "rb") as f:
            return pickle.load(f)
    import torch

    from transcriber import _diarization_steps as steps

    torch.set_num_threads(1)
    samples = decode(wav)
    cfg = replace(dz.DEFAULT_CONFIG, segmentation_step=step)
    pipeline = dz._load_pipeline(dz.check_weights(), "cpu", cfg)
    dz._configure(pipeline, cfg)
    t0 = time.monotonic()
    windows = steps.segment_and_embed(pipeline, samples)
    entry = {"windows": windows, "seconds": time.monotonic() - t0,
             "duration": samples.size / 16000}
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        pickle.dump(entry, f)
    return entry


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("cmd", choices=("cache", "score"))
    ap.add_argument("--steps", default="0.2")
    ap.add_argument("--split", default="all")
    ap.add_argument("--variants", default="base,oracle")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--force", action="store_true")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    files = clips(args.split)
    rows = []
    for step in [float(s) for s in args.steps.split(",")]:
        for wav in files:
            if args.cmd == "score" and not cache_path(wav, step).exists():
                continue
            entry = load_or_compute(wav, step, args.force)
            if args.cmd == "cache":
                print(f"{wav.stem} step {step}: {entry['seconds']:.1f} s "
                      f"(RTF {entry['seconds'] / entry['duration']:.3f})", flush=True)
                continue
            ref = load_rttm(wav.with_suffix(".rttm"))
            for variant in args.variants.split(","):
                rows.append(score(wav, ref, entry, step, variant))
    if args.cmd == "score":
        summarise(rows)
        if args.json:
            args.json.write_text(json.dumps(rows, indent=1))
    return 0


def score(wav: Path, ref, entry: dict, step: float, variant: str) -> dict:
    from transcriber import _diarization_steps as steps

    n_ref = len({t.speaker for t in ref})
    name, _, opt = variant.partition(":")
    hints = dz.SpeakerHints()
    if opt == "n":  # the true count given
        hints = dz.SpeakerHints(num_speakers=n_ref)
    elif opt.isdigit():
        hints = dz.SpeakerHints(num_speakers=int(opt))
    elif opt.startswith("min"):  # true count as the minimum / maximum
        hints = dz.SpeakerHints(min_speakers=n_ref)
    elif opt.startswith("max"):
        hints = dz.SpeakerHints(max_speakers=n_ref)
    config = parse_config(name)
    t0 = time.monotonic()
    if name.startswith("oracle"):
        turns = steps.oracle_turns(entry["windows"], ref, config)
    elif name == "legacy":
        turns = legacy_turns(entry["windows"], hints, config)
    else:
        turns = steps.cluster_and_reconstruct(entry["windows"], hints, config, notes := [])
        if notes:
            print(f"  {wav.stem} {variant}: {' '.join(notes)}")
    s = diarization_error_rate(ref, turns)
    short = short_turns(ref, turns)
    return {"clip": wav.stem, "step": step, "variant": variant, "der": s.der, **short,
            "miss": s.missed, "fa": s.false_alarm, "conf": s.confusion,
            "n_ref": n_ref, "n_hyp": len({t.speaker for t in turns}),
            "seconds": time.monotonic() - t0, "total": s.total}


#: a reference turn shorter than this is an interjection (« pour », « contre », « oui »)
SHORT_TURN_MS = 1500


def short_turns(ref, hyp) -> dict:
    """Speech time of short reference turns given to their speaker, to another one, or to
    nobody (hypothesis speakers mapped to reference ones by pyannote.metrics' optimal map)."""
    from pyannote.metrics.diarization import DiarizationErrorRate

    from transcriber._diarization_metrics import _annotation

    mapping = DiarizationErrorRate().optimal_mapping(_annotation(ref), _annotation(hyp)) if hyp else {}
    right = wrong = missed = 0
    for t in ref:
        if t.end_ms - t.start_ms >= SHORT_TURN_MS:
            continue
        for ms in range(t.start_ms, t.end_ms, 10):
            who = {mapping.get(h.speaker) for h in hyp if h.start_ms <= ms < h.end_ms}
            if not who:
                missed += 10
            elif t.speaker in who:
                right += 10
            else:
                wrong += 10
    return {"short_right": right, "short_wrong": wrong, "short_missed": missed}


def legacy_turns(windows, hints, config):
    """The code before issue 14: pyannote's own clustering and reconstruction (same networks)."""
    import types

    from transcriber import _pyannote_offline

    _pyannote_offline.prepare_environment()
    from pyannote.audio.pipelines.clustering import AgglomerativeClustering
    from pyannote.audio.pipelines.speaker_diarization import SpeakerDiarization
    from pyannote.audio.utils.signal import Binarize

    seg = windows.segmentations
    if seg.data.max(initial=0) <= 0:
        return []
    clustering = AgglomerativeClustering(metric="cosine")
    clustering.instantiate({"method": "centroid", "min_cluster_size": 4, "threshold": 0.8})
    n = hints.num_speakers
    lo, hi = (n, n) if n else (hints.min_speakers or 1, hints.max_speakers or np.inf)
    hard, _, _ = clustering(embeddings=windows.embeddings.copy(), segmentations=seg,
                            num_clusters=n, min_clusters=lo, max_clusters=hi)
    count = SpeakerDiarization.speaker_count(seg, windows.frames, warm_up=(0.0, 0.0))
    count.data = np.minimum(count.data, hi).astype(np.int8)
    hard[np.sum(seg.data, axis=1) == 0] = -2
    shim = types.SimpleNamespace(to_diarization=SpeakerDiarization.to_diarization)
    discrete = SpeakerDiarization.reconstruct(shim, seg, hard, count)
    annotation = Binarize(onset=0.5, offset=0.5, min_duration_on=0.0,
                          min_duration_off=0.5)(discrete)
    return dz.turns_from_annotation(annotation, int(windows.duration * 1000))


def parse_config(spec: str) -> dz.DiarizationConfig:
    """"base", "oracle" or "key=value+key=value" changes to the defaults."""
    config = dz.DEFAULT_CONFIG
    if spec in ("base", "oracle", "legacy"):
        return config
    if spec.startswith("oracle+"):
        spec = spec[len("oracle+"):]
    changes = {}
    for item in spec.split("+"):
        key, _, value = item.partition("=")
        current = getattr(config, key)
        if isinstance(current, bool):
            changes[key] = value in ("1", "true", "True")
        elif isinstance(current, (int, float)) and not isinstance(current, bool):
            changes[key] = type(current)(value)
        else:
            changes[key] = value
    return replace(config, **changes)


def summarise(rows: list[dict]) -> None:
    keys = sorted({(r["step"], r["variant"]) for r in rows}, key=str)
    clips_ = list(dict.fromkeys(r["clip"] for r in rows))
    for step, variant in keys:
        sel = [r for r in rows if r["step"] == step and r["variant"] == variant]
        by = {r["clip"]: r for r in sel}
        for group, names in (("tuned", [c for c in clips_ if not _held(c)]),
                             ("heldout", [c for c in clips_ if _held(c)])):
            g = [by[c] for c in names if c in by]
            if not g:
                continue
            mean = {k: 100 * sum(r[k] for r in g) / len(g) for k in ("der", "miss", "fa", "conf")}
            pooled = 100 * sum(r["der"] * r["total"] for r in g) / sum(r["total"] for r in g)
            sr, sw, sm = (sum(r[k] for r in g) for k in ("short_right", "short_wrong", "short_missed"))
            st = max(sr + sw + sm, 1)
            cells = f"short turns {100 * sr / st:.0f}/{100 * sw / st:.0f}/{100 * sm / st:.0f} % right/wrong/missed | " + " ".join(f"{r['clip'][-12:]}={100 * r['der']:.1f}({r['n_hyp']}/{r['n_ref']})"
                             for r in g)
            print(f"step={step:g} {variant:14s} {group:7s} DER {mean['der']:5.1f} (pooled "
                  f"{pooled:5.1f}) = miss "
                  f"{mean['miss']:4.1f} + FA {mean['fa']:4.1f} + conf {mean['conf']:4.1f} | {cells}",
                  flush=True)


def _held(clip: str) -> bool:
    return clip.startswith(("ami_", "fr_tcof_salledebain")) or "heldout" in clip


if __name__ == "__main__":
    raise SystemExit(main())
