"""Time and memory of the diarisation step on one recording, and its DER given a reference.

    python bench/diarize.py FILE [--rttm REF] [--speakers N | --min-speakers A --max-speakers B]
                                 [--device auto] [--threshold T] [--pooling masked|cropped]
                                 [--save-windows PKL | --load-windows PKL] [--json OUT]

Prints: audio duration, model load time, wall time of ``diarize()`` (split into the networks,
``analyse``, and clustering + reconstruction, ``speaker_turns``), real-time factor, peak
resident memory (VmHWM from /proc, reset just before diarising with /proc/self/clear_refs so it
is the peak *of this step*, decoded audio included; also apart for the networks, ``analyse``,
and for clustering + reconstruction, ``speaker_turns``, the peak reset between them) and, with ``--rttm``, the DER
(pyannote.metrics, collar 0.5 s total = 0.25 s each side, overlap scored). Set
``OMP_NUM_THREADS``/``SEANCE_TORCH_THREADS`` to control threads. Linux only for the memory.
"""

from __future__ import annotations

import argparse
import json
import logging
import pickle
import sys
import time
from dataclasses import asdict, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from transcriber import diarize as dz  # noqa: E402
from transcriber._diarization_steps import training_embeddings  # noqa: E402
from transcriber.audio import decode  # noqa: E402
from transcriber.jobs import Progress  # noqa: E402


def _status_kb(field: str) -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return -1


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", type=Path)
    ap.add_argument("--rttm", type=Path)
    ap.add_argument("--speakers", type=int)
    ap.add_argument("--min-speakers", type=int)
    ap.add_argument("--max-speakers", type=int)
    ap.add_argument("--device", default="auto")
    ap.add_argument("--threshold", type=float)
    ap.add_argument("--pooling", choices=("masked", "cropped"))
    ap.add_argument("--json", type=Path, help="also write the figures as JSON")
    ap.add_argument("--save-windows", type=Path, help="pickle the networks' output here")
    ap.add_argument("--load-windows", type=Path,
                    help="skip the networks: cluster a pickle of --save-windows (same file)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(name)s %(message)s")

    config = dz.DEFAULT_CONFIG
    if args.threshold is not None:
        config = replace(config, threshold=args.threshold)
    if args.pooling:
        config = replace(config, embedding_pooling=args.pooling)
    hints = dz.SpeakerHints(args.speakers, args.min_speakers, args.max_speakers)

    t0 = time.monotonic()
    samples = decode(args.file)
    decode_s = time.monotonic() - t0
    duration_s = samples.size / dz.SAMPLE_RATE

    # load (and warm) the pipeline on 2 s of the file, so the timed run is the step alone
    t0 = time.monotonic()
    dz.diarize(samples[: 2 * dz.SAMPLE_RATE].copy(), device=args.device, config=config)
    load_s = time.monotonic() - t0

    rss_before_mb = _status_kb("VmRSS") / 1024
    peak_reset = _reset_peak()
    last = [0.0]

    def progress(p: Progress) -> None:
        if p.fraction - last[0] >= 0.1 or p.fraction >= 1.0:
            last[0] = p.fraction
            logging.info("diarize %3.0f %%", 100 * p.fraction)

    t0 = time.monotonic()
    if args.load_windows:
        with open(args.load_windows, "rb") as f:
            windows = pickle.load(f)
    else:
        windows = dz.analyse(samples, progress=progress, device=args.device, config=config)
    analyse_s = time.monotonic() - t0
    analyse_peak_mb = _status_kb("VmHWM") / 1024
    if args.save_windows:
        with open(args.save_windows, "wb") as f:
            pickle.dump(windows, f, protocol=pickle.HIGHEST_PROTOCOL)
    rss_after_analyse_mb = _status_kb("VmRSS") / 1024
    _reset_peak()
    t1 = time.monotonic()
    notes: list[str] = []
    turns = dz.speaker_turns(windows, hints, config, notes)
    wall_s = analyse_s + time.monotonic() - t1
    clustering_peak_mb = _status_kb("VmHWM") / 1024
    peak_mb = max(analyse_peak_mb, clustering_peak_mb)

    result = {
        "file": str(args.file),
        "duration_s": round(duration_s, 1),
        "device": dz.resolve_device(args.device),
        "torch_threads": dz.torch_threads(),
        "decode_s": round(decode_s, 2),
        "load_and_warmup_s": round(load_s, 2),
        "diarize_s": round(wall_s, 2),
        "networks_s": round(analyse_s, 2),
        "clustering_s": round(wall_s - analyse_s, 2),
        "rtf": round(wall_s / duration_s, 4),
        "rss_before_mb": round(rss_before_mb),
        "peak_rss_mb": round(peak_mb),
        "networks_peak_rss_mb": round(analyse_peak_mb),
        "rss_after_networks_mb": round(rss_after_analyse_mb),
        "clustering_peak_rss_mb": round(clustering_peak_mb),
        "windows": int(windows.embeddings.shape[0]),
        "clustered_voice_prints": int(len(training_embeddings(windows, config.min_clean_ratio)[0])),
        "peak_is_step_only": peak_reset,
        "turns": len(turns),
        "speakers": len({t.speaker for t in turns}),
        "notes": notes,
        "config": asdict(config),
    }
    if args.rttm:
        from transcriber._diarization_metrics import COLLAR_S, diarization_error_rate, load_rttm

        ref = load_rttm(args.rttm)
        score = diarization_error_rate(ref, turns)
        result.update({
            "ref_speakers": len({t.speaker for t in ref}),
            "der": round(score.der, 4), "false_alarm": round(score.false_alarm, 4),
            "missed": round(score.missed, 4), "confusion": round(score.confusion, 4),
            "collar_total_s": COLLAR_S,
        })
    for key, value in result.items():
        if key != "config":
            sys.stdout.write(f"{key:>18s}: {value}\n")
    sys.stdout.write(f"{'config':>18s}: {json.dumps(result['config'])}\n")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
