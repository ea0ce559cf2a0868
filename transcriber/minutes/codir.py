"""A CODIR's decisions and actions, read from how a management team talks.

Decisions are only what the meeting decided: "Décision : …", "c'est acté", "on acte", "on
valide", "le CODIR valide", "c'est décidé", "il est décidé". A proposal ("je proposerais…"), a
refusal ("non, on ne l'acte pas"), something postponed ("on ne tranche pas aujourd'hui") or
decided before ("on avait acté ça en décembre") is not one.

An action is a task somebody takes, with its owner and its deadline:
- asked of someone: "Claire, tu me fais la fiche de poste pour le 20 ?" (the owner is the person
  spoken to; the deadline may come in the answer: "Oui, pour mardi prochain"), unless the answer
  declines ("Non, ça ce n'est pas nous");
- taken by the speaker: "je m'en charge", "je m'en occupe", "moi, je fais un mail aux
  directeurs…", "oui, je serai au jury" (the task is then the question it answers: "qui prévient
  les écoles ?"), never "je ne peux pas m'en occuper";
- given to a person or a role: "Vincent rédige le cahier des charges avant le prochain CODIR",
  "la DRH publie les offres pour la fin du mois";
- set without an owner: "il faudra prévenir les mairies", "les rapports doivent être au
  secrétariat pour le 1er décembre" (the owner stays « [à compléter] »).
Deadlines are resolved from the meeting's date (:func:`.dates.find_deadline`).
"""

from __future__ import annotations

import re
from datetime import date

from .dates import find_deadline
from .facts import Action, Decision
from .people import Roster
from .sentences import Sentence
from .text import for_display

_DECISION = re.compile(
    r"\bil\s+(?:est|a\s+ete)\s+decide\b"
    r"|\b(?:nous\s+decidons|on\s+decide|nous\s+avons\s+decide|on\s+a\s+decide|c'est\s+decide)\b"
    r"|\b(?:le|la)\s+(?:codir|comite(?:\s+de\s+direction)?|direction\s+generale)\s*,?\s*"
    r"(?:decide|approuve|valide|arbitre|retient|emet\s+un\s+avis\s+(?:favorable|defavorable)|acte|donne\s+(?:son\s+)?accord)\b"
    r"|\b(?:c'est|c\s+est)\s+(?:valide|acte|arbitre|decide|entendu\s+et\s+acte)\b"
    r"|\b(?:on|nous)\s+(?:valide|validons|retient|retenons|arbitre|arbitrons|acte|actons)\b"
    r"|^\s*(?:(?:bon|bien|d'accord|ok|alors|donc)\s*,?\s*)*(?:decision|arbitrage)\s*:?\s+"
    r"|\baccord\s+(?:de\s+principe|du\s+codir)\b"
    # "Validé.", "Bon, acté !" said alone by whoever chairs; "on part là-dessus", "on part sur cette option"
    r"|^\s*(?:(?:bon|bien|d'accord|ok|alors|donc)\s*,?\s*)*(?:valide|acte)\s*[.!]"
    r"|\b(?:on|nous)\s+part(?:ons)?\s+(?:la-?\s*dessus|sur\s+(?:ca|cette\s+(?:option|solution|base)))\b"
)
_NOT_DECIDED = re.compile(
    r"\b(?:ne|n')\s*(?:l'|le\s+|la\s+|les\s+)?(?:acte|actons|valide|validons|retient|retenons|tranche|tranchons|"
    r"decide|decidons)\s+(?:pas|rien|plus)\b|\bavait\s+(?:acte|decide|valide)|\bavions\s+(?:acte|decide|valide)"
    r"|\bon\s+verra\b|\bon\s+en\s+reparle|\bpropos|\b(?:valide|acte|decide)e?s?\s+par\s+(?:le|la|les|l')"
    # spoken negation without « ne »: "on valide pas ça"; a condition or a wish is not a decision:
    # "si on valide ça, …", "il faudra qu'on acte ça avant le conseil", "avant qu'on valide"
    r"|\b(?:acte|actons|valide|validons|retient|retenons|tranche|tranchons|decide|decidons)\s+(?:pas|rien|jamais)\b"
    r"|\bsi\s+(?:on|nous|le\s+codir)\s+(?:l'|le\s+|la\s+)?(?:valide|validons|acte|actons|decide|decidons|retient|retenons)\b"
    r"|\b(?:faut|faudrait|faudra|devrait|devrons|devra|pourrait|pourrions|pourra|voudrais|voudrait|aimerais|"
    r"avant|afin|pour)\s+(?:qu'on|que\s+(?:nous|l'on|le\s+codir))\s+"
)

