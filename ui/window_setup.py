"""How the main window starts and fits: Qt's French strings and the interpreter's switch
interval, a size for the screen it opens on, the meetings its home page lists, and its
« Lecture » menu (the playback keys)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QWidget

from transcriber.store import MEETING_FILE, SUFFIX

from .i18n import install_translations
from .views.player import SKIP_MS


def prepare_app() -> None:
    """Qt's own strings in French; and the GUI thread gets the interpreter back within 1 ms
    (5 by default) when a pool thread works in Python (autosave of a long meeting, the
    minutes' facts), so the window never stutters behind it."""
    install_translations()
    sys.setswitchinterval(0.001)


def fit_to_screen(window: QWidget, width: int = 1400, height: int = 900) -> None:
    """Size the window to its screen's free area (room left for the title bar and the frame
    the window manager adds), at most ``width`` × ``height``, centred."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        window.resize(width, height)
        return
    free = screen.availableGeometry()
    window.resize(min(width, free.width() - 16), min(height, free.height() - 48))
    frame = window.frameGeometry()
    frame.moveCenter(free.center())
    window.move(max(free.left(), frame.left()), max(free.top(), frame.top()))


def meetings_in(folder: Path) -> list[Path]:
    """The meeting folders directly under ``folder``, the most recently changed first."""
    try:
        found = [p for p in folder.glob(f"*{SUFFIX}") if (p / MEETING_FILE).is_file()]
        return sorted(found, key=lambda p: (p / MEETING_FILE).stat().st_mtime, reverse=True)
    except OSError:
        return []


def home_meetings(recent: list[str], meetings_dir: Path) -> list[str]:
    """What the home page lists: the recent meetings, then those of the meetings folder never
    opened here (made by « seance » on the command line, copied there)."""
    known = {str(Path(p).resolve()) for p in recent}
    return recent + [str(p) for p in meetings_in(meetings_dir) if str(p.resolve()) not in known]


def build_playback_menu(window, menu) -> list[QAction]:
    """The « Lecture » menu of ``window`` (its ``_action`` helper); returns its actions."""
    pb = window.meeting_view.playback
    window.act_play = window._action(menu, "Lecture / &pause", pb.toggle, ["F5", "Ctrl+Space"])
    window.act_replay = window._action(menu, "Réé&couter les 3 dernières secondes", pb.replay, ["F4"])
    window.act_back = window._action(menu, "&Reculer de 5 s", lambda: pb.skip(-SKIP_MS), ["F6"])
    window.act_forward = window._action(menu, "&Avancer de 5 s", lambda: pb.skip(SKIP_MS), ["F7"])
    window.act_slower = window._action(menu, "Plus &lent", pb.slower, ["F8"])
    window.act_faster = window._action(menu, "Plus &rapide", pb.faster, ["F9"])
    keys = [window.act_play, window.act_replay, window.act_back, window.act_forward,
            window.act_slower, window.act_faster]
    for act in keys:
        act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)  # also while typing
    menu.addSeparator()
    follow = window.meeting_view.player_bar.follow
    window.act_follow = QAction("&Suivre la lecture", window, checkable=True, checked=True)
    window.act_follow.toggled.connect(follow.setChecked)
    follow.toggled.connect(window.act_follow.setChecked)
    menu.addAction(window.act_follow)
    return [*keys, window.act_follow]
