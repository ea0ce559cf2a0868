"""The names of the steps of a job, as the command line and the app show them (French)."""

from __future__ import annotations

#: what each step of a transcription job is called on screen
STEP_LABELS = {
    "queued": "En attente",
    "copy": "Copie du fichier",
    "start": "Préparation",
    "decode": "Décodage",
    "asr": "Transcription",
    "diarize": "Intervenants",
    "align": "Alignement",
    "done": "Terminé",
}

#: the pipeline's own steps, shown as "Étape n/4"
MAIN_STEPS = ("decode", "asr", "diarize", "align")


def step_label(step: str) -> str:
    """"asr" → "Transcription"; an unknown step is shown as it is."""
    return STEP_LABELS.get(step, step)


def step_text(step: str) -> str:
    """"asr" → "Étape 2/4 : Transcription"; steps outside the pipeline get their label only."""
    label = step_label(step)
    if step in MAIN_STEPS:
        return f"Étape {MAIN_STEPS.index(step) + 1}/{len(MAIN_STEPS)} : {label}"
    return label
