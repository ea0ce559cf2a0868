"""Minutes: the facts of a meeting (``context``) and the Word documents drafted from them (``docx``).

``detect`` finds votes, pouvoirs, agenda items, decisions and actions in French transcript text;
``form`` holds what the secretary types in; ``pseudonymise`` hides private persons in a copy.
"""

from .context import PLACEHOLDER, MinutesContext, build_context
from .detect import detect, detect_text
from .docx import render, save_document, write_minutes
from .form import MinutesForm, form_of, load_form, save_form, store_form
from .pseudonymise import NON_ELECTED, pseudonymise

__all__ = [
    "PLACEHOLDER", "MinutesContext", "build_context", "detect", "detect_text", "render",
    "save_document", "write_minutes", "MinutesForm", "form_of", "load_form", "save_form",
    "store_form", "NON_ELECTED", "pseudonymise",
]