_TASK = (
    r"(?:envoi|envoy|redig|prepar|publi|organis|port|verifi|contact|relanc|lanc|planifi|chiffr|"
    r"diffus|present|install|recens|appel|appell|reserv|regard|convoqu|complet|corrig|command|sign|occup|charg|cal|fix)"
    r"(?:e|es|ent|ons|ez|era|eras|erai|erons)\b"
    r"|(?:fai[st]|faites|fera|ferai|feras|met[s]?|mettra|sor[st]|sortira|transmet[s]?|transmettra|previen[st]|"
    r"previendra|ecri[st]|inscri[st]|reuni[st])\b|s'occupe|s'occupes|se\s+charge|te\s+charges"
)
_INFINITIVE = (
    r"faire|envoyer|rediger|preparer|publier|organiser|porter|transmettre|verifier|contacter|relancer|lancer|"
    r"planifier|chiffrer|diffuser|presenter|installer|recenser|prevenir|appeler|reserver|mettre|sortir|"
    r"regarder|reunir|convoquer|ecrire|completer|corriger|inscrire|commander|signer|informer|recruter|"
    r"finaliser|produire|etablir|consulter|solliciter|rencontrer|former|former|sortir"
)
_REQUEST = re.compile(
    r"\b(?:tu|vous)\s+(?:me\s+|nous\s+|lui\s+|leur\s+)?(?:" + _TASK + r")\b"
    r"|\b(?:tu\s+peux|tu\s+pourrais|peux-tu|pourrais-tu|vous\s+pouvez|vous\s+pourriez|pouvez-vous)\s+"
    r"(?:me\s+|nous\s+|lui\s+|aussi\s+)*(?:" + _INFINITIVE + r")\b"
)
_SELF = re.compile(
    r"\bje\s+(?:m'en\s+charge|m'en\s+occupe|m'occupe|me\s+charge|prends\s+(?:ca|cela|le\s+sujet|en\s+charge)|"
    r"vais\s+(?:m'en\s+occuper|le\s+faire))\b"
    r"|\bje\s+(?:vous\s+|te\s+|leur\s+|lui\s+)?(?:l'|(?:la|le|les)\s+)?(?:" + _TASK + r"|vais\s+(?:" + _INFINITIVE + r")|"
    r"(?:la|le|les)\s+(?:" + _TASK + r"))\b"
    r"|^\s*oui\s*,?\s*je\s+serai\b"
)
_SELF_START = re.compile(r"^\s*(?:(?:oui|d'accord|ok|moi|entendu|bien\s+sur|alors)\s*[,.!]?\s*)*je\b")
_DECLINE = re.compile(
    r"^\s*(?:(?:moi|alors|ah|euh)\s*,?\s*)*(?:non\b|je\s+ne\s+peux\s+pas|je\s+n'ai\s+pas\s+le\s+temps|pas\s+moi|"
    r"impossible|ce\s+n'est\s+pas\s+(?:nous|moi|a\s+nous|a\s+moi)|ca\s+ce\s+n'est\s+pas)"
)
_ACCEPT = re.compile(r"^\s*(?:oui|d'accord|ok|entendu|pas\s+de\s+(?:souci|probleme)|c'est\s+note|ca\s+marche|"
                     r"volontiers|bien\s+sur|je\s+m'en\s+(?:charge|occupe)|pour\s+(?:le|mardi|lundi|mercredi|jeudi|vendredi))")
