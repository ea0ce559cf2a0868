"""The vote reader on real-style French phrasings (MINUTES.md §5, issue 15), then completed from
the number of votants (``tally.complete``): what is read, what is deduced (and marked so), what
stays unknown. Every phrase is also checked lowercased without punctuation, as Whisper may write
it (its pauses then end the sentences)."""

from __future__ import annotations

import re

import pytest

from transcriber.minutes.people import Roster
from transcriber.minutes.sentences import sentences_between
from transcriber.minutes.tally import complete
from transcriber.minutes.text import make_unit
from transcriber.minutes.vote_reader import read_votes
from transcriber.model import Word

SPEAKER = "Anne Martin"
MEMBERS = ["Mme Anne Martin", "M. Paul Roux", "Mme Claire Dupont", "M. Louis Bernard", "Mme Sophie Leroy",
           "M. Henri Lacaze", "Mme Aurore Lagarrigue", "M. Jacques Vialelle", "M. Hugo Rey"]


def _unit(text: str, start_ms: int = 0, unpunctuated: bool = False):
    """Words of 300 ms; a sentence end is followed by a 400 ms pause (as speech is)."""
    words, t = [], start_ms
    for tok in text.split():
        words.append(Word(t, t + 300, tok))
        t += 300 + (400 if re.search(r"[.?!:]$", tok) and tok not in ("M.", "Mme.") else 0)
    if unpunctuated:
        words = [Word(w.start_ms, w.end_ms, re.sub(r"[.,;:!?()«»–]", "", w.text).lower()) for w in words]
        words = [w for w in words if w.text]
    return make_unit(words, "S0")


def read(text: str, voters: int | None = None, unpunctuated: bool = False):
    roster = Roster()
    for name in MEMBERS:
        roster.add(name)
    roster.add(SPEAKER, speaker_id="S0")
    unit = _unit(text, unpunctuated=unpunctuated)
    sents = sentences_between([unit], 0, 10**9, lambda _id: SPEAKER)
    votes = read_votes(sents, roster)
    for v in votes:
        complete(v, voters)
    return votes


