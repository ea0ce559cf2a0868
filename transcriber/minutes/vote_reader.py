"""The vote reader: each vote of an item, read from what the président says.

A vote is anchored on its result ("adopté à l'unanimité", "la motion est rejetée par 13 voix
contre 4", "Résultat du scrutin public : 9 pour, 4 contre, 1 abstention", "X est élu"). What
comes between the call ("je mets aux voix", "qui est contre ?") and that result is read with it:
the answers to the questions ("Qui est contre ? Deux.", "Qui s'abstient ? Mme Dumont.", "Pas
d'opposition ?"), the members who do not take part, a roll call, a secret ballot and its recount,
the casting vote of the président. Counts in brackets or "dont 5 pouvoirs" are details, not
counts. Nothing is guessed here: :func:`complete` later adds what the number of votants allows
(marked « déduit ») and flags what does not add up.

Debate sentences ("nous voterons contre", "je m'abstiendrai", "je ne suis pas contre") are not
votes: only the président's questions after the call and the result count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .ballot import ELECTED, Ballot, read_ballot, roll_call
from .people import Roster, name_words
from .sentences import Sentence
from .text import CIVILITY
from .vote_names import answer_names, blocks, names_after, names_in_text, runs, scan_names, subject_names

COUNTS = ("pour", "contre", "abstentions", "npv")
NAME_LISTS = ("pour", "contre", "abstentions", "npv", "left_room")


@dataclass
class VoteReading:
    time_ms: int
    end_ms: int
    quote: str = ""
    pour: int | None = None
    contre: int | None = None
    abstentions: int | None = None
    npv: int | None = None
    exprimes: int | None = None
    names: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in NAME_LISTS})
    result: str | None = None
    unanimous: bool = False
    majority: bool = False
    casting_vote: bool = False
    scrutin: str = "main levée"
    ballot: Ballot | None = None
    #: counts computed from the number of votants or set by a rule ("déduit")
    derived: list[str] = field(default_factory=list)
    #: "pv", "secretaire", "ordre_du_jour" when the vote is not the item's délibération
    subject: str | None = None
    subject_detail: str = ""
    #: what does not add up (French, shown « À vérifier »)
    checks: list[str] = field(default_factory=list)
    #: counts heard in the answers to the questions (before the result)
    asked: dict[str, int] = field(default_factory=dict)
    #: the questions asked that nobody answered ("Qui est contre ? Qui s'abstient ?")
    unanswered: list[str] = field(default_factory=list)
    #: "tout le monde" answered to "qui est pour ?"
    everyone_for: bool = False
    #: counts that must not be deduced: someone the président did not count voted that way
    #: ("à l'unanimité, le groupe d'opposition s'abstenant")
    blocked: set[str] = field(default_factory=set)

    def count(self, key: str) -> int | None:
        return getattr(self, key)

    def add_name(self, key: str, name: str) -> None:
        if not name:
            return
        for k, existing in enumerate(self.names[key]):
            if _same(name, existing):
                if len(name) > len(existing):
                    self.names[key][k] = name  # the fuller form ("M. Didier Bonnefoy")
                return
        self.names[key].append(name)


def fold_last(name: str) -> str:
    words = name_words(name)
    return words[-1] if words else name


def _same(a: str, b: str) -> bool:
    wa, wb = set(name_words(a)), set(name_words(b))
    return bool(wa) and bool(wb) and (wa <= wb or wb <= wa)


# --- patterns (folded text, numbers as digits) -------------------------------------------------

_ADOPT = re.compile(r"\b(?:adoptee?s?|approuvee?s?)\b")
_KEPT = re.compile(r"\b(?:retenue?s?|validee?s?|acceptee?s?)\b")
_REJECT = re.compile(
    r"\b(?:(?:n'est|ne\s+sont|n'a|n'ont)\s+pas\s+(?:ete\s+)?(?:adoptee?s?|approuvee?s?)|non\s+adoptee?s?"
    r"|rejetee?s?|repoussee?s?|refusee?s?)\b"
)
_UNANIMITY = re.compile(r"\b(?:a\s+l'unanimite|a\s+l\s+unanimite|unanimement|a\s+l'unanimite)\b")
_MAJORITY = re.compile(r"\ba\s+la\s+majorite\b(?!\s+(?:absolue|qualifiee|des\s+2))")
_STATEMENT = re.compile(
    r"(?:^|[.;:!?,]\s*|\b(?:est|sont|a\s+ete|ont\s+ete|c'est|c\s+est|donc|alors|voila|bien|tres\s+bien|ok|bon)\s+)"
    r"(?:(?:donc|bien|alors|egalement|ainsi|finalement|definitivement)\s+)*$"
)
_PAST = re.compile(r"^[^.;!?]{0,40}\b(?:l'an\s+dernier|l'annee\s+derniere|en\s+\d{4}|hier|il\s+y\s+a\s+\d+)")
_CALL = re.compile(
    r"\bje\s+(?:vous\s+)?(?:mets|met|soumets|soumet|propose\s+de\s+mettre|vais\s+mettre|vais\s+soumettre)\b"
    r"[^.?!]{0,60}?\b(?:aux\s+voix|au\s+vote)"
    r"|\b(?:passons|passer|on\s+passe|nous\s+passons|procedons|on\s+procede)\s+au\s+vote\b"
    r"|\b(?:on|nous)\s+(?:vote|votons)\b(?!\s+(?:pour|contre))|\b(?:nous\s+allons|on\s+va)\s+(?:voter|passer\s+au\s+vote)\b"
    r"|\bmise?s?\s+aux\s+voix\b"
)
_QUESTION = re.compile(
    r"\bqui\s+(?:est|vote|votent|se\s+prononce|se\s+prononcent)\s+(pour|contre)\b"
    r"|\bqui\s+(s'abstient|s'abstiennent)\b"
    r"|\bqui\s+ne\s+prend\s+pas\s+part\b"
    r"|\b(?:y\s+a-t-il\s+des\s+|des\s+)?(abstentions|oppositions|votes\s+contre)\s*\?"
    r"|\bpas\s+d'(opposition|abstention)s?\b"
)
_ZERO = re.compile(r"^\s*[,.!?:]*\s*(?:non\s*[,.]?\s*)?(?:personne|aucune?|zero|0|nul|nulle|pas\s+1|pas\s+une?|neant)\b")
_EVERYONE = re.compile(r"^\s*[,.!?:]*\s*(?:tout\s+(?:le\s+)?monde|tous|toutes|l'ensemble\s+du\s+conseil|unanimite)\b")
_GROUP = re.compile(r"\b(?:groupe|liste|opposition|majorite|elus\s+de|tendance)\b")
_NUMBER = re.compile(r"(?<![\w,.])(\d{1,3})(?![\d,.]?\d)(?!\s*(?:%|pour\s*100|euros?|€|h\b|heures?|ans\b|km|m2|metres))")
_DETAIL = re.compile(
    r"\([^)]*(?:presents?|pouvoirs?|procurations?|dont)[^)]*\)"
    r"|\bdont\s+\d+\s+(?:pouvoirs?|procurations?)\b"
    r"|\b\d+\s+presents?\s+(?:plus|et)\s+\d+\s+(?:pouvoirs?|procurations?)\b"
)
_VERSUS = re.compile(r"\b(\d+)\s+(?:voix|votes?)\s+contre\s+(\d+)\b(?!\s*(?:voix\s+pour|pour|abstentions?|"
                     r"abstenus?|elus?|conseillers?|membres?|delegues?|personnes?|presents?|pouvoirs?|[%€]|euros?))")
#: "2 conseillers s'étant abstenus", "3 élus s'abstiennent", "2 oppositions"
_ABST_MEMBERS = re.compile(r"\b(\d+)\s+(?:elus?|conseillers?(?:\s+municipaux)?|membres?|delegues?|personnes?)\s+"
                           r"(?:se\s+sont\s+abstenue?s|s'etant\s+abstenue?s|s'abstiennent|s'abstenant)\b")
#: "adopté par 16 voix" (pour), "rejeté par 12 voix" (contre)
_BY_VOTES = re.compile(r"\b(adoptee?s?|approuvee?s?|rejetee?s?)\s+par\s+(\d+)\s+(?:voix|suffrages|votes)\b"
                       r"(?!\s*(?:pour|contre|\d))")
_OPPOSITIONS = re.compile(r"\b(\d+)\s+oppositions?\b")
#: who voted otherwise than the unanimity announced: "à l'unanimité, M. Roux s'abstenant", "à l'unanimité
#: sauf Mme Dupont qui vote contre", "avec l'abstention de Mme Leroy et de M. Roux"
_ABSTAINING = re.compile(r"\bs'abstenant\b|\bs'abstien(?:t|nent)\b|\bs'etant\s+abstenue?s?\b|\bs'est\s+abstenue?\b"
                         r"|\bse\s+sont\s+abstenue?s\b")
_AGAINST = re.compile(r"\b(?:votant|vote|votent|ayant\s+vote|a\s+vote|ont\s+vote)\s+contre\b")
_OF = re.compile(r"\b(?:avec\s+|moins\s+|sauf\s+|hormis\s+)?(?:l'|les\s+)(abstentions?|oppositions?|votes?\s+contre|voix\s+contre)"
                 r"\s+(?:de\s+|d'|du\s+)")
_VOIX = re.compile(r"\b(\d+)\s+(?:voix\s+|votes?\s+|suffrages?\s+)?(pour|contre)\b(?!\s*(?:100|cent)\b)")
_ABST = re.compile(r"\b(\d+)\s+(?:abstentions?|abstenus?|abstenues?)\b")
_LABELLED = re.compile(r"\b(pour|contre|abstentions?|suffrages\s+exprimes|exprimes|votants?)\s*:?\s*(\d+)\b"
                       r"(?!\s*(?:%|euros?))")
#: what may follow a labelled count only when counts are said label first ("pour 35 contre 2")
_NEXT_LABEL = re.compile(r"\s*(?:pour|contre|abstentions?)\b")
_LETTERS = re.compile(r"\(\s*(\d+)\s*p\b\.?\s*[,;/-]?\s*(\d+)\s*c\b\.?\s*[,;/-]?\s*(\d+)\s*a\b\.?\s*\)")
_LABEL_NAMES = re.compile(r"\b(pour|contre|abstentions?)\s*:\s*(?!\s*\d)")
_LIST_END = re.compile(r"(?:\s*(?:par\s+pouvoir|avec\s+(?:son|le)\s+pouvoir))?\s*(?:[.,;!?]|$|\d|(?:un|une|deux|trois|"
                       r"quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|donc|soit|ca\s+fait|"
                       r"cela\s+fait|ce\s+qui\s+fait|au\s+total)\b)")
#: the same label without its colon (Whisper), at the start of a clause: "donc contre moi nathalie jacques"
_BARE_LABEL = re.compile(r"(?:^|[.,;!?]\s*|\b(?:donc|alors|voila|d'accord|bien)\s+)(pour|contre|abstentions?)\s+(?=[a-z])")
_MINUS = re.compile(r"\bunanimite\s+moins\s+(\d+)\s+(abstentions?|voix\s+contre|votes?\s+contre|contre|voix)")
_TIE = re.compile(r"\b(\d+)\s+(?:voix\s+)?partout\b|\begalite\s+(?:parfaite\s+)?(?:a|de)\s+(\d+)\s+voix")
_CASTING = re.compile(r"\bvoix\s+(?:du\s+(?:president|maire)\s+)?(?:est\s+|etant\s+)?preponderante\b")
_DISPOSITIF = re.compile(
    r"\bapres\s+en\s+avoir\s+delibere\b[^.!?]{0,80}?\b(decide|approuve|adopte|autorise|rejette|refuse|emet)\b"
)
_NPV = re.compile(
    r"\bne\s+(?:prend|prends|prennent|prenant|prendra|prendrai|prendront|participe|participent|participera)"
    r"\s+pas\s+(?:part\s+)?(?:au\s+vote|aux\s+votes|a\s+la\s+deliberation|au\s+scrutin|aux\s+debats\s+et\s+au\s+vote)"
    r"|\bnppv\b|\bn'(?:a|ont)\s+pas\s+pris\s+part\s+au\s+vote"
)
_LEFT = re.compile(r"\b(?:ayant|ayants)\s+quitte\s+la\s+(?:salle|seance)")
_SCRUTIN_PUBLIC = re.compile(r"\bscrutin\s+public\b|\bvote\s+(?:public|nominal)\b|\bappel\s+nominal\b")
_SCRUTIN_SECRET = re.compile(r"\bscrutin\s+secret\b|\bbulletins?\b|\bdepouillement\b|\burne\b")
_PV = re.compile(r"\bproces[- ]verbal\b|\bpv\b|\bcompte[- ]rendu\s+de\s+la\s+(?:derniere\s+|precedente\s+)?seance")
_PV_DATE = re.compile(r"\b(?:seance|conseil|reunion)?\s*du\s+(\d{1,2}(?:er)?\s+(?:janvier|fevrier|mars|avril|mai|juin|"
                      r"juillet|aout|septembre|octobre|novembre|decembre)(?:\s+\d{4})?)")


# --- anchors: where a result is given -----------------------------------------------------------


@dataclass
class _Anchor:
    index: int  # sentence index
    result: str | None
    pos: int  # where in the sentence
    strong: bool  # a result said with its counts, unanimity or majority


#: another body's vote reported in the debate: "adopté à l'unanimité en commission", "approuvé par le bureau"
_OTHER_BODY = re.compile(
    r"\b(?:en|par\s+(?:la|le|les|l'))\s*(?:commissions?|bureau(?:\s+communautaire|\s+municipal)?|comite|"
    r"conseil\s+(?:d'ecole|d'administration|d'exploitation|syndical|de\s+quartier)|syndicat|assemblee\s+generale|ccas)\b"
)


#: after a call to vote, what the vote did, said in the passive with its count: "le poste est créé par
#: 15 voix pour", "la garantie est accordée à l'unanimité"
_PASSIVE_RESULT = re.compile(r"\b(?:est|sont|a\s+ete|ont\s+ete)\s+(?:donc\s+)?[a-z]+ee?s?\s+"
                             r"(?=par\s+\d+\s+(?:voix|suffrages|votes)\b|a\s+l'unanimite\b)")


def _anchor(s: Sentence, context_call: bool) -> _Anchor | None:
    f = s.folded
    if _OTHER_BODY.search(f):
        return None
    for pattern, result in ((_REJECT, "rejeté"), (ELECTED, "élu"), (_ADOPT, "adopté"), (_KEPT, "adopté")):
        for m in pattern.finditer(f):
            if pattern is _ADOPT and _REJECT.search(f[max(0, m.start() - 20):m.end()]):
                continue
            if pattern is _KEPT and not context_call:
                continue
            before = f[:m.start()]
            after = f[m.end():]
            negated = pattern is _REJECT and re.match(r"(?:n'|ne\b|non\b)", m.group())
            if result != "élu" and not negated and not _STATEMENT.search(before) \
                    and not re.match(r"\s*(?:par|a\s+l'unanimite|a\s+la\s+majorite)", after) \
                    and not (re.match(r"\s*[.!]?\s*$", after) and re.search(
                        r"\b(?:pour|contre|abstentions?|\d+)\s*$", _clean(before)) and (_VOIX.search(before) or _ABST.search(before))):
                continue
            if _PAST.match(after) or re.search(r"\b(?:sera|serait|seront|avait\s+ete|soit|si)\s+$", before):
                continue
            strong = bool(re.match(r"\s*(?:,\s*)?(?:par|a\s+l'unanimite|a\s+la\s+majorite|avec)", after)) or \
                bool(_UNANIMITY.search(f)) or bool(_VOIX.search(f))
            return _Anchor(0, result, m.start(), strong)
    m = _PASSIVE_RESULT.search(f)
    if m and context_call and not _REJECT.search(f):
        return _Anchor(0, "adopté", m.start(), True)
    m = re.search(r"\bresultat\s+du\s+(?:scrutin|vote)\b", f)
    if m and (_VOIX.search(f) or _LABELLED.search(f)):
        return _Anchor(0, None, m.start(), True)
    m = _DISPOSITIF.search(f)
    if m:
        return _Anchor(0, "rejeté" if m.group(1) in ("rejette", "refuse") else "adopté", m.start(), True)
    m = _MAJORITY.search(f)
    if m and (context_call or re.match(r"\s*(?:adopte\w*\s+)?$", f[:m.start()])):
        return _Anchor(0, "adopté", m.start(), True)
    m = _UNANIMITY.search(f)
    if m and re.match(r"\s*(?:[,.]|$|des\s+(?:votants|presents|membres|suffrages))", f[m.end():]) \
            and (context_call or f.strip().startswith(("a l'unanimite", "adopte", "unanimite"))):
        return _Anchor(0, "adopté", m.start(), True)
    return None


def read_votes(sents: list[Sentence], roster: Roster, chair: str = "") -> list[VoteReading]:
    """Every vote of a stretch of the séance (an item, or the opening), in time order."""
    anchors: list[_Anchor] = []
    called = False
    for i, s in enumerate(sents):
        if _CALL.search(s.folded) or _QUESTION.search(s.folded) or _SCRUTIN_PUBLIC.search(s.folded) \
                or re.search(r"\bresultat\s+du\s+(?:scrutin|vote)\b", s.folded):
            called = True
        a = _anchor(s, called)
        if a is None:
            continue
        a.index = i
        if anchors and _same_vote(sents, anchors[-1], a):
            prev = anchors[-1]
            if prev.result is None:
                prev.result = a.result
            prev.strong = prev.strong or a.strong
            continue
        anchors.append(a)
        called = False
    votes: list[VoteReading] = []
    lower = 0
    for a in anchors:
        vote = _read_one(sents, lower, a, roster, chair)
        if votes and votes[-1].subject == vote.subject and any(_RECOUNT.search(x.folded) for x in sents[lower:a.index + 1]):
            first = votes.pop()  # a vote heard twice: the recount replaces the first count, which is shown
            vote.checks.append(f"Vote recompté : premier décompte annoncé {_said(first)}, remplacé par le second")
        votes.append(vote)
        lower = _last_of_vote(sents, a) + 1
    return votes


_RECOUNT = re.compile(
    r"\b(?:on|je|nous)\s+(?:va\s+|vais\s+|allons\s+)?recompt\w*|\brecomptons\b|\brecompte\b"
    r"|\b(?:on|je|nous)\s+(?:va\s+|vais\s+|allons\s+)?(?:reprend\w*|refai\w*|refaire|recommence\w*)\s+(?:le|ce)\s+vote"
    r"|\b(?:on|nous)\s+(?:re)?votons\s+a\s+nouveau|\bon\s+revote\b|\bnouveau\s+(?:vote|decompte)\b"
    r"|\bje\s+me\s+suis\s+trompee?\b|\bje\s+corrige\b"
)


def _said(vote: VoteReading) -> str:
    parts = [f"{getattr(vote, k)} {k if k != 'npv' else 'ne prenant pas part'}" for k in COUNTS
             if getattr(vote, k) is not None]
    if vote.unanimous:
        parts.insert(0, "à l'unanimité")
    return "(" + ", ".join(parts) + ")" if parts else "(sans chiffres)"


def _same_vote(sents: list[Sentence], prev: _Anchor, a: _Anchor) -> bool:
    """Two results said one after the other ("9 pour, 4 contre. L'offre est retenue.") are one vote."""
    if a.index - prev.index > 2 or sents[a.index].time_ms - sents[prev.index].end_ms > 20_000:
        return False
    between = sents[prev.index + 1:a.index]
    return not any(_CALL.search(s.folded) or _QUESTION.search(s.folded) for s in between) \
        and (prev.result is None or a.result in (None, prev.result))


def _last_of_vote(sents: list[Sentence], a: _Anchor) -> int:
    i = a.index
    while i + 1 < len(sents) and sents[i + 1].speaker_id == sents[a.index].speaker_id \
            and sents[i + 1].time_ms - sents[i].end_ms < 20_000:
        if _anchor_like(sents[i + 1]) or _same_vote(sents, _Anchor(i, a.result, 0, True),
                                                    _Anchor(i + 1, a.result, 0, True)) \
                and _anchor(sents[i + 1], True) is not None:
            i += 1
            continue
        # Whisper may cut "pour 27 contre 0 abstentions 0" into one-word sentences at its pauses
        j, text = i + 1, ""
        while j < len(sents) and j <= i + 6 and sents[j].speaker_id == sents[a.index].speaker_id \
                and sents[j].time_ms - sents[j - 1].end_ms < 1_500:
            text += " " + sents[j].folded
            if len(re.findall(r"\b(?:pour|contre|abstentions?)\s*:?\s*\d+\b", text)) >= 2:
                break
            j += 1
        if j < len(sents) and j <= i + 6 and _anchor_like_text(text):
            i = j
            continue
        break
    return i


def _anchor_like(s: Sentence) -> bool:
    """A sentence right after the result that details it ("Pour : 27 – Contre : 0")."""
    return _anchor_like_text(s.folded)


def _anchor_like_text(folded: str) -> bool:
    f = _clean(folded)
    return bool(re.search(r"\bresultat\s+du\s+(?:scrutin|vote)\b", f) or _VOIX.search(f) or _ABST.search(f)
                or re.search(r"\b(?:pour|contre|abstentions?)\s*:\s*\d", f) or _UNANIMITY.search(f)
                or len(re.findall(r"\b(?:pour|contre|abstentions?)\s+\d+\b", f)) >= 2) \
        and not _QUESTION.search(f) and not _CALL.search(f)


# --- one vote ---------------------------------------------------------------------------------------


def _read_one(sents: list[Sentence], lower: int, a: _Anchor, roster: Roster, chair: str) -> VoteReading:
    anchor = sents[a.index]
    last = _last_of_vote(sents, a)
    vote = VoteReading(time_ms=anchor.time_ms, end_ms=sents[last].end_ms, result=a.result)
    episode = sents[lower:last + 1]
    call = next((k for k in range(len(episode) - 1, -1, -1)
                 if _CALL.search(episode[k].folded)), None)
    first_question = next((k for k, s in enumerate(episode) if _QUESTION.search(s.folded)), None)
    start = min(x for x in (call, first_question, len(episode) - 1 - (last - a.index)) if x is not None)
    asked = episode[start:]
    vote.quote = " ".join(s.original() for s in sents[a.index:last + 1])[:400]
    chair_id = anchor.speaker_id
    said = [x for x in asked if x.speaker_id == chair_id] if (call is not None or first_question is not None) \
        else [x for x in episode if x.speaker_id == chair_id and x.index == anchor.index]
    said += [x for x in sents[a.index:last + 1] if not any(x is y for y in said)]
    anchored = {id(x) for x in sents[a.index:last + 1]}
    for block in blocks(said):
        _read_result(block, vote, roster, details_only=not any(id(x) in anchored for x in block.parts))
    _read_questions(asked, a.index - lower - start, vote, roster)
    for s in episode:
        _read_npv(s, vote, roster, episode)
    public = [k for k, s in enumerate(episode) if _SCRUTIN_PUBLIC.search(s.folded)]
    if public:
        vote.scrutin = "public"
        for choice, name in roll_call(episode[public[0]:], roster, anchor.speaker_id):
            vote.add_name(choice, name)
    if any(_CASTING.search(s.folded) for s in episode):
        vote.casting_vote = True
    if any(re.search(r"\bscrutin\s+secret\b|\bbulletins?\s+secrets?\b", s.folded) for s in episode):
        vote.scrutin = "secret"
    if vote.result == "élu" or (any(_SCRUTIN_SECRET.search(s.folded) for s in episode)
                                and any(ELECTED.search(s.folded) for s in episode)):
        vote.scrutin = "secret"
        vote.ballot = read_ballot(episode, roster)
        vote.result = "élu" if vote.ballot.elected else vote.result
    vote.subject, vote.subject_detail = _subject(episode)
    if vote.result is None and vote.pour is not None and vote.contre is not None and vote.pour != vote.contre:
        vote.result = "adopté" if vote.pour > vote.contre else "rejeté"
    return vote


def _names_listed(s: Sentence, pos: int, key: str, vote: VoteReading, roster: Roster) -> None:
    """"4 abstentions : Mme Carrié, M. Bensaïd…", "2 contre, M. Raynal et Mme Puech"."""
    f = s.folded
    colon = re.match(r"\s*:", f[pos:])
    comma = re.match(r"\s*,\s*(?:" + CIVILITY + r")\s", f[pos:])
    if not colon and not comma and not re.match(r"\s+(?:" + CIVILITY + r")\s", f[pos:]):
        return
    found = scan_names(s, pos, len(f), roster, s.speaker)
    if not found or not re.fullmatch(r"[\s,:]*", f[pos:found[0][1]]):
        return
    run = runs(found, f)[0]
    if not colon and re.match(r"\s*(?:ayant|a\b|est\b|qui\b|ne\b|n'|sont\b|ont\b)", f[run[-1][2]:]):
        return  # "… et 4 abstentions, M. le Maire ayant quitté la salle": not a list of names
    if comma and not _LIST_END.match(f, run[-1][2]):
        return  # "… et 2 contre, M. Roux quitte la salle": after a comma, only a list that ends there
    names = [n for n, _, _ in run]
    for name in names:
        vote.add_name(key, name)


def _labels_first(f: str) -> bool:
    """Counts said label first ("Exprimés : 37. Pour : 35. Contre : 2", "pour 35 contre 2") rather
    than number first ("16 voix pour, 5 contre"): the first count said decides."""
    label = re.search(r"\b(?:pour|contre|abstentions?|exprimes|votants)\s*:?\s*\d", f)
    number = re.search(r"\d+\s+(?:voix\s+|votes?\s+)?(?:pour|contre|abstentions?)\b", f)
    if label is None:
        return False
    if number is None:
        return True
    if re.match(r"(?:pour|contre)", label.group()) and re.search(r"(?:\d|(?<!aux )voix|qui\s+est|qui\s+vote)\s*$",
                                                                f[:label.start()]):
        return False
    return label.start() < number.start()


def _clean(folded: str) -> str:
    """The sentence with its details blanked (same length): "(11 présents plus 2 pouvoirs)",
    "dont 5 pouvoirs" are not counts of the vote."""
    return _DETAIL.sub(lambda m: " " * len(m.group()), folded)


def _read_result(s: Sentence, vote: VoteReading, roster: Roster, details_only: bool = False) -> None:
    """The counts, names and outcome said in ``s`` (``details_only``: a sentence before the result,
    "Pour : 35. Contre : 2, M. Raynal et Mme Puech.", "Cinq partout.")."""
    raw = s.folded
    m = _LETTERS.search(raw)
    if m:
        vote.pour, vote.contre, vote.abstentions = (int(g) for g in m.groups())
    f = _clean(raw)
    if details_only and _QUESTION.search(f):
        return
    unanimity = _UNANIMITY.search(f)
    if unanimity and not re.search(r"\bpas\s+(?:a\s+)?l'unanimite", f):
        vote.unanimous = True
        if vote.result is None:
            vote.result = "rejeté" if _REJECT.search(f) else "adopté"
        if re.match(r"\s*des\s+(?:suffrages\s+)?exprimes\b", f[unanimity.end():]):
            vote.blocked.add("abstentions")  # there were abstentions, how many is not said
    _exceptions(s, f, vote, roster)
    if _MAJORITY.search(f):
        vote.majority = True
    m = _MINUS.search(f)
    if m:
        n = int(m.group(1))
        if m.group(2).startswith("abstention"):
            vote.abstentions = n
            vote.contre = 0 if vote.contre is None else vote.contre
            names = names_after(s, m.end(), roster, stop_at_number=True)
            for name in names:
                vote.add_name("abstentions", name)
        elif m.group(2) == "voix":  # "à l'unanimité moins deux voix": against or abstaining, not said
            vote.blocked.update(("contre", "abstentions", "pour"))
        else:
            vote.contre = n
            for name in names_after(s, m.end(), roster, stop_at_number=True):
                vote.add_name("contre", name)
    versus = _VERSUS.search(f)
    if versus:
        big, small = int(versus.group(1)), int(versus.group(2))
        if vote.result == "rejeté":
            vote.contre, vote.pour = big, small
        elif vote.result == "adopté":
            vote.pour, vote.contre = big, small
    labels_first = _labels_first(f)
    for m in _VOIX.finditer(f):
        if versus and versus.start() <= m.start() < versus.end():
            continue
        if labels_first and "voix" not in m.group() and "vote" not in m.group():
            continue  # "exprimés 37 pour 35 contre 2": 37 is not "pour"
        setattr(vote, m.group(2), int(m.group(1)))
        _names_listed(s, m.end(), m.group(2), vote, roster)
    for m in _BY_VOTES.finditer(f):
        key = "contre" if m.group(1).startswith("rejet") else "pour"
        if getattr(vote, key) is None:
            setattr(vote, key, int(m.group(2)))
    for m in _ABST_MEMBERS.finditer(f):
        vote.abstentions = int(m.group(1))
    for m in _OPPOSITIONS.finditer(f):
        vote.contre = int(m.group(1))
    for m in _ABST.finditer(f):
        if labels_first and re.match(r"abstentions?\s*:?\s*\d", f[m.end() - len(m.group()) + len(m.group(1)):].strip()):
            continue
        vote.abstentions = int(m.group(1))
        _names_listed(s, m.end(), "abstentions", vote, roster)
    for m in _LABEL_NAMES.finditer(f):
        key = "abstentions" if m.group(1).startswith("abstention") else m.group(1)
        names = names_after(s, m.end(), roster, speaker=s.speaker, stop_at_number=True)
        for name in names:
            vote.add_name(key, name)
        if names and not _GROUP.search(f[m.end():]):
            vote.asked.setdefault(key, len(names))
    for m in _BARE_LABEL.finditer(f):
        if _LABEL_NAMES.match(f, m.start(1)):
            continue
        found = scan_names(s, m.end(), len(f), roster, s.speaker)
        if not found or f[m.end():found[0][1]].strip():
            continue
        run = runs(found, f)[0]
        # a list of names closed by a count or the end of the sentence ("… et Josette par pouvoir, cinq
        # partout"); one name ("pour moi"), or names followed by anything else, may be a sentence
        if len(run) < 2 or not _LIST_END.match(f, run[-1][2]):
            continue
        key = "abstentions" if m.group(1).startswith("abstention") else m.group(1)
        for name, _, _ in run:
            vote.add_name(key, name)
    for m in _LABELLED.finditer(f):
        if not labels_first and (":" not in m.group() or _NEXT_LABEL.match(f, m.end())):
            continue
        if ":" not in m.group() and re.match(r"\s*(?:voix|votes?)\b", f[m.end():]):
            continue  # "pour 12 voix contre": only "Pour : 12 voix" is a label
        if re.search(r"(?:\bqui\s+(?:est|vote)|\bs'abstient)\s*$", f[:m.start()]) or (
                not labels_first and re.search(r"(?:\d|\bvoix|\bvotes?)\s*$", f[:m.start()])):
            continue  # "qui est contre 2": an answer; "16 voix pour 5 contre": not a label
        label = m.group(1)
        value = int(m.group(2))
        if label.startswith("abstention"):
            vote.abstentions = value
            key = "abstentions"
        elif label in ("pour", "contre"):
            setattr(vote, label, value)
            key = label
        elif "exprime" in label:
            vote.exprimes = value
            continue
        else:
            continue
        for name in names_after(s, m.end(), roster, stop_at_number=True):
            vote.add_name(key, name)
    m = _TIE.search(f)
    if m:
        n = int(m.group(1) or m.group(2))
        vote.pour = n if vote.pour is None else vote.pour
        vote.contre = n if vote.contre is None else vote.contre
    for m in _NPV.finditer(f):
        who = subject_names(s, m.start(), roster)
        for name in who:
            vote.add_name("npv", name)
    for m in _LEFT.finditer(f):
        for name in subject_names(s, m.start(), roster, after=m.end()):
            vote.add_name("left_room", name)


def _exceptions(s: Sentence, f: str, vote: VoteReading, roster: Roster) -> None:
    """Members who voted otherwise than the rest: "M. Roux s'abstenant", "sauf Mme Dupont qui vote
    contre", "avec l'abstention de Mme Leroy et de M. Roux". Named people are counted; a group or
    nobody named ("le groupe d'opposition s'abstenant") leaves that count unknown, never 0."""
    said: list[tuple[str, int, list[str], bool]] = []  # (key, position, names, a group is meant)
    for pattern, key in ((_ABSTAINING, "abstentions"), (_AGAINST, "contre")):
        for m in pattern.finditer(f):
            before = f[max(0, m.start() - 80):m.start()]
            if re.search(r"\b(?:je|j'|nous|on|vous|tu|il|elle|ils|elles)\s+(?:\S+\s+)?$", before):
                continue  # "je vote contre", "nous nous abstiendrons": debate
            if re.search(r"\bqui\s+(?:\S+\s+)?$", before) and not re.search(
                    r"\b(?:sauf|hormis|excepte|exception\s+de|moins)\b", before):
                continue  # "qui s'abstient ?" is a question (Whisper writes no question mark)
            clause = f[max(0, f.rfind(",", 0, m.start()) + 1, m.start() - 60):m.start()]
            said.append((key, m.start(), subject_names(s, m.start(), roster), bool(_GROUP.search(clause))))
    for m in _OF.finditer(f):
        key = "abstentions" if m.group(1).startswith("abstention") else "contre"
        end = re.search(r"[;!?]|\b(?:est|sont|c'est|qui|pour|contre)\b", f[m.end():])
        names = names_in_text(s, m.end(), m.end() + end.start() if end else len(f), roster)
        said.append((key, m.start(), names, bool(_GROUP.search(f[m.end():m.end() + 40]))))
    for key, _, names, group in said:
        for name in names:
            vote.add_name(key, name)
        if group or not names:
            vote.blocked.add(key)
        elif getattr(vote, key) is None and key not in vote.blocked:
            vote.asked.setdefault(key, len(vote.names[key]))


# --- the questions and their answers ------------------------------------------------------------------


def _read_questions(asked: list[Sentence], anchor_at: int, vote: VoteReading, roster: Roster) -> None:
    """"Qui est contre ? Deux. Qui s'abstient ? Mme Dumont." — the answers before the result."""
    # one stream of text over the sentences of the président's questions, up to the result
    for k, s in enumerate(asked[:max(0, anchor_at)] + ([asked[anchor_at]] if 0 <= anchor_at < len(asked) else [])):
        f = s.folded
        questions = list(_QUESTION.finditer(f))
        for j, q in enumerate(questions):
            key = _question_key(q)
            if key is None:
                continue
            if q.group(0).startswith("pas d"):
                vote.asked.setdefault(key, 0)
                continue
            end = questions[j + 1].start() if j + 1 < len(questions) else len(f)
            for label in _BARE_LABEL.finditer(f, q.end(), end):  # "… deux donc contre moi aurore": the next list
                if label.group(1) not in q.group(0) and label.start(1) > q.end():
                    end = label.start(1)
                    break
            answer_sents = [(s, q.end(), end)]
            if j + 1 == len(questions):  # the answer may be the next sentences (not a new question)
                for nxt in asked[k + 1:k + 3]:
                    other = nxt.speaker_id != s.speaker_id
                    if _QUESTION.search(nxt.folded) or _anchor(nxt, True) \
                            or (other and not _member_answers(f[q.end():end], nxt, answer_sents)) \
                            or nxt.folded.rstrip().endswith("?") or _LABEL_NAMES.search(nxt.folded):
                        break
                    answer_sents.append((nxt, 0, len(nxt.folded)))
                    if other:
                        break
            _read_answer(answer_sents, key, vote, roster)


def _question_key(q: re.Match) -> str | None:
    text = q.group(0)
    if "s'abst" in text or "abstention" in text:
        return "abstentions"
    if "prend pas part" in text:
        return "npv"
    if "contre" in text or "opposition" in text:
        return "contre"
    if "pour" in text:
        return "pour"
    return None


def _member_answers(rest: str, nxt: Sentence, so_far: list) -> bool:
    """"Qui est contre ?" — another member answers: "M. Albouy, moi-même et le pouvoir de Mme
    Bonnefous." Only a short answer right after the question, when the président said nothing more."""
    return len(so_far) == 1 and not rest.strip(" ?.,!") and len(nxt.folded.split()) <= 14


