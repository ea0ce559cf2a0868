"""The facts the detectors find in a transcript.

Every fact keeps the transcript time it comes from (``time_ms``), the words it was read from
(``quote``) and ``detected=True``, so a document can say "relevé automatiquement, à vérifier" and
the editor can jump to the audio. A count the text does not give stays ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(kw_only=True)
class Fact:
    time_ms: int = 0
    quote: str = ""
    detected: bool = True
    #: start of the speaker turn it was said in (ms), to tell facts of one turn
    turn_ms: int | None = None


@dataclass(kw_only=True)
class AgendaMention(Fact):
    """An agenda item opened: "point n° 3", "passons au point 4 : …", or a recording marker."""

    number: str | None = None
    title: str = ""
    #: "marker" (dropped while recording) or "speech"
    source: str = "speech"
    #: a fixed kind of section ("delegation", "questions_diverses") instead of a numbered item
    special: str | None = None
    #: said as an announcement ("nous passons au point 3", at a sentence start…)
    cue: bool = False
    #: "on commence par…", "premier point"; "dernier point"
    first: bool = False
    last: bool = False
    #: announced by its subject only ("nous passons aux tarifs de la garderie")
    by_subject: bool = False
    #: where in its turn (characters) and the folded sentence it sits in
    pos: int = 0
    sentence: str = ""


@dataclass(kw_only=True)
class ItemEvent(Fact):
    """Something that happens to an item: withdrawn ("retire"), postponed ("ajourne")…"""

    kind: str
    number: str | None = None
    note: str = ""


@dataclass(kw_only=True)
class DeliberationRef(Fact):
    """A délibération number said aloud ("délibération 2025-041", "DCM 2016-061")."""

    ident: str


@dataclass(kw_only=True)
class Pouvoir(Fact):
    """A proxy: ``mandant`` gave a pouvoir to ``mandataire`` (L2121-20)."""

    mandant: str
    mandataire: str
    #: said "avant de passer au point suivant"
    before_next: bool = False


@dataclass(kw_only=True)
class Presence(Fact):
    """A member's attendance said aloud or read from a list: "present", "excuse", "absent"."""

    name: str
    status: str


@dataclass(kw_only=True)
class Counter(Fact):
    """A count read aloud: "en_exercice", "presents", "representes", "votants", "quorum",
    "majorite_absolue"."""

    name: str
    value: int


@dataclass(kw_only=True)
class QuorumFact(Fact):
    reached: bool


@dataclass(kw_only=True)
class PersonFact(Fact):
    """A person with a part: "secretaire" (de séance), "rapporteur", "parole" (given the floor)."""

    kind: str
    name: str
    role: str = ""


@dataclass(kw_only=True)
class ClockEvent(Fact):
    """"ouverture", "levee", "suspension" or "reprise" of the séance, with the hour if said."""

    kind: str
    clock: str | None = None
    until: str | None = None


@dataclass(kw_only=True)
class Movement(Fact):
    """A member arrives ("arrivee") or leaves ("depart") during the séance."""

    kind: str
    name: str
    clock: str | None = None
    from_item: str | None = None
    #: the pouvoir a member gives as he leaves
    proxy: str | None = None
    #: a return after leaving for one item ("M. Peyre peut revenir")
    returning: bool = False
    #: "prend part au vote de ce point"
    this_item: bool = False
    #: said "avant de passer au point suivant": it belongs to the next item
    before_next: bool = False


@dataclass(kw_only=True)
class Decision(Fact):
    text: str
    speaker: str | None = None


@dataclass(kw_only=True)
class Action(Fact):
    task: str
    owner: str | None = None
    deadline_text: str | None = None
    #: ISO date when the deadline is a date
    deadline: str | None = None
    speaker: str | None = None


@dataclass(kw_only=True)
class NextMeeting(Fact):
    date: str | None = None
    clock: str | None = None


@dataclass
class Detections:
    """Everything found in one transcript, each list in time order."""

    agenda: list[AgendaMention] = field(default_factory=list)
    item_events: list[ItemEvent] = field(default_factory=list)
    deliberations: list[DeliberationRef] = field(default_factory=list)
    pouvoirs: list[Pouvoir] = field(default_factory=list)
    presences: list[Presence] = field(default_factory=list)
    counters: list[Counter] = field(default_factory=list)
    quorum: list[QuorumFact] = field(default_factory=list)
    people: list[PersonFact] = field(default_factory=list)
    clock: list[ClockEvent] = field(default_factory=list)
    movements: list[Movement] = field(default_factory=list)
    next_meeting: list[NextMeeting] = field(default_factory=list)

    def counter(self, name: str) -> int | None:
        """The first value read for a counter, None if never said."""
        for c in self.counters:
            if c.name == name:
                return c.value
        return None

    def secretaries(self) -> list[str]:
        seen: list[str] = []
        for p in self.people:
            if p.kind == "secretaire" and p.name not in seen:
                seen.append(p.name)
        return seen
