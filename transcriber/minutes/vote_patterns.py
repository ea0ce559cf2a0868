"""The vote reader's phrasings: regular expressions over folded text (lower case, accents off,
numbers as digits) for results, counts, questions and answers, names lists, the members who do
not take part, public and secret ballots and the previous PV. Used by ``vote_reader`` only."""

from __future__ import annotations

import re


_ADOPT = re.compile(r"\b(?:adoptee?s?|approuvee?s?)\b")
#: said only after a call to vote: "l'offre est retenue", "M. Roux et M. Rey sont désignés"
_KEPT = re.compile(r"\b(?:retenue?s?|validee?s?|acceptee?s?|designee?s?)\b")
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
    r"|\b(?:voter|vote|votons|procedons\s+au\s+vote|proceder\s+au\s+vote)\s+a\s+main\s+levee\b"
)
_QUESTION = re.compile(
    r"\bqui\s+(?:est|vote|votent|se\s+prononce|se\s+prononcent)\s+(pour|contre)\b"
    r"|\bqui\s+(s'abstient|s'abstiennent)\b"
    r"|\bqui\s+ne\s+prend\s+pas\s+part\b"
    r"|\b(?:y\s+a-t-il\s+des\s+|des\s+)?(abstentions|oppositions|votes\s+contre)\s*\?"
    r"|\bpas\s+d'(opposition|abstention)s?\b|\bpas\s+de\s+(?:vote|voix)\s+contre\b"
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
#: the result given with its minority: "adopté avec 3 voix contre et 1 abstention"
_WITH_MINORITY = re.compile(r"\b(?:adoptee?s?|approuvee?s?)\b[^.;!?]{0,40}?\bavec\s+(?:\d+|une?)\s+"
                            r"(?:voix\s+|votes?\s+)?(?:contre|abstentions?)\b")
#: the result given with its abstentions only: "il est approuvé, avec une abstention, Mme Jouany"
_WITH_ABST = re.compile(r"\b(?:adoptee?s?|approuvee?s?)\b[^.;!?]{0,40}?\bavec\s+(?:\d+|une?)\s+abstentions?\b")
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