def _read_answer(parts: list[tuple[Sentence, int, int]], key: str, vote: VoteReading, roster: Roster) -> None:
    texts = [sent.folded[a:b] for sent, a, b in parts]
    first = next((t for t in texts if t.strip(" ?.,!")), "")
    if not first:
        vote.unanswered.append(key)
        return
    if _ZERO.match(first):
        vote.asked[key] = 0
        return
    if re.match(r"^\s*[,.!?:]*\s*(?:un|une)\s*(?:[.,!?]|$|voix|seul)", first):
        vote.asked[key] = 1
    if _EVERYONE.match(first) and key == "pour":
        vote.everyone_for = True
        return
    s = parts[0][0]
    names: list[str] = []
    number = None
    group = False
    for sent, start, end in parts:
        text = sent.folded[start:end]
        if _anchor(sent, True) and sent is not s:
            break
        group = group or bool(_GROUP.search(text))
        for m in _NUMBER.finditer(text):
            if re.match(r"\s*(?:voix|abstentions?|contre|pour|[,.?!]|$|voix)", text[m.end():]) \
                    or re.fullmatch(r"\s*[,.]?\s*(?:donc\s+)?", text[:m.start()]):
                number = int(m.group(1))
        names += answer_names(sent, start, end, roster)
    if number is not None:
        vote.asked[key] = number
    elif names and not group:
        vote.asked[key] = len(names)
    for name in names:
        vote.add_name(key, name)


