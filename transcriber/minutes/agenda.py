"""Where the transcript opens an agenda item: what the séance timeline places items with.

:func:`find_mentions` reads one speaker turn and returns every place that may open an item:
"point n° 3", "nous passons au point 4", "point numéro deux", "premier point", "deuxième sujet",
"le point suivant, le quatrième", "cinquième et dernier point", "on commence par…", an item
announced by its subject ("nous passons aux tarifs de la garderie", "ensuite, la motion…") and
the questions diverses. A turn that lists several items in a row (the agenda read aloud) opens
none of them. :func:`marker_mentions` turns the agenda markers set while recording into mentions.
"""

from __future__ import annotations

import re

from ..model import Marker
from .facts import AgendaMention
from .text import Unit, for_display

_NUMBER_SIGN = r"(?:n\s*°|n°|no\b\.?|numero|n\.)?\s*"
_ORDINAL_WORDS = {"premier": 1, "premiere": 1, "second": 2, "seconde": 2}

_POINT = re.compile(r"\b(?:point|sujet|dossier)\s*" + _NUMBER_SIGN + r"(\d{1,2})\b(?!\s*(?:%|h\b|heures?\b|[,.]\d))")
_ORDINAL = re.compile(
    r"\b(?:(\d{1,2})(?:er|ere|e|eme|ieme)|(premier|premiere|second|seconde))\s+"
    r"(?:et\s+dernier\s+)?(?:point|sujet|dossier)\b"
)
_NEXT_ORDINAL = re.compile(r"\b(?:point|sujet|dossier)\s+suivant\s*,?\s*(?:le\s+|la\s+)?(\d{1,2})(?:eme|e)\b")
_LAST = re.compile(r"\b(?:(\d{1,2})(?:eme|e)\s+et\s+)?dernier\s+(?:point|sujet|dossier)\b")
_INTRO_VERB = (
    r"(?:nous\s+)?(?:passons|passer|on\s+passe|nous\s+en\s+arrivons|nous\s+arrivons|on\s+arrive|arrivons|"
    r"abordons|on\s+aborde|j'appelle|venons-en|venons\s+en|j'en\s+viens|nous\s+en\s+venons|examinons|"
    r"enchainons|on\s+enchaine|poursuivons|continuons|on\s+continue|reprenons|traitons|parlons|on\s+parle)"
    r"(?:\s+(?:maintenant|donc|ensuite|directement|alors|enfin))*"
)
_INTRO_BEFORE = re.compile(_INTRO_VERB + r"\s+(?:a\s+la\s+|au\s+|aux\s+|a\s+l'|du\s+|de\s+la\s+|des\s+|le\s+|la\s+|les\s+|l')?$")
_FIRST = re.compile(
    r"\b(?:on\s+commence|nous\s+commencons|commencons|on\s+va\s+commencer|je\s+commence)\s+(?:donc\s+)?par\b"
    r"|\bd'abord\b"
)
_SUBJECT_INTRO = re.compile(
    r"(?:" + _INTRO_VERB + r"|ensuite|puis|enfin|apres)\s*,?\s+"
    r"(?=(?:a\s+la|au|aux|a\s+l'|du|de\s+la|des|la|le|les|l'|un|une)\b)"
)
_EVENT_AFTER = re.compile(
    r"\s*(?:,[^,]{0,80},\s*)?(?:de\s+l'ordre\s+du\s+jour\s+)?(?:est|sera|a\s+ete|ayant\s+ete)\s+"
    r"(?:retire|ajourne|reporte|supprime)"
)
_BACK_REFERENCE = re.compile(
    r"(?:a\s+partir\s+du|depuis\s+le|jusqu'au|avant\s+le|apres\s+le|comme\s+au|au\s+cours\s+du|lors\s+du|"
    r"sur\s+le|dans\s+le|pour\s+le|du|des|au|de\s+ce|l'a\s+dit\s+au|dit\s+au)\s*$"
)
_SPECIAL = re.compile(r"\bquestions?\s+diverses\b|\bdivers\b|\bpoints?\s+divers\b")
_TITLE_LEAD = re.compile(
    r"\s*(?:de\s+l'ordre\s+du\s+jour|a\s+l'ordre\s+du\s+jour|et\s+dernier\s+point)?\s*[:,.\-]*\s*"
    r"(?:qui\s+)?(?:concerne|porte\s+sur|est\s+relatif\s+a|est\s+relative\s+a|est\s+consacre\s+a|"
    r"relatif\s+a|relative\s+a|c'est|il\s+s'agit\s+d[eu']?|intitule|avec|objet\s*:)?\s*"
)
#: small words that may come before "point 3" at the start of an announcing sentence
_LEADS = re.compile(r"^(?:(?:et|puis|alors|donc|enfin|ensuite|bien|bon|tres\s+bien|merci|le|au|ok)\s*,?\s*)*$")


