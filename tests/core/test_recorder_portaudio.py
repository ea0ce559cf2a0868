"""The real PortAudio path: a PulseAudio null sink plays a WAV, ``SoundDeviceSource`` records
its monitor through the ``pulse`` device (see shared/PLATFORM.md).

PortAudio reads the PulseAudio environment once, when sounddevice is imported, so the recording
runs in a child process (``python -m transcriber.cli record --device pulse``) with the
private server's environment; this process's PortAudio stays untouched.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
import wave
from pathlib import Path

import numpy as np
import pytest

from transcriber.store import MeetingFolder

try:
    from .recording_helpers import REPO, child_env, cli_record_command, eval_wav, read_wav
except ImportError:
    from recording_helpers import REPO, child_env, cli_record_command, eval_wav, read_wav

RECORD_S = 4


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@pytest.fixture
def pulse_env():
    """A private PulseAudio server with a null sink; yields the environment to reach it."""
    exe = shutil.which("pulseaudio")
    if exe is None:
        pytest.skip("the pulseaudio binary is absent (scripts/install-system.sh installs it)")
    pactl = shutil.which("pactl")
    # short paths: the server's unix socket path must stay under 108 characters
    runtime = Path(tempfile.mkdtemp(prefix="seance-pa-"))
    home = Path(tempfile.mkdtemp(prefix="seance-home-"))
    env = child_env(XDG_RUNTIME_DIR=str(runtime), HOME=str(home))
    for var in ("PULSE_SERVER", "PULSE_SINK", "PULSE_SOURCE", "PULSE_COOKIE"):
        env.pop(var, None)
    pid = None
    try:
        subprocess.run(
            [exe, "-D", "--exit-idle-time=-1", "-n",
             "--load=module-null-sink sink_name=nullsink",
             "--load=module-native-protocol-unix", "--load=module-always-sink"],
            env=env, check=True, timeout=30, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        pid_file = runtime / "pulse" / "pid"
        deadline = time.monotonic() + 15
        while not pid_file.exists():
            assert time.monotonic() < deadline, "PulseAudio started but wrote no pid file"
            time.sleep(0.05)
        pid = int(pid_file.read_text().strip())
        if pactl:
            subprocess.run([pactl, "info"], env=env, check=True, timeout=15,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        yield env
    finally:
        if pid is not None and _alive(pid):
            os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + 5
            while _alive(pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        shutil.rmtree(runtime, ignore_errors=True)
        shutil.rmtree(home, ignore_errors=True)


def test_sounddevice_records_speech_from_a_pulse_null_sink(pulse_env, tmp_path):
    src = eval_wav()
    paplay = shutil.which("paplay")
    assert paplay, "paplay comes with pulseaudio-utils"
    player = subprocess.Popen([paplay, "--device=nullsink", str(src)], env=pulse_env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        done = subprocess.run(
            cli_record_command("record", "--title", "Micro Pulse", "--out", str(tmp_path),
                               "--device", "pulse", "--duration", str(RECORD_S)),
            cwd=REPO, env={**pulse_env, "PULSE_SOURCE": "nullsink.monitor"},
            stdin=subprocess.DEVNULL, capture_output=True, timeout=120,
        )
        still_playing = player.poll() is None
    finally:
        if player.poll() is None:
            player.terminate()
        player.wait(timeout=10)
    output = done.stdout.decode() + done.stderr.decode()
    assert done.returncode == 0, output
    assert still_playing, "the playback must cover the whole recording"

    (folder,) = tmp_path.glob("*.seance")
    meeting = MeetingFolder(folder).load()
    rate, samples = read_wav(folder / meeting.audio)
    with wave.open(str(folder / meeting.audio)) as w:
        assert w.getnchannels() == 1
    assert meeting.steps["record"]["source"] == "pulse"
    assert rate == meeting.steps["record"]["samplerate"] and 8000 <= rate <= 48000
    assert len(samples) == RECORD_S * rate, "the file holds exactly the requested duration"
    assert meeting.duration_ms == RECORD_S * 1000
    x = samples.astype(np.float64) / 32768
    rms = float(np.sqrt(np.mean(x * x)))
    print(f"\npulse recording: {rate} Hz, RMS {20 * np.log10(max(rms, 1e-9)):.1f} dBFS")
    assert rms > 10 ** (-55 / 20), f"the speech did not come back (RMS {rms:.2e})"
    assert np.count_nonzero(samples) > 0.3 * len(samples)
