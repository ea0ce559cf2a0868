"""Names heard in the recording resolved to the people of the séance: an ASR writes an unknown
surname as it sounds (« Karrié » for « Carrié »); such a name is the one known person it sounds
like, never a guess between two people, and never a new member next to the known one."""

from __future__ import annotations

import pytest

from transcriber.minutes.people import Roster, phonetic

MEMBERS = ["Mme Isabelle Carrié", "M. Olivier Laur", "Mme Line Chapuis", "M. Jérôme Ducros", "M. Nicolas Raynal",
           "Mme Emma Trémoulet", "Mme Marion Teulé", "M. Paul Martin", "Mme Claire Martine"]


def _roster() -> Roster:
    roster = Roster()
    for name in MEMBERS:
        roster.add(name)
    return roster


@pytest.mark.parametrize("heard,known", [
    ("Karrié", "Mme Isabelle Carrié"),
    ("Mme Karrié", "Mme Isabelle Carrié"),
    ("M. Lor", "M. Olivier Laur"),
    ("Line Shapuis", "Mme Line Chapuis"),
    ("M. Ducro", "M. Jérôme Ducros"),
    ("Rainal", "M. Nicolas Raynal"),
    ("Traimoulet", "Mme Emma Trémoulet"),
    ("Marion Teulai", "Mme Marion Teulé"),
])
def test_a_name_written_as_it_sounds_is_the_known_person(heard, known):
    person = _roster().find(heard)
    assert person is not None and person.name == known


@pytest.mark.parametrize("heard", [
    "Martinn",      # sounds like both M. Martin and Mme Martine: no guess between two people
    "M. Bertrand",  # nobody sounds like him
    "Lo",           # too short to tell
])
def test_no_guess(heard):
    assert _roster().find(heard) is None


def test_a_heard_name_joins_the_known_person_and_keeps_its_spelling():
    roster = _roster()
    before = len(roster.people)
    person = roster.add("Line Shapuis", heard=True)
    assert person.name == "Mme Line Chapuis" and len(roster.people) == before
    assert roster.resolve("Mme Line Shapuis") == "Mme Line Chapuis"
    # a name the secretary typed is never merged into another one
    assert roster.add("M. Olivier Lor").name == "M. Olivier Lor" and len(roster.people) == before + 1


def test_sound_keys():
    assert phonetic("Petite") == phonetic("Petit")
    assert phonetic("Dupond") == phonetic("Dupont")
    assert phonetic("Bernard") != phonetic("Bertrand")
    assert phonetic("Morel") != phonetic("Moreau")
