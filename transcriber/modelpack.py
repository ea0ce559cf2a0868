"""Model packs: one .zip that carries a model to an offline machine (a USB key, a file share).

A pack is a ZIP file (stored, not compressed: weights do not compress) holding
``seance-pack.json`` and the model's files under ``files/``. The manifest names the model, its
kind (``whisper``: a CTranslate2 Whisper folder; ``diarization``: the segmentation and speaker
embedding weights), its languages, the size and sha256 of every file and its licence.

* ``export_pack(name, zip)`` packs an installed model (``base``, a model the user added, or
  ``diarisation``); ``export_pack(folder, zip)`` packs any CTranslate2 Whisper folder, for
  example a large-v3-turbo converted on a connected machine.
* ``install_pack(zip or folder)`` checks the manifest and the free space, copies the files
  into the models folder under a temporary name while hashing them, checks every sha256 and the
  model itself, then renames the folder into place and registers it (a Whisper model in the
  settings' model folders, the diarisation weights as the settings' ``diarization_dir``). A plain
  CTranslate2 Whisper folder (no manifest) installs the same way.

Anything wrong (a byte changed, a pack of another kind, a full disk) raises ``ModelError`` with a
French message and leaves the installed models and the settings as they were.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Iterator

from . import __version__
from . import settings as settings_mod
from .errors import InputError, ModelError

FORMAT = "seance-model-pack"
FORMAT_VERSION = 1
MANIFEST_NAME = "seance-pack.json"
KINDS = {"whisper": "modèle de transcription Whisper", "diarization": "modèle de reconnaissance des intervenants"}
DIARIZATION_NAME = "diarisation"
#: free space kept on top of the pack's size (file system overhead, the settings file…)
SPACE_MARGIN = 64 * 2**20
_CHUNK = 1 << 20


@dataclass
class PackFile:
    path: str
    size: int
    sha256: str


@dataclass
class PackManifest:
    name: str
    kind: str
    files: list[PackFile]
    languages: list[str] = field(default_factory=list)
    licence: str = ""
    description: str = ""
    created: str = ""
    seance_version: str = __version__

    @property
    def size(self) -> int:
        return sum(f.size for f in self.files)

    def to_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, "format_version": FORMAT_VERSION, "name": self.name, "kind": self.kind,
                "languages": self.languages, "licence": self.licence, "description": self.description,
                "size": self.size, "created": self.created, "seance_version": self.seance_version,
                "files": [vars(f) for f in self.files]}

    @classmethod
    def from_dict(cls, data: Any, where: str) -> "PackManifest":
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ModelError(f"{where} n'est pas un paquet de modèle Séance (manifeste absent ou inconnu).")
        if int(data.get("format_version", 0)) > FORMAT_VERSION:
            raise ModelError(f"{where} vient d'une version plus récente de Séance : mettez Séance à jour.")
        try:
            files = [PackFile(str(f["path"]), int(f["size"]), str(f["sha256"]).lower()) for f in data["files"]]
            manifest = cls(str(data["name"]), str(data["kind"]), files, list(data.get("languages", [])),
                           str(data.get("licence", "")), str(data.get("description", "")),
                           str(data.get("created", "")), str(data.get("seance_version", "")))
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"Le manifeste de {where} est incomplet ou illisible.") from exc
        for f in manifest.files:
            parts = Path(f.path).parts
            if not parts or Path(f.path).is_absolute() or ".." in parts:
                raise ModelError(f"Le paquet {where} contient un chemin interdit : {f.path}")
        if not manifest.name or any(c in manifest.name for c in '/\\:*?"<>|') or manifest.name.startswith("."):
            raise ModelError(f"Nom de modèle invalide dans {where} : « {manifest.name} ».")
        return manifest


def _hash_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(_CHUNK):
            h.update(block)
    return h.hexdigest()


def whisper_languages(folder: Path) -> list[str]:
    """Language codes a CTranslate2 Whisper model knows (from config.json and tokenizer.json)."""
    try:
        config = json.loads((folder / "config.json").read_text("utf-8"))
        ids = set(config.get("lang_ids") or [])
        if not ids:
            return ["en"]
        tokenizer = json.loads((folder / "tokenizer.json").read_text("utf-8"))
        tokens = {t["id"]: t["content"] for t in tokenizer.get("added_tokens", [])}
        tokens.update({i: tok for tok, i in tokenizer["model"]["vocab"].items() if i in ids})
    except (OSError, ValueError, KeyError, TypeError):
        return []
    return sorted(tokens[i][2:-2] for i in ids if i in tokens and tokens[i].startswith("<|")
                  and tokens[i].endswith("|>"))


def _source(name_or_folder: str) -> tuple[str, str, Path, list[str], str]:
    """(name, kind, folder, relative files, licence) of what to export."""
    from . import modelstore

    if name_or_folder in (DIARIZATION_NAME, "diarization"):
        from .diarize import WEIGHTS, check_weights

        root = check_weights()
        files = [w.relpath for w in WEIGHTS.values()]
        files += [extra for extra in ("pyannote_segmentation_3.0/config.yaml",) if (root / extra).is_file()]
        return DIARIZATION_NAME, "diarization", root, files, "MIT (segmentation-3.0), Apache-2.0 (CAM++)"
    folder = modelstore.resolve_whisper(name_or_folder)
    modelstore.validate_whisper_folder(folder)
    files = [f for f in (*modelstore.REQUIRED_FILES, *modelstore.VOCABULARY_FILES, "preprocessor_config.json")
             if (folder / f).is_file()]
    bundled = name_or_folder in modelstore.load_manifest().get("whisper", {})
    name = name_or_folder if bundled or os.sep not in name_or_folder and "/" not in name_or_folder else folder.name
    return name, "whisper", folder, files, "MIT" if bundled else ""


def export_pack(name_or_folder: str, out: str | os.PathLike[str], licence: str | None = None,
                description: str = "") -> PackManifest:
    """Write the model ``name_or_folder`` (a name or a CTranslate2 Whisper folder) to the pack ``out``."""
    out = Path(out)
    if out.suffix.lower() != ".zip":
        raise InputError(f"Le paquet doit se terminer par .zip (reçu : {out.name}).")
    name, kind, folder, rel_files, default_licence = _source(name_or_folder)
    missing = [r for r in rel_files if not (folder / r).is_file()]
    if missing:
        raise ModelError(f"Fichiers absents du modèle {name} : {', '.join(missing)}.")
    files = [PackFile(r, (folder / r).stat().st_size, _hash_file(folder / r)) for r in rel_files]
    manifest = PackManifest(name, kind, files, whisper_languages(folder) if kind == "whisper" else [],
                            licence if licence is not None else default_licence, description,
                            time.strftime("%Y-%m-%d"))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.part")
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as z:
            z.writestr(MANIFEST_NAME, json.dumps(manifest.to_dict(), indent=1, ensure_ascii=False))
            for f in files:
                z.write(folder / f.path, f"files/{f.path}")
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ModelError(_disk_message(exc, out.parent)) from exc
    return manifest


# --- reading a pack ------------------------------------------------------------------------------

class _Source:
    """A pack as a ZIP file, or as a folder (an unzipped pack or a bare Whisper folder)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip: zipfile.ZipFile | None = None
        if path.is_dir():
            self.manifest = self._folder_manifest(path)
            return
        if not path.is_file():
            raise InputError(f"Paquet introuvable : {path}")
        try:
            self.zip = zipfile.ZipFile(path)
            raw = self.zip.read(MANIFEST_NAME)
        except KeyError as exc:
            raise ModelError(f"{path.name} n'est pas un paquet de modèle Séance (pas de {MANIFEST_NAME}).") from exc
        except (zipfile.BadZipFile, OSError) as exc:
            raise ModelError(f"Le paquet {path.name} est endommagé ou n'est pas un fichier .zip.") from exc
        try:
            data = json.loads(raw)
        except ValueError as exc:
            raise ModelError(f"Le manifeste du paquet {path.name} est endommagé.") from exc
        self.manifest = PackManifest.from_dict(data, path.name)

    @staticmethod
    def _folder_manifest(folder: Path) -> PackManifest:
        if (folder / MANIFEST_NAME).is_file():
            try:
                data = json.loads((folder / MANIFEST_NAME).read_text("utf-8"))
            except (OSError, ValueError) as exc:
                raise ModelError(f"Le manifeste de {folder} est illisible.") from exc
            return PackManifest.from_dict(data, folder.name)
        from .modelstore import REQUIRED_FILES, VOCABULARY_FILES, validate_whisper_folder

        validate_whisper_folder(folder)  # a bare CTranslate2 Whisper folder
        rel = [f for f in (*REQUIRED_FILES, *VOCABULARY_FILES, "preprocessor_config.json") if (folder / f).is_file()]
        files = [PackFile(r, (folder / r).stat().st_size, _hash_file(folder / r)) for r in rel]
        return PackManifest(folder.name, "whisper", files, whisper_languages(folder), "", "",
                            time.strftime("%Y-%m-%d"))

    def open(self, rel: str) -> BinaryIO:
        if self.zip is not None:
            return self.zip.open(f"files/{rel}")
        base = self.path / "files" if (self.path / MANIFEST_NAME).is_file() else self.path
        return open(base / rel, "rb")

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()


