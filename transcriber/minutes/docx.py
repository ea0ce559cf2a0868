"""Render a :class:`~.context.MinutesContext` as a Word document (python-docx).

Four documents: the procès-verbal of a conseil (CGCT L2121-15), the liste des délibérations
(L2121-25), the compte rendu of a CODIR, and the verbatim. All start from
``templates/seance.docx`` and use its named styles only (``styles.py``); each says "PROJET" at the
top of every page and "Page X / Y" at the bottom. Every fact comes decided from the context
(``context.py``, ``outcome.py``): this module only lays it out. ``documents.py`` writes the file.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument

from . import styles as st
from ..timefmt import hms as timestamp
from .context import PLACEHOLDER, MinutesContext, Section, VoteLine
from .docx_cr import render_cr, render_verbatim
from .docx_writer import Writer, agenda, capital, detected_note, names, next_meeting, review_footnote
from .outcome import count_text

# --- entry points ------------------------------------------------------------------------------


def render(ctx: MinutesContext, with_verbatim: bool = False) -> DocxDocument:
    """The document of ``ctx.kind``."""
    if ctx.kind == "pv":
        return render_pv(ctx, with_verbatim)
    if ctx.kind == "deliberations":
        return render_deliberations(ctx)
    if ctx.kind == "cr":
        return render_cr(ctx, with_verbatim)
    return render_verbatim(ctx, clean=ctx.kind == "verbatim_nettoye")


# --- French wording ---------------------------------------------------------------------------


def opening_sentence(ctx: MinutesContext) -> str:
    convened = f", légalement convoqué le {ctx.convocation_date_text}," if ctx.convocation_date_text else \
        f", légalement convoqué le {PLACEHOLDER},"
    return (
        f"Le {ctx.date_text} à {ctx.time}, le {ctx.body}{convened} s'est réuni en séance "
        f"publique, {ctx.place}, sous la présidence de {ctx.president}."
    )


# --- procès-verbal -----------------------------------------------------------------------------


def render_pv(ctx: MinutesContext, with_verbatim: bool = False) -> DocxDocument:
    w = Writer(f"Procès-verbal de la séance du {ctx.body} du {ctx.date_text}")
    _letterhead(w, ctx)
    w.para("Procès-verbal de la séance", st.TITLE)
    w.para(f"{capital(ctx.body)} du {ctx.date_text}", st.SUBTITLE)
    w.para(opening_sentence(ctx), st.OPENING)
    if ctx.president_detected:
        w.note(detected_note("président de séance"))
    w.para(ctx.counters_text, st.COUNTERS)
    if ctx.counts.detected:
        w.note(detected_note("compteurs"))

    w.heading("Présences")
    _presence_table(w, ctx)
    w.para(ctx.quorum_text, st.OPENING)
    label = "Secrétaires de séance : " if len(ctx.secretaries) > 1 else "Secrétaire de séance : "
    w.labelled(label, names(ctx.secretaries, PLACEHOLDER))
    if ctx.secretaries_detected:
        w.note(detected_note("secrétaire de séance"))

    w.heading("Ordre du jour")
    agenda(w, ctx)

    _opening_section(w, ctx, with_verbatim)
    for section in ctx.sections:
        _pv_section(w, section, with_verbatim, ctx.body)

    w.heading("Clôture de la séance")
    w.para(f"L'ordre du jour étant épuisé, la séance est levée à {ctx.end_time}.", st.OPENING)
    if ctx.end_time_detected:
        w.note(detected_note("heure de levée"))
    next_meeting(w, ctx)
    w.para(f"PV arrêté lors de la séance du {PLACEHOLDER}.", st.OPENING)
    secretaries = names(ctx.secretaries, PLACEHOLDER)
    w.signatures(("Le président de séance,", ctx.president),
                 ("Le secrétaire de séance," if len(ctx.secretaries) <= 1 else "Les secrétaires de séance,",
                  secretaries))
    review_footnote(w, ctx)
    return w.doc


def _letterhead(w: Writer, ctx: MinutesContext) -> None:
    w.para("République française", st.COLLECTIVITE)
    w.para(ctx.collectivite, st.COLLECTIVITE)


def _presence_table(w: Writer, ctx: MinutesContext) -> None:
    a = ctx.attendance
    if a.empty:
        w.table(["Catégorie", "Membres", "Nombre"],
                [["Présents", PLACEHOLDER, count_text(ctx.counts.present)],
                 ["Représentés (pouvoir à)", PLACEHOLDER, count_text(ctx.counts.represented)],
                 ["Absents excusés", PLACEHOLDER, ""], ["Absents", PLACEHOLDER, ""]],
                [4, 11, 2])
        return
    represented = [f"{m} (pouvoir à {p})" for m, p in a.represented]
    rows = [
        ["Présents", names(a.present), str(len(a.present)) if a.present else count_text(ctx.counts.present)],
        ["Représentés (pouvoir à)", "; ".join(represented) or "néant", str(len(represented))],
        ["Absents excusés", names(a.excused), str(len(a.excused))],
        ["Absents", names(a.absent), str(len(a.absent))],
    ]
    w.table(["Catégorie", "Membres", "Nombre"], rows, [4, 11, 2])
    if a.detected:
        w.note(detected_note("présences et pouvoirs ; la liste complète des présents est à établir"))


def _opening_section(w: Writer, ctx: MinutesContext, with_verbatim: bool) -> None:
    opening = ctx.opening
    w.heading(opening.title)
    w.para(f"La séance est ouverte à {ctx.time}.", st.OPENING)
    if ctx.time_detected:
        w.note(detected_note("heure d'ouverture"))
    pv = ctx.previous_pv
    if pv is not None:
        w.heading("Approbation du procès-verbal de la séance précédente", 2)
        of = f" du {pv.date_text}" if pv.date_text else ""
        if pv.status == "reporté":
            w.para(f"L'approbation du procès-verbal de la séance{of} est reportée à une prochaine séance.",
                   st.OPENING)
        else:
            w.para(f"Le procès-verbal de la séance{of} est soumis à l'approbation du conseil.", st.OPENING)
        if pv.vote is not None:
            w.para(pv.vote.sentence, st.VOTE_RESULT)
            _detected_vote_note(w, pv.vote)
    _events_and_moves(w, opening)
    if opening.lines:
        w.heading("Échanges", 2)
        for line in opening.lines:
            w.turn(line.speaker, line.text)
    for vote in opening.votes:
        label = _OPENING_VOTES.get(vote.subject or "", "Vote")
        w.labelled(f"{label} : ", vote.sentence, st.VOTE_RESULT)
        _detected_vote_note(w, vote)
    if with_verbatim and opening.verbatim:
        w.heading("Verbatim", 2)
        for turn in opening.verbatim:
            w.verbatim_turn(turn)


_OPENING_VOTES = {"secretaire": "Désignation du secrétaire de séance", "ordre_du_jour": "Ordre du jour"}


_NO_VOTE = {
    "information": "Point d'information : il ne donne pas lieu à un vote.",
    "debat": "Ce débat ne donne pas lieu à un vote : le conseil prend acte de sa tenue.",
    "prise_d_acte": "Le conseil prend acte (pas de vote).",
    "questions_diverses": "",
}


def _pv_section(w: Writer, s: Section, with_verbatim: bool, body: str = "conseil municipal") -> None:
    w.heading(s.heading)
    if s.title_detected:
        w.note(detected_note("intitulé"))
    if s.withdrawn:
        w.para("Ce point est retiré de l'ordre du jour.", st.OPENING)
        return
    if not s.special:
        w.labelled("Rapporteur : ", s.rapporteur or PLACEHOLDER)
        if s.rapporteur_detected:
            w.note(detected_note("rapporteur"))
    if s.deliberation:
        w.labelled("Délibération n° ", s.deliberation)
        if s.deliberation_detected:
            w.note(detected_note("numéro de délibération"))
    if not s.reached:
        w.para(f"L'enregistrement n'atteint pas ce point : {PLACEHOLDER}", st.OPENING)
    p = s.presence
    if p is not None and s.reached and not s.special:
        w.para(f"Présents : {count_text(p.present)} – Représentés : {count_text(p.represented)} – "
               f"Votants : {count_text(p.voters)}", st.COUNTERS)
        if p.president_changed:
            w.labelled("Président de séance pour ce point : ", p.president)
    if s.notes:
        w.para(s.notes, st.OPENING)
    _events_and_moves(w, s)
    for check in s.checks:
        w.note(f"À vérifier : {check}.")
    if s.postponed:
        w.para("Le dossier est ajourné.", st.OPENING)
    if s.reached:
        w.heading("Teneur des discussions", 2)
        if s.lines:
            for line in s.lines:
                w.turn(line.speaker, line.text)
        else:
            w.para(PLACEHOLDER, st.OPENING)
        if with_verbatim and s.verbatim:
            w.heading("Verbatim", 2)
            for turn in s.verbatim:
                w.verbatim_turn(turn)
    if s.special or s.postponed:
        return
    if s.kind in _NO_VOTE and not s.votes:
        w.para(_NO_VOTE[s.kind], st.OPENING)
        return
    w.heading("Délibération", 2)
    w.para(f"Le {body}, après en avoir délibéré, DÉCIDE : {PLACEHOLDER}", st.OPENING)
    w.heading("Vote", 2)
    if not s.votes:
        listen = f" (à écouter à partir de {timestamp(s.start_ms)})" if s.start_ms is not None else ""
        w.para(f"Résultat du vote : {PLACEHOLDER}{listen}", st.VOTE_RESULT)
    for vote in s.votes:
        _vote_block(w, vote)


def _vote_block(w: Writer, vote: VoteLine) -> None:
    if vote.ballot is None:
        w.table(["Pour", "Contre", "Abstentions", "Ne prend pas part au vote"], [vote.cells], [3.5, 3.5, 3.5, 4.5])
    w.para(vote.sentence, st.VOTE_RESULT)
    for note in vote.notes:
        w.para(note, st.OPENING)
    if vote.derived and vote.detected:
        w.note("« déduit » : nombre calculé à partir du nombre de votants et des voix annoncées, à vérifier.")
    _detected_vote_note(w, vote)


def _detected_vote_note(w: Writer, vote: VoteLine) -> None:
    if not vote.detected:
        return
    text = "À vérifier : vote relevé automatiquement dans l'enregistrement"
    if vote.time_ms is not None:
        text += f" à {timestamp(vote.time_ms)}"
    if vote.quote:
        text += f" (« {vote.quote} »)"
    w.note(text + ".")


def _events_and_moves(w: Writer, s: Section) -> None:
    for e in s.events:
        if e.kind == "neant":
            w.para("Néant.", st.OPENING)
    for m in s.movements:
        when = f" à {m.clock.replace(':', ' h ')}" if m.clock else ""
        verb = "arrive" if m.kind == "arrivee" else "quitte la séance"
        since = f" et prend part au vote à partir du point {m.from_number}" \
            if m.from_number and m.kind == "arrivee" else ""
        proxy = f" et donne pouvoir à {m.proxy}" if m.proxy else ""
        moment = "" if m.kind == "arrivee" or not m.before_vote or s.source == "opening" else " avant le vote"
        w.para(f"{m.name} {verb}{when}{moment}{since}{proxy}.", st.OPENING)
    for p in s.pauses:
        if p.kind == "suspension":
            span = f" de {p.clock.replace(':', ' h ')} à {p.until.replace(':', ' h ')}" if p.clock and p.until else \
                (f" à {p.clock.replace(':', ' h ')}" if p.clock else "")
            w.para(f"Suspension de séance{span}.", st.OPENING)
        else:
            w.para("Reprise de la séance" + (f" à {p.clock.replace(':', ' h ')}" if p.clock else "") + ".",
                   st.OPENING)


# --- liste des délibérations -------------------------------------------------------------------


def render_deliberations(ctx: MinutesContext) -> DocxDocument:
    title = "Liste des délibérations examinées"
    w = Writer(f"{title} – séance du {ctx.date_text}")
    _letterhead(w, ctx)
    w.para(title, st.TITLE)
    w.para(f"Séance du {ctx.body} du {ctx.date_text}", st.SUBTITLE)
    w.para(
        f"En application de l'article L2121-25 du CGCT, la liste des délibérations examinées par le "
        f"{ctx.body} est affichée à la mairie et mise en ligne sur le site internet de la "
        "collectivité dans un délai d'une semaine.", st.OPENING)
    rows = [[s.deliberation or (s.number or ""), s.title, s.result] for s in ctx.deliberations]
    if not rows:
        rows = [[PLACEHOLDER, PLACEHOLDER, PLACEHOLDER]]
    w.table(["N°", "Objet", "Résultat"], rows, [3, 10, 4])
    if any(s.votes and s.votes[-1].detected for s in ctx.deliberations):
        w.note(detected_note("résultats"))
    pv = ctx.previous_pv
    if pv is not None:
        of = f" de la séance du {pv.date_text}" if pv.date_text else " de la séance précédente"
        status = {"approuvé": "approuvé", "rejeté": "non approuvé", "reporté": "approbation reportée"}[pv.status]
        w.para(f"Procès-verbal{of} : {status} (sans numéro de délibération).", st.OPENING)
    posting = ctx.posting_date_text or PLACEHOLDER
    w.para(f"À afficher à la mairie et à mettre en ligne au plus tard le {posting} (dans la semaine qui suit "
           "la séance).", st.OPENING)
    w.para(f"Affichée le {PLACEHOLDER} et mise en ligne le {PLACEHOLDER}.", st.OPENING)
    w.signatures(("Le président de séance,", ctx.president), ("", ""))
    review_footnote(w, ctx)
    return w.doc
