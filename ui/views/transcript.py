"""The transcript editor: one card per segment (speaker, time, text) in a ``QListView``.

The delegate paints each segment with a ``QTextDocument`` (cached per segment and width): the
speaker's name in their colour, the time, the words, low-confidence words marked "à vérifier",
and the word being played highlighted. A click on a word seeks the audio there; a double click,
F2 or Entrée edits the text in place (Entrée validates, Échap cancels, Ctrl+Entrée splits the
segment at the cursor). Every edit is an undo command of the meeting document.

Some words of a segment can be given to another speaker: select them in the editor and press
Alt+1…9 (the speaker's number) or use « Attribuer la sélection à » in its context menu; or, on
the list, right-click a word: « Attribuer à partir de ce mot à » / « jusqu'à ce mot ». The
segment is split around those words (``Meeting.reassign``), as one undoable step.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QEvent, QModelIndex, QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (QAction, QBrush, QColor, QFont, QFontMetrics, QKeyEvent, QKeySequence, QPainter,
                           QPalette, QPen, QTextCharFormat, QTextCursor, QTextDocument,
                           QTextOption)
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QInputDialog, QListView, QMenu,
                               QPlainTextEdit, QStyle, QStyledItemDelegate, QStyleOptionViewItem,
                               QToolTip, QWidget)

from transcriber.model import Segment
from transcriber.timefmt import clock

from ..qmodels import (CurrentRole, CurrentWordRole, MeetingDocument, SegmentRole,
                       word_at_char, word_spans)

PAD_X, PAD_Y, INDENT, GAP = 10, 6, 18, 3
#: the speaker id that stands for "a new speaker, ask the name" in reassign requests
NEW_SPEAKER = "\x00new"
LOW_CONFIDENCE_BG = QColor("#FFE3C2")
FIXED_LINE = QColor("#0072B2")  # a name respelt from the vocabulary (Word.corrected_from)
LOW_CONFIDENCE_LINE = QColor("#E07A00")
CURRENT_WORD_BG = QColor("#FFE45C")
CURRENT_WORD_LINE = QColor("#C99700")
CURRENT_SEGMENT_BG = QColor("#FFF8D6")


class SegmentEditor(QPlainTextEdit):
    """In-place editor of one segment's text."""

    #: emitted on Ctrl+Entrée with the cursor's character position
    splitRequested = Signal(int)
    #: (speaker id, selection start, selection end): give the selected words to a speaker
    reassignRequested = Signal(str, int, int)

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
        menu.popup(event.globalPos())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        n = self._speaker_number(event)
        if n is not None:
            speakers = self._speakers()
            if n <= len(speakers):
                self.reassign_selection(speakers[n - 1].id)
            else:
                QApplication.beep()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.splitRequested.emit(self.textCursor().position())
            else:
                self._submit()  # a segment is one paragraph: Entrée validates
            return
        super().keyPressEvent(event)

    def _submit(self) -> None:
        delegate = self.property("seance_delegate")
        if delegate is not None:
            delegate.commitData.emit(self)
            delegate.closeEditor.emit(self, QStyledItemDelegate.EndEditHint.NoHint)


