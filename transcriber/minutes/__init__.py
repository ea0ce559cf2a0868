"""Minutes: the facts of a meeting (``context``) and the documents drafted from them.

``detect`` finds votes, pouvoirs, agenda items, decisions and actions in French transcript text;
``form`` holds what the secretary types in; ``context`` and ``outcome`` decide every fact of a
document; ``docx`` lays them out; ``documents`` writes a document (one function for the app and
``seance minutes``); ``kinds`` lists the documents; ``pseudonymise`` hides private persons in a copy.
"""

import importlib
from typing import Any

#: public name -> the module that defines it; imported on first use, so that the app starts
#: without python-docx and the detectors (``import transcriber.minutes.kinds`` stays light)
_EXPORTS = {
    "PLACEHOLDER": "outcome", "MinutesContext": "context", "build_context": "context",
    "detect": "detect", "detect_text": "detect", "document_path": "documents",
    "write_document": "documents", "write_into_folder": "documents", "render": "docx",
    "MinutesForm": "form", "form_of": "form", "load_form": "form", "save_form": "form",
    "store_form": "form", "DOC_KINDS": "kinds", "KINDS": "kinds", "NON_ELECTED": "pseudonymise",
}
__all__ = list(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
