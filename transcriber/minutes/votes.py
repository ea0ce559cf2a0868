"""Vote results in French speech and PV wording.

Two steps. :func:`vote_fragments` reads one unit and returns small pieces: a vote called
("je mets aux voix"), a count ("23 voix pour", "qui s'abstient ? trois"), an outcome ("adopté à
l'unanimité"), a member not voting, a group's vote, a scrutin mode. :func:`group_votes` then puts
the pieces of one vote together, in time order: an outcome closes a vote, a new call after a
count opens the next one, a long silence ends it.

Cautions from MINUTES.md §3 handled here: "15 voix contre 8" is 15 versus 8; "je ne suis pas
contre" is debate; a bare "3 pour" or "pas d'opposition" only counts next to a real vote (a call,
an outcome or an explicit count); a count the words do not give stays None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from .facts import GroupVote, Vote
from .text import Unit, subject_in

#: a vote's pieces further apart than this are two votes (ms)
MAX_GAP_MS = 180_000
#: pieces in one "sentence" (Whisper may leave a whole turn unpunctuated) further apart than
#: this are not one statement (ms)
SAME_STATEMENT_MS = 30_000
#: a bare count after the outcome ("il n'y a pas eu d'abstention") still belongs to it (ms)
AFTERWORD_MS = 20_000

_ANSWER = r"(\d+|personne|aucune?|zero|nul(?:le)?|pas une?)"
_ZERO_WORDS = {"personne", "aucun", "aucune", "zero", "nul", "nulle", "pas un", "pas une"}
_CATEGORY = {
    "pour": "pour", "contre": "contre", "abstention": "abstentions", "abstentions": "abstentions",
    "abstenu": "abstentions", "abstenus": "abstentions", "abstenue": "abstentions",
    "abstenues": "abstentions", "exprimes": "exprimes", "suffrages exprimes": "exprimes",
}

_LABELLED = re.compile(
    r"\b(pour|contre|abstentions?|suffrages exprimes|exprimes|nppv"
    r"|ne (?:prend|prennent) pas part(?: au vote)?)\s*[:=]\s*(\d+)"
)
_LETTERS = re.compile(
    r"\(\s*(\d+)\s*p\b\.?\s*[,;/-]?\s*(\d+)\s*c\b\.?\s*[,;/-]?\s*(\d+)\s*a\b\.?\s*\)"
)
_VERSUS = re.compile(r"(\d+)\s+(?:voix|votes?)\s+contre\s+(\d+)|\bpar\s+(\d+)\s+contre\s+(\d+)")
_UNANIMITY_MINUS = re.compile(
    r"\bunanimite\s+moins\s+(\d+)\s+(abstentions?|voix contre|votes? contre|contre)"
)
_GROUP_ABSTENTION = re.compile(
    r"\babstentions?\s+(?:du|de la|des)\s+((?:groupe|liste|elus?)\b[^()]{0,60}?)\s*"
    r"\(\s*(\d+)\s*(?:elus?|membres?|conseillers?|voix|personnes?)?\s*\)"
)
_GROUP_VOTE = re.compile(
    r"\b(?:le|la|les)\s+((?:groupe|liste|elus)\b[^.;!?()]{0,50}?|opposition|majorite)\s*"
    r"(?:\(\s*(\d+)\s*(?:elus?|membres?|conseillers?|voix)?\s*\)\s*)?"
    r"(?:vote|votent|votera|voteront|a vote|ont vote)\s+(pour|contre)\b"
    r"|\b(?:le|la|les)\s+((?:groupe|liste|elus)\b[^.;!?()]{0,50}?|opposition)\s*"
    r"(?:\(\s*(\d+)\s*(?:elus?|membres?|conseillers?|voix)?\s*\)\s*)?"
    r"(s'abstient|s'abstiennent|s'abstiendra|s'abstiendront|s'est abstenue?|se sont abstenus)"
)
_VOIX = re.compile(r"(\d+)\s+(?:voix|votes?|suffrages?)\s+(pour\b|contre\b(?!\s*\d))")
_QUESTION = re.compile(
    r"\bqui\s+(?:est|vote|votent|se prononce|se prononcent|est-ce qui est)\s+(pour|contre)\b"
    r"\s*[?.!,:]*\s*(?:il y en a\s+|on a\s+|alors\s+)?" + _ANSWER + r"(?![\w'])"
    r"|\bqui\s+s'abstien(?:t|nent)\b\s*[?.!,:]*\s*(?:il y en a\s+|on a\s+|alors\s+)?" + _ANSWER + r"(?![\w'])"
    r"|\b(pour|contre|abstentions?)\s*\?\s*" + _ANSWER + r"(?![\w'])"
)
_BARE = re.compile(
    r"(?<![\d/.,-])(\d+)\s+(pour|contre)\b(?!\s*(?:cent|100|mille|\d|%|'|l'|la |le |les |un |une ))"
    r"|(?<![\d/.,-])(\d+)\s+(abstentions?|abstenus?|abstenues?)\b"
)
#: "contre aucun", "abstention 1": an answer once Whisper dropped the question mark (weak)
_UNPUNCTUATED_ANSWER = re.compile(
    r"(?<!\d )\b(contre|abstentions?)\s+(personne|aucune?|\d+)(?![\w'])(?!\s*(?:voix|pour|contre|\d))"
)
_ZERO = re.compile(
    r"\b(?:pas(?: eu)? d'|pas(?: eu)? de |aucune? |sans |ni )(opposition|votes? contre|voix contre|abstentions?)\b"
    r"|\bpersonne\s+(?:n'est\s+|ne vote\s+)?(contre)\b"
)
_NPV = re.compile(
    r"\bne\s+(?:prend|prends|prennent|prenant|prendra|prendront|participe|participent|participera)"
    r"\s+pas\s+(?:part\s+)?(?:au vote|aux votes|a la deliberation|au scrutin|au debat et au vote"
    r"|aux debats et au vote)|\bnppv\b|\bn'(?:a|ont) pas pris part au vote"
)
_LEFT_ROOM = re.compile(r"\b(?:quitte|quittent|sort de|sortent de)\s+la\s+(?:salle|seance)|\bse retire\b")
_REJECT = re.compile(
    r"\b(?:n'est pas|ne sont pas|non|pas)\s+(?:adoptee?s?|approuvee?s?)\b"
    r"|\b(?:rejetee?s?|repoussee?s?|refusee?s?)\b"
)
_ADOPT = re.compile(r"\b(?:adoptee?s?|approuvee?s?)\b")
_ADOPT_FOLLOWED = re.compile(r"\s+(?:par|a l'unanimite|a la majorite|avec|a \d+)\b")
_UNANIMITY = re.compile(r"\b(?:a l'unanimite|a l unanimite|unanimement)\b")
_MAJORITY = re.compile(r"\ba la majorite\b(?!\s+absolue\s+(?:est|sera|requise|de))")
_DISPOSITIF = re.compile(
    r"\bapres en avoir delibere\b[^.!?]{0,80}?\b(decide|approuve|adopte|autorise|rejette|refuse|emet)\b"
)
_CALL = re.compile(
    r"\bje\s+(?:vous\s+)?(?:mets|met|soumets|soumet|propose de mettre|vais mettre|vais soumettre)\b"
    r"[^.?!]{0,40}?\b(?:aux voix|au vote)"
    r"|\b(?:passons|passer|on passe|nous passons|procedons|on procede)\s+au\s+vote\b"
    r"|\b(?:nous allons|on va)\s+(?:voter|passer au vote)\b"
    r"|\b(?:est|sont)\s+(?:invitee?s?|appelee?s?)\s+a\s+se\s+prononcer\b"
    r"|\bje\s+vous\s+propose\s+de\s+voter\b|\bqui\s+(?:est|vote)\s+pour\b|\b(?:mise?|mis)\s+aux\s+voix\b"
)
_SCRUTIN = (
    (re.compile(r"\bscrutin\s+public\b"), "public"),
    (re.compile(r"\bscrutin\s+secret\b|\bbulletins?\s+secrets?\b"), "secret"),
    (re.compile(r"\ba\s+main\s+levee\b"), "main levée"),
)
_STATEMENT_FILLERS = re.compile(
    r"(?:\b(?:c'est|c est|est|sont|donc|alors|bien|tres bien|bon|ok|voila|merci|parfait|"
    r"je vous remercie|et)\s*[,.]?\s*)+$"
)
_AFTER_A_COUNT = re.compile(r"(?:\bopposition|\babstentions?|\bcontre|\bpersonne|\baucune?|\d+)$")
_SUBJECTS = (
    (re.compile(r"\bproces[- ]verbal\b|\bpv\b|\bcompte[- ]rendu de la (?:derniere |precedente )?seance"), "pv"),
    (re.compile(r"\bsecretaires?\s+de\s+seance\b"), "secretaire"),
    (re.compile(r"\bordre du jour\b"), "ordre_du_jour"),
)
_SUBJECT_DATE = re.compile(r"\bseance du\s+(\d{1,2}(?:er)?\s+[a-z]+(?:\s+\d{4})?)")


@dataclass
class Fragment:
    """A piece of a vote found in one unit."""

    unit: int
    pos: int
    end: int
    time_ms: int
    sentence: tuple[int, int]
    kind: str  # "count" | "outcome" | "call" | "npv" | "group" | "scrutin"
    counts: dict[str, int] = field(default_factory=dict)
    strong: bool = True
    result: str | None = None
    unanimous: bool = False
    majority: bool = False
    names: list[str] = field(default_factory=list)
    left_room: list[str] = field(default_factory=list)
    npv_count: int | None = None
    group: GroupVote | None = None
    scrutin: str | None = None


def _value(answer: str) -> int:
    return 0 if answer in _ZERO_WORDS else int(answer)


class _Spans:
    """Text spans already read by a stronger pattern, so a weaker one does not read them again."""

    def __init__(self) -> None:
        self.spans: list[tuple[int, int]] = []

    def free(self, start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in self.spans)

    def take(self, start: int, end: int) -> None:
        self.spans.append((start, end))


def vote_fragments(unit: Unit, index: int, speaker_label: Callable[[str | None], str]) -> list[Fragment]:
    """Every vote piece of one unit, in text order."""
    folded = unit.folded
    frags: list[Fragment] = []
    taken = _Spans()

    def add(m: re.Match, kind: str, group_no: int = 0, **kw) -> Fragment:
        start, end = m.span(group_no)
        f = Fragment(index, start, end, unit.time_at(start), (index, unit.sentence_index(start)), kind, **kw)
        frags.append(f)
        return f

    def count(m: re.Match, counts: dict[str, int], strong: bool) -> None:
        if taken.free(*m.span()):
            taken.take(*m.span())
            add(m, "count", counts=counts, strong=strong)

    for m in _LABELLED.finditer(folded):
        label = m.group(1)
        cat = "npv" if label.startswith(("ne ", "nppv")) else _CATEGORY.get(label, _CATEGORY.get(label.rstrip("s")))
        count(m, {cat: int(m.group(2))}, True)
    for m in _LETTERS.finditer(folded):
        count(m, {"pour": int(m.group(1)), "contre": int(m.group(2)), "abstentions": int(m.group(3))}, True)
    for m in _VERSUS.finditer(folded):
        a, b = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        count(m, {"pour": int(a), "contre": int(b)}, True)
    for m in _UNANIMITY_MINUS.finditer(folded):
        cat = "abstentions" if m.group(2).startswith("abstention") else "contre"
        counts = {cat: int(m.group(1))}
        if cat == "abstentions":
            counts["contre"] = 0
        count(m, counts, True)
    for m in _GROUP_ABSTENTION.finditer(folded):
        if taken.free(*m.span()):
            taken.take(*m.span())
            label = _group_label(unit, m.start(1), m.end(1))
            n = int(m.group(2))
            add(m, "group", counts={"abstentions": n}, group=GroupVote(label=label, choice="abstention", count=n))
    for m in _GROUP_VOTE.finditer(folded):
        if not taken.free(*m.span()):
            continue
        taken.take(*m.span())
        if m.group(1):
            label_span, n, choice = m.span(1), m.group(2), m.group(3)
        else:
            label_span, n, choice = m.span(4), m.group(5), "abstention"
        label = _group_label(unit, *label_span)
        n_int = int(n) if n else None
        counts = {("abstentions" if choice == "abstention" else choice): n_int} if n_int is not None else {}
        add(m, "group", counts=counts, group=GroupVote(label=label, choice=choice, count=n_int))
    for m in _VOIX.finditer(folded):
        count(m, {m.group(2): int(m.group(1))}, True)
    for m in _QUESTION.finditer(folded):
        if m.group(1) is not None:
            cat, answer = m.group(1), m.group(2)
        elif m.group(3) is not None:
            cat, answer = "abstentions", m.group(3)
        else:
            cat, answer = _CATEGORY.get(m.group(4), "abstentions"), m.group(5)
        count(m, {cat: _value(answer)}, True)
    for m in _BARE.finditer(folded):
        if m.group(1):
            count(m, {m.group(2): int(m.group(1))}, False)
        else:
            count(m, {"abstentions": int(m.group(3))}, False)
    for m in _UNPUNCTUATED_ANSWER.finditer(folded):
        count(m, {_CATEGORY.get(m.group(1), "abstentions"): _value(m.group(2))}, False)
    for m in _ZERO.finditer(folded):
        what = m.group(1) or m.group(2)
        cat = "abstentions" if what.startswith("abstention") else "contre"
        count(m, {cat: 0}, False)
    for m in _NPV.finditer(folded):
        _npv_fragment(unit, index, m, speaker_label, add)
    _outcome_fragments(unit, index, add)
    for m in _CALL.finditer(folded):
        add(m, "call")
    for pattern, mode in _SCRUTIN:
        for m in pattern.finditer(folded):
            add(m, "scrutin", scrutin=mode)
    return sorted(frags, key=lambda f: (f.pos, f.end))


def _group_label(unit: Unit, start: int, end: int) -> str:
    label = re.sub(r"\s+", " ", unit.text[start:end]).strip(" ,;:")
    if label.count("«") > label.count("»"):
        label += " »"
    return label


def _npv_fragment(unit: Unit, index: int, m: re.Match, speaker_label, add) -> None:
    folded = unit.folded
    s_start, s_end = unit.sentence_span(m.start())
    before = folded[s_start : m.start()]
    left = bool(_LEFT_ROOM.search(folded[s_start:s_end]))
    number = re.search(r"(\d+)\s+(?:elus?|conseillers?|membres?)\b[^.]*$", before)
    if number:
        add(m, "npv", npv_count=int(number.group(1)))
        return
    if re.search(r"\bje\b", before) and not re.search(r"\b(?:m|mme|monsieur|madame)\b", before):
        label = speaker_label(unit.speaker)
        names = [label] if label else []
    else:
        who = subject_in(unit, s_start, m.start())
        names = [who.name] if who else []
    add(m, "npv", names=names, left_room=names if left else [], npv_count=1 if names else None)


def _at_statement_start(folded: str, pos: int) -> bool:
    """True if ``pos`` opens a statement: start of the unit, after punctuation or a filler
    ("c'est", "donc", "est"…). "a été adopté l'an dernier" is not."""
    before = folded[max(0, pos - 60) : pos].rstrip()
    before = _STATEMENT_FILLERS.sub("", before).rstrip()
    if _AFTER_A_COUNT.search(before):
        return True  # "pas d'abstention adopté", "qui s'abstient personne adopté"
    if re.search(r"\b(?:est|sont)\s*$", folded[max(0, pos - 8) : pos]):
        return True
    return not before or before[-1] in ".!?:;,(-\""


def _outcome_fragments(unit: Unit, index: int, add) -> None:
    folded = unit.folded
    taken = _Spans()
    for m in _REJECT.finditer(folded):
        taken.take(*m.span())
        if _at_statement_start(folded, m.start()) or _ADOPT_FOLLOWED.match(folded, m.end()) \
                or re.match(r"(?:n'est|ne sont|non|pas)", m.group()):
            add(m, "outcome", result="rejeté")
    for m in _ADOPT.finditer(folded):
        if not taken.free(*m.span()):
            continue
        if _at_statement_start(folded, m.start()) or _ADOPT_FOLLOWED.match(folded, m.end()):
            add(m, "outcome", result="adopté")
    for m in _UNANIMITY.finditer(folded):
        if re.search(r"\bpas\s*$", folded[max(0, m.start() - 6) : m.start()]):
            continue
        rejected = _REJECT.search(folded[unit.sentence_span(m.start())[0] : m.end() + 40])
        add(m, "outcome", result="rejeté" if rejected else "adopté", unanimous=True)
    for m in _MAJORITY.finditer(folded):
        add(m, "outcome", result="adopté", majority=True)
    for m in _DISPOSITIF.finditer(folded):
        verb = m.group(1)
        add(m, "outcome", 1, result="rejeté" if verb in ("rejette", "refuse") else "adopté")


# --- grouping ---------------------------------------------------------------------------------


@dataclass
class _OpenVote:
    frags: list[Fragment] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    closed: bool = False

    @property
    def last(self) -> Fragment:
        return self.frags[-1]

    @property
    def has_content(self) -> bool:
        return bool(self.counts) or any(f.kind == "outcome" for f in self.frags)

    def add(self, f: Fragment) -> None:
        self.frags.append(f)
        self.counts.update(f.counts)
        if f.kind == "outcome":
            self.closed = True

    def worth_keeping(self) -> bool:
        return any(f.kind != "count" or f.strong for f in self.frags)


def _starts_new_vote(cur: _OpenVote, f: Fragment) -> bool:
    gap = f.time_ms - cur.last.time_ms
    if f.sentence == cur.last.sentence and gap <= SAME_STATEMENT_MS:
        return False
    if gap > MAX_GAP_MS:
        return True
    if cur.closed:
        afterword = (
            f.kind == "count" and gap <= AFTERWORD_MS and not (f.counts.keys() & cur.counts.keys())
        )
        return not afterword
    if f.kind == "call" and cur.has_content:
        return True
    return False


def group_votes(fragments: list[Fragment], units: list[Unit]) -> list[Vote]:
    """Put the pieces of each vote together (fragments in time order)."""
    votes: list[Vote] = []
    cur: _OpenVote | None = None
    for f in fragments:
        if cur is not None and _starts_new_vote(cur, f):
            if cur.worth_keeping():
                votes.append(_build_vote(cur, units))
            cur = None
        if cur is None:
            cur = _OpenVote()
        cur.add(f)
    if cur is not None and cur.worth_keeping():
        votes.append(_build_vote(cur, units))
    return votes


def _build_vote(open_vote: _OpenVote, units: list[Unit]) -> Vote:
    frags = open_vote.frags
    vote = Vote(time_ms=frags[0].time_ms, end_ms=frags[-1].time_ms)
    for f in frags:
        for cat, value in f.counts.items():
            setattr(vote, cat, value)
        if f.kind == "outcome":
            if vote.result is None or f.result == "rejeté":  # "n'est pas adopté" beats "adopté"
                vote.result = f.result
            vote.unanimous |= f.unanimous
            vote.majority |= f.majority
        elif f.kind == "call":
            vote.called = True
        elif f.kind == "npv":
            for name in f.names:
                if name not in vote.npv_names:
                    vote.npv_names.append(name)
            for name in f.left_room:
                if name not in vote.left_room:
                    vote.left_room.append(name)
            if f.npv_count is not None and not f.names:
                vote.npv = f.npv_count
        elif f.kind == "group" and f.group:
            vote.groups.append(f.group)
        elif f.kind == "scrutin":
            vote.scrutin = f.scrutin
    if vote.npv is None and vote.npv_names:
        vote.npv = len(vote.npv_names)
    _apply_implicit_zeros(vote)
    vote.quote = _quote(frags, units)
    vote.subject, vote.subject_detail = _subject(frags, units)
    return vote


def _apply_implicit_zeros(vote: Vote) -> None:
    if vote.contre is None and vote.result == "adopté" and vote.unanimous:
        vote.contre = 0
        vote.implicit.append("contre")
    elif vote.contre is None and vote.pour is not None and vote.abstentions is not None \
            and vote.result != "rejeté":
        vote.contre = 0
        vote.implicit.append("contre")


def _statement_spans(frags: list[Fragment], units: list[Unit]) -> list[tuple[Unit, int, int]]:
    """Per unit, the sentences from the one before the first fragment to the last fragment's
    ("Je vous propose de désigner M. D. secrétaire de séance. Pas d'opposition ? Adopté.")."""
    spans: dict[int, tuple[int, int]] = {}
    for f in frags:
        unit = units[f.unit]
        start, end = unit.sentence_span(f.pos)
        if f.unit not in spans:
            i = unit.sentence_index(f.pos)
            start = unit.sentences[i - 1] if i > 0 else start
        a, b = spans.get(f.unit, (start, end))
        spans[f.unit] = (min(a, start), max(b, end))
    return [(units[i], a, b) for i, (a, b) in spans.items()]


def _quote(frags: list[Fragment], units: list[Unit], limit: int = 400) -> str:
    parts = []
    for index in dict.fromkeys(f.unit for f in frags):
        mine = [f for f in frags if f.unit == index]
        parts.append(units[index].excerpt(mine[0].pos, mine[-1].end, radius=100))
    quote = " ".join(p for p in parts if p)
    return quote if len(quote) <= limit else quote[: limit - 1].rsplit(" ", 1)[0] + "…"


def _subject(frags: list[Fragment], units: list[Unit]) -> tuple[str | None, str]:
    for unit, start, end in _statement_spans(frags, units):
        sentence = unit.folded[start:end]
        for pattern, subject in _SUBJECTS:
            if pattern.search(sentence):
                detail = _SUBJECT_DATE.search(sentence)
                return subject, unit.text[start + detail.start(1) : start + detail.end(1)] if detail else ""
    return None, ""


def detect_votes(units: list[Unit], speaker_label: Callable[[str | None], str] | None = None) -> list[Vote]:
    """Every vote in ``units`` (one speaker turn each, in time order)."""
    label = speaker_label or (lambda _id: "")
    fragments: list[Fragment] = []
    for i, unit in enumerate(units):
        fragments.extend(vote_fragments(unit, i, label))
    fragments.sort(key=lambda f: (f.time_ms, f.unit, f.pos))
    return group_votes(fragments, units)


