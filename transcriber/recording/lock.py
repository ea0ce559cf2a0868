"""The lock that says a recording is going on in a meeting folder.

An OS lock (``filelock``: ``flock`` on Unix, ``LockFileEx`` on Windows) on ``recording.lock``:
the OS releases it when the holder dies, even by SIGKILL or a power cut, so a free lock beside a
state file that still says "recording" means a crash. The file itself is never removed: removing
it after unlocking let a second process lock the old file while a third made and locked a new
one at the same path, both believing they held the folder.
"""

from __future__ import annotations

from pathlib import Path

import filelock

LOCK_FILE = "recording.lock"


class FolderLock:
    """An exclusive, non-blocking lock on ``path``; another holder (this process or another one)
    makes ``acquire`` return False. May be released from another thread than the acquirer's."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = filelock.FileLock(self.path, thread_local=False, preserve_lock_file=True)

    @property
    def held(self) -> bool:
        return self._lock.is_locked

    def acquire(self) -> bool:
        try:
            self._lock.acquire(timeout=0)
        except filelock.Timeout:
            return False
        return True

    def release(self) -> None:
        if self._lock.is_locked:
            self._lock.release(force=True)
