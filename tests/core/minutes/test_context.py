"""The facts of a document built from a synthetic council and CODIR (no rendering involved)."""

from __future__ import annotations

import pytest

from transcriber.minutes.context import PLACEHOLDER, build_context, condense
from transcriber.minutes.detect import detect
from transcriber.minutes.form import AgendaItem, MinutesForm, VoteForm, store_form
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
    assert ctx.secretaries == ["Paul Durand"] and ctx.secretaries_detected
    assert ("Mme Claire Petit", "M. Louis Bernard") in ctx.attendance.represented
    c = ctx.counts
    assert (c.in_office, c.present, c.represented, c.voters) == (16, 12, 2, 14)
    assert (c.quorum_required, c.quorum_reached) == (9, True)
    assert ctx.missing == []


def test_council_sections_follow_the_form_marker_and_speech(council):
    ctx = build_context(council, council_form(), "pv")
    assert [s.number for s in ctx.sections] == ["1", "2", "3", "4", None]
    one, two, three, four, diverses = ctx.sections
    assert one.start_ms == 90_000  # the recording marker
    assert two.start_ms == 180_000  # "Nous passons au point numéro deux" (sentence start)
    assert three.start_ms is None and three.withdrawn  # "le point trois est retiré" said at the opening
    assert four.start_ms == 260_000
    assert diverses.special == "questions_diverses" and diverses.title == "Questions diverses"
    assert [e.kind for e in diverses.events] == ["neant"]
    assert ctx.opening.end_ms == 90_000


def test_council_discussions_are_condensed_per_speaker_turn(council):
    ctx = build_context(council, council_form(), "pv")
    one = _section(ctx, "1")
    assert [line.speaker for line in one.lines] == ["Anne Martin", "Louis Bernard", "Henri Roux", "Anne Martin"]
    bernard = one.lines[1]
    assert bernard.start_ms == 100_000
    assert bernard.text.startswith("Merci Madame le Maire. Le budget primitif")
    assert bernard.text.endswith("[…]") and "investissements" not in bernard.text


def test_council_votes_per_item(council):
    ctx = build_context(council, council_form(), "pv")
    (v1,) = _section(ctx, "1").votes
    assert (v1.pour, v1.contre, v1.abstentions, v1.result) == (12, 2, 0, "adopté")
    assert v1.derived == ["pour"] and v1.detected  # 14 voters - 2 contre - 0 abstention
    (v2,) = _section(ctx, "2").votes
    assert (v2.pour, v2.contre, v2.abstentions, v2.derived) == (12, 2, 0, [])
    assert _section(ctx, "3").votes == []
    (v4,) = _section(ctx, "4").votes
    assert (v4.pour, v4.contre, v4.npv, v4.npv_names, v4.unanimous) == (13, 0, 1, ["Henri Roux"], True)
    assert v4.left_room == ["Henri Roux"]


def test_council_prev_pv_and_opening_votes(council):
    ctx = build_context(council, council_form(), "pv")
    assert ctx.prev_pv is not None
    assert (ctx.prev_pv.result, ctx.prev_pv.unanimous, ctx.prev_pv.subject_detail) == ("adopté", True, "12 février")
    assert [v.subject for v in ctx.opening.votes] == ["secretaire"]


def test_detected_rapporteur_deliberation_decision_and_action(council):
    ctx = build_context(council, council_form(), "pv")
    two = _section(ctx, "2")
    assert two.rapporteur == "Sophie Leroy, adjointe aux affaires scolaires" and two.rapporteur_detected
    assert two.deliberation == "2026-013" and two.deliberation_detected
    assert [d.text for d in two.decisions] == ["Il est décidé d'appliquer les nouveaux tarifs au premier septembre."]
    one = _section(ctx, "1")
    assert one.rapporteur == "M. Louis Bernard, adjoint aux finances" and not one.rapporteur_detected
    (action,) = ctx.actions
    assert (action.owner, action.task, action.deadline) == ("Julie Faure", "Transmettre le calendrier des travaux",
                                                            "2026-04-15")
    assert action.time_ms >= 290_000


def test_form_vote_wins_over_the_heard_one(council):
    form = council_form()
    form.items[0].vote = VoteForm(pour=11, contre=3, abstentions=0, result="adopté")
    (vote,) = _section(build_context(council, form, "pv"), "1").votes
    assert (vote.pour, vote.contre, vote.detected) == (11, 3, False)


