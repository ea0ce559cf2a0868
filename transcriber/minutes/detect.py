"""Rule-based detectors on French transcript text: what a secretary looks for while listening.

Entry points: :func:`detect` (a whole ``Meeting``) and :func:`detect_text` (a piece of text, for
tests and for text typed in the form). Each detector reads one :class:`~.text.Unit` (a speaker
turn) and returns facts (see :mod:`.facts`) carrying the time they were said. Votes live in
:mod:`.votes`. Patterns match the folded text (lowercase, no accents), so Whisper's capitals and
punctuation are a help, never a requirement.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Callable

from ..model import Marker, Meeting
from ..timefmt import parse_date
from .dates import CLOCK_RE, DAY_RE, DEADLINE_RE, MONTH_RE, clock_from_match, resolve_deadline
from .facts import (
    Action,
    AgendaMention,
    ClockEvent,
    Counter,
    Decision,
    DeliberationRef,
    Detections,
    ItemEvent,
    Movement,
    NextMeeting,
    PersonFact,
    Pouvoir,
    Presence,
    QuorumFact,
)
from .text import (
    CIVILITY,
    STOPWORDS,
    NameMatch,
    Unit,
    clause_start,
    meeting_units,
    name_at,
    for_display,
    tidy_name,
    unit_from_text,
)
from .votes import detect_votes

SpeakerLabel = Callable[[str | None], str]


def detect(meeting: Meeting) -> Detections:
    """Every fact the rules find in the meeting's transcript and markers."""
    units = meeting_units(meeting)
    found = detect_units(units, reference=parse_date(meeting.date), speaker_label=meeting.speaker_label)
    markers = marker_mentions(meeting.markers)
    found.agenda = sorted(markers + found.agenda, key=lambda a: a.time_ms)
    return found


def detect_text(text: str, reference: date | None = None, speaker: str | None = None,
                speaker_label: SpeakerLabel | None = None) -> Detections:
    """The facts in a piece of text said by one speaker (word times are made up, 300 ms each)."""
    return detect_units([unit_from_text(text, speaker=speaker)], reference, speaker_label)


def detect_units(units: list[Unit], reference: date | None = None,
                 speaker_label: SpeakerLabel | None = None) -> Detections:
    label = speaker_label or (lambda _id: "")
    found = Detections()
    found.votes = detect_votes(units, label)
    previous: Unit | None = None
    for unit in units:
        found.agenda.extend(find_agenda(unit))
        found.item_events.extend(find_item_events(unit))
        found.deliberations.extend(find_deliberations(unit))
        found.pouvoirs.extend(find_pouvoirs(unit))
        found.presences.extend(find_presences(unit))
        found.counters.extend(find_counters(unit))
        found.quorum.extend(find_quorum(unit))
        found.people.extend(find_people(unit))
        found.clock.extend(find_clock_events(unit))
        found.movements.extend(find_movements(unit))
        found.decisions.extend(find_decisions(unit, previous, label))
        found.actions.extend(find_actions(unit, previous, reference, label))
        found.next_meeting.extend(find_next_meeting(unit, reference))
        previous = unit
    return found


# --- helpers -----------------------------------------------------------------------------------

_NUMBER_SIGN = r"(?:n\s*°|n°|no\b\.?|numero|n\.)?\s*"


def _quote(unit: Unit, pos: int) -> str:
    return unit.excerpt(pos)


def name_before(unit: Unit, pos: int, floor: int | None = None) -> NameMatch | None:
    """The person named last before ``pos`` in the same clause or sentence.

    A name with a civility or a role ("M. Xavier", "le Maire") ending at most three words before
    ``pos`` wins; otherwise up to three name-like words right before ``pos``, skipping a few
    small words ("Jean Martin a donné…", "Dupont, qui est excusé").
    """
    if floor is None:
        floor = unit.sentence_span(pos)[0]
    folded = unit.folded
    best = None
    for m in re.finditer(r"\b(?:" + CIVILITY + r"\s|le maire\b|la maire\b|le president|la presidente)", folded[floor:pos]):
        found = name_at(unit, floor + m.start())
        if found and found.end <= pos:
            best = found
    if best and len(folded[best.end : pos].split()) <= 3:
        return best
    words = list(re.finditer(r"[^\W\d_][\w'\-]*\.?", folded[floor:pos]))
    picked: list[re.Match] = []
    skipped = 0
    for m in reversed(words):
        w = m.group().rstrip(".")
        if w in STOPWORDS or "'" in w:
            if picked or skipped >= 3:
                break
            skipped += 1
            continue
        picked.insert(0, m)
        if len(picked) == 3:
            break
    if not picked:
        return None
    start, end = floor + picked[0].start(), floor + picked[-1].end()
    return NameMatch(tidy_name(unit.text[start:end]), start, end)


