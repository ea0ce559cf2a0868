"""Build the held-out diarisation clips (never tuned on) under ``build/heldout/``.

    python bench/heldout.py [--mirror DIR] [--out build/heldout]

The clips come from local git snapshots of two public repositories (the project's `fetch` tool
puts them under ``/work/.mirror/OWNER+NAME/repo``); nothing is downloaded here, nothing is
committed (``build/`` is git-ignored), and no test depends on these files.

* ``pyannote/pyannote-audio`` (MIT; the audio is AMI meeting-corpus audio, CC BY 4.0):
  ``tests/data/{dev01,tst01,trn00..trn09}.wav`` with ``debug.*.rttm`` — 30 s windows of AMI
  meetings, 1 to 4 speakers. ``trn06`` is already an eval clip (tuned on) and is skipped.
  ``dev01`` and ``tst01`` are other windows of the meetings of ``dev00``/``tst00`` (same voices,
  different audio); ``trn07``/``trn08`` share their four voices, ``trn09`` shares one with
  ``trn06``.
* ``linto-ai/ssak`` (AGPL-3.0; the clip is from the TCOF corpus, CC BY-NC-SA):
  ``tests/data/audio/tcof2channels.wav`` = ``salledebain_sch_13``, a 20 s French conversation
  between three people, with its Kaldi ``segments``/``utt2spk`` turned into an RTTM.

Audio is written as 16 kHz mono 16-bit WAV (decoded with ``transcriber.audio.decode``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from transcriber.audio import decode  # noqa: E402

DEFAULT_MIRROR = Path("/work/.mirror")
PYANNOTE = "pyannote+pyannote-audio"
SSAK = "linto-ai+ssak"
#: eval clips (tuned on) that also live in pyannote's test data
TUNED = {"dev00", "tst00", "trn06"}


def _git(repo: Path, *args: str) -> bytes:
    return subprocess.run(["git", "--git-dir", os.fspath(repo), *args], check=True,
                          capture_output=True).stdout


def _write_wav(path: Path, samples: np.ndarray) -> None:
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
    with wave.open(os.fspath(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(pcm.tobytes())


def _blob_to_wav(repo: Path, blob_path: str, out: Path) -> float:
    data = _git(repo, "show", f"HEAD:{blob_path}")
    with tempfile.NamedTemporaryFile(suffix=Path(blob_path).suffix) as tmp:
        tmp.write(data)
        tmp.flush()
        samples = decode(Path(tmp.name))
    _write_wav(out, samples)
    return samples.size / 16000


def build_pyannote(mirror: Path, out: Path) -> list[str]:
    repo = mirror / PYANNOTE / "repo"
    names = []
    files = _git(repo, "ls-tree", "-r", "--name-only", "-z", "HEAD", "tests/data/").split(b"\0")
    wavs = {Path(f.decode()).stem: f.decode() for f in files if f.endswith(b".wav")}
    for stem in [s for s in wavs if s.startswith("tr") and s.endswith("00") and s != "trn00"]:
        wavs["trn00"] = wavs.pop(stem)  # "trá00.wav" upstream, "trn00" in the RTTM
    rttm_lines: dict[str, list[str]] = {}
    for part in ("development", "test", "train"):
        text = _git(repo, "show", f"HEAD:tests/data/debug.{part}.rttm").decode("utf-8")
        for line in text.splitlines():
            fields = line.split()
            if len(fields) >= 8 and fields[0] == "SPEAKER":
                rttm_lines.setdefault(fields[1], []).append(line)
    for uri in sorted(rttm_lines):
        if uri in TUNED or uri not in wavs:
            continue
        name = f"ami_{uri}"
        _blob_to_wav(repo, wavs[uri], out / f"{name}.wav")
        (out / f"{name}.rttm").write_text(
            "".join(_retag(line, name) for line in rttm_lines[uri]), "utf-8")
        names.append(name)
    return names


def build_ssak(mirror: Path, out: Path) -> list[str]:
    repo = mirror / SSAK / "repo"
    rec = "salledebain_sch_13"
    name = "fr_tcof_salledebain_3spk"
    _blob_to_wav(repo, "tests/data/audio/tcof2channels.wav", out / f"{name}.wav")
    segments = _git(repo, "show", "HEAD:tests/data/kaldi/complete/segments").decode("utf-8")
    utt2spk = dict(
        line.split()[:2]
        for line in _git(repo, "show", "HEAD:tests/data/kaldi/complete/utt2spk").decode().splitlines()
        if line.strip()
    )
    lines = []
    for line in segments.splitlines():
        utt, reco, start, end = line.split()[:4]
        if reco != rec:
            continue
        speaker = utt2spk[utt].rsplit("_", 1)[-1]
        lines.append(f"SPEAKER {name} 1 {float(start):.3f} {float(end) - float(start):.3f} "
                     f"<NA> <NA> {speaker} <NA> <NA>\n")
    (out / f"{name}.rttm").write_text("".join(lines), "utf-8")
    return [name]


def _retag(line: str, name: str) -> str:
    fields = line.split()
    fields[1] = name
    return " ".join(fields) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mirror", type=Path, default=DEFAULT_MIRROR)
    ap.add_argument("--out", type=Path, default=REPO / "build" / "heldout")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    names = build_pyannote(args.mirror, args.out) + build_ssak(args.mirror, args.out)
    for n in names:
        sys.stdout.write(f"{args.out / n}.wav\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