#: a word of a role's name, not the object pronoun after it ("la directrice des finances me fait…")
_W = r"(?!(?:me|nous|lui|leur|vous|te)\b)[a-z-]+"
_ROLE_SUBJECT = re.compile(
    r"(?:^|[.;:!?,]\s*|\bet\s+|\s(?=(?:notre|votre)\s))((?:le|la|les|l'|notre|votre)\s*(?:drh|dst|dsi|dgs|dga|daf|dsi|rh|"
    r"service\s+" + _W + r"(?:\s+" + _W + r")?|direction\s+" + _W + r"(?:\s+" + _W + r")?|secretariat(?:\s+general)?|"
    r"cabinet|pole\s+" + _W + r"|(?:directeur|directrice)\s+" + _W + r"(?:\s+" + _W + r"){0,2}|"
    r"responsable\s+" + _W + r"(?:\s+" + _W + r")?|chargee?\s+de\s+(?:la\s+)?" + _W + r"))\s+"
    r"(?:(?:me|nous|lui|leur|vous|te)\s+)?(?:" + _TASK + r")\b"
)
#: a task given by naming who takes it: "je demande au DRH de présenter…", "je charge Claire de…"
_ASK_OF = re.compile(r"\bje\s+(?:demande|charge)\s+(?:(au|a\s+la|a\s+l'|aux|a)\b\s*)?([a-z][\w'-]*(?:\s+" + _W + r"){0,3}?)"
                     r"\s+(?:de|d')\s*(?=" + _INFINITIVE + r"|[a-z]+er\b)")
_OBLIGATION = re.compile(
    r"\bil\s+(?:faudra|faudrait)\s+(?:aussi\s+|egalement\s+|donc\s+|absolument\s+)?(?:" + _INFINITIVE + r")\b"
    r"|\b(?:doit|doivent)\s+(?:etre|arriver|parvenir)\b"
)
_WHO = re.compile(r"\bqui\s+(?:s'occupe|se\s+charge|fait|previent|peut|veut|s'en\s+occupe|prend)\b")


def read_decisions(sents: list[Sentence]) -> list[Decision]:
    found = []
    for k, s in enumerate(sents):
        f = s.folded
        m = _DECISION.search(f)
        if not m or _NOT_DECIDED.search(f) or re.match(r"\s*(?:(?:et|alors|donc)\s+)?(?:est-ce|est\s+ce|qu'est|"
                                                        r"on\s+valide\s+ou|on\s+acte\s+ou)", f):
            continue
        if f.rstrip().endswith("?") and (re.match(r"\s*(?:est-ce|qu'est|est\s+ce)", f)
                                        or not re.search(r"[,;:]", f[m.end():])):
            continue  # "Est-ce qu'on valide ?" asks, it does not decide
        text = s.original()
        if len(text.split()) > 40:
            text = s.unit.original(s.start + m.start(), s.end).strip()
        if len(text.split()) < 4 and k + 1 < len(sents) and sents[k + 1].index == s.index:
            text = f"{text} {sents[k + 1].original()}"  # "Décision : [pause] on lance…"
        shown = for_display(text).strip()
        found.append(Decision(time_ms=s.time_at(m.start()), quote=text, text=shown[:1].upper() + shown[1:],
                              speaker=s.speaker or None))
    return found


