"""Real-style French phrasings (MINUTES.md §5 and more) with what the detectors must extract:
attendance, agenda, people, times, decisions and actions (votes: ``test_vote_reader.py``)."""

from __future__ import annotations

from datetime import date

import pytest

from transcriber.minutes.detect import detect_text

REF = date(2026, 3, 12)

# --- other detectors ---------------------------------------------------------------------------

def _found(text: str, **kw):
    return detect_text(text, reference=REF, speaker="S0", speaker_label=lambda _s: "Anne Martin", **kw)


@pytest.mark.parametrize("text,mandant,mandataire", [
    ("M. Xavier a donné pouvoir à Mme Yvon", "Xavier", "Yvon"),
    ("Mme Zanetti donne procuration à M. le Maire", "Zanetti", "le Maire"),
    ("M. Patrice B. représenté par Mme Stéphanie V.", "Patrice B.", "Stéphanie V."),
    ("monsieur dupont a donné pouvoir à madame durand", "Dupont", "Durand"),
    ("Pouvoir de Mme Lambert à M. Carré.", "Lambert", "Carré"),
    ("M. Bruno Bardin a le pouvoir de Mme Alice Aubry.", "Alice Aubry", "Bruno Bardin"),
    ("M. Bruno Bardin détient le pouvoir de Mme Alice Aubry.", "Alice Aubry", "Bruno Bardin"),
    ("Mme Lucie Bras ? Elle est excusée, elle a donné pouvoir à M. Roux.", "Lucie Bras", "Roux"),
])
def test_pouvoirs(text, mandant, mandataire):
    found = _found(text)
    assert [(p.mandant, p.mandataire) for p in found.pouvoirs] == [(mandant, mandataire)]


def test_excused_list_with_a_pouvoir():
    found = _found("Absents excusés : M. Aubry (pouvoir à M. Bardin), Mme Colin")
    assert [(p.mandant, p.mandataire) for p in found.pouvoirs] == [("Aubry", "Bardin")]
    assert {p.name for p in found.presences if p.status == "excuse"} == {"Aubry", "Colin"}


def test_said_absences():
    found = _found("M. Lebrun est excusé, Mme Petit est absente.")
    assert [(p.name, p.status) for p in found.presences] == [("Lebrun", "excuse"), ("Petit", "absent")]


@pytest.mark.parametrize("text,expected", [
    ("En exercice : 33 – Présents : 29 – Votants : 33", {"en_exercice": 33, "presents": 29, "votants": 33}),
    ("Présents : 16 – Procurations : 3 – Votants : 19", {"presents": 16, "representes": 3, "votants": 19}),
    ("Nous sommes vingt-neuf présents et quatre pouvoirs.", {"presents": 29, "representes": 4}),
    ("Sur les 15 conseillers en exercice, 12 sont présents et 2 sont représentés.",
     {"en_exercice": 15, "presents": 12, "representes": 2}),
    ("Nous sommes 35 conseillers communautaires présents, 5 pouvoirs.", {"presents": 35, "representes": 5}),
])
def test_counters(text, expected):
    found = _found(text)
    assert {c.name: c.value for c in found.counters} == expected


@pytest.mark.parametrize("text,reached", [
    ("Le quorum étant atteint, le conseil peut délibérer", True),
    ("Le quorum est atteint.", True),
    ("Le quorum n'est pas atteint, la séance est reportée.", False),
])
def test_quorum(text, reached):
    assert [q.reached for q in _found(text).quorum] == [reached]


@pytest.mark.parametrize("text,name", [
    ("Mme Guillet est désignée secrétaire de séance", "Guillet"),
    ("Le Maire propose le secrétariat de séance à Mme F., qui l'accepte", "F."),
    ("je vous propose de désigner Madame Lefèvre comme secrétaire de séance", "Lefèvre"),
    ("Le quorum est atteint. Mme Sylvie Rigaud a bien voulu être secrétaire de séance.", "Sylvie Rigaud"),
    ("Donc 9 présents, 10 votants. Ghislaine, tu es notre secrétaire ce soir ?", "Ghislaine"),
    ("Le secrétariat de séance sera assuré par Mme Élodie Perrot.", "Élodie Perrot"),
    ("donc neuf présents dix votants ghislaine tu es notre secrétaire ce soir", "Ghislaine"),
    ("Secrétaire de séance : M. Paul Durand", "Paul Durand"),
])
def test_secretary(text, name):
    assert _found(text).secretaries() == [name]


def test_floor_given_with_role_and_rapporteur():
    found = _found("Monsieur le Maire donne la parole à Mme Durand, adjointe aux finances. Rapporteur : M. Lussert")
    assert [(p.kind, p.name, p.role) for p in found.people] == [
        ("rapporteur", "Lussert", ""), ("parole", "Durand", "adjointe aux finances")]


