"""The steps of a job: their names as the command line and the app show them (French), their
share of a job's time, and a job's plan, which turns each step's progress into the progress of
the whole job (one bar from 0 to 100 %, a resumed job starting after what is already done)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from .jobs import Progress, ProgressCallback

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


def step_text(step: str, steps: tuple[str, ...] = MAIN_STEPS) -> str:
    """"asr" → "Étape 2/4 : Transcription" (n/N among ``steps``, a job's steps in order);
    steps outside them get their label only."""
    label = step_label(step)
    if step in steps:
        return f"Étape {steps.index(step) + 1}/{len(steps)} : {label}"
    return label


#: each step's share of a job's time. Measured on the 2-core CPU machine (base model, int8):
#: ASR runs at about 0.27 × real time, diarisation at about 0.13, decoding and alignment take a
#: few seconds per hour (bench/RESULTS.md); an estimate, corrected by the time-left estimate,
#: which follows the job's real pace.
STEP_WEIGHTS = {"decode": 0.03, "asr": 0.62, "diarize": 0.32, "align": 0.03}

#: the bar stays under this until the job says "done" (saving and exports come after the steps)
LAST_SHARE = 0.99


@dataclass(frozen=True)
class JobPlan:
    """The steps of one run, in order (``steps``), and those already done before it started
    (``done``: a resumed job, or a new speaker count that keeps the transcript)."""

    steps: tuple[str, ...]
    done: frozenset[str] = frozenset()

    def overall(self, step: str, fraction: float) -> float:
        """The share of the whole job done when ``step`` is at ``fraction`` (0..1)."""
        if step == "done":
            return 1.0
        total = sum(STEP_WEIGHTS.get(s, 0.0) for s in self.steps) or 1.0
        done = sum(STEP_WEIGHTS.get(s, 0.0) for s in self.steps if s in self.done)
        if step in self.steps:
            i = self.steps.index(step)
            done += sum(STEP_WEIGHTS.get(s, 0.0) for s in self.steps[:i] if s not in self.done)
            done += STEP_WEIGHTS.get(step, 0.0) * max(0.0, min(1.0, fraction))
        return min(LAST_SHARE, done / total)

    def wrap(self, progress: ProgressCallback) -> ProgressCallback:
        """``progress`` receiving every report with ``overall`` and ``steps`` filled in."""
        def report(p: Progress) -> None:
            progress(replace(p, overall=self.overall(p.step, p.fraction), steps=self.steps))
        return report
