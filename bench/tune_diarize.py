"""DER of diarisation configurations on the eval clips that have an RTTM reference.

    python bench/tune_diarize.py [--eval-dir DIR | --files WAV...] [--json OUT]
        [--pooling cropped,masked] [--steps 0.1,0.2] [--exclude-overlap 0,1] [--constrained 0,1]
        [--thresholds 0.7,0.8] [--methods centroid,average] [--min-cluster-sizes 4,12]
        [--min-duration-off 0.0,0.5]

Segmentation and embeddings are computed once per clip and per embedding setting (pyannote's
training-mode cache); each clustering configuration is then scored with the speaker count
estimated ("est") and given from the reference ("oracle"). DER uses pyannote.metrics with
collar=0.5 s total (0.25 s each side), overlap scored. Set OMP_NUM_THREADS=1 on a small CPU.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import os
import sys
import time
import warnings
from dataclasses import asdict, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from transcriber import diarize as dz  # noqa: E402
from transcriber._diarization_metrics import diarization_error_rate, load_rttm  # noqa: E402
from transcriber.audio import decode  # noqa: E402

DEFAULT_EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", type=Path,
                    default=Path(os.environ.get("SEANCE_EVAL_DIR", DEFAULT_EVAL)))
    ap.add_argument("--json", type=Path, help="write every score to this JSON file")
    ap.add_argument("--files", type=Path, nargs="*",
                    help="WAV files with an RTTM beside them (default: the eval clips)")
    ap.add_argument("--thresholds", default="0.5,0.6,0.7,0.8,0.9")
    ap.add_argument("--methods", default="centroid,average")
    ap.add_argument("--min-cluster-sizes", default="12")
    ap.add_argument("--min-duration-off", default="0.0")
    ap.add_argument("--exclude-overlap", default="0,1")
    ap.add_argument("--pooling", default="masked,cropped")
    ap.add_argument("--steps", default="0.1", help="segmentation steps (share of 10 s)")
    ap.add_argument("--constrained", default="0", help="constrained assignment: 0, 1 or 0,1")
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)

    import torch

    torch.set_num_threads(dz.torch_threads())
    clips = ([f.with_suffix(".rttm") for f in args.files] if args.files
             else sorted(args.eval_dir.glob("*.rttm")))
    refs = {c.stem: load_rttm(c) for c in clips}
    audio = {c.stem: decode(c.with_suffix(".wav")) for c in clips}
    root = dz.check_weights()

    grid = list(itertools.product(
        [float(t) for t in args.thresholds.split(",")],
        args.methods.split(","),
        [int(m) for m in args.min_cluster_sizes.split(",")],
        [float(m) for m in args.min_duration_off.split(",")],
        [bool(int(c)) for c in args.constrained.split(",")],
    ))
    rows = []
    for excl, pooling, step in itertools.product(
        [bool(int(e)) for e in args.exclude_overlap.split(",")], args.pooling.split(","),
        [float(s) for s in args.steps.split(",")],
    ):
        base = replace(dz.DEFAULT_CONFIG, exclude_overlap=excl, embedding_pooling=pooling,
                       segmentation_step=step)
        pipeline = dz._load_pipeline(root, "cpu", base)
        pipeline.training = True  # cache segmentation + embeddings inside each file dict
        files = {
            name: {"waveform": torch.from_numpy(x).unsqueeze(0), "sample_rate": 16000, "uri": name}
            for name, x in audio.items()
        }
        for (thr, method, mcs, mdo, constrained) in grid:
            cfg = replace(base, threshold=thr, method=method, min_cluster_size=mcs,
                          min_duration_off=mdo, constrained_assignment=constrained)
            dz._configure(pipeline, cfg)
            for name, file in files.items():
                n_ref = len({t.speaker for t in refs[name]})
                for mode in ("est", "oracle"):
                    kwargs = {"num_speakers": n_ref} if mode == "oracle" else {}
                    t0 = time.monotonic()
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        out = pipeline(file, **kwargs)
                    hyp = dz.turns_from_annotation(out.speaker_diarization, len(audio[name]) * 1000 // 16000)
                    s = diarization_error_rate(refs[name], hyp)
                    rows.append({
                        "config": asdict(cfg), "clip": name, "mode": mode,
                        "der": s.der, "fa": s.false_alarm, "miss": s.missed,
                        "conf": s.confusion, "n_ref": n_ref,
                        "n_hyp": len({t.speaker for t in hyp}),
                        "seconds": time.monotonic() - t0,
                    })
            _print_config(rows[-2 * len(files):], cfg)
        pipeline.training = False
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


def _print_config(rows, cfg) -> None:
    label = (f"thr={cfg.threshold:.2f} {cfg.method:8s} mcs={cfg.min_cluster_size:2d} "
             f"off={cfg.min_duration_off:.1f} excl={int(cfg.exclude_overlap)} {cfg.embedding_pooling} step={cfg.segmentation_step} "
             f"constr={int(cfg.constrained_assignment)}")
    for mode in ("est", "oracle"):
        sel = [r for r in rows if r["mode"] == mode]
        cells = " ".join(f"{r['clip'][:14]:>14s}={100 * r['der']:5.1f}({r['n_hyp']})" for r in sel)
        mean = sum(r["der"] for r in sel) / len(sel)
        print(f"{label} {mode:6s} mean={100 * mean:5.1f} | {cells}", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
