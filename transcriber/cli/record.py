"""``seance record``, ``seance devices`` and ``seance recover``: recording from the command line.

``add_parsers(subparsers)`` adds the three sub-commands to the main ``seance`` parser; each
sets ``func`` to its handler, which takes the parsed arguments and returns an exit code (0 ok,
2 user error, 1 internal). User mistakes raise ``InputError``/``RecordingError`` with a French
message.

While recording, keyboard commands are read line by line from standard input:
Entrée = point suivant de l'ordre du jour, ``n texte`` = note, ``v`` = vote, ``p`` =
pause/reprise, ``q`` or Ctrl+C = arrêter (the meeting is saved in both cases).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import queue
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any, TextIO

from ..errors import InputError, RecordingError, SeanceError
from ..recording import (
    Recorder,
    SoundDeviceSource,
    WavReplaySource,
    find_interrupted,
    is_interrupted,
    list_input_devices,
    parse_device,
    recover,
    start_recording,
    NO_MIC_MESSAGE,
    SILENCE_DBFS,
    STATE_FILE,
)
from ..timefmt import duration, hms
from .common import meetings_dir

log = logging.getLogger(__name__)

KEYS_HELP = ("Entrée : point suivant · n texte : note · v : vote · p : pause/reprise · "
             "q ou Ctrl+C : arrêter")


def add_parsers(subparsers: Any) -> None:
    """Add ``record``, ``devices`` and ``recover`` to an ``argparse`` sub-parsers object."""
    p = subparsers.add_parser(
        "record", help="enregistrer une réunion depuis un micro",
        description="Enregistre une réunion dans un nouveau dossier de réunion. " + KEYS_HELP + ".",
    )
    p.add_argument("--title", required=True, help="titre de la réunion, ex. « Conseil du 12 mars »")
    p.add_argument("--out", type=Path, default=None, metavar="DOSSIER",
                   help="dossier où créer la réunion (par défaut : le dossier des réunions)")
    p.add_argument("--device", default=None, metavar="N|NOM",
                   help="micro à utiliser : numéro ou nom (voir « seance devices »)")
    p.add_argument("--duration", type=float, default=None, metavar="S",
                   help="arrêter automatiquement après S secondes enregistrées")
    p.add_argument("--replay", type=Path, default=None, metavar="FICHIER.wav",
                   help="rejouer un fichier au lieu du micro (démonstration, essais)")
    p.add_argument("--speed", type=float, default=1.0,
                   help="avec --replay : vitesse de relecture (1 = temps réel)")
    p.set_defaults(func=cmd_record)

    d = subparsers.add_parser("devices", help="lister les micros disponibles")
    d.set_defaults(func=cmd_devices)

    r = subparsers.add_parser(
        "recover", help="récupérer les enregistrements interrompus (plantage, coupure)",
        description="Répare les enregistrements interrompus et les rend prêts à transcrire.",
    )
    r.add_argument("dir", nargs="?", type=Path, default=None, metavar="DOSSIER",
                   help="un dossier de réunion, ou le dossier qui les contient "
                        "(par défaut : le dossier des réunions)")
    r.set_defaults(func=cmd_recover)


# --- record ----------------------------------------------------------------------------------


def cmd_record(args: argparse.Namespace, stdin: TextIO | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    stdin = stdin or sys.stdin
    title = (args.title or "").strip()
    if not title:
        raise InputError("Donnez un titre à la réunion (--title).")
    if args.duration is not None and not args.duration > 0:
        raise InputError("La durée (--duration) doit être un nombre de secondes positif.")
    if args.replay is not None:
        if args.device is not None:
            raise InputError("--replay et --device s'excluent : choisissez l'un ou l'autre.")
        source = WavReplaySource(args.replay, speed=args.speed)
    else:
        source = SoundDeviceSource(parse_device(args.device))
    parent = meetings_dir(args.out)

    def warn(message: str) -> None:
        print(f"\nAttention : {message}", file=sys.stderr, flush=True)

    recorder = start_recording(parent, title, source, max_duration_s=args.duration, on_warning=warn)
    print(f"Enregistrement de « {title} » dans {recorder.folder.path}", file=out)
    print(f"Source : {source.name} ({recorder.samplerate} Hz)", file=out)
    print(KEYS_HELP, file=out, flush=True)

    lines: queue.SimpleQueue[str | None] = queue.SimpleQueue()
    threading.Thread(target=_read_lines, args=(stdin, lines), name="stdin", daemon=True).start()
    interactive = out.isatty()
    previous_term = _stop_on_sigterm()
    last_print = 0.0
    try:
        while not recorder.wait(0.2):
            while True:
                try:
                    line = lines.get_nowait()
                except queue.Empty:
                    break
                if line is None:  # end of input: keep recording until Ctrl+C or the end
                    continue
                if _handle_line(recorder, line, out) == "quit":
                    raise KeyboardInterrupt
            now = time.monotonic()
            if interactive and now - last_print >= 0.5:
                print("\r" + status_line(recorder), end="", file=out, flush=True)
                last_print = now
            elif not interactive and now - last_print >= 10:
                print(status_line(recorder), file=out, flush=True)
                last_print = now
    except KeyboardInterrupt:
        pass
    finally:
        _restore_sigterm(previous_term)
        with _no_interrupt():
            meeting = recorder.stop()
    if interactive:
        print(file=out)
    print(f"Enregistrement terminé : {duration(meeting.duration_ms / 1000)}, "
          f"{len(meeting.markers)} repère(s).", file=out)
    print(f"Réunion enregistrée dans {recorder.folder.path}", file=out, flush=True)
    if recorder.error is not None:
        print(f"Erreur : {recorder.error}", file=sys.stderr)
        return 1
    return 0


def _read_lines(stream: TextIO, lines: queue.SimpleQueue) -> None:
    try:
        for line in stream:
            lines.put(line.rstrip("\r\n"))
    except (OSError, ValueError):
        pass
    lines.put(None)


def _handle_line(recorder: Recorder, line: str, out: TextIO) -> str:
    """Apply one keyboard command; returns "quit" to stop."""
    text = line.strip()
    cmd, _, rest = text.partition(" ")
    cmd = cmd.lower()
    try:
        if text == "":
            marker = recorder.next_agenda_item()
        elif cmd == "n":
            marker = recorder.add_note(rest)
        elif cmd == "v":
            marker = recorder.add_vote(rest)
        elif cmd == "p":
            paused = recorder.toggle_pause()
            print("\n" + ("Pause (rien n'est enregistré)." if paused else "Reprise."), file=out, flush=True)
            return ""
        elif cmd in ("q", "quit", "stop"):
            return "quit"
        else:
            print(f"\nCommande inconnue « {text} ». {KEYS_HELP}", file=out, flush=True)
            return ""
    except InputError as exc:
        print(f"\n{exc}", file=out, flush=True)
        return ""
    print(f"\n[{hms(marker.time_ms)}] {marker.label}", file=out, flush=True)
    return ""


def level_bar(dbfs: float, width: int = 20, floor: float = -60.0) -> str:
    filled = 0 if dbfs <= floor else min(width, int(round((dbfs - floor) / -floor * width)))
    return "#" * filled + "." * (width - filled)


def status_line(recorder: Recorder) -> str:
    st = recorder.status()
    state = "PAUSE" if st.state == "paused" else "REC"
    level = "  -∞ dB" if st.rms_dbfs <= SILENCE_DBFS else f"{st.rms_dbfs:4.0f} dB"
    line = f"{state} {hms(st.elapsed_s * 1000)}  niveau {level} [{level_bar(st.peak_dbfs)}]"
    if st.disk_minutes_left is not None and st.low_disk:
        line += f"  disque : {int(st.disk_minutes_left)} min"
    if st.dropped_frames:
        line += f"  perdus : {st.dropped_frames / recorder.samplerate:.1f} s"
    return line


def _stop_on_sigterm() -> Any:
    """Make SIGTERM stop the recording cleanly, like Ctrl+C."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    try:
        return signal.signal(signal.SIGTERM, handler)
    except (ValueError, OSError):
        return None