def _role_after(unit: Unit, pos: int) -> str:
    """"adjointe aux finances" in "…à Mme Durand, adjointe aux finances"."""
    m = re.match(
        r"\s*,\s*((?:premier|premiere|\d+(?:e|eme|er|ere)|adjoint|adjointe|conseiller|conseillere|"
        r"directeur|directrice|dgs|dga|responsable|chef|cheffe|president|presidente|vice|delegue|"
        r"deleguee|charge|chargee|maire)\b[^,.;!?]{0,80})",
        unit.folded[pos:],
    )
    if not m:
        return ""
    start, end = pos + m.start(1), pos + m.end(1)
    return unit.text[start:end].strip()


# --- agenda -----------------------------------------------------------------------------------

_POINT = re.compile(r"\bpoint\s*" + _NUMBER_SIGN + r"(\d{1,3})\b(?!\s*(?:%|h\b|heures?\b|,\d))")
_ORDINAL_POINT = re.compile(r"\b(\d{1,2})(?:er|ere|e|eme|ieme)\s+point\b")
_INTRO_BEFORE = re.compile(
    r"(?:passons|passe|passer|passe|arrivons|arrive|abordons|aborde|aborder|appelle|examinons|"
    r"examiner|venons|en venir|commencons|commence|enchainons|continuons|poursuivons|ouvrons|"
    r"en sommes|en viens|en venons|attaquons|reprenons|traitons|traiter)\s+"
    r"(?:maintenant\s+|donc\s+|ensuite\s+|directement\s+|alors\s+|tout de suite\s+)?"
    r"(?:au|le|a la|par le|avec le|sur le|du)\s*$"
)
_NOT_INTRO_BEFORE = re.compile(
    r"(?:a partir du|depuis le|jusqu'au|avant le|apres le|comme au|au cours du|lors du|sur le|"
    r"dans le|du|des|le|au)\s*$"
)
_EVENT_AFTER = re.compile(r"\s*(?:de l'ordre du jour\s+)?(?:est|sera|a ete)\s+(?:retire|ajourne|reporte|supprime)")
_TITLE_LEAD = re.compile(
    r"\s*(?:de\s+l'ordre\s+du\s+jour|a\s+l'ordre\s+du\s+jour)?\s*[:,.\-]*\s*"
    r"(?:qui\s+)?(?:concerne|porte\s+sur|est\s+relatif\s+a|est\s+relative\s+a|est\s+consacre\s+a|"
    r"relatif\s+a|relative\s+a|c'est|il\s+s'agit\s+d[eu']?|intitule|avec|objet\s*:)?\s*"
)
_SPECIAL_SECTIONS = (
    (re.compile(r"\bquestions?\s+diverses\b"), "questions_diverses", "Questions diverses"),
    (re.compile(
        r"\b(?:rend|rendre|rends|rendu)\s+compte\s+des\s+decisions\b|"
        r"\bdecisions?\s+(?:prises?\s+)?(?:par\s+(?:le\s+maire\s+)?(?:par\s+)?delegation|"
        r"dans\s+le\s+cadre\s+de\s+(?:la\s+|sa\s+)?delegation)|\bl\.?\s*2122-22\b"),
        "delegation", "Décisions prises par le Maire par délégation (art. L2122-22 du CGCT)"),
    (re.compile(r"\b(?:informations|communications)\s+(?:du\s+maire|diverses)\b"), "informations",
     "Informations et communications du Maire"),
)


def find_agenda(unit: Unit) -> list[AgendaMention]:
    """Items opened in speech: "point n° 3", "passons au point 4 : budget", "2e point"."""
    found: list[AgendaMention] = []
    folded = unit.folded
    for pattern in (_POINT, _ORDINAL_POINT):
        for m in pattern.finditer(folded):
            if not _opens_item(unit, m):
                continue
            found.append(AgendaMention(
                time_ms=_sentence_time(unit, m.start()), quote=_quote(unit, m.start()),
                number=str(int(m.group(1))), title=_title_after(unit, m.end()),
            ))
    for pattern, special, title in _SPECIAL_SECTIONS:
        m = pattern.search(folded)
        if m:
            found.append(AgendaMention(
                time_ms=_sentence_time(unit, m.start()), quote=_quote(unit, m.start()), title=title,
                special=special,
            ))
    return sorted(found, key=lambda a: a.time_ms)


