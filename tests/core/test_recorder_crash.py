"""A recording in a child process killed with SIGKILL is recovered up to its last seconds."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import wave

import numpy as np
import pytest

from transcriber.recording import STATE_FILE, find_interrupted, is_interrupted, recover
from transcriber.store import MeetingFolder

try:
    from .recording_helpers import REPO, child_env, cli_record_command, eval_wav, read_wav
except ImportError:
    from recording_helpers import REPO, child_env, cli_record_command, eval_wav, read_wav

KILL_AFTER_S = 6.0

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")


def _wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def _state(folder):
    try:
        return json.loads((folder / STATE_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None


def test_sigkilled_recording_is_recovered_sample_for_sample(tmp_path):
    src = eval_wav()
    rate, source = read_wav(src)
    log = open(tmp_path / "child.log", "wb")
    out = tmp_path / "meetings"
    child = subprocess.Popen(
        cli_record_command("record", "--title", "Conseil interrompu", "--out", str(out),
                           "--replay", str(src), "--speed", "1"),
        cwd=REPO, env=child_env(), stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        folder = _wait_for(lambda: next(iter(out.glob("*.seance")), None), 30, "the meeting folder")
        _wait_for(lambda: (_state(folder) or {}).get("state") == "recording", 30, "the state file")
        started = time.monotonic()
        time.sleep(1.0)
        child.stdin.write("\nn Ouverture de la séance\nv\n".encode("utf-8"))
        child.stdin.flush()
        _wait_for(lambda: len((_state(folder) or {}).get("markers", [])) == 3, 10, "the markers")
        time.sleep(max(0.0, started + KILL_AFTER_S - time.monotonic()))
        assert child.poll() is None, (tmp_path / "child.log").read_text()
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        log.close()
    assert child.returncode == -signal.SIGKILL

    assert is_interrupted(folder)
    found = find_interrupted(out)
    assert [f.folder.path for f in found] == [folder]
    meeting = recover(found[0].folder)

    got_rate, recorded = read_wav(folder / meeting.audio)
    recovered_s = len(recorded) / got_rate
    print(f"\nrecovered {recovered_s:.2f} s of audio after SIGKILL at {KILL_AFTER_S:.0f} s")
    assert got_rate == rate
    assert recovered_s >= KILL_AFTER_S - 2, recovered_s
    assert recovered_s <= KILL_AFTER_S + 1
    assert np.array_equal(recorded, source[: len(recorded)]), "every recovered sample is the source's"
    with wave.open(str(folder / meeting.audio)) as w:
        assert w.getnframes() == len(recorded)

    loaded = MeetingFolder(folder).load()
    assert loaded.duration_ms == len(recorded) * 1000 // rate
    assert [(m.kind, m.label) for m in loaded.markers] == [
        ("agenda", "Point 1"), ("note", "Ouverture de la séance"), ("vote", "Vote")]
    assert all(800 <= m.time_ms <= loaded.duration_ms for m in loaded.markers)
    assert _state(folder)["state"] == "recovered"
    assert find_interrupted(out) == []
