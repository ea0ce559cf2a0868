"""The transcript editor and the speakers panel on a meeting transcribed by the real pipeline:
rename, edit in place, undo/redo, autosave, split/merge, speaker changes, search and replace,
low-confidence words."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLineEdit

from ui.qmodels import word_spans
from ui.views.transcript import LOW_CONFIDENCE_BG, SegmentEditor
from ui_helpers import open_meeting


def saved_meeting(folder):
    return json.loads((folder / "meeting.json").read_text("utf-8"))


def test_rename_speaker_edit_word_undo_redo_and_autosave(qtbot, window, meeting_copy):
    doc = open_meeting(qtbot, window, meeting_copy)
    m = doc.meeting
    assert len(m.segments) >= 2 and m.speakers
    speaker = m.speakers[0]

    # rename in the speakers table: double-click-like edit, type, Entrée
    table = window.meeting_view.speakers_panel.table
    table.edit(doc.speakers.index(0, 0))
    editor = table.viewport().findChild(QLineEdit)
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, "Mme Anne Martin")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: speaker.name == "Mme Anne Martin", timeout=2000)  # Qt commits queued
    assert doc.speaker_label(m.segments[0].speaker) == "Mme Anne Martin"
    combo = window.meeting_view.speaker_combo
    assert any(combo.itemText(i).startswith("Mme Anne Martin") for i in range(combo.count()))

    # edit one word in place: the editor opens on the segment, Entrée validates
    view = window.meeting_view.transcript
    seg = m.segments[1]
    before_words = list(seg.words)
    old_text = seg.text
    target = before_words[1].text
    view.setCurrentIndex(doc.segments.index(1))
    view.edit(doc.segments.index(1))
    seg_editor = view.findChild(SegmentEditor)
    assert seg_editor is not None and seg_editor.toPlainText() == old_text
    new_text = old_text.replace(target, "SIVOM", 1)
    seg_editor.setPlainText(new_text)
    qtbot.keyClick(seg_editor, Qt.Key.Key_Return)
    assert m.segments[1].text == new_text
    # the words that did not change kept their timings
    assert m.segments[1].words[0] is before_words[0]
    assert m.segments[1].words[2] is before_words[2]
    assert m.segments[1].words[1].text == "SIVOM"
    # a much longer text makes the segment's card taller
    height = view.visualRect(doc.segments.index(1)).height()
    doc.edit_text(1, " ".join([new_text] * 6))
    qtbot.waitUntil(lambda: view.visualRect(doc.segments.index(1)).height() > height + 20, timeout=3000)
    window.act_undo.trigger()
    assert m.segments[1].text == new_text

    # undo / redo from the Édition menu
    assert window.act_undo.isEnabled()
    window.act_undo.trigger()
    assert m.segments[1].text == old_text
    window.act_redo.trigger()
    assert m.segments[1].text == new_text

    # autosave a few seconds after the last edit writes meeting.json (atomically)
    assert doc.dirty
    qtbot.waitUntil(lambda: doc.saves >= 1 and not doc.dirty, timeout=15_000)
    saved = saved_meeting(meeting_copy)
    assert saved["speakers"][0]["name"] == "Mme Anne Martin"
    words = [w["text"] for w in saved["segments"][1]["words"]]
    assert words[1] == "SIVOM"
    assert saved["segments"][1]["words"][0]["start_ms"] == before_words[0].start_ms
    assert window.meeting_view.save_state.text() == "Toutes les modifications sont enregistrées"

    # undo everything, close: the folder holds the original text again (saved on close)
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
    window.close_meeting()
    saved = saved_meeting(meeting_copy)
    assert saved["speakers"][0]["name"] == ""
    assert saved["segments"][1]["words"][1]["text"] == target


def test_split_merge_and_change_speaker_are_undoable(qtbot, window, meeting_copy):
    doc = open_meeting(qtbot, window, meeting_copy)
    m = doc.meeting
    original = json.dumps(m.to_dict(), sort_keys=True)
    n = len(m.segments)
    first = m.segments[0]
    assert len(first.words) >= 3

    # split before the third word of the first segment, by clicking it then "Scinder"
    view = window.meeting_view.transcript
    pos = view.word_position(0, 2)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert view.last_word == (0, 2)
    window.act_split.trigger()
    assert len(m.segments) == n + 1
    assert len(m.segments[0].words) == 2 and m.segments[1].words[0].start_ms == m.segments[1].start_ms
    assert doc.segments.rowCount() == n + 1

    # merge them again (Ctrl+J acts on the selected segment)
    view.setCurrentIndex(doc.segments.index(0))
    window.act_merge.trigger()
    assert len(m.segments) == n and m.segments[0].text == first.text

    # give the second segment to a new speaker, then merge that speaker back from the panel
    sid = doc.add_speaker_for([1], "M. Paul Durand")
    assert m.segments[1].speaker == sid and len(m.speakers) == 2
    assert doc.speaker_label(sid) == "M. Paul Durand"
    panel = window.meeting_view.speakers_panel
    panel.select(sid)
    panel.merge_target.setCurrentIndex(panel.merge_target.findData(m.speakers[0].id))
    qtbot.mouseClick(panel.merge_button, Qt.MouseButton.LeftButton)
    assert len(m.speakers) == 1 and m.segments[1].speaker == m.speakers[0].id

    # Alt+N assigns speaker N to the selected segment (no-op here: one speaker), and every step
    # above undoes back to the transcript as it was loaded
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
    assert json.dumps(m.to_dict(), sort_keys=True) == original
    doc.undo_stack.redo()  # the split again
    assert len(m.segments) == n + 1


def test_search_and_replace_all_is_one_undo_step(qtbot, window, meeting_copy):
    doc = open_meeting(qtbot, window, meeting_copy)
    m = doc.meeting
    word = max((w.text.strip(",.") for w in m.all_words()), key=lambda t: (m.text.count(t), len(t)))
    count = m.text.count(word)
    assert count >= 1
    window.act_find.trigger()
    dialog = window.find_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.find_edit.setText(word)
    dialog.case_check.setChecked(True)
    assert dialog.find(1)
    row = dialog._match[0]
    assert view_row(window) == row and word in m.segments[row].text
    dialog.replace_edit.setText("XYZZY")
    qtbot.mouseClick(dialog.all_button, Qt.MouseButton.LeftButton)
    assert m.text.count("XYZZY") >= count and word not in m.text.replace("XYZZY", "")
    assert "remplacement" in dialog.status.text()
    window.act_undo.trigger()
    assert "XYZZY" not in m.text and m.text.count(word) == count


def view_row(window) -> int:
    return window.meeting_view.transcript.currentIndex().row()


def test_low_confidence_words_are_highlighted(qtbot, window, meeting_copy):
    data = json.loads((meeting_copy / "meeting.json").read_text("utf-8"))
    data["segments"][0]["words"][1]["probability"] = 0.2
    data["segments"][0]["words"][2]["probability"] = 0.95
    (meeting_copy / "meeting.json").write_text(json.dumps(data), "utf-8")
    doc = open_meeting(qtbot, window, meeting_copy)
    seg = doc.meeting.segments[0]
    assert seg.words[1].low_confidence and not seg.words[2].low_confidence
    view = window.meeting_view.transcript
    qdoc, spans = view.delegate.document(seg, view.viewport().width())
    assert spans == word_spans(seg.words)[1]

    def background(word: int):
        cursor = QTextCursor(qdoc)
        cursor.setPosition(spans[word][0] + 1)
        return cursor.charFormat().background().color()

    assert background(1) == LOW_CONFIDENCE_BG
    assert background(2) != LOW_CONFIDENCE_BG
    # editing a word by hand makes it "checked": it is no longer highlighted
    text = seg.text.replace(seg.words[1].text, "vérifié", 1)
    doc.edit_text(0, text)
    seg = doc.meeting.segments[0]
    assert seg.words[1].text == "vérifié" and not seg.words[1].low_confidence


def test_a_failed_autosave_is_shown_and_retried(qtbot, window, meeting_copy, monkeypatch):
    from transcriber.errors import StoreError

    doc = open_meeting(qtbot, window, meeting_copy)
    real_save = type(doc.folder).save
    calls = []

    def full_disk(folder, meeting):
        calls.append(1)
        raise StoreError(f"Le disque est plein : impossible d'écrire {folder.meeting_file}. "
                         "Libérez de la place et réessayez.")

    monkeypatch.setattr(type(doc.folder), "save", full_disk)
    doc.edit_text(0, doc.meeting.segments[0].text + " ajouté")
    doc.save()
    banner = window.meeting_view.banner
    qtbot.waitUntil(banner.isVisible, timeout=10_000)
    assert "Le disque est plein" in banner.label.text() and banner.action.text() == "Réessayer"
    assert doc.dirty and window.meeting_view.save_state.text() == "Enregistrement impossible"
    monkeypatch.setattr(type(doc.folder), "save", real_save)
    qtbot.mouseClick(banner.action, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: doc.saves >= 1 and not doc.dirty, timeout=10_000)
    assert saved_meeting(meeting_copy)["segments"][0]["words"][-1]["text"] == "ajouté"


def _segments_state(m):
    return [(s.start_ms, s.end_ms, [w.text for w in s.words], [w.start_ms for w in s.words], s.speaker, s.overlap)
            for s in m.segments]


def _speakers_state(m):
    return [(s.id, s.name, s.color) for s in m.speakers]


def test_give_some_words_of_a_segment_to_another_speaker(qtbot, window, meeting_copy):
    from PySide6.QtWidgets import QInputDialog

    doc = open_meeting(qtbot, window, meeting_copy)
    m = doc.meeting
    other = doc.add_speaker_for([], "M. Paul Durand")
    row = next(i for i, s in enumerate(m.segments) if len(s.words) >= 4)
    seg = m.segments[row]
    owner = seg.speaker
    assert owner != other
    words = [w.text for w in seg.words]
    before, speakers_before, count = _segments_state(m), _speakers_state(m), len(m.segments)

    # select the last two words in the segment's editor, Alt+2: they go to speaker 2
    view = window.meeting_view.transcript
    view.setCurrentIndex(doc.segments.index(row))
    view.edit(doc.segments.index(row))
    editor = view.findChild(SegmentEditor)
    assert editor is not None and editor.isVisible()
    _, spans = word_spans(seg.words)
    cursor = editor.textCursor()
    cursor.setPosition(spans[-2][0] + 1)  # from inside the next-to-last word to the end
    cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    assert m.speakers[1].id == other
    qtbot.keyClick(editor, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert len(m.segments) == count + 1
    head, tail = m.segments[row], m.segments[row + 1]
    assert [w.text for w in head.words] == words[:-2] and head.speaker == owner
    assert [w.text for w in tail.words] == words[-2:] and tail.speaker == other
    assert head.start_ms == before[row][0] and tail.end_ms == before[row][1]
    assert not view.editing()
    assert window.act_undo.text().startswith("Annuler")  # one step

    # undo restores the segment exactly; redo splits it again
    window.act_undo.trigger()
    assert _segments_state(m) == before and _speakers_state(m) == speakers_before
    window.act_redo.trigger()
    assert len(m.segments) == count + 1 and m.segments[row + 1].speaker == other
    window.act_undo.trigger()
    assert _segments_state(m) == before

    # right-click a word: « Attribuer jusqu'à ce mot à » › « Nouvel intervenant… »
    pos = view.word_position(row, 1)
    view._context_menu(pos)
    menu = view.last_menu
    sub = next(a.menu() for a in menu.actions() if a.text() == "Attribuer jusqu'à ce mot à")
    menu.close()
    next(a for a in sub.actions() if a.text() == "Nouvel intervenant…").trigger()
    dialog = view.findChild(QInputDialog, "newSpeakerDialog")
    assert dialog is not None
    dialog.setTextValue("Mme Claire Dupont")
    dialog.accept()
    assert len(m.segments) == count + 1
    first = m.segments[row]
    assert [w.text for w in first.words] == words[:2]
    assert doc.speaker_label(first.speaker) == "Mme Claire Dupont"
    assert m.segments[row + 1].speaker == owner and [w.text for w in m.segments[row + 1].words] == words[2:]
    window.act_undo.trigger()  # the new speaker and the split: one step
    assert _segments_state(m) == before and _speakers_state(m) == speakers_before


def test_the_core_refuses_a_name_already_taken_and_the_banner_says_why(qtbot, window, meeting_copy):
    doc = open_meeting(qtbot, window, meeting_copy)
    m = doc.meeting
    first = m.speakers[0]
    doc.rename_speaker(first.id, "Mme la Maire")
    other = doc.add_speaker_for([], "M. Paul Durand")
    steps = doc.undo_stack.count()
    index = doc.speakers.index(doc.speakers.row_of(other), 0)
    assert not doc.speakers.setData(index, "mme la maire")
    assert m.speaker(other).name == "M. Paul Durand" and doc.undo_stack.count() == steps
    banner = window.meeting_view.banner
    assert banner.isVisible() and "déjà porté par" in banner.label.text()
    assert doc.add_speaker_for([0], "Mme la Maire") == "" and len(m.speakers) == 2