@pytest.mark.parametrize("text,kind,clock,until", [
    ("Monsieur le Maire déclare la séance ouverte à 20h30", "ouverture", "20:30", None),
    ("Bon, il est 20h30, on commence. Je déclare la séance ouverte.", "ouverture", "20:30", None),
    ("La séance est levée, il est 21h40. Merci.", "levee", "21:40", None),
    ("je déclare la séance ouverte il est vingt heures trente-deux", "ouverture", "20:32", None),
    ("L'ordre du jour étant épuisé, la séance est levée à 22h35", "levee", "22:35", None),
    ("Suspension de séance de 21h10 à 21h20", "suspension", "21:10", "21:20"),
    ("La séance est levée.", "levee", None, None),
    ("La séance est close à 22h10.", "levee", "22:10", None),
    ("Je clos la séance. Il est 22h10.", "levee", "22:10", None),
    ("Je déclare la séance close à 22h05.", "levee", "22:05", None),
    ("Nous commençons la séance, il est 18h.", "ouverture", "18:00", None),
])
def test_clock_events(text, kind, clock, until):
    (event,) = _found(text).clock
    assert (event.kind, event.clock, event.until) == (kind, clock, until)


def test_arrival_counts_from_an_item():
    (move,) = _found("M. Renault arrive à 20h50 et prend part au vote à partir du point 5").movements
    assert (move.kind, move.name, move.clock, move.from_item) == ("arrivee", "Renault", "20:50", "5")


@pytest.mark.parametrize("text,kind,name,proxy", [
    ("Mme Carrié quitte la séance à 22h02 et donne pouvoir à M. Albouy.", "depart", "Carrié", "Albouy"),
    ("Monsieur le Maire, je vais devoir partir, je donne pouvoir à Thomas Albouy.", "depart", "Anne Martin",
     "Thomas Albouy"),
    ("M. Peyre, intéressé, quitte la salle et ne prend pas part au vote.", "depart", "Peyre", None),
    ("M. Laur part sans donner de pouvoir.", "depart", "Laur", None),
    ("Mme Viguier nous quitte, nous sommes 14 présents.", "depart", "Viguier", None),
    ("Bonsoir, excusez-moi pour le retard.", "arrivee", "Anne Martin", None),
    ("M. Peyre peut revenir.", "arrivee", "Peyre", None),
    ("Merci à tous. Je reprends la présidence.", "arrivee", "Anne Martin", None),
    ("Arrivée de M. Hugo Rey à 21h10. Point numéro trois.", "arrivee", "Hugo Rey", None),
    ("je note le départ de madame bras qui donne pouvoir à monsieur roux", "depart", "Bras", "Roux"),
    ("Mme Dupont s'absente pour le vote.", "depart", "Mme Dupont", None),
    ("M. Paul Roux doit partir, il donne pouvoir à Mme Claire Dupont.", "depart", "Paul Roux", "Claire Dupont"),
    ("Mme Claire Dupont est partie, elle a laissé son pouvoir à M. Rey.", "depart", "Claire Dupont", "Rey"),
    ("M. Paul Roux sort de la salle pour ce point.", "depart", "Paul Roux", None),
    ("Mme Claire Dupont nous a rejoints à 20h45.", "arrivee", "Claire Dupont", None),
    ("Mme Claire Dupont prend place à 20h50.", "arrivee", "Claire Dupont", None),
    ("M. Paul Roux rentre dans la salle.", "arrivee", "Paul Roux", None),
])
def test_movements(text, kind, name, proxy):
    (move,) = _found(text).movements
    assert (move.kind, move.name, move.proxy) == (kind, name, proxy)


@pytest.mark.parametrize("text", [
    "Sophie, je te laisse présenter, et ensuite je quitterai la salle pour le vote.",
    "M. Ortega n'est pas encore arrivé.",
    "Le marché de collecte arrive à échéance le 30 juin.",
    "Une garantie ne coûte rien tant que l'office ne fait pas défaut, ce qui n'est jamais arrivé.",
    "Le départ de Mme Dupont à la retraite est prévu en juin.",
    "Si M. Roux doit partir, il faudra un pouvoir.",
    "Le courrier est parti de la mairie hier.",
    "avant de passer au point suivant deux collègues doivent nous quitter",
    "Nous préparons le départ de M. Roux à la retraite.",
    "Depuis l'arrivée de M. Roux comme directeur, le service a changé.",
])
def test_not_movements(text):
    assert _found(text).movements == []


def test_pouvoirs_said_in_the_first_person_and_in_a_roll_call():
    assert [(p.mandant, p.mandataire) for p in _found("Mme Fanny Roustan m'a donné pouvoir.").pouvoirs] == \
        [("Fanny Roustan", "Anne Martin")]
    assert [(p.mandant, p.mandataire) for p in _found("Présente, et j'ai le pouvoir de M. Hugo Rey.").pouvoirs] == \
        [("Hugo Rey", "Anne Martin")]
    found = _found("Pouvoirs : M. Albert Raffy à M. Georges Maurel, M. Jean Viala à moi-même, et Mme Monique "
                   "Issartel à M. Pierre Bastide.")
    assert [(p.mandant, p.mandataire) for p in found.pouvoirs] == [
        ("Albert Raffy", "Georges Maurel"), ("Jean Viala", "Anne Martin"), ("Monique Issartel", "Pierre Bastide")]


