"""The facts of a document built from a synthetic council and CODIR (no rendering involved):
the timeline, each item's attendance, its votes, the teneur des discussions, the checks."""

from __future__ import annotations

import re

import pytest

from transcriber.minutes.context import PLACEHOLDER, build_context
from transcriber.minutes.form import AgendaItem, MinutesForm, VoteForm, store_form
from transcriber.minutes.teneur import CUT
from transcriber.model import Marker, Meeting
from transcriber.store import MeetingFolder

from .builders import codir_form, council_form, make_segments


def _section(ctx, number):
    return next(s for s in ctx.sections if s.number == number)


def test_council_header_attendance_and_counts(council):
    ctx = build_context(council, council_form(), "pv")
    assert ctx.date_text == "jeudi 12 mars 2026"
    assert ctx.time == "20 h 30" and ctx.time_detected  # heard: "ouverte à vingt heures trente"
    assert ctx.end_time == "22 h 35" and ctx.end_time_detected
    assert ctx.secretaries == ["M. Paul Durand"] and ctx.secretaries_detected
    assert ("Mme Claire Petit", "M. Louis Bernard") in ctx.attendance.represented
    c = ctx.counts
    assert (c.in_office, c.present, c.represented, c.voters) == (16, 12, 2, 14)
    assert (c.quorum_required, c.quorum_reached) == (9, True)
    assert ctx.missing == []


def test_the_form_gives_the_order_the_recording_places_each_item(council):
    ctx = build_context(council, council_form(), "pv")
    assert [s.number for s in ctx.sections] == ["1", "2", "3", "4"]  # the form's ordre du jour
    one, two, three, four = ctx.sections
    assert one.start_ms == 90_000  # the recording marker
    assert two.start_ms == 180_000  # "Nous passons au point numéro deux" (sentence start)
    assert three.start_ms is None and three.withdrawn and three.kind == "retire"  # "le point trois est retiré"
    assert four.start_ms == 260_000
    assert ctx.opening.end_ms == 90_000


def test_each_item_has_its_own_attendance(council):
    ctx = build_context(council, council_form(), "pv")
    one, four = _section(ctx, "1"), _section(ctx, "4")
    assert (one.presence.present, one.presence.represented, one.presence.voters) == (12, 2, 14)
    # "M. Henri Roux, intéressé, quitte la salle" before the vote of point 4
    assert (four.presence.present, four.presence.voters) == (11, 13)
    assert [(m.kind, m.name, m.before_vote) for m in four.movements] == [("depart", "M. Henri Roux", True)]
    assert one.presence.president == "Mme Anne Martin, maire"


def test_council_votes_per_item(council):
    ctx = build_context(council, council_form(), "pv")
    (v1,) = _section(ctx, "1").votes
    assert (v1.pour, v1.contre, v1.abstentions, v1.npv, v1.result) == (12, 2, 0, 0, "adopté")
    assert "pour" in v1.derived and v1.detected  # 14 votants - 2 contre - 0 abstention
    (v2,) = _section(ctx, "2").votes
    assert (v2.pour, v2.contre, v2.abstentions, "pour" in v2.derived) == (12, 2, 0, False)
    assert _section(ctx, "3").votes == []
    (v4,) = _section(ctx, "4").votes
    assert (v4.pour, v4.contre, v4.abstentions, v4.unanimous) == (13, 0, 0, True)
    assert v4.names["left_room"] == [] or v4.names["left_room"] == ["M. Henri Roux"]


def test_previous_pv_is_not_a_numbered_item(council):
    ctx = build_context(council, council_form(), "pv")
    pv = ctx.previous_pv
    assert (pv.status, pv.date_text, pv.vote.result, pv.vote.unanimous) == (
        "approuvé", "jeudi 12 février 2026", "adopté", True)
    assert pv.vote.pour == 14 and "pour" in pv.vote.derived
    assert [v.subject for v in ctx.opening.votes] == ["secretaire"]
    assert all(s.title != "Approbation du procès-verbal" for s in ctx.deliberations)


