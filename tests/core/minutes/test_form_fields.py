"""The form as a screen shows it (``form_fields``): text in, typed form out, without Qt."""

from __future__ import annotations

import pytest

from transcriber.errors import InputError
from transcriber.minutes import form_fields as ff
from transcriber.minutes.form import AgendaItem, MinutesForm, Representation, VoteForm, store_form
from transcriber.timefmt import short_date

from .builders import council_form


def test_names_and_pouvoirs_round_trip():
    assert ff.parse_names(" Mme A \n\nM. B ; Mme C") == ["Mme A", "M. B", "Mme C"]
    assert ff.parse_secretaries("Mme A, M. B") == ["Mme A", "M. B"]
    reps = ff.parse_pouvoirs("Mme A → M. B\nM. C donne pouvoir à Mme D\nMme E représentée par M. F\nM. G")
    assert reps == [Representation("Mme A", "M. B"), Representation("M. C", "Mme D"),
                    Representation("Mme E", "M. F"), Representation("M. G", "")]
    assert ff.parse_pouvoirs(ff.pouvoirs_text(reps)) == reps
    assert short_date("2026-03-12") == "12/03/2026" and short_date("") == ""  # what the form shows


def test_rows_keep_what_the_table_does_not_show():
    form = council_form()
    form.items[0].notes = "Exposé du rapporteur."
    form.items[0].vote = VoteForm(pour=12, npv=1, npv_names=["M. Roux"], result="adopté")
    rows = ff.agenda_rows(form)
    assert rows[0].cells()[:2] == ["1", "Budget primitif 2026"] and rows[0].pour == "12"
    rows[0].contre = "2"
    rows.append(ff.AgendaRow())  # an empty row is dropped
    items = ff.items_from_rows(rows, form.items)
    assert len(items) == 4
    assert items[0].notes == "Exposé du rapporteur."
    assert (items[0].vote.pour, items[0].vote.contre, items[0].vote.npv_names) == (12, 2, ["M. Roux"])
    assert items[1].vote is None  # nothing typed: no vote
    assert form.items[0].vote.contre is None  # the old form is not changed


def test_a_wrong_count_names_its_field():
    rows = [ff.AgendaRow("1", "Budget"), ff.AgendaRow("2", "Tarifs", pour="douze")]
    with pytest.raises(InputError, match=r"« points\[2\]\.vote\.pour »"):
        ff.items_from_rows(rows, [])
    with pytest.raises(InputError, match="adopté"):
        ff.items_from_rows([ff.AgendaRow("1", "Budget", result="peut-être")], [])


def test_checked_normalises_or_names_the_field():
    form = MinutesForm(date="12/03/2026", time="20h30", items=[AgendaItem("1", "A", vote=VoteForm(result="Adoptée"))])
    good = ff.checked(form)
    assert (good.date, good.time, good.items[0].vote.result) == ("2026-03-12", "20:30", "adopté")
    with pytest.raises(InputError, match="date"):
        ff.checked(MinutesForm(date="32/13/2026"))


def test_suggestions_only_offer_what_was_heard(council):
    heard = ff.suggestions(council)  # no form: everything comes from the recording
    assert heard.form.time == "20:30" and heard.form.end_time == "22:35"
    assert heard.form.secretaries == ["Paul Durand"]
    assert Representation("Claire Petit", "Louis Bernard") in heard.form.attendance.represented
    assert [r.number for r in heard.rows] == ["1", "2", "4"]
    assert heard.rows[0].title == "Budget primitif 2026"
    assert heard.form.collectivite == "" and "collectivité" in heard.missing
    store_form(council, council_form())  # the form has items: no agenda offered
    assert ff.suggestions(council).rows == []


def test_suggestions_survive_an_unreadable_form(council):
    council.form = {"version": 99}
    assert ff.suggestions(council).form.time == "20:30"
