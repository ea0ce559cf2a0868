"""Séance desktop app (PySide6). The core it drives lives in ``transcriber`` and never imports Qt.

PySide6 is pinned to 6.11.3: 6.12.0 on CPython 3.11 returns ``None`` from void methods without
a new reference and aborts the interpreter after a few thousand calls ("deallocating None");
``tests/ui/test_app.py::test_pyside_does_not_leak_none_references`` guards against it.
"""
