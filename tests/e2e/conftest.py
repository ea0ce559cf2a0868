"""One real pipeline run shared by the end-to-end tests (it is the slowest step of the suite)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: Runs the CLI with every socket refused; exits 99 if anything tried to connect.
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


@pytest.fixture(scope="session")
def offline_run(tmp_path_factory, eval_dir):
    """The French phone call (2 speakers, 3 min) through the whole pipeline, offline."""
    out = tmp_path_factory.mktemp("offline")
    wav = eval_dir / "fr_edf_phonecall_2spk.wav"
    run = subprocess.run(
        [sys.executable, "-c", NO_NETWORK, "transcribe", str(wav), "--out", str(out),
         "--title", "Appel EDF", "--threads", "2"],
        cwd=ROOT, capture_output=True, text=True, timeout=1200,
    )
    folders = list(out.glob("*.seance"))
    return run, folders[0] if folders else None