# (phrase, votants, expected attributes of the single vote found; None: no vote at all)
VOTES = [
    ("Adopté par 23 voix pour, 2 contre et 1 abstention.", 26,
     dict(pour=23, contre=2, abstentions=1, npv=0, result="adopté", derived=["npv"])),
    ("Adopté à l'unanimité.", None, dict(result="adopté", unanimous=True, pour=None, contre=0)),
    # issue 15 (lestrade-2026-06): the result said in the passive, after a call to vote
    ("Je mets aux voix. Le poste est créé par 15 voix pour et 3 abstentions.", 18,
     dict(pour=15, contre=0, abstentions=3, npv=0, result="adopté")),
    ("Je mets aux voix. La garantie d'emprunt est accordée à l'unanimité.", 12,
     dict(pour=12, contre=0, result="adopté", unanimous=True)),
    ("Le poste est créé par arrêté du maire.", None, None),
    # the PV's date said in the sentence before its approval
    ("Le procès-verbal de la séance du 12 mai vous a été transmis. Je le mets aux voix. "
     "Le procès-verbal est approuvé à l'unanimité.", 17, dict(subject="pv", subject_detail="12 mai", pour=17)),
    ("Adopté à l'unanimité.", 21, dict(pour=21, contre=0, abstentions=0, npv=0,
                                      derived=["contre", "abstentions", "npv", "pour"])),
    ("Adopté à l'unanimité des suffrages exprimés (3 abstentions).", 20,
     dict(unanimous=True, contre=0, abstentions=3, pour=17)),
    ("Le procès-verbal est approuvé à l'unanimité moins une abstention, celle de Mme Dupont.", 21,
     dict(contre=0, abstentions=1, pour=20, result="adopté", subject="pv")),
    ("La délibération est adoptée à la majorité.", 22,
     dict(result="adopté", majority=True, pour=None, contre=None, abstentions=None)),
    ("Adopté à la majorité (4 voix contre).", None, dict(result="adopté", contre=4, pour=None, majority=True)),
    ("Adopté par 15 voix contre 8.", 23, dict(pour=15, contre=8, abstentions=0, result="adopté")),
    ("La motion est rejetée par 13 voix contre 4.", 17, dict(pour=4, contre=13, result="rejeté")),
    ("Adopté. Pour : 27 – Contre : 0 – Abstentions : 0.", 27, dict(pour=27, contre=0, abstentions=0, npv=0)),
    ("Exprimés : 37. Pour : 35. Contre : 2, M. Roux et Mme Dupont. Abstentions : 2. C'est adopté.", 39,
     dict(exprimes=37, pour=35, contre=2, abstentions=2)),
    ("Adopté (23 P, 2 C, 1 A).", None, dict(pour=23, contre=2, abstentions=1, result="adopté")),
    ("Adopté par dix-huit voix pour et trois abstentions.", 21,
     dict(pour=18, abstentions=3, contre=0, derived=["contre", "npv"])),
    ("Par 20 voix pour et 7 abstentions, le conseil après en avoir délibéré APPROUVE.", None,
     dict(pour=20, abstentions=7, contre=0, derived=["contre"])),
    ("Je mets aux voix. Qui est contre ? Deux. Qui s'abstient ? Trois. C'est adopté.", 17,
     dict(contre=2, abstentions=3, pour=12, npv=0, result="adopté", derived=["npv", "pour"])),
    ("Je mets aux voix. Qui est contre ? Deux. Qui s'abstient ? Trois. C'est adopté.", None,
     dict(contre=2, abstentions=3, pour=None, result="adopté")),
    ("Je mets aux voix. Pas d'opposition ? Pas d'abstention ? Adopté.", 16,
     dict(contre=0, abstentions=0, pour=16, result="adopté", unanimous=False)),
    ("Qui est pour ? Vingt-trois. Qui est contre ? Personne. Qui s'abstient ? Deux. C'est adopté.", 25,
     dict(pour=23, contre=0, abstentions=2, npv=0)),
    ("Qui est pour ? Tout le monde. Le procès-verbal est approuvé.", 17,
     dict(pour=17, unanimous=True, subject="pv")),
    ("Qui est pour ? Tout monde. Le procès-verbal est approuvé.", 17,  # the ASR dropped « le »
     dict(pour=17, unanimous=True, subject="pv")),
    ("Je mets aux voix, M. Roux et Mme Leroy ne prennent pas part au vote. Qui est contre ? "
     "Qui s'abstient ? Adopté à l'unanimité des votants.", 22,
     dict(npv=2, pour=20, contre=0, names={"npv": ["M. Paul Roux", "Mme Sophie Leroy"]})),
    ("Je ne prendrai pas part au vote. Je mets aux voix. Adopté à l'unanimité.", 10,
     dict(npv=1, pour=9, names={"npv": ["Mme Anne Martin"]})),
    ("Trois élus ne prennent pas part au vote. Adopté par 12 voix pour.", 15, dict(npv=3, pour=12, contre=0)),
    ("Abstention du groupe Agir ensemble, quatre élus. La décision est adoptée par 35 voix pour et 4 abstentions.",
     39, dict(abstentions=4, pour=35, contre=0)),
    ("Qui est contre ? Mme Dupont, M. Roux et le pouvoir de M. Rey. Qui s'abstient ? Mme Leroy. "
     "La création du poste est adoptée par 18 voix pour, 3 voix contre et 1 abstention.", 22,
     dict(names={"contre": ["Mme Claire Dupont", "M. Paul Roux", "M. Hugo Rey"], "abstentions": ["Mme Sophie Leroy"]})),
    ("Qui s'abstient ? Aurore et Jacques. Donc c'est adopté par 7 voix pour et 2 abstentions, "
     "Paul ne prenant pas part au vote.", 10,
     dict(pour=7, abstentions=2, npv=1, contre=0,
          names={"abstentions": ["Mme Aurore Lagarrigue", "M. Jacques Vialelle"], "npv": ["M. Paul Roux"]})),
    ("Qui est pour ? Claire, Paul. Deux. Donc contre : moi, Aurore. Deux partout. Ma voix est prépondérante, "
     "j'ai voté contre. La vente est donc rejetée.", 4,
     dict(pour=2, contre=2, abstentions=0, result="rejeté", casting_vote=True,
          names={"contre": ["Mme Anne Martin", "Mme Aurore Lagarrigue"]})),
    # Whisper without commas or pauses: counts said label first, a list of names without its colon
    ("je mets aux voix voici le résultat exprimés 37 pour 35 contre 2 monsieur roux et madame dupont "
     "abstentions 2 les tarifs sont adoptés", 39,
     dict(exprimes=37, pour=35, contre=2, abstentions=2, npv=0,
          names={"contre": ["M. Paul Roux", "Mme Claire Dupont"], "pour": []})),
    ("qui est pour claire paul deux donc contre moi aurore deux partout ma voix est prépondérante "
     "j'ai voté contre la vente est donc rejetée", 4,
     dict(pour=2, contre=2, abstentions=0, result="rejeté", casting_vote=True,
          names={"pour": ["Mme Claire Dupont", "M. Paul Roux"], "contre": ["Mme Anne Martin", "Mme Aurore Lagarrigue"]})),
    ("je mets aux voix donc pour moi paul a raison c'est adopté à l'unanimité", 9,
     dict(result="adopté", unanimous=True, names={"pour": []})),
    # unanimity with exceptions: the named are counted, a group is never counted 0
    ("Je mets aux voix. Adopté à l'unanimité moins deux voix.", 20,
     dict(pour=None, contre=None, abstentions=None, unanimous=True)),  # against or abstaining: not said
    ("Je mets aux voix. Adopté à l'unanimité sauf M. Roux qui vote contre.", 20,
     dict(pour=19, contre=1, abstentions=0, npv=0, names={"contre": ["M. Paul Roux"]})),
    ("Je mets aux voix. Adopté à l'unanimité, M. Roux s'abstenant.", 20,
     dict(pour=19, contre=0, abstentions=1, names={"abstentions": ["M. Paul Roux"]})),
    ("Je mets aux voix. Adopté à l'unanimité, le groupe d'opposition s'abstenant.", 20,
     dict(pour=None, contre=0, abstentions=None, unanimous=True)),
    ("Je mets aux voix. Adopté à l'unanimité des suffrages exprimés.", 20,
     dict(pour=None, contre=0, abstentions=None, unanimous=True)),
    ("Je mets aux voix. C'est adopté, avec l'abstention de Mme Leroy et de M. Roux.", 20,
     dict(pour=None, abstentions=2, names={"abstentions": ["Mme Sophie Leroy", "M. Paul Roux"]})),
    ("Je mets aux voix. Adopté à l'unanimité moins deux voix contre, celles de M. Roux et Mme Dupont.", 20,
     dict(pour=18, contre=2, abstentions=0, names={"contre": ["M. Paul Roux", "Mme Claire Dupont"]})),
    ("Je mets aux voix. La délibération est adoptée par 15 voix pour et 4 voix contre, 2 conseillers s'étant "
     "abstenus.", 21, dict(pour=15, contre=4, abstentions=2, npv=0)),
    ("Je mets aux voix. Avec 2 oppositions et 1 abstention, c'est adopté.", 20,
     dict(pour=None, contre=2, abstentions=1)),
    ("Je mets aux voix. Qui est contre ? Qui s'abstient ? C'est adopté à l'unanimité.", 20,
     dict(pour=20, contre=0, abstentions=0, npv=0)),
    ("Je mets aux voix. Égalité, 9 voix partout. Ma voix est prépondérante : je vote pour. C'est adopté.", 18,
     dict(pour=9, contre=9, abstentions=0, casting_vote=True, result="adopté")),
    ("Je mets aux voix. Pour : 12 voix. Contre : 6 voix. Abstentions : 2. Adopté.", 20,
     dict(pour=12, contre=6, abstentions=2, npv=0)),
    ("je mets aux voix pour 12 voix contre 6 voix abstentions 2 adopté", 20,
     dict(pour=12, contre=6, abstentions=2, npv=0)),
    ("Je mets aux voix. Résultat du vote : 14 voix pour, 5 voix contre, adopté.", 20,
     dict(pour=14, contre=5, abstentions=None, npv=None, result="adopté")),
    ("Je mets aux voix. Qui est contre ? 2 voix. Qui s'abstient ? 2 voix. Adopté par 16 voix.", 20,
     dict(pour=16, contre=2, abstentions=2, npv=0)),
    ("Adopté par 13 voix pour (11 présents plus 2 pouvoirs) et 4 abstentions.", 17,
     dict(pour=13, abstentions=4, contre=0)),
    ("La cession est adoptée par 30 voix pour, dont 5 pouvoirs, 6 contre et 2 abstentions.", 38,
     dict(pour=30, contre=6, abstentions=2, npv=0)),
    ("Le compte administratif est adopté par 16 voix pour et 4 abstentions, M. le Maire ayant quitté la salle.", 20,
     dict(pour=16, abstentions=4, contre=0)),
    ("Le PV de la séance du 12 mars est approuvé à l'unanimité.", None,
     dict(subject="pv", subject_detail="12 mars", result="adopté", unanimous=True)),
    ("Après en avoir délibéré, à l'unanimité, le conseil DÉCIDE.", None, dict(result="adopté", unanimous=True)),
    ("Le projet de délibération n'est pas adopté.", None, dict(result="rejeté")),
    ("Vote à bulletin secret : adopté par dix voix contre six.", None, dict(scrutin="secret", pour=10, contre=6)),
    ("Le rapport est adopté à la majorité des suffrages exprimés, 5 voix contre.", None,
     dict(result="adopté", contre=5, majority=True)),
    ("Adopté par 10 voix pour et 2 contre.", 15,
     dict(pour=10, contre=2, abstentions=None, npv=None)),  # 3 votants unaccounted for: nothing guessed
    # no vote at all: debate, numbers that are not votes, a call without a result
    ("Je ne suis pas contre ce projet, mais il faudra en reparler.", None, None),
    ("Il n'y a pas eu d'abstention.", None, None),
    ("Le budget s'élève à 23 000 euros contre 18 000 l'an dernier.", None, None),
    ("Sur les 30 logements, 12 pour les familles et 3 pour les seniors.", None, None),
    ("La hausse est de deux pour cent sur trois ans.", None, None),
    ("Le projet a été adopté l'an dernier par la communauté de communes.", None, None),
    ("Nous voterons contre ce budget.", None, None),
    ("Je n'ai pas d'opposition de principe à ce projet.", None, None),
    ("Nous étions 12 contre 15 l'an dernier à participer.", None, None),
    ("Je mets aux voix.", None, None),
    ("Le conseil prend acte de ces décisions.", None, None),
    ("Bien sûr, je ne prends pas part au vote.", None, None),
    ("Pour ma part, je m'abstiendrai.", None, None),
    # another body's vote reported in the debate
    ("Ce projet a été adopté à l'unanimité en commission des finances.", 20, None),
    ("Le projet a été approuvé par la commission par 5 voix pour et 1 contre.", 20, None),
    ("Ce rapport a été adopté en commission par 6 voix contre 2.", 20, None),
]


