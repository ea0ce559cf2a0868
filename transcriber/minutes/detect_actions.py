"""Decisions, actions and the next meeting in French speech: what a CODIR's compte rendu records.

Same shape as :mod:`.detect`: each finder reads one :class:`~.text.Unit` (a speaker turn) and
returns facts carrying the time they were said.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Callable

from .dates import CLOCK_RE, DAY_RE, DEADLINE_RE, MONTH_RE, clock_from_match, resolve_deadline
from .facts import Action, Decision, NextMeeting
from .text import Unit, clause_start, for_display, name_at, name_before

SpeakerLabel = Callable[[str | None], str]


def _quote(unit: Unit, pos: int) -> str:
    return unit.excerpt(pos)


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
