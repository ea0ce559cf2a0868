"""The app's side of pseudonymisation: a speaker is marked elected in the speakers panel (undoable,
saved), and the TXT/SRT/VTT/JSON buttons and the documents honour the « pseudonymiser » box."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from PySide6.QtCore import Qt

from transcriber.model import Meeting, Segment, Speaker, Word
from transcriber.store import MeetingFolder

from rel_helpers import open_meeting

TURNS = [("S0", "Bonsoir. Je déclare la séance ouverte. Je donne la parole à M. Perreau, riverain de la rue des Tilleuls."),
         ("S1", "Merci Madame Martin. Je conteste le permis de construire."),
         ("S0", "Merci Monsieur Perrot. Le point est adopté.")]


def make_meeting(parent: Path) -> Path:
    segments, t = [], 0
    for speaker, text in TURNS:
        words = [Word(t + i * 300, t + i * 300 + 250, w) for i, w in enumerate(text.split())]
        segments.append(Segment(t, words[-1].end_ms, words, speaker))
        t = words[-1].end_ms + 400
    meeting = Meeting(title="Conseil municipal", kind="conseil", date="2026-03-12", segments=segments,
                      duration_ms=t, speakers=[Speaker("S0", "Anne Martin"), Speaker("S1", "Jean Perrot")],
                      form={"version": 1, "personnes_privees": ["M. Jean Perrot"]})
    folder = MeetingFolder.create(parent, meeting.title)
    folder.save(meeting)
    return folder.path


def text_of(path: Path) -> str:
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as z:
            return z.read("word/document.xml").decode("utf-8")
    return path.read_text("utf-8")


def test_mark_elected_undo_save_and_pseudonymised_exports(qtbot, window, settings):
    folder = make_meeting(settings.meetings_path)
    doc = open_meeting(qtbot, window, folder)
    panel = window.meeting_view.speakers_panel
    window.meeting_view.side.setCurrentWidget(panel)
    model = panel.table.model()
    index = model.index(0, model.ELECTED)
    assert model.headerData(model.ELECTED, Qt.Orientation.Horizontal) == "Élu(e)"
    assert index.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert model.data(index, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked

    # the secretary ticks « Élu(e) » for the maire (a real key press on the table's check box)
    panel.table.setFocus()
    panel.table.setCurrentIndex(index)
    qtbot.keyClick(panel.table.viewport(), Qt.Key.Key_Space)
    assert doc.meeting.speaker("S0").elected
    assert model.data(index, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    # undoable, redoable
    assert "élu" in doc.undo_stack.undoText()
    doc.undo_stack.undo()
    assert not doc.meeting.speaker("S0").elected
    doc.undo_stack.redo()
    assert doc.meeting.speaker("S0").elected
    # saved
    assert doc.flush()
    saved = json.loads((folder / "meeting.json").read_text("utf-8"))
    assert [s["elected"] for s in saved["speakers"]] == [True, False]

    # the « pseudonymiser » box governs the transcript buttons and the documents
    minutes = window.meeting_view.minutes_panel
    window.meeting_view.side.setCurrentWidget(minutes)
    minutes.pseudonymise.setChecked(True)
    written = []
    minutes.documentWritten.connect(written.append)
    for fmt in ("txt", "srt", "vtt", "json"):
        qtbot.mouseClick(minutes.export_buttons[fmt], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda f=fmt: any(p.endswith(f"transcription-pseudonymisee.{f}") for p in written),
                        timeout=30_000)
    qtbot.mouseClick(minutes.doc_buttons["pv"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(p.endswith(".docx") for p in written), timeout=60_000)
    assert "pseudonymisée" in minutes.status.text() or "enregistré" in minutes.status.text()
    for path in map(Path, written):
        text = text_of(path)
        assert "Perrot" not in text and "Perreau" not in text, path.name
        assert "Personne A" in text and "Anne Martin" in text, path.name
    assert (folder / "exports" / "transcription-pseudonymisee.pseudonymisation.txt").exists()
    assert not (folder / "exports" / "transcription.txt").exists()  # nothing written in clear
    assert json.loads((folder / "exports" / "transcription-pseudonymisee.json").read_text("utf-8"))[
        "pseudonymisation"]["remplacements"] >= 3
