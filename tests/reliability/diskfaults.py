"""Disks that fail the way users' disks do, for tests that run as root (CI does): root ignores
permission bits, so a read-only folder or a full disk has to be real.

* :func:`small_disk`: a real 1 MB filesystem (tmpfs) mounted in the test's folder, that
  :func:`fill` fills to the last byte: every write there fails with ENOSPC, as on a full disk.
  Mounting needs CAP_SYS_ADMIN (root in CI and in the dev container); where it is refused, the
  same folder is used and the writes of this process into it are made to fail with ENOSPC
  instead (:func:`_enospc_in`), so the test still runs.
* :func:`immutable`: ``chattr +i`` on a folder: nothing can be created, renamed or removed in it,
  even by root (ext4, xfs, btrfs).
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import subprocess
from pathlib import Path
from typing import Iterator


@contextlib.contextmanager
def small_disk(base: Path, size_kb: int = 1024) -> Iterator[Path]:
    mnt = base / "petit-disque"
    mnt.mkdir()
    # SEANCE_TEST_NO_MOUNT=1 exercises the fallback where mounting is refused
    mounted = not os.environ.get("SEANCE_TEST_NO_MOUNT") and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(mnt)], capture_output=True).returncode == 0
    try:
        yield mnt
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(mnt)], check=False)
        else:
            _FAKE_FULL.discard(str(mnt))


def is_mounted(path: Path) -> bool:
    return os.path.ismount(path)


#: folders made "full" without a real filesystem (mount refused)
_FAKE_FULL: set[str] = set()


def fill(mnt: Path) -> Path:
    """Fill the filesystem of ``mnt`` to the last byte; returns the filler (remove it to free)."""
    filler = mnt / ".remplissage"
    if not is_mounted(mnt):
        _FAKE_FULL.add(str(mnt))
        _enospc_in()
        filler.write_bytes(b"")
        return filler
    with open(filler, "wb", buffering=0) as f:  # unbuffered: nothing left to flush at close
        for size in (65536, 4096, 512, 1):  # down to the last byte
            try:
                while f.write(b"\0" * size):
                    pass
            except OSError as exc:
                assert exc.errno == errno.ENOSPC, exc
    return filler


def free(filler: Path) -> None:
    _FAKE_FULL.discard(str(filler.parent))
    filler.unlink(missing_ok=True)


_patched = False


def _enospc_in() -> None:
    """Without a real small disk: files this process opens through ``os.fdopen`` (what the
    atomic writes of ``transcriber.store`` use) in a "full" folder fail to write with ENOSPC."""
    global _patched
    if _patched:
        return
    real_fdopen = os.fdopen

    class Full(io.FileIO):
        def write(self, _data) -> int:  # noqa: ANN001
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def fdopen(fd, mode="r", *args, **kwargs):  # noqa: ANN001
        path = os.readlink(f"/proc/self/fd/{fd}")
        if any(path.startswith(folder + os.sep) for folder in _FAKE_FULL) and mode[:1] in "wa":
            return Full(fd, "w")
        return real_fdopen(fd, mode, *args, **kwargs)

    os.fdopen = fdopen
    _patched = True


@contextlib.contextmanager
def immutable(folder: Path) -> Iterator[Path]:
    """``folder`` where nothing can be created, renamed or removed, even by root."""
    subprocess.run(["chattr", "+i", str(folder)], check=True, capture_output=True)
    try:
        yield folder
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=False, capture_output=True)
