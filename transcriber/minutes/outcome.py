"""Outcomes decided before rendering: the result of each vote and of each item, the counters
and the quorum, as the sentences a PV prints. The renderer lays these strings out; it decides
nothing itself."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .attendance import Counts
    from .context import Section, VoteLine

PLACEHOLDER = "[à compléter]"


def count_text(value: int | None) -> str:
    return PLACEHOLDER if value is None else str(value)


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    return f"{n} {singular if n <= 1 else (plural_form or singular + 's')}"


def counters_line(c: "Counts") -> str:
    return (
        f"Membres en exercice : {count_text(c.in_office)} – Présents : {count_text(c.present)} – "
        f"Représentés : {count_text(c.represented)} – Votants : {count_text(c.voters)}"
    )


def quorum_sentence(c: "Counts", body: str) -> str:
    detail = []
    if c.present is not None and c.in_office is not None:
        detail.append(f"{plural(c.present, 'membre présent', 'membres présents')} sur {c.in_office} en exercice")
    if c.quorum_required is not None:
        detail.append(f"quorum : {c.quorum_required}")
    detail_text = f" ({', '.join(detail)})" if detail else ""
    if c.quorum_reached is True:
        return f"Le quorum étant atteint{detail_text}, le {body} peut valablement délibérer."
    if c.quorum_reached is False:
        return (f"Le quorum n'étant pas atteint{detail_text}, le {body} ne peut pas délibérer "
                "(art. L2121-17 du CGCT).")
    return f"Quorum : {PLACEHOLDER}{detail_text}."


def vote_result_sentence(vote: "VoteLine") -> str:
    """"Adopté à l'unanimité des suffrages exprimés (1 abstention)." and the like."""
    if vote.ballot is not None:
        b = vote.ballot
        if b.elected:
            return f"{b.elected} est élu(e)."
        return f"Résultat du scrutin : {PLACEHOLDER}"
    if vote.result is None:
        return f"Résultat du vote : {PLACEHOLDER}"
    abst = f" ({plural(vote.abstentions, 'abstention')})" if vote.abstentions else ""
    casting = " (voix prépondérante du président)" if vote.casting_vote else ""
    if vote.result == "rejeté":
        return "Rejeté à l'unanimité." if vote.unanimous else f"Rejeté{abst}{casting}."
    if vote.unanimous:
        return f"Adopté à l'unanimité des suffrages exprimés{abst}."
    if vote.majority or vote.contre:
        return f"Adopté à la majorité{abst}{casting}."
    return f"Adopté{abst}{casting}."


def vote_cells(vote: "VoteLine") -> list[str]:
    """The four counts of a vote table (pour, contre, abstentions, ne prend pas part), a count
    computed from the number of votants marked « (déduit) »."""
    cells = []
    for name in ("pour", "contre", "abstentions", "npv"):
        text = count_text(getattr(vote, name))
        if name in vote.derived and getattr(vote, name) is not None:
            text += " (déduit)"
        cells.append(text)
    return cells


_LIST_LABELS = (("pour", "Pour"), ("contre", "Contre"), ("abstentions", "Abstentions"))


def vote_notes(vote: "VoteLine") -> list[str]:
    notes = []
    for key, label in _LIST_LABELS:
        if vote.names.get(key):
            notes.append(f"{label} : " + ", ".join(vote.names[key]) + ".")
    if vote.names.get("npv"):
        notes.append("Ne prend pas part au vote : " + ", ".join(vote.names["npv"]) + ".")
    if vote.names.get("left_room"):
        notes.append("A quitté la salle pendant le vote : " + ", ".join(vote.names["left_room"]) + ".")
    if vote.casting_vote:
        notes.append("Partage égal des voix : la voix du président est prépondérante (art. L2121-20 du CGCT).")
    if vote.scrutin == "public":
        nominal = getattr(vote, "nominal", [])
        if not nominal and not any(vote.names.get(k) for k, _ in _LIST_LABELS):
            notes.append("Scrutin public (art. L2121-21 du CGCT) : nom des votants et sens de leur vote : "
                         f"{PLACEHOLDER}.")
        else:
            notes.append("Scrutin public (art. L2121-21 du CGCT)." + (" " + "; ".join(nominal) + "." if nominal else ""))
    elif vote.scrutin == "secret":
        notes.append("Scrutin secret.")
        b = vote.ballot
        if b is not None:
            notes.append(ballot_line(b))
    return notes


def ballot_line(b) -> str:
    parts = [f"Votants : {count_text(b.votants)}", f"blancs et nuls : {count_text(b.blancs_nuls)}",
             f"suffrages exprimés : {count_text(b.exprimes)}", f"majorité absolue : {count_text(b.majorite_absolue)}"]
    line = " – ".join(parts) + "."
    if b.candidates:
        line += " " + "; ".join(f"{name} : {plural(n, 'voix', 'voix')}" for name, n in b.candidates) + "."
    return line


def deliberation_result(section: "Section") -> str:
    """The result of an item for the liste des délibérations."""
    if section.withdrawn:
        return "Retiré de l'ordre du jour"
    if section.postponed or any(e.kind == "ajourne" for e in section.events):
        return "Ajournée"
    if not section.votes:
        return PLACEHOLDER if section.reached else f"Non examinée ({PLACEHOLDER})"
    vote = section.votes[-1]
    if vote.ballot is not None and vote.ballot.elected:
        return f"{vote.ballot.elected} élu(e)"
    if vote.result == "adopté":
        return "Adoptée à l'unanimité" if vote.unanimous else "Adoptée"
    if vote.result == "rejeté":
        return "Non adoptée"
    return PLACEHOLDER
