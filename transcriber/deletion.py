"""Deleting a meeting: its whole folder, the recording included, and nothing outside it.

A voice print, a transcript and a recording are personal data: « Supprimer la réunion » must
really remove them, and say what it removed. The folder must be a Séance meeting (it holds
``meeting.json``), and a recording still being written into it (its lock is held) stops the
deletion before anything is touched.
"""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, StoreError
from .recording.lock import LOCK_FILE, FolderLock
from .store import MEETING_FILE, read_summary

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MeetingContents:
    """What a meeting folder holds, as the user is told before and after deleting it."""

    path: Path
    title: str
    files: int
    total_bytes: int
    audio_bytes: int

    def question_fr(self) -> str:
        return (f"Supprimer définitivement la réunion « {self.title} » ?\n\n"
                f"Le dossier {self.path} sera effacé avec tout ce qu'il contient ({self.files} "
                f"fichiers, {_size_fr(self.total_bytes)}) : l'enregistrement audio "
                f"({_size_fr(self.audio_bytes)}), la transcription, les noms des intervenants et "
                "les documents enregistrés dans ce dossier. Cette suppression est irréversible ; "
                "les documents enregistrés ailleurs et les voix mémorisées ne sont pas touchés.")

    def done_fr(self) -> str:
        return (f"La réunion « {self.title} » a été supprimée : le dossier {self.path} a été "
                f"effacé ({self.files} fichiers, {_size_fr(self.total_bytes)}), enregistrement "
                "audio compris.")


def _size_fr(n: int) -> str:
    if n >= 1_000_000_000:
        return f"{n / 1e9:.1f} Go".replace(".", ",")
    if n >= 1_000_000:
        return f"{n / 1e6:.1f} Mo".replace(".", ",")
    return f"{max(1, round(n / 1000)) if n else 0} ko"


def contents(path: str | os.PathLike[str]) -> MeetingContents:
    """What deleting ``path`` would remove; ``InputError`` if it is not a meeting folder."""
    folder = Path(path)
    if not (folder / MEETING_FILE).is_file():
        raise InputError(f"« {folder} » n'est pas un dossier de réunion Séance (il n'y a pas de "
                         f"{MEETING_FILE}) : rien n'a été supprimé.")
    summary = read_summary(folder)
    files = total = audio = 0
    for root, _dirs, names in os.walk(folder):
        for name in names:
            try:
                size = (Path(root) / name).stat().st_size
            except OSError:
                size = 0
            files += 1
            total += size
            if Path(root).name == "audio" or name.lower().endswith((".wav", ".flac", ".mp3", ".m4a")):
                audio += size
    return MeetingContents(folder, summary.title if summary else folder.name, files, total, audio)


def delete_meeting(path: str | os.PathLike[str]) -> MeetingContents:
    """Remove the meeting folder at ``path`` with everything in it; return what was removed.

    Refused (``InputError``, nothing touched) when ``path`` is not a meeting folder or while a
    recording is being written into it; a folder the system will not let go of entirely is a
    ``StoreError`` that says what is left."""
    what = contents(path)
    lock = FolderLock(what.path / LOCK_FILE)
    if not lock.acquire():
        raise InputError(f"Un enregistrement est en cours dans « {what.title} » : arrêtez-le avant "
                         "de supprimer la réunion. Rien n'a été supprimé.")
    lock.release()
    failures: list[str] = []

    def note(_func, failed_path, exc_info) -> None:
        failures.append(f"{failed_path} ({exc_info[1]})")

    shutil.rmtree(what.path, onerror=note)
    if failures or what.path.exists():
        log.error("meeting folder not fully deleted: %s", failures[:5])
        raise StoreError(f"La réunion « {what.title} » n'a pas pu être entièrement supprimée : "
                         f"{len(failures)} élément(s) restent dans {what.path} (fichier ouvert par un "
                         "autre programme, ou droits insuffisants). Fermez-le et recommencez.")
    log.info("meeting folder deleted: %d files, %d bytes", what.files, what.total_bytes)
    return what