def read_actions(sents: list[Sentence], roster: Roster, reference: date | None,
                 next_meeting: date | None = None, chair_id: str | None = None) -> list[Action]:
    """Every action of the meeting (see the module docstring), in time order."""
    actions: list[Action] = []
    taken: set[int] = set()  # sentences already read as part of an action

    last_k: list[int] = []  # the sentence each action was read from

    def add(k: int, pos: int, task: str, owner: str | None, deadline_in: list[tuple[int, int]]) -> None:
        s = sents[k]
        last_k.append(k)
        deadline = None
        for j, start in deadline_in:
            found = find_deadline(sents[j].folded[start:], reference, next_meeting)
            if found:
                deadline = found
                break
        actions.append(Action(
            time_ms=s.time_at(pos), quote=s.original(), task=_tidy(task, 30) or _tidy(s.original(), 30),
            owner=owner, deadline_text=for_display(deadline[0]) if deadline else None,
            deadline=deadline[1].isoformat() if deadline and deadline[1] else None, speaker=s.speaker or None,
        ))

    for k, s in enumerate(sents):
        if k in taken:
            continue
        f = s.folded
        if _NEGATED.search(f) or _PRESENTING.search(f):
            continue
        answer = _answer_to(sents, k)
        request = _REQUEST.search(f)
        if request and _QUESTION_WORD.search(f, max(0, request.start() - 20), min(len(f), request.end() + 25)):
            continue  # "tu fais comment pour les congés ?", "vous organisez quoi ?": a question, not a task
        if _ONGOING.search(f) or _TALK.search(f) or (_HABIT.search(f) and find_deadline(f, reference) is None):
            continue  # "Marc prépare le dossier depuis un mois", "je signe les bons tous les jours",
            # "je fais une parenthèse": under way, a habit or a way of talking, not set by this meeting
        if last_k and last_k[-1] == k - 1 and sents[k - 1].index == s.index and _AND_ALSO.match(f) \
                and len(f.split()) <= 15 and find_deadline(f, reference) is not None:
            # "La DAF me fait une note sous huitaine. Et un point complet dans un mois.": the same owner
            add(k, _AND_ALSO.match(f).end(), _task_after(s, re.match(r"\s*et\s+", f).end()), actions[-1].owner, [(k, 0)])
            continue
        labelled = _ACTION_FOR.search(f)
        if labelled:  # "Action pour Hugo : relancer l'entreprise avant la fin du mois."
            person = roster.find(labelled.group(1), fuzzy=False)
            if person is not None:
                add(k, labelled.end(), _task_after(s, labelled.end()), person.name, [(k, labelled.end())])
                continue
        if request and not re.search(r"\bqu'(?:est-ce\s+que\s+)?(?:tu|vous)\b|\bqu'en\s+penses", f):
            if answer is not None and (_DECLINE.match(sents[answer].folded)
                                       or _DECLINE_ANY.search(sents[answer].folded[:80])):
                taken.add(answer)
                continue
            owner = _vocative(s, roster, request.start()) or (sents[answer].speaker if answer is not None
                                             and _ACCEPT.match(sents[answer].folded) else None)
            places = [(k, request.start())] + ([(answer, 0)] if answer is not None else [])
            if answer is not None and (_ACCEPT.match(sents[answer].folded) or _SELF_START.match(sents[answer].folded)):
                taken.add(answer)
                taken.update(_same_turn_after(sents, answer))
            verb = re.match(r"(?:tu|vous)\s+(?:peux|pourrais|pouvez|pourriez)?\s*(?:me\s+|nous\s+|lui\s+|leur\s+|aussi\s+)*",
                            f[request.start():])
            start = request.start() + (verb.end() if verb else 0)
            add(k, request.start(), _task_after(s, start), roster.resolve(owner) if owner else None, places)
            continue
        asked = _ASK_OF.search(f)
        if asked:
            owner = _asked_owner(asked, roster)
            if owner:
                add(k, asked.end(), _task_after(s, asked.end()), owner, [(k, asked.end())])
                continue
        own = _SELF.search(f)
        if own and s.speaker and _accepts_last(sents, k, actions, last_k):
            # "Le DST prévient l'entreprise d'ici quinze jours." — "Je m'en occupe.": the same task, taken
            if actions[-1].owner is None or not actions[-1].owner.split()[-1:] == s.speaker.split()[-1:]:
                actions[-1].owner = roster.resolve(s.speaker)
            taken.update(_same_turn_after(sents, k))
            continue
        if own and s.speaker and (_SELF_START.match(f) or re.search(r"\bje\s+m'en\s+(?:charge|occupe)", f)):
            later = [j for j in _same_turn_after(sents, k) if _SELF.search(sents[j].folded)
                     and not _NEGATED.search(sents[j].folded)]
            where = later[-1] if later else k
            taken.update(_same_turn_after(sents, k))
            task = _task_after(sents[where], _SELF.search(sents[where].folded).end()) \
                if where != k or not re.search(r"m'en\s+(?:charge|occupe)|je\s+serai", f) else ""
            if not task or re.fullmatch(r"(?:avec|pour|d'ici|a)\b.*", task, flags=re.IGNORECASE):
                task = _asked_task(sents, k) or task
            add(where, 0, task, roster.resolve(s.speaker), [(where, 0), (k, 0)])
            continue
        role = _ROLE_SUBJECT.search(f)
        named = _named_subject(s, roster)
        if role or named:
            owner = named[0] if named else _capital_role(s.text[role.start(1):role.end(1)])
            if role and not named and re.match(r"(?:notre|votre)\b", role.group(1)):
                # "Inès, notre chargée de communication prépare…": the person spoken to holds the role
                owner = _vocative(s, roster, role.start(1)) or owner
            pos = named[1] if named else role.end(1)
            add(k, pos, _task_after(s, pos), owner, [(k, pos)])
            continue
        duty = _OBLIGATION.search(f)
        if duty and not f.rstrip().endswith("?"):
            nxt = _taker(sents, k)
            if nxt is not None:
                continue  # someone takes it: the action is his ("Je m'en charge, d'ici fin décembre.")
            if any(_REQUEST.search(sents[j].folded) or _ROLE_SUBJECT.search(sents[j].folded)
                   or _ASK_OF.search(sents[j].folded) or _named_subject(sents[j], roster)
                   for j in _same_turn_after(sents, k)[:1]):
                continue  # "Il faudra informer les clubs. Inès prépare un courrier…": given at once
            deadline = find_deadline(f[duty.start():], reference, next_meeting)
            if deadline is None and ("doi" in duty.group() or (chair_id is not None and s.speaker_id != chair_id)):
                continue  # a duty said in passing, without a date: not a task set by the meeting
            add(k, duty.start(), _task_after(s, duty.start()), None, [(k, duty.start())])
    return sorted(actions, key=lambda a: a.time_ms)


