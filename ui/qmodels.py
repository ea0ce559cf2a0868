"""Qt item models over a meeting (segments, speakers) and the undo commands that edit it.

``MeetingDocument`` owns one open meeting: the ``Meeting``, its folder, a ``QUndoStack`` and the
two item models. Every change to the transcript goes through an undo command pushed on the stack;
the commands call the document's small mutators, which emit the right model signals. Autosave
listens to the stack: a few seconds after the last edit, a snapshot (cheap copies made here, on
the GUI thread) is handed to the ``Saver`` thread, which serialises and writes it atomically.
"""

from __future__ import annotations

import bisect
import copy
import re
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (QAbstractListModel, QAbstractTableModel, QModelIndex, QObject,
                            QPersistentModelIndex, Qt, QTimer, Signal)
from PySide6.QtGui import QColor, QUndoCommand, QUndoStack

from transcriber.model import Meeting, Segment, Speaker, Word
from transcriber.pipeline import SPEAKER_COLOURS
from transcriber.store import MeetingFolder
from transcriber.timefmt import clock

#: seconds after the last edit before the meeting is saved
AUTOSAVE_DELAY_MS = 3000

SegmentRole = Qt.ItemDataRole.UserRole + 1
SpeakerIdRole = Qt.ItemDataRole.UserRole + 2
CurrentRole = Qt.ItemDataRole.UserRole + 3
CurrentWordRole = Qt.ItemDataRole.UserRole + 4

_NO_SPACE_BEFORE = re.compile(r"^[,.)\]…]")


def word_spans(words: list[Word]) -> tuple[str, list[tuple[int, int]]]:
    """The text of ``words`` joined as ``model.join_words`` does, and each word's [start, end)
    character span in it (empty words get an empty span)."""
    out = ""
    spans: list[tuple[int, int]] = []
    for w in words:
        t = w.text.strip()
        if not t:
            spans.append((len(out), len(out)))
            continue
        if out and not _NO_SPACE_BEFORE.match(t) and not out.endswith(("'", "’", "-")):
            out += " "
        spans.append((len(out), len(out) + len(t)))
        out += t
    return out, spans


def word_at_char(spans: list[tuple[int, int]], pos: int) -> int | None:
    """Index of the word whose span holds character ``pos`` (or that ends right there)."""
    for i, (a, b) in enumerate(spans):
        if a <= pos < b or (a < b and pos == b):
            return i
    return None


def snapshot(meeting: Meeting) -> Meeting:
    """A copy safe to serialise on another thread while the GUI keeps editing.

    ``Word`` objects are never changed in place by the app (edits build new ones), so segments
    are copied with new word lists only; the small parts are deep-copied.
    """
    return replace(
        meeting,
        segments=[Segment(s.start_ms, s.end_ms, list(s.words), s.speaker, s.overlap)
                  for s in meeting.segments],
        speakers=[replace(s) for s in meeting.speakers],
        markers=[replace(m) for m in meeting.markers],
        turns=[replace(t) for t in meeting.turns],
        vocabulary=list(meeting.vocabulary),
        steps=copy.deepcopy(meeting.steps),
        form=copy.deepcopy(meeting.form),
    )


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
    """Speakers: name (editable, undoable) and talk time."""

    COLUMNS = ("Intervenant", "Temps de parole")

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
        if role == SpeakerIdRole:
            return sp.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{sp.label} : {clock(self._talk.get(sp.id, 0))} de parole"
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        if role != Qt.ItemDataRole.EditRole or index.column() != 0:
            return False
        sp = self.speakers[index.row()]
        name = str(value).strip()
        if name == sp.label or name == sp.name:
            return False
        self.doc.undo_stack.push(RenameSpeakerCommand(self.doc, sp.id, name))
        return True

    def row_of(self, speaker_id: str) -> int:
        return next((i for i, s in enumerate(self.speakers) if s.id == speaker_id), -1)


# --- the document ------------------------------------------------------------------------------