def _sentence_time(unit: Unit, pos: int) -> int:
    """An item starts with the sentence that announces it ("Nous passons au point 2…")."""
    return unit.time_at(unit.sentence_span(pos)[0])


#: what may come before "point 3" at the start of a sentence that opens the item
_SENTENCE_LEADS = {"", "le", "et le", "puis le", "alors le", "donc le", "enfin le", "ensuite le", "bien", "bon"}


def _opens_item(unit: Unit, m: re.Match) -> bool:
    folded = unit.folded
    before = folded[max(0, m.start() - 50) : m.start()]
    if _EVENT_AFTER.match(folded, m.end()):
        return False
    if _INTRO_BEFORE.search(before):
        return True
    explicit_number = re.search(r"n\s*°|n°|\bno\b|numero", m.group())
    lead = folded[unit.sentence_span(m.start())[0] : m.start()].strip(" ,")
    at_start = lead in _SENTENCE_LEADS or re.search(r"(?:^|[.:;!?]\s*)$", before)
    if _NOT_INTRO_BEFORE.search(before) and not at_start:
        return False
    return bool(explicit_number or at_start)


def _title_after(unit: Unit, pos: int, max_words: int = 14) -> str:
    lead = _TITLE_LEAD.match(unit.folded, pos)
    start = lead.end() if lead else pos
    end = unit.sentence_span(pos)[1]
    if start >= end:
        return ""
    words = unit.original(start, end).split()
    if not words:
        return ""
    title = for_display(" ".join(words[:max_words])).strip(" ,;:.-–")
    if len(words) > max_words:
        title += "…"
    return title[:1].upper() + title[1:]


def marker_mentions(markers: list[Marker]) -> list[AgendaMention]:
    """Agenda markers dropped while recording ("Point 3 – Budget" gives number 3)."""
    found = []
    for mk in markers:
        if mk.kind != "agenda":
            continue
        label = mk.label.strip()
        m = re.match(r"\s*(?:point\s*)?(?:n\s*°\s*|no\.?\s*)?(\d{1,3})\s*(?:[-–—.:)]\s*|\s+|$)(.*)", label, re.I)
        number, title = (m.group(1), m.group(2).strip()) if m else (None, label)
        found.append(AgendaMention(
            time_ms=mk.time_ms, quote=label, number=number, title=title, source="marker",
        ))
    return found


def find_item_events(unit: Unit) -> list[ItemEvent]:
    """Items withdrawn ("le point 7 est retiré") or postponed ("le dossier est ajourné")."""
    found = []
    folded = unit.folded
    for m in re.finditer(
        r"\bpoint\s*" + _NUMBER_SIGN + r"(\d{1,3})\s+(?:de l'ordre du jour\s+)?(?:est|sera|a ete)\s+(retire|supprime)"
        r"|\bretir\w*\s+(?:le\s+)?point\s*" + _NUMBER_SIGN + r"(\d{1,3})", folded):
        number = m.group(1) or m.group(3)
        found.append(ItemEvent(time_ms=unit.time_at(m.start()), quote=_quote(unit, m.start()),
                               kind="retire", number=str(int(number))))
    for m in re.finditer(r"\b(?:est|sera|a ete|sont)\s+(ajourne|reporte|renvoye)e?s?\b", folded):
        s_start, _ = unit.sentence_span(m.start())
        num = re.search(r"\bpoint\s*" + _NUMBER_SIGN + r"(\d{1,3})", folded[s_start : m.start()])
        found.append(ItemEvent(time_ms=unit.time_at(m.start()), quote=_quote(unit, m.start()),
                               kind="ajourne", number=str(int(num.group(1))) if num else None))
    m = re.search(r"\bquestions?\s+diverses\s*:?\s*(?:neant|aucune)|\b(?:pas\s+de|aucune)\s+questions?\s+diverses?", folded)
    if m:
        found.append(ItemEvent(time_ms=unit.time_at(m.start()), quote=_quote(unit, m.start()),
                               kind="neant", note="Questions diverses : néant."))
    return found


_DELIBERATION = re.compile(
    r"\b(?:deliberation|dcm|delib)\s*" + _NUMBER_SIGN +
    r"(\d{4})\s*(?:[-/_.]|tiret|trait d'union)?\s*(\d{1,4})\b"
    r"|\b(?:deliberation|dcm)\s*(?:n\s*°|n°|numero)\s*(\d{1,4})\b(?!\s*[-/])"
)


