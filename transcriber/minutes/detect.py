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

from ..model import Marker, Meeting
from ..timefmt import parse_date
from .dates import CLOCK_RE, clock_from_match
from .detect_actions import SpeakerLabel, find_actions, find_decisions, find_next_meeting
from .facts import (
    AgendaMention,
    ClockEvent,
    Counter,
    DeliberationRef,
    Detections,
    ItemEvent,
    Movement,
    PersonFact,
    Pouvoir,
    Presence,
    QuorumFact,
)
from .text import NameMatch, Unit, clause_start, for_display, meeting_units, name_at, name_before, unit_from_text
from .votes import detect_votes


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
