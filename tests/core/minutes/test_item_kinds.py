"""The kind of each item from what is said while it is examined: a debate without vote, an item
withdrawn or postponed when it comes up (no number said), a délibération."""

from __future__ import annotations

from transcriber.minutes.engine import analyse
from transcriber.minutes.form import AgendaItem, Attendance, MinutesForm
from transcriber.model import Meeting

from .builders import make_segments


def test_kinds_said_while_the_item_is_examined():
    form = MinutesForm(items=[AgendaItem("1", "Orientations budgétaires 2026"), AgendaItem("2", "Convention avec l'association"),
                              AgendaItem("3", "Tarifs du camping"), AgendaItem("4", "Voirie")],
                       attendance=Attendance(present=[f"M. {c}{c}" for c in "ABCDEFGHIJ"]))
    meeting = Meeting(title="Conseil", date="2026-03-12", kind="conseil", segments=make_segments([
        ("S0", 0, "Je déclare la séance ouverte."),
        ("S0", 20, "Point numéro un, les orientations budgétaires. Y a-t-il des remarques ? Non. Merci."),
        ("S0", 60, "Point numéro deux, la convention avec l'association. Il nous manque l'avis du trésorier, "
                   "je retire ce point de l'ordre du jour."),
        ("S0", 100, "Point numéro trois, les tarifs du camping. Les chiffres ne sont pas prêts, on reporte ce point "
                    "au mois prochain."),
        ("S0", 140, "Point numéro quatre, la voirie. Je mets aux voix. Adopté à l'unanimité.")]))
    a = analyse(meeting, form)
    assert [(f.item.number, f.kind, len(f.votes)) for f in a.items] == [
        ("1", "debat", 0), ("2", "retire", 0), ("3", "ajourne", 0), ("4", "deliberation", 1)]