def find_deliberations(unit: Unit) -> list[DeliberationRef]:
    """Délibération numbers: "délibération n° 2023-045", "DCM 2016-061", "délibération numéro 12"."""
    found = []
    for m in _DELIBERATION.finditer(unit.folded):
        if m.group(1):
            ident = f"{m.group(1)}-{int(m.group(2)):03d}" if len(m.group(2)) < 3 else f"{m.group(1)}-{m.group(2)}"
        else:
            ident = m.group(3)
        found.append(DeliberationRef(time_ms=unit.time_at(m.start()), quote=_quote(unit, m.start()), ident=ident))
    return found


# --- attendance -------------------------------------------------------------------------------

_GAVE_PROXY = re.compile(
    r"\b(?:a\s+|avait\s+|ont\s+|a bien\s+)?donn\w*\s+(?:son\s+|un\s+|1\s+|sa\s+|leur\s+)?"
    r"(?:pouvoir|procuration|mandat|delegation de vote)\s+(?:a|pour|en faveur de)\s+"
)
_REPRESENTED_BY = re.compile(r"\b(?:est\s+|sont\s+)?represente(?:e|s|es)?\s+par\s+")
_PROXY_IN_BRACKETS = re.compile(r"\(\s*(?:pouvoir|procuration)\s+(?:donne\s+)?a\s+")
_PROXY_OF = re.compile(r"\b(?:pouvoir|procuration)\s+de\s+")


def find_pouvoirs(unit: Unit) -> list[Pouvoir]:
    """Proxies: "M. X a donné pouvoir à Mme Y", "représenté par", "(pouvoir à M. B)"."""
    found = []
    folded = unit.folded

    def add(pos: int, mandant: NameMatch | None, mandataire: NameMatch | None) -> None:
        if mandant and mandataire and mandant.name != mandataire.name:
            found.append(Pouvoir(time_ms=unit.time_at(pos), quote=_quote(unit, pos),
                                 mandant=mandant.name, mandataire=mandataire.name))

    for pattern in (_GAVE_PROXY, _REPRESENTED_BY):
        for m in pattern.finditer(folded):
            floor = clause_start(folded, m.start(), unit.sentence_span(m.start())[0])
            mandant = name_before(unit, m.start(), floor) or name_before(unit, m.start())
            add(m.start(), mandant, name_at(unit, m.end()))
    for m in _PROXY_IN_BRACKETS.finditer(folded):
        floor = clause_start(folded, m.start(), unit.sentence_span(m.start())[0])
        add(m.start(), name_before(unit, m.start(), floor), name_at(unit, m.end()))
    for m in _PROXY_OF.finditer(folded):
        mandant = name_at(unit, m.end())
        if mandant:
            rest = re.match(r"\s*(?:a|en faveur de)\s+", folded[mandant.end :])
            if rest:
                add(m.start(), mandant, name_at(unit, mandant.end + rest.end()))
    return found


_LIST_LABEL = re.compile(
    r"\b(absents?\s+excusee?s?|excusee?s?|absents?|absentes?|presente?s?)\s*:\s*"
)
_NEXT_LABEL = re.compile(
    r"\b(?:absents?\s+excusee?s?|excusee?s?|absente?s?|presente?s?|pouvoirs?|procurations?|"
    r"secretaires?(?:\s+de\s+seance)?|votants?|en\s+exercice|representes?)\s*:"
)
_SAID_STATUS = re.compile(r"\b(?:est|sont)\s+(excusee?s?|absente?s?)\b")


def find_presences(unit: Unit) -> list[Presence]:
    """Lists read aloud ("Absents excusés : M. A, Mme B") and "M. C est excusé"."""
    found = []
    folded = unit.folded
    for m in _LIST_LABEL.finditer(folded):
        if re.match(r"\s*\d", folded[m.end() :]):
            continue  # a count ("Présents : 16"), see find_counters
        label = m.group(1)
        status = "excuse" if "excus" in label else "absent" if label.startswith("absent") else "present"
        end = unit.sentence_span(m.start())[1]
        nxt = _NEXT_LABEL.search(folded, m.end(), end)
        if nxt:
            end = nxt.start()
        for start in _list_item_starts(folded, m.end(), end):
            who = name_at(unit, start)
            if who and who.name:
                found.append(Presence(time_ms=unit.time_at(start), quote=_quote(unit, m.start()),
                                      name=who.name, status=status))
    for m in _SAID_STATUS.finditer(folded):
        who = name_before(unit, m.start())
        if who:
            status = "excuse" if m.group(1).startswith("excus") else "absent"
            found.append(Presence(time_ms=unit.time_at(m.start()), quote=_quote(unit, m.start()),
                                  name=who.name, status=status))
    return found


