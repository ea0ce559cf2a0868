"""The folder lock of a recording, across processes: one holder at a time, whatever the timing.

The lock it replaced removed its file after unlocking: a process that had opened the file just
before could then lock the removed file while another made and locked a new one, and both held
"the" lock. Both tests below fail with that lock (checked when it was replaced: the stress test
counted 5,170 clashes in 5,206 holds).
"""

from __future__ import annotations

import subprocess
import sys

try:
    from .recording_helpers import REPO, child_env
except ImportError:
    from recording_helpers import REPO, child_env

from transcriber.recording import LOCK_FILE, FolderLock

#: a peer caught between opening the lock file and locking it, as a lock's ``acquire`` can be
PEER = r"""
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o644)
print("opened", flush=True)
sys.stdin.readline()
try:
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    print("locked", flush=True)
except OSError:
    print("busy", flush=True)
sys.stdin.readline()
"""

#: takes and releases the lock in a loop; inside each hold, a marker made with O_EXCL proves
#: that no other process holds it at the same time
STRESS = r"""
import os, sys, time
from pathlib import Path
from transcriber.recording import FolderLock
folder = Path(sys.argv[1])
lock, marker = FolderLock(folder / "recording.lock"), folder / "holder"
holds = clashes = 0
end = time.monotonic() + float(sys.argv[2])
while time.monotonic() < end:
    if not lock.acquire():
        continue
    holds += 1
    try:
        fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        clashes += 1
    else:
        os.close(fd)
        time.sleep(0.0005)
        os.unlink(marker)
    lock.release()
print(holds, clashes)
"""


def test_a_peer_that_opened_the_file_before_a_release_keeps_it_exclusive(tmp_path):
    path = tmp_path / LOCK_FILE
    first = FolderLock(path)
    assert first.acquire()
    peer = subprocess.Popen([sys.executable, "-c", PEER, str(path)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, env=child_env(), cwd=REPO)
    try:
        assert peer.stdout.readline().strip() == "opened"
        first.release()
        assert path.exists(), "the lock file stays: removing it is what made the race"
        peer.stdin.write("\n")
        peer.stdin.flush()
        assert peer.stdout.readline().strip() == "locked"
        third = FolderLock(path)
        assert not third.acquire(), "two holders at once"
        peer.stdin.write("\n")
        peer.stdin.flush()
        assert peer.wait(10) == 0
        assert third.acquire()  # the peer is gone: the OS released its lock
        third.release()
    finally:
        if peer.poll() is None:
            peer.kill()


def test_three_processes_never_hold_the_lock_together(tmp_path):
    children = [subprocess.Popen([sys.executable, "-c", STRESS, str(tmp_path), "2.5"], stdout=subprocess.PIPE,
                                 text=True, env=child_env(), cwd=REPO) for _ in range(3)]
    results = [tuple(map(int, c.communicate(timeout=60)[0].split())) for c in children]
    holds = sum(h for h, _ in results)
    print(f"\nlock stress: {holds} holds, {sum(c for _, c in results)} clashes ({results})")
    assert holds >= 60, "the processes hardly contended: the test proves nothing"
    assert sum(c for _, c in results) == 0


def test_the_same_process_cannot_take_a_held_lock_twice(tmp_path):
    """``find_interrupted`` in the recording process must see its own recording as live."""
    a, b = FolderLock(tmp_path / LOCK_FILE), FolderLock(tmp_path / LOCK_FILE)
    assert a.acquire() and not b.acquire()
    a.release()
    assert b.acquire()
    b.release()
