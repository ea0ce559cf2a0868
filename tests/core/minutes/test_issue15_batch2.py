"""Phrasings of the second batch of dev séances (2026-12-03: cc-segala-2026-03, valbrune-2026-03,
saint-martial-2026-04, codir-lavaur-2026-04) that the engine got wrong. Each is a general way
French councils say things, checked as written and lowercased without punctuation (Whisper)."""

from __future__ import annotations

import pytest

from datetime import date

from transcriber.minutes.dates import find_deadline

from .test_codir import MEETING, actions, decisions
from .test_detect_phrasings import _found
from .test_vote_reader import read


def _one(text, voters, unpunctuated):
    (vote,) = read(text, voters, unpunctuated=unpunctuated)
    return vote


@pytest.mark.parametrize("unpunctuated", [False, True])
def test_a_designation_said_after_the_questions_with_only_its_abstentions(unpunctuated):
    vote = _one("Les candidats sont M. Paul Roux et M. Hugo Rey. Qui est contre ? Personne. 3 abstentions. "
                "M. Roux et M. Rey sont désignés.", 35, unpunctuated)
    assert (vote.result, vote.pour, vote.contre, vote.abstentions, vote.npv) == ("adopté", 32, 0, 3, 0)
    assert set(vote.derived) == {"pour", "npv"}


@pytest.mark.parametrize("unpunctuated", [False, True])
def test_a_designation_by_show_of_hands_at_unanimity(unpunctuated):
    vote = _one("Je vous propose de voter à main levée. Mme Claire Dupont est désignée correspondante incendie "
                "et secours à l'unanimité.", 19, unpunctuated)
    assert (vote.result, vote.unanimous, vote.pour, vote.contre) == ("adopté", True, 19, 0)


def test_a_designation_without_any_vote_is_not_a_vote():
    assert read("Mme Claire Dupont est désignée secrétaire de séance.", 19) == []


@pytest.mark.parametrize("unpunctuated", [False, True])
def test_a_passive_result_with_its_object_before_the_count(unpunctuated):
    vote = _one("Je mets aux voix. Le marché est attribué à la société Sud Collecte par 29 voix pour, 4 contre "
                "et 2 abstentions.", 35, unpunctuated)
    assert (vote.result, vote.pour, vote.contre, vote.abstentions) == ("adopté", 29, 4, 2)


def test_another_bodys_vote_in_the_debate_is_not_a_vote():
    assert read("Au conseil départemental, le budget a été voté par 28 voix contre 6.", 35) == []


@pytest.mark.parametrize("unpunctuated", [False, True])
def test_approved_with_one_abstention_means_nobody_against(unpunctuated):
    vote = _one("Qui est contre ? Qui s'abstient ? Il est approuvé, avec une abstention, Mme Claire Dupont.",
                13, unpunctuated)
    assert (vote.pour, vote.contre, vote.abstentions, vote.npv) == (12, 0, 1, 0)
    assert vote.names["abstentions"] == ["Mme Claire Dupont"]
    assert "contre" in vote.derived and "pour" in vote.derived
    # the contre said with it: not zero (and the others voted for)
    vote = _one("Il est approuvé avec 2 voix contre et une abstention.", 13, unpunctuated)
    assert (vote.contre, vote.abstentions, vote.pour) == (2, 1, 10)


def test_ballot_figures_said_without_full_stops():
    (vote,) = read("voici le résultat votants 35 bulletins blancs ou nuls 2 suffrages exprimés 33 majorité absolue "
                   "17 mme claire dupont obtient 27 voix m paul roux 6 voix mme claire dupont est élue", 35)
    b = vote.ballot
    assert (b.votants, b.blancs_nuls, b.exprimes, b.majorite_absolue) == (35, 2, 33, 17)


@pytest.mark.parametrize("text", [
    "Pour les pouvoirs : M. Henri Lacoste a donné pouvoir à Mme Claire Vidalenc, Mme Sylvie Carles à M. Patrice "
    "Roques, et M. Yves Malbec à M. Alain Bouyssou.",
    "pour les pouvoirs monsieur henri lacoste a donné pouvoir à madame claire vidalenc madame sylvie carles à "
    "monsieur patrice roques et monsieur yves malbec à monsieur alain bouyssou",
])
def test_pouvoirs_listed_after_a_first_one_said_in_full(text):
    assert [(p.mandant, p.mandataire) for p in _found(text).pouvoirs] == [
        ("Henri Lacoste", "Claire Vidalenc"), ("Sylvie Carles", "Patrice Roques"), ("Yves Malbec", "Alain Bouyssou")]


