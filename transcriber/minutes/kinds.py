"""The kinds of document Séance drafts, listed once (the CLI, the app, the form and the renderer
all read this table)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentKind:
    key: str
    #: the document's name, also the stem of its file in the meeting's exports/ folder
    name: str
    #: the label of the button that drafts it
    action: str
    #: one line for ``seance minutes --help``
    description: str
    #: may be the form's ``type`` (the main document of a meeting)
    main: bool = True


KINDS: dict[str, DocumentKind] = {k.key: k for k in (
    DocumentKind("pv", "Projet de procès-verbal", "Générer le projet de PV",
                 "procès-verbal de séance du conseil (art. L2121-15 du CGCT)"),
    DocumentKind("cr", "Projet de compte rendu", "Générer le projet de compte rendu",
                 "compte rendu de CODIR ou de réunion de service (décisions, actions)"),
    DocumentKind("verbatim", "Verbatim", "Générer le verbatim",
                 "transcription intégrale avec intervenants et horodatage"),
    DocumentKind("verbatim_nettoye", "Verbatim nettoyé", "Générer le verbatim nettoyé",
                 "verbatim sans hésitations, répétitions ni faux départs (rien d'autre changé)", main=False),
    DocumentKind("deliberations", "Liste des délibérations", "Liste des délibérations",
                 "liste des délibérations examinées (art. L2121-25 du CGCT)", main=False),
)}

#: every kind, in the order the app shows them
DOC_KINDS = tuple(KINDS)
#: the kinds a form may name as its main document
FORM_KINDS = tuple(k for k, v in KINDS.items() if v.main)
#: the file formats of a document: Word, and OpenDocument (converted by LibreOffice)
DOC_FORMATS = ("docx", "odt")
