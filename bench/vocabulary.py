"""Vocabulary fixes after the ASR: are known names written right, and ordinary words left alone?

    python bench/vocabulary.py [--no-prompt] [--refresh]

Builds its own audio: espeak-ng says one council sentence per surname (``NAMES``, French voices
in turn), sox joins them; the real faster-whisper model transcribes it, with the names in the
vocabulary prompt as the pipeline does (``--no-prompt``: without, to see what the fixes add on
their own). Transcripts are cached under ``build/bench-vocabulary/``.

Prints, on the tuning names (even positions, on which ``spelling.SPELLING_MIN_RATIO`` and the
phonetic rules were chosen) and on the held-out names (odd positions, never tuned on): names the
ASR wrote right, names right after the fixes, wrong fixes (a word turned into another name, or
into a name where none was said); then the ordinary French words close to the names that were
rewritten (must be 0), and the time to fix a long transcript with a 5,000-entry vocabulary.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from transcriber.model import Segment, Word  # noqa: E402
from transcriber.phonetic import fold  # noqa: E402

CACHE = ROOT / "build" / "bench-vocabulary"

#: surnames of the kind a French council holds; even positions tune, odd positions are held out
NAMES = [
    "Kowalczyk", "Dubreuil", "Quéméner", "Kerguelen", "Hervouët", "Bouchareb", "Vandenbussche",
    "Schoendorff", "Pétiniaud", "Chaumeil", "Jacquemin", "Delaunay", "Rigaudeau", "Thévenoud",
    "Guéguen", "Mazoyer", "Peyrefitte", "Castagnède", "Lhermitte", "Cazenave", "Daudignac",
    "Escudié", "Faucompré", "Grandjouan", "Houdebine", "Issartel", "Jouannic", "Labrousse",
    "Maillochon", "Navarrot", "Ollivro", "Poupinel", "Rabasté", "Soubeyran", "Urvoy", "Vasseur",
    "Wojciechowski", "Zamora", "Benhamou", "Nguyen", "Lefebvre", "Gauthier", "Rousseau",
    "Mercier", "Chevallier", "Fontanel", "Brossard", "Pelletier",
]
TEMPLATES = [
    "La parole est à madame {}.",
    "Monsieur {} vote pour.",
    "Je remercie madame {} pour ce rapport.",
    "Monsieur {} a donné pouvoir au maire.",
    "Madame {} est désignée secrétaire de séance.",
    "Le rapporteur est monsieur {}.",
]
VOICES = [("fr+m3", 150), ("fr+f2", 160), ("fr+m7", 145), ("fr+f4", 155)]


def build_audio(out: Path) -> list[tuple[float, float, str]]:
    """One WAV with a sentence per name; returns (start s, end s, name) per sentence."""
    spans, parts, t = [], [], 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for i, name in enumerate(NAMES):
            voice, speed = VOICES[i % len(VOICES)]
            text = TEMPLATES[i % len(TEMPLATES)].format(name)
            raw, norm = Path(tmp) / f"{i}.wav", Path(tmp) / f"{i}n.wav"
            subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(raw), text], check=True)
            subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(norm),
                            "pad", "0", "0.8"], check=True)
            seconds = float(subprocess.run(["soxi", "-D", str(norm)], capture_output=True, text=True,
                                           check=True).stdout)
            spans.append((t, t + seconds, name))
            parts.append(str(norm))
            t += seconds
        subprocess.run(["sox", *parts, str(out)], check=True)
    return spans


def transcribe(wav: Path, vocabulary: tuple[str, ...]) -> list[Segment]:
    from transcriber import asr, audio

    samples = audio.decode(wav)
    return list(asr.transcribe(samples, asr.AsrOptions(vocabulary=vocabulary)))


def load_or_run(prompt: bool, refresh: bool) -> tuple[list[Segment], list]:
    CACHE.mkdir(parents=True, exist_ok=True)
    wav, meta = CACHE / "names.wav", CACHE / "names.json"
    if refresh or not wav.exists() or not meta.exists():
        meta.write_text(json.dumps(build_audio(wav)))
    spans = json.loads(meta.read_text())
    cache = CACHE / f"asr-{'prompt' if prompt else 'plain'}.json"
    if refresh or not cache.exists():
        vocabulary = tuple(f"Mme {n}" if i % 2 else f"M. {n}" for i, n in enumerate(NAMES)) if prompt else ()
        segs = transcribe(wav, vocabulary)
        cache.write_text(json.dumps([[[w.start_ms, w.end_ms, w.text, w.probability] for w in s.words]
                                     for s in segs], ensure_ascii=False))
    words = json.loads(cache.read_text())
    segs = [Segment(ws[0][0], ws[-1][1], [Word(*w) for w in ws]) for ws in words if ws]
    return segs, spans


def sentence_words(segs: list[Segment], start: float, end: float) -> list[Word]:
    mid = lambda w: (w.start_ms + w.end_ms) / 2000  # noqa: E731
    return [w for s in segs for w in s.words if start <= mid(w) < end]


def score(segs: list[Segment], spans, terms: list[str]) -> dict[str, dict[str, int]]:
    import copy

    from transcriber.spelling import fix_spellings

    fixed = copy.deepcopy(segs)
    fix_spellings(fixed, terms)
    out = {part: {"names": 0, "asr_right": 0, "fixed_right": 0, "wrong_fixes": 0}
           for part in ("tuning", "held-out")}
    for i, (start, end, name) in enumerate(spans):
        part = out["tuning" if i % 2 == 0 else "held-out"]
        before = sentence_words(segs, start, end)
        after = sentence_words(fixed, start, end)
        part["names"] += 1
        part["asr_right"] += any(name in w.text for w in before)
        part["fixed_right"] += any(name in w.text for w in after)
        part["wrong_fixes"] += sum(1 for w in after if w.corrected_from and name not in w.text)
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
    ap.add_argument("--no-prompt", action="store_true", help="ASR without the vocabulary prompt")
    ap.add_argument("--refresh", action="store_true", help="rebuild the audio and the ASR cache")
    args = ap.parse_args()
    from transcriber.spelling import fix_spellings

    segs, spans = load_or_run(not args.no_prompt, args.refresh)
    terms = [f"M. {n}" for n in NAMES]
    print(f"ASR {'without' if args.no_prompt else 'with'} the vocabulary prompt, "
          f"{len(NAMES)} names said by espeak-ng voices")
    for part, r in score(segs, spans, terms).items():
        print(f"  {part:9s}: {r['names']} names, ASR right {r['asr_right']}, right after fixes "
              f"{r['fixed_right']}, wrong fixes {r['wrong_fixes']}")

    near = ordinary_near_names(NAMES)
    changed = 0
    for w in near:
        for text in (w, w.capitalize()):
            seg = Segment(0, 100, [Word(0, 100, text, 0.9)])
            changed += fix_spellings([seg], terms) > 0
    print(f"ordinary French words close to the names: {len(near)} (each lower case and "
          f"capitalised), rewritten: {changed}")

    big = synthetic_vocabulary(5000) + terms
    long_segs = [Segment(0, 1, [Word(0, 1, w.text, w.probability) for w in s.words])
                 for _ in range(60) for s in segs]
    n_words = sum(len(s.words) for s in long_segs)
    t0 = time.perf_counter()
    fix_spellings(long_segs, big)
    elapsed = time.perf_counter() - t0
    print(f"5,000-entry vocabulary: {n_words} words fixed in {elapsed:.2f} s "
          f"({n_words / elapsed:.0f} words/s; machine shared, timing rough)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
