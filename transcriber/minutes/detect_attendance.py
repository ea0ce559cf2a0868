"""Attendance said aloud: pouvoirs, presence lists and roll calls, counts, the quorum, members who
arrive or leave during the séance, and the président de séance elected for one item.

Each finder reads one :class:`~.text.Unit` (a speaker turn); ``speaker`` is the name of whoever
speaks it ("" if unknown), so that "je donne pouvoir à…", "je quitte la salle" or "et moi-même"
name that person. Names are taken as heard: :mod:`.people` resolves them later.
"""

from __future__ import annotations

import re

from .dates import CLOCK_RE, clock_from_match
from .facts import Counter, Movement, PersonFact, Pouvoir, Presence, QuorumFact
from .text import CIVILITY, NameMatch, Unit, clause_start, fold, name_at, name_before, subject_in

_ME = re.compile(r"\s*(?:a\s+)?(?:moi-meme|moi\s+meme|moi)\b")


def _quote(unit: Unit, pos: int) -> str:
    return unit.excerpt(pos)


def _first_person(folded: str, start: int, pos: int) -> bool:
    """The verb at ``pos`` has "je"/"j'" as its subject ("je vais devoir partir", "je donne")."""
    tail = folded[max(start, pos - 40):pos]
    return bool(re.search(r"(?:^|[\s,])(?:je\s+|j')(?:\S+\s+){0,2}$", tail))


_BEFORE_NEXT = re.compile(r"\bavant\s+de\s+(?:passer|poursuivre|continuer|commencer)\b|\bavant\s+le\s+point\s+suivant\b")


def before_next(unit: Unit, pos: int) -> bool:
    """"Avant de passer au point suivant, deux collègues doivent nous quitter": said just before."""
    return bool(_BEFORE_NEXT.search(unit.folded, max(0, pos - 250), pos))


def _person_at(unit: Unit, pos: int, speaker: str) -> NameMatch | None:
    """The name at ``pos``, "moi-même" being the speaker."""
    me = _ME.match(unit.folded, pos)
    if me and speaker:
        return NameMatch(speaker, pos, me.end())
    return name_at(unit, pos)


# --- pouvoirs ----------------------------------------------------------------------------------

_GAVE = re.compile(
    r"\b(?:(?:m'|nous\s+)?(?:a|ont|avait)\s+(?:bien\s+)?(?:donne|confie|transmis|remis|laisse)|donne|donnent|donnant|confie"
    r"|transmet|remet)\s+"
    r"(?:son\s+|sa\s+|un\s+|une\s+|1\s+|leur\s+)?(?:pouvoir|procuration|mandat|delegation\s+de\s+vote)"
    r"(?:\s+(?:a|pour|en\s+faveur\s+de)\s+)?"
)
_REPRESENTED_BY = re.compile(r"\b(?:est\s+|sont\s+)?represente(?:e|s|es)?\s+par\s+")
_HOLD = re.compile(r"\bj'ai\s+(?:le|un|son|sa)\s+(?:pouvoir|procuration)\s+de\s+")
_HOLDS = re.compile(r"\b(?:a|detient|porte|dispose\s+du)\s+(?:le|un|son|sa)?\s*(?:pouvoir|procuration)\s+de\s+"
                    r"(?=" + CIVILITY + r"\s)")
_IN_BRACKETS = re.compile(r"\(\s*(?:pouvoir|procuration)\s+(?:donne\s+)?a\s+")
_COMMA_POUVOIR = re.compile(r"(?:,\s*|\s+)(?:pouvoir|procuration)\s+(?:donne\s+)?a\s+(?=" + CIVILITY + r"\s)")
_OF_TO = re.compile(r"\b(?:pouvoir|procuration)\s+de\s+")
_LIST = re.compile(r"\b(?:pouvoirs?|procurations?)\s*:?\s*(?=" + CIVILITY + r"\s|[a-z])")


