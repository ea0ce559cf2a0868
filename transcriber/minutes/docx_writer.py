"""The building blocks of every document: a python-docx document from the template, with helpers
that only ever apply the template's named styles (``styles.py``), and the few sections the
procès-verbal and the compte rendu share."""

from __future__ import annotations

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.text.paragraph import Paragraph

from . import styles as st
from .context import PLACEHOLDER, MinutesContext
from ..timefmt import hms as timestamp
from .make_template import TEMPLATE_PATH
from .turns import VerbatimTurn

DRAFT_TEXT = "PROJET – document de travail à relire et corriger, ne pas diffuser en l'état"
REVIEW_FOOTNOTE = (
    "Projet rédigé automatiquement par Séance à partir de l'enregistrement et du formulaire de "
    "séance. Les éléments marqués « relevé automatiquement » et les champs « [à compléter] » "
    "doivent être vérifiés avant toute diffusion."
)


def detected_note(what: str) -> str:
    """"À vérifier : heure de levée (relevé automatiquement dans l'enregistrement)." """
    return f"À vérifier : {what} (relevé automatiquement dans l'enregistrement)."


# --- building blocks ---------------------------------------------------------------------------


class Writer:
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


# --- shared sections ---------------------------------------------------------------------------


def names(names: list[str], empty: str = "néant") -> str:
    return ", ".join(names) if names else empty


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def agenda(w: Writer, ctx: MinutesContext) -> None:
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


def next_meeting(w: Writer, ctx: MinutesContext) -> None:
    nm = ctx.next_meeting
    if nm is None:
        return
    parts = [x for x in (nm.date_text and f"le {nm.date_text}", nm.time and f"à {nm.time}",
                         nm.place) if x]
    w.para("Prochaine réunion : " + (", ".join(parts) if parts else PLACEHOLDER) + ".", st.OPENING)
    if nm.detected:
        w.note(detected_note("date de la prochaine réunion"))


def review_footnote(w: Writer, ctx: MinutesContext) -> None:
    w.note(REVIEW_FOOTNOTE)
    if ctx.missing:
        w.note("Champs à compléter : " + ", ".join(ctx.missing) + ".")
