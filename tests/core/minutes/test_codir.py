"""A CODIR's decisions and actions (``codir.py``) and the deadlines of its actions
(``dates.find_deadline``), as directors talk: first names, « tu », numbers in words, refusals."""

from __future__ import annotations

import re
from datetime import date

import pytest

from transcriber.minutes.codir import read_actions, read_decisions
from transcriber.minutes.dates import find_deadline
from transcriber.minutes.people import Roster
from transcriber.minutes.sentences import sentences_between
from transcriber.minutes.text import make_unit
from transcriber.model import Word

MEETING = date(2026, 2, 10)  # a Tuesday
PEOPLE = {"S0": "Marc Delaunay", "S1": "Claire Fontanel", "S2": "Hugo Barthe", "S3": "Benoît Lesage"}


def _sents(turns, unpunctuated=False):
    units, t = [], 0
    for speaker, text in turns:
        words = []
        for tok in text.split():
            words.append(Word(t, t + 300, tok))
            t += 300 + (400 if re.search(r"[.?!:]$", tok) else 0)
        if unpunctuated:
            words = [Word(w.start_ms, w.end_ms, re.sub(r"[.,;:!?]", "", w.text).lower()) for w in words]
            words = [w for w in words if w.text]
        units.append(make_unit(words, speaker))
        t += 700
    return sentences_between(units, 0, 10**9, lambda sid: PEOPLE.get(sid, ""))


def _roster():
    roster = Roster()
    for sid, name in PEOPLE.items():
        roster.add(name, speaker_id=sid)
    return roster


def actions(turns, unpunctuated=False, next_meeting=None):
    return [(a.owner, a.deadline) for a in read_actions(_sents(turns, unpunctuated), _roster(), MEETING,
                                                          next_meeting, "S0")]


def decisions(turns, unpunctuated=False):
    return [d.text for d in read_decisions(_sents(turns, unpunctuated))]


@pytest.mark.parametrize("unpunctuated", [False, True])
@pytest.mark.parametrize("turns,expected", [
    ([("S0", "Décision : on lance le recrutement d'un agent de remplacement.")], 1),
    ([("S0", "Sur la fréquence, c'est acté : passage à la collecte tous les quinze jours.")], 1),
    ([("S0", "On valide la nouvelle grille tarifaire de la crèche.")], 1),
    ([("S0", "Le CODIR valide le principe de la récupération des heures.")], 1),
    ([("S0", "Il est décidé de limiter le télétravail à deux jours par semaine.")], 1),
    # issue 15 (codir-causse-2026-06)
    ([("S0", "On part là-dessus : on recrute deux animateurs en contrat d'engagement éducatif.")], 1),
    ([("S0", "Validé ?")], 0),
    ([("S1", "On part en congés la semaine prochaine.")], 0),
    # refused, postponed, proposed, decided before, asked: not decisions
    ([("S0", "Fermer la mairie tout le mois d'août ? Non, on ne l'acte pas.")], 0),
    ([("S0", "Sur la fermeture le lundi, on ne tranche pas aujourd'hui, on en reparle en mars.")], 0),
    ([("S1", "Je proposerais de fermer l'office le lundi.")], 0),
    ([("S1", "On avait acté ça en décembre, je crois.")], 0),
    ([("S0", "Est-ce qu'on valide ?")], 0),
    ([("S1", "Le préfet a validé la liste des bureaux.")], 0),
    ([("S0", "On ne valide pas cette option.")], 0),
    ([("S0", "Bon, on valide pas ça aujourd'hui.")], 0),
    ([("S0", "Si on valide ça, il faudra prévenir les écoles.")], 0),
    ([("S1", "Il faudra qu'on acte le calendrier avant le conseil.")], 0),
])
def test_decisions(turns, expected, unpunctuated):
    assert len(decisions(turns, unpunctuated)) == expected