def find_pouvoirs(unit: Unit, speaker: str = "", called: str = "") -> list[Pouvoir]:
    """"M. X a donné pouvoir à Mme Y", "Mme Z m'a donné pouvoir", "j'ai le pouvoir de M. R",
    "représenté par", "(pouvoir à M. B)", "Pouvoirs : M. A à M. B, …", "je donne pouvoir à…".
    ``called``: the name the chair called just before this turn, in a roll call ("Mme Delmon ?"
    — "Elle m'a donné pouvoir.")."""
    found: list[Pouvoir] = []
    folded = unit.folded

    def add(pos: int, mandant: NameMatch | str | None, mandataire: NameMatch | str | None) -> None:
        a = mandant.name if isinstance(mandant, NameMatch) else mandant
        b = mandataire.name if isinstance(mandataire, NameMatch) else mandataire
        if a and b and a != b and not any(p.mandant == a for p in found):
            found.append(Pouvoir(time_ms=unit.time_at(pos), quote=_quote(unit, pos), mandant=a, mandataire=b,
                                 before_next=before_next(unit, pos)))

    def pairs(pos: int, end: int, continued: bool = False) -> None:
        """"M. A à M. B, Mme C à Mme D": after "Pouvoirs :", or after a first pouvoir said in full
        ("M. A a donné pouvoir à M. B, Mme C à Mme D, et M. E à M. F")."""
        while pos < end:
            if continued:
                sep = re.match(r"\s*[,;]\s*(?:et\s+)?|\s+et\s+|\s+(?=(?:" + CIVILITY + r")\s)", folded[pos:end])
                if not sep:
                    break
                pos += sep.end()
            who = name_at(unit, pos)
            to = re.match(r"\s*,?\s*(?:a|pour)\s+", folded[who.end:end]) if who else None
            if not who or not to:
                break
            target = _person_at(unit, who.end + to.end(), speaker)
            if not target:
                break
            add(pos, who, target)
            if continued:
                pos = target.end
                continue
            sep = re.match(r"[\s,;]*(?:et\s+)?", folded[target.end:end])
            pos = target.end + (sep.end() if sep else 0)

    for m in _GAVE.finditer(folded):
        s_start = unit.sentence_span(m.start())[0]
        to_me = folded[m.start():m.start() + 3] == "m'a" or re.match(r"m'a", folded[m.start():])
        if to_me:
            mandataire: NameMatch | str | None = speaker
        elif m.group().rstrip().endswith((" a", " pour", " de")):
            mandataire = _person_at(unit, m.end(), speaker)
        else:
            continue
        floor = clause_start(folded, m.start(), s_start)
        if _first_person(folded, s_start, m.start()):
            mandant: NameMatch | str | None = speaker
        else:
            mandant = name_before(unit, m.start(), floor) or subject_in(unit, floor, m.start()) \
                or subject_in(unit, s_start, m.start())
            if mandant is None or re.fullmatch(r"(?:il|elle)", mandant.name.lower()):
                mandant = _called_before(unit, s_start)  # "Mme Bras ? Elle a donné pouvoir à M. Roux."
                if mandant is None and s_start == 0 and called:
                    mandant = called
        add(m.start(), mandant, mandataire)
        if isinstance(mandataire, NameMatch) and not to_me:
            pairs(mandataire.end, unit.sentence_span(m.start())[1], continued=True)
    for m in _REPRESENTED_BY.finditer(folded):
        floor = clause_start(folded, m.start(), unit.sentence_span(m.start())[0])
        add(m.start(), name_before(unit, m.start(), floor), _person_at(unit, m.end(), speaker))
    for m in _HOLD.finditer(folded):
        add(m.start(), name_at(unit, m.end()), speaker)
    for m in _HOLDS.finditer(folded):  # "M. Bardin a le pouvoir de Mme Aubry"
        floor = clause_start(folded, m.start(), unit.sentence_span(m.start())[0])
        holder = name_before(unit, m.start(), floor)
        if holder is not None and not re.fullmatch(r"(?:il|elle|on|qui)", holder.name.lower()):
            add(m.start(), name_at(unit, m.end()), holder)
    for m in _OF_TO.finditer(folded):
        if re.search(r"\b(?:j'ai|avec|ai)\s+(?:le\s+|son\s+)?$", folded[max(0, m.start() - 12):m.start()]):
            continue
        mandant = name_at(unit, m.end())
        if mandant:
            rest = re.match(r"\s*(?:a|en\s+faveur\s+de|au\s+profit\s+de)\s+", folded[mandant.end:])
            if rest:
                add(m.start(), mandant, _person_at(unit, mandant.end + rest.end(), speaker))
    for m in _COMMA_POUVOIR.finditer(folded):  # "M. Lacombe, pouvoir à M. Escaffre" (a roll call)
        floor = clause_start(folded, m.start(), unit.sentence_span(m.start())[0])
        before = name_before(unit, m.start(), unit.sentence_span(m.start())[0])
        if before is not None and not folded[before.end:m.start()].strip(" ,") and before.start >= floor - 2:
            add(m.start(), before, _person_at(unit, m.end(), speaker))
    for m in _IN_BRACKETS.finditer(folded):
        floor = clause_start(folded, m.start(), unit.sentence_span(m.start())[0])
        add(m.start(), name_before(unit, m.start(), floor), _person_at(unit, m.end(), speaker))
    for m in _LIST.finditer(folded):
        pairs(m.end(), unit.sentence_span(m.start())[1])
    return found


