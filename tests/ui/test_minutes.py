"""The minutes panel: what the recording reveals pre-fills the form, marked "à vérifier"; what the
secretary types is stored; the documents (.docx) and the exports are written and opened."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from docx import Document

from transcriber.model import Marker
from transcriber.store import MeetingFolder
from ui.views import minutes as minutes_view
from ui_helpers import open_meeting


def prepare(folder):
    """The real transcript, with a few council phrasings said in it and an agenda marker."""
    mf = MeetingFolder(folder)
    m = mf.load()
    m.segments[0].set_text("Mme Claire Dupont est désignée secrétaire de séance. "
                           "La séance est ouverte à vingt heures trente.")
    m.segments[1].set_text("Le point est adopté à l'unanimité.")
    m.markers = [Marker(0, "agenda", "Point 1 : Budget primitif 2026")]
    mf.save(m)
    return m


def test_detected_facts_prefill_the_form_and_documents_are_written(qtbot, window, meeting_copy, monkeypatch):
    prepare(meeting_copy)
    doc = open_meeting(qtbot, window, meeting_copy)
    panel = window.meeting_view.minutes_panel
    window.meeting_view.side.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.context is not None, timeout=30_000)

    # heard in the recording: shown, tinted, "à vérifier"
    assert "Claire Dupont" in panel.secretaries.text()
    assert panel.tracker.is_detected(panel.secretaries) and panel.secretaries.property("detected")
    assert "vérifier" in panel.secretaries.toolTip()
    assert panel.tracker.is_detected(panel.time) and "20" in panel.time.text()
    assert panel.agenda.rowCount() >= 1
    title = panel.agenda.item(0, 1)
    assert title.text() == "Budget primitif 2026" and title.data(Qt.ItemDataRole.UserRole) == "detected"
    assert panel.agenda.item(0, 7).text() == "adopté"
    # a detection left untouched is not stored as if the secretary had typed it
    assert panel.form_dict()["secretaires"] == []

    # the secretary confirms and completes: now it is hers
    panel.secretaries.setFocus()
    qtbot.keyClick(panel.secretaries, Qt.Key.Key_End)
    qtbot.keyClicks(panel.secretaries, ", M. Paul Durand")
    assert not panel.tracker.is_detected(panel.secretaries)
    panel.president.setText("Mme Anne Martin, maire")
    panel.tracker.edited(panel.president)
    panel.present.setPlainText("Mme Anne Martin\nM. Paul Durand\nMme Claire Dupont")
    panel.pouvoirs.setPlainText("Mme Sophie Leroy → Mme Anne Martin")
    assert panel.store()
    form = doc.meeting.form
    assert form["secretaires"] == ["Claire Dupont", "M. Paul Durand"]
    assert form["presence"]["representes"] == [{"membre": "Mme Sophie Leroy", "mandataire": "Mme Anne Martin"}]
    assert doc.dirty  # autosaved a few seconds later

    # a wrong value is refused with the core's French message, nothing stored
    panel.date.setText("32/13/2026")
    panel.tracker.edited(panel.date)
    assert not panel.store()
    assert panel.form_error.isVisible() and "date" in panel.form_error.text()
    panel.date.setText("12/03/2026")
    assert panel.store() and not panel.form_error.isVisible()

    # every document and every export, written off the GUI thread into exports/
    for kind in ("pv", "cr", "verbatim", "deliberations"):
        qtbot.mouseClick(panel.doc_buttons[kind], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda k=kind: minutes_view.document_path(meeting_copy, k).exists() and
                        panel.doc_buttons[k].isEnabled(), timeout=60_000)
    for fmt in ("txt", "srt", "vtt", "json"):
        qtbot.mouseClick(panel.export_buttons[fmt], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda f=fmt: (meeting_copy / "exports" / f"transcription.{f}").exists()
                        and panel.export_buttons[f].isEnabled(), timeout=20_000)
    pv = "\n".join(p.text for p in Document(str(minutes_view.document_path(meeting_copy, "pv"))).paragraphs)
    assert "Mme Anne Martin" in pv and "Budget primitif 2026" in pv
    assert "Claire Dupont" in pv
    verbatim = Document(str(minutes_view.document_path(meeting_copy, "verbatim")))
    verbatim_text = "\n".join(p.text for p in verbatim.paragraphs)
    assert "adopté à l'unanimité" in verbatim_text
    srt = (meeting_copy / "exports" / "transcription.srt").read_text("utf-8")
    assert "00:00:" in srt and "-->" in srt
    assert json.loads((meeting_copy / "exports" / "transcription.json").read_text("utf-8"))["form"]["president"] \
        == "Mme Anne Martin, maire"
    assert panel.files.count() >= 8

    # "Ouvrir" hands the file to the system's application
    opened = []
    monkeypatch.setattr(minutes_view.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    panel.files.setCurrentRow(0)
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    assert opened and opened[0] == panel.files.item(0).data(Qt.ItemDataRole.UserRole)
