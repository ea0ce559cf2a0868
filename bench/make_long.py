"""Build a long recording (and its RTTM reference) by concatenating the eval clips.

    python bench/make_long.py [--minutes 60] [--out DIR] [--eval-dir DIR] [--seed 0]
                              [--only CLIP] [--gap S]

Writes ``DIR/long_<N>min.wav`` (16 kHz mono 16-bit) and ``DIR/long_<N>min.rttm`` outside the
repository (default: the system temp folder). Every round takes every eval WAV once, in a
shuffled order, with 1 s of silence between clips, until the target duration is reached. The
reference keeps each clip's speakers (their labels are distinct across clips, so a speaker who
comes back in a later round is the same label); a clip without RTTM (FLEURS, one reader) is
marked as one speaker talking from its start to its end. Memory stays flat: clips are streamed
to the output file one at a time. ``--only fr_edf_phonecall_2spk --gap 0 --minutes 9.33`` repeats
one clip (the phone call three times: 9 min 20 s).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import wave
from pathlib import Path

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
          gap_s: float = GAP_S) -> tuple[Path, Path]:
    clips = sorted(eval_dir.glob(f"{only}.wav" if only else "*.wav"))
    if not clips:
        raise SystemExit(f"no WAV in {eval_dir}" + (f" named {only}.wav" if only else ""))
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"{only}_{minutes:g}min" if only else f"long_{minutes:g}min"
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
    args = ap.parse_args()
    repo = Path(__file__).resolve().parents[1]
    if args.out.resolve().is_relative_to(repo):
        raise SystemExit("write the long recording outside the repository")
    wav, rttm = build(args.eval_dir, args.out, args.minutes, args.seed, args.only, args.gap)
    sys.stdout.write(f"{wav}\n{rttm}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
