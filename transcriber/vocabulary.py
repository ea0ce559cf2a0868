"""The vocabulary of a collectivité: elected members, other people, places, acronyms.

Stored as a plain UTF-8 file the user may edit by hand, ``vocabulaire.txt`` in the
collectivité's folder of the settings (``settings.collectivite_dir``)::

    # Vocabulaire de la collectivité, une entrée par ligne ; « # » commente une ligne.
    [Élus]
    Mme Anne Martin
    M. Jean-Pierre Dubreuil
    [Personnes]
    Mme Nathalie Kowalczyk
    [Lieux]
    rue des Tilleuls
    [Sigles]
    SIVOM = syndicat intercommunal à vocation multiple

Entries before the first section, or under ``[Autres]``, are kept as they are. The same text is
what the app shows and edits. The entries go to Whisper as a hint (``asr.vocabulary_prompt``); after
the ASR, ``fix_spellings`` corrects near-miss spellings of the names and acronyms it holds.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .phonetic import fold

log = logging.getLogger(__name__)

FILE_NAME = "vocabulaire.txt"

#: section key -> (title written in the file, accepted spellings of the title, folded)
SECTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "elected": ("Élus", ("elus", "elu", "elus et elues", "conseillers", "membres")),
    "people": ("Personnes", ("personnes", "noms", "agents", "intervenants")),
    "places": ("Lieux", ("lieux", "rues", "voies", "lieux et rues")),
    "acronyms": ("Sigles", ("sigles", "acronymes", "abreviations")),
    "other": ("Autres", ("autres", "divers", "vocabulaire")),
}
_HEADER = re.compile(r"^\[(.+)\]$")


@dataclass
class Vocabulary:
    """The entries of one collectivité, by section, in the user's order."""

    elected: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    #: acronym -> expansion ("" when none was given)
    acronyms: dict[str, str] = field(default_factory=dict)
    other: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.terms())

    def terms(self) -> list[str]:
        """Every entry once, elected members first (acronyms without their expansion)."""
        out: dict[str, None] = {}
        for term in [*self.elected, *self.people, *self.acronyms, *self.places, *self.other]:
            out.setdefault(term, None)
        return list(out)

    # --- text -------------------------------------------------------------------------------
    @classmethod
    def parse(cls, text: str, source: str = "vocabulaire") -> "Vocabulary":
        """Read the plain-text form (see the module docstring); raises ``InputError`` naming
        the line of an unknown section. Commas also separate entries outside the acronyms."""
        vocab = cls()
        section = "other"
        for number, raw in enumerate(text.splitlines(), 1):
            line = raw.strip().lstrip("\ufeff")
            if not line or line.startswith("#"):
                continue
            header = _HEADER.match(line)
            if header:
                section = _section_of(header.group(1))
                if section is None:
                    known = ", ".join(f"[{title}]" for title, _ in SECTIONS.values())
                    raise InputError(
                        f"{source}, ligne {number} : section inconnue « {line} » "
                        f"(sections possibles : {known})."
                    )
                continue
            if section == "acronyms":
                acronym, _, expansion = line.partition("=")
                acronym, expansion = " ".join(acronym.split()), " ".join(expansion.split())
                if acronym:
                    vocab.acronyms.setdefault(acronym, expansion)
                continue
            target: list[str] = getattr(vocab, section)
            for part in line.replace(";", ",").split(","):
                term = " ".join(part.split())
                if term and term not in target:
                    target.append(term)
        return vocab

    def to_text(self, title: str = "", compact: bool = False) -> str:
        """The file's text; ``compact``: the entries only (no comments, no empty section, the
        entries of « Autres » first without a heading), as the app's import dialog shows them."""
        if compact:
            lines = list(self.other)
            for key, (heading, _) in SECTIONS.items():
                entries = ([f"{a} = {e}" if e else a for a, e in self.acronyms.items()]
                           if key == "acronyms" else getattr(self, key))
                if entries and key != "other":
                    lines += [f"[{heading}]", *entries]
            return "\n".join(lines)
        lines = [
            f"# Vocabulaire{f' de « {title} »' if title else ''} pour Séance : une entrée par ligne.",
            "# Les noms des élus servent aussi à préremplir la liste de présence du procès-verbal.",
            "# Sigles : « SIGLE = signification ». Une ligne qui commence par « # » est ignorée.",
        ]
        for key, (heading, _) in SECTIONS.items():
            lines += ["", f"[{heading}]"]
            if key == "acronyms":
                lines += [f"{a} = {e}" if e else a for a, e in self.acronyms.items()]
            else:
                lines += getattr(self, key)
        return "\n".join(lines) + "\n"


def _section_of(heading: str) -> str | None:
    folded = fold(heading)
    for key, (_, names) in SECTIONS.items():
        if folded in names:
            return key
    return None


def parse_terms(text: str) -> list[str]:
    """The flat list of entries of a vocabulary text (what Whisper gets)."""
    return Vocabulary.parse(text).terms()


# --- files ---------------------------------------------------------------------------------------


def vocabulary_path(collectivite: str) -> Path:
    from .settings import collectivite_dir

    return collectivite_dir(collectivite) / FILE_NAME


def read_file(path: str | Path) -> Vocabulary:
    """A vocabulary file; a missing file is an empty vocabulary, an unreadable one an error."""
    path = Path(path)
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return Vocabulary()
    except UnicodeDecodeError as exc:
        raise InputError(f"Le fichier de vocabulaire {path} n'est pas en UTF-8.") from exc
    except OSError as exc:
        raise InputError(f"Fichier de vocabulaire illisible : {path}") from exc
    return Vocabulary.parse(text, source=str(path))


def load(collectivite: str) -> Vocabulary:
    """The vocabulary of ``collectivite`` (empty when it has none yet).

    A collectivité whose terms were kept in ``settings.json`` by an earlier version (a flat list)
    gets them back, under « Autres », until its file is first saved.
    """
    path = vocabulary_path(collectivite)
    if path.exists():
        return read_file(path)
    from .settings import Settings

    legacy = Settings.load().vocabularies.get(collectivite.strip())
    return Vocabulary(other=list(legacy)) if legacy else Vocabulary()


def save(collectivite: str, vocabulary: Vocabulary | str) -> Path:
    """Write the vocabulary of ``collectivite`` atomically; a text is checked before."""
    from .settings import register_collectivite
    from .store import write_atomic

    if isinstance(vocabulary, str):
        text = vocabulary if vocabulary.endswith("\n") else vocabulary + "\n"
        Vocabulary.parse(text)  # refuse a text the next reading would refuse
    else:
        text = vocabulary.to_text(collectivite)
    folder = register_collectivite(collectivite)
    path = folder / FILE_NAME
    write_atomic(path, text.encode("utf-8"))  # StoreError in French if the folder is unwritable
    log.info("vocabulary saved: %s", path)
    return path
