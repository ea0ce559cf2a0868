"""Closing the app, or the meeting, while its save fails never loses the edits: the meeting stays
open, the user is told why and what to do, and « Réessayer » saves once there is room again.

The meeting lives on a real 1 MB disk (tmpfs) filled to the last byte, so the autosave and the
save on closing fail with ENOSPC as on a full laptop disk (see diskfaults.py)."""

from __future__ import annotations

import json

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from diskfaults import fill, free, small_disk
from rel_helpers import open_meeting
from transcriber.model import Meeting, Segment, Speaker, Word
from transcriber.store import MeetingFolder


def answer_later(qtbot, button: str, seen: list[str], before=None) -> None:
    """Click ``button`` in the next modal question box (after running ``before``)."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, click)
            return
        seen.append(box.text())
        if before is not None:
            before()
        next(b for b in box.buttons() if b.text() == button).click()

    QTimer.singleShot(50, click)


def test_closing_while_the_save_fails_keeps_the_edits(qtbot, window, tmp_path):
    with small_disk(tmp_path) as disk:
        words = [Word(i * 300, i * 300 + 250, w) for i, w in enumerate("La séance est ouverte .".split())]
        folder = MeetingFolder.create(disk, "Conseil")
        folder.save(Meeting(title="Conseil", segments=[Segment(0, 1500, words, "S0")], speakers=[Speaker("S0")]))
        doc = open_meeting(qtbot, window, folder.path)
        before = folder.meeting_file.read_bytes()
        filler = fill(disk)

        doc.edit_text(0, "La séance est ouverte à vingt heures trente.")
        assert doc.dirty
        seen: list[str] = []
        # 1. quitting: refused, the window and the meeting stay, the user is told what to do
        answer_later(qtbot, "Rester sur la réunion", seen)
        window.close()
        assert seen and "n'ont pas pu être enregistrées" in seen[0] and "Libérez de la place" in seen[0]
        assert "disque est plein" in seen[0]  # the core's French reason (ENOSPC)
        assert window.isVisible() and window.meeting_view.doc is doc
        assert "vingt heures trente" in doc.meeting.segments[0].text and doc.dirty
        assert folder.meeting_file.read_bytes() == before  # the old file, whole
        assert window.isWindowModified()

        # 2. closing the meeting (menu): the same question; opening another one is refused too
        answer_later(qtbot, "Rester sur la réunion", seen)
        window.act_close.trigger()
        assert len(seen) == 2 and window.meeting_view.doc is doc

        # 3. room made, « Réessayer »: saved, then closed
        answer_later(qtbot, "Réessayer", seen, before=lambda: free(filler))
        window.act_close.trigger()
        assert window.meeting_view.doc is None and window.stack.currentWidget() is window.home
        saved = json.loads(folder.meeting_file.read_text("utf-8"))
        assert " ".join(w["text"] for w in saved["segments"][0]["words"]).startswith(
            "La séance est ouverte à vingt heures trente")


def test_dropping_the_edits_is_an_explicit_choice(qtbot, window, tmp_path):
    with small_disk(tmp_path) as disk:
        words = [Word(0, 250, "Bonjour.")]
        folder = MeetingFolder.create(disk, "CODIR")
        folder.save(Meeting(title="CODIR", segments=[Segment(0, 250, words, "S0")], speakers=[Speaker("S0")]))
        doc = open_meeting(qtbot, window, folder.path)
        before = folder.meeting_file.read_bytes()
        fill(disk)
        doc.edit_text(0, "Bonsoir.")
        seen: list[str] = []
        answer_later(qtbot, "Fermer sans enregistrer", seen)
        window.close()
        assert seen and not window.isVisible()
        assert folder.meeting_file.read_bytes() == before  # never a broken file
