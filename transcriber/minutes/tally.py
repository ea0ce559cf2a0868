"""Counts that add up: a vote completed from the number of votants, never guessed.

:func:`complete` takes a vote as read (:mod:`.vote_reader`) and the number of votants at that
item, and fills only what follows from them: "à l'unanimité" gives pour = votants (less those
who do not take part), "Qui est contre ? Deux. Qui s'abstient ? Trois." gives pour = votants - 5,
"16 voix pour et 4 abstentions" gives contre = 0 when the votants are 20. Every count set this way
is listed in ``derived`` (the document prints « déduit »). When the counts said do not add up to
the votants, nothing is deduced and the vote gets a check (« À vérifier »).
"""

from __future__ import annotations

from .vote_record import COUNTS, VoteReading


def complete(vote: VoteReading, voters: int | None) -> None:
    if vote.ballot is not None:
        _check_ballot(vote, voters)
        return
    for key, value in vote.asked.items():
        current = getattr(vote, key)
        if current is None:
            setattr(vote, key, value)
        elif current != value:
            vote.checks.append(f"{_label(key)} : {current} dans le résultat annoncé, {value} à la question posée")
    named_npv = len(vote.names["npv"])
    if vote.npv is None and named_npv:
        vote.npv = named_npv
    if vote.result not in ("adopté", "rejeté"):
        return

    def derive(key: str, value: int) -> None:
        if getattr(vote, key) is None and value >= 0 and key not in vote.blocked:
            setattr(vote, key, value)
            vote.derived.append(key)

    if vote.everyone_for:
        derive("contre", 0)
        derive("abstentions", 0)
        derive("npv", 0)
        if voters is not None and not vote.blocked:
            derive("pour", voters - (vote.npv or 0))
        vote.unanimous = True
    if vote.unanimous and vote.result == "adopté":
        derive("contre", 0)
        derive("abstentions", 0)
        derive("npv", 0)
        if voters is not None and None not in (vote.contre, vote.abstentions, vote.npv):
            derive("pour", voters - vote.contre - vote.abstentions - vote.npv)
    if vote.abstentions_only and vote.contre is None and "contre" not in vote.asked and vote.result == "adopté":
        derive("contre", 0)
    if voters is None:
        _implicit_zero(vote)
        return
    known = {k: getattr(vote, k) for k in COUNTS}
    missing = [k for k, v in known.items() if v is None]
    said = sum(v for v in known.values() if v is not None)
    rest = voters - said
    if not missing:
        if rest != 0:
            vote.checks.append(f"Le total des voix ({said}) ne correspond pas au nombre de votants ({voters})")
        return
    if rest < 0:
        vote.checks.append(f"Le total des voix annoncées ({said}) dépasse le nombre de votants ({voters})")
        return
    if rest == 0:
        for key in missing:
            derive(key, 0)
        return
    if missing == ["pour"] or (set(missing) == {"pour", "npv"} and not vote.names["npv"]
                               and (vote.contre is not None and vote.abstentions is not None)
                               and _counted_aloud(vote)):
        if "npv" in missing:
            derive("npv", 0)
        derive("pour", rest)
        return
    if set(missing) <= {"contre", "npv"} and vote.pour is not None and vote.abstentions is not None:
        return  # "12 pour et 2 abstentions" out of 15 votants: one vote unaccounted for, leave it
    if missing == ["npv"] and vote.names["left_room"] and rest == len(vote.names["left_room"]):
        return


def _counted_aloud(vote: VoteReading) -> bool:
    """Both "qui est contre ?" and "qui s'abstient ?" were answered (or "pas d'opposition ?"); or
    one was, and the président said the other count ("Qui est contre ? Personne. 3 abstentions.");
    or the result named its abstentions only ("approuvé, avec une abstention")."""
    return ("contre" in vote.asked and "abstentions" in vote.asked) or vote.abstentions_only or vote.minority_said \
        or (bool(vote.asked) and not vote.unanswered)


def _implicit_zero(vote: VoteReading) -> None:
    """"20 voix pour et 7 abstentions": contre is 0 (implicit, marked déduit)."""
    if vote.contre is None and vote.pour is not None and vote.abstentions is not None and vote.result == "adopté":
        vote.contre = 0
        vote.derived.append("contre")


def _check_ballot(vote: VoteReading, voters: int | None) -> None:
    b = vote.ballot
    if b.exprimes is not None and b.candidates and sum(v for _, v in b.candidates) != b.exprimes:
        vote.checks.append("Les voix des candidats ne font pas le nombre de suffrages exprimés")
    if b.votants is not None and b.exprimes is not None and b.blancs_nuls is not None \
            and b.votants != b.exprimes + b.blancs_nuls:
        vote.checks.append("Votants ≠ suffrages exprimés + blancs et nuls")
    if b.votants is not None and voters is not None and b.votants != voters:
        vote.checks.append(f"{b.votants} votants au scrutin, {voters} selon les présences")


def _label(key: str) -> str:
    return {"pour": "Pour", "contre": "Contre", "abstentions": "Abstentions", "npv": "Ne prend pas part"}[key]