def test_lists_of_names_without_commas():
    found = _found("sont présents chantal mourgues patrice bouyssou thierry alibert et moi-même")
    assert [p.name for p in found.presences] == ["Chantal Mourgues", "Patrice Bouyssou", "Thierry Alibert",
                                                 "Anne Martin"]
    found = _found("sont excusés madame carole issaly et monsieur bernard soulages")
    assert [(p.name, p.status) for p in found.presences] == [("Carole Issaly", "excuse"), ("Bernard Soulages", "excuse")]


def test_president_elected_for_one_item():
    found = _found("Il faut élire un président de séance pour le vote du compte administratif. Je vous propose "
                   "M. Henri Lacaze, notre doyen.")
    assert [(p.kind, p.name) for p in found.people if p.kind == "president"] == [("president", "Henri Lacaze")]


@pytest.mark.parametrize("text,number,title", [
    ("Nous passons au point numéro trois, le budget primitif deux mille vingt-six.", "3",
     "Budget primitif 2026"),
    ("point n° 4 : tarifs de la cantine scolaire", "4", "Tarifs de la cantine scolaire"),
    ("Deuxième point, le télétravail.", "2", "Télétravail"),
    ("Le point suivant, le quatrième, concerne les tarifs de l'eau.", "4", "Tarifs de l'eau"),
    ("Cinquième et dernier point, la convention avec le service commun.", "5", "Convention avec le service commun"),
    ("Deuxième sujet, la collecte des déchets.", "2", "Collecte des déchets"),
])
def test_agenda_items_opened(text, number, title):
    (item,) = _found(text).agenda
    assert (item.number, item.title) == (number, title)


def test_items_announced_by_their_subject_or_first():
    (item,) = _found("On passe aux tarifs de la garderie pour la rentrée.").agenda
    assert item.by_subject and "tarifs de la garderie" in item.sentence
    (item,) = _found("On commence par le point RH, l'absentéisme.").agenda
    assert item.first and item.number is None


def test_an_agenda_read_aloud_opens_no_item():
    found = _found("À l'ordre du jour ce soir : point 1, le budget ; point 2, les tarifs ; point 3, la voirie ; "
                   "point 4, les subventions ; point 5, questions diverses.")
    assert [a for a in found.agenda if a.number] == []


@pytest.mark.parametrize("text", [
    "Comme je l'ai dit au point 2, ce n'est pas possible.",
    "Le point 7 est retiré de l'ordre du jour",
    "Le point 4, la convention avec la SPL, est retiré de l'ordre du jour.",
    "Il prend part au vote à partir du point 5.",
    "Oui. Au point 4, sur la convention avec le syndicat, mon vote a été mal noté.",
    "Le point 4 ayant été retiré, on continue.",
])
def test_point_mentions_that_do_not_open_an_item(text):
    assert [a for a in _found(text).agenda if a.number] == []


def test_withdrawn_and_postponed_items():
    found = _found("Le point 7, la convention avec la SPL, est retiré de l'ordre du jour. "
                   "Le dossier est ajourné à une séance ultérieure.")
    assert [(e.kind, e.number) for e in found.item_events] == [("retire", "7"), ("ajourne", None)]


def test_questions_diverses():
    found = _found("Questions diverses : néant.")
    assert [a.special for a in found.agenda] == ["questions_diverses"]
    assert [e.kind for e in found.item_events] == ["neant"]
    assert [a.special for a in _found("Divers ? Rien ?").agenda] == ["questions_diverses"]


@pytest.mark.parametrize("text,ident", [
    ("délibération n° 2023-045", "2023-045"),
    ("DCM 2016-061", "2016-061"),
    ("délibération deux mille vingt-cinq tiret quarante et un", "2025-041"),
])
def test_deliberation_numbers(text, ident):
    assert [d.ident for d in _found(text).deliberations] == [ident]


def test_next_meeting():
    (nm,) = _found("Le prochain CODIR aura lieu le mardi 24 mars à 9 h.").next_meeting
    assert (nm.date, nm.clock) == ("2026-03-24", "09:00")


@pytest.mark.parametrize("text,name", [
    ("Je cède la présidence à M. Henri Lacaze pour ce point.", "Henri Lacaze"),
    ("Mme Sophie Garrigues, notre doyenne, prend la présidence.", "Sophie Garrigues"),
    ("Pour le compte administratif, M. Lacaze présidera la séance pendant le vote.", "M. Lacaze"),
])
def test_chair_handed_over(text, name):
    assert [p.name for p in _found(text).people if p.kind == "president"] == [name]


@pytest.mark.parametrize("text", [
    "Je reprends la présidence.",
    "M. Roux assure la présidence du comité des fêtes.",
])
def test_not_a_chair_change(text):
    assert [p.name for p in _found(text).people if p.kind == "president"] == []