def _list_item_starts(folded: str, start: int, end: int) -> list[int]:
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
        elif depth == 0 and c == ",":
            starts.append(i + 1)
        elif depth == 0 and folded.startswith(" et ", i):
            starts.append(i + 4)
            i += 3
        i += 1
    return starts


_COUNTERS = (
    ("en_exercice", r"\ben\s+exercice\s*:?\s*(\d+)|(\d+)\s+(?:conseillers|membres|elus)(?:\s+municipaux)?\s+en\s+exercice"),
    ("presents", r"\bpresents?\s*:\s*(\d+)|(\d+)\s+(?:conseillers\s+|membres\s+|elus\s+)?presents\b"),
    ("representes", r"\b(?:procurations?|pouvoirs?|absents?\s+representes?|representes?)\s*:\s*(\d+)"
                    r"|(\d+)\s+(?:pouvoirs|procurations|membres\s+representes)\b"),
    ("votants", r"\bvotants?\s*:\s*(\d+)|(\d+)\s+votants\b"),
    ("quorum", r"\bquorum\s*(?::|est\s+de|est\s+fixe\s+a|fixe\s+a|=)\s*(\d+)"),
    ("majorite_absolue", r"\bmajorite\s+absolue\s*(?::|est\s+de|=)\s*(\d+)"),
)


def find_counters(unit: Unit) -> list[Counter]:
    """"En exercice : 33 – Présents : 29 – Votants : 33", "nous sommes 16 présents"."""
    found = []
    for name, pattern in _COUNTERS:
        for m in re.finditer(pattern, unit.folded):
            value = int(m.group(1) or m.group(2))
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


# --- people -----------------------------------------------------------------------------------

_SECRETARY_BEFORE = re.compile(
    r"\b(?:est|sont|soit)\s+(?:designee?s?|nommee?s?|elue?s?|choisie?s?)\s+(?:comme\s+|en\s+tant\s+que\s+|pour\s+etre\s+)?"
    r"secretaires?\s+de\s+seance"
    r"|\b(?:comme|en\s+tant\s+que|pour\s+etre|pour\s+assurer)\s+(?:le\s+secretariat|(?:la\s+|le\s+)?secretaire)\s+de\s+(?:la\s+)?seance"
    r"|\b(?:assurera|assure)\s+(?:le\s+)?secretariat(?:\s+de\s+(?:la\s+)?seance)?"
    r"|\b(?:sera|est)\s+(?:notre\s+|la\s+|le\s+)?secretaire\s+de\s+seance"
)
_SECRETARY_AFTER = re.compile(r"\bsecretaires?\s+de\s+seance\s*:\s*|\bsecretariat\s+de\s+(?:la\s+)?seance\s+a\s+")
_RAPPORTEUR = re.compile(
    r"\brapporteure?\s*:\s*|\brapporteure?\s+(?:de\s+ce\s+point\s+|du\s+point\s+|du\s+dossier\s+)?(?:est|sera)\s+"
)
_FLOOR = re.compile(
    r"\b(?:je\s+(?:vous\s+)?(?:donne|passe|laisse|cede|redonne)|donne|donner|passe)\s+la\s+parole\s+a\s+"
    r"|\bla\s+parole\s+est\s+a\s+"
)


def find_people(unit: Unit) -> list[PersonFact]:
    """Secrétaire de séance, rapporteur, and who is given the floor ("la parole à Mme D")."""
    found = []
    folded = unit.folded

    def add(kind: str, pos: int, who: NameMatch | None, role: str = "") -> None:
        if who and who.name:
            found.append(PersonFact(time_ms=unit.time_at(pos), quote=_quote(unit, pos), kind=kind,
                                    name=who.name, role=role))

    for m in _SECRETARY_BEFORE.finditer(folded):
        add("secretaire", m.start(), name_before(unit, m.start()))
    for m in _SECRETARY_AFTER.finditer(folded):
        add("secretaire", m.start(), name_at(unit, m.end()))
    for m in _RAPPORTEUR.finditer(folded):
        who = name_at(unit, m.end())
        add("rapporteur", m.start(), who, _role_after(unit, who.end) if who else "")
    for m in _FLOOR.finditer(folded):
        who = name_at(unit, m.end())
        add("parole", m.start(), who, _role_after(unit, who.end) if who else "")
    return found


# --- times of the séance ----------------------------------------------------------------------

