"""Placeholders that cannot be taken for a value: written as an example (« ex. 20:30 ») or an
instruction, shown in italics and a lighter grey while the field is empty."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

#: the placeholder's grey: lighter than Qt's default (half the text colour), still legible
PLACEHOLDER_ALPHA = 105


def placeholder(widget: QLineEdit | QPlainTextEdit, text: str) -> None:
    """Give ``widget`` the placeholder ``text``, in italics and light grey while it is empty."""
    widget.setPlaceholderText(text)
    palette = widget.palette()
    grey = QColor(palette.color(QPalette.ColorRole.Text))
    grey.setAlpha(PLACEHOLDER_ALPHA)
    palette.setColor(QPalette.ColorRole.PlaceholderText, grey)
    widget.setPalette(palette)
    is_empty = (lambda: not widget.text()) if isinstance(widget, QLineEdit) else (lambda: widget.document().isEmpty())

    def restyle() -> None:
        font = widget.font()
        if font.italic() != is_empty():
            font.setItalic(is_empty())
            widget.setFont(font)

    widget.textChanged.connect(restyle)
    restyle()
