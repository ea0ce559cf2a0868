"""Phrasings of the séances added on 2026-12-03 (lestrade-2026-06, codir-causse-2026-06) that
the engine got wrong: an item said to be « une simple information » that also says « il n'y a
pas de vote »; a departure announced « avant de passer au point suivant » in a turn of its own,
after the member said he had to leave, with the next item announced in the next turn."""

from __future__ import annotations

from transcriber.minutes.context import build_context
from transcriber.minutes.form import AgendaItem, Attendance, MinutesForm
from transcriber.model import Meeting

from .builders import make_segments


def _section(ctx, number):
    return next(s for s in ctx.sections if s.number == number)


def _form():
    return MinutesForm(items=[AgendaItem("1", "Rapport d'activité de la communauté de communes"),
                              AgendaItem("2", "Rapport sur l'eau"), AgendaItem("3", "Motion pour la poste")],
                       attendance=Attendance(present=["M. Jean Cabrol", "M. Serge Rouquette", "M. Laurent Fabre"]
                                             + [f"M. {c}{c}" for c in "ABCDEFG"]))


def _meeting():
    return Meeting(title="Conseil", date="2026-06-23", kind="conseil", segments=make_segments([
        ("S0", 0, "Je déclare la séance ouverte. Nous sommes 10 présents, le quorum étant atteint."),
        ("S0", 20, "Point 1, le rapport d'activité de la communauté de communes. Il vous a été envoyé. "
                   "Ce point est une simple information, il n'y a pas de vote."),
        ("S0", 60, "Point 2, le rapport sur l'eau. Ce rapport ne fait pas l'objet d'un vote, il n'y a pas de vote. "
                   "Le conseil prend acte de sa présentation."),
        ("S1", 100, "Monsieur le Maire, je vais devoir vous quitter."),
        ("S0", 110, "Avant de passer au point suivant, M. Serge Rouquette nous quitte et donne procuration "
                    "à M. Laurent Fabre. Nous sommes 9 présents et 10 votants."),
        ("S0", 125, "Point 3, la motion pour la poste. Je mets aux voix. La motion est adoptée à l'unanimité.")]))


def test_an_item_said_to_be_a_simple_information_is_not_a_prise_d_acte():
    ctx = build_context(_meeting(), _form(), "pv")
    assert _section(ctx, "1").kind == "information"
    assert _section(ctx, "2").kind == "prise_d_acte"  # « prend acte » wins over « pas de vote »


def test_a_departure_announced_before_the_next_item_in_its_own_turn_belongs_to_the_next_item():
    ctx = build_context(_meeting(), _form(), "pv")
    two, three = _section(ctx, "2"), _section(ctx, "3")
    assert two.movements == []
    assert [(m.kind, m.name, m.proxy, m.before_vote) for m in three.movements] == [
        ("depart", "M. Serge Rouquette", "M. Laurent Fabre", True)]
    # the item before keeps the attendance it had (the count said in that turn is the next item's)
    assert (two.presence.present, two.presence.represented, two.presence.voters) == (10, 0, 10)
    assert (three.presence.present, three.presence.represented, three.presence.voters) == (9, 1, 10)


def test_the_hour_said_in_the_first_turn_is_the_opening_time_without_seance_ouverte():
    meeting = Meeting(title="Conseil", date="2026-06-23", kind="conseil", segments=make_segments([
        ("S0", 0, "Mesdames, messieurs, bonsoir. Il est 20h35. Pour les pouvoirs : M. Henri Costes a donné "
                  "procuration à M. Jean Cabrol. Le quorum étant atteint, le conseil peut valablement délibérer."),
        ("S0", 30, "Point 1, le rapport d'activité de la communauté de communes. Il est 21h, je vous propose "
                   "d'aller vite."),
        ("S0", 60, "La séance est levée.")]))
    ctx = build_context(meeting, _form(), "pv")
    assert ctx.time == "20 h 35" and ctx.time_detected
    # an hour said later in the séance is not its opening
    late = Meeting(title="Conseil", date="2026-06-23", kind="conseil", segments=make_segments([
        ("S0", 0, "Bonsoir à toutes et à tous. M. Henri Costes a donné procuration à M. Jean Cabrol. "
                  "Le quorum étant atteint, le conseil peut valablement délibérer."),
        ("S0", 30, "Point 1, le rapport d'activité. Il est 21h, je vous propose d'aller vite.")]))
    assert not build_context(late, _form(), "pv").time_detected


def test_a_member_answers_who_is_against_in_his_own_turn():
    from transcriber.model import Speaker
    form = MinutesForm(items=[AgendaItem("1", "Décision modificative")],
                       attendance=Attendance(present=["M. Jean Cabrol", "M. Frédéric Albouy", "Mme Éliane Bastide"]
                                             + [f"M. {c}{c}" for c in "ABCDEFG"]))
    form.attendance.represented = []
    meeting = Meeting(title="Conseil", date="2026-06-23", kind="conseil", speakers=[
        Speaker("S0", "M. Jean Cabrol", True), Speaker("S1", "Mme Éliane Bastide", True)],
        segments=make_segments([
            ("S0", 0, "Je déclare la séance ouverte."),
            ("S0", 20, "Point 1, la décision modificative. Je mets aux voix. Qui est contre ?"),
            ("S1", 40, "M. Albouy et moi-même."),
            ("S0", 50, "Qui s'abstient ? Personne. La décision modificative est adoptée par 8 voix pour et 2 contre."),
            ("S1", 80, "Je trouve que c'est cher."),
            ("S0", 90, "La séance est levée.")]))
    (vote,) = _section(build_context(meeting, form, "pv"), "1").votes
    assert (vote.pour, vote.contre, vote.abstentions) == (8, 2, 0)
    assert sorted(vote.names["contre"]) == ["M. Frédéric Albouy", "Mme Éliane Bastide"]
