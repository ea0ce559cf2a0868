"""Rule-based detectors on French transcript text: what a secretary looks for while listening.

Entry points: :func:`detect` (a whole ``Meeting``) and :func:`detect_text` (a piece of text, for
tests and for text typed in the form). Each detector reads one :class:`~.text.Unit` (a speaker
turn) and returns facts (see :mod:`.facts`) carrying the time they were said. Votes live in
:mod:`.vote_reader` (they need the timeline). Patterns match the folded text (lowercase, no accents), so Whisper's capitals and
punctuation are a help, never a requirement.
"""

from __future__ import annotations

import re
from datetime import date

from ..model import Meeting
from ..timefmt import parse_date
from .agenda import find_mentions, marker_mentions
from .dates import CLOCK_RE, clock_from_match
from .detect_actions import SpeakerLabel, find_next_meeting
from .detect_attendance import (
    called_name,
    find_chair_changes,
    find_counters,
    find_movements,
    find_pouvoirs,
    find_presences,
    find_quorum,
    roll_call,
)
from .facts import ClockEvent, DeliberationRef, Detections, ItemEvent, PersonFact
from .text import NameMatch, Unit, meeting_units, name_at, name_before, unit_from_text


def detect(meeting: Meeting) -> Detections:
    """Every fact the rules find in the meeting's transcript and markers."""
    units = meeting_units(meeting)
    found = detect_units(units, reference=parse_date(meeting.date), speaker_label=meeting.speaker_label)
    found.agenda = sorted(marker_mentions(meeting.markers) + found.agenda, key=lambda a: a.time_ms)
    return found


def detect_text(text: str, reference: date | None = None, speaker: str | None = None,
                speaker_label: SpeakerLabel | None = None) -> Detections:
    """The facts in a piece of text said by one speaker (word times are made up, 300 ms each)."""
    return detect_units([unit_from_text(text, speaker=speaker)], reference, speaker_label)


def detect_units(units: list[Unit], reference: date | None = None,
                 speaker_label: SpeakerLabel | None = None) -> Detections:
    label = speaker_label or (lambda _id: "")

    def name_of(speaker_id: str | None) -> str:
        name = label(speaker_id) if speaker_id else ""
        return "" if not name or name.startswith("Intervenant") else name

    found = Detections()
    for k, unit in enumerate(units):
        speaker = name_of(unit.speaker)
        previous = units[k - 1] if k and units[k - 1].speaker != unit.speaker else None
        called = called_name(previous) if previous is not None else None
        for target, facts in (
            (found.agenda, find_mentions(unit)),
            (found.item_events, find_item_events(unit)),
            (found.deliberations, find_deliberations(unit)),
            (found.pouvoirs, find_pouvoirs(unit, speaker, called.name if called else "")),
            (found.presences, find_presences(unit, speaker)),
            (found.counters, find_counters(unit)),
            (found.quorum, find_quorum(unit)),
            (found.people, find_people(unit) + find_chair_changes(unit)),
            (found.clock, find_clock_events(unit)),
            (found.movements, find_movements(unit, speaker)),
            (found.next_meeting, find_next_meeting(unit, reference)),
        ):
            for fact in facts:
                fact.turn_ms = unit.start_ms
            target.extend(facts)
    found.presences.extend(roll_call(units, name_of))
    found.presences.sort(key=lambda p: p.time_ms)
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


# --- agenda events ------------------------------------------------------------------------------

_NUMBER_SIGN = r"(?:n\s*°|n°|no\b\.?|numero|n\.)?\s*"


