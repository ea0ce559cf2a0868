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


def test_form_edits_are_undone_with_ctrl_z_in_the_form(qtbot, window, meeting_copy):
    import copy

    from PySide6.QtWidgets import QLineEdit

    doc = open_meeting(qtbot, window, meeting_copy)
    panel = window.meeting_view.minutes_panel
    window.meeting_view.side.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.context is not None, timeout=30_000)
    before = copy.deepcopy(doc.meeting.form)
    present_before = panel.present.toPlainText()
    rows_before = panel.agenda.rowCount()

    # président: typed, stored after a pause
    panel.president.setFocus()
    qtbot.keyClicks(panel.president, "Mme Anne Martin")
    qtbot.waitUntil(lambda: doc.meeting.form.get("president") == "Mme Anne Martin", timeout=5000)
    # présents: Ctrl+Z while the edit is still pending stores it, then undoes it
    panel.present.setFocus()
    qtbot.keyClick(panel.present, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(panel.present, "\nM. Paul Durand" if present_before else "M. Paul Durand")
    qtbot.keyClick(panel.present, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert panel.present.toPlainText() == present_before
    assert "Paul Durand" not in str(doc.meeting.form)
    assert doc.meeting.form["president"] == "Mme Anne Martin"
    # again: the président goes back too, in the field and in the meeting
    qtbot.keyClick(panel.present, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert panel.president.text() == "" and doc.meeting.form == before
    # redo (Ctrl+Maj+Z), then Édition › Annuler works on the form as well
    qtbot.keyClick(panel.present, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert panel.president.text() == "Mme Anne Martin" and doc.meeting.form["president"] == "Mme Anne Martin"
    window.act_undo.trigger()
    assert panel.president.text() == "" and doc.meeting.form == before

    # secrétaires
    panel.secretaries.setFocus()
    panel.secretaries.selectAll()
    qtbot.keyClicks(panel.secretaries, "M. Jean Petit")
    qtbot.keyClick(panel.secretaries, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc.meeting.form == before and "Jean Petit" not in panel.secretaries.text()

    # an agenda item typed in the table
    panel.add_item()
    editor = panel.agenda.viewport().findChild(QLineEdit)
    assert editor is not None
    qtbot.keyClicks(editor, "Budget primitif 2026")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    panel.agenda.setFocus()
    assert panel.store() and any(p.get("titre") == "Budget primitif 2026" for p in doc.meeting.form["points"])
    qtbot.keyClick(panel.agenda, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc.meeting.form == before
    assert panel.agenda.rowCount() == rows_before
    cells = [panel.agenda.item(r, 1).text() for r in range(panel.agenda.rowCount())]
    assert "Budget primitif 2026" not in cells


def test_save_as_writes_where_chosen_and_reports_errors_in_french(qtbot, window, meeting_copy, tmp_path):
    import pytest

    from transcriber.errors import StoreError

    prepare(meeting_copy)
    open_meeting(qtbot, window, meeting_copy)
    panel = window.meeting_view.minutes_panel
    window.meeting_view.side.setCurrentWidget(panel)
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    blocker = tmp_path / "un fichier.txt"
    blocker.write_text("pas un dossier")
    answers = iter([str(elsewhere / "PV du conseil"), str(elsewhere / "sous-titres.srt"), None,
                    str(blocker / "pv.docx"), str(blocker / "sous-titres.srt")])
    asked = []

    def chooser(title, suggested, file_filter):
        asked.append((title, suggested, file_filter))
        return next(answers)

    panel.choose_path = chooser

    def exports_now():
        return {p.name: p.stat().st_mtime_ns for p in (meeting_copy / "exports").glob("*")}

    exports_before = exports_now()

    # the PV, where the secretary chose (".docx" added), not in exports/
    panel.save_as_actions["pv"].trigger()
    assert asked[-1][2] == "Document Word (*.docx)" and asked[-1][1].suffix == ".docx"
    target = elsewhere / "PV du conseil.docx"
    qtbot.waitUntil(lambda: target.exists() and panel.save_as_button.isEnabled(), timeout=60_000)
    text = "\n".join(p.text for p in Document(str(target)).paragraphs)
    assert "Budget primitif 2026" in text
    assert not minutes_view.document_path(meeting_copy, "pv").exists()
    assert "enregistré" in panel.status.text()
    assert any(panel.files.item(i).data(Qt.ItemDataRole.UserRole) == str(target) for i in range(panel.files.count()))

    # an export
    panel.save_as_actions["srt"].trigger()
    srt_path = elsewhere / "sous-titres.srt"
    qtbot.waitUntil(lambda: srt_path.exists() and panel.save_as_button.isEnabled(), timeout=20_000)
    srt = srt_path.read_text("utf-8")
    assert srt.startswith("1\n") and "-->" in srt
    # nothing written into exports/
    assert exports_now() == exports_before

    # cancelled: nothing happens
    status = panel.status.text()
    panel.save_as_actions["vtt"].trigger()
    assert panel.status.text() == status and panel.save_as_button.isEnabled()

    # inside a regular file: a French message in the window, no traceback, nothing written
    panel.save_as_actions["pv"].trigger()
    assert "est un fichier, pas un dossier" in panel.status.text()
    assert panel.status.property("error") is True and panel.status.isVisible()
    assert "Traceback" not in panel.status.text() and "Errno" not in panel.status.text()
    panel.save_as_actions["srt"].trigger()
    assert "est un fichier, pas un dossier" in panel.status.text()
    assert blocker.read_text() == "pas un dossier"
    # the worker refuses it too (the place may change between the dialog and the write)
    with pytest.raises(StoreError, match="pas un dossier"):
        minutes_view.write_export_to(window.meeting_view.doc.meeting, blocker / "x.srt", "srt")
