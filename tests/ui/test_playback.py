"""Playback of the meeting's audio with QMediaPlayer (no sound card needed: its position still
advances): the played segment and word are highlighted and followed, a click on a word seeks,
the playback keys work while typing, a speaker's sample plays."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ui.qmodels import CurrentRole, CurrentWordRole
from ui.views.transcript import SegmentEditor
from ui_helpers import open_meeting


def test_highlight_follows_playback_position(qtbot, window, meeting_copy):
    doc = open_meeting(qtbot, window, meeting_copy)
    segs = doc.meeting.segments
    assert len(segs) >= 2
    pb = window.meeting_view.playback
    qtbot.waitUntil(lambda: pb.player.duration() > 0, timeout=10_000)
    target = segs[1]
    pb.seek(max(0, target.start_ms - 800))
    pb.set_rate(2.0)
    assert abs(pb.player.playbackRate() - 2.0) < 1e-6
    assert window.meeting_view.player_bar.speed.currentData() == 2.0
    pb.play()
    qtbot.waitUntil(lambda: pb.position() > target.start_ms + 300, timeout=10_000)
    model = doc.segments
    qtbot.waitUntil(lambda: model.current_row == 1, timeout=2000)
    assert model.index(1).data(CurrentRole) is True
    assert model.index(0).data(CurrentRole) is False
    word = model.index(1).data(CurrentWordRole)
    assert word >= 0 and target.words[word].start_ms <= pb.position() + 200
    # the highlight keeps moving with the audio: a later word is highlighted a bit later
    first_word = word
    qtbot.waitUntil(lambda: model.current_row != 1 or model.current_word > first_word, timeout=8000)
    pb.pause()
    # the view follows: the played segment is visible
    view = window.meeting_view.transcript
    row = model.current_row
    if row >= 0:
        assert view.viewport().rect().intersects(view.visualRect(model.index(row)))


def test_click_on_word_seeks_and_keys_work_while_typing(qtbot, window, meeting_copy):
    doc = open_meeting(qtbot, window, meeting_copy)
    pb = window.meeting_view.playback
    qtbot.waitUntil(lambda: pb.player.duration() > 0, timeout=10_000)
    view = window.meeting_view.transcript
    row = len(doc.meeting.segments) - 1
    seg = doc.meeting.segments[row]
    word = len(seg.words) // 2
    pos = view.word_position(row, word)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert view.last_word == (row, word)
    qtbot.waitUntil(lambda: abs(pb.position() - seg.words[word].start_ms) < 50, timeout=3000)

    # F5 plays while the text of a segment is being edited (the editor keeps the focus)
    view.setCurrentIndex(doc.segments.index(0))
    view.edit(doc.segments.index(0))
    editor = view.findChild(SegmentEditor)
    assert editor is not None
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus, timeout=2000)
    qtbot.keyClick(editor, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: pb.playing, timeout=3000)
    qtbot.keyClick(editor, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not pb.playing, timeout=3000)
    at = pb.position()
    qtbot.keyClick(editor, Qt.Key.Key_F6)  # back 5 s
    assert pb.position() <= max(0, at - 4500)
    qtbot.keyClick(editor, Qt.Key.Key_F9)  # faster
    assert pb.rate() > 1.0
    assert view.editing() and editor.toPlainText() == doc.meeting.segments[0].text


def test_speaker_sample_plays_their_longest_segment(qtbot, window, meeting_copy):
    doc = open_meeting(qtbot, window, meeting_copy)
    pb = window.meeting_view.playback
    qtbot.waitUntil(lambda: pb.player.duration() > 0, timeout=10_000)
    panel = window.meeting_view.speakers_panel
    sid = doc.meeting.speakers[0].id
    longest = max((s for s in doc.meeting.segments if s.speaker == sid), key=lambda s: s.duration_ms)
    panel.select(sid)
    assert panel.listen_button.isEnabled()
    qtbot.mouseClick(panel.listen_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pb.playing, timeout=3000)
    assert longest.start_ms - 50 <= pb.position() <= longest.end_ms
    assert pb._stop_at == longest.end_ms
    # talk time is shown next to the name
    assert panel.table.model().index(0, 1).data() not in ("", "0:00")
