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


def default_models_dir() -> Path:
    """Where the default model is assembled and where added models are registered."""
    return data_dir() / "models"


def default_meetings_dir() -> Path:
    return _base_dirs()[2]


@dataclass
class Settings:
    model: str = "base"
    device: str = "auto"
    language: str = "fr"
    meetings_dir: str = ""
    #: extra folders holding CTranslate2 Whisper models added by the user
    model_folders: list[str] = field(default_factory=list)
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
