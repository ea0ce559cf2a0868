#!/usr/bin/env python3
"""Builds the demo meeting: a short French conseil municipal spoken by three synthetic voices.

espeak-ng speaks each line to a WAV, sox joins them with pauses and resamples to 16 kHz mono.
The result is the project's own audio (no third-party recording), used by ``make run`` and tests.
Usage: make_demo.py OUT.wav
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# (voice, words per minute, text). Three voices: the maire, an adjointe, a conseiller.
MAIRE, ADJOINTE, CONSEILLER = ("fr+m3", 150), ("fr+f2", 160), ("fr+m7", 145)
SCRIPT = [
    (MAIRE, "Bonsoir à tous. Je déclare la séance ouverte à vingt heures trente. "
            "Le quorum est atteint. Madame Martin a donné pouvoir à Monsieur Bernard."),
    (MAIRE, "Je vous propose de désigner Madame Durand comme secrétaire de séance."),
    (ADJOINTE, "J'accepte, merci Monsieur le Maire."),
    (MAIRE, "Point numéro un de l'ordre du jour : les tarifs de la cantine scolaire. "
            "Je donne la parole à Madame Durand, adjointe aux finances."),
    (ADJOINTE, "Nous proposons une hausse de deux pour cent des tarifs de la cantine "
               "à compter de la rentrée de septembre."),
    (CONSEILLER, "Je ne suis pas contre ce projet, mais je m'interroge sur les familles modestes."),
    (ADJOINTE, "Un tarif social reste en place pour les familles modestes."),
    (MAIRE, "Je mets aux voix. Qui est contre ? Personne. Qui s'abstient ? Une abstention. "
            "Adopté à l'unanimité des suffrages exprimés."),
    (MAIRE, "Point numéro deux : la rénovation de la salle des fêtes."),
    (CONSEILLER, "Le devis de l'entreprise Lefèvre s'élève à cent vingt mille euros."),
    (MAIRE, "Monsieur Petit se charge de demander un second devis pour le quinze mars."),
    (MAIRE, "L'ordre du jour étant épuisé, la séance est levée à vingt-deux heures."),
]


def main(out: Path) -> None:
    for tool in ("espeak-ng", "sox"):
        if shutil.which(tool) is None:
            sys.exit(f"make_demo: {tool} est introuvable (lancez scripts/install-system.sh)")
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        parts: list[str] = []
        for i, ((voice, speed), text) in enumerate(SCRIPT):
            wav = Path(tmp) / f"{i:02d}.wav"
            subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(wav), text], check=True)
            norm = Path(tmp) / f"{i:02d}n.wav"
            subprocess.run(["sox", str(wav), "-r", "16000", "-c", "1", "-b", "16", str(norm),
                            "pad", "0", "0.6"], check=True)
            parts.append(str(norm))
        tmp_out = out.with_suffix(".tmp.wav")
        subprocess.run(["sox", *parts, str(tmp_out)], check=True)
        tmp_out.replace(out)
    print(out)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "build/demo/conseil-demo.wav"))