def test_a_pouvoir_then_another_clause_is_not_a_list():
    found = _found("M. Henri Lacoste a donné pouvoir à Mme Claire Vidalenc, Mme Sylvie Carles est excusée.")
    assert [(p.mandant, p.mandataire) for p in found.pouvoirs] == [("Henri Lacoste", "Claire Vidalenc")]


@pytest.mark.parametrize("unpunctuated", [False, True])
def test_a_secret_ballot_named_only_to_be_waived_is_a_show_of_hands(unpunctuated):
    vote = _one("Si personne ne demande le scrutin secret, je vous propose de voter à main levée. Personne ? "
                "Qui est contre ? Personne. 3 abstentions. M. Roux et M. Rey sont désignés.", 35, unpunctuated)
    assert (vote.scrutin, vote.pour, vote.abstentions) == ("main levée", 32, 3)


# --- attendance heard in an appel nominal, without form -------------------------------------------

def _roll_call_meeting(unpunctuated: bool):
    from transcriber.minutes.context import build_context
    from transcriber.minutes.form import MinutesForm
    from transcriber.model import Meeting, Speaker

    from .builders import make_segments

    turns = [
        ("S0", 0, "Bonsoir à tous, on va commencer. Je fais l'appel. M. Paul Roux ?"),
        ("S1", 6, "Présent."),
        ("S0", 8, "Mme Denise Delmon ?"),
        ("S2", 11, "Elle m'a donné pouvoir."),
        ("S0", 14, "Mme Claire Dupont ?"),
        ("S2", 17, "Présente."),
        ("S0", 19, "Mme Marie Hermet est excusée. M. Thierry Lacombe, pouvoir à M. Paul Roux. M. Hugo Rey ?"),
        ("S3", 24, "Présent."),
        ("S0", 30, "Et moi-même. Nous sommes donc 4 présents sur 7, avec 2 pouvoirs, ça fait 6 votants. "
                   "Le quorum est atteint."),
        ("S0", 50, "Point numéro 1, le budget. Qui est contre ? Personne. Qui s'abstient ? Personne. Adopté."),
    ]
    if unpunctuated:
        import re
        turns = [(s, t, re.sub(r"[.,;:!?]", "", text).lower()) for s, t, text in turns]
    meeting = Meeting(title="Conseil", date="2026-04-14", kind="conseil", speakers=[
        Speaker("S0", "Françoise Lavergne", True), Speaker("S1", "Paul Roux", True),
        Speaker("S2", "Claire Dupont", True), Speaker("S3", "Hugo Rey", True)], segments=make_segments(turns))
    return build_context(meeting, MinutesForm(), "pv")


@pytest.mark.parametrize("unpunctuated", [False, True])
def test_attendance_heard_in_a_roll_call(unpunctuated):
    ctx = _roll_call_meeting(unpunctuated)
    att, counts = ctx.attendance, ctx.counts
    present = {p.split()[-1] for p in att.present}
    assert present == {"Roux", "Dupont", "Rey", "Lavergne"}  # « Et moi-même. » closes the call
    assert sorted((m.split()[-1], p.split()[-1]) for m, p in att.represented) == [
        ("Delmon", "Dupont"), ("Lacombe", "Roux")]  # « Elle m'a donné pouvoir. », « X, pouvoir à Y »
    assert [e.split()[-1] for e in att.excused] == ["Hermet"]  # not M. Rey, called after it
    assert (counts.in_office, counts.present, counts.represented, counts.voters) == (7, 4, 2, 6)  # « sur 7 »
    assert ctx.president.endswith("Lavergne")  # no « séance ouverte »: who declares the quorum


def test_a_pouvoir_count_said_wins_over_the_names_heard():
    from transcriber.minutes.context import build_context
    from transcriber.minutes.form import MinutesForm
    from transcriber.model import Meeting

    from .builders import make_segments

    meeting = Meeting(title="Conseil", date="2026-04-14", kind="conseil", segments=make_segments([
        ("S0", 0, "Je déclare la séance ouverte. M. Thierry Lacombe a donné pouvoir à M. Paul Roux. Un autre "
                  "collègue m'a confié le sien. Nous sommes 9 présents, avec 2 pouvoirs."),
        ("S0", 30, "Point numéro 1, le budget. Je mets aux voix. Adopté à l'unanimité.")]))
    counts = build_context(meeting, MinutesForm(), "pv").counts
    assert (counts.present, counts.represented, counts.voters) == (9, 2, 11)
    assert any("2 pouvoirs annoncés" in c for c in counts.checks)


