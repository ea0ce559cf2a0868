"""Minutes: the facts of a meeting (``context``) and the documents drafted from them.

``detect`` finds votes, pouvoirs, agenda items, decisions and actions in French transcript text;
``form`` holds what the secretary types in; ``context`` and ``outcome`` decide every fact of a
document; ``docx`` lays them out; ``documents`` writes a document (one function for the app and
``seance minutes``); ``kinds`` lists the documents; ``pseudonymise`` hides private persons in a copy.
"""

from .context import PLACEHOLDER, MinutesContext, build_context
from .detect import detect, detect_text
from .documents import document_path, write_document, write_into_folder
from .docx import render
from .form import MinutesForm, form_of, load_form, save_form, store_form
from .kinds import DOC_KINDS, KINDS
from .pseudonymise import NON_ELECTED, pseudonymise

__all__ = [
    "PLACEHOLDER", "MinutesContext", "build_context", "detect", "detect_text", "document_path",
    "write_document", "write_into_folder", "render", "MinutesForm", "form_of", "load_form",
    "save_form", "store_form", "DOC_KINDS", "KINDS", "NON_ELECTED", "pseudonymise",
]
