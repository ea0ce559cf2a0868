"""The app with the keyboard only: F2 renames where the focus is, Tab never gets stuck, Ctrl+S
saves and says so, the editor has the focus once a meeting is open, a continuous correction flow
(measured: keys needed to correct ten segments), and the whole afternoon of a secretary —
open, correct, rename, merge, draft the PV, save it elsewhere — without a single mouse event.

Keys are sent to the widget that has the focus, as a keyboard does."""

from __future__ import annotations

import json
import re
import time
from collections import Counter

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QPushButton, QTableView

from transcriber import edit
from transcriber.store import MeetingFolder
from ui.views.transcript import SegmentEditor
from ui_helpers import open_meeting


class Keyboard:
    """Presses keys on the focused widget and counts them (typed text apart)."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.keys: list[str] = []
        self.typed = 0

    def focus(self):
        return QApplication.focusWidget()

    def press(self, key, mods=Qt.KeyboardModifier.NoModifier, times: int = 1) -> None:
        for _ in range(times):
            widget = QApplication.focusWidget() or QApplication.activeWindow()
            assert widget is not None, "no widget has the keyboard focus"
            self.keys.append(f"{mods.name if mods else ''}+{Qt.Key(key).name}")
            self.qtbot.keyClick(widget, key, mods)

    def type(self, text: str) -> None:
        self.typed += len(text)
        self.qtbot.keyClicks(QApplication.focusWidget(), text)

    def tab_to(self, accept, limit: int = 40) -> None:
        """Tab until ``accept(focused widget)`` is true."""
        for _ in range(limit):
            if accept(self.focus()):
                return
            self.press(Qt.Key.Key_Tab)
        raise AssertionError(f"Tab never reached the widget (stuck on {self.focus()!r})")


class MouseWatch(QObject):
    """Counts every mouse button event the application receives."""

    KINDS = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick)

    def __init__(self) -> None:
        super().__init__()
        self.events = 0
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if event.type() in self.KINDS:
            self.events += 1
        return False

    def stop(self) -> None:
        QApplication.instance().removeEventFilter(self)


def short_segments(folder, words_per_segment: int = 2, second_speaker: bool = False):
    """The real transcript cut into short segments of at least two words (the real words and
    timings), optionally with its second half given to a second speaker. The segments are first
    joined into one, so that the count does not depend on where this CPU's ASR ended its
    segments (20 s of speech gives 11 to 13 segments of two words)."""
    mf = MeetingFolder(folder)
    m = mf.load()
    whole = m.segments[0]
    for seg in m.segments[1:]:
        whole = edit.merge_segments(whole, seg)
    m.segments = edit.split_segment(whole, range(words_per_segment, len(whole.words) - 1, words_per_segment))
    if second_speaker:
        other = edit.add_speaker(m)
        for seg in m.segments[len(m.segments) // 2:]:
            seg.speaker = other.id
    mf.save(m)
    return m


def test_f2_renames_where_the_focus_is(qtbot, window, meeting_copy):
    doc = open_meeting(qtbot, window, meeting_copy)
    texts = [s.text for s in doc.meeting.segments]
    kb = Keyboard(qtbot)
    table = window.meeting_view.speakers_panel.table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus, timeout=2000)
    kb.press(Qt.Key.Key_F2)
    view = window.meeting_view.transcript
    assert not view.editing() and view.findChild(SegmentEditor) is None
    assert isinstance(kb.focus(), QLineEdit) and table.isAncestorOf(kb.focus())
    kb.focus().selectAll()
    kb.type("Mme Anne Martin")
    kb.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: doc.meeting.speakers[0].name == "Mme Anne Martin", timeout=2000)
    assert [s.text for s in doc.meeting.segments] == texts, "nothing was typed into the transcript"
    # in the transcript, F2 edits the current segment
    view.setFocus()
    qtbot.waitUntil(view.hasFocus, timeout=2000)
    kb.press(Qt.Key.Key_F2)
    assert view.editing() and isinstance(kb.focus(), SegmentEditor)


def test_tab_leaves_the_speakers_table_and_the_text_fields(qtbot, window, meeting_copy, eval_dir):
    short_segments(meeting_copy, second_speaker=True)
    open_meeting(qtbot, window, meeting_copy)
    kb = Keyboard(qtbot)
    table = window.meeting_view.speakers_panel.table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus, timeout=2000)
    kb.press(Qt.Key.Key_Tab)
    assert not table.hasFocus() and kb.focus() is window.meeting_view.speakers_panel.listen_button
    kb.press(Qt.Key.Key_Backtab)
    assert table.hasFocus()
    # in the segment editor, Tab validates and leaves the transcript
    view = window.meeting_view.transcript
    view.setFocus()
    qtbot.waitUntil(view.hasFocus, timeout=2000)
    kb.press(Qt.Key.Key_Return)
    assert isinstance(kb.focus(), SegmentEditor)
    kb.press(Qt.Key.Key_Tab)
    assert not view.editing() and kb.focus() is table

    # the import dialog's Vocabulaire: Tab goes on to the next field, no tab typed
    window.close_meeting()
    window.import_file(eval_dir / "fr_fleurs_007.wav")
    qtbot.waitUntil(lambda: window.import_dialog is not None and window.import_dialog.isVisible(), timeout=15_000)
    dialog = window.import_dialog
    dialog.vocabulary_edit.setFocus()
    qtbot.waitUntil(dialog.vocabulary_edit.hasFocus, timeout=2000)
    kb.type("SIVOM")
    kb.press(Qt.Key.Key_Tab)
    assert dialog.vocabulary_edit.toPlainText() == "SIVOM" and not dialog.vocabulary_edit.hasFocus()
    kb.tab_to(lambda w: w is dialog.ok_button)  # « Transcrire » is reachable
    dialog.reject()


def test_ctrl_s_saves_and_says_so(qtbot, window, meeting_copy):
    doc = open_meeting(qtbot, window, meeting_copy)
    kb = Keyboard(qtbot)
    assert window.meeting_view.transcript.hasFocus(), "the editor has the focus once the meeting is open"
    kb.press(Qt.Key.Key_Return)
    kb.press(Qt.Key.Key_End)
    kb.type(" merci")
    kb.press(Qt.Key.Key_Escape)  # Échap: the change is dropped
    assert not doc.dirty and not doc.meeting.segments[0].text.endswith("merci")
    kb.press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "déjà enregistrées" in window.statusBar().currentMessage()
    kb.press(Qt.Key.Key_Return)
    kb.press(Qt.Key.Key_End)
    kb.type(" merci")
    kb.press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # while typing: kept and saved
    qtbot.waitUntil(lambda: "Réunion enregistrée" in window.statusBar().currentMessage(), timeout=10_000)
    saved = json.loads((meeting_copy / "meeting.json").read_text("utf-8"))
    assert saved["segments"][0]["words"][-1]["text"] == "merci"
    assert not doc.dirty and window.meeting_view.save_state.text() == "Toutes les modifications sont enregistrées"


def correct_segment_by_segment(qtbot, kb, window, rows, fix) -> None:
    """The flow the app offered before: choose the segment in the list, bring the audio to it
    with the ±5 s keys, listen (F5, F5), Entrée, go to the word, type, Entrée. Each step is
    taken only when the state needs it, so the same policy runs on any version of the app."""
    view = window.meeting_view.transcript
    pb = window.meeting_view.playback
    segs = window.meeting_view.doc.meeting.segments
    kb.tab_to(lambda w: w is view)  # (the focus used to be on the tab bar)
    for row in rows:
        start = segs[row].start_ms
        if not (view.editing() and view.currentIndex().row() == row):
            while view.currentIndex().row() < row:
                kb.press(Qt.Key.Key_Down)
        while pb.position() > start + 300:
            kb.press(Qt.Key.Key_F6)
        while pb.position() < start - 5000:
            kb.press(Qt.Key.Key_F7)
        kb.press(Qt.Key.Key_F5)
        qtbot.waitUntil(lambda: pb.position() >= start + 200, timeout=8000)
        kb.press(Qt.Key.Key_F5)
        if not view.editing():
            kb.press(Qt.Key.Key_Return)
        if kb.focus().textCursor().position() != 0:
            kb.press(Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
        fix(kb)
        kb.press(Qt.Key.Key_Return)


def correct_continuously(qtbot, kb, window, rows, fix) -> None:
    """The continuous flow: Entrée once, F5 once; then for each segment go to the word, type,
    Entrée (the next segment opens and the audio, following the cursor, plays it)."""
    view = window.meeting_view.transcript
    pb = window.meeting_view.playback
    segs = window.meeting_view.doc.meeting.segments
    kb.tab_to(lambda w: w is view)
    kb.press(Qt.Key.Key_Return)
    kb.press(Qt.Key.Key_F5)
    for row in rows:
        start = segs[row].start_ms
        assert view.editing() and view.currentIndex().row() == row
        # heard from its start: the audio plays this segment
        qtbot.waitUntil(lambda: pb.playing and start + 200 <= pb.position(), timeout=8000)
        fix(kb)
        kb.press(Qt.Key.Key_Return)
    kb.press(Qt.Key.Key_F5)


def replace_second_word(kb) -> None:
    """From the start of the segment: Ctrl+→ to the second word, select its letters (Ctrl+Maj+→,
    and Maj+← if that took the space after it), type the right word (its punctuation stays)."""
    editor = kb.focus()
    text = editor.toPlainText()
    start = re.match(r"\S+\s+", text).end()
    end = start + len(re.match(r"[\w'’-]+", text[start:]).group())
    while editor.textCursor().position() < start:
        kb.press(Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert editor.textCursor().position() == start
    kb.press(Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    while editor.textCursor().position() > end:
        kb.press(Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert editor.textCursor().selectedText() == text[start:end]
    kb.type("ABC")


def test_correcting_ten_segments_takes_half_the_keys(qtbot, window, meeting_copy):
    m = short_segments(meeting_copy)
    assert len(m.segments) >= 11
    results = {}
    for name, flow in (("segment par segment", correct_segment_by_segment), ("continu", correct_continuously)):
        doc = open_meeting(qtbot, window, meeting_copy)
        pb = window.meeting_view.playback
        qtbot.waitUntil(lambda: pb.player.duration() > 0, timeout=10_000)
        before = [s.text for s in doc.meeting.segments]
        kb = Keyboard(qtbot)
        t0 = time.monotonic()
        flow(qtbot, kb, window, range(10), replace_second_word)
        pb.pause()
        after = [s.text for s in doc.meeting.segments]
        for row in range(10):
            first, second, *rest = before[row].split()
            fixed = re.sub(r"^[\w'’-]+", "ABC", second)
            assert after[row] == " ".join([first, fixed, *rest]), (name, row, after[row])
        assert after[10:] == before[10:]
        results[name] = len(kb.keys)
        print(f"\n[ui] correcting 10 segments, {name}: {len(kb.keys)} keys (+{kb.typed} typed), "
              f"{time.monotonic() - t0:.1f} s: {dict(Counter(kb.keys))}")
        while doc.undo_stack.canUndo():
            doc.undo_stack.undo()
        window.close_meeting()
    # measured (2-core machine): continuous 38 keys; segment by segment 56 here, and 89 with the
    # app as it was before the continuous flow (commit ce22665: focus on the tab bar, no
    # playback following the cursor, Entrée closing the editor)
    assert results["continu"] <= 40
    assert results["continu"] <= 0.75 * results["segment par segment"]


def answer_file_dialog(qtbot, kb, path: str, seen: list) -> None:
    """When Qt's file dialog shows, type the path in it and press Entrée."""
    dialog = QApplication.activeModalWidget()
    name = dialog.findChild(QLineEdit, "fileNameEdit") if isinstance(dialog, QFileDialog) else None
    if name is None or not name.hasFocus():  # (shown, then focused: wait for the keyboard to be there)
        QTimer.singleShot(50, lambda: answer_file_dialog(qtbot, kb, path, seen))
        return
    seen.append({"title": dialog.windowTitle(),
                 "buttons": [b.text() for b in dialog.findChildren(QPushButton) if b.isVisible()]})
    kb.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    kb.type(path)
    kb.press(Qt.Key.Key_Return)


