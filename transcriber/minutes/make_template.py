"""Build ``templates/seance.docx``, the template every minutes document starts from.

Run ``python -m transcriber.minutes.make_template`` after changing ``styles.py`` and commit the
small .docx it writes. The template holds the page setup (A4, French language) and the named
styles; its body is empty.
"""

from __future__ import annotations

import argparse
import io
import logging
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_UNDERLINE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .styles import CUSTOM_STYLES, StyleSpec

log = logging.getLogger(__name__)

TEMPLATE_PATH = Path(__file__).parent / "templates" / "seance.docx"
FONT = "Arial"  # LibreOffice shows it with the metric-compatible Liberation Sans

_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
_UNDERLINE = {"single": WD_UNDERLINE.SINGLE, "dotted": WD_UNDERLINE.DOTTED, "wavy": WD_UNDERLINE.WAVY}
_HIGHLIGHT = {"yellow": WD_COLOR_INDEX.YELLOW}


def build_template():
    """A python-docx Document with the page setup and every named style, and an empty body."""
    doc = Document()
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    _set_language(normal, "fr-FR")
    for spec in CUSTOM_STYLES:
        _define(doc, spec)
    props = doc.core_properties
    props.title = ""
    props.author = "Séance"
    props.language = "fr-FR"
    props.comments = "Modèle des projets de procès-verbal, compte rendu et verbatim de Séance"
    return doc


def _set_language(style, lang: str) -> None:
    rpr = style.element.get_or_add_rPr()
    el = rpr.find(qn("w:lang"))
    if el is None:
        el = OxmlElement("w:lang")
        rpr.append(el)
    el.set(qn("w:val"), lang)
    el.set(qn("w:eastAsia"), lang)


def _define(doc, spec: StyleSpec) -> None:
    kind = WD_STYLE_TYPE.PARAGRAPH if spec.kind == "paragraph" else WD_STYLE_TYPE.CHARACTER
    style = doc.styles.add_style(spec.name, kind)
    if spec.base:
        style.base_style = doc.styles[spec.base]
    style.quick_style = True
    font = style.font
    if spec.bold is not None:
        font.bold = spec.bold
    if spec.italic is not None:
        font.italic = spec.italic
    if spec.size_pt is not None:
        font.size = Pt(spec.size_pt)
    if spec.color:
        font.color.rgb = RGBColor.from_string(spec.color)
    if spec.all_caps is not None:
        font.all_caps = spec.all_caps
    if spec.underline:
        font.underline = _UNDERLINE[spec.underline]
    if spec.highlight:
        font.highlight_color = _HIGHLIGHT[spec.highlight]
    if spec.kind != "paragraph":
        return
    fmt = style.paragraph_format
    if spec.align:
        fmt.alignment = _ALIGN[spec.align]
    if spec.space_before_pt is not None:
        fmt.space_before = Pt(spec.space_before_pt)
    if spec.space_after_pt is not None:
        fmt.space_after = Pt(spec.space_after_pt)
    if spec.left_indent_cm is not None:
        fmt.left_indent = Cm(spec.left_indent_cm)
    if spec.keep_with_next is not None:
        fmt.keep_with_next = spec.keep_with_next


def template_bytes() -> bytes:
    buf = io.BytesIO()
    build_template().save(buf)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Écrit le modèle Word des documents de séance.")
    parser.add_argument("out", nargs="?", type=Path, default=TEMPLATE_PATH)
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(template_bytes())
    log.info("template written to %s", args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
