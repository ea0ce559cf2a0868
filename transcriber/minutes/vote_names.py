"""Who a vote names: the people said in an answer, a list, a clause ("M. Bonnefoy et Mme Teulé
ne prennent pas part au vote", "Aurore et Jacques", "moi", "le pouvoir de Mme Fargues"), each
resolved to one person of the séance (:class:`~.people.Roster`) or left out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .people import Roster, display
from .sentences import Sentence
from .text import CIVILITY, name_at


@dataclass
class Block(Sentence):
    parts: list[Sentence] = field(default_factory=list)


def blocks(sents: list[Sentence]) -> list[Block]:
    """Consecutive sentences of one turn read as one text ("Contre. [pause] 2, M. Raynal et Mme
    Puech." when Whisper wrote no colon)."""
    out: list[Block] = []
    for x in sents:
        if out and out[-1].unit is x.unit and out[-1].end == x.start:
            b = out[-1]
            b.end, b.end_ms = x.end, x.end_ms
            b.parts.append(x)
        else:
            out.append(Block(x.unit, x.index, x.start, x.end, x.time_ms, x.end_ms, x.speaker, x.speaker_id, [x]))
    return out


def scan_names(s: Sentence, start: int, end: int, roster: Roster, speaker: str = "") -> list[tuple[str, int, int]]:
    """Every person named in ``[start, end)`` of the sentence: (name, start, end). A civility and
    a name ("Mme Combe", "monsieur le maire"), a known first name or surname ("Aurore"), "moi"."""
    f = s.folded
    out: list[tuple[str, int, int]] = []
    pos = start
    while pos < end:
        at_word = pos == 0 or not f[pos - 1].isalnum()
        me = re.match(r"moi(?:-meme)?\b", f[pos:end]) if at_word else None
        if me:
            if speaker:
                out.append((roster.resolve(speaker), pos, pos + me.end()))
            pos += me.end()
            continue
        if at_word and re.match(CIVILITY + r"\s|le\s+maire\b|la\s+maire\b", f[pos:end]):
            who = name_at(s.unit, s.start + pos)
            if who is not None and who.end - s.start <= end + 1:
                out.append((roster.resolve(display(who.name)), pos, who.end - s.start))
                pos = who.end - s.start
                continue
            if who is not None:  # the name ran past the end ("Mme Puesh s'abstenant" read up to the verb)
                clipped = s.text[pos:end].strip(" ,")
                person = roster.find(clipped) if len(clipped.split()) >= 2 else None
                if person is not None:
                    out.append((person.name, pos, end))
                    pos = end
                    continue
        word = re.match(r"[a-z][\w'-]*", f[pos:end]) if at_word else None
        if word:
            two = re.match(r"[a-z][\w'-]*\s+[a-z][\w'-]*", f[pos:end])
            person = roster.find(two.group(), fuzzy=False) if two and len(two.group().split()[1]) >= 3 \
                and two.group().split()[0] not in _NOT_NAMES else None
            if person is not None:
                out.append((person.name, pos, pos + two.end()))
                pos += two.end()
                continue
            w = word.group()
            person = roster.find(w, fuzzy=False) if len(w) >= 3 and w not in _NOT_NAMES else None
            if person is not None:
                out.append((person.name, pos, pos + word.end()))
            pos += word.end()
            continue
        pos += 1
    return out


_NOT_NAMES = frozenset("""pour contre qui est les des une par sur avec dans vote voix groupe liste elus moi
abstention abstentions personne monsieur madame maire conseil seance point donc alors bien merci""".split())
_SEPARATOR = re.compile(r"^[\s,;:]*(?:(?:et|ainsi\s+que|puis|aussi)\s+|(?:le\s+|la\s+)?(?:pouvoir|procuration)\s+de\s+"
                        r"|celle\s+de\s+|celui\s+de\s+|par\s+pouvoir[\s,]*)*[\s,;:]*$")


def runs(found: list[tuple[str, int, int]], f: str) -> list[list[tuple[str, int, int]]]:
    """Names said one after the other ("M. A, Mme B et M. C") grouped in runs."""
    runs: list[list[tuple[str, int, int]]] = []
    for name in found:
        if runs and _SEPARATOR.match(f[runs[-1][-1][2]:name[1]]):
            runs[-1].append(name)
        else:
            runs.append([name])
    return runs


def names_after(s: Sentence, start: int, roster: Roster, end: int | None = None, speaker: str = "",
                 stop_at_number: bool = False) -> list[str]:
    """The people named from ``start`` on, one run ("Mme Combe, M. Fournel et le pouvoir de M. Rey",
    "Aurore et Jacques", "moi"): nothing if something else comes first."""
    f = s.folded
    end = len(f) if end is None else end
    found = scan_names(s, start, end, roster, speaker)
    if not found or not re.fullmatch(r"[\s,;:.]*(?:(?:et|donc|avec|alors|oui|non|c'est-a-dire|celles?\s+de|celui\s+de|ceux\s+de|"
                                     r"(?:le\s+|la\s+)?(?:pouvoir|procuration)\s+de)\s*[\s,;:]*)*", f[start:found[0][1]]):
        return []
    return [n for n, _, _ in runs(found, f)[0]]


def answer_names(s: Sentence, start: int, end: int, roster: Roster) -> list[str]:
    """Everyone named in an answer ("le groupe Agir ensemble, donc cinq voix avec le pouvoir de
    Mme Fargues" names Mme Fargues)."""
    return [n for n, _, _ in scan_names(s, start, end, roster, s.speaker)]


def run_before(s: Sentence, pos: int, roster: Roster) -> list[str]:
    """The run of names that ends right before ``pos`` ("M. Bonnefoy et Mme Teulé [ne prennent
    pas part]", "Sylvain [ne prenant pas part]", "M. le Maire [ayant quitté la salle]")."""
    f = s.folded
    found = scan_names(s, 0, pos, roster, s.speaker)
    if not found:
        return []
    last_run = runs(found, f)[-1]
    gap = f[last_run[-1][2]:pos]
    if not re.fullmatch(r"[\s,]*(?:(?:qui|donc|aussi|egalement|interessee?|etant\s+concernee?|concernee?|lui-meme|"
                        r"elle-meme)[\s,]*){0,3}", gap):
        return []
    return [n for n, _, _ in last_run]


def subject_names(s: Sentence, pos: int, roster: Roster, after: int | None = None) -> list[str]:
    """Who does not take part (or left): the names right before ``pos``, "je" the speaker, "tu"
    the person spoken to, "il"/"elle" the person named just before."""
    f = s.folded
    before = f[max(0, pos - 40):pos]
    if re.search(r"(?:^|\s)(?:je\s+|j')(?:\S+\s+){0,2}$", before) and s.speaker:
        return [roster.resolve(s.speaker)]
    if re.search(r"\btu\s+(?:\S+\s+){0,2}$", before):
        vocative = re.match(r"\s*(?:[a-z]+\s+){0,2}?([a-z][\w'-]+)\s*,", f)
        if vocative:
            person = roster.find(vocative.group(1), fuzzy=False)
            if person:
                return [person.name]
        return []
    if re.search(r"\b(?:il|elle)\s+(?:\S+\s+){0,2}$", before):
        found = scan_names(s, 0, pos, roster)
        return [found[-1][0]] if found else []
    return run_before(s, pos, roster)


def names_in_text(s: Sentence, start: int, end: int, roster: Roster) -> list[str]:
    out: list[str] = []
    for name, _, _ in scan_names(s, start, end, roster):
        if name not in out:
            out.append(name)
    return out
