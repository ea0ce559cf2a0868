"""Séance core: audio, ASR, diarisation, data model, minutes, export, CLI. Never imports Qt."""

import os as _os

#: Nothing leaves the machine: the hub libraries run offline and every dependency's telemetry is
#: off. Set (forced) before anything imports onnxruntime, huggingface_hub or pyannote: they read
#: these at load time, and native code (onnxruntime's telemetry client) never goes through
#: Python's ``socket``. Children spawned by ``jobs`` inherit them; the frozen app also sets them in
#: a PyInstaller runtime hook (packaging/rthook_privacy.py) before any other import.
PRIVACY_ENV = {
    # onnxruntime (faster-whisper's Silero VAD): its native client queues a "ProcessInfo" event
    # in ~/.cache/Microsoft/DeveloperTools and resolves Microsoft's collector host to upload it
    "ORT_DISABLE_TELEMETRY": "1",
    "HF_HUB_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_IMPLICIT_TOKEN": "1",
    "TRANSFORMERS_OFFLINE": "1",
    # pyannote.audio 4 sends usage metrics through OpenTelemetry unless told not to
    "PYANNOTE_METRICS_ENABLED": "0",
    "OTEL_SDK_DISABLED": "true",
    "DO_NOT_TRACK": "1",
}
for _key, _value in PRIVACY_ENV.items():
    _os.environ[_key] = _value


def _cache_env() -> dict[str, str]:
    """Caches that libraries would write outside Séance's folders (matplotlib, imported by
    torchmetrics, builds a font list in ~/.cache; torch makes /tmp/torchinductor_<user>): kept in
    Séance's own cache folder instead, unless the user chose a place."""
    from .settings import cache_dir

    base = cache_dir()
    return {"MPLCONFIGDIR": str(base / "matplotlib"), "TORCHINDUCTOR_CACHE_DIR": str(base / "torch")}


for _key, _value in _cache_env().items():
    _os.environ.setdefault(_key, _value)
# On small CPUs an OpenMP runtime spinning while idle steals the other step's core.
_os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

__version__ = "0.1.0"
