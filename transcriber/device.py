"""Where the ASR runs: the GPU when CTranslate2 sees one and its CUDA libraries load, else the CPU.

CTranslate2 4.x opens the CUDA 12 cuBLAS and cuDNN 9 libraries by name at its first GPU
computation. They come from the system, or from the ``nvidia-cublas-cu12`` / ``nvidia-cudnn-cu12``
wheels that ``pip install seance[cuda]`` brings: those install under ``site-packages/nvidia/<lib>/
lib`` (Linux) or ``…/bin`` (Windows), where no loader looks. ``load_cuda_libraries`` loads them from
there, once and globally, so CTranslate2's own lookup by name finds them already loaded.

``choose`` says in French why it chose what it chose (``DeviceChoice.reason``): the CLI prints it
(``seance models``, and after a transcription), the app shows it in its settings.
"""

from __future__ import annotations

import ctypes
import importlib.util
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

log = logging.getLogger(__name__)

DEVICES = ("auto", "cpu", "cuda")
CUDA_EXTRA_HINT = "installez l'option « cuda » de Séance (pip install \"seance[cuda]\")"

#: (nvidia wheel, file names) CTranslate2 needs, in load order (dependencies first)
CUDA_LIBRARIES: dict[str, list[tuple[str, list[str]]]] = {
    "linux": [("cublas", ["libcublasLt.so.12", "libcublas.so.12"]), ("cudnn", ["libcudnn.so.9"])],
    "win32": [("cublas", ["cublasLt64_12.dll", "cublas64_12.dll"]), ("cudnn", ["cudnn64_9.dll"])],
}
#: cuDNN 9 opens its parts (ops, cnn, adv, graph, engines…) by name later: loaded with it
CUDNN_PARTS = {"linux": "libcudnn_*.so.9", "win32": "cudnn_*64_9.dll"}


@dataclass(frozen=True)
class Device:
    name: str  # "cpu" or "cuda"
    compute_type: str  # "int8" or "float16"


@dataclass(frozen=True)
class DeviceChoice:
    device: Device
    #: why, in French, for the user
    reason: str
    #: a GPU is there but cannot be used (its libraries are missing): worth a warning
    gpu_unused: bool = False


def _platform() -> str:
    return "win32" if sys.platform == "win32" else "linux"


def cuda_device_count() -> int:
    import ctranslate2

    try:
        return int(ctranslate2.get_cuda_device_count())
    except Exception:  # noqa: BLE001 - a broken CUDA install means "no GPU" for us
        return 0


def wheel_library_dirs(package: str) -> list[Path]:
    """Folders of the ``nvidia.<package>`` wheel that hold its libraries (none if not installed)."""
    try:
        spec = importlib.util.find_spec(f"nvidia.{package}")
    except (ModuleNotFoundError, ValueError):
        return []
    roots = list(spec.submodule_search_locations or []) if spec else []
    return [Path(r) / sub for r in roots for sub in ("lib", "bin") if (Path(r) / sub).is_dir()]


def _dlopen(path_or_name: str) -> bool:
    try:
        ctypes.CDLL(path_or_name, mode=getattr(ctypes, "RTLD_GLOBAL", 0))
        return True
    except OSError:
        return False


def _load_from(folder: Path, name: str, platform: str) -> bool:
    candidate = folder / name
    if not candidate.exists():
        return False
    if platform == "win32" and hasattr(os, "add_dll_directory"):
        os.add_dll_directory(str(folder))  # CTranslate2 then finds the DLLs by name
    if name.startswith(("libcudnn.", "cudnn64")):
        parts = sorted(folder.glob(CUDNN_PARTS[platform]))
        # the parts depend on each other: a second round loads those whose dependency came later
        for _ in range(2):
            parts = [p for p in parts if not _dlopen(str(p))]
    return _dlopen(str(candidate))


def load_cuda_libraries(platform: str | None = None) -> list[str]:
    """Load the CUDA libraries CTranslate2 needs; return the names that could not be loaded."""
    platform = platform or _platform()
    missing: list[str] = []
    for package, names in CUDA_LIBRARIES.get(platform, []):
        folders = wheel_library_dirs(package)
        for name in names:
            if _dlopen(name) or any(_load_from(f, name, platform) for f in folders):
                continue
            missing.append(name)
    return missing


def _gpu_compute_type() -> str:
    import ctranslate2

    try:
        supported = set(ctranslate2.get_supported_compute_types("cuda"))
    except Exception:  # noqa: BLE001
        return "float16"
    for wanted in ("float16", "int8_float16", "float32"):
        if wanted in supported:
            return wanted
    return "float32"


def choose(requested: str = "auto") -> DeviceChoice:
    """The device for ``requested`` ("auto", "cpu" or "cuda") and why.

    "auto" takes the GPU when CTranslate2 sees one and the CUDA 12 libraries load, and says why
    not otherwise; "cuda" refuses with a French message (``InputError``) when it cannot run.
    """
    if requested not in DEVICES:
        raise InputError(f"Périphérique inconnu : « {requested} » (choix : {', '.join(DEVICES)}).")
    cpu = Device("cpu", "int8")
    if requested == "cpu":
        return DeviceChoice(cpu, "Calcul sur le processeur, comme demandé dans les réglages.")
    gpus = cuda_device_count()
    if gpus == 0:
        if requested == "cuda":
            raise InputError("Aucune carte graphique CUDA utilisable n'a été détectée : utilisez --device cpu.")
        return DeviceChoice(cpu, "Calcul sur le processeur : aucune carte graphique NVIDIA utilisable "
                                 "n'a été détectée.")
    missing = load_cuda_libraries()
    if missing:
        text = (f"la carte graphique NVIDIA est là, mais les bibliothèques CUDA 12 manquent "
                f"({', '.join(missing)}) : {CUDA_EXTRA_HINT}")
        if requested == "cuda":
            raise InputError(f"La carte graphique ne peut pas servir : {text}, ou utilisez --device cpu.")
        log.warning("GPU found but %s missing: transcribing on the CPU", ", ".join(missing))
        return DeviceChoice(cpu, f"Calcul sur le processeur : {text}.", gpu_unused=True)
    gpu = Device("cuda", _gpu_compute_type())
    plural = "s" if gpus > 1 else ""
    return DeviceChoice(gpu, f"Calcul sur la carte graphique NVIDIA ({gpus} détectée{plural}, "
                             f"{gpu.compute_type}) : CUDA 12 et cuDNN 9 chargés.")


def reason(requested: str = "auto", progress: object = None) -> str:
    """Why ``requested`` computes where it does, in French (for a child process of the app)."""
    try:
        return choose(requested).reason
    except InputError as exc:
        return str(exc)
