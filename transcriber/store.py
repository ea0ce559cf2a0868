"""The meeting folder: ``<title>.seance/`` with ``meeting.json``, ``audio/`` and ``exports/``.

Every save is atomic (temp file in the same folder, fsync, ``os.replace``) and keeps the previous
version as ``meeting.json.bak``. Opening a folder left by a crash recovers it: a stray temp file
is removed, and a missing or unreadable ``meeting.json`` falls back to the backup.
"""

from __future__ import annotations

import copy
import errno
import json
import logging
import os
import re
import shutil
import tempfile
import time
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from . import notices
from .errors import NewerFormatError, StoreError
from .model import Meeting

log = logging.getLogger(__name__)

SUFFIX = ".seance"
MEETING_FILE = "meeting.json"
BACKUP_FILE = "meeting.json.bak"
#: where an unreadable meeting.json is kept when its backup replaces it
DAMAGED_FILE = "meeting.json.illisible"


def slugify(title: str) -> str:
    """A file-system-safe folder name that keeps French readable ("Conseil du 12 mars")."""
    text = unicodedata.normalize("NFKD", title)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^\w\- ]+", "", text).strip()
    text = re.sub(r"\s+", "-", text)
    return text[:80] or "reunion"


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old or the new file."""
    path = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix="." + path.name + ".", suffix=".tmp", dir=path.parent)
    except OSError as exc:  # missing folder, a file in the way, no permission, full disk
        raise StoreError(_os_message(exc, path)) from exc
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise StoreError(_os_message(exc, path)) from exc
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _os_message(exc: OSError, path: Path) -> str:
    if exc.errno == errno.ENOSPC:
        return f"Le disque est plein : impossible d'écrire {path}. Libérez de la place et réessayez."
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"Écriture refusée dans {path.parent} (droits insuffisants ou support en lecture seule)."
    if exc.errno in (errno.EEXIST, errno.ENOTDIR):  # a file where a folder should be
        blocker = next((p for p in Path(path).parents if p.exists() and not p.is_dir()), None)
        if blocker is not None:
            return f"Impossible d'écrire dans {blocker} : c'est un fichier, pas un dossier. Choisissez un autre dossier."
    return f"Impossible d'écrire {path} : {exc.strerror or exc}."


class MeetingFolder:
    """A meeting folder on disk. Cheap to create; touches the disk only when asked."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        #: set by :meth:`load` when the backup had to replace an unreadable meeting.json
        self.recovered: str | None = None

    def __repr__(self) -> str:
        return f"MeetingFolder({str(self.path)!r})"

    @property
    def meeting_file(self) -> Path:
        return self.path / MEETING_FILE

    @property
    def backup_file(self) -> Path:
        return self.path / BACKUP_FILE

    @property
    def audio_dir(self) -> Path:
        return self.path / "audio"

    @property
    def exports_dir(self) -> Path:
        return self.path / "exports"

    @classmethod
    def create(cls, parent: str | os.PathLike[str], title: str) -> "MeetingFolder":
        """Make a new, empty meeting folder under ``parent`` with a name not yet taken."""
        parent = Path(parent)
        try:
            parent.mkdir(parents=True, exist_ok=True)
            base = slugify(title)
            for n in range(1, 1000):
                name = f"{base}{SUFFIX}" if n == 1 else f"{base}-{n}{SUFFIX}"
                try:
                    (parent / name).mkdir()
                except FileExistsError:
                    continue
                folder = cls(parent / name)
                folder.audio_dir.mkdir()
                folder.exports_dir.mkdir()
                return folder
        except OSError as exc:
            raise StoreError(_os_message(exc, parent / title)) from exc
        raise StoreError(f"Trop de réunions nommées « {title} » dans {parent}.")

    def exists(self) -> bool:
        return self.meeting_file.exists() or self.backup_file.exists()

    def save(self, meeting: Meeting) -> None:
        data = json.dumps(meeting.to_dict(), ensure_ascii=False, indent=1).encode("utf-8")
        if self.meeting_file.exists():
            try:
                previous = self.meeting_file.read_bytes()
            except OSError as exc:
                raise StoreError(_os_message(exc, self.meeting_file)) from exc
            # atomic too: a save that fails (full disk) must not leave a cut backup behind
            write_atomic(self.backup_file, previous)
        write_atomic(self.meeting_file, data)

    def _write(self, meeting: Meeting) -> None:
        """Write ``meeting.json`` alone, the backup left as it is."""
        write_atomic(self.meeting_file, json.dumps(meeting.to_dict(), ensure_ascii=False, indent=1).encode("utf-8"))

    def load(self) -> Meeting:
        """Read the meeting, recovering from a crash if needed.

        An unreadable ``meeting.json`` falls back on the backup: the damaged file is kept aside
        as ``meeting.json.illisible``, the backup becomes ``meeting.json`` again, and
        :attr:`recovered` holds a French sentence saying so (also raised as a notice). A meeting
        saved by a newer Séance is refused (``NewerFormatError``) and nothing is touched.
        """
        self.recovered = None
        if not self.path.is_dir():
            raise StoreError(f"Dossier de réunion introuvable : {self.path}")
        errors = []
        for candidate in (self.meeting_file, self.backup_file):
            if not candidate.exists():
                continue
            try:
                meeting = Meeting.from_dict(json.loads(candidate.read_text("utf-8")))
            except NewerFormatError:
                raise  # never fall back on an older backup, never rewrite the newer file
            except (OSError, ValueError, StoreError) as exc:
                log.warning("cannot read %s: %s", candidate, exc)
                errors.append(exc)
                continue
            self._remove_stray_temp_files()
            if candidate == self.backup_file:
                self._recover_from_backup(meeting)
            return meeting
        if errors:
            raise StoreError(
                f"Le fichier de la réunion {self.path.name} est illisible, et sa sauvegarde aussi."
            ) from errors[-1]
        raise StoreError(f"{self.path} n'est pas un dossier de réunion Séance (pas de {MEETING_FILE}).")

    def _recover_from_backup(self, meeting: Meeting) -> None:
        log.warning("recovered %s from its backup", self.path)
        kept = ""
        if self.meeting_file.exists():  # damaged: kept aside (nothing is deleted), never made the backup
            try:
                os.replace(self.meeting_file, self.path / DAMAGED_FILE)
                kept = f" Le fichier abîmé est gardé sous {DAMAGED_FILE}."
            except OSError as exc:
                log.warning("cannot keep %s aside: %s", self.meeting_file, exc)
        self.recovered = (
            f"Le fichier de la réunion « {meeting.title} » était illisible (arrêt brutal ou disque "
            f"abîmé) : Séance a repris sa dernière sauvegarde ; les toutes dernières modifications "
            f"peuvent manquer.{kept}"
        )
        notices.warn(self.recovered)
        self._write(meeting)

    def _remove_stray_temp_files(self) -> None:
        for tmp in self.path.glob(".*.tmp"):
            try:
                tmp.unlink()
            except OSError:
                pass

    def audio_path(self, meeting: Meeting) -> Path:
        if not meeting.audio:
            raise StoreError("Cette réunion n'a pas encore d'enregistrement audio.")
        return self.path / meeting.audio

    def import_audio(self, source: str | os.PathLike[str]) -> str:
        """Copy an audio/video file into ``audio/`` and return its path relative to the folder."""
        source = Path(source)
        target = self.audio_dir / ("source" + source.suffix.lower())
        try:
            self.audio_dir.mkdir(exist_ok=True)
            tmp = target.with_name("." + target.name + ".tmp")
            shutil.copyfile(source, tmp)
            os.replace(tmp, target)
        except OSError as exc:
            try:  # a copy cut by a full disk is no use to anyone
                tmp.unlink()
            except (OSError, NameError):
                pass
            raise StoreError(_os_message(exc, target)) from exc
        return target.relative_to(self.path).as_posix()

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