def read_manifest(path: str | os.PathLike[str]) -> PackManifest:
    src = _Source(Path(path))
    src.close()
    return src.manifest


def _disk_message(exc: OSError, where: Path) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"Le disque est plein ({where}) : libérez de la place puis recommencez."
    return f"Impossible d'écrire dans {where} : {exc.strerror or exc}."


def _copy_checked(src: _Source, staging: Path) -> Iterator[str]:
    for f in src.manifest.files:
        target = staging / f.path
        target.parent.mkdir(parents=True, exist_ok=True)
        h = hashlib.sha256()
        size = 0
        try:
            with src.open(f.path) as fin, open(target, "wb") as fout:
                while block := fin.read(_CHUNK):
                    h.update(block)
                    size += len(block)
                    fout.write(block)
        except KeyError as exc:
            raise ModelError(f"Le paquet est incomplet : le fichier {f.path} manque.") from exc
        except (zipfile.BadZipFile, EOFError) as exc:  # the ZIP's own CRC-32 caught a changed byte
            raise ModelError(f"Le paquet est endommagé : le fichier {f.path} a été modifié ou tronqué "
                             "(copiez-le à nouveau).") from exc
        if size != f.size or h.hexdigest() != f.sha256:
            raise ModelError(f"Le paquet est endommagé : le fichier {f.path} ne correspond pas à son "
                             "empreinte (sha256). Copiez le paquet à nouveau depuis l'original.")
        yield f.path


