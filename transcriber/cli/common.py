"""What every command of ``seance`` shares: progress on a terminal, the speaker-count options,
opening a meeting folder. Imported by the command modules; imports none of them."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
import time
from pathlib import Path
from typing import TextIO

from ..errors import InputError
from ..jobs import CancelToken, Progress, ProgressTimer
from ..model import Meeting
from ..steps import step_label
from ..store import MEETING_FILE, MeetingFolder
from ..timefmt import duration


class ProgressPrinter:
    """A progress bar with time left on a terminal; plain lines (every 10 %) otherwise."""

    def __init__(self, stream: TextIO = sys.stderr, tty: bool | None = None) -> None:
        self.stream = stream
        self.tty = stream.isatty() if tty is None else tty
        self.timer = ProgressTimer()
        self._last_step = ""
        self._last_decile = -1
        self._last_draw = 0.0

    def __call__(self, p: Progress) -> None:
        if p.step == "done":
            self._finish_line()
            return
        eta = self.timer.eta_seconds(p)
        label = step_label(p.step)
        pct = int(p.fraction * 100)
        if self.tty:
            now = time.monotonic()
            if p.step == self._last_step and now - self._last_draw < 0.2 and pct < 100:
                return
            if p.step != self._last_step:
                self._finish_line()
            self._last_draw = now
            bar = "█" * (pct // 4) + "░" * (25 - pct // 4)
            left = f" · reste {duration(eta)}" if eta is not None else ""
            self.stream.write(f"\r{label:<14} {bar} {pct:3d} %{left}   ")
            self.stream.flush()
        else:
            decile = pct // 10
            if p.step != self._last_step:
                self._last_decile = -1
            if decile != self._last_decile:
                self._last_decile = decile
                left = f" (reste {duration(eta)})" if eta is not None else ""
                self.stream.write(f"{label} : {pct} %{left}\n")
                self.stream.flush()
        self._last_step = p.step

    def _finish_line(self) -> None:
        if self.tty and self._last_step:
            self.stream.write("\n")
            self.stream.flush()
        self._last_step = ""


# --- speaker count: defined once, checked by the core's rule ---------------------------------------

def _whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas un nombre entier") from None


def add_speaker_count_options(p: argparse.ArgumentParser) -> None:
    """``--speakers N | --min-speakers A --max-speakers B``; checked by :func:`speaker_count`."""
    p.add_argument("--speakers", type=_whole_number, metavar="N", help="nombre exact d'intervenants, si connu")
    p.add_argument("--min-speakers", type=_whole_number, metavar="A", help="nombre minimal d'intervenants")
    p.add_argument("--max-speakers", type=_whole_number, metavar="B", help="nombre maximal d'intervenants")


def speaker_count(args: argparse.Namespace):
    """The speaker-count hint of the parsed options, checked by ``SpeakerCount.validate``
    (the same rule as the app's import dialog); a bad one raises ``InputError``."""
    from ..pipeline import SpeakerCount

    return SpeakerCount(args.speakers, args.min_speakers, args.max_speakers).validate()


# --- meeting folders ---------------------------------------------------------------------------------

def open_meeting(path: Path) -> tuple[MeetingFolder, Meeting]:
    """The meeting folder at ``path`` and its meeting; ``InputError`` if it is not one."""
    path = Path(path)
    if not path.is_dir():
        raise InputError(f"Dossier de réunion introuvable : {path}")
    folder = MeetingFolder(path)
    if not folder.exists():
        raise InputError(f"{path} n'est pas un dossier de réunion Séance (pas de {MEETING_FILE}).")
    meeting = folder.load()
    if folder.recovered:  # its backup replaced an unreadable meeting.json: say so
        print(f"seance: attention : {folder.recovered}", file=sys.stderr)
    return folder, meeting


def meetings_dir(given: Path | None) -> Path:
    """``given``, or the meetings folder of the settings."""
    if given is not None:
        return given
    from ..settings import Settings

    return Settings.load().meetings_path


@contextlib.contextmanager
def ctrl_c_cancels(token: CancelToken):
    """Ctrl+C also sets ``token``, as well as raising ``KeyboardInterrupt``.

    A library that swallows the ``KeyboardInterrupt`` (a bare ``except`` around an optional
    import, a native call that retries) cannot lose the user's Ctrl+C: the pipeline stops at its
    next check of the token. A Ctrl+C that the shell asked to ignore (a command started with
    ``nohup`` or in the background of a script) stays ignored.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGINT)
    if previous is signal.SIG_IGN:
        yield
        return

    def on_interrupt(signum: int, frame: object) -> None:
        token.cancel()
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, on_interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
