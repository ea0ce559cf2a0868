"""Bad input gives a clear draft, never an exception: no agenda, an agenda of 40 items, items the
recording never reaches, an agenda read aloud, a vote counted twice, a form the recording
contradicts."""

from __future__ import annotations

import docx
import pytest

from transcriber.minutes.context import PLACEHOLDER, build_context
from transcriber.minutes.documents import write_document
from transcriber.minutes.form import AgendaItem, Attendance, MinutesForm, Representation, VoteForm
from transcriber.model import Meeting

from .builders import document_text, make_segments


def _meeting(turns, **kw) -> Meeting:
    return Meeting(title="Conseil municipal", date="2026-03-12", kind="conseil", segments=make_segments(turns), **kw)


def _render_all(meeting, form, tmp_path) -> dict[str, str]:
    out = {}
    for kind in ("pv", "deliberations", "cr", "verbatim"):
        path = write_document(meeting, tmp_path / f"{kind}.docx", kind, form)
        out[kind] = document_text(docx.Document(str(path)))
    return out


def test_no_agenda_at_all(tmp_path):
    meeting = _meeting([("S0", 0, "Bonsoir. Je déclare la séance ouverte. Nous parlons ce soir de la voirie."),
                        ("S1", 20, "Les travaux coûteront 48 000 euros."),
                        ("S0", 40, "Je mets aux voix. Qui est contre ? Personne. Qui s'abstient ? Personne. Adopté.")])
    ctx = build_context(meeting, MinutesForm(), "pv")
    assert ctx.sections == [] and ctx.opening.title == "Déroulement de la séance"
    (vote,) = ctx.opening.votes
    assert (vote.result, vote.contre, vote.abstentions) == ("adopté", 0, 0)
    texts = _render_all(meeting, MinutesForm(), tmp_path)
    assert "Déroulement de la séance" in texts["pv"] and "48 000 euros" in texts["pv"]


def test_forty_items_most_never_reached(tmp_path):
    items = [AgendaItem(str(k), f"Objet numéro {k} de la séance") for k in range(1, 41)]
    form = MinutesForm(date="2026-03-12", items=items, attendance=Attendance(present=["Mme A", "M. B", "Mme C"]))
    meeting = _meeting([("S0", 0, "Je déclare la séance ouverte."),
                        ("S0", 20, "Nous passons au point numéro trois. Je mets aux voix. Adopté à l'unanimité."),
                        ("S0", 60, "Nous passons au point numéro trente-neuf. Qui est contre ? Un. C'est adopté.")])
    ctx = build_context(meeting, form, "pv")
    assert len(ctx.sections) == 40 and [s.number for s in ctx.sections] == [str(k) for k in range(1, 41)]
    reached = [s.number for s in ctx.sections if s.reached]
    assert reached == ["3", "39"]
    assert ctx.sections[2].votes[0].pour == 3
    # "Qui est contre ? Un." and no word of the abstentions: pour cannot be known
    assert (ctx.sections[38].votes[0].contre, ctx.sections[38].votes[0].pour) == (1, None)
    texts = _render_all(meeting, form, tmp_path)
    assert texts["pv"].count(f"L'enregistrement n'atteint pas ce point : {PLACEHOLDER}") == 38
    assert texts["deliberations"].count(f"Non examinée ({PLACEHOLDER})") == 38


def test_an_agenda_read_aloud_is_not_a_sequence_of_items():
    form = MinutesForm(items=[AgendaItem("1", "Budget primitif"), AgendaItem("2", "Tarifs"),
                              AgendaItem("3", "Voirie"), AgendaItem("4", "Subventions"),
                              AgendaItem("5", "Questions diverses")])
    meeting = _meeting([
        ("S0", 0, "Je déclare la séance ouverte. Ce soir, point 1, le budget primitif ; point 2, les tarifs ; "
                  "point 3, la voirie ; point 4, les subventions ; point 5, questions diverses."),
        ("S0", 40, "Nous passons au point 1, le budget primitif. Je mets aux voix. Adopté à l'unanimité."),
        ("S0", 80, "Point numéro deux, les tarifs. Adopté à l'unanimité."),
        ("S0", 120, "Point 3, la voirie. Adopté à l'unanimité."),
        ("S0", 160, "Point 4, les subventions. Adopté à l'unanimité."),
        ("S0", 200, "Questions diverses. Personne ? La séance est levée."),
    ])
    ctx = build_context(meeting, form, "pv")
    assert [s.start_ms for s in ctx.sections] == [40_000, 80_000, 120_000, 160_000, 200_000]
    assert [len(s.votes) for s in ctx.sections] == [1, 1, 1, 1, 0]


def test_a_recount_keeps_the_last_count():
    form = MinutesForm(items=[AgendaItem("1", "Voirie")], attendance=Attendance(present=[f"M. {c}" for c in "ABCDEFGHIJ"]))
    meeting = _meeting([
        ("S0", 0, "Point numéro un, la voirie."),
        ("S0", 20, "Je mets aux voix. Qui est contre ? Trois. Attendez, je recompte. Qui est contre ? Quatre. "
                   "Qui s'abstient ? Personne. C'est adopté."),
    ])
    (vote,) = build_context(meeting, form, "pv").sections[0].votes
    assert (vote.pour, vote.contre, vote.abstentions) == (6, 4, 0)


