"""The in-place editor of one segment's text, and the continuous correction keys.

Entrée validates the segment and goes on to the next one (cursor at its start), so a whole
passage is corrected without leaving the keyboard; ↓ on the last line and ↑ on the first line
move to the next or previous segment the same way (Ctrl+↓ / Ctrl+↑ from anywhere); Échap
leaves without changing the segment; Tab validates and leaves the transcript; Ctrl+Entrée
splits the segment at the cursor; Alt+1…9 gives the selected words to speaker N.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QTextOption
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QStyledItemDelegate, QWidget

from ..qmodels import word_spans

#: the speaker id that stands for "a new speaker, ask the name" in reassign requests
NEW_SPEAKER = "\x00new"


class SegmentEditor(QPlainTextEdit):
    """In-place editor of one segment's text."""

    #: emitted on Ctrl+Entrée with the cursor's character position
    splitRequested = Signal(int)
    #: (speaker id, selection start, selection end): give the selected words to a speaker
    reassignRequested = Signal(str, int, int)
    #: (+1 or -1, cursor at the end of the other segment): validate and edit the next/previous
    moveRequested = Signal(int, bool)
    #: Tab / Maj+Tab: validate and move the focus out of the transcript (True: forward)
    leaveRequested = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("segmentEditor")
        self.setTabChangesFocus(True)
        self.setWordWrapMode(QTextOption.WrapMode.WordWrap)
        self.setFrameShape(QPlainTextEdit.Shape.Box)
        self.setAccessibleName("Texte du segment")

    # --- giving the selected words to another speaker ----------------------------------------
    def _speaker_number(self, event: QKeyEvent) -> int | None:
        """N for Alt+N (1…9) while words are selected (the window's Alt+N then yields)."""
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods == Qt.KeyboardModifier.AltModifier and Qt.Key.Key_1 <= event.key() <= Qt.Key.Key_9 \
                and self.textCursor().hasSelection():
            return event.key() - Qt.Key.Key_0
        return None

    def _speakers(self) -> list:
        delegate = self.property("seance_delegate")
        doc = delegate.view.document_model if delegate is not None else None
        return list(doc.meeting.speakers) if doc is not None else []

    def reassign_selection(self, speaker_id: str) -> None:
        c = self.textCursor()
        if c.hasSelection() and speaker_id:
            self.reassignRequested.emit(speaker_id, c.selectionStart(), c.selectionEnd())

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and self._speaker_number(event) is not None:
            event.accept()
            return True
        return super().event(event)

    def contextMenuEvent(self, event) -> None:
        menu = self.createStandardContextMenu()
        menu.addSeparator()
        sub = menu.addMenu("Attribuer la sélection à")
        sub.setEnabled(self.textCursor().hasSelection())
        for n, sp in enumerate(self._speakers(), start=1):
            act = sub.addAction(sp.label, lambda sid=sp.id: self.reassign_selection(sid))
            if n <= 9:
                act.setShortcut(QKeySequence(f"Alt+{n}"))
        sub.addSeparator()
        sub.addAction("Nouvel intervenant…", lambda: self.reassign_selection(NEW_SPEAKER))
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_menu = menu
        menu.popup(event.globalPos())

    # --- keys ----------------------------------------------------------------------------------
    def _on_edge_line(self, first: bool) -> bool:
        """True when the cursor is on the first (or last) displayed line of the text."""
        cursor = self.textCursor()
        block = cursor.block()
        layout = block.layout()
        if layout is None or layout.lineCount() == 0:
            return True
        line = layout.lineForTextPosition(cursor.positionInBlock())
        if not line.isValid():
            return True
        if first:
            return block == self.document().firstBlock() and line.lineNumber() == 0
        return block == self.document().lastBlock() and line.lineNumber() == layout.lineCount() - 1

    def keyPressEvent(self, event: QKeyEvent) -> None:
        n = self._speaker_number(event)
        if n is not None:
            speakers = self._speakers()
            if n <= len(speakers):
                self.reassign_selection(speakers[n - 1].id)
            else:
                QApplication.beep()
            return
        key, mods = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ctrl = mods == Qt.KeyboardModifier.ControlModifier
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if ctrl:
                self.splitRequested.emit(self.textCursor().position())
            elif mods == Qt.KeyboardModifier.NoModifier:
                self.moveRequested.emit(1, False)  # a segment is one paragraph: validate, go on
            return
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and (ctrl or mods == Qt.KeyboardModifier.NoModifier):
            down = key == Qt.Key.Key_Down
            if ctrl or self._on_edge_line(first=not down):
                self.moveRequested.emit(1 if down else -1, not down)
                return
        super().keyPressEvent(event)

    def submit(self) -> None:
        """Validate the text and close the editor."""
        delegate = self.property("seance_delegate")
        if delegate is not None:
            delegate.commitData.emit(self)
            delegate.closeEditor.emit(self, QStyledItemDelegate.EndEditHint.NoHint)

    def place_cursor(self, pos: int | None) -> None:
        """The cursor at character ``pos`` (None: at the start)."""
        cursor = self.textCursor()
        cursor.setPosition(min(max(0, pos or 0), len(self.toPlainText())))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def word_at_cursor(self, words) -> int | None:
        """The index in ``words`` of the word at the cursor, while the text is still theirs."""
        text, spans = word_spans(words)
        if self.toPlainText() != text:
            return None
        pos = self.textCursor().position()
        for i, (a, b) in enumerate(spans):
            if a <= pos <= b and b > a:
                return i
            if pos < a:
                return i
        return len(words) - 1 if words else None


def selected_words(text: str, words, sel_start: int, sel_end: int) -> tuple[int, int] | None:
    """The (first, last) indices of ``words`` touched by the characters ``sel_start..sel_end``
    of ``text``, the editor's text once committed to ``words`` (spaces may differ); None when
    nothing maps (no word selected, or the text does not match the words)."""
    joined, spans = word_spans(words)
    if joined != text:
        if " ".join(text.split()) != " ".join(joined.split()) or " ".join(joined.split()) != joined:
            return None

        def norm(p: int) -> int:
            head = " ".join(text[:p].split())
            if head and text[p - 1].isspace() and text[p:].strip():
                return len(head) + 1
            return len(head)

        sel_start, sel_end = norm(sel_start), norm(sel_end)
    touched = [i for i, (a, b) in enumerate(spans) if b > a and a < sel_end and b > sel_start]
    if not touched:
        return None
    return touched[0], touched[-1]
