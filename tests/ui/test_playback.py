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
    assert not pb.playing
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert view.last_word == (row, word)
    # a click plays from the word, even when the playback was paused
    qtbot.waitUntil(lambda: pb.playing, timeout=3000)
    start = seg.words[word].start_ms
    qtbot.waitUntil(lambda: start - 50 <= pb.position() < start + 1500, timeout=3000)
    pb.pause()

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


def test_playback_follows_the_cursor_and_f4_replays(qtbot, window, meeting_copy):
    """Paused, the playback waits at the word under the keyboard cursor (a segment chosen in
    the list, a word in the editor), so F5 plays what is being corrected; F4 plays the last
    3 seconds again; a segment entered while playing elsewhere is played from its start."""
    from ui.views.player import REPLAY_MS

    doc = open_meeting(qtbot, window, meeting_copy)
    segs = doc.meeting.segments
    pb = window.meeting_view.playback
    qtbot.waitUntil(lambda: pb.player.duration() > 0, timeout=10_000)
    view = window.meeting_view.transcript
    assert view.hasFocus()  # the editor has the focus once the meeting is open
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.currentIndex().row() == 1
    qtbot.waitUntil(lambda: abs(pb.position() - segs[1].start_ms) < 50, timeout=2000)
    qtbot.keyClick(view, Qt.Key.Key_Return)  # edit segment 2: cursor at its start
    editor = view.findChild(SegmentEditor)
    assert editor is not None and editor.textCursor().position() == 0
    qtbot.keyClick(editor, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    word = editor.word_at_cursor(segs[1].words)
    assert word is not None and word >= 1
    qtbot.waitUntil(lambda: abs(pb.position() - segs[1].words[word].start_ms) < 50, timeout=2000)
    # F4: the 3 seconds before, played
    at = pb.position()
    qtbot.keyClick(editor, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: pb.playing, timeout=3000)
    assert max(0, at - REPLAY_MS) - 50 <= pb.position() <= at
    # playing: going back to the first segment (↑ at the top line) plays it from its start
    qtbot.keyClick(editor, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert view.currentIndex().row() == 0 and view.editing()
    qtbot.waitUntil(lambda: segs[0].start_ms <= pb.position() < segs[0].start_ms + 1500, timeout=2000)
    assert pb.playing
    pb.pause()


def test_recording_markers_and_pauses_are_shown_in_the_transcript(qtbot, window, meeting_copy):
    import json

    from ui.views.transcript import marker_lines

    data = json.loads((meeting_copy / "meeting.json").read_text("utf-8"))
    segs = data["segments"]
    assert len(segs) >= 2
    second = segs[1]["start_ms"]
    data["markers"] = [
        {"time_ms": 0, "kind": "agenda", "label": "Point 1"},
        {"time_ms": second + 10, "kind": "vote", "label": "Vote"},
        {"time_ms": second + 20, "kind": "pause", "label": "Pause à 21:02:10"},
        {"time_ms": second + 20, "kind": "resume", "label": "Reprise à 21:10:00 (pause de 7 min 50 s)"},
        {"time_ms": segs[-1]["end_ms"] + 5000, "kind": "note", "label": "fin de séance"},
    ]
    (meeting_copy / "meeting.json").write_text(json.dumps(data), "utf-8")
    doc = open_meeting(qtbot, window, meeting_copy)
    view = window.meeting_view.transcript
    before0, _ = view.markers_of(0)
    assert [(k, t) for k, _, t in before0] == [("agenda", "Point de l'ordre du jour : Point 1")]
    before1, _ = view.markers_of(1)
    assert [k for k, _, _ in before1] == ["vote", "pause"]
    assert "Pause à 21:02:10" in before1[1][2] and "Reprise à 21:10:00" in before1[1][2]
    _, after = view.markers_of(len(segs) - 1)
    assert after and after[-1][2] == "Note : fin de séance"
    # the cards are taller by their marker lines, and the words are still where they are drawn
    plain = marker_lines([], doc.meeting.segments)
    assert plain == {}
    h1 = view.visualRect(doc.segments.index(1)).height()
    assert h1 >= view.delegate.sizeHint(None, doc.segments.index(1)).height() - 1
    assert h1 > view.delegate._marker_h * 2
    pos = view.word_position(1, 0)
    assert pos.y() > view.visualRect(doc.segments.index(1)).top() + 2 * view.delegate._marker_h
    # painted: the marker text is in the picture of the card (not just in the model)
    image = view.viewport().grab().toImage()
    r = view.visualRect(doc.segments.index(1))
    from ui.views.transcript_delegate import MARKER_COLOURS

    vote = MARKER_COLOURS["vote"].rgb() & 0xFFFFFF
    assert any(image.pixel(r.left() + 10, y) & 0xFFFFFF == vote
               for y in range(max(0, r.top()), min(image.height(), r.top() + view.delegate._marker_h)))