def _check(vote, expected):
    for key, value in expected.items():
        if key == "names":
            for k, names in value.items():
                assert vote.names[k] == names, (k, vote.names)
        elif key == "derived":
            assert sorted(vote.derived) == sorted(value), vote.derived
        else:
            assert getattr(vote, key) == value, (key, vote)


@pytest.mark.parametrize("text,voters,expected", VOTES, ids=[f"{v[0][:40]}-{v[1]}" for v in VOTES])
def test_vote_phrasings(text, voters, expected):
    votes = read(text, voters)
    if expected is None:
        assert votes == []
        return
    assert len(votes) == 1, votes
    _check(votes[0], expected)


ROBUST = [v for v in VOTES if "(" not in v[0] and ":" not in v[0]]


@pytest.mark.parametrize("text,voters,expected", ROBUST, ids=[f"{v[0][:40]}-{v[1]}" for v in ROBUST])
def test_vote_phrasings_without_punctuation_or_capitals(text, voters, expected):
    votes = read(text, voters, unpunctuated=True)
    if expected is None:
        assert votes == []
        return
    assert len(votes) == 1, votes
    _check(votes[0], {k: v for k, v in expected.items() if k not in ("subject_detail",)})


def test_counts_add_up_or_are_flagged():
    (vote,) = read("Adopté par 12 voix pour, 5 contre et 1 abstention.", 17)
    assert vote.checks and "18" in vote.checks[0] and "17" in vote.checks[0]
    assert vote.npv is None  # nothing deduced from counts that do not add up