def test_teneur_keeps_positions_and_figures_in_the_speakers_own_words(council):
    ctx = build_context(council, council_form(), "pv")
    one = _section(ctx, "1")
    lines = {line.speaker: line.text for line in one.lines}
    bernard = lines["Louis Bernard"]
    # every figure, every sentence word for word; only whole sentences are left out
    assert "Le budget primitif deux mille vingt-six s'équilibre à trois millions d'euros en fonctionnement." in bernard
    assert bernard.startswith(CUT)  # "Merci Madame le Maire." left out
    roux = lines["Henri Roux"]
    assert "Nous voterons contre." in roux and "nous inquiète" in roux
    said = " ".join(s.text for s in council.segments)
    for line in one.lines:
        for piece in line.text.split(CUT):
            assert piece.strip() in said  # never a word changed
    # the président's procedure (the call, the questions, the result) is not discussion
    assert not any("mets aux voix" in line.text for line in one.lines)


def test_detected_rapporteur_and_deliberation(council):
    ctx = build_context(council, council_form(), "pv")
    two = _section(ctx, "2")
    assert two.rapporteur == "Sophie Leroy, adjointe aux affaires scolaires" and two.rapporteur_detected
    assert two.deliberation == "2026-013" and two.deliberation_detected
    one = _section(ctx, "1")
    assert one.rapporteur == "M. Louis Bernard, adjoint aux finances" and not one.rapporteur_detected
    assert ctx.decisions == [] and ctx.actions == []  # a PV prints no CODIR decisions


def test_form_vote_wins_and_the_difference_is_shown(council):
    form = council_form()
    form.items[0].vote = VoteForm(pour=11, contre=3, abstentions=0, result="adopté")
    section = _section(build_context(council, form, "pv"), "1")
    (vote,) = section.votes
    assert (vote.pour, vote.contre, vote.detected) == (11, 3, False)
    assert any("contre : 3 dans le formulaire, 2 dans l'enregistrement" in c for c in section.checks)


def test_without_form_everything_comes_from_the_recording(council):
    ctx = build_context(council, MinutesForm(), "pv")
    assert [s.number for s in ctx.sections] == ["1", "2", "4", None]
    assert ctx.sections[1].title == "Tarifs de la cantine scolaire" and ctx.sections[1].title_detected
    assert ctx.sections[-1].kind == "questions_diverses"
    a = ctx.attendance
    assert a.detected
    assert a.represented == [("Claire Petit", "Louis Bernard"), ("Jacques Noël", "Anne Martin")]
    assert a.excused == ["Isabelle Perrin"]
    assert ctx.counts.present is None and ctx.counts.quorum_reached is True  # "le quorum est atteint"
    assert ctx.counts.represented == 2
    assert ctx.president == "Anne Martin"  # who opened the séance
    for label in ("collectivité", "lieu", "membres en exercice"):
        assert label in ctx.missing
    assert ctx.collectivite == PLACEHOLDER and ctx.place == PLACEHOLDER
    # présents unknown: no votants, so nothing is deduced
    (v1,) = ctx.sections[0].votes
    assert (v1.pour, v1.contre, v1.abstentions) == (None, 2, 0)


def test_codir_context(codir):
    ctx = build_context(codir, codir_form(), "cr")
    assert [s.title for s in ctx.sections] == ["Plan de formation 2026", "Télétravail"]
    assert [d.text for d in ctx.decisions] == [
        "Le CODIR valide le plan de formation 2026.",
        "Il est décidé de limiter le télétravail à deux jours par semaine.",
    ]
    assert [(a.task, a.owner, a.deadline_text) for a in ctx.actions][:1] == [
        ("Diffuser la note aux agents", "M. Marc Girard", "20 mars")]
    assert ctx.next_meeting.date_text == "mardi 7 avril 2026" and ctx.next_meeting.detected
    assert "secrétaire de séance" not in ctx.missing  # not asked of a compte rendu
    assert ctx.opening.title == "Ouverture de la réunion"
    assert all(s.presence is None for s in ctx.sections)  # no votants in a CODIR


def test_form_items_found_by_their_subject(codir):
    meeting = Meeting(title="Réunion", date="2026-03-12", segments=make_segments([
        ("S0", 0, "Bonjour à tous, merci d'être venus ce matin."),
        ("S0", 20, "Parlons maintenant du déménagement des archives municipales, prévu en mai."),
        ("S1", 40, "Les cartons seront livrés la semaine prochaine, tout est prêt."),
        ("S0", 60, "Ensuite, la fibre optique à la médiathèque, où en est-on exactement ?"),
    ]))
    form = MinutesForm(items=[AgendaItem("1", "Déménagement des archives"),
                              AgendaItem("2", "Fibre optique médiathèque")])
    ctx = build_context(meeting, form, "cr")
    assert [s.start_ms for s in ctx.sections] == [20_000, 60_000]