#: giving the floor or presenting now is not a task: "tu nous présentes ?", "je vous présente le bilan",
#: "tu nous fais le point ?"
_PRESENTING = re.compile(
    r"\b(?:nous|vous|me)\s+(?:present\w*|fai\w*\s+(?:le|un)\s+(?:petit\s+)?point|expliqu\w*|resum\w*|di[st]\b|"
    r"detaill\w*|rappel\w*|propos\w*)"
    r"|\b(?:present\w*|fai\w*\s+(?:le|un)\s+point)\s+(?:sur\s+)?(?:le|ce|du|la|les)\s+(?:point|sujet|bilan|dossier|"
    r"rapport|projet|chiffres|offres)\b(?!\s+(?:au|aux|a\s+la|devant))"
)
_HABIT = re.compile(r"\b(?:toujours|tous\s+les\s+(?:jours|ans|mois|matins|soirs)|chaque\s+(?:annee|mois|semaine|jour|fois)"
                    r"|d'habitude|habituellement|en\s+general|systematiquement|souvent|d'ordinaire)\b")
_TALK = re.compile(r"\bfai\w*\s+(?:une|1)\s+(?:petite\s+)?(?:parenthese|digression|remarque|observation|incise)"
                   r"|\blance\s+(?:juste\s+)?(?:une|1)\s+idee|\btransmet\w*\s+(?:les\s+|ses\s+)?excuses"
                   r"|\bje\s+(?:complete|precise)\s+(?:juste\s+)?(?:ce\s+que|que)\b|\bce\s+que\s+(?:tu\s+veux|vous\s+voulez)\b")
