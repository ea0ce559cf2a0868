"""Render a :class:`~.context.MinutesContext` as a Word document (python-docx).

Four documents: the procès-verbal of a conseil (CGCT L2121-15), the liste des délibérations
(L2121-25), the compte rendu of a CODIR, and the verbatim. All start from
``templates/seance.docx`` and use its named styles only (``styles.py``); each says "PROJET" at the
top of every page and "Page X / Y" at the bottom. Writing is atomic: a failure leaves any existing
file as it was and raises :class:`~transcriber.errors.MinutesError`.
"""

from __future__ import annotations

import dataclasses
import io
import logging
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.text.paragraph import Paragraph

from ..errors import MinutesError, StoreError
from ..model import Meeting
from ..store import write_atomic
from . import styles as st
from .context import PLACEHOLDER, MinutesContext, Section, VerbatimTurn, VoteLine, build_context
from ..timefmt import hms as timestamp
from .form import MinutesForm, form_of
from .make_template import TEMPLATE_PATH
from .pseudonymise import private_names
from .pseudonymise import pseudonymise as hide_names

log = logging.getLogger(__name__)

DRAFT_TEXT = "PROJET – document de travail à relire et corriger, ne pas diffuser en l'état"
REVIEW_FOOTNOTE = (
    "Projet rédigé automatiquement par Séance à partir de l'enregistrement et du formulaire de "
    "séance. Les éléments marqués « relevé automatiquement » et les champs « [à compléter] » "
    "doivent être vérifiés avant toute diffusion."
)


def detected_note(what: str) -> str:
    """"À vérifier : heure de levée (relevé automatiquement dans l'enregistrement)." """
    return f"À vérifier : {what} (relevé automatiquement dans l'enregistrement)."


# --- entry points ------------------------------------------------------------------------------


def render(ctx: MinutesContext, with_verbatim: bool = False) -> DocxDocument:
    """The document of ``ctx.kind``."""
    if ctx.kind == "pv":
        return render_pv(ctx, with_verbatim)
    if ctx.kind == "deliberations":
        return render_deliberations(ctx)
    if ctx.kind == "cr":
        return render_cr(ctx, with_verbatim)
    return render_verbatim(ctx)


def write_minutes(meeting: Meeting, path: str | Path, kind: str | None = None,
                  form: MinutesForm | None = None, *, with_verbatim: bool = False,
                  pseudonymise: bool = False) -> Path:
    """Draft the document of ``kind`` for ``meeting`` and write it to ``path``.

    ``form`` defaults to the one stored in the meeting. With ``pseudonymise``, the private
    persons of the form and every speaker not marked elected become "Personne A", "Personne B"…
    in a copy; the meeting itself is not changed.
    """
    if pseudonymise:
        if form is not None:  # the form's names are hidden too: give it to the copy
            meeting = dataclasses.replace(meeting, form=form.to_dict())
        meeting = hide_names(meeting, private_names(meeting))
        form = form_of(meeting)
    ctx = build_context(meeting, form, kind)
    doc = render(ctx, with_verbatim)
    return save_document(doc, path)


def save_document(doc: DocxDocument, path: str | Path) -> Path:
    """Write ``doc`` atomically; raise MinutesError (French) if it cannot be written."""
    path = Path(path)
    if path.is_dir():
        raise MinutesError(f"{path} est un dossier : indiquez un nom de fichier se terminant par .docx.")
    if not path.parent.is_dir():
        raise MinutesError(
            f"Impossible d'enregistrer le document : le dossier {path.parent} n'existe pas."
        )
    buf = io.BytesIO()
    doc.save(buf)
    try:
        write_atomic(path, buf.getvalue())
    except StoreError as exc:
        raise MinutesError(
            f"Le document n'a pas pu être enregistré. {exc} S'il est ouvert dans Word, fermez-le "
            "et réessayez. Un fichier déjà présent à cet endroit n'a pas été modifié."
        ) from exc
    log.info("minutes written to %s", path)
    return path


# --- building blocks ---------------------------------------------------------------------------