def test_a_secretary_afternoon_with_the_keyboard_only(qtbot, window, settings, meeting_copy, tmp_path):
    """Open a meeting from the home page, correct three segments, rename a speaker, merge two,
    draft the PV and save it elsewhere: keys only, and not one mouse event."""
    from docx import Document

    short_segments(meeting_copy, words_per_segment=4, second_speaker=True)
    mouse = MouseWatch()
    kb = Keyboard(qtbot)
    window.refresh_recent()
    window.activateWindow()
    window.home.new_button.setFocus()
    qtbot.waitUntil(lambda: kb.focus() is not None, timeout=2000)

    # open: the meeting is listed on the home page (it is in the meetings folder)
    kb.tab_to(lambda w: w is window.home.recent)
    kb.press(Qt.Key.Key_Down)
    with qtbot.waitSignal(window.meetingOpened, timeout=20_000):
        kb.press(Qt.Key.Key_Return)
    doc = window.meeting_view.doc
    m = doc.meeting
    view = window.meeting_view.transcript
    assert kb.focus() is view

    # correct three segments in a row
    kb.press(Qt.Key.Key_Return)
    for _ in range(3):
        replace_second_word(kb)
        kb.press(Qt.Key.Key_Return)
    kb.press(Qt.Key.Key_Escape)
    assert [s.text.split()[1] for s in m.segments[:3]] == ["ABC"] * 3 and not view.editing()

    # rename the first speaker: Tab to the speakers, F2
    kb.tab_to(lambda w: isinstance(w, QTableView))
    kb.press(Qt.Key.Key_F2)
    kb.focus().selectAll()
    kb.type("Mme Anne Martin")
    kb.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: m.speakers[0].name == "Mme Anne Martin", timeout=2000)

    # merge the second speaker into her: ↓, Tab to « Fusionner dans » (the other one is
    # offered), Tab, Espace
    panel = window.meeting_view.speakers_panel
    kb.press(Qt.Key.Key_Down)
    assert panel.selected_id() == m.speakers[1].id
    kb.tab_to(lambda w: w is panel.merge_target)
    assert panel.merge_target.currentData() == m.speakers[0].id
    kb.tab_to(lambda w: w is panel.merge_button)
    kb.press(Qt.Key.Key_Space)
    assert len(m.speakers) == 1 and all(s.speaker == m.speakers[0].id for s in m.segments)

    # draft the PV: Fichier › Exporter › Procès-verbal, with the menu keys
    minutes = window.meeting_view.minutes_panel
    kb.press(Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None, timeout=2000)
    kb.qtbot.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_E)
    kb.keys.append("E")
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None
                    and QApplication.activePopupWidget().title() == "&Exporter", timeout=2000)
    kb.qtbot.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_Return)
    kb.keys.append("Return")
    qtbot.waitUntil(lambda: any(p.suffix == ".docx" for p in minutes.generated.values()), timeout=60_000)
    if QApplication.focusWidget() is None:  # a window manager gives the window back the focus
        window.activateWindow()            # when a menu closes; the offscreen platform does not
        qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=2000)

    # save it elsewhere: Ctrl+Maj+S, Qt's file dialog answered with the keyboard
    target = tmp_path / "ailleurs" / "PV du conseil.docx"
    target.parent.mkdir()
    seen: list = []
    QTimer.singleShot(50, lambda: answer_file_dialog(qtbot, kb, str(target), seen))
    kb.press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: target.exists() and minutes.save_as_button.isEnabled(), timeout=60_000)
    mouse.stop()
    text = "\n".join(p.text for p in Document(str(target)).paragraphs)
    assert "Mme Anne Martin" in text
    drafted = [p for p in minutes.generated.values() if p.parent == doc.folder.exports_dir and p.suffix == ".docx"]
    assert drafted and drafted[0].exists()  # the draft in the meeting's exports/, and the copy elsewhere
    assert seen and seen[0]["title"] == "Enregistrer sous"
    assert seen[0]["buttons"] == ["&Enregistrer", "Annuler"]  # Qt's own dialog, in French
    print(f"\n[ui] keyboard-only afternoon: {len(kb.keys)} keys (+{kb.typed} typed), 0 mouse events")
    assert mouse.events == 0
    doc.flush()
    saved = json.loads((meeting_copy / "meeting.json").read_text("utf-8"))
    assert saved["speakers"][0]["name"] == "Mme Anne Martin" and len(saved["speakers"]) == 1
    assert [s["words"][1]["text"] for s in saved["segments"][:3]] == ["ABC"] * 3