# --- a meeting's summary, for lists ---------------------------------------------------------------

@dataclass(frozen=True)
class MeetingSummary:
    """What a list of meetings shows: title, date (ISO), kind and duration."""

    path: Path
    title: str
    date: str
    kind: str
    duration_ms: int


_SUMMARY_FIELDS = frozenset(("title", "date", "created", "kind", "duration_ms"))
_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def read_summary(path: str | os.PathLike[str]) -> MeetingSummary | None:
    """The summary of the meeting folder at ``path``; None if it is not a readable meeting.

    ``meeting.json`` is parsed as JSON, top-level field by field, and parsing stops as soon as
    the summary's fields are found: they come first in what ``save`` writes, so the transcript
    after them is never decoded, yet any field order gives the same answer. Falls back on the
    backup like ``load``.
    """
    folder = MeetingFolder(path)
    for candidate in (folder.meeting_file, folder.backup_file):
        try:
            found = _top_level_fields(candidate.read_text("utf-8"), _SUMMARY_FIELDS)
        except (OSError, UnicodeDecodeError, ValueError):
            continue
        if isinstance(found.get("title"), str):
            duration = found.get("duration_ms")
            return MeetingSummary(
                folder.path, found["title"], str(found.get("date") or found.get("created") or "")[:10],
                str(found.get("kind") or "autre"),
                int(duration) if isinstance(duration, (int, float)) and not isinstance(duration, bool) else 0,
            )
    return None