class MeetingDocument(QObject):
    """One open meeting: data, folder, undo stack, item models and autosave."""

    #: the transcript or the speakers changed (any edit, undo or redo)
    changed = Signal()
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
        sp = self.meeting.speaker(speaker_id)
        if sp is None:
            return "#606060"
        if sp.color:
            return sp.color
        i = self.meeting.speakers.index(sp)
        return SPEAKER_COLOURS[i % len(SPEAKER_COLOURS)]

    def new_speaker_id(self) -> str:
        used = {s.id for s in self.meeting.speakers}
        for n in range(len(used) + 1, 10_000):
            sid = f"SPEAKER_{n - 1:02d}"
            if sid not in used:
                return sid
        raise RuntimeError("too many speakers")

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
        """Save now and wait for the write (used when closing)."""
        self.save()
        return self.saver.flush() if self.saver is not None else True

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
        self.meeting.rename_speaker(speaker_id, name)
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

    def reassign_words(self, row: int, speaker_id: str, first_word: int, last_word: int) -> bool:
        """Give the words ``first_word..last_word`` (inclusive) of segment ``row`` to
        ``speaker_id`` (``Meeting.reassign``: the segment is split around them), undoably."""
        seg = self.meeting.segments[row]
        if not (0 <= first_word <= last_word < len(seg.words)):
            return False
        if seg.speaker == speaker_id:
            return False
        self.undo_stack.push(ReassignWordsCommand(self, row, speaker_id, first_word, last_word))
        return True

    def add_speaker_for(self, rows: list[int], name: str) -> str:
        sid = self.new_speaker_id()
        self.undo_stack.push(AddSpeakerCommand(self, sid, name.strip(), rows))
        return sid

    def split(self, row: int, word_index: int) -> bool:
        seg = self.meeting.segments[row]
        if not 0 < word_index < len(seg.words):
            return False
        self.undo_stack.push(SplitSegmentCommand(self, row, word_index))
        return True

    def merge_with_next(self, row: int) -> bool:
        if not 0 <= row < len(self.meeting.segments) - 1:
            return False
        self.undo_stack.push(MergeSegmentsCommand(self, row))
        return True

    def rename_speaker(self, speaker_id: str, name: str) -> None:
        sp = self.meeting.speaker(speaker_id)
        if sp is not None and name.strip() != sp.name:
            self.undo_stack.push(RenameSpeakerCommand(self, speaker_id, name.strip()))

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


# --- undo commands -----------------------------------------------------------------------------

class EditTextCommand(QUndoCommand):
    def __init__(self, doc: MeetingDocument, row: int, text: str) -> None:
        super().__init__(f"Modifier le texte ({clock(doc.meeting.segments[row].start_ms)})")
        self.doc, self.row = doc, row
        self.old = list(doc.meeting.segments[row].words)
        probe = Segment(doc.meeting.segments[row].start_ms, doc.meeting.segments[row].end_ms,
                        list(self.old))
        probe.set_text(text)  # keeps the timings of the words that did not change
        self.new = probe.words

    def redo(self) -> None:
        self.doc.set_words(self.row, self.new)

    def undo(self) -> None:
        self.doc.set_words(self.row, self.old)


class SetSpeakerCommand(QUndoCommand):
    def __init__(self, doc: MeetingDocument, rows: list[int], speaker_id: str) -> None:
        super().__init__(f"Attribuer à {doc.speaker_label(speaker_id)}")
        self.doc, self.rows, self.speaker = doc, list(rows), speaker_id
        self.old = [doc.meeting.segments[r].speaker for r in rows]

    def redo(self) -> None:
        for r in self.rows:
            self.doc.set_segment_speaker(r, self.speaker)

    def undo(self) -> None:
        for r, old in zip(self.rows, self.old):
            self.doc.set_segment_speaker(r, old)


class AddSpeakerCommand(QUndoCommand):
    """A new speaker, given to ``rows``."""

    def __init__(self, doc: MeetingDocument, speaker_id: str, name: str, rows: list[int]) -> None:
        super().__init__(f"Nouvel intervenant {name}".strip())
        self.doc, self.sid, self.name, self.rows = doc, speaker_id, name, list(rows)
        self.old_speakers = [replace(s) for s in doc.meeting.speakers]
        self.old = [doc.meeting.segments[r].speaker for r in rows]

    def redo(self) -> None:
        colour = SPEAKER_COLOURS[len(self.old_speakers) % len(SPEAKER_COLOURS)]
        self.doc.set_speakers([replace(s) for s in self.old_speakers]
                              + [Speaker(self.sid, self.name, color=colour)])
        for r in self.rows:
            self.doc.set_segment_speaker(r, self.sid)

    def undo(self) -> None:
        for r, old in zip(self.rows, self.old):
            self.doc.set_segment_speaker(r, old)
        self.doc.set_speakers([replace(s) for s in self.old_speakers])


class ReassignWordsCommand(QUndoCommand):
    """``Meeting.reassign`` of a word range, with everything needed to undo it.

    The split is computed once, on a scratch meeting holding copies of the segment and of the
    speakers, so that redo/undo only swap rows through the document's mutators (which emit the
    model signals) and restore the exact original segment and speakers list on undo.
    """

    def __init__(self, doc: MeetingDocument, row: int, speaker_id: str, first: int, last: int) -> None:
        super().__init__(f"Attribuer des mots à {doc.speaker_label(speaker_id)}")
        self.doc, self.row = doc, row
        seg = doc.meeting.segments[row]
        self.original = Segment(seg.start_ms, seg.end_ms, list(seg.words), seg.speaker, seg.overlap)
        self.old_speakers = [replace(s) for s in doc.meeting.speakers]
        scratch = Meeting(title="", segments=[Segment(seg.start_ms, seg.end_ms, list(seg.words),
                                                      seg.speaker, seg.overlap)],
                          speakers=[replace(s) for s in self.old_speakers])
        scratch.reassign(0, speaker_id, first, last)
        self.parts = scratch.segments
        self.new_speakers = scratch.speakers
        self.speakers_added = [s.id for s in self.new_speakers] != [s.id for s in self.old_speakers]

    def redo(self) -> None:
        if self.speakers_added:
            self.doc.set_speakers([replace(s) for s in self.new_speakers])
        self.doc.replace_segments(self.row, 1, [replace(p, words=list(p.words)) for p in self.parts])

    def undo(self) -> None:
        o = self.original
        self.doc.replace_segments(self.row, len(self.parts),
                                  [Segment(o.start_ms, o.end_ms, list(o.words), o.speaker, o.overlap)])
        if self.speakers_added:
            self.doc.set_speakers([replace(s) for s in self.old_speakers])