def install_pack(path: str | os.PathLike[str], settings: settings_mod.Settings | None = None,
                 expect_kind: str | None = None, models_dir: Path | None = None) -> PackManifest:
    """Verify and install the pack (or model folder) ``path``; register it; return its manifest."""
    path = Path(path).expanduser()
    src = _Source(path)
    try:
        manifest = src.manifest
        if manifest.kind not in KINDS:
            raise ModelError(f"Le paquet {path.name} contient un modèle de type inconnu (« {manifest.kind} »).")
        if expect_kind and manifest.kind != expect_kind:
            raise ModelError(f"Le paquet {path.name} contient un {KINDS[manifest.kind]}, pas un "
                             f"{KINDS[expect_kind]}.")
        root = models_dir or settings_mod.default_models_dir()
        try:
            root.mkdir(parents=True, exist_ok=True)
            free = shutil.disk_usage(root).free
        except OSError as exc:
            raise ModelError(_disk_message(exc, root)) from exc
        if free < manifest.size + SPACE_MARGIN:
            raise ModelError(f"Espace disque insuffisant dans {root} : il faut {_gb(manifest.size + SPACE_MARGIN)}, "
                             f"il reste {_gb(free)}. Libérez de la place puis recommencez.")
        if manifest.kind == "whisper":
            from .modelstore import load_manifest

            if manifest.name in load_manifest().get("whisper", {}):
                raise ModelError(f"Le nom « {manifest.name} » est réservé à un modèle intégré à Séance.")
            target = root / "packs" / manifest.name  # the folder's name is the model's name
        else:
            target = root / "packs" / f"diarization-{manifest.name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".install-{manifest.name}-", dir=target.parent))
        try:
            try:
                for _ in _copy_checked(src, staging):
                    pass
                (staging / MANIFEST_NAME).write_text(json.dumps(manifest.to_dict(), indent=1, ensure_ascii=False),
                                                     "utf-8")
            except OSError as exc:
                raise ModelError(_disk_message(exc, root)) from exc
            _check_model(manifest, staging)
            _swap_into_place(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    finally:
        src.close()
    _register(manifest, target, settings)
    return manifest


def _gb(size: int) -> str:
    return f"{size / 1e9:.2f} Go".replace(".", ",")


def _check_model(manifest: PackManifest, folder: Path) -> None:
    if manifest.kind == "whisper":
        from .modelstore import validate_whisper_folder

        validate_whisper_folder(folder)
    else:
        from .diarize import check_weights

        check_weights(folder)


def _swap_into_place(staging: Path, target: Path) -> None:
    """Rename ``staging`` to ``target``; an older install of the same name goes only once the new one is there."""
    old = None
    if target.exists():
        old = target.with_name(f".old-{target.name}-{os.getpid()}")
        os.replace(target, old)
    try:
        os.replace(staging, target)
    except OSError:
        if old is not None:
            os.replace(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _register(manifest: PackManifest, target: Path, settings: settings_mod.Settings | None) -> None:
    own = settings is None
    settings = settings or settings_mod.Settings.load()
    if manifest.kind == "whisper":
        from .modelstore import register_model

        register_model(target, settings)
    else:
        settings.diarization_dir = str(target)
    if own:
        settings.save()
