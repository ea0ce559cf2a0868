#!/usr/bin/env python3
"""Wall time and peak memory of ``seance transcribe`` against plain faster-whisper, same file/model.

Usage: bench/asr.py FILE [--threads N] [--diarize] [--repeat K]

Each run is a fresh child process (model load included, as a user would run it); the peak
memory is the child's maximum resident set size (``wait4``). Séance runs ASR only unless
``--diarize`` is given, so both sides do the same work. Target: ratio ≤ 1.10.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable

PLAIN = """
import sys
from faster_whisper import WhisperModel
model = WhisperModel(sys.argv[1], device="cpu", compute_type="int8", cpu_threads=int(sys.argv[3]))
segments, info = model.transcribe(sys.argv[2], language="fr")
print(sum(len(s.text.split()) for s in segments), "words")
"""


def measure(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(wall seconds, peak RSS in MB, stdout) of a child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    out = proc.stdout.read() if proc.stdout else ""
    err = proc.stderr.read() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"command failed: {' '.join(cmd)}\n{err}")
    return wall, usage.ru_maxrss / 1024, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--diarize", action="store_true")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from transcriber import audio
    from transcriber.modelstore import assemble_bundled

    folder = assemble_bundled()
    duration = audio.probe(args.file).duration_ms / 1000
    env = dict(os.environ, OMP_WAIT_POLICY="PASSIVE", PYTHONPATH=str(ROOT))
    results: dict[str, list[tuple[float, float]]] = {"seance": [], "plain": []}
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as out:
            cmd = [PY, "-m", "transcriber.cli", "transcribe", str(args.file), "--out", out,
                   "--threads", str(args.threads)]
            if not args.diarize:
                cmd.append("--no-diarize")
            wall, rss, _ = measure(cmd, env)
            results["seance"].append((wall, rss))
        wall, rss, _ = measure([PY, "-c", PLAIN, str(folder), str(args.file), str(args.threads)], env)
        results["plain"].append((wall, rss))
    best = {k: (min(w for w, _ in v), max(r for _, r in v)) for k, v in results.items()}
    print(f"file: {args.file.name}  audio: {duration:.1f} s  threads: {args.threads}  "
          f"diarize: {args.diarize}  runs: {args.repeat}")
    print(f"{'':<22}{'wall s':>10}{'RTF':>8}{'peak MB':>10}")
    for name, label in (("seance", "seance transcribe"), ("plain", "plain faster-whisper")):
        wall, rss = best[name]
        print(f"{label:<22}{wall:10.1f}{wall / duration:8.3f}{rss:10.0f}")
    print(f"ratio (séance / plain): time {best['seance'][0] / best['plain'][0]:.2f}, "
          f"memory {best['seance'][1] / best['plain'][1]:.2f}  (target ≤ 1.10)")


if __name__ == "__main__":
    main()