def test_without_form_everything_comes_from_the_recording(council):
    ctx = build_context(council, MinutesForm(), "pv")
    assert [s.number for s in ctx.sections] == ["1", "2", "4", None]
    assert ctx.sections[1].title == "Tarifs de la cantine scolaire" and ctx.sections[1].title_detected
    a = ctx.attendance
    assert a.detected
    assert a.represented == [("Claire Petit", "Louis Bernard"), ("Jacques Noël", "Anne Martin")]
    assert a.excused == ["Isabelle Perrin"]
    assert ctx.counts.present is None and ctx.counts.quorum_reached is True  # "le quorum est atteint"
    assert ctx.counts.represented == 2
    for label in ("collectivité", "lieu", "président de séance", "membres en exercice"):
        assert label in ctx.missing
    assert ctx.collectivite == PLACEHOLDER and ctx.place == PLACEHOLDER


def test_codir_context(codir):
    ctx = build_context(codir, codir_form(), "cr")
    assert [s.title for s in ctx.sections] == ["Plan de formation 2026", "Télétravail"]
    assert [d.text for d in ctx.decisions] == [
        "Le CODIR valide le plan de formation 2026.",
        "Il est décidé de limiter le télétravail à deux jours par semaine.",
    ]
    assert [(a.task, a.owner, a.deadline_text) for a in ctx.actions] == [
        ("Diffuser la note aux agents", "Marc Girard", "20 mars"),
        ("Recenser les demandes des services", "Nadia Chevalier", None),
    ]
    assert ctx.next_meeting.date_text == "mardi 7 avril 2026" and ctx.next_meeting.detected
    assert "secrétaire de séance" not in ctx.missing  # not asked of a compte rendu
    assert ctx.opening.title == "Ouverture de la réunion"


def test_form_items_found_by_title_when_nothing_else_cuts():
    meeting = Meeting(title="Réunion", date="2026-03-12", segments=make_segments([
        ("S0", 0, "Bonjour à tous, merci d'être venus ce matin."),
        ("S0", 20, "Parlons maintenant du déménagement des archives municipales, prévu en mai."),
        ("S1", 40, "Les cartons seront livrés la semaine prochaine, tout est prêt."),
        ("S0", 60, "Ensuite la fibre optique à la médiathèque, où en est-on exactement ?"),
    ]))
    form = MinutesForm(items=[AgendaItem("1", "Déménagement des archives"),
                              AgendaItem("2", "Fibre optique médiathèque")])
    ctx = build_context(meeting, form, "cr")
    assert [s.start_ms for s in ctx.sections] == [20_000, 60_000]
    assert [len(s.lines) for s in ctx.sections] == [2, 1]


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


def test_detections_can_be_passed_in(council):
    found = detect(council)
    found.votes = []
    ctx = build_context(council, council_form(), "pv", detections=found)
    assert all(not s.votes for s in ctx.sections)


@pytest.mark.parametrize("text,expected", [
    ("Euh, alors, euh, le le budget est prêt. Deuxième phrase ici.", "Alors, le budget est prêt. Deuxième phrase ici."),
    ("Court.", "Court."),
    (" ".join(f"Mot{i}" for i in range(100)), " ".join(f"Mot{i}" for i in range(100))[:240].rsplit(" ", 1)[0] + "…"),
])
def test_condense(text, expected):
    assert condense(text) == expected


def test_speaker_names_come_from_the_meeting(council):
    from transcriber.edit import rename_speaker

    rename_speaker(council, "S2", "Henri Roux (opposition)")
    ctx = build_context(council, council_form(), "pv")
    assert "Henri Roux (opposition)" in [line.speaker for line in _section(ctx, "1").lines]


def test_unknown_kind_is_refused(council):
    with pytest.raises(ValueError):
        build_context(council, council_form(), "lettre")


def test_words_only_meeting_from_json_round_trip(council, tmp_path):
    """What the lead's real-transcript test will do: a Meeting loaded from its folder."""
    folder = MeetingFolder.create(tmp_path, "Conseil")
    store_form(council, council_form())
    folder.save(council)
    ctx = build_context(folder.load(), kind="pv")
    assert ctx.collectivite == "Commune de Saint-Exemple"
    assert [s.number for s in ctx.sections][:2] == ["1", "2"]