@pytest.mark.parametrize("unpunctuated", [False, True])
@pytest.mark.parametrize("turns,expected", [
    # asked of someone, the deadline in the request or in the answer
    ([("S0", "Claire, tu me fais la fiche de poste pour le 20 ?"), ("S1", "Pour le 20, oui.")],
     [("Claire Fontanel", "2026-02-20")]),
    ([("S0", "Benoît, tu peux me sortir les chiffres de fréquentation par site ?"), ("S3", "Oui, pour mardi prochain.")],
     [("Benoît Lesage", "2026-02-17")]),
    # declined: no action
    ([("S0", "Tu peux aussi faire le ménage des salles ?"), ("S3", "Non, ça ce n'est pas nous, c'est le prestataire.")],
     []),
    # taken by the speaker, the task asked just before
    ([("S0", "Et qui s'occupe de la communication aux usagers ?"),
      ("S1", "Je ne peux pas m'en occuper, je suis en congé."),
      ("S2", "Moi, je m'en charge. Je vous envoie un premier projet de courrier d'ici la fin de la semaine.")],
     [("Hugo Barthe", "2026-02-13")]),
    # given to a role or a person
    ([("S0", "La DRH envoie la note sur la récupération des heures d'ici la fin du mois.")], [("la DRH", "2026-02-28")]),
    ([("S0", "Hugo rédige le cahier des charges avant le prochain CODIR.")], [("Hugo Barthe", "2026-03-03")]),
    # set without an owner: kept, never dropped
    ([("S0", "Il faudra aussi prévenir les mairies, elles vont avoir des appels.")], [(None, None)]),
    # not actions
    ([("S0", "On va relancer tout ça plus tard.")], []),
    ([("S1", "Il faut dire que le marché arrive à échéance le 30 juin.")], []),
    # a question, a task under way, a refusal later in the answer: no action
    ([("S0", "Claire, tu fais comment pour les congés d'été ?"), ("S1", "Un planning partagé, comme l'an dernier.")], []),
    ([("S0", "Vous organisez quoi pour le repas des agents ?")], []),
    ([("S1", "Marc prépare le dossier depuis un mois, il avance bien.")], []),
    ([("S0", "Claire, tu me fais la note pour le 20 ?"), ("S1", "Pour le 20, je ne peux pas, je suis en congé.")], []),
])
def test_actions(turns, expected, unpunctuated):
    assert actions(turns, unpunctuated, next_meeting=date(2026, 3, 3)) == expected


@pytest.mark.parametrize("said,expected", [
    ("pour le 20", "2026-02-20"),
    ("pour le 5", "2026-03-05"),
    ("d'ici fin janvier", "2027-01-31"),
    ("d'ici fin mars", "2026-03-31"),
    ("pour la fin du mois", "2026-02-28"),
    ("d'ici la fin de la semaine", "2026-02-13"),
    ("cette semaine", "2026-02-13"),
    ("la semaine prochaine", "2026-02-20"),
    ("pour vendredi", "2026-02-13"),
    ("pour mardi prochain", "2026-02-17"),
    ("le samedi 14", "2026-02-14"),
    ("pour le 15 mars", "2026-03-15"),
    ("au bureau du 2 mars", "2026-03-02"),
    ("en avril", "2026-04-30"),
    ("avant le prochain CODIR", "2026-03-03"),
    ("pour demain", "2026-02-11"),
    ("demain ?", "2026-02-11"),
    ("demain matin", "2026-02-11"),
    ("d'ici quinze jours", "2026-02-24"),
    ("sous huitaine", "2026-02-17"),
    ("d'ici deux semaines", "2026-02-24"),
    ("d'ici un mois", "2026-03-10"),
    ("d'ici la fin de l'année", "2026-12-31"),
    ("d'ici mi-mars", "2026-03-15"),
])
def test_deadlines_resolved_from_the_meetings_date(said, expected):
    found = find_deadline(f"il le fait {said}".lower().replace("é", "e").replace("CODIR".lower(), "codir"), MEETING,
                          date(2026, 3, 3))
    assert found is not None and found[1].isoformat() == expected


def test_no_deadline_is_invented():
    assert find_deadline("je l'envoie apres le conseil", MEETING) is None
    assert find_deadline("demain on verra", MEETING) is None
    assert find_deadline("il passe apres-demain", MEETING) is None
    assert find_deadline("debut mars sans doute", MEETING) is None
    assert find_deadline("avant le prochain codir", MEETING, None)[1] is None  # its date was never said
    said = [("S0", "Moi juste une chose : le séminaire des élus est confirmé le 28 mars à la base nautique.")]
    assert actions(said) == [] and actions(said, unpunctuated=True) == []


@pytest.mark.parametrize("said", [
    [("S0", "Claire, tu nous présentes le bilan ?"), ("S1", "Oui. Alors, sur janvier, on a neuf pour cent.")],
    [("S1", "Je vous présente le bilan de l'hiver dernier.")],
    [("S0", "Hugo, tu nous fais le point sur la collecte ?")],
])
def test_giving_the_floor_is_not_an_action(said):
    assert actions(said) == [] and actions(said, unpunctuated=True) == []


def test_validated_said_alone_is_a_decision_when_punctuated():
    # "Validé." alone ends a sentence; without punctuation "validé le budget…" cannot be told apart
    assert len(decisions([("S0", "Validé. Le budget supplémentaire inscrit la subvention de la voie verte.")])) == 1
    assert decisions([("S0", "Validé ? Je ne crois pas.")]) == []
