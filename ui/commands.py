"""The undo commands of the editor. Each holds the before and after of one edit, computed by
``transcriber.edit``, and applies them through the document's mutators (which emit the item
models' signals); none holds a rule of its own."""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from transcriber import edit
from transcriber.model import Segment, Speaker
from transcriber.timefmt import clock

if TYPE_CHECKING:
    from .qmodels import MeetingDocument


class EditTextCommand(QUndoCommand):
    def __init__(self, doc: MeetingDocument, row: int, text: str) -> None:
        seg = doc.meeting.segments[row]
        super().__init__(f"Modifier le texte ({clock(seg.start_ms)})")
        self.doc, self.row = doc, row
        self.old = list(seg.words)
        self.new = edit.retext(seg, text)  # keeps the timings of the words that did not change

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
    """A new speaker (made by ``edit.new_speaker``), given to ``rows``."""

    def __init__(self, doc: MeetingDocument, speaker: Speaker, rows: list[int]) -> None:
        super().__init__(f"Nouvel intervenant {speaker.name}".strip())
        self.doc, self.speaker, self.rows = doc, replace(speaker), list(rows)
        self.old_speakers = [replace(s) for s in doc.meeting.speakers]
        self.old = [doc.meeting.segments[r].speaker for r in rows]

    def redo(self) -> None:
        self.doc.set_speakers([replace(s) for s in self.old_speakers] + [replace(self.speaker)])
        for r in self.rows:
            self.doc.set_segment_speaker(r, self.speaker.id)

    def undo(self) -> None:
        for r, old in zip(self.rows, self.old):
            self.doc.set_segment_speaker(r, old)
        self.doc.set_speakers([replace(s) for s in self.old_speakers])


class ReplaceSegmentsCommand(QUndoCommand):
    """``count`` segments at ``row`` replaced by ``new``: a split, a merge, words given to
    another speaker. Redo and undo hand fresh copies to the document, so that later edits of
    the rows never change what this command restores."""

    def __init__(self, doc: MeetingDocument, row: int, count: int, new: list[Segment], label: str) -> None:
        super().__init__(label)
        self.doc, self.row = doc, row
        self.old = [edit.copy_segment(s) for s in doc.meeting.segments[row : row + count]]
        self.new = [edit.copy_segment(s) for s in new]

    def redo(self) -> None:
        self.doc.replace_segments(self.row, len(self.old), [edit.copy_segment(s) for s in self.new])

    def undo(self) -> None:
        self.doc.replace_segments(self.row, len(self.new), [edit.copy_segment(s) for s in self.old])


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


class RenameSpeakerCommand(QUndoCommand):
    """A name checked by ``edit.check_speaker_name`` before the command is made."""

    def __init__(self, doc: MeetingDocument, speaker_id: str, name: str) -> None:
        old = doc.meeting.speaker(speaker_id)
        super().__init__(f"Renommer {old.label if old else speaker_id} en {name}")
        self.doc, self.sid, self.name = doc, speaker_id, name
        self.old = old.name if old else ""

    def redo(self) -> None:
        self.doc.set_speaker_name(self.sid, self.name)

    def undo(self) -> None:
        self.doc.set_speaker_name(self.sid, self.old)


class SetElectedCommand(QUndoCommand):
    """``edit.set_elected``: an elected member keeps their name in pseudonymised documents."""

    def __init__(self, doc: MeetingDocument, speaker_id: str, elected: bool) -> None:
        label = doc.speaker_label(speaker_id)
        super().__init__(f"Marquer {label} comme élu(e)" if elected else f"Marquer {label} comme non élu(e)")
        self.doc, self.sid, self.elected = doc, speaker_id, elected

    def redo(self) -> None:
        self.doc.apply_to_speakers(lambda m: edit.set_elected(m, self.sid, self.elected))

    def undo(self) -> None:
        self.doc.apply_to_speakers(lambda m: edit.set_elected(m, self.sid, not self.elected))


class MergeSpeakersCommand(QUndoCommand):
    """``edit.merge_speakers`` with everything needed to undo it."""

    def __init__(self, doc: MeetingDocument, source_id: str, target_id: str) -> None:
        super().__init__(f"Fusionner {doc.speaker_label(source_id)} dans {doc.speaker_label(target_id)}")
        self.doc, self.source, self.target = doc, source_id, target_id
        m = doc.meeting
        self.old_speakers = [replace(s) for s in m.speakers]
        self.seg_rows = [i for i, s in enumerate(m.segments) if s.speaker == source_id]
        self.turn_rows = [i for i, t in enumerate(m.turns) if t.speaker == source_id]

    def redo(self) -> None:
        self.doc.apply_to_speakers(lambda m: edit.merge_speakers(m, self.source, self.target))

    def undo(self) -> None:
        def restore(m) -> None:
            for i in self.seg_rows:
                m.segments[i].speaker = self.source
            for i in self.turn_rows:
                m.turns[i].speaker = self.source
            m.speakers = [replace(s) for s in self.old_speakers]

        self.doc.apply_to_speakers(restore)
