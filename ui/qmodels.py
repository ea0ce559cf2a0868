"""Qt item models over a meeting (segments, speakers) and the undo commands that edit it.

``MeetingDocument`` owns one open meeting: the ``Meeting``, its folder, a ``QUndoStack`` and the
two item models. Every change to the transcript goes through an undo command (``ui/commands.py``) pushed on the
stack; the rules of each edit are ``transcriber.edit``'s, and the commands call the document's
small mutators, which emit the right model signals. An edit the core refuses emits ``refused``
with its French message. Autosave
listens to the stack: a few seconds after the last edit, a snapshot (cheap copies made here, on
the GUI thread) is handed to the ``Saver`` thread, which serialises and writes it atomically.
"""

from __future__ import annotations

import bisect
import re
from typing import Any, Callable

from PySide6.QtCore import (QAbstractListModel, QAbstractTableModel, QModelIndex, QObject,
                            QPersistentModelIndex, Qt, QTimer, Signal)
from PySide6.QtGui import QColor, QUndoStack

from transcriber import edit
from transcriber.errors import InputError, SeanceError
from transcriber.model import Meeting, Segment, Speaker, Word, text_spans
from transcriber.store import MeetingFolder, snapshot
from transcriber.timefmt import clock

from .commands import (AddSpeakerCommand, EditTextCommand, MergeSpeakersCommand, RenameSpeakerCommand,
                       ReplaceSegmentsCommand, SetElectedCommand, SetFormCommand, SetSpeakerCommand)

__all__ = ["MeetingDocument", "SegmentModel", "SpeakerModel", "snapshot", "word_at_char", "word_spans"]

#: seconds after the last edit before the meeting is saved
AUTOSAVE_DELAY_MS = 3000

SegmentRole = Qt.ItemDataRole.UserRole + 1
SpeakerIdRole = Qt.ItemDataRole.UserRole + 2
CurrentRole = Qt.ItemDataRole.UserRole + 3
CurrentWordRole = Qt.ItemDataRole.UserRole + 4

def word_spans(words: list[Word]) -> tuple[str, list[tuple[int, int]]]:
    """The text of ``words`` as the core joins it, and each word's [start, end) character span."""
    return text_spans(w.text for w in words)


def word_at_char(spans: list[tuple[int, int]], pos: int) -> int | None:
    """Index of the word whose span holds character ``pos`` (or that ends right there)."""
    for i, (a, b) in enumerate(spans):
        if a <= pos < b or (a < b and pos == b):
            return i
    return None


# --- item models -------------------------------------------------------------------------------

