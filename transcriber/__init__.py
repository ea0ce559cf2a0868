"""Séance core: audio, ASR, diarisation, data model, minutes, export, CLI. Never imports Qt."""

import os as _os

# Nothing leaves the machine: the hub libraries run offline and without telemetry. These are set
# before anything imports huggingface_hub or pyannote (both read them at import time).
for _key, _value in {
    "HF_HUB_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_IMPLICIT_TOKEN": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "PYANNOTE_METRICS_ENABLED": "0",
    "DO_NOT_TRACK": "1",
}.items():
    _os.environ[_key] = _value
# On small CPUs an OpenMP runtime spinning while idle steals the other step's core.
_os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

__version__ = "0.1.0"