class _Writer:
    """A document from the template, with helpers that only ever apply named styles."""

    def __init__(self, title: str) -> None:
        self.doc = Document(str(TEMPLATE_PATH))
        body = self.doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        self.doc.core_properties.title = title
        self.doc.core_properties.author = "Séance (projet automatique)"
        self._header_footer()

    def _header_footer(self) -> None:
        section = self.doc.sections[0]
        header = section.header.paragraphs[0]
        header.style = self.doc.styles[st.DRAFT]
        header.add_run(DRAFT_TEXT)
        footer = section.footer.paragraphs[0]
        footer.style = self.doc.styles[st.PAGINATION]
        footer.add_run("Page ")
        _add_field(footer, "PAGE")
        footer.add_run(" / ")
        _add_field(footer, "NUMPAGES")

    def para(self, text: str = "", style: str = st.NORMAL) -> Paragraph:
        p = self.doc.add_paragraph(style=style)
        self.add_text(p, text)
        return p

    def heading(self, text: str, level: int = 1) -> Paragraph:
        return self.para(text, st.HEADING_1 if level == 1 else st.HEADING_2)

    def note(self, text: str) -> Paragraph:
        return self.para(text, st.REVIEW_NOTE)

    def add_text(self, p: Paragraph, text: str) -> None:
        """Add ``text``; every "[à compléter]" in it gets the highlighting character style."""
        parts = text.split(PLACEHOLDER)
        for i, part in enumerate(parts):
            if part:
                p.add_run(part)
            if i < len(parts) - 1:
                p.add_run(PLACEHOLDER, style=st.TO_COMPLETE)

    def labelled(self, label: str, value: str, style: str = st.MENTION) -> Paragraph:
        p = self.doc.add_paragraph(style=style)
        p.add_run(label, style=st.SPEAKER)
        self.add_text(p, value)
        return p

    def table(self, header: list[str], rows: list[list[str]], widths_cm: list[float] | None = None,
              style: str = st.GRID_TABLE):
        table = self.doc.add_table(rows=1 + len(rows), cols=len(header), style=style)
        for row, values in zip(table.rows, [header, *rows]):
            cell_style = st.CELL_HEADER if row is table.rows[0] else st.CELL
            for cell, value in zip(row.cells, values):
                p = cell.paragraphs[0]
                p.style = self.doc.styles[cell_style]
                self.add_text(p, value)
        if widths_cm:  # table geometry, not text formatting: Word and LibreOffice both need it
            table.autofit = False
            for column, width in zip(table.columns, widths_cm):
                column.width = Cm(width)
            for row in table.rows:
                for cell, width in zip(row.cells, widths_cm):
                    cell.width = Cm(width)
        return table

    def turn(self, speaker: str, text: str) -> Paragraph:
        """A condensed speaker turn: the name, then the first sentence(s)."""
        p = self.doc.add_paragraph(style=st.TURN)
        p.add_run(speaker, style=st.SPEAKER)
        p.add_run(" : ")
        self.add_text(p, text)
        return p

    def verbatim_turn(self, turn: VerbatimTurn) -> Paragraph:
        p = self.doc.add_paragraph(style=st.TURN)
        p.add_run(turn.speaker, style=st.SPEAKER)
        p.add_run(f" [{timestamp(turn.start_ms)}]", style=st.TIMESTAMP)
        p.add_run(" : ")
        for piece in turn.pieces:
            p.add_run(piece.text, style=st.UNCERTAIN if piece.uncertain else None)
        return p

    def signatures(self, left: tuple[str, str], right: tuple[str, str]) -> None:
        table = self.doc.add_table(rows=1, cols=2, style=st.PLAIN_TABLE)
        for cell, (role, name) in zip(table.rows[0].cells, (left, right)):
            p = cell.paragraphs[0]
            p.style = self.doc.styles[st.SIGNATURE]
            self.add_text(p, role)
            p.add_run().add_break()
            self.add_text(p, name)