def test_form_fields_let_tab_through_and_placeholders_are_not_values(qtbot, window, meeting_copy):
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QPlainTextEdit

    from ui.views.placeholders import PLACEHOLDER_ALPHA

    open_meeting(qtbot, window, meeting_copy)
    window.meeting_view.side.setCurrentWidget(window.meeting_view.minutes_panel)
    form = window.meeting_view.minutes_panel.editor
    kb = Keyboard(qtbot)
    # Présents, Pouvoirs, Absents excusés, Absents: Tab goes on, never types a tab
    boxes = [form.present, form.pouvoirs, form.excused, form.absent]
    form.present.setFocus()
    qtbot.waitUntil(form.present.hasFocus, timeout=2000)
    for box, nxt in zip(boxes, boxes[1:]):
        kb.type("Mme Anne Martin")
        kb.press(Qt.Key.Key_Tab)
        assert "\t" not in box.toPlainText() and nxt.hasFocus()
    kb.press(Qt.Key.Key_Tab)
    assert not form.absent.hasFocus()

    # placeholders: an example (« ex. »), a format or an instruction, in light grey italics
    fields = [w for w in form.findChildren(QLineEdit) + form.findChildren(QPlainTextEdit) if w.placeholderText()]
    assert len(fields) >= 12
    for w in fields:
        text = w.placeholderText()
        assert "ex." in text or "par ligne" in text or "séparés" in text or text == "JJ/MM/AAAA", text
        grey = w.palette().color(QPalette.ColorRole.PlaceholderText)
        assert grey.alpha() == PLACEHOLDER_ALPHA < 128  # lighter than Qt's default placeholder
    empty = next(w for w in fields if isinstance(w, QLineEdit) and not w.text())
    assert empty.font().italic()
    empty.setFocus()
    kb.type("20:30")
    assert not empty.font().italic(), "a value is written upright"