# --- CODIR: owners named by their role, deadlines relative to the meeting ---------------------------

@pytest.mark.parametrize("said,expected", [
    ("avant la fin du mois prochain", date(2026, 3, 31)),  # not the end of this month
    ("d'ici la fin du trimestre", date(2026, 3, 31)),
    ("pour la fin du semestre", date(2026, 6, 30)),
])
def test_deadlines_at_the_end_of_a_period(said, expected):
    assert find_deadline(said, MEETING)[1] == expected


@pytest.mark.parametrize("unpunctuated", [False, True])
def test_a_task_asked_of_a_role_or_a_person(unpunctuated):
    assert actions([("S0", "Je demande au DRH de présenter le plan définitif au comité technique avant la fin "
                           "du mois prochain."),
                    ("S0", "Et je charge Claire de réserver la salle pour vendredi.")], unpunctuated) == [
        ("le DRH", "2026-03-31"), ("Claire Fontanel", "2026-02-13")]


@pytest.mark.parametrize("unpunctuated", [False, True])
def test_a_role_with_an_object_pronoun_and_a_role_in_apposition(unpunctuated):
    assert actions([("S0", "La directrice des finances me fait une note sur les fluides sous huitaine.")],
                   unpunctuated) == [("la directrice des finances", "2026-02-17")]
    assert actions([("S0", "Et il faudra informer les clubs. Claire, notre chargée de communication prépare un "
                           "courrier aux clubs pour lundi.")], unpunctuated) == [("Claire Fontanel", "2026-02-16")]


@pytest.mark.parametrize("unpunctuated", [False, True])
def test_taking_a_task_just_given_is_not_a_second_action(unpunctuated):
    assert actions([("S0", "Le DST prévient l'entreprise et me fait un planning révisé d'ici quinze jours."),
                    ("S2", "Je m'en occupe.")], unpunctuated) == [("Hugo Barthe", "2026-02-24")]
    # his own task, said with what it is, stays one
    assert actions([("S0", "On part là-dessus."), ("S2", "Je m'en occupe, je fais le planning pour vendredi.")],
                   unpunctuated) == [("Hugo Barthe", "2026-02-13")]


@pytest.mark.parametrize("unpunctuated", [False, True])
def test_sending_it_oneself(unpunctuated):
    assert actions([("S1", "Pour la fête, les services techniques auront besoin de la liste des scènes."),
                    ("S2", "Je vous l'envoie pour vendredi.")], unpunctuated) == [("Hugo Barthe", "2026-02-13")]


@pytest.mark.parametrize("unpunctuated", [False, True])
def test_arbitrage_is_a_decision(unpunctuated):
    assert decisions([("S0", "Arbitrage : priorité aux formations obligatoires et aux habilitations.")],
                     unpunctuated) != []


def test_taking_the_task_asked_after_another_one_is_that_task():
    assert actions([("S0", "Claire Fontanel se charge de diffuser la note pour vendredi."),
                    ("S0", "Il faudrait recenser les demandes des services."),
                    ("S2", "Je m'en charge.")]) == [("Claire Fontanel", "2026-02-13"), ("Hugo Barthe", None)]


# --- more ways of giving a result -----------------------------------------------------------------

@pytest.mark.parametrize("unpunctuated", [False, True])
@pytest.mark.parametrize("text,counts", [
    ("Je mets aux voix. Adopté avec 3 voix contre et 1 abstention.", (15, 3, 1, 0)),  # the others voted for
    ("Je mets aux voix. Pas de vote contre ? 2 abstentions. Adopté.", (17, 0, 2, 0)),  # not « contre 2 »
    ("Je mets aux voix. 18 voix pour, 1 ne prend pas part au vote. Adopté.", (18, 0, 0, 1)),
])
def test_results_said_with_their_minority(text, counts, unpunctuated):
    vote = _one(text, 19, unpunctuated)
    assert (vote.pour, vote.contre, vote.abstentions, vote.npv) == counts


def test_a_majority_with_its_contre_only_leaves_the_abstentions_unknown():
    vote = _one("Je mets aux voix. Adopté à la majorité, 3 voix contre.", 19, False)
    assert (vote.pour, vote.contre, vote.abstentions) == (None, 3, None)