def _top_level_fields(text: str, wanted: frozenset[str]) -> dict[str, object]:
    """The ``wanted`` fields of the JSON object ``text``, decoded until all are found.

    Raises ``ValueError`` when the text is not a JSON object (or is cut before they are found)."""
    found: dict[str, object] = {}
    pos = _SPACE.match(text, 0).end()
    if text[pos : pos + 1] != "{":
        raise ValueError("not a JSON object")
    pos = _SPACE.match(text, pos + 1).end()
    if text[pos : pos + 1] == "}":
        return found
    while True:
        key, pos = _DECODER.raw_decode(text, pos)
        pos = _SPACE.match(text, pos).end()
        if not isinstance(key, str) or text[pos : pos + 1] != ":":
            raise ValueError("not a JSON object")
        value, pos = _DECODER.raw_decode(text, _SPACE.match(text, pos + 1).end())
        if key in wanted:
            found.setdefault(key, value)
            if len(found) == len(wanted):
                return found
        pos = _SPACE.match(text, pos).end()
        sep = text[pos : pos + 1]
        if sep == "}":
            return found
        if sep != ",":
            raise ValueError("not a JSON object")
        pos = _SPACE.match(text, pos + 1).end()


def snapshot(meeting: Meeting) -> Meeting:
    """A copy of ``meeting`` safe to serialise on another thread while the editor goes on.

    Words are never changed in place (edits build new ones), so segments get new word lists
    only; the small parts are copied in full.
    """
    return replace(
        meeting,
        segments=[replace(s, words=list(s.words)) for s in meeting.segments],
        speakers=copy.deepcopy(meeting.speakers),
        markers=[replace(m) for m in meeting.markers],
        turns=[replace(t) for t in meeting.turns],
        vocabulary=list(meeting.vocabulary),
        steps=copy.deepcopy(meeting.steps),
        form=copy.deepcopy(meeting.form),
    )


#: a copy not written to for this long is dead (a live copy touches its file all the time)
ABANDONED_AFTER_S = 600


def remove_abandoned_imports(parent: str | os.PathLike[str], older_than_s: float = ABANDONED_AFTER_S) -> list[Path]:
    """Remove the meeting folders under ``parent`` that an import killed during its copy left
    behind, and return them.

    Such a folder has no meeting.json (nor backup) and nothing but the empty ``exports/``, the
    ``audio/`` folder and, in it, the copy cut short (``audio/.source.*.tmp``), untouched for
    ``older_than_s``. It holds nothing of the user's (the source file is elsewhere), can weigh
    gigabytes, and no list shows it. Anything else in a folder keeps it."""
    removed: list[Path] = []
    parent = Path(parent)
    if not parent.is_dir():
        return removed
    now = time.time()
    for path in parent.glob("*" + SUFFIX):
        try:
            if not path.is_dir() or MeetingFolder(path).exists():
                continue
            entries = list(path.rglob("*"))
            allowed_dirs = {path / "audio", path / "exports"}
            if any(e.is_dir() and e not in allowed_dirs for e in entries):
                continue
            files = [e for e in entries if not e.is_dir()]
            if not all(f.parent == path / "audio" and f.name.startswith(".source.") and f.name.endswith(".tmp")
                       for f in files):
                continue
            newest = max([e.stat().st_mtime for e in entries] + [path.stat().st_mtime])
            if now - newest < older_than_s:
                continue  # maybe a copy going on now (another Séance, the command line)
            shutil.rmtree(path)
            removed.append(path)
            log.info("removed %s: an import stopped during its copy left it", path)
        except OSError as exc:
            log.warning("cannot check or remove %s: %s", path, exc)
    return removed


def list_meetings(parent: str | os.PathLike[str]) -> list[MeetingFolder]:
    """Meeting folders directly under ``parent``, newest first."""
    parent = Path(parent)
    if not parent.is_dir():
        return []
    found = [MeetingFolder(p) for p in parent.glob("*" + SUFFIX) if p.is_dir()]
    found = [f for f in found if f.exists()]
    found.sort(key=lambda f: f.path.stat().st_mtime, reverse=True)
    return found
