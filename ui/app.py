"""Séance, the desktop app: ``main()`` (the ``seance-app`` command, ``python -m ui``).

The main window holds three views in a stack (home, meeting, recording), the jobs panel under
them, and the menus; importing, jobs and crash recovery are its ``JobsMixin`` (``window_jobs``). It starts before any model is loaded: torch, faster-whisper and pyannote are
imported only in the child processes that ``ui.workers`` starts for each transcription.
"""

from __future__ import annotations

import time

_T0 = time.perf_counter()

import json  # noqa: E402
import logging  # noqa: E402
import logging.handlers  # noqa: E402
import multiprocessing  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from PySide6.QtCore import Qt, QTimer, QUrl, Signal  # noqa: E402
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence, QUndoGroup  # noqa: E402
from PySide6.QtWidgets import (QApplication, QFileDialog, QMainWindow, QMessageBox,  # noqa: E402
                               QStackedWidget, QVBoxLayout, QWidget)

from transcriber import settings as settings_mod  # noqa: E402
from transcriber.errors import SeanceError  # noqa: E402
from transcriber.store import MEETING_FILE, SUFFIX, MeetingFolder  # noqa: E402

from .dialogs.about import AboutDialog  # noqa: E402
from .dialogs.find import FindReplaceDialog  # noqa: E402
from .dialogs.importer import ImportDialog  # noqa: E402
from .dialogs.settings import SettingsDialog  # noqa: E402
from .views.home import Banner, HomeView  # noqa: E402
from .views.jobs import JobsPanel  # noqa: E402
from .views.meeting import MeetingView  # noqa: E402
from .views.recording import RecordingView  # noqa: E402
from .window_jobs import JobsMixin, default_options  # noqa: E402,F401 - default_options: ui.app's API
from .window_meetings import MeetingsMixin  # noqa: E402
from .window_setup import build_playback_menu, fit_to_screen, home_meetings, prepare_app  # noqa: E402
from .workers import JobQueue, Saver, TaskRunner  # noqa: E402

log = logging.getLogger("seance.app")

APP_NAME = "Séance"
#: modules that must never be imported by the GUI process (they belong to the job children)
HEAVY_MODULES = ("torch", "faster_whisper", "ctranslate2", "pyannote", "av")

STYLE = """
QLabel#homeTitle { font-size: 26pt; font-weight: 600; }
QLabel#homeSubtitle { font-size: 12pt; color: palette(placeholder-text); }
QLabel#viewTitle { font-size: 16pt; font-weight: 600; }
QLabel#panelTitle { font-size: 11pt; font-weight: 600; margin-top: 6px; }
QLabel[hint="true"] { color: palette(placeholder-text); }
QLabel#recordClock { font-size: 40pt; font-weight: 300; }
QLabel#recordState { font-size: 12pt; }
QLabel#recordState[recording="true"] { color: #c62828; font-weight: 600; }
QLabel#dialogError, QLabel#minutesStatus[error="true"] { color: #b3261e; }
QPushButton#bigButton { text-align: left; padding: 10px 14px; font-size: 11pt; }
QPushButton#startRecording, QPushButton#stopRecording { font-weight: 600; padding: 6px 14px; }
QFrame#banner { border-radius: 4px; background: #e8f0fe; }
QFrame#banner[level="error"] { background: #fde7e6; }
QFrame#banner[level="warning"] { background: #fff4d6; }
QFrame#jobRow { border: 1px solid palette(mid); border-radius: 4px; }
QFrame#jobRow[state="failed"] { background: #fde7e6; }
QFrame#jobRow[state="interrupted"], QFrame#jobRow[state="cancelled"] { background: #fff4d6; }
QFrame#jobRow[state="done"] { background: #e7f5ea; }
QLineEdit[detected="true"], QPlainTextEdit[detected="true"], QSpinBox[detected="true"] {
    background: #FFF1D6; }
"""


def log_file() -> Path:
    return settings_mod.log_dir() / "seance-app.log"


def setup_logging() -> Path | None:
    """A rotating log file (1 MB × 3) under the user's data folder; nothing on the network."""
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3,
                                                       encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s]: %(message)s"))
    root.addHandler(handler)
    return path