def _add_field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) updated by Word and LibreOffice when the page is laid out."""
    def run_with(element) -> None:
        run = paragraph.add_run()
        run._r.append(element)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    paragraph.add_run("1")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


# --- French wording ---------------------------------------------------------------------------


def _count(value: int | None) -> str:
    return PLACEHOLDER if value is None else str(value)


def _names(names: list[str], empty: str = "néant") -> str:
    return ", ".join(names) if names else empty


def _plural(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n <= 1 else (plural or singular + 's')}"


def counters_line(ctx: MinutesContext) -> str:
    c = ctx.counts
    return (
        f"Membres en exercice : {_count(c.in_office)} – Présents : {_count(c.present)} – "
        f"Représentés : {_count(c.represented)} – Votants : {_count(c.voters)}"
    )


def quorum_sentence(ctx: MinutesContext) -> str:
    c = ctx.counts
    detail = []
    if c.present is not None and c.in_office is not None:
        detail.append(f"{_plural(c.present, 'membre présent', 'membres présents')} sur {c.in_office} en exercice")
    if c.quorum_required is not None:
        detail.append(f"quorum : {c.quorum_required}")
    detail_text = f" ({', '.join(detail)})" if detail else ""
    if c.quorum_reached is True:
        return f"Le quorum étant atteint{detail_text}, le {ctx.body} peut valablement délibérer."
    if c.quorum_reached is False:
        return (f"Le quorum n'étant pas atteint{detail_text}, le {ctx.body} ne peut pas délibérer "
                "(art. L2121-17 du CGCT).")
    return f"Quorum : {PLACEHOLDER}{detail_text}."


def opening_sentence(ctx: MinutesContext) -> str:
    convened = f", légalement convoqué le {ctx.convocation_date_text}," if ctx.convocation_date_text else \
        f", légalement convoqué le {PLACEHOLDER},"
    return (
        f"Le {ctx.date_text} à {ctx.time}, le {ctx.body}{convened} s'est réuni en séance "
        f"publique, {ctx.place}, sous la présidence de {ctx.president}."
    )


def vote_result_sentence(vote: VoteLine) -> str:
    """"Adopté à l'unanimité des suffrages exprimés (1 abstention)." and the like."""
    if vote.result is None:
        return f"Résultat du vote : {PLACEHOLDER}"
    abst = f" ({_plural(vote.abstentions, 'abstention')})" if vote.abstentions else ""
    if vote.result == "rejeté":
        return "Rejeté à l'unanimité." if vote.unanimous else f"Rejeté{abst}."
    if vote.unanimous:
        return f"Adopté à l'unanimité des suffrages exprimés{abst}."
    if vote.majority or vote.contre:
        return f"Adopté à la majorité{abst}."
    return f"Adopté{abst}."


def vote_notes(vote: VoteLine) -> list[str]:
    notes = []
    if vote.npv_names:
        names = [f"{n} (a quitté la salle)" if n in vote.left_room else n for n in vote.npv_names]
        notes.append("Ne prend pas part au vote : " + ", ".join(names) + ".")
    for g in vote.groups:
        verb = {"pour": "vote pour", "contre": "vote contre", "abstention": "s'abstient"}[g.choice]
        count = f" ({_plural(g.count, 'élu')})" if g.count else ""
        notes.append(f"{g.label[:1].upper()}{g.label[1:]}{count} {verb}.")
    if vote.scrutin == "public":
        notes.append("Scrutin public (art. L2121-21 du CGCT) : nom des votants et sens de leur vote : "
                     + ("; ".join(vote.nominal) if vote.nominal else PLACEHOLDER) + ".")
    elif vote.scrutin == "secret":
        notes.append("Scrutin secret.")
    return notes


def _deliberation_result(section: Section) -> str:
    if section.withdrawn:
        return "Retiré de l'ordre du jour"
    if any(e.kind == "ajourne" for e in section.events):
        return "Ajournée"
    if not section.votes:
        return PLACEHOLDER
    vote = section.votes[-1]
    if vote.result == "adopté":
        return "Adoptée à l'unanimité" if vote.unanimous else "Adoptée"
    if vote.result == "rejeté":
        return "Non adoptée"
    return PLACEHOLDER


# --- procès-verbal -----------------------------------------------------------------------------


def render_pv(ctx: MinutesContext, with_verbatim: bool = False) -> DocxDocument:
    w = _Writer(f"Procès-verbal de la séance du {ctx.body} du {ctx.date_text}")
    _letterhead(w, ctx)
    w.para("Procès-verbal de la séance", st.TITLE)
    w.para(f"{_capital(ctx.body)} du {ctx.date_text}", st.SUBTITLE)
    w.para(opening_sentence(ctx), st.OPENING)
    w.para(counters_line(ctx), st.COUNTERS)
    if ctx.counts.detected:
        w.note(detected_note("compteurs"))

    w.heading("Présences")
    _presence_table(w, ctx)
    w.para(quorum_sentence(ctx), st.OPENING)
    label = "Secrétaires de séance : " if len(ctx.secretaries) > 1 else "Secrétaire de séance : "
    w.labelled(label, _names(ctx.secretaries, PLACEHOLDER))
    if ctx.secretaries_detected:
        w.note(detected_note("secrétaire de séance"))

    w.heading("Ordre du jour")
    _agenda(w, ctx)

    _opening_section(w, ctx, with_verbatim)
    for section in ctx.sections:
        _pv_section(w, section, with_verbatim)

    w.heading("Clôture de la séance")
    w.para(f"L'ordre du jour étant épuisé, la séance est levée à {ctx.end_time}.", st.OPENING)
    if ctx.end_time_detected:
        w.note(detected_note("heure de levée"))
    _next_meeting(w, ctx)
    secretaries = _names(ctx.secretaries, PLACEHOLDER)
    w.signatures(("Le président de séance,", ctx.president),
                 ("Le secrétaire de séance," if len(ctx.secretaries) <= 1 else "Les secrétaires de séance,",
                  secretaries))
    _review_footnote(w, ctx)
    return w.doc


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _letterhead(w: _Writer, ctx: MinutesContext) -> None:
    w.para("République française", st.COLLECTIVITE)
    w.para(ctx.collectivite, st.COLLECTIVITE)


def _presence_table(w: _Writer, ctx: MinutesContext) -> None:
    a = ctx.attendance
    if a.empty:
        w.table(["Catégorie", "Membres", "Nombre"],
                [["Présents", PLACEHOLDER, _count(ctx.counts.present)],
                 ["Représentés (pouvoir à)", PLACEHOLDER, _count(ctx.counts.represented)],
                 ["Absents excusés", PLACEHOLDER, ""], ["Absents", PLACEHOLDER, ""]],
                [4, 11, 2])
        return
    represented = [f"{m} (pouvoir à {p})" for m, p in a.represented]
    rows = [
        ["Présents", _names(a.present), str(len(a.present)) if a.present else _count(ctx.counts.present)],
        ["Représentés (pouvoir à)", "; ".join(represented) or "néant", str(len(represented))],
        ["Absents excusés", _names(a.excused), str(len(a.excused))],
        ["Absents", _names(a.absent), str(len(a.absent))],
    ]
    w.table(["Catégorie", "Membres", "Nombre"], rows, [4, 11, 2])
    if a.detected:
        w.note(detected_note("présences et pouvoirs ; la liste complète des présents est à établir"))


def _agenda(w: _Writer, ctx: MinutesContext) -> None:
    if not ctx.sections:
        w.para(PLACEHOLDER, st.AGENDA_ENTRY)
        return
    for s in ctx.sections:
        entry = f"{s.number}. {s.title}" if s.number else s.title
        if s.withdrawn:
            entry += " (retiré)"
        w.para(entry, st.AGENDA_ENTRY)
    if any(s.title_detected for s in ctx.sections):
        w.note(detected_note("intitulés des points"))


def _opening_section(w: _Writer, ctx: MinutesContext, with_verbatim: bool) -> None:
    opening = ctx.opening
    w.heading(opening.title)
    w.para(f"La séance est ouverte à {ctx.time}.", st.OPENING)
    if ctx.time_detected:
        w.note(detected_note("heure d'ouverture"))
    if ctx.prev_pv is not None:
        w.heading("Approbation du procès-verbal de la séance précédente", 2)
        of = f" du {ctx.prev_pv.subject_detail}" if ctx.prev_pv.subject_detail else ""
        w.para(f"Le procès-verbal de la séance{of} est soumis à l'approbation du conseil.", st.OPENING)
        w.para(vote_result_sentence(ctx.prev_pv), st.VOTE_RESULT)
        _detected_vote_note(w, ctx.prev_pv)
    _events_and_moves(w, opening)
    if opening.lines:
        w.heading("Échanges", 2)
        for line in opening.lines:
            w.turn(line.speaker, line.text)
    for vote in opening.votes:
        label = _OPENING_VOTES.get(vote.subject or "", "Vote")
        w.labelled(f"{label} : ", vote_result_sentence(vote), st.VOTE_RESULT)
        _detected_vote_note(w, vote)
    if with_verbatim and opening.verbatim:
        w.heading("Verbatim", 2)
        for turn in opening.verbatim:
            w.verbatim_turn(turn)


_OPENING_VOTES = {"secretaire": "Désignation du secrétaire de séance", "ordre_du_jour": "Ordre du jour"}


def _pv_section(w: _Writer, s: Section, with_verbatim: bool) -> None:
    w.heading(s.heading)
    if s.title_detected:
        w.note(detected_note("intitulé"))
    if s.withdrawn:
        w.para("Ce point est retiré de l'ordre du jour.", st.OPENING)
    if not s.special:
        w.labelled("Rapporteur : ", s.rapporteur or PLACEHOLDER)
        if s.rapporteur_detected:
            w.note(detected_note("rapporteur"))
    if s.deliberation:
        w.labelled("Délibération n° ", s.deliberation)
        if s.deliberation_detected:
            w.note(detected_note("numéro de délibération"))
    if s.notes:
        w.para(s.notes, st.OPENING)
    _events_and_moves(w, s)
    if s.withdrawn:
        return
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
    if s.decisions:
        w.heading("Décision", 2)
        for d in s.decisions:
            w.para(d.text, st.OPENING)
        w.note(detected_note("décision"))
    if s.special:
        return
    w.heading("Vote", 2)
    if not s.votes:
        w.para(f"Résultat du vote : {PLACEHOLDER} (à supprimer s'il s'agit d'une information sans vote).",
               st.VOTE_RESULT)
    for vote in s.votes:
        _vote_block(w, vote)


def _vote_block(w: _Writer, vote: VoteLine) -> None:
    def cell(value: int | None, name: str) -> str:
        text = _count(value)
        if name in vote.derived:
            text += " (déduit)"
        return text

    w.table(["Pour", "Contre", "Abstentions", "Ne prend pas part au vote"],
            [[cell(vote.pour, "pour"), cell(vote.contre, "contre"), cell(vote.abstentions, "abstentions"),
              cell(vote.npv, "npv")]], [3.5, 3.5, 3.5, 4.5])
    w.para(vote_result_sentence(vote), st.VOTE_RESULT)
    for note in vote_notes(vote):
        w.para(note, st.OPENING)
    _detected_vote_note(w, vote)


def _detected_vote_note(w: _Writer, vote: VoteLine) -> None:
    if not vote.detected:
        return
    text = "À vérifier : vote relevé automatiquement dans l'enregistrement"
    if vote.time_ms is not None:
        text += f" à {timestamp(vote.time_ms)}"
    if vote.quote:
        text += f" (« {vote.quote} »)"
    if vote.derived:
        text += ". Nombre de voix « pour » déduit du nombre de votants"
    w.note(text + ".")


def _events_and_moves(w: _Writer, s: Section) -> None:
    for e in s.events:
        if e.kind == "ajourne":
            w.para("Le dossier est ajourné.", st.OPENING)
        elif e.kind == "neant":
            w.para("Néant.", st.OPENING)
    for m in s.movements:
        when = f" à {m.clock.replace(':', ' h ')}" if m.clock else ""
        verb = "arrive" if m.kind == "arrivee" else "quitte la séance"
        since = f" et prend part au vote à partir du point {m.from_item}" if m.from_item and m.kind == "arrivee" else ""
        w.para(f"{m.name} {verb}{when}{since}.", st.OPENING)
    for p in s.pauses:
        if p.kind == "suspension":
            span = f" de {p.clock.replace(':', ' h ')} à {p.until.replace(':', ' h ')}" if p.clock and p.until else \
                (f" à {p.clock.replace(':', ' h ')}" if p.clock else "")
            w.para(f"Suspension de séance{span}.", st.OPENING)
        else:
            w.para("Reprise de la séance" + (f" à {p.clock.replace(':', ' h ')}" if p.clock else "") + ".",
                   st.OPENING)


def _next_meeting(w: _Writer, ctx: MinutesContext) -> None:
    nm = ctx.next_meeting
    if nm is None:
        return
    parts = [x for x in (nm.date_text and f"le {nm.date_text}", nm.time and f"à {nm.time}",
                         nm.place) if x]
    w.para("Prochaine réunion : " + (", ".join(parts) if parts else PLACEHOLDER) + ".", st.OPENING)
    if nm.detected:
        w.note(detected_note("date de la prochaine réunion"))


def _review_footnote(w: _Writer, ctx: MinutesContext) -> None:
    w.note(REVIEW_FOOTNOTE)
    if ctx.missing:
        w.note("Champs à compléter : " + ", ".join(ctx.missing) + ".")


# --- liste des délibérations -------------------------------------------------------------------


def render_deliberations(ctx: MinutesContext) -> DocxDocument:
    title = "Liste des délibérations examinées"
    w = _Writer(f"{title} – séance du {ctx.date_text}")
    _letterhead(w, ctx)
    w.para(title, st.TITLE)
    w.para(f"Séance du {ctx.body} du {ctx.date_text}", st.SUBTITLE)
    w.para(
        f"En application de l'article L2121-25 du CGCT, la liste des délibérations examinées par le "
        f"{ctx.body} est affichée à la mairie et mise en ligne sur le site internet de la "
        "collectivité dans un délai d'une semaine.", st.OPENING)
    rows = [[s.deliberation or (s.number or ""), s.title, _deliberation_result(s)] for s in ctx.deliberations]
    if not rows:
        rows = [[PLACEHOLDER, PLACEHOLDER, PLACEHOLDER]]
    w.table(["N°", "Objet", "Résultat"], rows, [3, 10, 4])
    if any(s.votes and s.votes[-1].detected for s in ctx.deliberations):
        w.note(detected_note("résultats"))
    w.para(f"Affichée le {PLACEHOLDER} et mise en ligne le {PLACEHOLDER}.", st.OPENING)
    w.signatures(("Le président de séance,", ctx.president), ("", ""))
    _review_footnote(w, ctx)
    return w.doc


# --- compte rendu de CODIR ---------------------------------------------------------------------


def render_cr(ctx: MinutesContext, with_verbatim: bool = False) -> DocxDocument:
    w = _Writer(f"Compte rendu du {ctx.body} du {ctx.date_text}")
    w.para(ctx.collectivite, st.COLLECTIVITE)
    w.para("Compte rendu", st.TITLE)
    w.para(f"{_capital(ctx.body)} du {ctx.date_text}", st.SUBTITLE)
    w.labelled("Date et heure : ", f"{ctx.date_text}, {ctx.time}")
    w.labelled("Lieu : ", ctx.place)
    w.labelled("Animation : ", ctx.president)
    w.labelled("Rédaction : ", ctx.author or _names(ctx.secretaries, PLACEHOLDER))
    w.labelled("Diffusion : ", ctx.distribution or "restreinte")

    w.heading("Participants")
    a = ctx.attendance
    present = a.present or [t.speaker for t in _named_speakers(ctx)]
    w.labelled("Présents : ", _names(present, PLACEHOLDER))
    w.labelled("Excusés : ", _names(a.excused))
    if a.guests:
        w.labelled("Invités : ", _names(a.guests))
    if not a.present and present:
        w.note("Participants déduits des intervenants nommés dans l'enregistrement, à vérifier.")

    w.heading("Ordre du jour")
    _agenda(w, ctx)

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
    rows = [[f"A{i}", a.task, a.owner or PLACEHOLDER, a.deadline_text or PLACEHOLDER, timestamp(a.time_ms)]
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
        _next_meeting(w, ctx)
    _review_footnote(w, ctx)
    return w.doc


def _named_speakers(ctx: MinutesContext) -> list[VerbatimTurn]:
    seen: dict[str, VerbatimTurn] = {}
    for t in ctx.verbatim:
        if not t.speaker.startswith("Intervenant") and t.speaker not in seen:
            seen[t.speaker] = t
    return list(seen.values())


# --- verbatim ------------------------------------------------------------------------------------


def render_verbatim(ctx: MinutesContext) -> DocxDocument:
    w = _Writer(f"Verbatim – {ctx.meeting_title}")
    if not ctx.collectivite.startswith(PLACEHOLDER):
        w.para(ctx.collectivite, st.COLLECTIVITE)
    w.para("Verbatim", st.TITLE)
    w.para(f"{ctx.meeting_title} – séance du {ctx.date_text}", st.SUBTITLE)
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
