"""Séance's benchmarks, run on demand (never in CI).

    python -m bench all FILE [FILE ...] [--model NAME] [--threads N] [--repeat K]
                        [--skip plain-whisper,plain-pyannote] [--json OUT]

``all`` runs, for each file and in the same run, three fresh processes one after the other:
Séance's whole pipeline (decode, ASR, diarisation, alignment, then the minutes), plain
faster-whisper (same model and decoding options) and plain pyannote.audio (same weights); see
``bench/measure.py``. It prints per stage the wall time, real-time factor, CPU seconds per minute
of audio (the honest proxy for energy) and peak RSS, then the ratios Séance / plain, and writes
the machine (CPU model, cores, GPU, load) with every figure to a JSON file
(default ``bench/results/all-<time>.json``, git-ignored). With ``--repeat K`` the sides
alternate K times and the table shows each side's fastest run (the JSON keeps every run).

Long test files: ``python bench/make_long.py --minutes 60`` (built from the eval clips).
Other scripts of this folder: ``asr.py`` (Séance vs plain, ASR only), ``wer.py`` (word error
rate), ``diarize.py`` (diarisation time, memory, DER), ``diar_lab.py`` / ``heldout.py`` /
``word_speakers.py`` (diarisation quality on tuned and held-out data, see DIARIZATION.md).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
#: the environment as the user's shell gave it, before ``transcriber`` adds its own settings
USER_ENV = dict(os.environ)
SIDES = ("seance", "plain-whisper", "plain-pyannote")


def run_side(side: str, file: Path, model: str, threads: int, language: str) -> dict[str, Any]:
    from bench import machine, rsswatch

    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        out = Path(tmp) / "side.json"
        cmd = [sys.executable, "-m", "bench.measure", side, str(file), "--model", model,
               "--threads", str(threads), "--language", language, "--out", str(out)]
        env = dict(USER_ENV, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), USER_ENV.get("PYTHONPATH")])))
        load_before = machine.load()
        start = time.perf_counter()
        err_path = Path(tmp) / "stderr.txt"
        with open(err_path, "w", encoding="utf-8") as err:
            proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err)
            with rsswatch.TreeWatcher(proc.pid) as watch:
                returncode = proc.wait()
        wall = time.perf_counter() - start
        if returncode != 0:
            raise SystemExit(f"{side} failed on {file}:\n{err_path.read_text('utf-8')[-4000:]}")
        result = json.loads(out.read_text("utf-8"))
    # peak of the whole process tree seen from outside, sampled every 0.2 s (the steps' own
    # figures are each step's VmHWM inside the process)
    result.update({"side": side, "process_wall_s": round(wall, 2), "load_before": load_before,
                   "load_after": machine.load(), "tree_rss": watch.to_dict()})
    return result


def _row(label: str, u: dict[str, Any]) -> str:
    audio_min = (u.get("audio_s") or 0) / 60
    per_min = u["cpu_s"] / audio_min if audio_min else 0.0
    rtf = u["wall_s"] / u["audio_s"] if u.get("audio_s") else 0.0
    return (f"  {label:<30}{u['wall_s']:9.1f}{rtf:8.3f}{u['cpu_s']:9.1f}{per_min:9.1f}"
            f"{u['peak_rss_mb']:10.0f}")


def _best(runs: list[dict[str, Any]]) -> dict[str, Any]:
    return min(runs, key=lambda r: r["process_wall_s"])


def report(file: Path, audio_s: float, runs: dict[str, list[dict[str, Any]]]) -> dict[str, float]:
    print(f"\n{file.name}: {audio_s / 60:.1f} min of audio, {len(next(iter(runs.values())))} run(s) per side")
    print(f"  {'stage':<30}{'wall s':>9}{'RTF':>8}{'CPU s':>9}{'CPU s/min':>9}{'peak MB':>10}")
    ratios: dict[str, float] = {}
    if "seance" in runs:
        s = _best(runs["seance"])
        for name, u in s["stages"].items():
            print(_row(f"séance {name}", u))
        print(_row("séance decode→align (pipeline)", s["pipeline"]))
        if s.get("tree_rss"):
            print(f"  séance process tree, peak RSS seen from outside: {s['tree_rss']['peak_mb']:.0f} MB "
                  f"(at {s['tree_rss']['peak_at_s']:.0f} s of {s['process_wall_s']:.0f} s)")
    if "plain-whisper" in runs:
        w = _best(runs["plain-whisper"])
        for name, u in w["stages"].items():
            print(_row(f"plain faster-whisper {name}", {**u, "audio_s": audio_s}))
    if "plain-pyannote" in runs:
        p = _best(runs["plain-pyannote"])
        for name, u in p["stages"].items():
            print(_row(f"plain pyannote {name}", {**u, "audio_s": audio_s}))
    if "seance" in runs and "plain-whisper" in runs:
        plain = w["stages"]["load"]["wall_s"] + w["stages"]["transcribe"]["wall_s"]
        plain_cpu = w["stages"]["load"]["cpu_s"] + w["stages"]["transcribe"]["cpu_s"]
        asr = s["stages"]["decode"]["wall_s"] + s["stages"]["asr"]["wall_s"]
        ratios["asr_wall_vs_plain_whisper"] = asr / plain
        ratios["asr_cpu_vs_plain_whisper"] = (s["stages"]["decode"]["cpu_s"] + s["stages"]["asr"]["cpu_s"]) / plain_cpu
        ratios["pipeline_wall_vs_plain_whisper"] = s["pipeline"]["wall_s"] / plain
        ratios["pipeline_cpu_vs_plain_whisper"] = s["pipeline"]["cpu_s"] / plain_cpu
        ratios["asr_peak_vs_plain_whisper"] = (s["stages"]["asr"]["peak_rss_mb"]
                                               / w["stages"]["transcribe"]["peak_rss_mb"])
    if "seance" in runs and "plain-pyannote" in runs and "diarize" in s["stages"]:
        plain = p["stages"]["load"]["wall_s"] + p["stages"]["diarize"]["wall_s"]
        ratios["diarize_wall_vs_plain_pyannote"] = s["stages"]["diarize"]["wall_s"] / plain
        ratios["diarize_cpu_vs_plain_pyannote"] = s["stages"]["diarize"]["cpu_s"] / (
            p["stages"]["load"]["cpu_s"] + p["stages"]["diarize"]["cpu_s"])
    if ratios:
        print("  ratios (Séance / plain; the plain sides include loading their model, as Séance's steps do):")
        targets = {"asr_wall_vs_plain_whisper": 1.10, "pipeline_wall_vs_plain_whisper": 1.15}
        for key, value in ratios.items():
            target = f"   (target ≤ {targets[key]:.2f})" if key in targets else ""
            print(f"    {key:<34}{value:6.2f}{target}")
    return {k: round(v, 3) for k, v in ratios.items()}


def cmd_all(args: argparse.Namespace) -> int:
    from bench import machine

    sys.path.insert(0, str(ROOT))
    from transcriber import audio

    skip = {s.strip() for s in (args.skip or "").split(",") if s.strip()}
    sides = [s for s in SIDES if s not in skip]
    results: dict[str, Any] = {"machine": machine.describe(), "model": args.model,
                               "threads": args.threads, "language": args.language,
                               "started": time.strftime("%Y-%m-%dT%H:%M:%S"), "files": []}
    for file in args.files:
        audio_s = audio.probe(file).duration_ms / 1000
        runs: dict[str, list[dict[str, Any]]] = {s: [] for s in sides}
        for _ in range(args.repeat):
            for side in sides:
                runs[side].append(run_side(side, file, args.model, args.threads, args.language))
        ratios = report(file, audio_s, runs)
        results["files"].append({"file": str(file), "audio_s": audio_s, "runs": runs, "ratios": ratios})
    results["machine"]["load_at_end"] = machine.load()
    out = args.json or ROOT / "bench" / "results" / f"all-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1, ensure_ascii=False), "utf-8")
    m = results["machine"]
    print(f"\nmachine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, GPU: {', '.join(m['gpus']) or 'none'}; "
          f"load {m['load_at_start']} → {m['load_at_end']}")
    print(f"figures: {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("all", help="every stage of Séance beside plain faster-whisper and pyannote")
    p.add_argument("files", nargs="+", type=Path)
    p.add_argument("--model", default="base")
    p.add_argument("--threads", type=int, default=os.cpu_count() or 1,
                   help="CPU threads for the ASR of every side (default: every core)")
    p.add_argument("--language", default="fr")
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--skip", help="sides to leave out: plain-whisper, plain-pyannote, seance")
    p.add_argument("--json", type=Path)
    p.set_defaults(func=cmd_all)
    args = ap.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