_AT_CLOCK = r"(?:\s+(?:a|il\s+est|a\s+exactement)\s+" + CLOCK_RE + r")?"
_CLOCK_EVENTS = (
    ("ouverture", re.compile(
        r"\b(?:declare|declarons)\s+(?:donc\s+)?(?:la\s+)?seance\s+ouverte" + _AT_CLOCK +
        r"|\bla\s+seance\s+est\s+(?:donc\s+)?ouverte" + _AT_CLOCK +
        r"|\bj'ouvre\s+(?:donc\s+)?(?:la\s+)?seance" + _AT_CLOCK +
        r"|\bouverture\s+de\s+(?:la\s+)?seance\s+a\s+" + CLOCK_RE)),
    ("levee", re.compile(
        r"\b(?:la\s+)?seance\s+est\s+(?:donc\s+)?levee" + _AT_CLOCK +
        r"|\bje\s+leve\s+(?:donc\s+)?la\s+seance" + _AT_CLOCK +
        r"|\b(?:fin|cloture)\s+de\s+(?:la\s+)?seance\s+a\s+" + CLOCK_RE)),
    ("suspension", re.compile(
        r"\bsuspension\s+de\s+(?:la\s+)?seance(?:\s+de\s+" + CLOCK_RE + r"\s+a\s+" + CLOCK_RE + r")?"
        r"|\bje\s+suspends\s+(?:la\s+)?seance" + _AT_CLOCK)),
    ("reprise", re.compile(
        r"\breprise\s+de\s+(?:la\s+)?seance" + _AT_CLOCK +
        r"|\b(?:la\s+seance\s+(?:est\s+)?reprend|je\s+reprends\s+la\s+seance)" + _AT_CLOCK)),
)


def find_clock_events(unit: Unit) -> list[ClockEvent]:
    """Opening, closing, suspension and resumption of the séance, with the hour when said."""
    found = []
    for kind, pattern in _CLOCK_EVENTS:
        for m in pattern.finditer(unit.folded):
            hours = [g for g in m.groups()]
            pairs = [(hours[i], hours[i + 1]) for i in range(0, len(hours) - 1, 2) if hours[i]]
            clocks = [clock_from_match(h, mi) for h, mi in pairs]
            found.append(ClockEvent(
                time_ms=unit.time_at(m.start()), quote=_quote(unit, m.start()), kind=kind,
                clock=clocks[0] if clocks else None, until=clocks[1] if len(clocks) > 1 else None,
            ))
    return found


_ARRIVAL = re.compile(
    r"\b(?:arrive|arrivee|rejoint|rejoignent)\s+(?:en\s+seance\s+|la\s+seance\s+|l'assemblee\s+|le\s+conseil\s+)?"
    r"(?:a\s+" + CLOCK_RE + r"|en\s+cours\s+de\s+seance|pendant\s+le\s+point)"
)
_DEPARTURE = re.compile(
    r"\b(?:quitte|quittent)\s+(?:la\s+salle|la\s+seance|l'assemblee|la\s+reunion)(?:\s+a\s+" + CLOCK_RE + r")?"
)
_FROM_ITEM = re.compile(
    r"(?:a\s+partir\s+du|des\s+le|depuis\s+le|avant\s+le|apres\s+le|au\s+moment\s+du|pour\s+le)\s+point\s*"
    + _NUMBER_SIGN + r"(\d{1,3})|(?:a\s+partir\s+de\s+la|pour\s+la)\s+deliberation\s*" + _NUMBER_SIGN + r"([\d-]+)"
)


def find_movements(unit: Unit) -> list[Movement]:
    """"M. Renault arrive à 20h50 et prend part au vote à partir du point 5", "quitte la salle"."""
    found = []
    for kind, pattern in (("arrivee", _ARRIVAL), ("depart", _DEPARTURE)):
        for m in pattern.finditer(unit.folded):
            who = name_before(unit, m.start())
            if not who:
                continue
            s_start, s_end = unit.sentence_span(m.start())
            item = _FROM_ITEM.search(unit.folded, s_start, s_end)
            hours = m.groups()
            found.append(Movement(
                time_ms=unit.time_at(m.start()), quote=_quote(unit, m.start()), kind=kind, name=who.name,
                clock=clock_from_match(hours[0], hours[1]) if hours and hours[0] else None,
                from_item=(item.group(1) or item.group(2)) if item else None,
            ))
    return found


# --- decisions and actions --------------------------------------------------------------------