@pytest.mark.parametrize("text,name,proxy", [
    ("M. Paul Roux s'absente pour ce point.", "Paul Roux", None),
    ("Départ de Mme Claire Dupont à 21h30, pouvoir à M. Hugo Rey.", "Claire Dupont", "Hugo Rey"),
    ("Mme Claire Dupont quitte la séance (procuration à M. Hugo Rey).", "Claire Dupont", "Hugo Rey"),
])
def test_departures_said_shortly(text, name, proxy):
    assert [(m.kind, m.name, m.proxy) for m in _found(text).movements] == [("depart", name, proxy)]


# --- the séance: secretary, opening, président, items without vote --------------------------------

@pytest.mark.parametrize("text,name", [
    ("Pour le secrétariat de séance, je propose Mme Claire Dupont.", "Claire Dupont"),
    ("Je vous propose de nommer M. Paul Roux secrétaire de séance.", "Paul Roux"),
    ("Claire, tu veux bien être secrétaire de séance ?", "Claire"),
])
def test_secretary_proposed(text, name):
    assert [p.name for p in _found(text).people if p.kind == "secretaire"] == [name]


def test_opening_declared_with_the_word_order_inverted():
    found = _found("Je déclare ouverte la séance du conseil municipal. Il est 20h32.")
    assert [(c.kind, c.clock) for c in found.clock] == [("ouverture", "20:32")]


def _item_kind_of(text):
    from transcriber.minutes.context import build_context
    from transcriber.minutes.form import AgendaItem, MinutesForm
    from transcriber.model import Meeting

    from .builders import make_segments

    meeting = Meeting(title="Conseil", date="2026-04-14", kind="conseil", segments=make_segments([
        ("S0", 0, "Je déclare la séance ouverte."), ("S0", 10, "Point 1, le rapport annuel. " + text),
        ("S0", 60, "La séance est levée.")]))
    ctx = build_context(meeting, MinutesForm(items=[AgendaItem("1", "Rapport annuel")]), "pv")
    return next(s for s in ctx.sections if s.number == "1").kind


@pytest.mark.parametrize("text", [
    "Ce rapport n'est pas soumis au vote.",
    "Il ne fait pas l'objet d'un vote.",
    "Le conseil municipal prend connaissance du rapport.",
])
def test_an_item_without_vote_is_a_prise_d_acte(text):
    assert _item_kind_of(text) == "prise_d_acte"


def test_without_opening_nor_quorum_the_president_is_who_puts_to_the_vote():
    from transcriber.minutes.context import build_context
    from transcriber.minutes.form import MinutesForm
    from transcriber.model import Meeting, Speaker

    from .builders import make_segments

    meeting = Meeting(title="Conseil", date="2026-04-14", kind="conseil", speakers=[
        Speaker("S0", "Paul Roux", True), Speaker("S1", "Claire Dupont", True)], segments=make_segments([
            ("S1", 0, "Bonsoir à tous."), ("S0", 5, "Bonsoir. Point 1, le budget. Claire ?"),
            ("S1", 10, "Le budget s'équilibre à 500 000 €."),
            ("S0", 30, "Je mets aux voix le budget. Adopté à l'unanimité.")]))
    assert build_context(meeting, MinutesForm(), "pv").president == "Paul Roux"


# --- CODIR: what is not a task, and tasks said otherwise --------------------------------------------

@pytest.mark.parametrize("said", [
    "Je signe les bons de commande tous les jours.",
    "Le DST prépare toujours ses plannings en avance.",
    "La DRH publie chaque année le bilan social.",
    "Claire, tu prépares toujours les conseils, tu sais comment ça marche.",
    "Je fais une parenthèse sur le budget.",
    "Je lance juste une idée : et si on mutualisait ?",
    "Je transmets les excuses de Benoît, il est en congé.",
    "Je complète juste ce que disait Marc.",
    "Tu fais ce que tu veux.",
])
def test_habits_and_ways_of_talking_are_not_tasks(said):
    assert actions([("S0", said)]) == []


def test_a_habit_word_in_a_task_with_a_deadline_keeps_it():
    assert actions([("S0", "Le DST prépare comme toujours le planning pour vendredi.")]) == [("le DST", "2026-02-13")]


