"""The app shell: startup time without heavy modules, menus, recent meetings, drag and drop,
settings (a model folder added through the model store), À propos with the log file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from transcriber.settings import Settings
from ui_helpers import CLIP

REPO = Path(__file__).resolve().parents[2]


def test_startup_is_fast_and_loads_no_model_library(tmp_path):
    probe = tmp_path / "startup.json"
    env = dict(os.environ, SEANCE_HOME=str(tmp_path / "home"), SEANCE_STARTUP_PROBE=str(probe),
               QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    t0 = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "ui"], env=env, cwd=REPO, capture_output=True,
                          text=True, timeout=60)
    wall = time.monotonic() - t0
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = json.loads(probe.read_text("utf-8"))
    print(f"\n[ui] window shown {data['startup_s']:.2f} s after start "
          f"(whole process with interpreter and exit: {wall:.2f} s)")
    assert data["startup_s"] < 3.0
    assert data["heavy_modules"] == [], "torch/faster_whisper/pyannote belong to the job children"
    log = (tmp_path / "home" / "data" / "logs" / "seance-app.log").read_text("utf-8")
    assert "window shown" in log


def test_menus_follow_platform_conventions(window):
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&Fichier", "É&dition", "&Lecture", "&Aide"]
    texts = {a.text() for a in window.findChildren(type(window.act_new))}
    for expected in ("&Nouvelle réunion (enregistrer)", "&Importer un fichier audio ou vidéo…",
                     "&Ouvrir une réunion…", "&Quitter", "&Rechercher et remplacer…",
                     "Lecture / &pause", "À &propos de Séance"):
        assert expected in texts
    assert window.act_undo.text().startswith("Annuler")
    assert window.act_open.shortcut().toString() == "Ctrl+O"
    assert [s.toString() for s in window.act_play.shortcuts()] == ["F5", "Ctrl+Space"]
    # nothing to play or edit on the home view
    assert not window.act_play.isEnabled() and not window.export_menu.isEnabled()


def test_about_box_shows_the_log_file(qtbot, window):
    window.show_about()
    dialog = window.about_dialog
    assert dialog.isVisible()
    text = dialog.findChild(type(window.home.empty), "aboutText").text()
    assert "seance-app.log" in text and str(Path(os.environ["SEANCE_HOME"])) in text


def test_recent_meetings_and_drop(qtbot, window, settings, meeting_copy, eval_dir):
    settings.add_recent(meeting_copy)
    window.refresh_recent()
    assert window.home.recent.count() == 1
    item = window.home.recent.item(0)
    assert item.text().startswith("Conseil municipal du 12 mars")
    assert "Conseil municipal" in item.text() and "12/03/2026" in item.text()
    assert [a.toolTip() for a in window.recent_menu.actions()] == [str(meeting_copy.resolve())]

    # dropping a meeting folder opens it
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(meeting_copy))])
    event = QDropEvent(QPointF(100, 100), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.meetingOpened, timeout=20_000):
        window.dropEvent(event)
    assert window.meeting_view.doc.folder.path == meeting_copy
    assert window.act_play.isEnabled()

    # dropping an audio file opens the import dialog for it (the open meeting is saved first)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(eval_dir / CLIP))])
    window.dropEvent(QDropEvent(QPointF(100, 100), Qt.DropAction.CopyAction, mime,
                                Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    qtbot.waitUntil(lambda: window.import_dialog is not None and window.import_dialog.isVisible(), timeout=10_000)
    assert window.import_dialog.source == eval_dir / CLIP
    window.import_dialog.reject()
    assert not window.jobs.jobs


def test_settings_dialog_adds_a_model_folder(qtbot, window, settings, tmp_path):
    window.show_settings()
    dialog = window.settings_dialog
    assert dialog.isVisible()
    assert dialog.model_combo.currentData() == "base"

    bad = tmp_path / "pas-un-modele"
    bad.mkdir()
    assert not dialog.add_model_folder(str(bad))
    assert dialog.error_label.isVisible() and "n'est pas un modèle Whisper" in dialog.error_label.text()

    model = tmp_path / "whisper-large-v3-turbo"
    model.mkdir()
    for name in ("model.bin", "tokenizer.json", "vocabulary.txt"):
        (model / name).write_text("x", "utf-8")
    (model / "config.json").write_text("{}", "utf-8")
    assert dialog.add_model_folder(str(model))
    assert dialog.folders.count() == 1
    assert dialog.model_combo.findData("whisper-large-v3-turbo") >= 0
    dialog.model_combo.setCurrentIndex(dialog.model_combo.findData("whisper-large-v3-turbo"))
    dialog.device_combo.setCurrentIndex(dialog.device_combo.findData("cpu"))
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    dialog.meetings_edit.setText(str(tmp_path / "ailleurs"))
    dialog._save()
    saved = Settings.load()
    assert saved.model == "whisper-large-v3-turbo" and saved.device == "cpu" and saved.language == "en"
    assert saved.model_folders == [str(model.resolve())]
    assert saved.meetings_path == tmp_path / "ailleurs"


def test_pyside_does_not_leak_none_references():
    """PySide6 6.12.0 on CPython 3.11 returned None from void methods without a reference and
    aborted the interpreter after a few thousand calls; the pinned version must not."""
    from PySide6.QtCore import QObject, QTimer

    o, timer = QObject(), QTimer()
    before = sys.getrefcount(None)
    for _ in range(5_000):
        o.setObjectName("x")
        timer.setInterval(5)
    assert sys.getrefcount(None) - before > -100


def test_settings_dialog_explains_the_device_and_installs_a_model_pack(qtbot, window, settings, tmp_path,
                                                                      monkeypatch):
    """The explanation comes from a child process; the pack is a real one (the default model's files)."""
    from transcriber import modelpack, modelstore, settings as settings_mod
    from transcriber.device import choose

    base = modelstore.assemble_bundled("base")
    # packs install beside the models of this test only (the default model's folder is shared)
    monkeypatch.setattr(settings_mod, "default_models_dir", lambda: tmp_path / "models")
    window.show_settings()
    dialog = window.settings_dialog
    qtbot.waitUntil(lambda: "Recherche" not in dialog.device_label.text(), timeout=120_000)
    assert dialog.device_label.text() == choose("auto").reason
    dialog.device_combo.setCurrentIndex(dialog.device_combo.findData("cpu"))
    qtbot.waitUntil(lambda: "comme demandé" in dialog.device_label.text(), timeout=120_000)

    source = tmp_path / "mon-modele"
    source.mkdir()
    for name in ("model.bin", "config.json", "tokenizer.json", "vocabulary.txt"):
        (source / name).symlink_to(base / name)
    pack = tmp_path / "mon-modele.zip"
    modelpack.export_pack(str(source), pack, licence="MIT")

    broken = tmp_path / "abime.zip"
    data = bytearray(pack.read_bytes())
    data[len(data) // 2] ^= 0x01
    broken.write_bytes(bytes(data))
    dialog.install_pack(str(broken))
    qtbot.waitUntil(lambda: dialog.pack_button.isEnabled(), timeout=120_000)
    assert dialog.error_label.isVisible() and "endommagé" in dialog.error_label.text()
    assert dialog.model_combo.findData("mon-modele") < 0

    dialog.install_pack(str(pack))
    qtbot.waitUntil(lambda: dialog.pack_button.isEnabled(), timeout=120_000)
    assert "installé : mon-modele" in dialog.pack_label.text()
    assert dialog.model_combo.findData("mon-modele") >= 0
    dialog._save()
    assert Settings.load().model_folders[-1] == str(tmp_path / "models" / "packs" / "mon-modele")


def test_home_lists_the_meetings_of_the_meetings_folder(qtbot, make_window, settings, meeting_copy):
    """A meeting made by « seance » (make run) in the meetings folder is on the home page, even
    though the app never opened it; opened from there, it becomes a recent one."""
    assert str(meeting_copy.resolve()) not in settings.recent_meetings
    assert meeting_copy.parent == settings.meetings_path
    window = make_window()
    items = [window.home.recent.item(i) for i in range(window.home.recent.count())]
    assert [i.data(Qt.ItemDataRole.UserRole) for i in items] == [str(meeting_copy)]
    assert window.home.recent.isVisible() and not window.home.empty.isVisible()
    with qtbot.waitSignal(window.meetingOpened, timeout=20_000):
        window.home.recent.itemActivated.emit(items[0])
    assert str(meeting_copy.resolve()) in settings.recent_meetings