_DECISION = re.compile(
    r"\bil\s+(?:est|a\s+ete)\s+decide\b"
    r"|\b(?:nous\s+decidons|on\s+decide|nous\s+avons\s+decide|on\s+a\s+decide)\b"
    r"|\b(?:le|la)\s+(?:conseil(?:\s+municipal|\s+communautaire)?|codir|comite(?:\s+de\s+direction)?|"
    r"bureau(?:\s+municipal)?|direction\s+generale|commission)\s*,?\s*(?:apres\s+en\s+avoir\s+delibere\s*,\s*)?"
    r"(?:decide|approuve|valide|arbitre|retient|emet\s+un\s+avis\s+(?:favorable|defavorable)|ajourne|"
    r"autorise|adopte|prend\s+acte|donne\s+(?:son\s+)?accord|acte|fixe|charge)\b"
    r"|\b(?:c'est|c est)\s+(?:valide|acte|arbitre|decide)\b"
    r"|\b(?:on|nous)\s+(?:valide|validons|retient|retenons|arbitre|arbitrons|acte|actons)\b"
    r"|\bdecision\s*:\s*|\baccord\s+(?:de\s+principe|du\s+codir)\b"
)


def find_decisions(unit: Unit, previous: Unit | None, speaker_label: SpeakerLabel) -> list[Decision]:
    """"Il est décidé de …", "le conseil approuve …", "le CODIR valide …", "c'est validé"."""
    found = []
    seen_sentences = set()
    for m in _DECISION.finditer(unit.folded):
        s_start, s_end = unit.sentence_span(m.start())
        if s_start in seen_sentences:
            continue
        sentence = unit.folded[s_start:s_end].rstrip()
        if sentence.endswith("?"):
            continue
        seen_sentences.add(s_start)
        text = unit.original(s_start, s_end).strip()
        if len(text.split()) > 40:  # an unpunctuated turn: start at the decision itself
            text = unit.original(m.start(), s_end).strip()
        if len(text.split()) < 6:
            context = _previous_sentence(unit, s_start, previous)
            if context:
                text = f"{context} {text}"
        found.append(Decision(time_ms=unit.time_at(m.start()), quote=text, text=_trim(for_display(text), 60),
                              speaker=speaker_label(unit.speaker) or None))
    return found


def _previous_sentence(unit: Unit, pos: int, previous: Unit | None) -> str:
    i = unit.sentence_index(pos)
    if i > 0:
        start = unit.sentences[i - 1]
        return unit.original(start, unit.sentences[i]).strip()
    if previous is not None and previous.sentences:
        start = previous.sentences[-1]
        return previous.original(start, len(previous.text)).strip()
    return ""


def _trim(text: str, max_words: int) -> str:
    words = text.split()
    return text if len(words) <= max_words else " ".join(words[:max_words]) + "…"


_TASK_VERBS = (
    r"relancer|envoyer|preparer|transmettre|rediger|organiser|contacter|verifier|diffuser|chiffrer|"
    r"planifier|programmer|proposer|presenter|mettre\s+a\s+jour|lancer|consulter|solliciter|reunir|"
    r"convoquer|produire|etablir|finaliser|rencontrer|appeler|ecrire|saisir|demander|faire\s+un\s+point|"
    r"faire\s+le\s+point|completer|corriger|publier|informer|revoir|analyser|signer|commander|"
    r"recenser|installer|reserver|rappeler|repondre|inscrire"
)
_ACTION = re.compile(
    r"\b(?P<verb>se\s+charge|me\s+charge|nous\s+chargeons|s'occupe|m'occupe|s'en\s+charge|m'en\s+charge|"
    r"m'en\s+occupe|s'en\s+occupe|prend\s+en\s+charge|prends\s+en\s+charge|est\s+chargee?|sont\s+charges|"
    r"pilote|pilotera|s'engage\s+a|m'engage\s+a|va\s+se\s+charger|va\s+s'occuper|vais\s+me\s+charger|"
    r"vais\s+m'occuper|vais\s+m'en\s+occuper|va\s+s'en\s+occuper)\b\s*(?:de\s+|d'|du\s+)?"
    r"|\b(?P<will>va|vais|doit|dois|devra|devrai|vont|doivent)\s+(?P<task>" + _TASK_VERBS + r")\b"
    r"|\b(?P<assign>il\s+revient\s+a|il\s+appartient\s+a|action\s+(?:pour|a)|je\s+(?:charge|demande\s+a))\s+"
)
_SERVICE = re.compile(
    r"\b((?:le|la|les|l')\s*(?:service|direction|pole|mission|cabinet|dgs|dga|drh|dsi|dst|secretariat|"
    r"equipe|cellule|police\s+municipale|ccas)\b[^,;.!?]{0,40}?)\s*$"
)