def find_item_events(unit: Unit) -> list[ItemEvent]:
    """Items withdrawn ("le point 7, la convention…, est retiré de l'ordre du jour") or
    postponed ("le dossier est ajourné")."""
    found = []
    folded = unit.folded
    for m in re.finditer(
        r"\bpoint\s*" + _NUMBER_SIGN + r"(\d{1,3})\s*(?:,[^,.;]{0,120},\s*)?(?:de l'ordre du jour\s+)?"
        r"(?:est|sera|a ete|ayant ete)\s+(?:donc\s+)?(retire|supprime)"
        r"|\bretir\w*\s+(?:le\s+)?point\s*" + _NUMBER_SIGN + r"(\d{1,3})", folded):
        number = m.group(1) or m.group(3)
        found.append(ItemEvent(time_ms=unit.time_at(m.start()), quote=_quote(unit, m.start()),
                               kind="retire", number=str(int(number))))
    for m in re.finditer(r"\b(?:est|sera|a ete|sont)\s+(?:donc\s+)?(ajourne|reporte|renvoye)e?s?\b", folded):
        s_start, _ = unit.sentence_span(m.start())
        if not re.search(r"\b(?:dossier|point|deliberation|question|sujet|projet\s+de\s+deliberation|examen)\b",
                         folded[s_start:m.start()]):
            continue
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


# --- people -----------------------------------------------------------------------------------

_SECRETARY_BEFORE = re.compile(
    r"\b(?:est|sont|soit)\s+(?:designee?s?|nommee?s?|elue?s?|choisie?s?)\s+(?:comme\s+|en\s+tant\s+que\s+|pour\s+etre\s+)?"
    r"secretaires?\s+de\s+seance"
    r"|\b(?:comme|en\s+tant\s+que|pour\s+etre|pour\s+assurer)\s+(?:le\s+secretariat|(?:la\s+|le\s+)?secretaire)\s+de\s+(?:la\s+)?seance"
    r"|\b(?:assurera|assure)\s+(?:le\s+)?secretariat(?:\s+de\s+(?:la\s+)?seance)?"
    r"|\b(?:sera|est)\s+(?:notre\s+|la\s+|le\s+)?secretaire\s+de\s+seance"
    # « Mme R a bien voulu être secrétaire de séance », « Ghislaine, tu es notre secrétaire ce soir ? »
    r"|\b(?:(?:a\s+)?bien\s+voulu|a\s+accepte\s+d'|accepte\s+d'|veut\s+bien)\s*etre\s+(?:notre\s+|la\s+|le\s+)?"
    r"secretaire(?:\s+de\s+(?:la\s+)?seance)?"
    r"|\b(?:tu\s+es|tu\s+seras|vous\s+etes|vous\s+serez|tu\s+veux\s+bien\s+etre|vous\s+voulez\s+bien\s+etre)"
    r"\s+(?:(?:notre|la|le)\s+)?secretaire"
    r"(?:\s+de\s+(?:la\s+)?seance)?(?=\s*(?:ce\s+soir|aujourd'hui)?\s*(?:[?.!,]|$))"
)
_SECRETARY_AFTER = re.compile(r"\bsecretaires?\s+de\s+seance\s*:\s*|\bsecretariat\s+de\s+(?:la\s+)?seance\s+a\s+"
                              # « Pour le secrétariat de séance, je vous propose Mme Dupont »
                              r"|\bsecretariat\s+de\s+(?:la\s+)?seance\s*,?\s*je\s+(?:vous\s+)?propose\s+"
                              r"|\bsecretariat(?:\s+de\s+(?:la\s+)?seance)?\s+(?:sera|est)\s+(?:donc\s+)?assure\s+par\s+")
_NAME_AS_SECRETARY = re.compile(r"\b(?:nommer|designer|nomme|designe|propose)\s+")
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
    for m in _NAME_AS_SECRETARY.finditer(folded):  # « je vous propose de nommer M. Roux secrétaire de séance »
        who = name_at(unit, m.end())
        if who is not None and re.match(r"\s*(?:comme\s+)?secretaire\s+de\s+(?:la\s+)?seance", folded[who.end:]):
            add("secretaire", m.start(), who)
    for m in _RAPPORTEUR.finditer(folded):
        who = name_at(unit, m.end())
        add("rapporteur", m.start(), who, _role_after(unit, who.end) if who else "")
    for m in _FLOOR.finditer(folded):
        who = name_at(unit, m.end())
        add("parole", m.start(), who, _role_after(unit, who.end) if who else "")
    return found


# --- times of the séance ----------------------------------------------------------------------