def _restore_sigterm(previous: Any) -> None:
    if previous is not None:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def _no_interrupt():
    """Ignore Ctrl+C while the recording is being finalised (a second Ctrl+C must not lose it)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


# --- devices ---------------------------------------------------------------------------------


def cmd_devices(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    devices = list_input_devices()
    if not devices:
        raise RecordingError(NO_MIC_MESSAGE)
    print("Micros disponibles (* = micro par défaut) :", file=out)
    for d in devices:
        print(f"{'*' if d.is_default else ' '} {d.index:3d}  {d.label}", file=out)
    return 0


# --- recover ---------------------------------------------------------------------------------


def cmd_recover(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    target = meetings_dir(args.dir)
    if not target.is_dir():
        raise InputError(f"Dossier introuvable : {target}")
    if (target / STATE_FILE).exists():  # a single meeting folder
        if not is_interrupted(target):
            print(f"L'enregistrement de {target.name} n'a pas été interrompu : rien à réparer.",
                  file=out)
            return 0
        if not find_interrupted(target):
            raise RecordingError(
                f"L'enregistrement de {target.name} est toujours en cours : arrêtez-le d'abord."
            )
    found = find_interrupted(target)
    if not found:
        print(f"Aucun enregistrement interrompu dans {target}.", file=out)
        return 0
    failures = 0
    for item in found:
        try:
            meeting = recover(item.folder)
        except SeanceError as exc:
            failures += 1
            print(f"Échec pour {item.folder.path} : {exc}", file=sys.stderr)
            continue
        print(f"Récupéré : « {meeting.title} » — {duration(meeting.duration_ms / 1000)}, "
              f"{len(meeting.markers)} repère(s) → {item.folder.path}", file=out)
    return 1 if failures else 0