def find_actions(unit: Unit, previous: Unit | None, reference: date | None,
                 speaker_label: SpeakerLabel) -> list[Action]:
    """"Mme Roux se charge de relancer le prestataire pour le 15 mars", "je m'en occupe"."""
    found = []
    folded = unit.folded
    for m in _ACTION.finditer(folded):
        s_start, s_end = unit.sentence_span(m.start())
        if folded[s_start:s_end].rstrip().endswith("?"):
            continue
        owner = _action_owner(unit, m, s_start, speaker_label)
        if m.group("assign"):
            who = name_at(unit, m.end())
            if not who:
                continue
            owner = who.name
            rest = re.match(r"\s*(?:de\s+|d'|:\s*)", folded[who.end :])
            task_start = who.end + (rest.end() if rest else 0)
        elif m.group("will"):
            if owner is None:
                continue  # "on va relancer": nobody named, not an action item
            task_start = m.start("task")
        else:
            task_start = m.end()
        deadline = DEADLINE_RE.search(folded, task_start, s_end)
        task_end = deadline.start() if deadline else s_end
        said = unit.text[task_start:task_end].strip(" ,;:.!?") if task_end > task_start else ""
        task = unit.original(task_start, task_end).strip(" ,;:.!?") if said else ""
        if m.group("verb") and not task:
            task = _previous_sentence(unit, s_start, previous).strip(" ,;:.!?")
        task = _MODAL_LEAD.sub("", task)
        if not task:
            continue
        found.append(Action(
            time_ms=unit.time_at(m.start()), quote=_quote(unit, m.start()),
            task=_capitalise(_trim(for_display(task), 30)), owner=owner,
            deadline_text=for_display(unit.original(deadline.start("what"), deadline.end("what")).strip(" ,.;"))
            if deadline else None,
            deadline=_iso(resolve_deadline(deadline.group("what"), reference)) if deadline else None,
            speaker=speaker_label(unit.speaker) or None,
        ))
    return found


_MODAL_LEAD = re.compile(
    r"^(?:il\s+faudrait|il\s+faut|il\s+faudra|on\s+doit|on\s+devrait|il\s+serait\s+bien\s+de|"
    r"il\s+conviendrait\s+de|(?:est-ce\s+que\s+)?(?:tu\s+peux|vous\s+pouvez|peux-tu|pouvez-vous))\s+",
    re.IGNORECASE,
)


def _action_owner(unit: Unit, m: re.Match, s_start: int, speaker_label: SpeakerLabel) -> str | None:
    folded = unit.folded
    floor = clause_start(folded, m.start(), s_start)
    before = folded[floor : m.start()]
    verb = m.group(0)
    if re.search(r"\b(?:je|j'|moi)\b|\bj'", before[-12:]) or re.match(r"(?:me|m'|vais|dois|devrai)", verb.strip()):
        return speaker_label(unit.speaker) or None
    service = _SERVICE.search(before)
    if service:
        return unit.text[floor + service.start(1) : floor + service.end(1)].strip()
    who = name_before(unit, m.start(), floor)
    return who.name if who else None


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


_NEXT_MEETING = re.compile(
    r"\bprochaine?s?\s+(?:codir|reunion|seance|conseil(?:\s+municipal)?|comite(?:\s+de\s+direction)?|bureau)\b"
    r"[^.?!]{0,40}?\b(?:le|au|fixee?\s+au|aura\s+lieu\s+le|se\s+tiendra\s+le|est\s+prevue?\s+le|sera\s+le)\s+"
    rf"(?P<date>(?:(?:{DAY_RE})\s+)?\d{{1,2}}(?:er)?\s+(?:{MONTH_RE})(?:\s+\d{{4}})?|\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?)"
    r"(?:\s+a\s+" + CLOCK_RE + r")?"
)


def find_next_meeting(unit: Unit, reference: date | None) -> list[NextMeeting]:
    """"Le prochain CODIR aura lieu le mardi 24 mars à 9 h"."""
    found = []
    for m in _NEXT_MEETING.finditer(unit.folded):
        d = resolve_deadline(m.group("date"), reference)
        hours = m.groups()[-2:]
        found.append(NextMeeting(
            time_ms=unit.time_at(m.start()), quote=_quote(unit, m.start()), date=_iso(d),
            clock=clock_from_match(hours[0], hours[1]) if hours[0] else None,
        ))
    return found