#: a second task said without its verb, right after the first: "Et un point complet dans un mois."
_AND_ALSO = re.compile(r"^\s*et\s+(?:aussi\s+)?(?:un|une|1|le|la|les|l')\s*[a-z]")
_ACTION_FOR = re.compile(r"^\s*(?:(?:et|alors|donc)\s+)?action\s+(?:pour|a)\s+([a-z][\w'-]+(?:\s+[a-z][\w'-]+)?)\s*:\s*")
_QUESTION_WORD = re.compile(r"\b(?:comment|quoi|pourquoi|combien|quand)\b")
_ONGOING = re.compile(r"\bdepuis\s+(?:un|une|deux|trois|quelques|des|le|la|l'|\d+|longtemps|hier|janvier|fevrier|mars|"
                      r"avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|lundi|mardi|mercredi|jeudi|"
                      r"vendredi)\b")
#: a refusal later in the answer: "Pour le 20, je ne peux pas, je suis en congé."
_DECLINE_ANY = re.compile(r"\bje\s+ne\s+(?:peux|pourrai|pourrais)\s+pas\b|\bje\s+n'ai\s+pas\s+le\s+temps\b"
                          r"|\bce\s+n'est\s+pas\s+(?:a\s+)?(?:nous|moi)\b")
_NEGATED = re.compile(r"\bje\s+ne\s+(?:peux|pourrai|vais|suis)\s+pas\b|\bne\s+(?:m'en|s'en)\s+(?:occupe|charge)\s+pas")


def _accepts_last(sents: list[Sentence], k: int, actions: list[Action], last_k: list[int]) -> bool:
    """"Je m'en occupe." / "Je m'en charge." said alone, right after another speaker set a task: it
    takes that task (no new action)."""
    f = sents[k].folded
    if not actions or not last_k or not re.fullmatch(
            r"\s*(?:(?:oui|d'accord|ok|entendu|bien\s+sur)\s*[,.!]?\s*)*je\s+m'en\s+(?:occupe|charge)\s*[.!]?\s*", f):
        return False
    j = last_k[-1]
    return j < k and sents[j].speaker_id != sents[k].speaker_id and sents[k].time_ms - sents[j].end_ms < 30_000 \
        and all(x.speaker_id == sents[j].speaker_id for x in sents[j:k]) \
        and not any(_OBLIGATION.search(x.folded) or _WHO.search(x.folded) or _REQUEST.search(x.folded)
                    or x.folded.rstrip().endswith("?") for x in sents[j + 1:k])  # not another task asked since


def _asked_owner(m: re.Match, roster: Roster) -> str | None:
    """Who "je demande au DRH de…" / "je charge Claire de…" names: a person, else a role."""
    words = m.group(2).strip()
    person = roster.find(words, fuzzy=False)
    if person is not None:
        return person.name
    article = {"au": "le", "a la": "la", "a l'": "l'", "aux": "les"}.get(re.sub(r"\s+", " ", m.group(1) or ""))
    if article is None:
        return None
    return _capital_role(f"{article} {words}" if article != "l'" else f"l'{words}")


def _answer_to(sents: list[Sentence], k: int) -> int | None:
    """The first sentence of the next speaker's turn, if it follows within half a minute."""
    s = sents[k]
    for j in range(k + 1, min(len(sents), k + 6)):
        if sents[j].speaker_id != s.speaker_id:
            return j if sents[j].time_ms - s.end_ms < 30_000 else None
    return None


def _same_turn_after(sents: list[Sentence], k: int) -> list[int]:
    out = []
    for j in range(k + 1, min(len(sents), k + 4)):
        if sents[j].index != sents[k].index:
            break
        out.append(j)
    return out


def _taker(sents: list[Sentence], k: int) -> int | None:
    """Someone who takes the task just set ("Émilie ?" — "Je m'en charge")."""
    for j in range(k + 1, min(len(sents), k + 4)):
        if sents[j].speaker_id != sents[k].speaker_id and _SELF.search(sents[j].folded) \
                and not _NEGATED.search(sents[j].folded):
            return j
    return None


def _asked_task(sents: list[Sentence], k: int) -> str:
    """The task a commitment answers: the question or duty said just before by someone else."""
    for j in range(k - 1, max(-1, k - 4), -1):
        if sents[j].speaker_id == sents[k].speaker_id:
            continue
        f = sents[j].folded
        for pattern in (_WHO, _OBLIGATION, _REQUEST):
            m = pattern.search(f)
            if m:
                return _task_after(sents[j], m.end() if pattern is not _OBLIGATION else m.start())
    return ""


