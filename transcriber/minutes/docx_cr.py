"""Render the compte rendu of a CODIR and the verbatim (see ``docx.py`` for the PV)."""

from __future__ import annotations

from docx.document import Document as DocxDocument

from . import styles as st
from .context import PLACEHOLDER, MinutesContext
from ..timefmt import french_date
from ..timefmt import hms as timestamp
from .docx_writer import Writer, agenda, capital, detected_note, names, next_meeting, review_footnote
from .turns import VerbatimTurn


# --- compte rendu de CODIR ---------------------------------------------------------------------


def render_cr(ctx: MinutesContext, with_verbatim: bool = False) -> DocxDocument:
    w = Writer(f"Compte rendu du {ctx.body} du {ctx.date_text}")
    w.para(ctx.collectivite, st.COLLECTIVITE)
    w.para("Compte rendu", st.TITLE)
    w.para(f"{capital(ctx.body)} du {ctx.date_text}", st.SUBTITLE)
    w.labelled("Date et heure : ", f"{ctx.date_text}, {ctx.time}")
    w.labelled("Lieu : ", ctx.place)
    w.labelled("Animation : ", ctx.president)
    w.labelled("Rédaction : ", ctx.author or names(ctx.secretaries, PLACEHOLDER))
    w.labelled("Diffusion : ", ctx.distribution or "restreinte")

    w.heading("Participants")
    a = ctx.attendance
    present = a.present or [t.speaker for t in _named_speakers(ctx)]
    w.labelled("Présents : ", names(present, PLACEHOLDER))
    w.labelled("Excusés : ", names(a.excused))
    if a.guests:
        w.labelled("Invités : ", names(a.guests))
    if not a.present and present:
        w.note("Participants déduits des intervenants nommés dans l'enregistrement, à vérifier.")

    w.heading("Ordre du jour")
    agenda(w, ctx)

    w.heading("Relevé par point")
    decision_no = 0
    for s in [ctx.opening, *ctx.sections]:
        if s.source == "opening" and not (s.lines or s.decisions):
            continue
        w.heading(s.heading, 2)
        if s.rapporteur:
            w.labelled("Présenté par : ", s.rapporteur)
        if s.notes:
            w.para(s.notes, st.OPENING)
        if s.lines:
            for line in s.lines:
                w.turn(line.speaker, line.text)
        else:
            w.para(f"Synthèse : {PLACEHOLDER}", st.OPENING)
        if with_verbatim and s.verbatim:
            for turn in s.verbatim:
                w.verbatim_turn(turn)
        for d in s.decisions:
            decision_no += 1
            w.labelled(f"Décision D{decision_no} : ", d.text, st.VOTE_RESULT)
    if decision_no:
        w.note(detected_note("décisions"))

    w.heading("Actions à mener")
    rows = [[f"A{i}", a.task, a.owner or PLACEHOLDER, _deadline(a), timestamp(a.time_ms)]
            for i, a in enumerate(ctx.actions, 1)]
    if rows:
        w.table(["N°", "Action", "Pilote", "Échéance", "Source"], rows, [1.2, 7, 3.3, 3.2, 2.3])
        w.note(detected_note("actions"))
        w.note("La colonne « Source » donne le moment de l'enregistrement où l'action est évoquée.")
    else:
        w.para(f"Aucune action relevée dans l'enregistrement : {PLACEHOLDER}", st.OPENING)

    w.heading("Prochaine réunion")
    if ctx.next_meeting is None:
        w.para(PLACEHOLDER, st.OPENING)
    else:
        next_meeting(w, ctx)
    review_footnote(w, ctx)
    return w.doc


def _deadline(action) -> str:
    """"vendredi 6 mars 2026 (« d'ici la fin de la semaine »)", or what to complete."""
    if action.deadline:
        said = f" (« {action.deadline_text} »)" if action.deadline_text else ""
        return french_date(action.deadline) + said
    if action.deadline_text:
        return f"{PLACEHOLDER} (« {action.deadline_text} »)"
    return PLACEHOLDER


def _named_speakers(ctx: MinutesContext) -> list[VerbatimTurn]:
    seen: dict[str, VerbatimTurn] = {}
    for t in ctx.verbatim:
        if not t.speaker.startswith("Intervenant") and t.speaker not in seen:
            seen[t.speaker] = t
    return list(seen.values())


# --- verbatim ------------------------------------------------------------------------------------


def render_verbatim(ctx: MinutesContext, clean: bool = False) -> DocxDocument:
    """The verbatim intégral (as said) or nettoyé (hesitations, repetitions, false starts out)."""
    title = "Verbatim nettoyé" if clean else "Verbatim"
    w = Writer(f"{title} – {ctx.meeting_title}")
    if not ctx.collectivite.startswith(PLACEHOLDER):
        w.para(ctx.collectivite, st.COLLECTIVITE)
    w.para(title, st.TITLE)
    w.para(f"{ctx.meeting_title} – séance du {ctx.date_text}", st.SUBTITLE)
    if clean:
        w.note("Transcription automatique nettoyée : les hésitations, les mots répétés et les faux départs sont "
               "retirés, rien d'autre n'est changé. Les mots soulignés en pointillé ont été reconnus avec une "
               "faible confiance : vérifiez-les à l'écoute. L'horodatage renvoie à l'enregistrement.")
    else:
        w.note("Transcription automatique intégrale. Les mots soulignés en pointillé ont été reconnus avec "
               "une faible confiance : vérifiez-les à l'écoute. L'horodatage renvoie à l'enregistrement.")
    if not ctx.verbatim:
        w.para("Aucune parole transcrite.", st.OPENING)
        return w.doc
    parts = [s for s in [ctx.opening, *ctx.sections] if s.verbatim]
    show_headings = len(parts) > 1 or parts[0] is not ctx.opening
    for s in parts:
        if show_headings:
            w.heading(s.heading, 2)
        for turn in s.verbatim:
            w.verbatim_turn(turn)
    return w.doc
