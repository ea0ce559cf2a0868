"""The named styles of the minutes template: one list, read by ``make_template.py`` to define
them and by ``docx.py`` to use them. A secretary restyles a whole document by editing these
styles in Word; the renderer never formats text directly.
"""

from __future__ import annotations

from dataclasses import dataclass

# Built-in styles of the python-docx default template, used as they are.
NORMAL = "Normal"
TITLE = "Title"
SUBTITLE = "Subtitle"
HEADING_1 = "Heading 1"
HEADING_2 = "Heading 2"
BULLET = "List Bullet"
GRID_TABLE = "Table Grid"
PLAIN_TABLE = "Normal Table"


@dataclass(frozen=True)
class StyleSpec:
    name: str
    #: "paragraph" or "character"
    kind: str
    base: str | None = None
    bold: bool | None = None
    italic: bool | None = None
    size_pt: float | None = None
    #: hex RGB, e.g. "C00000"
    color: str | None = None
    all_caps: bool | None = None
    #: "left", "center", "right", "justify"
    align: str | None = None
    space_before_pt: float | None = None
    space_after_pt: float | None = None
    left_indent_cm: float | None = None
    keep_with_next: bool | None = None
    #: "single", "dotted", "wavy"
    underline: str | None = None
    #: "yellow"…
    highlight: str | None = None
    description: str = ""


DRAFT = "Projet"
COLLECTIVITE = "Collectivité"
OPENING = "Formule"
COUNTERS = "Compteurs"
MENTION = "Mention"
TURN = "Intervention"
VOTE_RESULT = "Résultat du vote"
REVIEW_NOTE = "Note de relecture"
SIGNATURE = "Signature"
CELL = "Cellule"
CELL_HEADER = "Cellule en-tête"
AGENDA_ENTRY = "Ordre du jour"
PAGINATION = "Pagination"
SPEAKER = "Intervenant"
TIMESTAMP = "Horodatage"
UNCERTAIN = "Mot incertain"
TO_COMPLETE = "À compléter"

CUSTOM_STYLES: tuple[StyleSpec, ...] = (
    StyleSpec(DRAFT, "paragraph", "Header", bold=True, size_pt=10, color="C00000", align="center",
              description="Mention « PROJET » en tête de chaque page"),
    StyleSpec(COLLECTIVITE, "paragraph", NORMAL, bold=True, all_caps=True, space_after_pt=0,
              description="En-tête : République française, nom de la collectivité"),
    StyleSpec(OPENING, "paragraph", NORMAL, align="justify", space_after_pt=6,
              description="Formule d'ouverture et phrases de procédure"),
    StyleSpec(COUNTERS, "paragraph", NORMAL, bold=True, align="center", space_before_pt=6, space_after_pt=6,
              description="Compteurs : en exercice, présents, représentés, votants"),
    StyleSpec(MENTION, "paragraph", NORMAL, space_after_pt=2,
              description="Rapporteur, numéro de délibération, secrétaire de séance"),
    StyleSpec(TURN, "paragraph", NORMAL, align="justify", left_indent_cm=0.5, space_after_pt=4,
              description="Une intervention (teneur des discussions, verbatim)"),
    StyleSpec(VOTE_RESULT, "paragraph", NORMAL, bold=True, space_before_pt=4, space_after_pt=4,
              description="Résultat d'un vote"),
    StyleSpec(REVIEW_NOTE, "paragraph", NORMAL, italic=True, size_pt=9, color="7F7F7F", space_after_pt=4,
              description="Indication pour la relecture (relevé automatique, à vérifier)"),
    StyleSpec(SIGNATURE, "paragraph", NORMAL, align="center", space_before_pt=6, space_after_pt=48,
              description="Bloc de signature"),
    StyleSpec(CELL, "paragraph", NORMAL, size_pt=10, space_after_pt=0, description="Texte d'un tableau"),
    StyleSpec(CELL_HEADER, "paragraph", CELL, bold=True, description="En-tête de colonne d'un tableau"),
    StyleSpec(AGENDA_ENTRY, "paragraph", NORMAL, left_indent_cm=0.5, space_after_pt=2,
              description="Une ligne de l'ordre du jour"),
    StyleSpec(PAGINATION, "paragraph", "Footer", size_pt=9, align="center", description="Pied de page : Page X / Y"),
    StyleSpec(SPEAKER, "character", None, bold=True, description="Nom de l'intervenant"),
    StyleSpec(TIMESTAMP, "character", None, size_pt=9, color="7F7F7F", description="Horodatage hh:mm:ss"),
    StyleSpec(UNCERTAIN, "character", None, color="C55A11", underline="dotted",
              description="Mot transcrit avec une faible confiance, à vérifier à l'écoute"),
    StyleSpec(TO_COMPLETE, "character", None, bold=True, highlight="yellow",
              description="Champ « [à compléter] »"),
)

#: every style name the renderer may use
ALL_STYLES = frozenset(
    {NORMAL, TITLE, SUBTITLE, HEADING_1, HEADING_2, BULLET, GRID_TABLE, PLAIN_TABLE}
    | {s.name for s in CUSTOM_STYLES}
)
