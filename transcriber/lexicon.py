"""Ordinary French words: is this word one a French speaker uses every day?

The vocabulary fixes and the prompt-echo filter must never touch an ordinary word, whatever it
sounds like. The list is the French word-frequency dictionary shipped by the ``pyspellchecker``
package (MIT; about 140,000 forms counted in film subtitles, proper names removed), read as data
without importing the package. Words seen fewer than ``MIN_COUNT`` times there are treated as
unknown: the tail of such a list holds misspellings and rare names.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import logging
import threading
from pathlib import Path

from .errors import ModelError
from .phonetic import fold

log = logging.getLogger(__name__)

PACKAGE = "spellchecker"
RESOURCE = "resources/fr.json.gz"
#: a form counted fewer times than this in the frequency list does not make a word "ordinary"
MIN_COUNT = 5

_words: frozenset[str] | None = None
_folded: frozenset[str] | None = None
_lock = threading.Lock()


def _resource_path() -> Path:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            "La liste des mots français est absente : le paquet « pyspellchecker » n'est pas "
            "installé. Réinstallez Séance."
        )
    return Path(list(spec.submodule_search_locations)[0]) / RESOURCE


def _load() -> tuple[frozenset[str], frozenset[str]]:
    global _words, _folded
    with _lock:
        if _words is None or _folded is None:
            path = _resource_path()
            try:
                with gzip.open(path, "rt", encoding="utf-8") as f:
                    counts: dict[str, int] = json.load(f)
            except (OSError, ValueError) as exc:
                raise ModelError(f"La liste des mots français est illisible ({path}).") from exc
            words = frozenset(w for w, n in counts.items() if n >= MIN_COUNT)
            _words = words
            _folded = frozenset(fold(w) for w in words)
            log.debug("French lexicon: %d words", len(words))
        return _words, _folded


def is_ordinary(word: str, accents: bool = True) -> bool:
    """True for an ordinary French word ("mère", "conseil", "riche"), case ignored.

    With ``accents=False`` the word matches any accented form ("mere" is ordinary too): use it
    for text whose accents are unreliable. Elided forms ("l'avenue") and hyphenated compounds
    ("peut-être") are ordinary when each part is.
    """
    words, folded = _load()
    w = word.strip().lower().strip(".,;:!?…«»\"()[]")
    if not w:
        return False
    parts = [p for p in w.replace("’", "'").replace("-", " ").split() if p]
    out = []
    for part in parts:
        if "'" in part:
            head, _, tail = part.partition("'")
            if len(head) <= 2 or head in ("qu", "jusqu", "lorsqu", "puisqu", "quoiqu"):
                part = tail
        if not part:
            continue
        out.append(part in words or (not accents and fold(part) in folded))
    return bool(out) and all(out)