# --- members who do not take part -------------------------------------------------------------------


def _read_npv(s: Sentence, vote: VoteReading, roster: Roster, episode: list[Sentence]) -> None:
    f = s.folded
    for m in _NPV.finditer(f):
        if re.search(r"\b(?:si|pas\s+de|aucun)\s+\S*\s*$", f[max(0, m.start() - 12):m.start()]):
            continue
        count = re.search(r"(\d+)\s+(?:elus?|conseillers?|membres?|delegues?)\s+(?:\S+\s+){0,3}$", f[:m.start()])
        if count:
            vote.npv = int(count.group(1))
            continue
        for name in subject_names(s, m.start(), roster):
            vote.add_name("npv", name)


# --- what the vote is about -------------------------------------------------------------------------


def _subject(episode: list[Sentence]) -> tuple[str | None, str]:
    for s in reversed(episode):
        f = s.folded
        if _PV.search(f):
            # "Le procès-verbal de la séance du 12 mai … Le procès-verbal est approuvé": the date said
            # in an earlier sentence of the episode about the PV
            for t in reversed(episode[:episode.index(s) + 1]):
                d = _PV_DATE.search(t.folded) if _PV.search(t.folded) else None
                if d:
                    return "pv", t.text[d.start(1):d.end(1)]
            return "pv", ""
        if re.search(r"\bsecretaires?\s+de\s+seance\b", f):
            return "secretaire", ""
        if re.search(r"\bordre\s+du\s+jour\b", f) and re.search(r"\b(?:modifi|ajout|inver|retir)", f):
            return "ordre_du_jour", ""
    return None, ""