def test_markers_without_numbers_pair_with_form_items_in_order():
    meeting = Meeting(title="x", segments=make_segments([("S0", 0, "Premier sujet abordé ce soir ensemble."),
                                                         ("S0", 30, "Second sujet abordé ce soir ensemble.")]),
                      markers=[Marker(0, "agenda", "Sujet A"), Marker(30_000, "agenda", "Sujet B")])
    form = MinutesForm(items=[AgendaItem("1", "Voirie"), AgendaItem("2", "Écoles")])
    ctx = build_context(meeting, form, "pv")
    assert [(s.title, s.start_ms) for s in ctx.sections] == [("Voirie", 0), ("Écoles", 30_000)]


def test_empty_meeting_gives_placeholders_not_errors():
    ctx = build_context(Meeting(title="Vide"), MinutesForm(), "pv")
    assert ctx.sections == [] and ctx.verbatim == [] and ctx.actions == []
    assert ctx.date_text == PLACEHOLDER and ctx.time == PLACEHOLDER
    assert {"date de la séance", "présences", "secrétaire de séance"} <= set(ctx.missing)


def test_meeting_without_speakers_uses_unknown_speaker_labels():
    segments = make_segments([(None, 0, "Le quorum est atteint, nous pouvons commencer la séance."),
                              (None, 10, "Adopté à l'unanimité, je vous remercie de votre attention.")])
    ctx = build_context(Meeting(title="x", segments=segments), MinutesForm(), "verbatim")
    assert [t.speaker for t in ctx.verbatim] == ["Intervenant inconnu"]  # one turn: same (unknown) voice
    assert ctx.counts.quorum_reached is True


def test_verbatim_pieces_mark_low_confidence_words(council):
    ctx = build_context(council, council_form(), "verbatim")
    bernard = next(t for t in ctx.verbatim if t.speaker == "Louis Bernard")
    uncertain = [p.text for p in bernard.pieces if p.uncertain]
    assert uncertain == ["voirie."]
    assert bernard.text.endswith("l'école et la voirie.")


def test_speaker_names_come_from_the_meeting(council):
    from transcriber.edit import rename_speaker

    rename_speaker(council, "S2", "Henri Roux (opposition)")
    ctx = build_context(council, council_form(), "pv")
    assert "Henri Roux (opposition)" in [line.speaker for line in _section(ctx, "1").lines]


def test_unknown_kind_is_refused(council):
    with pytest.raises(ValueError):
        build_context(council, council_form(), "lettre")


def test_words_only_meeting_from_json_round_trip(council, tmp_path):
    folder = MeetingFolder.create(tmp_path, "Conseil")
    store_form(council, council_form())
    folder.save(council)
    ctx = build_context(folder.load(), kind="pv")
    assert ctx.collectivite == "Commune de Saint-Exemple"
    assert [s.number for s in ctx.sections][:2] == ["1", "2"]


def test_posting_date_of_the_liste_is_a_week_after_the_seance(council):
    ctx = build_context(council, council_form(), "deliberations")
    assert ctx.posting_date_text == "jeudi 19 mars 2026"
    assert [s.number for s in ctx.deliberations] == ["1", "2", "3", "4"]
    assert [s.result for s in ctx.deliberations] == ["Adoptée", "Adoptée", "Retiré de l'ordre du jour",
                                                    "Adoptée à l'unanimité"]


def test_no_guess_when_the_votants_are_not_known():
    meeting = Meeting(title="x", date="2026-03-12", segments=make_segments([
        ("S0", 0, "Point numéro un, la voirie communale."),
        ("S0", 20, "Je mets aux voix. Qui est contre ? Deux. Qui s'abstient ? Personne. C'est adopté."),
    ]))
    (vote,) = build_context(meeting, MinutesForm(), "pv").sections[0].votes
    assert (vote.pour, vote.contre, vote.abstentions) == (None, 2, 0)
    assert re.search(r"Pour", " ".join(vote.cells)) is None and vote.cells[0] == PLACEHOLDER
