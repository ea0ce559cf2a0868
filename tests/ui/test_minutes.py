"""The minutes panel: what the recording reveals pre-fills the form, marked "à vérifier"; what the
secretary types is stored; the documents (.docx) and the exports are written and opened."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from docx import Document

from transcriber.minutes.documents import document_path, write_export
from transcriber.model import Marker
from transcriber.store import MeetingFolder
from ui.views import minutes as minutes_view
from ui_helpers import open_meeting


def prepare(folder):
    """The real transcript, with a few council phrasings said in it and an agenda marker."""
    mf = MeetingFolder(folder)
    m = mf.load()
    from transcriber.edit import edit_text

    edit_text(m, 0, "Mme Claire Dupont est désignée secrétaire de séance. "
                    "La séance est ouverte à vingt heures trente.")
    edit_text(m, 1, "Le point est adopté à l'unanimité.")
    m.markers = [Marker(0, "agenda", "Point 1 : Budget primitif 2026")]
    mf.save(m)
    return m


def test_detected_facts_prefill_the_form_and_documents_are_written(qtbot, window, meeting_copy, monkeypatch):
    prepare(meeting_copy)
    doc = open_meeting(qtbot, window, meeting_copy)
    panel = window.meeting_view.minutes_panel
    window.meeting_view.side.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.editor.suggested is not None, timeout=30_000)
    ed = panel.editor

    # heard in the recording: shown, tinted, "à vérifier"
    assert "Claire Dupont" in ed.secretaries.text()
    assert ed.tracker.is_detected(ed.secretaries) and ed.secretaries.property("detected")
    assert "vérifier" in ed.secretaries.toolTip()
    assert ed.tracker.is_detected(ed.time) and "20" in ed.time.text()
    assert ed.agenda.rowCount() >= 1
    title = ed.agenda.item(0, 1)
    assert title.text() == "Budget primitif 2026" and title.data(Qt.ItemDataRole.UserRole) == "detected"
    assert ed.agenda.item(0, 7).text() == "adopté"
    # a detection left untouched is not stored as if the secretary had typed it
    assert ed.form().secretaries == []

    # the secretary confirms and completes: now it is hers
    ed.secretaries.setFocus()
    qtbot.keyClick(ed.secretaries, Qt.Key.Key_End)
    qtbot.keyClicks(ed.secretaries, ", M. Paul Durand")
    assert not ed.tracker.is_detected(ed.secretaries)
    ed.president.setText("Mme Anne Martin, maire")
    ed.tracker.edited(ed.president)
    ed.present.setPlainText("Mme Anne Martin\nM. Paul Durand\nMme Claire Dupont")
    ed.pouvoirs.setPlainText("Mme Sophie Leroy → Mme Anne Martin")
    assert ed.store()
    form = doc.meeting.form
    assert form["secretaires"] == ["Claire Dupont", "M. Paul Durand"]
    assert form["presence"]["representes"] == [{"membre": "Mme Sophie Leroy", "mandataire": "Mme Anne Martin"}]
    assert doc.dirty  # autosaved a few seconds later

    # a wrong value is refused with the core's French message, nothing stored
    ed.date.setText("32/13/2026")
    ed.tracker.edited(ed.date)
    assert not ed.store()
    assert ed.form_error.isVisible() and "date" in ed.form_error.text()
    ed.date.setText("12/03/2026")
    assert ed.store() and not ed.form_error.isVisible()

    # every document and every export, written off the GUI thread into exports/
    for kind in ("pv", "cr", "verbatim", "deliberations"):
        qtbot.mouseClick(panel.doc_buttons[kind], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda k=kind: document_path(meeting_copy, k).exists() and
                        panel.doc_buttons[k].isEnabled(), timeout=60_000)
    for fmt in ("txt", "srt", "vtt", "json"):
        qtbot.mouseClick(panel.export_buttons[fmt], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda f=fmt: (meeting_copy / "exports" / f"transcription.{f}").exists()
                        and panel.export_buttons[f].isEnabled(), timeout=20_000)
    pv = "\n".join(p.text for p in Document(str(document_path(meeting_copy, "pv"))).paragraphs)
    assert "Mme Anne Martin" in pv and "Budget primitif 2026" in pv
    assert "Claire Dupont" in pv
    verbatim = Document(str(document_path(meeting_copy, "verbatim")))
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
    qtbot.waitUntil(lambda: panel.editor.suggested is not None, timeout=30_000)
    ed = panel.editor
    before = copy.deepcopy(doc.meeting.form)
    present_before = ed.present.toPlainText()
    rows_before = ed.agenda.rowCount()

    # président: typed, stored after a pause
    ed.president.setFocus()
    qtbot.keyClicks(ed.president, "Mme Anne Martin")
    qtbot.waitUntil(lambda: doc.meeting.form.get("president") == "Mme Anne Martin", timeout=5000)
    # présents: Ctrl+Z while the edit is still pending stores it, then undoes it
    ed.present.setFocus()
    qtbot.keyClick(ed.present, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(ed.present, "\nM. Paul Durand" if present_before else "M. Paul Durand")
    qtbot.keyClick(ed.present, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ed.present.toPlainText() == present_before
    assert "Paul Durand" not in str(doc.meeting.form)
    assert doc.meeting.form["president"] == "Mme Anne Martin"
    # again: the président goes back too, in the field and in the meeting
    qtbot.keyClick(ed.present, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ed.president.text() == "" and doc.meeting.form == before
    # redo (Ctrl+Maj+Z), then Édition › Annuler works on the form as well
    qtbot.keyClick(ed.present, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert ed.president.text() == "Mme Anne Martin" and doc.meeting.form["president"] == "Mme Anne Martin"
    window.act_undo.trigger()
    assert ed.president.text() == "" and doc.meeting.form == before

    # secrétaires
    ed.secretaries.setFocus()
    ed.secretaries.selectAll()
    qtbot.keyClicks(ed.secretaries, "M. Jean Petit")
    qtbot.keyClick(ed.secretaries, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc.meeting.form == before and "Jean Petit" not in ed.secretaries.text()

    # an agenda item typed in the table
    ed.add_item()
    cell_editor = ed.agenda.viewport().findChild(QLineEdit)
    assert cell_editor is not None
    qtbot.keyClicks(cell_editor, "Budget primitif 2026")
    qtbot.keyClick(cell_editor, Qt.Key.Key_Return)
    ed.agenda.setFocus()
    assert ed.store() and any(p.get("titre") == "Budget primitif 2026" for p in doc.meeting.form["points"])
    qtbot.keyClick(ed.agenda, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc.meeting.form == before
    assert ed.agenda.rowCount() == rows_before
    cells = [ed.agenda.item(r, 1).text() for r in range(ed.agenda.rowCount())]
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
    assert not document_path(meeting_copy, "pv").exists()
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
        write_export(window.meeting_view.doc.meeting, blocker / "x.srt", "srt")


def test_documents_as_opendocument(qtbot, window, meeting_copy):
    import zipfile

    prepare(meeting_copy)
    open_meeting(qtbot, window, meeting_copy)
    panel = window.meeting_view.minutes_panel
    window.meeting_view.side.setCurrentWidget(panel)
    panel.doc_format.setCurrentIndex(panel.doc_format.findData("odt"))
    qtbot.mouseClick(panel.doc_buttons["verbatim_nettoye"], Qt.MouseButton.LeftButton)
    target = document_path(meeting_copy, "verbatim_nettoye", "odt")
    qtbot.waitUntil(lambda: target.exists() and panel.doc_buttons["pv"].isEnabled(), timeout=120_000)
    with zipfile.ZipFile(target) as z:
        assert z.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        assert "Verbatim nettoyé" in z.read("content.xml").decode("utf-8")
    assert "enregistré" in panel.status.text()
