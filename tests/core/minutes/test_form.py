"""The minutes form: dict in Meeting.form, TOML file, the documented example, bad input."""

from __future__ import annotations

import tomllib

import pytest

from transcriber.errors import InputError
from transcriber.minutes.form import (
    EXAMPLE_FORM,
    AgendaItem,
    MinutesForm,
    VoteForm,
    form_of,
    form_to_toml,
    load_form,
    save_form,
    store_form,
)
from transcriber.model import Meeting
from transcriber.store import MeetingFolder

from .builders import council_form


def test_example_form_loads_and_documents_every_field():
    form = load_form(EXAMPLE_FORM)
    assert form.kind == "pv"
    assert form.members_in_office == 19
    assert form.attendance.represented[0].member == "Mme Claire Petit"
    assert form.attendance.represented[0].proxy == "M. Louis Bernard"
    assert form.items[1].vote.pour == 12 and form.items[1].vote.result == "adopté"
    assert form.next_meeting.time == "20:30"
    text = EXAMPLE_FORM.read_text("utf-8")
    for key in form.to_dict():
        assert f"{key} =" in text or f"[{key}]" in text or f"[[{key}]]" in text, key
    for key in form.items[1].vote.__dataclass_fields__.values():
        assert key.metadata["key"] in text


def test_toml_round_trip(tmp_path):
    form = council_form()
    form.items[0].vote = VoteForm(pour=12, contre=2, abstentions=0, result="adopté", scrutin="public",
                                  nominal=["M. A : pour", "Mme B : contre"])
    form.quorum_reached = True
    path = tmp_path / "form.toml"
    save_form(form, path)
    assert load_form(path) == form
    assert tomllib.loads(path.read_text("utf-8"))["points"][0]["vote"]["pour"] == 12


def test_meeting_form_round_trip_through_the_meeting_folder(tmp_path):
    meeting = Meeting(title="Conseil")
    store_form(meeting, council_form())
    folder = MeetingFolder.create(tmp_path, "Conseil")
    folder.save(meeting)
    assert form_of(folder.load()) == council_form()


def test_empty_form_is_valid_and_kind_follows_the_meeting():
    form = MinutesForm.from_dict({})
    assert form.items == [] and form.members_in_office is None
    assert form.resolved_kind(Meeting(title="x", kind="codir")) == "cr"
    assert form.resolved_kind(Meeting(title="x", kind="conseil")) == "pv"


def test_values_are_normalised():
    form = MinutesForm.from_dict({
        "date": "12/03/2026", "heure": "20h30", "en_exercice": "19", "quorum_atteint": "oui",
        "points": [{"numero": 3, "titre": "Budget", "vote": {"resultat": "Adoptée", "scrutin": "à main levée"}}],
    })
    assert (form.date, form.time, form.members_in_office, form.quorum_reached) == ("2026-03-12", "20:30", 19, True)
    assert form.items[0] == AgendaItem("3", "Budget", vote=VoteForm(result="adopté", scrutin="main levée"))


def test_toml_native_dates_are_accepted(tmp_path):
    path = tmp_path / "f.toml"
    path.write_text("date = 2026-03-12\nheure = 20:30:00\n", "utf-8")
    form = load_form(path)
    assert (form.date, form.time) == ("2026-03-12", "20:30")


@pytest.mark.parametrize("data,field", [
    ({"en_exercice": "trente"}, "en_exercice"),
    ({"points": [{"titre": "A", "vote": {"pour": -1}}]}, "points[1].vote.pour"),
    ({"presence": {"presents": "M. A"}}, "presence.presents"),
    ({"quorum_atteint": "peut-être"}, "quorum_atteint"),
])
def test_wrong_field_types_name_the_field(data, field):
    with pytest.raises(InputError) as err:
        MinutesForm.from_dict(data)
    assert f"« {field} »" in str(err.value)


@pytest.mark.parametrize("data,word", [
    ({"type": "rapport"}, "type"),
    ({"date": "12 mars"}, "date"),
    ({"heure": "midi"}, "heure"),
    ({"points": [{"vote": {"resultat": "peut-être"}}]}, "resultat"),
    ({"version": 99}, "version plus récente"),
])
def test_invalid_values_are_input_errors_in_french(data, word):
    with pytest.raises(InputError) as err:
        MinutesForm.from_dict(data)
    assert word in str(err.value)


def test_unreadable_form_files(tmp_path):
    with pytest.raises(InputError, match="introuvable"):
        load_form(tmp_path / "absent.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("collectivite = \"Commune\nlieu = 3", "utf-8")
    with pytest.raises(InputError, match="syntaxe TOML"):
        load_form(bad)


def test_toml_writer_escapes_quotes_and_skips_unknown_counts():
    form = MinutesForm(collectivite='Commune de "Saint" Exemple\\Nord', members_in_office=None)
    text = form_to_toml(form)
    assert "en_exercice" not in text
    assert tomllib.loads(text)["collectivite"] == 'Commune de "Saint" Exemple\\Nord'
