"""How a segment card of the transcript is drawn, measured and hit-tested.

A card: the recording's markers that fall there (agenda item, vote, note, pause of the
recording), the speaker's name in their colour and the time, then the words, low-confidence words
marked "à vérifier", names respelt from the vocabulary underlined in blue, and the word being
played highlighted. Each segment's text is laid out in a
``QTextDocument`` (cached per segment and width). Lines never get longer than ``MAX_LINE_CHARS``
characters, however wide the window: a wide screen keeps a readable text.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QPoint, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (QBrush, QColor, QFont, QFontMetrics, QPainter, QPalette, QPen,
                           QTextCharFormat, QTextCursor, QTextDocument)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QToolTip, QWidget

from transcriber.model import Segment
from transcriber.timefmt import clock

from ..qmodels import CurrentRole, CurrentWordRole, MeetingDocument, SegmentRole, word_at_char, word_spans
from .segment_editor import SegmentEditor

if TYPE_CHECKING:
    from .transcript import TranscriptView

PAD_X, PAD_Y, INDENT, GAP = 10, 6, 18, 3
#: the longest line of text, in characters of average width (a comfortable reading measure)
MAX_LINE_CHARS = 85
LOW_CONFIDENCE_BG = QColor("#FFE3C2")
FIXED_LINE = QColor("#0072B2")  # a name respelt from the vocabulary (Word.corrected_from)
LOW_CONFIDENCE_LINE = QColor("#E07A00")
CURRENT_WORD_BG = QColor("#FFE45C")
CURRENT_WORD_LINE = QColor("#C99700")
CURRENT_SEGMENT_BG = QColor("#FFF8D6")
MARKER_COLOURS = {"agenda": QColor("#1565C0"), "vote": QColor("#6A1B9A"), "note": QColor("#2E7D32"),
                  "pause": QColor("#B26A00")}


class SegmentDelegate(QStyledItemDelegate):
    """Paints a segment card; creates the in-place editor; maps points to words."""

    def __init__(self, view: "TranscriptView") -> None:
        super().__init__(view)
        self.view = view
        self._docs: OrderedDict[tuple, tuple[list, QTextDocument, list[tuple[int, int]]]] = OrderedDict()
        self._heights: dict[tuple, tuple[list, int]] = {}
        base = view.font()
        self.text_font = QFont(base)
        self.text_font.setPointSizeF(base.pointSizeF() * 1.1 if base.pointSizeF() > 0 else 11)
        self.header_font = QFont(base)
        self.header_font.setBold(True)
        self.time_font = QFont(base)
        self.marker_font = QFont(base)
        self.marker_font.setBold(True)
        self._text_metrics = QFontMetrics(self.text_font)
        self._wrap = int(Qt.TextFlag.TextWordWrap)
        self._texts: dict[int, tuple[list, int, str]] = {}
        self._low_format = QTextCharFormat()
        self._low_format.setBackground(LOW_CONFIDENCE_BG)
        self._low_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        self._low_format.setUnderlineColor(LOW_CONFIDENCE_LINE)
        self._fixed_format = QTextCharFormat()
        self._fixed_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        self._fixed_format.setUnderlineColor(FIXED_LINE)
        self._header_h = QFontMetrics(self.header_font).height()
        self._marker_h = QFontMetrics(self.marker_font).height() + 6
        self.max_text_width = QFontMetrics(self.text_font).averageCharWidth() * MAX_LINE_CHARS

    # --- geometry ------------------------------------------------------------------------------
    def _text_width(self, rect_width: int) -> int:
        return max(80, min(self.max_text_width, rect_width - PAD_X - INDENT - PAD_X))

    def _header_height(self) -> int:
        return self._header_h

    def _bands(self, row: int) -> tuple[int, int]:
        """Heights of the marker lines above and below the card of ``row``."""
        before, after = self.view.markers_of(row)
        return len(before) * self._marker_h, len(after) * self._marker_h

    def text_rect(self, rect: QRect, row: int = -1) -> QRect:
        above, below = self._bands(row)
        top = rect.top() + above + PAD_Y + self._header_height() + GAP
        return QRect(rect.left() + PAD_X + INDENT, top, self._text_width(rect.width()),
                     rect.bottom() - below - top - PAD_Y)

    def header_rect(self, rect: QRect, row: int = -1) -> QRect:
        above, _ = self._bands(row)
        return QRect(rect.left() + PAD_X, rect.top() + above + PAD_Y, rect.width() - 2 * PAD_X,
                     self._header_height())

    def document(self, seg: Segment, width: int) -> tuple[QTextDocument, list[tuple[int, int]]]:
        """The formatted document of a segment (built for painting and hit tests; cached)."""
        key = (id(seg.words), len(seg.words), self._text_width(width))
        cached = self._docs.get(key)
        if cached is not None and cached[0] is seg.words:
            self._docs.move_to_end(key)
            return cached[1], cached[2]
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
        self._docs[key] = (seg.words, doc, spans)  # (the list is held: its id stays its own)
        while len(self._docs) > 600:  # the visible ones and some around them
            self._docs.popitem(last=False)
        return doc, spans

    def clear_caches(self) -> None:
        self._docs.clear()
        self._heights.clear()
        self._texts.clear()

    def text_of(self, seg: Segment) -> str:
        """A segment's text as shown (cached: a long meeting asks for thousands of them)."""
        words = seg.words
        cached = self._texts.get(id(words))
        if cached is not None and cached[0] is words and cached[1] == len(words):
            return cached[2]
        if len(self._texts) > 20_000:
            self._texts.clear()
        text = word_spans(words)[0] or "…"
        self._texts[id(words)] = (words, len(words), text)  # (the list is held: its id stays its own)
        return text

    def text_height(self, seg: Segment, width: int) -> int:
        """Height of a segment's text, wrapped at word boundaries like the painted document
        (whose formats change colours, never line breaks); the font's metrics measure it
        several times faster than a document, which matters for a long meeting's thousands
        of cards. Lines are capped (``MAX_LINE_CHARS``), so on most screens the width, hence
        the height, does not change when the window does."""
        text_width = self._text_width(width)
        key = (id(seg.words), len(seg.words), text_width)
        cached = self._heights.get(key)
        if cached is not None and cached[0] is seg.words:
            return cached[1]
        if len(self._heights) > 20_000:
            self._heights.clear()
        h = self._text_metrics.boundingRect(QRect(0, 0, text_width, 1 << 24), self._wrap, self.text_of(seg)).height()
        self._heights[key] = (seg.words, h)
        return h

    def prepare(self, segments: list[Segment], text_width: int) -> None:
        """Measure ``segments`` ahead (called on a pool thread while a meeting loads, with
        fonts of its own): the list then lays out a long meeting from the cache, in a
        fraction of the time."""
        metrics = QFontMetrics(QFont(self.text_font))
        box = QRect(0, 0, text_width, 1 << 24)
        heights = {}
        for seg in segments:
            text = word_spans(seg.words)[0] or "…"
            heights[(id(seg.words), len(seg.words), text_width)] = (seg.words, metrics.boundingRect(box, self._wrap, text).height())
        self._heights.update(heights)

    def prepared_width(self) -> int:
        """The text width the cards will have (the cap, unless the list is shown narrower)."""
        shown = self.view.isVisible() and self.view.viewport().width() > 0
        return self._text_width(self.view.viewport().width()) if shown else self.max_text_width

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        seg: Segment = index.data(SegmentRole)
        width = self.view.viewport().width()
        above, below = self._bands(index.row())
        h = above + PAD_Y + self._header_height() + GAP + self.text_height(seg, width) + PAD_Y + below
        return QSize(width, h)

    # --- painting ------------------------------------------------------------------------------
    def _paint_markers(self, painter: QPainter, option: QStyleOptionViewItem, top: int,
                       lines: list[tuple[str, int, str]]) -> None:
        rect = option.rect
        painter.setFont(self.marker_font)
        fm = QFontMetrics(self.marker_font)
        for kind, ms, text in lines:
            line = QRect(rect.left() + PAD_X, top + 3, rect.width() - 2 * PAD_X, self._marker_h - 6)
            colour = MARKER_COLOURS.get(kind, MARKER_COLOURS["note"])
            soft = QColor(colour)
            soft.setAlpha(28)
            painter.fillRect(line, soft)
            painter.fillRect(QRect(line.left(), line.top(), 3, line.height()), colour)
            painter.setPen(colour.darker(110))
            label = fm.elidedText(f"{clock(ms)}   {text}", Qt.TextElideMode.ElideRight, line.width() - 16)
            painter.drawText(line.adjusted(10, 0, -6, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             label)
            top += self._marker_h

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        seg: Segment = index.data(SegmentRole)
        doc_model: MeetingDocument = self.view.document_model
        before, after = self.view.markers_of(index.row())
        above, below = len(before) * self._marker_h, len(after) * self._marker_h
        painter.save()
        if before:
            self._paint_markers(painter, option, option.rect.top(), before)
        if after:
            self._paint_markers(painter, option, option.rect.bottom() + 1 - below, after)
        rect = option.rect.adjusted(0, above, 0, -below)
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

        header = self.header_rect(option.rect, index.row())
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

        text_rect = self.text_rect(option.rect, index.row())
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
        text_rect = self.text_rect(rect, index.row())
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
        tl = self.text_rect(rect, index.row()).topLeft()
        return QPoint(int(tl.x() + c.x()), int(tl.y() + c.y()))

    # --- editing -------------------------------------------------------------------------------
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> QWidget:
        editor = SegmentEditor(parent)
        editor.setFont(self.text_font)
        editor.setProperty("seance_delegate", self)
        self.view.connect_editor(editor, index)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        if not isinstance(editor, SegmentEditor):
            return
        text = index.data(Qt.ItemDataRole.EditRole) or ""
        if editor.property("seance_text") == text or " ".join(editor.toPlainText().split()) == text:
            # Qt calls this again on every change of the row (the played word's highlight, the
            # text committed by Ctrl+S): what is being typed stays, the cursor too
            editor.setProperty("seance_text", text)
            return
        editor.setProperty("seance_text", text)
        editor.setPlainText(text)
        editor.place_cursor(self.view.take_edit_position())

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:
        if isinstance(editor, SegmentEditor):
            model.setData(index, editor.toPlainText(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        r = self.text_rect(option.rect, index.row()).adjusted(-4, -3, 4, 3)
        r.setHeight(max(r.height(), QFontMetrics(self.text_font).height() * 3 + 10))
        editor.setGeometry(r)

    def eventFilter(self, obj, event) -> bool:
        # Tab in the editor validates and leaves the transcript (Qt's default would open the
        # next segment's editor, and Tab would never get out of the list)
        if isinstance(obj, SegmentEditor) and event.type() == event.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            obj.leaveRequested.emit(event.key() == Qt.Key.Key_Tab
                                    and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            return True
        return super().eventFilter(obj, event)