def _vocative(s: Sentence, roster: Roster, pos: int | None = None) -> str | None:
    """The person spoken to: "Claire, tu…", "Et Thomas, tu…", "…, Émilie ?"."""
    f = s.folded
    if pos is not None:
        m = re.search(r"(?:^|[\s,.;:])([a-z][\w'-]+)\s*,?\s*$", f[:pos])
        person = roster.find(m.group(1), fuzzy=False) if m and m.group(1) not in ("et", "alors", "donc", "bon") else None
        if person:
            return person.name
    m = re.match(r"\s*(?:(?:et|alors|donc|bon)\s*,?\s*)?([a-z][\w'-]+)(?:\s*,|\s+(?=tu\b|vous\b))", f)
    if m:
        person = roster.find(m.group(1), fuzzy=False)
        if person:
            return person.name
    m = re.search(r",\s*([a-z][\w'-]+)\s*\?\s*$", f)
    if m:
        person = roster.find(m.group(1), fuzzy=False)
        if person:
            return person.name
    return None


def _named_subject(s: Sentence, roster: Roster) -> tuple[str, int] | None:
    """"Vincent rédige le cahier des charges…": a person of the meeting, then a task verb."""
    f = s.folded
    m = re.match(r"\s*(?:(?:et|alors|donc|bon|bien)\s*,?\s*)*(?:il\s+(?:faut|faudrait|faudra)\s+que\s+)?"
                 r"([a-z][\w'-]+)(?:\s+([a-z][\w'-]+))?\s+(?:" + _TASK + r")\b", f)
    if not m:
        return None
    for words in ([m.group(1), m.group(2)] if m.group(2) else [m.group(1)], [m.group(1)]):
        person = roster.find(" ".join(w for w in words if w), fuzzy=False)
        if person is not None:
            return person.name, m.end(len([w for w in words if w]))
    return None


def _capital_role(text: str) -> str:
    """"la drh" -> "la DRH" (Whisper writes acronyms in lower case)."""
    text = re.sub(r"^(Le|La|Les|L')\b", lambda m: m.group(1).lower(), text.strip())
    return re.sub(r"\b(drh|dst|dsi|dgs|dga|daf|rh|ccas)\b", lambda m: m.group(1).upper(), text, flags=re.IGNORECASE)


def _task_after(s: Sentence, pos: int) -> str:
    """The task said from ``pos`` to the deadline (or the end of the sentence)."""
    f = s.folded
    start = pos
    m = re.match(r"\s*(?:il\s+(?:faudrait|faudra|faut)\s+(?:aussi\s+|egalement\s+|donc\s+)?)?"
                 r"(?:(?:me|nous|lui|leur|vous|te|aussi|bien)\s+)*"
                 r"(?:(?:se|me|te|s'en|m'en)\s+charge(?:r|s)?\s+(?:de\s+|d')|(?:s'|m'|t')occupe(?:r|s)?\s+(?:de\s+|d'|du\s+)?"
                 r"|prend(?:s)?\s+en\s+charge\s+)?", f[start:])
    start += m.end() if m else 0
    end = len(f)
    deadline = find_deadline(f[start:], None)
    if deadline:
        end = start + deadline[2]
    for stop in (r"\s*[?,;:]\s", r"\s+pour\s+que\b", r"\s+(?:d'ici|avant|pour\s+le|au\s+plus\s+tard)\b"):
        cut = re.search(stop, f[start:end])
        if cut and cut.start() > 8:
            end = start + cut.start()
    return s.unit.original(s.start + start, s.start + end).strip(" ,;:.?!")


def _tidy(text: str, max_words: int = 60) -> str:
    text = for_display(text).strip(" ,;:.?!")
    words = text.split()
    if len(words) > max_words:
        text = " ".join(words[:max_words]) + "…"
    return text[:1].upper() + text[1:]