def meeting_folder_of(path: str | os.PathLike[str]) -> Path | None:
    """The meeting folder for a dropped or chosen path (the folder, or its meeting.json)."""
    p = Path(path)
    if p.is_file() and p.name == MEETING_FILE:
        return p.parent
    if p.is_dir() and (p.suffix == SUFFIX or (p / MEETING_FILE).exists() or (p / "meeting.json.bak").exists()):
        return p
    return None


class MainWindow(JobsMixin, MeetingsMixin, QMainWindow):
    #: emitted when a meeting is open and shown in the editor
    meetingOpened = Signal(str)

    def __init__(self, settings: settings_mod.Settings | None = None, *, recording_source=None,
                 start_jobs: bool = True, check_interrupted: bool = True) -> None:
        super().__init__()
        prepare_app()
        self.setObjectName("mainWindow")
        self.settings = settings or settings_mod.Settings.load()
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        #: every message shown to the user (for the log and the tests)
        self.messages: list[str] = []
        self.message_box: QMessageBox | None = None
        self.recovery_box: QMessageBox | None = None
        self.import_dialog: ImportDialog | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.find_dialog: FindReplaceDialog | None = None
        self._pending_imports: list[Path] = []

        self.tasks = TaskRunner(self)
        self.saver = Saver(self)
        self.jobs = JobQueue(self, autostart=start_jobs)
        self.undo_group = QUndoGroup(self)

        self.banner = Banner()
        self.home = HomeView()
        self.meeting_view = MeetingView(self.tasks, self.saver)
        self.recording_view = RecordingView(self.tasks, lambda: str(self.settings.meetings_path),
                                            recording_source)
        self.stack = QStackedWidget()
        for view in (self.home, self.meeting_view, self.recording_view):
            self.stack.addWidget(view)
        self.jobs_panel = JobsPanel(self.jobs)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.jobs_panel)
        self.setCentralWidget(central)

        self.home.newRequested.connect(self.new_recording)
        self.home.importRequested.connect(self.choose_import)
        self.home.openRequested.connect(self.choose_open)
        self.home.openMeeting.connect(self.open_meeting)
        self.home.deleteMeeting.connect(self.delete_meeting)
        self.jobs_panel.openRequested.connect(self.open_meeting)
        self.jobs_panel.resumeRequested.connect(self.resume_job)
        self.jobs.jobFinished.connect(self._on_job_finished)
        self.jobs.jobFailed.connect(self._on_job_failed)
        self.jobs.jobsChanged.connect(self._on_jobs_changed)
        self.recording_view.recordingStopped.connect(self._on_recording_stopped)
        self.recording_view.cancelled.connect(self.show_home)
        self.recording_view.stateChanged.connect(self._update_actions)
        self.meeting_view.transcribeRequested.connect(self.transcribe_open_meeting)
        self.stack.currentChanged.connect(lambda _i: self._update_actions())

        self._build_menus()
        self.meeting_view.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        fit_to_screen(self)
        self.statusBar().showMessage("Prêt", 3000)
        self.refresh_recent()
        self.show_home()
        if any(j.state == "interrupted" for j in self.jobs.jobs):
            self.banner.show_message("Une transcription a été interrompue lors de la dernière utilisation : "
                                     "cliquez sur « Reprendre » dans la liste des traitements.", "warning")
        if check_interrupted:
            QTimer.singleShot(0, self.check_interrupted_recordings)

    # --- menus -------------------------------------------------------------------------------
    def _action(self, menu, text: str, slot, shortcuts=(), tip: str = "") -> QAction:
        act = QAction(text, self)
        if shortcuts:
            act.setShortcuts([QKeySequence(s) for s in shortcuts])
        if tip:
            act.setStatusTip(tip)
        act.triggered.connect(slot)
        if menu is not None:
            menu.addAction(act)
        else:
            self.addAction(act)
        return act

    def _build_menus(self) -> None:
        bar = self.menuBar()
        m = bar.addMenu("&Fichier")
        self.act_new = self._action(m, "&Nouvelle réunion (enregistrer)", self.new_recording, [QKeySequence.StandardKey.New])
        self.act_import = self._action(m, "&Importer un fichier audio ou vidéo…", self.choose_import, ["Ctrl+I"])
        self.act_open = self._action(m, "&Ouvrir une réunion…", self.choose_open, [QKeySequence.StandardKey.Open])
        self.recent_menu = m.addMenu("Réunions &récentes")
        m.addSeparator()
        self.export_menu = m.addMenu("&Exporter")
        self.act_export_docs = []
        from transcriber.minutes.kinds import KINDS

        from .views.minutes import EXPORTS

        for kind in KINDS.values():
            self.act_export_docs.append(self._action(self.export_menu, f"{kind.name} (.docx)",
                                                     lambda _=False, k=kind.key: self.export_document(k)))
        self.export_menu.addSeparator()
        names = {"txt": "Texte (.txt)", "srt": "Sous-titres (.srt)", "vtt": "Sous-titres (.vtt)", "json": "Données (.json)"}
        for fmt in EXPORTS:
            self.act_export_docs.append(self._action(self.export_menu, f"Transcription : {names[fmt]}",
                                                     lambda _=False, f=fmt: self.export_transcript(f)))
        self.act_transcribe = self._action(m, "&Transcrire à nouveau…", self.transcribe_open_meeting,
                                           tip="Relancer la transcription (par exemple avec un autre nombre d'intervenants)")
        self.act_save = self._action(m, "En&registrer", self.meeting_view.save_now, ["Ctrl+S"],
                                     tip="Enregistrer la réunion maintenant (elle l'est aussi toute seule)")
        self.act_save_as = self._action(m, "Enregistrer le &procès-verbal sous…",
                                        self.meeting_view.save_minutes_as, ["Ctrl+Shift+S"])
        self.act_close = self._action(m, "&Fermer la réunion", self.close_meeting, [QKeySequence.StandardKey.Close])
        m.addSeparator()
        self.act_settings = self._action(m, "&Paramètres…", self.show_settings, ["Ctrl+,"])
        m.addSeparator()
        self.act_quit = self._action(m, "&Quitter", self.close, [QKeySequence.StandardKey.Quit])
        self.act_quit.setMenuRole(QAction.MenuRole.QuitRole)

        e = bar.addMenu("É&dition")
        self.act_undo = self.undo_group.createUndoAction(self, "Annuler")
        self.act_undo.setShortcuts(QKeySequence.StandardKey.Undo)
        self.act_redo = self.undo_group.createRedoAction(self, "Rétablir")
        self.act_redo.setShortcuts([QKeySequence(QKeySequence.StandardKey.Redo), QKeySequence("Ctrl+Y")])
        e.addAction(self.act_undo)
        e.addAction(self.act_redo)
        e.addSeparator()
        self.act_find = self._action(e, "&Rechercher et remplacer…", self.show_find,
                                     [QKeySequence.StandardKey.Find, QKeySequence.StandardKey.Replace])
        self.act_edit = self._action(e, "&Modifier le segment", lambda: self._editor_do("edit"), ["F2"])
        # F2 edits the segment only from the transcript: elsewhere it renames where the focus is
        self.act_edit.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.meeting_view.transcript.addAction(self.act_edit)
        self.act_split = self._action(e, "&Scinder le segment au mot cliqué", self.meeting_view.split_at_clicked_word, ["Ctrl+K"])
        self.act_merge = self._action(e, "&Fusionner avec le segment suivant", self.meeting_view.merge_selected, ["Ctrl+J"])
        self.act_speakers = []
        for n in range(1, 10):
            self.act_speakers.append(self._action(None, f"Intervenant {n}",
                                                  lambda _=False, n=n: self.meeting_view.assign_speaker_number(n),
                                                  [f"Alt+{n}"]))

        playback = build_playback_menu(self, bar.addMenu("&Lecture"))
        self.meeting_actions = [*playback, self.act_save, self.act_save_as, self.act_find, self.act_edit,
                                self.act_split, self.act_merge, self.act_close, self.act_transcribe,
                                *self.act_export_docs, *self.act_speakers]

        h = bar.addMenu("&Aide")
        self.act_about = self._action(h, "À &propos de Séance", self.show_about)
        self.act_about.setMenuRole(QAction.MenuRole.AboutRole)
        self._action(h, "Ouvrir le dossier du &journal",
                     lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_file().parent))))

    def _update_actions(self) -> None:
        in_meeting = self.stack.currentWidget() is self.meeting_view and self.meeting_view.doc is not None
        self.jobs_panel.set_compact(self.stack.currentWidget() is not self.home)
        for act in self.meeting_actions:
            act.setEnabled(in_meeting)
        self.export_menu.setEnabled(in_meeting)
        recording = self.recording_view.recording
        for act in (self.act_new, self.act_import, self.act_open):
            act.setEnabled(not recording)
        self.recent_menu.setEnabled(not recording)
        title = APP_NAME
        if in_meeting:
            title = f"{self.meeting_view.doc.meeting.title}[*] — {APP_NAME}"
        elif self.stack.currentWidget() is self.recording_view:
            title = f"Enregistrement — {APP_NAME}"
        self.setWindowTitle(title)

    def _editor_do(self, what: str) -> None:
        view = self.meeting_view.transcript
        if what == "edit" and view.currentIndex().isValid() and not view.editing():
            view.edit(view.currentIndex())

    # --- messages ----------------------------------------------------------------------------
    def show_error(self, message: str, title: str = "Séance", level: str = "error") -> QMessageBox:
        """A French message in a window-modal box that does not block the event loop; a
        message arriving while one is shown is added to it (never two boxes stacked)."""
        self.messages.append(message)
        log.info("message to the user: %s", message)
        if self.message_box is not None and self.message_box.isVisible():
            if message not in self.message_box.text():
                self.message_box.setText(f"{self.message_box.text()}\n\n{message}")
            return self.message_box
        box = QMessageBox(QMessageBox.Icon.Warning if level == "warning" else
                          QMessageBox.Icon.Information if level == "info" else QMessageBox.Icon.Critical,
                          title, message, QMessageBox.StandardButton.Ok, self)
        box.button(QMessageBox.StandardButton.Ok).setText("OK")
        box.setObjectName("messageBox")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _r, b=box: self.message_box is b and setattr(self, "message_box", None))
        box.open()
        self.message_box = box
        return box

    def show_exception(self, exc: BaseException, context: str = "") -> None:
        if isinstance(exc, SeanceError):
            self.show_error(str(exc))
        else:
            log.error("unexpected error %s", context, exc_info=exc)
            self.show_error("Une erreur inattendue s'est produite. Les détails sont dans le journal "
                            f"({log_file()}).")

    # --- views -------------------------------------------------------------------------------
    def show_home(self) -> None:
        self.refresh_recent()
        self.stack.setCurrentWidget(self.home)
        self._update_actions()

    def refresh_recent(self) -> None:
        from transcriber.store import read_summary

        recent = [p for p in self.settings.recent_meetings if (Path(p) / MEETING_FILE).exists()]
        self.home.set_recent(home_meetings(recent, self.settings.meetings_path))
        self.recent_menu.clear()
        for p in recent:
            summary = read_summary(Path(p))
            act = self.recent_menu.addAction(summary.title if summary else Path(p).name)
            act.setToolTip(p)
            act.triggered.connect(lambda _=False, p=p: self.open_meeting(p))
        if not recent:
            self.recent_menu.addAction("(aucune)").setEnabled(False)

    def new_recording(self) -> None:
        if not self._leave_meeting():
            return
        self.recording_view.reset()
        self.recording_view.refresh_devices()
        self.stack.setCurrentWidget(self.recording_view)
        self._update_actions()

    # --- opening -----------------------------------------------------------------------------
    def choose_open(self) -> None:
        start = str(self.settings.meetings_path if self.settings.meetings_path.exists() else Path.home())
        path = QFileDialog.getExistingDirectory(self, "Ouvrir un dossier de réunion (.seance)", start)
        if path:
            self.open_meeting(path)

    def open_meeting(self, path: str | os.PathLike[str]) -> None:
        folder_path = meeting_folder_of(path)
        if folder_path is None:
            self.show_error(f"« {Path(path).name} » n'est pas un dossier de réunion Séance "
                            f"(il doit contenir {MEETING_FILE}).")
            return
        if self.jobs.active_for(folder_path):
            self.show_error("Cette réunion est en cours de transcription : elle s'ouvrira quand "
                            "le traitement sera terminé.", level="info")
            return
        if self.recording_view.recording:
            self.show_error("Arrêtez d'abord l'enregistrement en cours.", level="info")
            return
        if not self._leave_meeting():
            return
        folder = MeetingFolder(folder_path)
        self.statusBar().showMessage(f"Ouverture de {folder_path.name}…")
        self.tasks.run(self.meeting_view.loader(folder), on_done=lambda meeting: self._show_meeting(folder, meeting),
                       on_error=lambda exc: self.show_exception(exc, f"opening {folder_path}"))

    def _show_meeting(self, folder: MeetingFolder, meeting) -> None:
        self.stack.setCurrentWidget(self.meeting_view)  # first: the cards are laid out once, at their width
        doc = self.meeting_view.open(folder, meeting)
        self.undo_group.addStack(doc.undo_stack)
        self.undo_group.setActiveStack(doc.undo_stack)
        doc.saveStateChanged.connect(lambda: self.setWindowModified(bool(self.meeting_view.doc and self.meeting_view.doc.dirty)))
        self.settings.add_recent(folder.path)
        self._save_settings()
        self.refresh_recent()
        self._update_actions()
        self.statusBar().showMessage(f"{meeting.title} : {len(meeting.segments)} segments.", 5000)
        self.meetingOpened.emit(str(folder.path))

    def _leave_meeting(self) -> bool:
        """Save and close the open meeting (if any). A meeting whose last edits are not on disk
        stays open (False) unless the user, told why and what to do, chooses to drop them."""
        if self.meeting_view.doc is None:
            return True
        if self.find_dialog is not None:
            self.find_dialog.close()
            self.find_dialog = None
        while not self.meeting_view.close_document():
            doc = self.meeting_view.doc
            choice = self.choose(
                "Modifications non enregistrées",
                f"Les dernières modifications de « {doc.meeting.title} » n'ont pas pu être enregistrées"
                f" :\n{doc.last_error or 'erreur d’écriture.'}\n\nLa réunion reste ouverte : rien n'est perdu. "
                "Libérez de la place sur le disque ou vérifiez que le dossier de la réunion est "
                "accessible en écriture, puis cliquez sur « Réessayer ».",
                ["Réessayer", "Rester sur la réunion", "Fermer sans enregistrer"], default=1)
            if choice == "Fermer sans enregistrer":
                log.warning("meeting %s closed without its last edits (save failed)", doc.folder.path)
                self.meeting_view.close_document(discard=True)
                break
            if choice != "Réessayer":
                self.setWindowModified(True)
                return False
        self.setWindowModified(False)
        return True

    def close_meeting(self) -> bool:
        if not self._leave_meeting():
            return False
        self.show_home()
        return True

    def _save_settings(self) -> None:
        try:
            self.settings.save()
        except SeanceError as exc:
            log.error("cannot save settings: %s", exc)

    # --- exports from the menu ---------------------------------------------------------------
    def export_document(self, kind: str) -> None:
        if self.meeting_view.doc is None:
            return
        self.meeting_view.side.setCurrentWidget(self.meeting_view.minutes_panel)
        self.meeting_view.minutes_panel.generate(kind)

    def export_transcript(self, fmt: str) -> None:
        if self.meeting_view.doc is None:
            return
        self.meeting_view.side.setCurrentWidget(self.meeting_view.minutes_panel)
        self.meeting_view.minutes_panel.export(fmt)

    # --- dialogs -----------------------------------------------------------------------------
    def show_find(self) -> None:
        if self.meeting_view.doc is None:
            return
        if self.find_dialog is None:
            self.find_dialog = FindReplaceDialog(self.meeting_view, self)
        self.find_dialog.show()
        self.find_dialog.raise_()
        self.find_dialog.find_edit.setFocus()
        self.find_dialog.find_edit.selectAll()

    def show_settings(self) -> None:
        dialog = SettingsDialog(self.settings, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self.refresh_recent)
        self.settings_dialog = dialog
        dialog.finished.connect(lambda _r: setattr(self, "settings_dialog", None))
        dialog.open()

    def show_about(self) -> None:
        dialog = AboutDialog(log_file(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.about_dialog = dialog
        dialog.open()

    # --- drag and drop -----------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if urls and all(u.isLocalFile() for u in urls) and not self.recording_view.recording:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        event.acceptProposedAction()
        self.handle_paths(paths)

    def handle_paths(self, paths: list[Path]) -> None:
        """Dropped or passed on the command line: meeting folders open, media files import."""
        media = []
        for p in paths:
            folder = meeting_folder_of(p)
            if folder is not None:
                self.open_meeting(folder)
            elif p.is_dir():
                self.show_error(f"« {p.name} » est un dossier, pas un fichier audio ou une réunion Séance.")
            else:
                media.append(p)
        if media:
            self.import_files(media)

    # --- closing -----------------------------------------------------------------------------
    def ask(self, title: str, text: str, yes: str, no: str = "Annuler") -> bool:
        return self.choose(title, text, [yes, no], default=0, escape=1) == yes

    def choose(self, title: str, text: str, buttons: list[str], default: int = 0, escape: int = 1) -> str:
        """A blocking question; returns the text of the button clicked (``buttons[escape]`` for Échap)."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("questionBox")
        made = [box.addButton(b, QMessageBox.ButtonRole.RejectRole if i == escape else
                              QMessageBox.ButtonRole.AcceptRole) for i, b in enumerate(buttons)]
        box.setDefaultButton(made[default])
        box.setEscapeButton(made[escape])
        box.exec()
        return buttons[made.index(box.clickedButton())] if box.clickedButton() in made else buttons[escape]

    def closeEvent(self, event) -> None:
        if self.recording_view.recording:
            if not self.ask("Enregistrement en cours",
                            "Un enregistrement est en cours. Voulez-vous l'arrêter et quitter Séance ?\n"
                            "Ce qui a été enregistré est conservé.", "Arrêter et quitter"):
                event.ignore()
                return
            self.recording_view.stop_now()
        if self.jobs.current is not None and not self.ask(
                "Transcription en cours", f"La transcription de « {self.jobs.current.title} » est en cours.\n"
                "Si vous quittez, elle s'arrête ; vous pourrez la reprendre au prochain "
                "démarrage, là où elle en était.", "Quitter quand même"):
            event.ignore()
            return
        if not self._leave_meeting():  # its last edits are not on disk: the window stays
            event.ignore()
            return
        self.jobs.shutdown()
        self._save_settings()
        self.saver.flush()
        self.tasks.shutdown(wait=False)
        event.accept()


def _excepthook(window_ref: list) -> callable:
    def hook(exc_type, exc, tb) -> None:
        log.critical("uncaught exception", exc_info=(exc_type, exc, tb))
        window = window_ref[0] if window_ref else None
        if window is not None:
            try:
                window.show_exception(exc)
            except Exception:  # noqa: BLE001
                pass
    return hook


def main(argv: list[str] | None = None) -> int:
    multiprocessing.freeze_support()
    argv = list(sys.argv if argv is None else argv)
    smoke = next((a.split("=", 1)[1] for a in argv[1:] if a.startswith("--smoke-test=")), None)
    path = setup_logging()
    log.info("Séance starting (log %s)", path)
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName("Seance")
    app.setStyleSheet(STYLE)
    window_ref: list = []
    sys.excepthook = _excepthook(window_ref)
    window = MainWindow()
    window_ref.append(window)
    window.show()
    startup = time.perf_counter() - _T0
    log.info("window shown %.2f s after start", startup)
    probe = os.environ.get("SEANCE_STARTUP_PROBE")
    if probe:
        def report() -> None:
            data = {"startup_s": time.perf_counter() - _T0,
                    "heavy_modules": [m for m in HEAVY_MODULES if m in sys.modules]}
            Path(probe).write_text(json.dumps(data), "utf-8")
            window.close()
            app.quit()
        QTimer.singleShot(0, report)
    if smoke:
        from .smoke import smoke_test

        QTimer.singleShot(0, lambda: smoke_test(window, Path(smoke)))
    args = [Path(a) for a in argv[1:] if not a.startswith("-")]
    if args:
        QTimer.singleShot(0, lambda: window.handle_paths(args))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