def test_a_recount_replaces_the_first_count():
    text = ("Je mets aux voix au scrutin secret. Dépouillement. M. Paul Roux, 6 voix. Mme Claire Dupont, 4 voix. "
            "1 bulletin blanc. Ça fait 11, on recompte. Recompte. Nombre de votants : 10. 1 bulletin blanc. "
            "Suffrages exprimés : 9. Majorité absolue : 5. M. Paul Roux obtient 6 voix, Mme Claire Dupont 3 voix. "
            "M. Paul Roux est élu adjoint.")
    for unpunctuated in (False, True):
        (vote,) = read(text, 10, unpunctuated=unpunctuated)
        b = vote.ballot
        assert vote.scrutin == "secret" and vote.result == "élu"
        assert (b.votants, b.blancs_nuls, b.exprimes, b.majorite_absolue) == (10, 1, 9, 5)
        assert b.candidates == [("M. Paul Roux", 6), ("Mme Claire Dupont", 3)] and b.elected == "M. Paul Roux"
        assert vote.pour is None and not vote.checks


def test_two_votes_in_a_row_are_two_votes():
    text = ("Je mets aux voix le point 1. Adopté à l'unanimité. "
            "Je mets aux voix le point 2. Qui est contre ? Trois. Qui s'abstient ? Personne. C'est adopté.")
    votes = read(text, 20)
    assert [(v.unanimous, v.pour, v.contre) for v in votes] == [(True, 20, 0), (False, 17, 3)]