class SegmentModel(QAbstractListModel):
    """One row per segment. DisplayRole/EditRole is the text; setData pushes an undo command."""

    def __init__(self, doc: "MeetingDocument") -> None:
        super().__init__(doc)
        self.doc = doc
        self.current_row = -1
        self.current_word = -1

    @property
    def segments(self) -> list[Segment]:
        return self.doc.meeting.segments

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.segments)

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.segments):
            return None
        seg = self.segments[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return seg.text
        if role == SegmentRole:
            return seg
        if role == SpeakerIdRole:
            return seg.speaker
        if role == CurrentRole:
            return index.row() == self.current_row
        if role == CurrentWordRole:
            return self.current_word if index.row() == self.current_row else -1
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{self.doc.speaker_label(seg.speaker)} · {clock(seg.start_ms)} – {clock(seg.end_ms)}"
        return None

    def setData(self, index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        text = " ".join(str(value).split())
        if text == self.segments[index.row()].text:
            return False
        self.doc.undo_stack.push(EditTextCommand(self.doc, index.row(), text))
        return True

    # --- playback -------------------------------------------------------------------------------
    def row_at(self, ms: int) -> int:
        """The segment playing at ``ms``: the last one that started at or before it (-1 if none)."""
        starts = [s.start_ms for s in self.segments]
        return bisect.bisect_right(starts, ms) - 1

    def set_current(self, ms: int) -> tuple[int, int]:
        """Mark the segment and word playing at ``ms``; returns (row, word)."""
        row = self.row_at(ms)
        word = -1
        if row >= 0:
            seg = self.segments[row]
            if ms > seg.end_ms + 1500:
                row = -1  # in a silence after the segment
            else:
                starts = [w.start_ms for w in seg.words]
                word = bisect.bisect_right(starts, ms) - 1
        if (row, word) != (self.current_row, self.current_word):
            old = self.current_row
            self.current_row, self.current_word = row, word
            for r in {old, row}:
                if 0 <= r < len(self.segments):
                    idx = self.index(r)
                    self.dataChanged.emit(idx, idx, [CurrentRole, CurrentWordRole])
        return row, word

    # --- structure changes (called by the document) ---------------------------------------------
    def _row_changed(self, row: int) -> None:
        idx = self.index(row)
        self.dataChanged.emit(idx, idx)

    def _replace_rows(self, row: int, count: int, new: list[Segment]) -> None:
        """Replace ``count`` segments at ``row`` by ``new``."""
        if count:
            self.beginRemoveRows(QModelIndex(), row, row + count - 1)
            del self.segments[row:row + count]
            self.endRemoveRows()
        if new:
            self.beginInsertRows(QModelIndex(), row, row + len(new) - 1)
            self.segments[row:row] = new
            self.endInsertRows()


class SpeakerModel(QAbstractTableModel):
    """Speakers: name (editable, undoable), talk time, elected member (a check box, undoable)."""

    COLUMNS = ("Intervenant", "Temps de parole", "Élu(e)")
    ELECTED = 2

    def __init__(self, doc: "MeetingDocument") -> None:
        super().__init__(doc)
        self.doc = doc
        self._talk: dict[str, int] = {}
        self.refresh_talk_time()

    @property
    def speakers(self) -> list[Speaker]:
        return self.doc.meeting.speakers

    def refresh_talk_time(self) -> None:
        self._talk = self.doc.meeting.talk_time_ms()
        if self.speakers:
            self.dataChanged.emit(self.index(0, 1), self.index(len(self.speakers) - 1, 1))

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.speakers)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def flags(self, index):
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.ELECTED:
            return f | Qt.ItemFlag.ItemIsUserCheckable
        return f | Qt.ItemFlag.ItemIsEditable if index.column() == 0 else f

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.speakers):
            return None
        sp = self.speakers[index.row()]
        if index.column() == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return sp.label
            if role == Qt.ItemDataRole.EditRole:
                return sp.name or sp.label
            if role == Qt.ItemDataRole.DecorationRole:
                return QColor(self.doc.color_of(sp.id))
        elif index.column() == 1:
            ms = self._talk.get(sp.id, 0)
            if role == Qt.ItemDataRole.DisplayRole:
                return clock(ms)
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        elif index.column() == self.ELECTED:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if sp.elected else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.ToolTipRole:
                return ("Élu(e) : son nom reste dans les documents pseudonymisés" if sp.elected else
                        "Non élu(e) : remplacé par « Personne A »… dans les documents pseudonymisés")
        if role == SpeakerIdRole:
            return sp.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{sp.label} : {clock(self._talk.get(sp.id, 0))} de parole"
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == self.ELECTED:
            elected = Qt.CheckState(value) == Qt.CheckState.Checked
            return self.doc.set_elected(self.speakers[index.row()].id, elected)
        if role != Qt.ItemDataRole.EditRole or index.column() != 0:
            return False
        sp = self.speakers[index.row()]
        name = str(value).strip()
        if name == sp.label or name == sp.name:
            return False
        return self.doc.rename_speaker(sp.id, name)

    def row_of(self, speaker_id: str) -> int:
        return next((i for i, s in enumerate(self.speakers) if s.id == speaker_id), -1)


# --- the document ------------------------------------------------------------------------------