def names_sequence(unit: Unit, start: int, end: int, speaker: str = "") -> list[NameMatch]:
    """The names of "M. A, Mme B et M. C" (commas or not) between ``start`` and ``end``; without
    commas nor civilities ("chantal mourgues patrice bouyssou…"), a first name and a surname each."""
    out = []
    pos = start
    bare = not re.search(r"[,;]|\b(?:m|mme|monsieur|madame)\b", unit.folded[start:end])
    while pos < end:
        who = _person_at(unit, pos, speaker)
        if who is not None and bare and not _ME.match(unit.folded, pos):
            two = name_at(unit, pos, max_tokens=2)
            who = two or who
        if not who or who.end > end + 1:
            break
        out.append(who)
        sep = re.match(r"(?:[\s,;]|\([^)]*\))*(?:et\s+|ainsi\s+que\s+)?", unit.folded[who.end:end])
        nxt = who.end + (sep.end() if sep else 0)
        if nxt <= pos:
            break
        pos = nxt
    return out


def list_item_starts(folded: str, start: int, end: int) -> list[int]:
    """Starts of the items of "A, B (pouvoir à C) et D" between ``start`` and ``end``."""
    starts = [start]
    depth = 0
    i = start
    while i < end:
        c = folded[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and c in ",;":
            starts.append(i + 1)
        elif depth == 0 and folded.startswith(" et ", i):
            starts.append(i + 4)
            i += 3
        i += 1
    return starts


# --- presence ----------------------------------------------------------------------------------

_LIST_LABEL = re.compile(
    r"\b(?:(absents?\s+excusee?s?|absentes?\s+excusees?|excusee?s?|absente?s?|presente?s?)\s*:\s*"
    r"|(?:sont|est)\s+(absente?s?\s+excusee?s?|presente?s?|excusee?s?|absente?s?)\b(?:\s*:\s*|\s+(?=" + CIVILITY + r"\s|[a-z])))"
)
_NEXT_LABEL = re.compile(
    r"\b(?:absents?\s+excusee?s?|excusee?s?|absente?s?|presente?s?|pouvoirs?|procurations?|"
    r"secretaires?(?:\s+de\s+seance)?|votants?|en\s+exercice|representes?)\s*:|\bdonc\b"
    r"|\b(?:a|ont)\s+donne\b|\bsont\s+(?:excuse|absent|present)|\bnous\s+sommes\b"
)
_SAID_STATUS = re.compile(r"\b(?:est|sont)\s+(?:donc\s+)?(excusee?s?|absente?s?)\b")
_PRESENT_ANSWER = re.compile(r"^\s*(?:oui\s*,?\s*)?(?:presente?|ici|present\s+monsieur|presente\s+madame)\b")


def find_presences(unit: Unit, speaker: str = "") -> list[Presence]:
    """Lists read aloud ("Absents excusés : M. A, Mme B", "Sont présents : A, B et moi-même",
    "Sont excusés A et B") and "M. C est excusé"."""
    found = []
    folded = unit.folded
    for m in _LIST_LABEL.finditer(folded):
        label = m.group(1) or m.group(2)
        rest = folded[m.end():]
        if m.group(2) and folded[m.start():].startswith("est") and \
                name_before(unit, m.start(), unit.sentence_span(m.start())[0]) is not None:
            continue  # "Mme Hermet est excusée [M. Issanchou ?]": the name is before, see _SAID_STATUS
        if re.match(r"\s*\d", rest):
            continue  # a count ("Présents : 16"), see find_counters
        status = "excuse" if "excus" in label else "absent" if label.startswith("absent") else "present"
        end = unit.sentence_span(m.start())[1]
        if not folded[m.end():end].strip(" .,;:"):  # "sont présents : [pause] A, B…": the next sentence
            end = unit.sentence_span(end)[1] if end < len(folded) else end
        nxt = _NEXT_LABEL.search(folded, m.end(), end)
        if nxt:
            end = nxt.start()
        names = names_sequence(unit, m.end(), end, speaker)
        if len(names) <= 1 and re.search(r",", folded[m.end():end]):
            names = [w for start in list_item_starts(folded, m.end(), end)
                     if (w := _person_at(unit, start, speaker)) and w.end <= end + 1]
        for who in names:
            found.append(Presence(time_ms=unit.time_at(who.start), quote=_quote(unit, m.start()),
                                  name=who.name, status=status))
    for m in _SAID_STATUS.finditer(folded):
        s_start = unit.sentence_span(m.start())[0]
        floor = clause_start(folded, m.start(), s_start)
        status = "excuse" if m.group(1).startswith("excus") else "absent"
        names = _names_before(unit, floor, m.start())
        if not m.group(1).endswith("s"):
            names = names[-1:]  # "M. A … M. B est excusé": only the last one
        for who in names:
            found.append(Presence(time_ms=unit.time_at(m.start()), quote=_quote(unit, m.start()),
                                  name=who.name, status=status))
    return found


def _names_before(unit: Unit, start: int, end: int) -> list[NameMatch]:
    """The names right before ``end``: "M. A et Mme B [sont excusés]", "Céline [est excusée]"."""
    folded = unit.folded
    last = name_before(unit, end, start)
    if last is None:
        return []
    out = [last]
    while True:  # earlier names of the same run: "M. A, Mme B et"
        before = re.search(r"(?:,\s*|\s+et\s+|\s+)$", folded[start:out[0].start])
        if not before:
            break
        prev = name_before(unit, start + before.start(), start)
        if prev is None or prev.end < start + before.start() - 1 or prev.start >= out[0].start:
            break
        if not re.match(CIVILITY, folded[prev.start:]) and not re.match(CIVILITY, folded[out[0].start:]):
            break
        out.insert(0, prev)
    return out


def roll_call(units: list[Unit], speaker_name) -> list[Presence]:
    """A roll call: the chair calls a name ("M. Bruno Lacoste ?"), the next speaker answers
    "Présent" (the answering speaker, else the name called, is present)."""
    found = []
    for prev, unit in zip(units, units[1:]):
        if unit.speaker == prev.speaker or not _PRESENT_ANSWER.match(unit.folded):
            continue
        called = _called_name(prev)
        name = speaker_name(unit.speaker) or (called.name if called else "")
        if name:
            found.append(Presence(time_ms=unit.start_ms, quote=unit.excerpt(0), name=name, status="present"))
    callers = {prev.speaker for prev, unit in zip(units, units[1:])
               if unit.speaker != prev.speaker and _PRESENT_ANSWER.match(unit.folded)}
    for unit in units:  # the chair ends the call with himself: "Et moi-même, présente.", "Et moi-même."
        me = speaker_name(unit.speaker)
        alone = r"|(?:^|[.!?]\s*)et\s+moi(?:-|\s)?meme\b(?!\s+(?:je\s+)?(?:ne|n'|suis\s+(?:excuse|absent)))" \
            if unit.speaker in callers else ""
        for m in re.finditer(r"\bmoi(?:-|\s)?meme\s*,?\s*(?:je\s+suis\s+)?presente?\b" + alone, unit.folded):
            if me:
                found.append(Presence(time_ms=unit.time_at(m.start()), quote=unit.excerpt(m.start()), name=me,
                                      status="present"))
    return found


def _called_before(unit: Unit, s_start: int) -> NameMatch | None:
    """The person named by the question just before ``s_start`` ("Mme Lucie Bras ?"), if any."""
    if s_start == 0:
        return None
    prev_start = unit.sentence_span(s_start - 1)[0]
    question = unit.folded[prev_start:s_start].strip()
    if not question.endswith("?"):
        return None
    m = re.match(r"(?:et\s+)?(" + CIVILITY + r")\s", question)
    return name_at(unit, prev_start + (len(unit.folded[prev_start:s_start]) - len(unit.folded[prev_start:s_start].lstrip()))) \
        if m else None


def called_name(unit: Unit) -> NameMatch | None:
    """The name a turn ends on, called as a question ("… M. Christian Calmels ?"), if any; without
    punctuation (Whisper), a last sentence that is only a name with its civility."""
    if unit.folded.rstrip().endswith("?"):
        return _called_name(unit)
    s_start = unit.sentence_span(max(0, len(unit.folded) - 2))[0]
    start = s_start + len(unit.folded[s_start:]) - len(unit.folded[s_start:].lstrip())
    if not re.match(CIVILITY + r"\s", unit.folded[start:]):
        return None
    who = name_at(unit, start)
    return who if who is not None and not unit.folded[who.end:].strip(" .") else None


def _called_name(unit: Unit) -> NameMatch | None:
    s_start = unit.sentence_span(max(0, len(unit.folded) - 2))[0]
    m = re.search(r"(" + CIVILITY + r"\s*[^?]{2,40}|[^\s?][^?]{1,40})\s*\??\s*$", unit.folded[s_start:])
    if not m:
        return None
    return name_at(unit, s_start + m.start(1))


# --- counts and quorum ----------------------------------------------------------------------------

_COUNTERS = (
    ("en_exercice", r"\ben\s+exercice\s*:?\s*(\d+)|(\d+)\s+(?:conseillers|membres|elus|delegues)(?:\s+municipaux"
                    r"|\s+communautaires)?\s+en\s+exercice|\bsur\s+(\d+)\s+(?:conseillers\s+|membres\s+|elus\s+|"
                    r"delegues\s+)?en\s+exercice|\bpresents\s+sur\s+(?:les\s+)?(\d+)\b(?!\s*(?:presents|votants|pouvoirs))"),
    ("presents", r"\bpresents?\s*:\s*(\d+)|(\d+)\s+(?:(?:conseillers|membres|elus|delegues)"
                 r"(?:\s+(?:municipaux|communautaires|titulaires))?\s+)?(?:sont\s+)?presents\b"
                 r"|\bsont\s+presents\s*:?\s*(\d+)\b"),
    ("representes", r"\b(?:procurations?|pouvoirs?|absents?\s+representes?|representes?)\s*:\s*(\d+)"
                    r"|(?<!dont\s)(?<!plus\s)\b(\d+)\s+(?:pouvoirs|procurations)\b"
                    r"|(\d+)\s+(?:membres\s+|conseillers\s+|elus\s+|delegues\s+)?(?:sont\s+)?representes\b"),
    ("votants", r"\bvotants?\s*:\s*(\d+)|(\d+)\s+votants\b|\bnombre\s+de\s+votants\s+est\s+(?:donc\s+)?de\s+(\d+)"),
    ("quorum", r"\bquorum\s*(?::|est\s+de|est\s+fixe\s+a|fixe\s+a|=)\s*(\d+)"),
    ("majorite_absolue", r"\bmajorite\s+absolue\s*(?::|est\s+de|=)\s*(\d+)"),
)


def find_counters(unit: Unit) -> list[Counter]:
    """"En exercice : 33 – Présents : 29 – Votants : 33", "nous sommes 16 présents"."""
    found = []
    for name, pattern in _COUNTERS:
        for m in re.finditer(pattern, unit.folded):
            value = int(next(g for g in m.groups() if g))
            if name in ("presents", "votants") and re.search(r"\b(?:plus|dont)\s*$", unit.folded[max(0, m.start() - 8):m.start()]):
                continue  # "13 voix pour (11 présents plus 2 pouvoirs)"
            if name == "presents" and re.search(r"\(\s*$", unit.folded[max(0, m.start() - 3):m.start()]):
                continue
            found.append(Counter(time_ms=unit.time_at(m.start()), quote=_quote(unit, m.start()),
                                 name=name, value=value))
    return found


_QUORUM_NOT = re.compile(
    r"\bquorum\s+(?:n'est|n'etant|n'a)\s+pas\s+(?:ete\s+)?(?:atteint|reuni)|\babsence\s+de\s+quorum\b"
    r"|\bquorum\s+non\s+atteint\b|\bpas\s+le\s+quorum\b"
)
_QUORUM_YES = re.compile(
    r"\bquorum\s+(?:est|etant|a\s+ete)\s+(?:bien\s+|donc\s+)?(?:atteint|reuni)"
    r"|\b(?:avons|a)\s+(?:bien\s+|donc\s+)?le\s+quorum\b|\bquorum\s+atteint\b"
)


def find_quorum(unit: Unit) -> list[QuorumFact]:
    """"Le quorum étant atteint…" (True) or "le quorum n'est pas atteint" (False)."""
    found = []
    negatives = list(_QUORUM_NOT.finditer(unit.folded))
    for m in negatives:
        found.append(QuorumFact(time_ms=unit.time_at(m.start()), quote=_quote(unit, m.start()), reached=False))
    for m in _QUORUM_YES.finditer(unit.folded):
        if any(n.start() <= m.start() < n.end() for n in negatives):
            continue
        found.append(QuorumFact(time_ms=unit.time_at(m.start()), quote=_quote(unit, m.start()), reached=True))
    return found


# --- movements ------------------------------------------------------------------------------------

_DEPART = re.compile(
    r"\b(?:quitte|quittent|a\s+quitte|ont\s+quitte|ayant\s+quitte)\s+(?:donc\s+|maintenant\s+)?"
    r"(?:la\s+salle|la\s+seance|l'assemblee|la\s+reunion|le\s+conseil|la\s+table|l'hemicycle)"
    r"|\bnous\s+quitte(?:nt)?\b"
    r"|\b(?:part|partent)\s+(?:sans\s+donner|en\s+donnant|et\s+donne)"
    r"|\b(?:je\s+(?:dois|vais\s+devoir|suis\s+oblige(?:e)?\s+de|vais))\s+(?:vous\s+|nous\s+)?"
    r"(?:quitter|partir|y\s+aller|m'en\s+aller|m'absenter)\b"
    r"|\bse\s+retire(?:nt)?\s+(?:de\s+la\s+salle|pour\s+le\s+vote|au\s+moment\s+du\s+vote)"
    r"|\bs'absente(?:nt)?\s+(?:pour\s+le\s+vote|au\s+moment\s+du\s+vote|de\s+la\s+salle|quelques\s+minutes"
    r"|pour\s+(?:ce|le)\s+(?:point|dossier|sujet|vote))"
    # "M. Roux doit partir", "Mme Dupont doit nous quitter", "est partie", "sort de la salle", "se retire."
    r"|\b(?:doit|doivent|devait)\s+(?:nous\s+|vous\s+)?(?:partir|quitter|s'absenter|s'en\s+aller)\b"
    r"|\b(?:est|sont)\s+partie?s?\b(?!\s+(?:de|du|des|en|sur|pour|avec|a)\b)"
    r"|\b(?:sort|sortent)\s+de\s+la\s+(?:salle|seance)|\b(?:est|sont)\s+sortie?s?\s*(?:de\s+la\s+salle|[.,;]|$)"
    r"|\bse\s+retire(?:nt)?\s*(?:[.,;]|$)"
    # the member himself: « je sors de la salle », « je quitte la salle », « je me retire »
    r"|\bje\s+(?:sors|quitte)\s+(?:donc\s+)?(?:de\s+)?la\s+(?:salle|seance)|\bje\s+me\s+retire\b"
)
_ARRIVE = re.compile(
    r"\b(?:arrive|arrivent|est\s+arrivee?|sont\s+arrives|rejointe?s?|rejoignent|nous\s+rejoint|entre\s+en\s+seance"
    r"|vient\s+d'arriver|viennent\s+d'arriver|prend\s+(?:place|seance))\b"
    r"(?!\s+a\s+(?:echeance|terme|expiration))"
)
#: a movement said as a noun, at the start of a sentence or noted: "Arrivée de M. Rey à 21h10."
_NOUN_MOVE = re.compile(r"(?:^|[.;:!?]\s*|\b(?:je\s+note|on\s+note|nous\s+notons|notons|j'enregistre|je\s+constate)\s+"
                        r"(?:donc\s+)?(?:l'|le\s+))(arrivee|depart)\s+de\s+(?=(?:" + CIVILITY + r")\s)")
#: what follows the name of such a movement: the end, its hour, a pouvoir, the item
_NOUN_MOVE_END = re.compile(r"\s*(?:[.;:!?,]|$|a\s+\d|qui\s+(?:donne|a\s+donne|laisse)|en\s+seance|\(|"
                            r"(?:et|avec)\s+(?:donne|pouvoir|procuration)|pendant|au\s+cours|lors|avant|apres)")
_LATE = re.compile(r"\b(?:pardon|desolee?|excusez-moi|excuse-moi|veuillez\s+m'excuser)\s+(?:pour|de)\s+(?:le|mon|ce)\s+retard")
_RETURN = re.compile(
    r"\b(?:peut|peuvent)\s+(?:revenir|rentrer|regagner)|\brevient\b|\breviennent\b|\best\s+de\s+retour\b"
    r"|\breintegre\w*|\bje\s+reprends\s+(?:la\s+)?presidence|\breprend\s+(?:la\s+)?presidence|\breprend\s+(?:sa\s+)?place"
    r"|\bregagne\s+la\s+salle|\b(?:rentre|rentrent)\s+(?:dans\s+la\s+salle|en\s+seance)"
)
_FROM_ITEM = re.compile(
    r"(?:(?:a\s+)?partir\s+du|des\s+le|depuis\s+le|pour\s+le|au\s+moment\s+du)\s+point\s*"
    r"(?:n\s*°|n°|no\b\.?|numero)?\s*(\d{1,3})"
)
_THIS_ITEM = re.compile(r"\b(?:prend|prendra)\s+part\s+(?:au\s+vote|aux\s+votes|aux\s+debats)\s+(?:de|sur|pour)\s+ce\s+point")
_PROXY_AS_LEAVING = re.compile(r"\b(?:donne|donnant|laisse|laissant|confie)\s+(?:son\s+|sa\s+)?(?:pouvoir|procuration)\s+a\s+"
                               # "Départ de Mme Bras à 21h30, pouvoir à M. Roux", "(procuration à M. Roux)"
                               r"|(?:[,(]\s*|\b(?:avec|et)\s+)(?:pouvoir|procuration)\s+(?:donnee?\s+)?a\s+")
_NEGATED = re.compile(r"(?:\b(?:ne|n'|jamais|pas|plus|encore)|\bsi\s+(?:je|il|elle)|n')\s*$")


def find_movements(unit: Unit, speaker: str = "") -> list[Movement]:
    """Members who leave ("quitte la salle", "je dois partir", "nous quitte", with the pouvoir
    given as they leave) or arrive ("arrive à 20h50 et prend part au vote à partir du point 3",
    "pardon pour le retard", "M. Peyre peut revenir", "je reprends la présidence")."""
    found: list[Movement] = []
    folded = unit.folded
    for kind, pattern in (("depart", _DEPART), ("arrivee", _ARRIVE), ("arrivee", _RETURN)):
        for m in pattern.finditer(folded):
            s_start, s_end = unit.sentence_span(m.start())
            if _NEGATED.search(folded[max(0, m.start() - 12):m.start()]) \
                    or re.search(r"\b(?:si|quand|lorsque|avant\s+que)\s+(?:\S+\s+){0,4}$", folded[s_start:m.start()]):
                continue  # "si M. Roux doit partir, …": not a movement
            who = _mover(unit, m, s_start, speaker)
            if not who:
                continue
            clock = re.search(r"\ba\s+" + CLOCK_RE, folded[m.start():s_end])
            item = _FROM_ITEM.search(folded, s_start, s_end)
            proxy = None
            if kind == "depart":
                gave = _PROXY_AS_LEAVING.search(folded, m.start(), min(len(folded), s_end + 120))
                if gave and not re.search(r"[.;!?]|\bet\s+(?:m\.|mme|monsieur|madame)\b", folded[m.end():gave.start()]):
                    target = _person_at(unit, gave.end(), speaker)
                    proxy = target.name if target else None
            found.append(Movement(
                time_ms=unit.time_at(m.start()), quote=_quote(unit, m.start()), kind=kind, name=who,
                clock=clock_from_match(clock.group(1), clock.group(2)) if clock else None,
                from_item=item.group(1) if item else None, proxy=proxy,
                returning=pattern is _RETURN, this_item=bool(_THIS_ITEM.search(folded, s_start, s_end)),
                before_next=before_next(unit, m.start()),
            ))
    for m in _NOUN_MOVE.finditer(folded):  # "Arrivée de M. Rey à 21h10.", "je note le départ de Mme Bras"
        who = name_at(unit, m.end())
        s_start, s_end = unit.sentence_span(m.start())
        if who is None or not _NOUN_MOVE_END.match(folded, who.end):
            continue
        clock = re.search(r"\ba\s+" + CLOCK_RE, folded[who.end:s_end])
        proxy = None
        kind = "arrivee" if m.group(1) == "arrivee" else "depart"
        if kind == "depart":
            gave = _PROXY_AS_LEAVING.search(folded, who.end, s_end)
            target = _person_at(unit, gave.end(), speaker) if gave else None
            proxy = target.name if target else None
        item = _FROM_ITEM.search(folded, s_start, s_end)
        found.append(Movement(
            time_ms=unit.time_at(m.start()), quote=_quote(unit, m.start()), kind=kind, name=who.name,
            clock=clock_from_match(clock.group(1), clock.group(2)) if clock else None,
            from_item=item.group(1) if item else None, proxy=proxy, before_next=before_next(unit, m.start()),
        ))
    for m in _LATE.finditer(folded):
        if speaker:
            found.append(Movement(time_ms=unit.time_at(m.start()), quote=_quote(unit, m.start()), kind="arrivee",
                                  name=speaker))
    return found


def _mover(unit: Unit, m: re.Match, s_start: int, speaker: str) -> str:
    folded = unit.folded
    if m.group().startswith("je ") or _first_person(folded, s_start, m.start()):
        return speaker
    floor = clause_start(folded, m.start(), s_start)
    who = name_before(unit, m.start(), floor) or subject_in(unit, floor, m.start()) \
        or subject_in(unit, s_start, m.start())
    if who is None:
        return ""
    if re.fullmatch(r"(?:il|elle|on|nous|vous|ils|elles|le|la|les)", who.name.lower()):
        return ""
    if re.search(r"\d|\b(?:collegues?|elus?|conseillers?|membres?|personnes?|gens|suivant|certains|plusieurs|"
                 r"deux|trois|quatre)\b", fold(who.name)):
        return ""  # "deux collègues doivent nous quitter": who they are comes next
    return who.name


# --- the président de séance of one item --------------------------------------------------------

_ELECT_CHAIR = re.compile(
    r"\b(?:elire|designer|nommer|choisir)\s+(?:un|une|le|la|1)?\s*(?:president|presidente)\s+de\s+seance"
    r"|\b(?:president|presidente)\s+de\s+seance\s+pour\s+(?:le\s+vote|ce\s+point|l'examen)"
)
_PROPOSE = re.compile(r"\bje\s+vous\s+propose\s+(?:de\s+designer\s+|d'elire\s+)?")
_ELECTED_CHAIR = re.compile(r"\b(?:est|sera)\s+(?:elue?|designee?)\s+(?:president|presidente)\s+de\s+seance")


def find_chair_changes(unit: Unit) -> list[PersonFact]:
    """"Il faut élire un président de séance pour le vote du compte administratif. Je vous
    propose M. Henri Lacaze" and "Mme X est élue présidente de séance": the item's président."""
    found = []
    folded = unit.folded
    for m in _ELECT_CHAIR.finditer(folded):
        prop = _PROPOSE.search(folded, m.end(), min(len(folded), m.end() + 200))
        who = name_at(unit, prop.end()) if prop else None
        if who:
            found.append(PersonFact(time_ms=unit.time_at(m.start()), quote=_quote(unit, m.start()),
                                    kind="president", name=who.name))
    for m in _ELECTED_CHAIR.finditer(folded):
        who = name_before(unit, m.start())
        if who:
            found.append(PersonFact(time_ms=unit.time_at(m.start()), quote=_quote(unit, m.start()),
                                    kind="president", name=who.name))
    for m in _HAND_CHAIR.finditer(folded):  # "je cède la présidence à M. Lacaze pour ce point"
        who = name_at(unit, m.end())
        if who and not re.fullmatch(r"(?:le|la|l')\s*(?:maire|president|presidente)", who.name.lower()):
            found.append(PersonFact(time_ms=unit.time_at(m.start()), quote=_quote(unit, m.start()),
                                    kind="president", name=who.name))
    for m in _TAKES_CHAIR.finditer(folded):  # "Mme Garrigues, doyenne, prend la présidence"
        who = name_before(unit, m.start())
        if who and not re.fullmatch(r"(?:je|j'|il|elle|on|nous)", who.name.lower()):
            found.append(PersonFact(time_ms=unit.time_at(m.start()), quote=_quote(unit, m.start()),
                                    kind="president", name=who.name))
    return found


_HAND_CHAIR = re.compile(r"\b(?:je\s+)?(?:cede|laisse|confie|passe|donne)\s+la\s+presidence\s+(?:de\s+(?:la\s+)?seance\s+)?"
                         r"(?:pour\s+ce\s+point\s+|pour\s+le\s+vote\s+)?a\s+")
_TAKES_CHAIR = re.compile(r"\b(?:prend|prendra|assure|assurera)\s+la\s+presidence\b(?!\s+du\s+(?:syndicat|comite|club))"
                          r"|\bpresidera\s+(?:la\s+seance\s+)?(?:pour\s+)?(?:ce\s+point|le\s+vote|l'examen|pendant)")