class SegmentDelegate(QStyledItemDelegate):
    """Paints a segment card; creates the in-place editor; maps points to words."""

    def __init__(self, view: "TranscriptView") -> None:
        super().__init__(view)
        self.view = view
        self._docs: OrderedDict[tuple, tuple[QTextDocument, list[tuple[int, int]]]] = OrderedDict()
        self._heights: dict[tuple, int] = {}
        base = view.font()
        self.text_font = QFont(base)
        self.text_font.setPointSizeF(base.pointSizeF() * 1.1 if base.pointSizeF() > 0 else 11)
        self.header_font = QFont(base)
        self.header_font.setBold(True)
        self.time_font = QFont(base)
        self._measure = QTextDocument()
        self._measure.setDocumentMargin(0)
        self._measure.setDefaultFont(self.text_font)
        self._low_format = QTextCharFormat()
        self._low_format.setBackground(LOW_CONFIDENCE_BG)
        self._low_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        self._low_format.setUnderlineColor(LOW_CONFIDENCE_LINE)
        self._fixed_format = QTextCharFormat()
        self._fixed_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        self._fixed_format.setUnderlineColor(FIXED_LINE)
        self._header_h = QFontMetrics(self.header_font).height()

    # --- geometry ------------------------------------------------------------------------------
    def _text_width(self, rect_width: int) -> int:
        return max(80, rect_width - PAD_X - INDENT - PAD_X)

    def _header_height(self) -> int:
        return self._header_h

    def text_rect(self, rect: QRect) -> QRect:
        top = rect.top() + PAD_Y + self._header_height() + GAP
        return QRect(rect.left() + PAD_X + INDENT, top, self._text_width(rect.width()),
                     rect.bottom() - top - PAD_Y)

    def header_rect(self, rect: QRect) -> QRect:
        return QRect(rect.left() + PAD_X, rect.top() + PAD_Y, rect.width() - 2 * PAD_X,
                     self._header_height())

    def document(self, seg: Segment, width: int) -> tuple[QTextDocument, list[tuple[int, int]]]:
        """The formatted document of a segment (built for painting and hit tests; cached)."""
        key = (id(seg), id(seg.words), len(seg.words), self._text_width(width))
        cached = self._docs.get(key)
        if cached is not None:
            self._docs.move_to_end(key)
            return cached
        text, spans = word_spans(seg.words)
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(self.text_font)
        doc.setPlainText(text or "…")
        cursor = QTextCursor(doc)
        for w, (a, b) in zip(seg.words, spans):
            fmt = self._fixed_format if w.corrected_from else self._low_format if w.low_confidence else None
            if fmt is not None and b > a:  # a name respelt from the vocabulary, or a doubtful word
                cursor.setPosition(a)
                cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
                cursor.mergeCharFormat(fmt)
        doc.setTextWidth(self._text_width(width))
        doc.size()  # lay it out now: hit tests and word rectangles need its lines
        self._docs[key] = (doc, spans)
        while len(self._docs) > 600:  # the visible ones and some around them
            self._docs.popitem(last=False)
        return doc, spans

    def text_height(self, seg: Segment, width: int) -> int:
        """Height of a segment's text: plain-text layout in one reused document (the formats
        of the painted document change colours, never line breaks)."""
        key = (id(seg), id(seg.words), len(seg.words), self._text_width(width))
        h = self._heights.get(key)
        if h is None:
            if len(self._heights) > 20_000:
                self._heights.clear()
            self._measure.setTextWidth(self._text_width(width))
            self._measure.setPlainText(word_spans(seg.words)[0] or "…")
            h = self._heights[key] = int(self._measure.size().height() + 0.5)
        return h

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        seg: Segment = index.data(SegmentRole)
        width = self.view.viewport().width()
        h = PAD_Y + self._header_height() + GAP + self.text_height(seg, width) + PAD_Y
        return QSize(width, h)

    # --- painting ------------------------------------------------------------------------------
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        seg: Segment = index.data(SegmentRole)
        doc_model: MeetingDocument = self.view.document_model
        rect = option.rect
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        current = bool(index.data(CurrentRole))
        hl = option.palette.color(QPalette.ColorRole.Highlight)
        if current:
            painter.fillRect(rect, CURRENT_SEGMENT_BG)
        elif selected:
            soft = QColor(hl)
            soft.setAlpha(36)
            painter.fillRect(rect, soft)
        if selected:
            painter.setPen(QPen(hl, 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
        colour = QColor(doc_model.color_of(seg.speaker))
        # a bar in the speaker's colour
        painter.fillRect(QRect(rect.left() + 2, rect.top() + 4, 4 if current else 3, rect.height() - 8), colour)

        header = self.header_rect(rect)
        painter.setFont(self.header_font)
        painter.setPen(colour.darker(115))
        name = doc_model.speaker_label(seg.speaker)
        fm = QFontMetrics(self.header_font)
        painter.drawText(header, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
        x = header.left() + fm.horizontalAdvance(name) + 12
        painter.setFont(self.time_font)
        painter.setPen(option.palette.color(QPalette.ColorRole.PlaceholderText))
        extra = clock(seg.start_ms)
        if seg.overlap:
            extra += "   · voix superposées"
        painter.drawText(QRect(x, header.top(), header.right() - x, header.height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, extra)

        text_rect = self.text_rect(rect)
        doc, spans = self.document(seg, rect.width())
        painter.translate(text_rect.topLeft())
        painter.setPen(QPen(option.palette.color(QPalette.ColorRole.Text)))
        doc.drawContents(painter)
        word = index.data(CurrentWordRole)
        if word is not None and 0 <= word < len(spans):
            # over the text (a low-confidence background must not hide it), half transparent
            fill = QColor(CURRENT_WORD_BG)
            fill.setAlpha(140)
            painter.setPen(QPen(CURRENT_WORD_LINE, 1.5))
            painter.setBrush(QBrush(fill))
            for r in self.span_rects(doc, spans[word]):
                painter.drawRoundedRect(r.adjusted(-2, 0, 2, 0), 3, 3)
        painter.restore()
        # a thin separator
        painter.save()
        painter.setPen(option.palette.color(QPalette.ColorRole.Midlight))
        painter.drawLine(rect.left() + PAD_X, rect.bottom(), rect.right() - PAD_X, rect.bottom())
        painter.restore()

    @staticmethod
    def span_rects(doc: QTextDocument, span: tuple[int, int]) -> list[QRectF]:
        """Rectangles (document coordinates) covering the characters ``span`` of ``doc``."""
        a, b = span
        if b <= a:
            return []
        block = doc.firstBlock()
        layout = block.layout()
        origin = layout.position()
        rects = []
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            start, end = line.textStart(), line.textStart() + line.textLength()
            lo, hi = max(a, start), min(b, end)
            if lo >= hi:
                continue
            x1, _ = line.cursorToX(lo)
            x2, _ = line.cursorToX(hi)
            rects.append(QRectF(origin.x() + x1, origin.y() + line.y(), x2 - x1, line.height()))
        return rects

    # --- hit testing ---------------------------------------------------------------------------
    def char_at(self, index: QModelIndex, rect: QRect, pos: QPoint) -> int | None:
        text_rect = self.text_rect(rect)
        if not text_rect.adjusted(-4, -2, 4, 2).contains(pos):
            return None
        seg: Segment = index.data(SegmentRole)
        doc, _ = self.document(seg, rect.width())
        local = QPointF(pos - text_rect.topLeft())
        hit = doc.documentLayout().hitTest(local, Qt.HitTestAccuracy.ExactHit)
        return None if hit < 0 else hit

    def word_at(self, index: QModelIndex, rect: QRect, pos: QPoint) -> int | None:
        char = self.char_at(index, rect, pos)
        if char is None:
            return None
        seg: Segment = index.data(SegmentRole)
        _, spans = self.document(seg, rect.width())
        return word_at_char(spans, char)

    def helpEvent(self, event, view, option: QStyleOptionViewItem, index: QModelIndex) -> bool:
        word = self.word_at(index, option.rect, event.pos()) if event.type() == QEvent.Type.ToolTip else None
        w = index.data(SegmentRole).words[word] if word is not None else None
        if w is not None and (w.corrected_from or w.low_confidence):
            QToolTip.showText(event.globalPos(), f"Nom corrigé d'après le vocabulaire (la transcription "
                              f"disait « {w.corrected_from} »)" if w.corrected_from
                              else "Mot peu sûr : à vérifier", view)
            return True
        return super().helpEvent(event, view, option, index)

    def word_center(self, index: QModelIndex, rect: QRect, word: int) -> QPoint | None:
        """Where a word is drawn (viewport coordinates), for tests and accessibility."""
        seg: Segment = index.data(SegmentRole)
        doc, spans = self.document(seg, rect.width())
        rects = self.span_rects(doc, spans[word])
        if not rects:
            return None
        c = rects[0].center()
        tl = self.text_rect(rect).topLeft()
        return QPoint(int(tl.x() + c.x()), int(tl.y() + c.y()))

    # --- editing -------------------------------------------------------------------------------
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> QWidget:
        editor = SegmentEditor(parent)
        editor.setFont(self.text_font)
        editor.setProperty("seance_delegate", self)
        editor.splitRequested.connect(lambda pos, e=editor, i=QModelIndex(index): self.view.split_from_editor(e, i, pos))
        editor.reassignRequested.connect(
            lambda sid, a, b, e=editor, i=QModelIndex(index): self.view.reassign_from_editor(e, i, sid, a, b))
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        if not isinstance(editor, SegmentEditor):
            return
        editor.setPlainText(index.data(Qt.ItemDataRole.EditRole) or "")
        cursor = editor.textCursor()
        pos = self.view.take_edit_position()
        cursor.setPosition(min(pos, len(editor.toPlainText())) if pos is not None else len(editor.toPlainText()))
        editor.setTextCursor(cursor)

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:
        if isinstance(editor, SegmentEditor):
            model.setData(index, editor.toPlainText(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        r = self.text_rect(option.rect).adjusted(-4, -3, 4, 3)
        r.setHeight(max(r.height(), QFontMetrics(self.text_font).height() * 3 + 10))
        editor.setGeometry(r)


class TranscriptView(QListView):
    """The list of segments; emits ``seekRequested(ms)`` when a word is clicked."""

    seekRequested = Signal(int)
    #: (row, word index) of the last word clicked
    wordClicked = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transcript")
        self.setAccessibleName("Transcription")
        self.document_model: MeetingDocument | None = None
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(200)
        self.setUniformItemSizes(False)
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setMouseTracking(True)
        self.delegate = SegmentDelegate(self)
        self.setItemDelegate(self.delegate)
        self._edit_pos: int | None = None
        self.last_word: tuple[int, int] | None = None
        self.last_menu: QMenu | None = None
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)

    def set_document(self, doc: MeetingDocument | None) -> None:
        self.document_model = doc
        self.delegate._docs.clear()
        self.delegate._heights.clear()
        self.setModel(doc.segments if doc else None)
        self.last_word = None

    # --- words ---------------------------------------------------------------------------------
    def word_position(self, row: int, word: int) -> QPoint | None:
        """Viewport coordinates of a word (scrolling to it first)."""
        index = self.model().index(row, 0)
        self.scrollTo(index)
        return self.delegate.word_center(index, self.visualRect(index), word)

    def mousePressEvent(self, event) -> None:
        super().mousePressEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.document_model is None:
            return
        pos = event.position().toPoint()
        index = self.indexAt(pos)
        if not index.isValid():
            return
        rect = self.visualRect(index)
        if self.delegate.header_rect(rect).contains(pos):
            self._speaker_menu(index.row(), self.viewport().mapToGlobal(pos))
            return
        word = self.delegate.word_at(index, rect, pos)
        if word is not None:
            seg: Segment = index.data(SegmentRole)
            self.last_word = (index.row(), word)
            self.wordClicked.emit(index.row(), word)
            self.seekRequested.emit(seg.words[word].start_ms)

    def mouseDoubleClickEvent(self, event) -> None:
        pos = event.position().toPoint()
        index = self.indexAt(pos)
        if index.isValid():
            self._edit_pos = self.delegate.char_at(index, self.visualRect(index), pos)
        super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() != QAbstractItemView.State.EditingState:
            if self.currentIndex().isValid():
                self.edit(self.currentIndex())
                return
        super().keyPressEvent(event)

    def take_edit_position(self) -> int | None:
        pos, self._edit_pos = self._edit_pos, None
        return pos

    def editing(self) -> bool:
        return self.state() == QAbstractItemView.State.EditingState

    def selected_rows(self) -> list[int]:
        rows = sorted({i.row() for i in self.selectionModel().selectedIndexes()}) if self.selectionModel() else []
        if not rows and self.currentIndex().isValid():
            rows = [self.currentIndex().row()]
        return rows

    def follow(self, row: int) -> None:
        """Keep the segment being played in view (not while the user edits)."""
        if row < 0 or self.editing() or self.model() is None:
            return
        index = self.model().index(row, 0)
        rect = self.visualRect(index)
        if not self.viewport().rect().contains(rect):
            self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    # --- split from the editor -----------------------------------------------------------------
    def split_from_editor(self, editor: SegmentEditor, index: QModelIndex, cursor_pos: int) -> None:
        doc = self.document_model
        if doc is None or not index.isValid():
            return
        row = index.row()
        text = editor.toPlainText()
        self.delegate.commitData.emit(editor)
        self.delegate.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)
        words_before = len(text[:cursor_pos].split())
        if not doc.split(row, words_before):
            QApplication.beep()

    # --- giving some words to another speaker ---------------------------------------------------
    def reassign_from_editor(self, editor: SegmentEditor, index: QModelIndex, speaker_id: str,
                             sel_start: int, sel_end: int) -> bool:
        """Commit the editor, then give the words selected in it (characters
        ``sel_start..sel_end``) to ``speaker_id`` (``NEW_SPEAKER``: ask for a name)."""
        doc = self.document_model
        if doc is None or not index.isValid():
            return False
        row = index.row()
        text = editor.toPlainText()
        self.delegate.commitData.emit(editor)
        self.delegate.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)
        words = selected_words(text, doc.meeting.segments[row].words, sel_start, sel_end)
        if words is None:
            QApplication.beep()
            return False
        return self.reassign_words(row, *words, speaker_id)

    def reassign_words(self, row: int, first: int, last: int, speaker_id: str) -> bool:
        doc = self.document_model
        if doc is None:
            return False
        if speaker_id == NEW_SPEAKER:
            self._new_speaker_for_words(row, first, last)
            return True
        if not doc.reassign_words(row, speaker_id, first, last):
            QApplication.beep()
            return False
        return True

    def _new_speaker_for_words(self, row: int, first: int, last: int) -> None:
        doc = self.document_model
        dialog = QInputDialog(self)
        dialog.setObjectName("newSpeakerDialog")
        dialog.setWindowTitle("Nouvel intervenant")
        dialog.setLabelText("Nom de l'intervenant :")

        def chosen(name: str) -> None:
            if name.strip() and doc is self.document_model:
                doc.new_speaker_for_words(row, first, last, name)

        dialog.textValueSelected.connect(chosen)
        dialog.open()

    def fill_words_menu(self, menu: QMenu, row: int, first: int, last: int) -> None:
        doc = self.document_model
        if doc is None:
            return
        for sp in doc.meeting.speakers:
            menu.addAction(sp.label, lambda sid=sp.id: self.reassign_words(row, first, last, sid))
        menu.addSeparator()
        menu.addAction("Nouvel intervenant…", lambda: self.reassign_words(row, first, last, NEW_SPEAKER))

    # --- menus ---------------------------------------------------------------------------------
    def _speaker_menu(self, row: int, global_pos: QPoint) -> None:
        menu = QMenu(self)
        self.fill_speaker_menu(menu, [row])
        menu.popup(global_pos)

    def fill_speaker_menu(self, menu: QMenu, rows: list[int]) -> None:
        doc = self.document_model
        if doc is None:
            return
        for sp in doc.meeting.speakers:
            act = QAction(sp.label, menu)
            act.triggered.connect(lambda _=False, sid=sp.id: doc.change_speaker(rows, sid))
            menu.addAction(act)
        menu.addSeparator()
        new = QAction("Nouvel intervenant…", menu)
        new.triggered.connect(lambda: self._new_speaker(rows))
        menu.addAction(new)

    def _new_speaker(self, rows: list[int]) -> None:
        doc = self.document_model
        if doc is None:
            return
        dialog = QInputDialog(self)
        dialog.setWindowTitle("Nouvel intervenant")
        dialog.setLabelText("Nom de l'intervenant :")
        dialog.textValueSelected.connect(lambda name: name.strip() and doc.add_speaker_for(rows, name))
        dialog.open()

    def _context_menu(self, pos: QPoint) -> None:
        doc = self.document_model
        index = self.indexAt(pos)
        if doc is None or not index.isValid():
            return
        rows = self.selected_rows() or [index.row()]
        menu = QMenu(self)
        menu.addAction("Modifier le texte", lambda: self.edit(index))
        word = self.delegate.word_at(index, self.visualRect(index), pos)
        seg: Segment = index.data(SegmentRole)
        if word is not None:
            menu.addAction("Lire à partir d'ici", lambda: self.seekRequested.emit(seg.words[word].start_ms))
            if word > 0:
                menu.addAction("Scinder avant ce mot", lambda: doc.split(index.row(), word))
        menu.addAction("Fusionner avec le segment suivant", lambda: doc.merge_with_next(index.row()))
        sub = menu.addMenu("Attribuer à")
        self.fill_speaker_menu(sub, rows)
        if word is not None and len(seg.words) > 1:
            last = len(seg.words) - 1
            if word > 0:
                self.fill_words_menu(menu.addMenu("Attribuer à partir de ce mot à"), index.row(), word, last)
            if word < last:
                self.fill_words_menu(menu.addMenu("Attribuer jusqu'à ce mot à"), index.row(), 0, word)
        self.last_menu = menu
        menu.popup(self.viewport().mapToGlobal(pos))


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
