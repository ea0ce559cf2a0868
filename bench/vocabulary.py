"""Vocabulary fixes after the ASR: are known names written right, and ordinary words left alone?

    python bench/vocabulary.py [--refresh] [--eval-dir DIR]

1. The real faster-whisper model transcribes the French eval clips without a vocabulary (its
   own spelling; cached under ``build/bench-vocabulary/``); ``spelling.fix_spellings`` then runs
   with a council vocabulary that holds the names the clips say (Bennet, USOC, Linky…) among
   others. Prints every word changed: a fix to the right name, or a wrong fix.
2. The ordinary French words that sound or look like the surnames of ``NAMES`` (same phonetic
   key, or spelling ≥ 60 % alike): how many a fix would rewrite (must be 0).
3. The time to fix a long transcript with a 5,000-entry vocabulary.

(Surnames said by espeak-ng voices were tried first: Whisper base does not recognise them at
all — « Croix-Lqunique » for Kowalczyk — so no spelling fix can help there; not a useful test.)
"""

from __future__ import annotations

import argparse
import json
import random
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from transcriber.model import Segment, Word  # noqa: E402
from transcriber.phonetic import fold  # noqa: E402

CACHE = ROOT / "build" / "bench-vocabulary"

#: surnames of the kind a French council holds (their ordinary-word neighbours are checked)
NAMES = [
    "Kowalczyk", "Dubreuil", "Quéméner", "Kerguelen", "Hervouët", "Bouchareb", "Vandenbussche",
    "Schoendorff", "Pétiniaud", "Chaumeil", "Jacquemin", "Delaunay", "Rigaudeau", "Thévenoud",
    "Guéguen", "Mazoyer", "Peyrefitte", "Castagnède", "Lhermitte", "Cazenave", "Daudignac",
    "Escudié", "Faucompré", "Grandjouan", "Houdebine", "Issartel", "Jouannic", "Labrousse",
    "Maillochon", "Navarrot", "Ollivro", "Poupinel", "Rabasté", "Soubeyran", "Urvoy", "Vasseur",
    "Wojciechowski", "Zamora", "Benhamou", "Nguyen", "Lefebvre", "Gauthier", "Rousseau",
    "Mercier", "Chevallier", "Fontanel", "Brossard", "Pelletier",
]
#: the names the French eval clips say, in a council vocabulary with others they do not say
CLIP_VOCABULARY = ["école Bennet", "Caroline du Nord", "USOC", "comité olympique", "Linky",
                   "Mme Annie Riche-Dureau", "Mme Anne Martin", "SIVOM", "M. Jean-Pierre Dubreuil",
                   "Mme Nathalie Kowalczyk", "rue des Tilleuls", "CCAS"]


def clip_transcripts(eval_dir: Path, refresh: bool) -> dict[str, list[Segment]]:
    from transcriber import asr, audio

    CACHE.mkdir(parents=True, exist_ok=True)
    out = {}
    for clip in sorted(eval_dir.glob("fr_*.wav")):
        cache = CACHE / f"{clip.stem}.json"
        if refresh or not cache.exists():
            segs = list(asr.transcribe(audio.decode(clip), asr.AsrOptions()))
            cache.write_text(json.dumps([[[w.start_ms, w.end_ms, w.text, w.probability] for w in s.words]
                                         for s in segs], ensure_ascii=False))
        words = json.loads(cache.read_text())
        out[clip.stem] = [Segment(ws[0][0], ws[-1][1], [Word(*w) for w in ws]) for ws in words if ws]
    return out


def ordinary_near_names(names: list[str], limit: int = 400) -> list[str]:
    """Ordinary French words that sound or look like one of ``names``."""
    from rapidfuzz.distance import Levenshtein

    from transcriber import lexicon
    from transcriber.phonetic import key

    words, _ = lexicon._load()
    keys = {key(n): n for n in names}
    folded = [fold(n) for n in names]
    near = []
    for w in sorted(words):
        if len(w) < 4 or not w.isalpha():
            continue
        if key(w) in keys or any(Levenshtein.normalized_similarity(fold(w), f) >= 0.6 for f in folded):
            near.append(w)
    random.Random(0).shuffle(near)
    return sorted(near[:limit])


def synthetic_vocabulary(n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    syl = ["ba", "ber", "bou", "cha", "dé", "du", "fa", "gar", "gué", "ker", "la", "lou", "ma",
           "mer", "nan", "no", "pel", "pou", "que", "ra", "rou", "sa", "ti", "van", "vi", "zan"]
    ends = ["", "t", "d", "ard", "eau", "ier", "in", "on", "y", "ec", "el"]
    out = set()
    while len(out) < n:
        name = "".join(rng.choice(syl) for _ in range(rng.randint(2, 3))) + rng.choice(ends)
        out.add(("Mme " if rng.random() < 0.5 else "M. ") + name.capitalize())
    return sorted(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--refresh", action="store_true", help="re-run the ASR")
    ap.add_argument("--eval-dir", type=Path,
                    default=Path(os.environ.get("SEANCE_EVAL_DIR", ROOT.parent / "shared" / "eval")))
    args = ap.parse_args()
    from transcriber.spelling import fix_spellings

    print(f"French eval clips, the model's own spelling, then the fixes with {len(CLIP_VOCABULARY)} entries:")
    for name, segs in clip_transcripts(args.eval_dir, args.refresh).items():
        fix_spellings(segs, CLIP_VOCABULARY)
        fixes = [f"{w.corrected_from} -> {w.text}" for s in segs for w in s.words if w.corrected_from]
        print(f"  {name}: {len(fixes)} word(s) respelt {fixes}")

    terms = [f"M. {n}" for n in NAMES]
    near = ordinary_near_names(NAMES)
    changed = 0
    for w in near:
        for text in (w, w.capitalize()):
            seg = Segment(0, 100, [Word(0, 100, text, 0.9)])
            changed += fix_spellings([seg], terms) > 0
    print(f"ordinary French words close to {len(NAMES)} surnames: {len(near)} (each lower case and "
          f"capitalised), rewritten: {changed}")

    big = synthetic_vocabulary(5000) + terms
    sentence = "Madame Kovalchik présente le rapport du SIVOM au conseil municipal ce soir".split()
    long_segs = [Segment(0, 1, [Word(0, 1, w, 0.9) for w in sentence]) for _ in range(3000)]
    n_words = sum(len(s.words) for s in long_segs)
    t0 = time.perf_counter()
    fix_spellings(long_segs, big + ["Mme Nathalie Kowalczyk"])
    elapsed = time.perf_counter() - t0
    print(f"5,000-entry vocabulary: {n_words} words fixed in {elapsed:.2f} s "
          f"({n_words / elapsed:.0f} words/s; machine shared, timing rough)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
