"""The transcript editor: one card per segment (speaker, time, text) in a ``QListView``.

The delegate (``transcript_delegate``) paints each segment; the markers set while recording
(agenda items, votes, notes, pauses of the recording) are shown where they fall. A click on a
word plays the audio from there; a double click, F2 or Entrée edits the text in place
(``segment_editor``: Entrée validates and goes on to the next segment, ↑/↓ cross segments, Échap
cancels, Tab leaves, Ctrl+Entrée splits the segment at the cursor). The playback follows the
cursor: when paused it stands at the word under the cursor, and a segment entered while playing
is played from its start. Every edit is an undo command of the meeting document.

Some words of a segment can be given to another speaker: select them in the editor and press
Alt+1…9 (the speaker's number) or use « Attribuer la sélection à » in its context menu; or, on
the list, right-click a word: « Attribuer à partir de ce mot à » / « jusqu'à ce mot ». The
segment is split around those words (``Meeting.reassign``), as one undoable step.
"""

from __future__ import annotations

import bisect

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QInputDialog, QListView, QMenu,
                               QWidget)

from transcriber.model import Segment

from ..qmodels import CurrentRole, CurrentWordRole, MeetingDocument, SegmentRole
from .segment_editor import NEW_SPEAKER, SegmentEditor, selected_words
from .transcript_delegate import FIXED_LINE, LOW_CONFIDENCE_BG, SegmentDelegate

__all__ = ["FIXED_LINE", "LOW_CONFIDENCE_BG", "NEW_SPEAKER", "SegmentDelegate", "SegmentEditor", "TranscriptView",
           "marker_lines", "selected_words"]

#: roles whose change needs a repaint only (the playback's highlight)
PAINT_ONLY_ROLES = {int(CurrentRole), int(CurrentWordRole)}
MARKER_TITLES = {"agenda": "Point de l'ordre du jour", "vote": "Vote", "note": "Note"}


def marker_lines(markers, segments) -> dict[int, tuple[list, list]]:
    """Where each marker of the recording is shown: {row: (lines above the card, lines below)},
    a line being (kind, time in ms, text). A marker goes above the segment it falls in (or the
    next one); after the last segment, below it. A pause and its resume (same time: the cut)
    make one line."""
    out: dict[int, tuple[list, list]] = {}
    if not segments:
        return out
    starts = [s.start_ms for s in segments]
    ordered = sorted(markers, key=lambda m: m.time_ms)
    i = 0
    while i < len(ordered):
        m = ordered[i]
        if m.kind == "pause":
            text = "Enregistrement en pause"
            nxt = ordered[i + 1] if i + 1 < len(ordered) else None
            bits = [m.label] if m.label else []
            if nxt is not None and nxt.kind == "resume" and nxt.time_ms == m.time_ms:
                bits += [nxt.label] if nxt.label else []
                i += 1
            line = ("pause", m.time_ms, f"{text} : {' · '.join(bits)}" if bits else text)
        elif m.kind == "resume":
            line = ("pause", m.time_ms, m.label or "Reprise de l'enregistrement")
        else:
            title = MARKER_TITLES.get(m.kind, "Repère")
            label = m.label.strip()
            line = (m.kind, m.time_ms, f"{title} : {label}" if label and label != title else title)
        row = bisect.bisect_right(starts, m.time_ms) - 1
        if row >= 0 and m.time_ms >= segments[row].end_ms:
            row += 1  # in the silence after a segment: above the next one
        row = max(row, 0)
        if row >= len(segments):
            out.setdefault(len(segments) - 1, ([], []))[1].append(line)
        else:
            out.setdefault(row, ([], []))[0].append(line)
        i += 1
    return out


