"""Watch a program at the operating-system level: every socket it connects or sends to, every
file or folder it creates, in every process it starts (``strace -f``).

Python-level checks (a patched ``socket``) cannot see native code: onnxruntime's telemetry client
resolves its collector host from C++. strace sees every system call of every thread and child.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

#: system calls that open a connection, send a datagram, or create something on disk
TRACED = ("connect,sendto,sendmsg,sendmmsg,openat,open,creat,mkdir,mkdirat,rename,renameat,renameat2,"
          "link,linkat,symlink,symlinkat")

_CALL = re.compile(r"^(?P<pid>\d+)\s+(?:<\.\.\. )?(?P<name>\w+)(?:\(| resumed>)(?P<rest>.*)$")
_UNIX_PATH = re.compile(r"sa_family=AF_UNIX, sun_path=@?\"(?P<path>[^\"]*)\"")
#: a DNS query sent over a UNIX socket: systemd-resolved's varlink / D-Bus names, nscd
_RESOLVER_SOCKETS = ("resolve", "nscd")
_STR = re.compile(r"\"((?:[^\"\\]|\\.)*)\"")
_DIRFD = re.compile(r"^(?P<fd>AT_FDCWD|\d+<(?P<dir>[^>]*)>)")


@dataclass
class Trace:
    """What a traced program did: its exit code, output, and the system calls we care about."""

    returncode: int
    stdout: str
    stderr: str
    lines: list[str]
    cwd: Path
    started: float
    calls: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.calls = []
        for line in self.lines:
            m = _CALL.match(line)
            if m:
                self.calls.append((m.group("name"), m.group("rest")))

    def network(self) -> list[str]:
        """Every attempt to reach another machine or a resolver: IPv4/IPv6 connects and sends,
        anything sent to port 53, UNIX sockets of a name resolver."""
        found = []
        for name, rest in self.calls:
            if name not in ("connect", "sendto", "sendmsg", "sendmmsg"):
                continue
            if "AF_INET" in rest or "htons(53)" in rest:
                found.append(f"{name}({rest[:160]}")
                continue
            unix = _UNIX_PATH.search(rest)
            if unix and any(k in unix.group("path") for k in _RESOLVER_SOCKETS):
                found.append(f"{name}({rest[:160]}")
        return found

    def created(self) -> set[Path]:
        """Every path the program created or opened for writing (whether it still exists or not)."""
        paths: set[Path] = set()
        for name, rest in self.calls:
            if name in ("openat", "open", "creat"):
                if name != "creat" and "O_CREAT" not in rest:
                    continue
                paths |= self._paths(rest, 1)
            elif name in ("mkdir", "mkdirat", "symlink", "symlinkat"):
                paths |= self._paths(rest, 1, last=True)
            elif name in ("rename", "renameat", "renameat2", "link", "linkat"):
                paths |= self._paths(rest, 2, last=True)
        return paths

    def _paths(self, rest: str, count: int, last: bool = False) -> set[Path]:
        """The ``count``-th path argument of a call (the last one when ``last``), resolved against
        its directory descriptor (strace -y prints ``3</its/path>``) or the working folder."""
        args = [a.strip() for a in _split_args(rest)]
        out: set[Path] = set()
        strings = [(i, _STR.fullmatch(a)) for i, a in enumerate(args)]
        strings = [(i, m.group(1)) for i, m in strings if m]
        if not strings:
            return out
        index, raw = strings[-1] if last else strings[0]
        path = raw.encode().decode("unicode_escape").encode("latin-1").decode("utf-8", "replace")
        if not path.startswith("/"):
            base = self.cwd
            if index > 0:
                d = _DIRFD.match(args[index - 1])
                if d and d.group("dir"):
                    base = Path(d.group("dir"))
            path = str(base / path)
        out.add(Path(os.path.normpath(path)))
        return out

    def left_outside(self, allowed: list[Path]) -> list[Path]:
        """Paths created during the run that still exist outside ``allowed`` folders (system
        folders like /dev and /proc aside)."""
        allowed = [Path(os.path.realpath(a)) for a in allowed]
        left = []
        for p in sorted(self.created()):
            if str(p).startswith(("/dev/", "/proc/", "/sys/")):
                continue
            try:
                st = p.lstat()
            except OSError:
                continue  # removed again: a temporary file
            if max(st.st_mtime, st.st_ctime) < self.started - 1:
                continue  # already there before the run (e.g. /dev/null opened with O_CREAT)
            real = Path(os.path.realpath(p))
            if real.is_dir() and any(real in a.parents for a in allowed):
                continue  # a parent made for an allowed folder (~/Documents for ~/Documents/Séance)
            if not any(real == a or a in real.parents for a in allowed):
                left.append(p)
        return left


def _split_args(rest: str) -> list[str]:
    """Top-level comma-separated arguments of a strace call line (strings and braces kept whole)."""
    args, depth, cur, in_str, esc = [], 0, [], False, False
    for ch in rest:
        if in_str:
            cur.append(ch)
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
            continue
        if ch == '"':
            in_str = True
        elif ch in "{[(":
            depth += 1
        elif ch in "}])":
            if depth == 0:
                args.append("".join(cur))
                return args
            depth -= 1
        elif ch == "," and depth == 0:
            args.append("".join(cur))
            cur = []
            continue
        cur.append(ch)
    args.append("".join(cur))
    return args


def strace_available() -> str:
    exe = shutil.which("strace")
    if exe is None:
        raise RuntimeError("strace is missing: run scripts/install-system.sh")
    return exe


def run_traced(argv: list[str], env: dict[str, str], cwd: Path, out: Path, timeout: float = 900) -> Trace:
    """Run ``argv`` under ``strace -f`` (every thread and child process); ``out`` keeps the log."""
    cmd = [strace_available(), "-f", "-qq", "-y", "--seccomp-bpf", "-s", "256", "-e", f"trace={TRACED}",
           "-o", str(out), *argv]
    started = time.time()
    run = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    lines = out.read_text("utf-8", "replace").splitlines()
    return Trace(run.returncode, run.stdout, run.stderr, lines, cwd, started)