@pytest.mark.parametrize("turns,expected", [
    ([("S0", "Action pour Hugo : relancer l'entreprise avant la fin du mois.")], [("Hugo Barthe", "2026-02-28")]),
    ([("S0", "Il faut que Claire envoie le courrier cette semaine.")], [("Claire Fontanel", "2026-02-13")]),
    ([("S0", "Qui prévient les écoles ?"), ("S1", "Moi, je les appelle demain.")], [("Claire Fontanel", "2026-02-11")]),
])
def test_tasks_said_otherwise(turns, expected):
    assert actions(turns) == expected


@pytest.mark.parametrize("said,expected", [  # the meeting is on Tuesday 10 February 2026
    ("avant la fin de la semaine prochaine", date(2026, 2, 20)),  # not this Friday
    ("pour jeudi en huit", date(2026, 2, 19)),                     # not this Thursday
    ("pour apres-demain", date(2026, 2, 12)),
    ("d'ici ce soir", date(2026, 2, 10)),
    ("d'ici une semaine", date(2026, 2, 17)),
    ("d'ici 10 jours", date(2026, 2, 20)),
    ("d'ici deux mois", date(2026, 4, 10)),
    ("d'ici a la fin du mois", date(2026, 2, 28)),
    ("a la fin du mois", date(2026, 2, 28)),
    ("en fin de mois", date(2026, 2, 28)),
])
def test_more_deadlines_relative_to_the_meeting(said, expected):
    assert find_deadline(said, MEETING)[1] == expected


@pytest.mark.parametrize("said", ["on est a 3/4 du budget", "aujourd'hui on a 84 inscrits", "courant mars"])
def test_no_deadline_in_these(said):
    assert find_deadline(said, MEETING) is None


# --- attendance said otherwise ------------------------------------------------------------------------

@pytest.mark.parametrize("text,mandant,mandataire", [
    ("M. Paul Roux a transmis son pouvoir à Mme Claire Dupont.", "Paul Roux", "Claire Dupont"),
    ("Mme Claire Dupont a remis une procuration à M. Paul Roux.", "Claire Dupont", "Paul Roux"),
    ("J'ai reçu un pouvoir de M. Paul Roux au profit de Mme Claire Dupont.", "Paul Roux", "Claire Dupont"),
    ("M. Paul Roux m'a confié son pouvoir.", "Paul Roux", "Anne Martin"),
])
def test_pouvoirs_said_with_other_verbs(text, mandant, mandataire):
    assert [(p.mandant, p.mandataire) for p in _found(text).pouvoirs] == [(mandant, mandataire)]


def test_absents_excuses_said_before_the_names_and_the_number_of_votants():
    found = _found("Sont absents excusés M. Paul Roux et Mme Claire Dupont.")
    assert [(p.name, p.status) for p in found.presences] == [("Paul Roux", "excuse"), ("Claire Dupont", "excuse")]
    assert {c.name: c.value for c in _found("Le nombre de votants est de 19.").counters} == {"votants": 19}


def test_a_candidate_not_in_the_roster_is_named_without_the_verb():
    (vote,) = read("Il est procédé au scrutin secret. Voici le résultat. Votants : 35. Suffrages exprimés : 35. "
                   "Mme Nadia Cerle obtient 27 voix, M. Paul Roux 8 voix. Mme Nadia Cerle est élue.", 35)
    assert [name for name, _ in vote.ballot.candidates][0].split()[-1] == "Cerle"


def test_a_candidate_misheard_is_the_member_of_that_name():
    (vote,) = read("Il est procédé au scrutin secret. Voici le résultat. Votants : 35. Suffrages exprimés : 35. "
                   "Mme Claire Dupon obtient 27 voix, M. Paul Roux 8 voix. Mme Claire Dupont est élue.", 35)
    assert vote.ballot.candidates[0] == ("Mme Claire Dupont", 27)


@pytest.mark.parametrize("text", ["Je laisse la présidence à Mme Puel, et je sors de la salle.",
                                  "Je suis intéressé, je me retire."])
def test_a_member_saying_he_leaves(text):
    assert [(m.kind, m.name) for m in _found(text).movements] == [("depart", "Anne Martin")]


def test_a_second_task_said_without_its_verb():
    assert actions([("S0", "Claire me fait une note sur les fluides sous huitaine. Et un point complet sur "
                           "l'exécution dans un mois.")]) == [
        ("Claire Fontanel", "2026-02-17"), ("Claire Fontanel", "2026-03-10")]
    # without a deadline it is the first task's detail
    assert actions([("S0", "Claire me fait une note sur les fluides sous huitaine. Et le détail par bâtiment.")]) == [
        ("Claire Fontanel", "2026-02-17")]
