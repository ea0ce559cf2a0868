"""Synthetic French meetings for the minutes tests (a conseil municipal and a CODIR) and helpers
to read a .docx back.

Each turn is (speaker id, start in seconds, text); words get 350 ms each, so every fact has a
real transcript time. Words listed in ``UNSURE`` get a low ASR probability.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx

from transcriber.minutes.form import (
    AgendaItem,
    Attendance,
    MinutesForm,
    Representation,
)
from transcriber.model import Marker, Meeting, Segment, Speaker, Word

WORD_MS = 350
UNSURE = {"voirie."}

COUNCIL_TURNS = [
    ("S0", 0, "Bonsoir à toutes et à tous. Je déclare la séance ouverte à vingt heures trente. "
              "Je procède à l'appel. Mme Claire Petit a donné pouvoir à M. Louis Bernard. "
              "M. Jacques Noël donne procuration à Mme Anne Martin. Mme Isabelle Perrin est excusée. "
              "Le quorum est atteint."),
    ("S0", 40, "Je vous propose de désigner M. Paul Durand comme secrétaire de séance. "
               "Pas d'opposition ? C'est adopté."),
    ("S0", 60, "Avez-vous des observations sur le procès-verbal de la séance du douze février ? "
               "Pas d'observation ? Le procès-verbal de la séance du 12 février est approuvé à l'unanimité. "
               "Le point trois est retiré de l'ordre du jour."),
    ("S0", 90, "Point numéro un, le budget primitif. Je donne la parole à M. Louis Bernard, adjoint aux finances."),
    ("S1", 100, "Merci Madame le Maire. Le budget primitif deux mille vingt-six s'équilibre à trois millions "
                "d'euros en fonctionnement. Les investissements portent sur l'école et la voirie."),
    ("S2", 130, "Je ne suis pas contre ce projet, mais la hausse des dépenses de personnel nous inquiète. "
                "Nous voterons contre."),
    ("S0", 150, "Je mets aux voix. Qui est contre ? Deux. Qui s'abstient ? Personne. Le budget est adopté."),
    ("S0", 180, "Nous passons au point numéro deux : tarifs de la cantine scolaire. "
                "La parole est à Mme Sophie Leroy, adjointe aux affaires scolaires."),
    ("S5", 190, "Il est proposé d'augmenter le tarif du repas de deux pour cent, soit quatre euros dix. "
                "Le tarif social reste inchangé. C'est la délibération deux mille vingt-six tiret treize."),
    ("S3", 210, "La hausse couvre l'augmentation du coût des denrées constatée depuis septembre."),
    ("S0", 225, "Merci Monsieur Dupuis pour ces précisions. Je soumets au vote. "
                "Adopté par douze voix pour, deux voix contre et zéro abstention. "
                "Il est décidé d'appliquer les nouveaux tarifs au premier septembre."),
    ("S0", 260, "Point numéro quatre, convention avec l'association Les Jardins partagés. "
                "M. Henri Roux, intéressé, quitte la salle et ne prend pas part au vote. "
                "Qui est pour ? Treize. C'est adopté à l'unanimité."),
    ("S0", 290, "Questions diverses : néant. Mme Julie Faure se charge de transmettre le calendrier des "
                "travaux pour le quinze avril. L'ordre du jour étant épuisé, la séance est levée à "
                "vingt-deux heures trente-cinq."),
]

COUNCIL_SPEAKERS = [
    Speaker("S0", "Anne Martin", elected=True),
    Speaker("S1", "Louis Bernard", elected=True),
    Speaker("S2", "Henri Roux", elected=True),
    Speaker("S3", "Jean Dupuis", elected=False),
    Speaker("S5", "Sophie Leroy", elected=True),
]

CODIR_TURNS = [
    ("S0", 0, "Bonjour à tous. Premier point, le plan de formation. Je laisse Marc présenter."),
    ("S1", 10, "Le plan de formation deux mille vingt-six prévoit quarante sessions, dont douze sur la "
               "sécurité au travail. Le budget reste stable."),
    ("S0", 40, "Très bien. Le CODIR valide le plan de formation 2026. Marc Girard se charge de diffuser la "
               "note aux agents pour le vingt mars."),
    ("S0", 60, "Deuxième point, le télétravail. Il faudrait recenser les demandes des services."),
    ("S2", 70, "Je m'en charge."),
    ("S0", 75, "Il est décidé de limiter le télétravail à deux jours par semaine. "
               "Le prochain CODIR aura lieu le mardi sept avril à neuf heures."),
]

CODIR_SPEAKERS = [
    Speaker("S0", "Claire Morel", elected=False),
    Speaker("S1", "Marc Girard", elected=False),
    Speaker("S2", "Nadia Chevalier", elected=False),
]


def make_segments(turns) -> list[Segment]:
    segments = []
    for speaker, start_s, text in turns:
        start = start_s * 1000
        words = [
            Word(start + i * WORD_MS, start + (i + 1) * WORD_MS, tok, 0.3 if tok in UNSURE else 0.95)
            for i, tok in enumerate(text.split())
        ]
        segments.append(Segment(start, words[-1].end_ms, words, speaker))
    return segments


def council_meeting() -> Meeting:
    return Meeting(
        title="Conseil municipal du 12 mars 2026",
        date="2026-03-12",
        kind="conseil",
        duration_ms=320_000,
        segments=make_segments(COUNCIL_TURNS),
        speakers=[Speaker(s.id, s.name, s.elected) for s in COUNCIL_SPEAKERS],
        markers=[Marker(90_000, "agenda", "Point 1 – Budget primitif 2026")],
    )


def council_form() -> MinutesForm:
    return MinutesForm(
        kind="pv",
        collectivite="Commune de Saint-Exemple",
        body="conseil municipal",
        date="2026-03-12",
        place="salle du conseil",
        convocation_date="2026-03-06",
        president="Mme Anne Martin, maire",
        members_in_office=16,
        attendance=Attendance(
            present=["Mme Anne Martin", "M. Paul Durand", "M. Louis Bernard", "Mme Sophie Leroy",
                     "M. Marc Girard", "Mme Julie Faure", "M. Henri Roux", "Mme Claire Morel",
                     "M. Éric Fontaine", "Mme Nadia Chevalier", "M. Yves Garnier", "Mme Lucie Robin"],
            represented=[Representation("Mme Claire Petit", "M. Louis Bernard"),
                         Representation("M. Jacques Noël", "Mme Anne Martin")],
            excused=["Mme Isabelle Perrin"],
            absent=["M. Thomas Blanc"],
        ),
        items=[
            AgendaItem("1", "Budget primitif 2026", "M. Louis Bernard, adjoint aux finances", "2026-012"),
            AgendaItem("2", "Tarifs de la cantine scolaire"),
            AgendaItem("3", "Subvention exceptionnelle au comité des fêtes", "Mme Anne Martin", "2026-015"),
            AgendaItem("4", "Convention avec l'association Les Jardins partagés", "", "2026-014"),
        ],
        private_persons=["Jean Dupuis"],
    )


def codir_meeting() -> Meeting:
    return Meeting(
        title="CODIR du 17 mars 2026",
        date="2026-03-17",
        kind="codir",
        duration_ms=100_000,
        segments=make_segments(CODIR_TURNS),
        speakers=[Speaker(s.id, s.name, s.elected) for s in CODIR_SPEAKERS],
    )


def codir_form() -> MinutesForm:
    return MinutesForm(
        kind="cr",
        collectivite="Communauté de communes du Val",
        body="comité de direction",
        date="2026-03-17",
        time="09:00",
        place="salle Jean Moulin",
        president="Mme Claire Morel, DGS",
        author="Mme Nadia Chevalier",
        attendance=Attendance(present=["Mme Claire Morel", "M. Marc Girard", "Mme Nadia Chevalier"],
                              excused=["M. Yves Garnier"]),
        items=[AgendaItem("1", "Plan de formation 2026"), AgendaItem("2", "Télétravail")],
        next_meeting=None,
    )


# --- reading documents back ----------------------------------------------------------------


def all_paragraphs(document):
    """Every paragraph of the body, tables included, in order."""
    out = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(docx.text.paragraph.Paragraph(block, document))
        elif tag == "tbl":
            table = docx.table.Table(block, document)
            for row in table.rows:
                for cell in row.cells:
                    out.extend(cell.paragraphs)
    return out


def document_text(document) -> str:
    return "\n".join(p.text for p in all_paragraphs(document))


def table_rows(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def xml_of(path: Path, part: str) -> str:
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith(part))
