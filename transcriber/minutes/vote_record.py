"""A vote once read: its counts, the names said for each way of voting, its result, and what
was deduced or does not add up. Filled by ``vote_reader``, completed by ``tally``, laid out by
the documents."""

from __future__ import annotations

from dataclasses import dataclass, field

from .ballot import Ballot
from .people import name_words

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
    #: the result names its abstentions and nothing else ("adopté avec 2 abstentions"): no contre
    abstentions_only: bool = False
    #: the result names its contre and abstentions, not its pour ("adopté avec 3 contre et 1 abstention")
    minority_said: bool = False
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


def _same(a: str, b: str) -> bool:
    wa, wb = set(name_words(a)), set(name_words(b))
    return bool(wa) and bool(wb) and (wa <= wb or wb <= wa)
