"""Build a long recording (and its RTTM reference) by concatenating the eval clips.

    python bench/make_long.py [--minutes 60] [--out DIR] [--eval-dir DIR] [--seed 0]
                              [--only CLIP] [--gap S] [--rttm-only] [--vary] [--name NAME]

Writes ``DIR/long_<N>min.wav`` (16 kHz mono 16-bit) and ``DIR/long_<N>min.rttm`` outside the
repository or under its git-ignored ``build/`` (default: the system temp folder). Every round
takes every WAV of the folder once, in a shuffled order, with 1 s of silence between clips,
until the target duration is reached. The reference keeps each clip's speakers (their labels
are distinct across clips, so a speaker who comes back in a later round, or in another window of
the same meeting, is the same label); a clip without RTTM (FLEURS, one reader) is marked as one
speaker talking from its start to its end, unless ``--rttm-only`` leaves such clips out. With
``--vary``, every repeat of a clip after its first gets another gain (-6 to +3 dB) and a faint
noise floor, so that a returning voice is never the same samples twice. Memory stays flat:
clips are streamed to the output file one at a time. ``--only fr_edf_phonecall_2spk --gap 0
--minutes 9.33`` repeats one clip (the phone call three times: 9 min 20 s).

The long-meeting benchmark of ``bench/DIARIZATION.md`` uses ``--minutes 20 --rttm-only --vary``
on the eval clips (tuned) and on ``build/heldout`` (``bench/heldout.py``; never tuned on).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import wave
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from transcriber._diarization_metrics import load_rttm  # noqa: E402

DEFAULT_EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
RATE = 16000
GAP_S = 1.0


def read_clip(path: Path) -> bytes:
    with wave.open(os.fspath(path)) as w:
        if w.getframerate() != RATE or w.getnchannels() != 1 or w.getsampwidth() != 2:
            raise SystemExit(f"{path}: expected 16 kHz mono 16-bit WAV")
        return w.readframes(w.getnframes())


def build(eval_dir: Path, out_dir: Path, minutes: float, seed: int = 0, only: str | None = None,
          gap_s: float = GAP_S, rttm_only: bool = False, vary: bool = False,
          name: str | None = None) -> tuple[Path, Path]:
    clips = sorted(c for c in eval_dir.glob(f"{only}.wav" if only else "*.wav")
                   if not rttm_only or c.with_suffix(".rttm").exists())
    if not clips:
        raise SystemExit(f"no WAV in {eval_dir}" + (f" named {only}.wav" if only else ""))
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = name or (f"{only}_{minutes:g}min" if only else f"long_{minutes:g}min")
    seen: set[Path] = set()
    noise = np.random.default_rng(seed)
    wav_path, rttm_path = out_dir / f"{stem}.wav", out_dir / f"{stem}.rttm"
    rng = random.Random(seed)
    target = minutes * 60 * RATE
    gap = b"\x00\x00" * int(gap_s * RATE)
    written = 0
    lines: list[str] = []
    with wave.open(os.fspath(wav_path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        while written < target:
            order = clips[:]
            rng.shuffle(order)
            for clip in order:
                data = read_clip(clip)
                if vary and clip in seen:
                    data = _vary(data, rng.uniform(-6.0, 3.0), noise)
                seen.add(clip)
                offset = written / RATE
                rttm = clip.with_suffix(".rttm")
                turns = load_rttm(rttm) if rttm.exists() else []
                if turns:
                    for t in turns:
                        lines.append(_line(stem, offset + t.start_ms / 1000,
                                           (t.end_ms - t.start_ms) / 1000, t.speaker))
                else:
                    lines.append(_line(stem, offset, len(data) / 2 / RATE, clip.stem))
                out.writeframes(data)
                out.writeframes(gap)
                written += len(data) // 2 + len(gap) // 2
                if written >= target:
                    break
    rttm_path.write_text("".join(lines), "utf-8")
    return wav_path, rttm_path


def _vary(data: bytes, gain_db: float, noise: np.random.Generator) -> bytes:
    x = np.frombuffer(data, dtype="<i2").astype(np.float32) * 10 ** (gain_db / 20)
    x += noise.normal(0.0, 3.0, x.size).astype(np.float32)  # about -80 dBFS
    return np.clip(np.rint(x), -32768, 32767).astype("<i2").tobytes()


def _line(uri: str, onset: float, duration: float, speaker: str) -> str:
    return f"SPEAKER {uri} 1 {onset:.3f} {duration:.3f} <NA> <NA> {speaker} <NA> <NA>\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=60.0)
    ap.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "seance-long")
    ap.add_argument("--eval-dir", type=Path,
                    default=Path(os.environ.get("SEANCE_EVAL_DIR", DEFAULT_EVAL)))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--only", metavar="CLIP", help="repeat this clip only (e.g. fr_edf_phonecall_2spk)")
    ap.add_argument("--gap", type=float, default=GAP_S, help="seconds of silence between clips")
    ap.add_argument("--rttm-only", action="store_true", help="leave out clips without RTTM")
    ap.add_argument("--vary", action="store_true", help="vary gain and noise of repeats")
    ap.add_argument("--name", help="file stem (default long_<N>min)")
    args = ap.parse_args()
    repo = Path(__file__).resolve().parents[1]
    out = args.out.resolve()
    if out.is_relative_to(repo) and not out.is_relative_to(repo / "build"):
        raise SystemExit("write the long recording outside the repository (or under build/)")
    wav, rttm = build(args.eval_dir, args.out, args.minutes, args.seed, args.only, args.gap,
                      args.rttm_only, args.vary, args.name)
    sys.stdout.write(f"{wav}\n{rttm}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