def find_mentions(unit: Unit) -> list[AgendaMention]:
    """Every place of ``unit`` that may open an item (see the module docstring)."""
    found: list[AgendaMention] = []
    folded = unit.folded
    taken: list[tuple[int, int]] = []

    def add(m_start: int, m_end: int, **kw) -> None:
        if any(a <= m_start < b for a, b in taken):
            return
        taken.append((m_start, m_end))
        s_start, s_end = unit.sentence_span(m_start)
        found.append(AgendaMention(time_ms=unit.time_at(s_start), quote=unit.excerpt(m_start, radius=90),
                                   pos=m_start, sentence=folded[m_start:s_end], **kw))

    for m in _NEXT_ORDINAL.finditer(folded):
        add(m.start(), m.end(), number=str(int(m.group(1))), title=_title_after(unit, m.end()), cue=True)
    for m in _ORDINAL.finditer(folded):
        n = int(m.group(1)) if m.group(1) else _ORDINAL_WORDS[m.group(2)]
        if _back_reference(folded, m.start()) or _EVENT_AFTER.match(folded, m.end()):
            continue
        add(m.start(), m.end(), number=str(n), title=_title_after(unit, m.end()), cue=True,
            first=n == 1, last="dernier" in m.group())
    for m in _POINT.finditer(folded):
        if _EVENT_AFTER.match(folded, m.end()):
            continue
        cue = _opens(unit, m.start(), m.group())
        if cue is None:
            continue
        add(m.start(), m.end(), number=str(int(m.group(1))), title=_title_after(unit, m.end()), cue=cue)
    for m in _LAST.finditer(folded):
        if not m.group(1) and not _back_reference(folded, m.start()):
            add(m.start(), m.end(), title=_title_after(unit, m.end()), cue=True, last=True)
    for m in _FIRST.finditer(folded):
        if "abord" in m.group():
            s_start = unit.sentence_span(m.start())[0]
            subject = unit.text[s_start : m.start()].strip(" ,")
            if not _ends_sentence(unit, m.end()) or not 0 < len(subject.split()) <= 4:
                continue
            add(s_start, m.end(), title=_clean_title(subject), cue=True, first=True, by_subject=True)
            continue
        add(m.start(), m.end(), title=_title_after(unit, m.end()), cue=True, first=True)
    for m in _SUBJECT_INTRO.finditer(folded):
        if not _clause_start(unit, m.start()):
            continue
        if re.match(r"\s*(?:au|le|la)?\s*(?:point|sujet|vote|voix)\b", folded[m.end():]):
            continue
        add(m.end(), m.end() + 1, title=_title_after(unit, m.end()), cue=True, by_subject=True)
    for m in _SPECIAL.finditer(folded):
        s_start = unit.sentence_span(m.start())[0]
        lead = folded[s_start : m.start()]
        intro = _INTRO_BEFORE.search(folded[max(0, m.start() - 60) : m.start()])
        if intro or _LEADS.match(lead.strip()) or re.fullmatch(r"\s*(?:les|des)\s*", lead):
            if "divers" == m.group() and not re.match(r"\s*(?:[.?!:,]|$|quelqu|rien|maintenant|\?)", folded[m.end():]):
                continue
            add(m.start(), m.end(), title="Questions diverses" if "question" in m.group() else "Divers",
                special="questions_diverses", cue=True)
    found.sort(key=lambda a: a.pos)
    _drop_listings(found, unit)
    return found


def _ends_sentence(unit: Unit, pos: int) -> bool:
    return bool(re.match(r"\s*(?:[.,:;!?]|$)", unit.folded[pos:])) or unit.sentence_span(pos)[1] <= pos + 1


def _clause_start(unit: Unit, pos: int) -> bool:
    """``pos`` begins a sentence or a clause (after punctuation, or a pause Whisper left unmarked)."""
    if unit.sentence_span(pos)[0] == pos:
        return True
    return bool(re.search(r"[.;:!?,]\s*$", unit.folded[max(0, pos - 3) : pos]))


def _back_reference(folded: str, pos: int) -> bool:
    return bool(_BACK_REFERENCE.search(folded[max(0, pos - 30) : pos]))


def _opens(unit: Unit, pos: int, matched: str) -> bool | None:
    """Whether "point 3" at ``pos`` opens the item: True (announced), None (it does not)."""
    folded = unit.folded
    before = folded[max(0, pos - 60) : pos]
    if _INTRO_BEFORE.search(before):
        return True
    if _back_reference(folded, pos):
        return None
    lead = folded[unit.sentence_span(pos)[0] : pos].strip(" ,")
    if _LEADS.match(lead) and not lead.endswith("au"):
        return True
    return None


#: announcements this close together (ms) are a list read aloud, not items opened one by one
LISTING_GAP_MS = 12_000


def _drop_listings(found: list[AgendaMention], unit: Unit) -> None:
    """The agenda read aloud ("point 1, le budget ; point 2, les tarifs…") opens no item: three
    numbered mentions or more, each within a few seconds of the next, are a list; only an
    announcement with an intro verb ("nous passons au point 1") is kept from it."""
    numbered = [a for a in found if a.number]
    clusters: list[list[AgendaMention]] = []
    for a in numbered:
        if clusters and a.time_ms - clusters[-1][-1].time_ms <= LISTING_GAP_MS:
            clusters[-1].append(a)
        else:
            clusters.append([a])
    for cluster in clusters:
        if len({a.number for a in cluster}) < 3:
            continue
        for a in cluster:
            if not _INTRO_BEFORE.search(unit.folded[max(0, a.pos - 60) : a.pos]):
                found.remove(a)


def _title_after(unit: Unit, pos: int, max_words: int = 24) -> str:
    lead = _TITLE_LEAD.match(unit.folded, pos)
    start = lead.end() if lead else pos
    end = unit.sentence_span(pos)[1]
    words = unit.original(start, end).split()
    if not words and end < len(unit.text):  # "premier point de l'ordre du jour : [pause] le débat…"
        words = unit.original(end, unit.sentence_span(end)[1]).split()
    if not words:
        return ""
    return _clean_title(" ".join(words[:max_words]))


def _clean_title(text: str) -> str:
    title = for_display(text).strip(" ,;:.-–?!")
    title = re.sub(r"^(?:(?:le|la|les|un|une|des)\s+|l['’]\s*)", "", title, flags=re.IGNORECASE)
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
        found.append(AgendaMention(time_ms=mk.time_ms, quote=label, number=number, title=title,
                                   source="marker", cue=True))
    return found