@pytest.mark.parametrize("said,counts,first", [
    (["Je mets aux voix. C'est adopté par 15 voix pour et 5 contre.",
      "Attendez, on recompte. Qui est contre ? Quatre. Qui s'abstient ? Une. "
      "Adopté par 15 voix pour, 4 contre et 1 abstention."], (15, 4, 1, 0), "(15 pour, 5 contre)"),
    (["Je mets aux voix. Adopté à l'unanimité.",
      "Pardon, je reprends le vote. Qui s'abstient ? Un. Qui est contre ? Personne. C'est adopté."],
     (19, 0, 1, 0), "(à l'unanimité)"),
])
def test_a_vote_heard_twice_is_one_vote_with_its_recount_shown(said, counts, first, tmp_path):
    form = MinutesForm(date="2026-03-12", items=[AgendaItem("1", "Voirie"), AgendaItem("2", "Tarifs")],
                       attendance=Attendance(present=[f"M. {c}{c}" for c in "ABCDEFGHIJKLMNOPQRST"]))
    meeting = _meeting([("S0", 0, "Point numéro un, la voirie."), ("S0", 20, said[0]),
                        ("S1", 40, "Non, ce n'est pas ce que j'ai vu."), ("S0", 50, said[1]),
                        ("S0", 90, "Point numéro deux, les tarifs. Je mets aux voix. Adopté à l'unanimité.")])
    sections = build_context(meeting, form, "pv").sections
    (vote,) = sections[0].votes
    assert (vote.pour, vote.contre, vote.abstentions, vote.npv) == counts
    check = f"Vote recompté : premier décompte annoncé {first}, remplacé par le second"
    assert check in vote.checks
    assert [(v.pour, v.checks) for v in sections[1].votes] == [(20, [])]
    pv = _render_all(meeting, form, tmp_path)["pv"]
    assert f"À vérifier : {check}" in pv
    assert pv.count("Ne prend pas part") == 2  # one vote table per item


def test_a_count_said_in_the_room_wins_over_the_movements_heard(tmp_path):
    """A departure the recording missed: the président's « 11 présents et 13 votants » is printed and
    the vote is deduced from it, the difference shown « À vérifier »; later items keep it."""
    form = MinutesForm(date="2026-03-12", items=[AgendaItem("1", "Tarifs"), AgendaItem("2", "Voirie"),
                                                  AgendaItem("3", "Subventions")],
                       attendance=Attendance(present=[f"M. {c}{c}" for c in "ABCDEFGHIJKL"],
                                             represented=[Representation("Mme Dupont", "M. AA"),
                                                          Representation("Mme Durand", "M. BB")]))
    meeting = _meeting([("S0", 0, "Je déclare la séance ouverte."),
                        ("S0", 20, "Point numéro un, les tarifs. Je mets aux voix. Adopté à l'unanimité."),
                        ("S0", 60, "Point numéro deux, la voirie. Nous ne sommes plus que 11 présents et 13 votants. "
                                   "Je mets aux voix. Adopté à l'unanimité."),
                        ("S0", 100, "Point numéro trois, les subventions. Je mets aux voix. Adopté à l'unanimité.")])
    sections = build_context(meeting, form, "pv").sections
    assert [(s.votes[0].pour, s.votes[0].contre) for s in sections] == [(14, 0), (13, 0), (13, 0)]
    pv = _render_all(meeting, form, tmp_path)["pv"]
    assert "À vérifier : 11 présents annoncés en séance, 12 selon les présences" in pv


def test_a_form_the_recording_contradicts(tmp_path):
    form = MinutesForm(date="2026-03-12", items=[AgendaItem("1", "Voirie", vote=VoteForm(pour=8, contre=2, result="adopté"))],
                       attendance=Attendance(present=[f"M. {c}" for c in "ABCDEFGHIJ"]))
    meeting = _meeting([("S0", 0, "Point numéro un, la voirie."),
                        ("S0", 20, "Je mets aux voix. Adopté par 7 voix pour et 3 contre.")])
    section = build_context(meeting, form, "pv").sections[0]
    assert (section.votes[0].pour, section.votes[0].contre) == (8, 2)  # the form wins
    assert section.checks == ["pour : 8 dans le formulaire, 7 dans l'enregistrement",
                              "contre : 2 dans le formulaire, 3 dans l'enregistrement"]
    pv = _render_all(meeting, form, tmp_path)["pv"]
    assert "À vérifier : pour : 8 dans le formulaire, 7 dans l'enregistrement." in pv


@pytest.mark.parametrize("turns", [
    [],
    [("S0", 0, "")],
    [("S0", 0, "Point numéro 99. Qui est contre ? Qui s'abstient ? C'est rejeté par 0 voix contre 0.")],
    [("S0", 0, "Adopté. Adopté. Adopté à l'unanimité moins 3 abstentions.")],
])
def test_odd_transcripts_never_raise(turns, tmp_path):
    turns = [t for t in turns if t[2]]
    meeting = _meeting(turns)
    for form in (MinutesForm(), MinutesForm(items=[AgendaItem("1", "A")], attendance=Attendance(present=["M. A"]))):
        texts = _render_all(meeting, form, tmp_path)
        assert "Procès-verbal de la séance" in texts["pv"] and "Verbatim" in texts["verbatim"]