class TranscriptView(QListView):
    """The list of segments; emits ``playRequested(ms)`` when a word is clicked."""

    seekRequested = Signal(int)
    #: play from this time (a word clicked, « Lire à partir d'ici »)
    playRequested = Signal(int)
    #: (row, word index) of the last word clicked
    wordClicked = Signal(int, int)
    #: the time under the keyboard cursor (a segment chosen in the list, a word in the editor)
    cursorTimeChanged = Signal(int)
    #: an editor opened on this row (the playback, if it plays elsewhere, goes there)
    segmentEntered = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transcript")
        self.setAccessibleName("Transcription")
        self.document_model: MeetingDocument | None = None
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # always there: its appearing would change the cards' width and lay them all out again
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        # one pass: the cards' heights are cached, so laying out even a 3-hour meeting again
        # is quick, and the list never shows half laid out (Batched mode starts over from the
        # top at every change, and meanwhile the scroll bar and Page Down jump)
        self.setLayoutMode(QListView.LayoutMode.SinglePass)
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
        self._markers: dict[int, tuple[list, list]] = {}
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)

    def set_document(self, doc: MeetingDocument | None) -> None:
        self.document_model = doc
        if doc is None:
            self.delegate.clear_caches()
        self._refresh_markers()
        self.setModel(doc.segments if doc else None)
        self.last_word = None
        if doc is not None:
            model = doc.segments
            for sig in (model.rowsInserted, model.rowsRemoved, model.modelReset):
                sig.connect(self._refresh_markers)
            self.selectionModel().currentChanged.connect(self._current_changed)

    def dataChanged(self, top_left, bottom_right, roles=()) -> None:  # noqa: N802 (Qt's name)
        """The played segment and word only change colours: repaint those cards; a segment
        whose text changed but not its height: repaint it. (QListView lays every card out
        again on any change of data, which the playback does several times a second.)"""
        if roles and {int(r) for r in roles} <= PAINT_ONLY_ROLES and self.model() is not None:
            if not self.isVisible():
                return
            for row in range(top_left.row(), bottom_right.row() + 1):
                self.viewport().update(self.visualRect(self.model().index(row, 0)))
            return
        if top_left == bottom_right and top_left.isValid() and self.isVisible() \
                and self.visualRect(top_left).height() == self.delegate.sizeHint(None, top_left).height():
            # one segment edited, its card as high as before: no need to lay out every card
            # again (QAbstractItemView's own handling repaints it and refreshes its editor)
            QAbstractItemView.dataChanged(self, top_left, bottom_right, roles)
            return
        super().dataChanged(top_left, bottom_right, roles)

    # --- markers of the recording ----------------------------------------------------------------
    def _refresh_markers(self, *_args) -> None:
        doc = self.document_model
        self._markers = marker_lines(doc.meeting.markers, doc.meeting.segments) if doc else {}

    def markers_of(self, row: int) -> tuple[list, list]:
        """The marker lines shown above and below the card of ``row``."""
        return self._markers.get(row, ([], []))

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
        if self.delegate.header_rect(rect, index.row()).contains(pos):
            self._speaker_menu(index.row(), self.viewport().mapToGlobal(pos))
            return
        word = self.delegate.word_at(index, rect, pos)
        if word is not None:
            seg: Segment = index.data(SegmentRole)
            self.last_word = (index.row(), word)
            self.wordClicked.emit(index.row(), word)
            self.playRequested.emit(seg.words[word].start_ms)

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

    def moveCursor(self, action, modifiers) -> QModelIndex:  # noqa: N802 (Qt's name)
        """Page Up / Page Down by one screen of cards. (Qt's own search walks the list a pixel
        at a time: on a 3-hour meeting one key took over a minute.)"""
        Action = QAbstractItemView.CursorAction
        model = self.model()
        if action not in (Action.MovePageDown, Action.MovePageUp) or model is None or model.rowCount() == 0:
            return super().moveCursor(action, modifiers)
        down = action == Action.MovePageDown
        page = self.viewport().rect()
        rect = self.visualRect(self.currentIndex()) if self.currentIndex().isValid() else QRect()
        y = rect.center().y() if page.contains(rect.center()) else (page.top() + 2 if down else page.bottom() - 2)
        bar = self.verticalScrollBar()
        before = bar.value()
        bar.setValue(before + (page.height() if down else -page.height()))
        if bar.value() == before:  # at the end (or the start) already: the last (first) card
            return model.index(model.rowCount() - 1 if down else 0, 0)
        index = self.indexAt(QPoint(page.center().x(), y))
        return index if index.isValid() else model.index(model.rowCount() - 1 if down else 0, 0)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self.editing():
            self.cursorTimeChanged.emit(current.data(SegmentRole).start_ms)

    # --- the editor: continuous correction ---------------------------------------------------------
    def connect_editor(self, editor: SegmentEditor, index: QModelIndex) -> None:
        """Wire a new editor (made by the delegate) to this view."""
        at = QPersistentModelIndex(index)
        editor.splitRequested.connect(lambda pos: self.split_from_editor(editor, QModelIndex(at), pos))
        editor.reassignRequested.connect(
            lambda sid, a, b: self.reassign_from_editor(editor, QModelIndex(at), sid, a, b))
        editor.moveRequested.connect(lambda delta, at_end: self.move_from_editor(editor, QModelIndex(at), delta, at_end))
        editor.leaveRequested.connect(lambda forward: self.leave_from_editor(editor, forward))
        editor.cursorPositionChanged.connect(lambda: self._editor_cursor_moved(editor, QModelIndex(at)))
        self.segmentEntered.emit(index.row())

    def _editor_cursor_moved(self, editor: SegmentEditor, index: QModelIndex) -> None:
        if not index.isValid():
            return
        seg: Segment = index.data(SegmentRole)
        word = editor.word_at_cursor(seg.words)
        if word is not None:
            self.cursorTimeChanged.emit(seg.words[word].start_ms)

    def move_from_editor(self, editor: SegmentEditor, index: QModelIndex, delta: int, at_end: bool) -> None:
        """Validate the segment, then edit the next (``delta`` 1) or previous (-1) one, the
        cursor at its start (or end); past the last segment the editor just closes."""
        if not index.isValid():
            return
        target = index.row() + delta
        editor.submit()
        model = self.model()
        if model is None or not 0 <= target < model.rowCount():
            return
        nxt = model.index(target, 0)
        self._edit_pos = len(nxt.data(Qt.ItemDataRole.EditRole) or "") if at_end else 0
        self.setCurrentIndex(nxt)
        self.scrollTo(nxt)
        self.edit(nxt)

    def commit_editor(self) -> None:
        """Store the text being typed (Ctrl+S) and go on typing."""
        editor = self.open_editor()
        if editor is not None:
            self.delegate.commitData.emit(editor)

    def open_editor(self) -> SegmentEditor | None:
        """The segment's editor now open (a closed one may linger until deleted)."""
        if not self.editing():
            return None
        return next((e for e in self.findChildren(SegmentEditor) if e.isVisible()), None)

    def leave_from_editor(self, editor: SegmentEditor, forward: bool) -> None:
        """Validate the segment and move the focus out of the transcript (Tab, Maj+Tab)."""
        editor.submit()
        self.focusNextPrevChild(forward)

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
        editor.submit()
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
        editor.submit()
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
            menu.addAction("Lire à partir d'ici", lambda: self.playRequested.emit(seg.words[word].start_ms))
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