def test_vote_time_is_the_result():
    (vote,) = read("Bonsoir. Merci à tous. Je mets aux voix. Adopté à l'unanimité.")
    assert vote.time_ms == (3 * 300 + 2 * 400) + 4 * 300 + 400 + 300  # "Adopté", after 7 words and 3 pauses


def test_phrasing_count():
    """The brief asks for at least 30 phrasings; keep the table honest."""
    assert len(VOTES) >= 40 and len([v for v in VOTES if v[2] is None]) >= 10


def test_counts_after_the_result_cut_at_every_pause():
    """Whisper cuts "adopté pour 27 contre 0 abstentions 0" at its pauses, one word a sentence."""
    words, t = [], 0
    for tok in "adopté pour vingt-sept contre zéro abstentions zéro".split():
        words.append(Word(t, t + 300, tok))
        t += 300 + 500  # a pause after every word
    roster = Roster()
    roster.add(SPEAKER, speaker_id="S0")
    sents = sentences_between([make_unit(words, "S0")], 0, 10**9, lambda _id: SPEAKER)
    assert len(sents) > 3
    (vote,) = read_votes(sents, roster)
    complete(vote, 27)
    assert (vote.pour, vote.contre, vote.abstentions, vote.npv, vote.result) == (27, 0, 0, 0, "adopté")