class MeetingDocument(QObject):
    """One open meeting: data, folder, undo stack, item models and autosave."""

    #: the transcript or the speakers changed (any edit, undo or redo)
    changed = Signal()
    #: an edit the core refused, with its French message (a name already taken…)
    refused = Signal(str)
    speakersChanged = Signal()
    formChanged = Signal()
    saveStateChanged = Signal()

    def __init__(self, folder: MeetingFolder, meeting: Meeting, saver=None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.meeting = meeting
        self.saver = saver
        self.undo_stack = QUndoStack(self)
        self.segments = SegmentModel(self)
        self.speakers = SpeakerModel(self)
        self.dirty = False
        self.last_error = ""
        self.saves = 0
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_DELAY_MS)
        self._autosave.timeout.connect(self.save)
        self.undo_stack.indexChanged.connect(self._on_edit)
        if saver is not None:
            saver.saved.connect(self._on_saved)
            saver.failed.connect(self._on_save_failed)

    # --- speakers helpers -----------------------------------------------------------------------
    def speaker_label(self, speaker_id: str | None) -> str:
        return self.meeting.speaker_label(speaker_id) if speaker_id else "Intervenant inconnu"

    def color_of(self, speaker_id: str | None) -> str:
        return edit.speaker_colour(self.meeting, speaker_id)

    # --- autosave -------------------------------------------------------------------------------
    def _on_edit(self, _index: int = 0) -> None:
        self.mark_dirty()

    def mark_dirty(self) -> None:
        self.dirty = True
        self.changed.emit()
        self.saveStateChanged.emit()
        self._autosave.start()

    def save(self) -> None:
        """Hand a snapshot to the saver thread (or save here when there is no saver)."""
        self._autosave.stop()
        if not self.dirty:
            return
        self.dirty = False
        snap = snapshot(self.meeting)
        if self.saver is None:
            self.folder.save(snap)
            self._on_saved(str(self.folder.path))
        else:
            self.saver.save(self.folder, snap)
        self.saveStateChanged.emit()

    def flush(self) -> bool:
        """Save now and wait for the write (used when closing); False, the document still dirty
        and ``last_error`` saying why, when the meeting is not on disk."""
        try:
            self.save()
        except SeanceError as exc:  # no saver thread: the write failed here
            self.dirty, self.last_error = True, str(exc)
            return False
        if self.saver is None or self.saver.flush():
            return not self.dirty
        self.dirty = True
        self.last_error = self.saver.last_error or self.last_error
        return False

    def _on_saved(self, path: str) -> None:
        if path == str(self.folder.path):
            self.saves += 1
            self.last_error = ""
            self.saveStateChanged.emit()

    def _on_save_failed(self, path: str, message: str) -> None:
        if path == str(self.folder.path):
            self.dirty = True
            self.last_error = message
            self.saveStateChanged.emit()

    # --- mutators used by the undo commands -----------------------------------------------------
    def set_words(self, row: int, words: list[Word]) -> None:
        self.meeting.segments[row].words = list(words)
        self.segments._row_changed(row)

    def set_segment_speaker(self, row: int, speaker_id: str | None) -> None:
        self.meeting.segments[row].speaker = speaker_id
        self.segments._row_changed(row)
        self._speakers_touched()

    def replace_segments(self, row: int, count: int, new: list[Segment]) -> None:
        self.segments._replace_rows(row, count, new)
        self.segments.current_row = -1
        self._speakers_touched()

    def set_speaker_name(self, speaker_id: str, name: str) -> None:
        self.meeting.speaker(speaker_id).name = name
        row = self.speakers.row_of(speaker_id)
        if row >= 0:
            self.speakers.dataChanged.emit(self.speakers.index(row, 0), self.speakers.index(row, 1))
        self._all_segments_changed()
        self.speakersChanged.emit()

    def set_speakers(self, speakers: list[Speaker]) -> None:
        self.speakers.beginResetModel()
        self.meeting.speakers = speakers
        self.speakers.endResetModel()
        self.speakers.refresh_talk_time()
        self.speakersChanged.emit()

    def apply_to_speakers(self, change: Callable[[Meeting], Any]) -> None:
        """Run ``change(meeting)``, which may touch the speakers list and any segment's speaker."""
        self.speakers.beginResetModel()
        change(self.meeting)
        self.speakers.endResetModel()
        self._all_segments_changed()
        self._speakers_touched()

    def _speakers_touched(self) -> None:
        self.speakers.refresh_talk_time()
        self.speakersChanged.emit()

    def _all_segments_changed(self) -> None:
        n = len(self.meeting.segments)
        if n:
            self.segments.dataChanged.emit(self.segments.index(0), self.segments.index(n - 1))

    def set_form(self, form: dict[str, Any]) -> None:
        self.meeting.form = form
        self.formChanged.emit()
        self.mark_dirty()

    def edit_form(self, form: dict[str, Any], label: str = "Modifier le formulaire du procès-verbal") -> bool:
        """Store the minutes form as one undoable step (False when nothing changed)."""
        if form == self.meeting.form:
            return False
        self.undo_stack.push(SetFormCommand(self, form, label))
        return True

    # --- operations (each pushes one undoable command) -----------------------------------------
    def edit_text(self, row: int, text: str) -> None:
        if " ".join(text.split()) != self.meeting.segments[row].text:
            self.undo_stack.push(EditTextCommand(self, row, text))

    def change_speaker(self, rows: list[int], speaker_id: str) -> None:
        rows = [r for r in rows if self.meeting.segments[r].speaker != speaker_id]
        if rows:
            self.undo_stack.push(SetSpeakerCommand(self, rows, speaker_id))

    def _refuse(self, exc: InputError) -> bool:
        self.refused.emit(str(exc))
        return False

    def reassign_words(self, row: int, speaker_id: str, first_word: int, last_word: int) -> bool:
        """Give the words ``first_word..last_word`` (inclusive) of segment ``row`` to the known
        speaker ``speaker_id`` (the segment is cut around them), undoably."""
        seg = self.meeting.segments[row]
        if seg.speaker == speaker_id or self.meeting.speaker(speaker_id) is None:
            return False
        try:
            parts = edit.reassign_segment(seg, speaker_id, first_word, last_word)
        except InputError:
            return False
        label = f"Attribuer des mots à {self.speaker_label(speaker_id)}"
        self.undo_stack.push(ReplaceSegmentsCommand(self, row, 1, parts, label))
        return True

    def add_speaker_for(self, rows: list[int], name: str) -> str:
        """A new speaker named ``name`` (id and colour chosen by the core), given to ``rows``;
        "" when the core refuses the name."""
        try:
            speaker = edit.new_speaker(self.meeting, name)
        except InputError as exc:
            self._refuse(exc)
            return ""
        self.undo_stack.push(AddSpeakerCommand(self, speaker, rows))
        return speaker.id

    def new_speaker_for_words(self, row: int, first: int, last: int, name: str) -> str:
        """A new speaker named ``name`` who said the words ``first..last`` of segment ``row``:
        one undoable step; "" when the core refuses it."""
        try:
            speaker = edit.new_speaker(self.meeting, name)
            parts = edit.reassign_segment(self.meeting.segments[row], speaker.id, first, last)
        except InputError as exc:
            self._refuse(exc)
            return ""
        self.undo_stack.beginMacro(f"Attribuer des mots à {speaker.name}")
        self.undo_stack.push(AddSpeakerCommand(self, speaker, []))
        self.undo_stack.push(ReplaceSegmentsCommand(self, row, 1, parts, ""))
        self.undo_stack.endMacro()
        return speaker.id

    def split(self, row: int, word_index: int) -> bool:
        try:
            edit.check_split(self.meeting, row, word_index)
        except InputError:
            return False
        parts = edit.split_segment(self.meeting.segments[row], word_index)
        self.undo_stack.push(ReplaceSegmentsCommand(self, row, 1, parts, "Scinder le segment"))
        return True

    def merge_with_next(self, row: int) -> bool:
        try:
            edit.check_merge(self.meeting, row)
        except InputError:
            return False
        merged = edit.merge_segments(self.meeting.segments[row], self.meeting.segments[row + 1])
        self.undo_stack.push(ReplaceSegmentsCommand(self, row, 2, [merged], "Fusionner les segments"))
        return True

    def rename_speaker(self, speaker_id: str, name: str) -> bool:
        sp = self.meeting.speaker(speaker_id)
        if sp is None:
            return False
        try:
            name = edit.check_speaker_name(self.meeting, speaker_id, name)
        except InputError as exc:
            return self._refuse(exc)
        if name == sp.name:
            return False
        self.undo_stack.push(RenameSpeakerCommand(self, speaker_id, name))
        return True

    def set_elected(self, speaker_id: str, elected: bool) -> bool:
        sp = self.meeting.speaker(speaker_id)
        if sp is None or sp.elected == elected:
            return False
        self.undo_stack.push(SetElectedCommand(self, speaker_id, elected))
        return True

    def merge_speakers(self, source_id: str, target_id: str) -> None:
        if source_id != target_id:
            self.undo_stack.push(MergeSpeakersCommand(self, source_id, target_id))

    def replace_all(self, find: str, replacement: str, case_sensitive: bool = False) -> int:
        """Replace every occurrence in every segment as one undoable step; returns the count."""
        pattern = re.compile(re.escape(find), 0 if case_sensitive else re.IGNORECASE)
        count = 0
        edits: list[tuple[int, str]] = []
        for row, seg in enumerate(self.meeting.segments):
            new, n = pattern.subn(lambda _m: replacement, seg.text)
            if n:
                edits.append((row, new))
                count += n
        if edits:
            self.undo_stack.beginMacro(f"Remplacer « {find} » par « {replacement} »")
            for row, new in edits:
                self.undo_stack.push(EditTextCommand(self, row, new))
            self.undo_stack.endMacro()
        return count
