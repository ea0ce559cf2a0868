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
from dataclasses import dataclass

from .ballot import ELECTED, read_ballot, roll_call
from .people import Roster
from .sentences import Sentence
from .text import CIVILITY
from .vote_patterns import (  # noqa: F401 - the reader's phrasings
    _ADOPT, _KEPT, _REJECT, _UNANIMITY, _MAJORITY, _STATEMENT, _PAST, _CALL, _QUESTION, _ZERO,
    _EVERYONE, _GROUP, _NUMBER, _DETAIL, _VERSUS, _ABST_MEMBERS, _BY_VOTES, _OPPOSITIONS,
    _ABSTAINING, _AGAINST, _OF, _VOIX, _ABST, _LABELLED, _NEXT_LABEL, _LETTERS, _LABEL_NAMES,
    _LIST_END, _BARE_LABEL, _MINUS, _TIE, _CASTING, _DISPOSITIF, _NPV, _LEFT, _SCRUTIN_PUBLIC,
    _SCRUTIN_SECRET, _PV, _PV_DATE, _WITH_ABST, _WITH_MINORITY,
)
from .vote_record import COUNTS, VoteReading
from .vote_names import answer_names, blocks, names_after, names_in_text, runs, scan_names, subject_names

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
#: 15 voix pour", "la garantie est accordée à l'unanimité", "le marché est attribué à la société
#: Sud Collecte par 29 voix pour" (its object between the verb and the count)
_PASSIVE_RESULT = re.compile(r"\b(?:est|sont|a\s+ete|ont\s+ete)\s+(?:donc\s+)?[a-z]+ee?s?\s+"
                             r"(?:[^.;:!?]{1,60}?\s)?"
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


#: the secret ballot named to be waived: "si personne ne demande le scrutin secret, je vous propose de
#: voter à main levée", "le conseil renonce au scrutin secret"
_NO_SECRET = re.compile(r"\bmain\s+levee\b|\bne\s+demande\b|\brenon\w*\s+(?:a\s+|au\s+)|\bsans\s+(?:recourir\s+)?au\s+scrutin"
                        r"|\bpas\s+(?:de|le|au)\s+scrutin\s+secret")

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
    if any(re.search(r"\bscrutin\s+secret\b|\bbulletins?\s+secrets?\b", s.folded) and not _NO_SECRET.search(s.folded)
           for s in episode):
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
    m = _WITH_ABST.search(f)
    if m and vote.result == "adopté" and not _VOIX.search(f) and not re.search(r"\bcontre\b", f[m.start():]):
        vote.abstentions_only = True  # "approuvé, avec une abstention": nobody voted against
    if vote.result == "adopté" and _WITH_MINORITY.search(f) and not re.search(r"\d+\s+(?:voix\s+)?pour\b", f):
        vote.minority_said = True  # "adopté avec 3 voix contre et 1 abstention": the others voted for
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
        if ":" not in m.group() and re.match(r"\s*(?:abstentions?|pour|contre)\b(?!\s*:?\s*\d)", f[m.end():]):
            continue  # "pas de vote contre 2 abstentions": the count is the next label's
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
        count = re.search(r"(\d+)\s+(?:(?:elus?|conseillers?|membres?|delegues?)\s+(?:\S+\s+){0,3})?$", f[:m.start()])
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