class SetFormCommand(QUndoCommand):
    """A change of the minutes form (the whole form: it is small)."""

    def __init__(self, doc: MeetingDocument, form: dict[str, Any], label: str) -> None:
        super().__init__(label)
        self.doc = doc
        self.old = copy.deepcopy(doc.meeting.form)
        self.new = copy.deepcopy(form)

    def redo(self) -> None:
        self.doc.set_form(copy.deepcopy(self.new))

    def undo(self) -> None:
        self.doc.set_form(copy.deepcopy(self.old))


class SplitSegmentCommand(QUndoCommand):
    def __init__(self, doc: MeetingDocument, row: int, word_index: int) -> None:
        super().__init__("Scinder le segment")
        self.doc, self.row = doc, row
        seg = doc.meeting.segments[row]
        self.original = Segment(seg.start_ms, seg.end_ms, list(seg.words), seg.speaker, seg.overlap)
        cut = seg.words[word_index].start_ms
        self.parts = [
            Segment(seg.start_ms, max(seg.start_ms, min(cut, seg.words[word_index - 1].end_ms)),
                    list(seg.words[:word_index]), seg.speaker, seg.overlap),
            Segment(cut, seg.end_ms, list(seg.words[word_index:]), seg.speaker, seg.overlap),
        ]

    def redo(self) -> None:
        self.doc.replace_segments(self.row, 1, [replace(p, words=list(p.words)) for p in self.parts])

    def undo(self) -> None:
        o = self.original
        self.doc.replace_segments(self.row, 2, [Segment(o.start_ms, o.end_ms, list(o.words), o.speaker, o.overlap)])


class MergeSegmentsCommand(QUndoCommand):
    def __init__(self, doc: MeetingDocument, row: int) -> None:
        super().__init__("Fusionner les segments")
        self.doc, self.row = doc, row
        a, b = doc.meeting.segments[row], doc.meeting.segments[row + 1]
        self.originals = [Segment(s.start_ms, s.end_ms, list(s.words), s.speaker, s.overlap) for s in (a, b)]
        self.merged = Segment(a.start_ms, max(a.end_ms, b.end_ms), list(a.words) + list(b.words),
                              a.speaker or b.speaker, a.overlap or b.overlap)

    def redo(self) -> None:
        m = self.merged
        self.doc.replace_segments(self.row, 2, [Segment(m.start_ms, m.end_ms, list(m.words), m.speaker, m.overlap)])

    def undo(self) -> None:
        self.doc.replace_segments(self.row, 1, [replace(s, words=list(s.words)) for s in self.originals])


class RenameSpeakerCommand(QUndoCommand):
    def __init__(self, doc: MeetingDocument, speaker_id: str, name: str) -> None:
        old = doc.meeting.speaker(speaker_id)
        super().__init__(f"Renommer {old.label if old else speaker_id} en {name}")
        self.doc, self.sid, self.name = doc, speaker_id, name
        self.old = old.name if old else ""

    def redo(self) -> None:
        self.doc.set_speaker_name(self.sid, self.name)

    def undo(self) -> None:
        self.doc.set_speaker_name(self.sid, self.old)


class MergeSpeakersCommand(QUndoCommand):
    """``Meeting.merge_speakers`` with everything needed to undo it."""

    def __init__(self, doc: MeetingDocument, source_id: str, target_id: str) -> None:
        super().__init__(f"Fusionner {doc.speaker_label(source_id)} dans {doc.speaker_label(target_id)}")
        self.doc, self.source, self.target = doc, source_id, target_id
        m = doc.meeting
        self.old_speakers = [replace(s) for s in m.speakers]
        self.seg_rows = [i for i, s in enumerate(m.segments) if s.speaker == source_id]
        self.turn_rows = [i for i, t in enumerate(m.turns) if t.speaker == source_id]

    def redo(self) -> None:
        m = self.doc.meeting
        self.doc.speakers.beginResetModel()
        m.merge_speakers(self.source, self.target)
        self.doc.speakers.endResetModel()
        self.doc._all_segments_changed()
        self.doc._speakers_touched()

    def undo(self) -> None:
        m = self.doc.meeting
        for i in self.seg_rows:
            m.segments[i].speaker = self.source
        for i in self.turn_rows:
            m.turns[i].speaker = self.source
        self.doc.set_speakers([replace(s) for s in self.old_speakers])
        self.doc._all_segments_changed()
