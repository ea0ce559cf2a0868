"""Every dialog and context menu of the app in French: Qt's own strings (standard buttons, the
text fields' menus, the names of keys in menus, Qt's file dialogs) come from Qt's French
translations; and a message never stacks a second box on the first."""

from __future__ import annotations

import re

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import (QAbstractButton, QAbstractSpinBox, QApplication, QFileDialog,
                               QGroupBox, QInputDialog, QLabel, QLineEdit, QMenu, QMessageBox)

from ui.views.transcript import SegmentEditor
from ui_helpers import CLIP, open_meeting

#: words Qt shows when its French translations are not loaded
ENGLISH = ("Undo", "Redo", "Cut", "Copy", "Paste", "Delete", "Select All", "Cancel", "Open", "Save",
           "Close", "Yes", "No", "Apply", "Step up", "Step down", "Look in", "File name", "Files of type",
           "Back", "Forward", "Parent Directory", "Create New Folder", "List View", "Detail View",
           "Choose", "Insert Unicode control character", "Space", "Shift", "Backspace", "Return")
_ENGLISH = re.compile(r"\b(" + "|".join(map(re.escape, ENGLISH)) + r")\b", re.IGNORECASE)


def english(texts) -> list[str]:
    out = []
    for raw in texts:
        text = raw.replace("&", "").split("\t")[0].strip()
        if text and _ENGLISH.search(text) and text.casefold() not in ("ok",):
            out.append(raw)
    return out


def menu_texts(menu: QMenu) -> list[str]:
    texts = []
    for act in menu.actions():
        texts.append(act.text() + ("\t" + act.shortcut().toString() if not act.shortcut().isEmpty() else ""))
        if act.menu() is not None:
            texts += menu_texts(act.menu())
    return texts


def widget_texts(root) -> list[str]:
    texts = [root.windowTitle()]
    for w in root.findChildren(QAbstractButton) + root.findChildren(QLabel):
        if w.isVisibleTo(root):
            texts.append(w.text())
    texts += [g.title() for g in root.findChildren(QGroupBox)]
    return texts


def popup_of(qtbot, open_it) -> list[str]:
    """The texts of the menu that ``open_it`` pops up (then closed), submenus included."""
    found: list[list[str]] = []

    def grab() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            QTimer.singleShot(20, grab)
            return
        found.append(menu_texts(menu))
        menu.close()

    QTimer.singleShot(20, grab)
    open_it()
    qtbot.waitUntil(lambda: bool(found), timeout=5000)
    return found[0]


def keyboard_menu(widget) -> None:
    """The context-menu key on ``widget``."""
    QApplication.sendEvent(widget, QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, QPoint(5, 5),
                                                     widget.mapToGlobal(QPoint(5, 5))))


def test_qt_strings_are_french(qtbot, window):
    loaded = QApplication.instance().property("seance_translations")
    assert list(loaded) == ["qtbase", "qtmultimedia"]
    edit = QLineEdit()
    texts = menu_texts(edit.createStandardContextMenu())
    assert any(t.startswith("Co&ller") or t.startswith("Coller") for t in texts), texts
    assert not english(texts)
    assert window.act_play.shortcuts()[1].toString(window.act_play.shortcuts()[1].SequenceFormat.NativeText) \
        == "Ctrl+Espace"


def test_every_dialog_and_context_menu_is_french(qtbot, window, meeting_copy, eval_dir, tmp_path):
    doc = open_meeting(qtbot, window, meeting_copy)
    seen: dict[str, list[str]] = {}
    view = window.meeting_view.transcript

    # the transcript's context menu (keyboard key), and the segment editor's
    view.setCurrentIndex(doc.segments.index(0))
    pos = view.visualRect(doc.segments.index(0)).center()
    seen["transcript"] = popup_of(qtbot, lambda: view._context_menu(pos))
    view.edit(doc.segments.index(0))
    editor = view.findChild(SegmentEditor)
    seen["segment editor"] = popup_of(qtbot, lambda: keyboard_menu(editor))
    assert any("Attribuer la sélection" in t for t in seen["segment editor"])
    editor.submit()

    # new speaker: Qt's input dialog (its OK / Cancel were English)
    view._new_speaker([0])
    dialog = view.findChild(QInputDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    seen["new speaker"] = widget_texts(dialog)
    assert "Annuler" in [b.text() for b in dialog.findChildren(QAbstractButton)]
    seen["new speaker field"] = popup_of(qtbot, lambda: keyboard_menu(dialog.findChild(QLineEdit)))
    dialog.reject()

    # the minutes form's fields (a line, a text box, a number)
    form = window.meeting_view.minutes_panel.editor
    window.meeting_view.side.setCurrentWidget(window.meeting_view.minutes_panel)
    seen["form line"] = popup_of(qtbot, lambda: keyboard_menu(form.place))
    seen["form text"] = popup_of(qtbot, lambda: keyboard_menu(form.present.viewport()))
    spin = form.findChild(QAbstractSpinBox)
    seen["form number"] = popup_of(qtbot, lambda: keyboard_menu(spin))
    assert any("Incrémenter" in t or "Augmenter" in t or "Étape" in t for t in seen["form number"]), seen["form number"]

    # a message box, the find dialog, the settings, À propos
    box = window.show_error("Essai.")
    seen["message"] = widget_texts(box)
    box.close()
    window.show_find()
    seen["find"] = widget_texts(window.find_dialog)
    window.find_dialog.close()
    window.show_settings()
    seen["settings"] = widget_texts(window.settings_dialog)
    window.settings_dialog.reject()
    window.show_about()
    seen["about"] = widget_texts(window.about_dialog)
    window.about_dialog.reject()

    # the import dialog with its date field and vocabulary box
    window.close_meeting()
    window.import_file(eval_dir / CLIP)
    qtbot.waitUntil(lambda: window.import_dialog is not None and window.import_dialog.isVisible(), timeout=15_000)
    imp = window.import_dialog
    seen["import"] = widget_texts(imp)
    seen["import date"] = popup_of(qtbot, lambda: keyboard_menu(imp.date_edit))
    seen["import vocabulary"] = popup_of(qtbot, lambda: keyboard_menu(imp.vocabulary_edit.viewport()))
    imp.reject()

    # Qt's own file dialog (Linux without a desktop: not the system's)
    shown: list[list[str]] = []

    def look() -> None:
        d = QApplication.activeModalWidget()
        if not isinstance(d, QFileDialog) or not d.isVisible():
            QTimer.singleShot(30, look)
            return
        shown.append(widget_texts(d))
        d.reject()

    QTimer.singleShot(30, look)
    window.choose_open()
    seen["open dialog"] = shown[0]
    assert "&Regarder dans\u00a0:" in shown[0] and "Annuler" in shown[0], shown[0]

    problems = {name: english(texts) for name, texts in seen.items() if english(texts)}
    assert not problems, problems
    assert all(texts for texts in seen.values())


def test_messages_never_stack_two_boxes(qtbot, window):
    window.show_error("La transcription de « A » a échoué : fichier illisible.")
    window.show_error("La transcription de « B » a échoué : modèle introuvable.")
    window.show_error("La transcription de « B » a échoué : modèle introuvable.")
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert len(boxes) == 1
    text = boxes[0].text()
    assert "« A »" in text and "« B »" in text and text.count("« B »") == 1
    boxes[0].close()
    qtbot.waitUntil(lambda: window.message_box is None, timeout=2000)
    box = window.show_error("Une autre erreur.")
    assert box.isVisible() and box.text() == "Une autre erreur."
    box.close()
