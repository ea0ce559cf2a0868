"""Voices and vocabulary in the app, on a meeting transcribed by the real pipeline: « Mémoriser
la voix » (real CAM++ in a child process, after the user is told what is stored and where), a
proposed name to confirm (undoable), a name respelt from the vocabulary shown in the editor."""

from __future__ import annotations

import json

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from transcriber import voices
from ui.views.transcript import FIXED_LINE
from ui.views.voices import VoiceKeeper
from ui_helpers import JOB_TIMEOUT_MS, open_meeting

TOWN = "Mairie de Test"


def test_remember_a_voice_then_confirm_a_proposal(qtbot, window, meeting_copy, monkeypatch):
    doc = open_meeting(qtbot, window, meeting_copy)
    panel = window.meeting_view.speakers_panel
    speaker = doc.meeting.speakers[0]
    panel.select(speaker.id)
    assert not panel.remember_button.isEnabled()  # a voice is kept under a name only
    assert doc.rename_speaker(speaker.id, "Mme Anne Martin")
    doc.meeting.collectivite = TOWN
    panel.select(speaker.id)
    assert panel.remember_button.isEnabled() and not panel.confirm_button.isVisible()

    notices = []
    monkeypatch.setattr(VoiceKeeper, "consent", lambda self, notice, name: notices.append(notice) or True)
    qtbot.mouseClick(panel.remember_button, Qt.MouseButton.LeftButton)
    keeper = window.meeting_view.voice_keeper
    qtbot.waitUntil(lambda: keeper.running == 0, timeout=JOB_TIMEOUT_MS)
    assert str(voices.voices_dir(TOWN)) in notices[0] and "donnée personnelle" in notices[0]
    banner = window.meeting_view.banner.label.text()
    assert "Voix de « Mme Anne Martin » mémorisée" in banner, banner
    profile = voices.load_profiles(TOWN).find("Mme Anne Martin")
    assert len(profile.enrolments) == 1

    # the next meeting proposes the name; « Confirmer » gives it (undoably) and asks to refine
    doc.undo_stack.undo()
    assert speaker.name == ""
    speaker.proposal = {"profile": profile.id, "name": "Mme Anne Martin", "confidence": 0.83}
    panel.select(speaker.id)
    panel._update_buttons()
    assert panel.confirm_button.isVisible() and "83 %" in panel.proposal_label.text()
    refused = []
    monkeypatch.setattr(VoiceKeeper, "consent", lambda self, notice, name: refused.append(name) and False)
    qtbot.mouseClick(panel.confirm_button, Qt.MouseButton.LeftButton)
    assert speaker.name == "Mme Anne Martin" and speaker.proposal == {}
    assert refused == ["Mme Anne Martin"] and keeper.running == 0  # said no: nothing stored
    assert len(voices.load_profiles(TOWN).find("Mme Anne Martin").enrolments) == 1
    assert not panel.confirm_button.isVisible()
    doc.undo_stack.undo()
    assert speaker.name == ""


def test_a_name_respelt_from_the_vocabulary_is_underlined_and_explained(qtbot, window, meeting_copy,
                                                                       monkeypatch):
    data = json.loads((meeting_copy / "meeting.json").read_text("utf-8"))
    word = data["segments"][0]["words"][1]
    word["corrected_from"], word["text"] = word["text"], "Kowalczyk"
    (meeting_copy / "meeting.json").write_text(json.dumps(data), "utf-8")
    doc = open_meeting(qtbot, window, meeting_copy)
    seg = doc.meeting.segments[0]
    view = window.meeting_view.transcript
    qdoc, spans = view.delegate.document(seg, view.viewport().width())
    cursor = QTextCursor(qdoc)
    cursor.setPosition(spans[1][0] + 1)
    assert cursor.charFormat().underlineColor() == FIXED_LINE
    cursor.setPosition(spans[2][0] + 1)
    assert cursor.charFormat().underlineColor() != FIXED_LINE

    shown = []
    monkeypatch.setattr("ui.views.transcript_delegate.QToolTip.showText", lambda pos, text, w=None: shown.append(text))
    index = doc.segments.index(0)
    rect = view.visualRect(index)
    center = view.delegate.word_center(index, rect, 1)

    class Tip:  # the QHelpEvent a hover sends, at the word
        def type(self):
            from PySide6.QtCore import QEvent
            return QEvent.Type.ToolTip

        def pos(self):
            return center

        def globalPos(self):
            return QPoint(0, 0)

    from PySide6.QtWidgets import QStyleOptionViewItem

    option = QStyleOptionViewItem()
    option.rect = rect
    assert view.delegate.helpEvent(Tip(), view, option, index)
    assert shown and "la transcription disait « " + word["corrected_from"] + " »" in shown[0]
