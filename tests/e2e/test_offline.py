"""The whole pipeline runs with every socket refused: nothing can leave the machine."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

NO_NETWORK = r"""
import socket, sys
attempts = []
def refuse(*args, **kwargs):
    attempts.append(args[:2])
    sys.stderr.write(f"NETWORK ATTEMPT {args[:2]!r}\n")
    raise OSError("network disabled by the test")
socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
from transcriber.cli import main
code = main(sys.argv[1:])
sys.exit(code if not attempts else 99)
"""


@pytest.mark.slow
def test_full_pipeline_with_sockets_refused(seance_home, tmp_path, eval_dir):
    wav = eval_dir / "fr_edf_phonecall_2spk.wav"
    run = subprocess.run(
        [sys.executable, "-c", NO_NETWORK, "transcribe", str(wav), "--out", str(tmp_path), "--threads", "2"],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    assert "NETWORK ATTEMPT" not in run.stderr
    assert run.returncode == 0, run.stderr
    folder = next(tmp_path.glob("*.seance"))
    meeting = json.loads((folder / "meeting.json").read_text("utf-8"))
    assert set(meeting["steps"]) >= {"asr", "diarize", "align"}
    speakers = {s["speaker"] for s in meeting["segments"]}
    assert len(speakers) >= 2 and None not in speakers
    assert len(meeting["speakers"]) == len(speakers)