_AT_CLOCK = r"(?:[\s,.]+(?:a|il\s+est|a\s+exactement)\s+" + CLOCK_RE + r")?"
_CLOCK_EVENTS = (
    ("ouverture", re.compile(
        r"\b(?:declare|declarons)\s+(?:donc\s+)?(?:la\s+)?seance\s+ouverte" + _AT_CLOCK +
        r"|\b(?:declare|declarons)\s+(?:donc\s+)?ouverte\s+(?:la\s+)?seance(?:\s+du\s+conseil(?:\s+\w+)?)?" + _AT_CLOCK +
        r"|\bla\s+seance\s+est\s+(?:donc\s+)?ouverte" + _AT_CLOCK +
        r"|\bj'ouvre\s+(?:donc\s+)?(?:la\s+)?seance" + _AT_CLOCK +
        r"|\bouverture\s+de\s+(?:la\s+)?seance\s+a\s+" + CLOCK_RE +
        r"|\b(?:nous\s+commencons|nous\s+ouvrons|on\s+ouvre)\s+(?:donc\s+)?(?:la\s+)?seance" + _AT_CLOCK)),
    ("levee", re.compile(
        r"\b(?:la\s+)?seance\s+est\s+(?:donc\s+)?levee" + _AT_CLOCK +
        r"|\bje\s+leve\s+(?:donc\s+)?la\s+seance" + _AT_CLOCK +
        r"|\b(?:la\s+)?seance\s+est\s+(?:donc\s+)?(?:close|terminee|cloturee)" + _AT_CLOCK +
        r"|\bje\s+(?:clos|cloture|declare\s+close)\s+(?:donc\s+)?(?:la\s+)?seance" + _AT_CLOCK +
        r"|\bje\s+declare\s+(?:donc\s+)?(?:la\s+)?seance\s+(?:close|levee|terminee)" + _AT_CLOCK +
        r"|\b(?:fin|cloture)\s+de\s+(?:la\s+)?seance\s+a\s+" + CLOCK_RE)),
    ("suspension", re.compile(
        r"\bsuspension\s+de\s+(?:la\s+)?seance(?:\s+de\s+" + CLOCK_RE + r"\s+a\s+" + CLOCK_RE + r")?"
        r"|\bje\s+suspends\s+(?:la\s+)?seance" + _AT_CLOCK)),
    ("reprise", re.compile(
        r"\breprise\s+de\s+(?:la\s+)?seance" + _AT_CLOCK +
        r"|\b(?:la\s+seance\s+(?:est\s+)?reprend|je\s+reprends\s+la\s+seance)" + _AT_CLOCK)),
)


_IT_IS = re.compile(r"\bil\s+est\s+(?:exactement\s+|donc\s+)?" + CLOCK_RE)


def _said_hour(unit: Unit, start: int, end: int) -> str | None:
    """"Il est 20h30, je déclare la séance ouverte", "la séance est levée. Il est 21h35.": the hour
    said in the sentence before or after."""
    folded = unit.folded
    before = list(_IT_IS.finditer(folded, max(0, start - 120), start))
    after = _IT_IS.search(folded, end, min(len(folded), end + 60))
    m = after or (before[-1] if before else None)
    return clock_from_match(m.group(1), m.group(2)) if m else None


def find_clock_events(unit: Unit) -> list[ClockEvent]:
    """Opening, closing, suspension and resumption of the séance, with the hour when said."""
    found = []
    for kind, pattern in _CLOCK_EVENTS:
        for m in pattern.finditer(unit.folded):
            hours = [g for g in m.groups()]
            pairs = [(hours[i], hours[i + 1]) for i in range(0, len(hours) - 1, 2) if hours[i]]
            clocks = [clock_from_match(h, mi) for h, mi in pairs]
            if not clocks and kind in ("ouverture", "levee"):
                said = _said_hour(unit, m.start(), m.end())
                clocks = [said] if said else []
            found.append(ClockEvent(
                time_ms=unit.time_at(m.start()), quote=_quote(unit, m.start()), kind=kind,
                clock=clocks[0] if clocks else None, until=clocks[1] if len(clocks) > 1 else None,
            ))
    return found
