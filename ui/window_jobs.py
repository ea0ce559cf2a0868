"""The main window's work with jobs: importing files (probe, dialog, queue), transcription jobs
and their results, and recordings a crash interrupted. A mixin of ``ui.app.MainWindow``, split
out by concern; it uses the window's views, ``jobs``, ``tasks`` and ``settings``."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from transcriber import settings as settings_mod
from transcriber.asr import AsrOptions
from transcriber.pipeline import PipelineOptions

from .dialogs.importer import ImportDialog

log = logging.getLogger("seance.app")

AUDIO_FILTER = ("Fichiers audio et vidéo (*.wav *.mp3 *.m4a *.aac *.ogg *.oga *.opus *.flac *.wma "
                "*.mp4 *.m4v *.mov *.mkv *.webm *.avi *.3gp *.amr);;Tous les fichiers (*)")


def default_options(settings: settings_mod.Settings, vocabulary: list[str] | None = None) -> PipelineOptions:
    """The options of a job started without the dialog (a recording just stopped)."""
    if vocabulary is None:
        from transcriber import vocabulary as vocab

        known = settings_mod.list_collectivites()
        vocabulary = (vocab.load(known[0]).terms() if len(known) == 1
                      else next(iter(settings.vocabularies.values()), []))
    return PipelineOptions(asr=AsrOptions(model=settings.model, language=settings.language or None,
                                          device=settings.device, vocabulary=tuple(vocabulary)))



class JobsMixin:
    """Importing, transcription jobs and interrupted recordings, for ``MainWindow``."""

    # --- importing ---------------------------------------------------------------------------
    def choose_import(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Importer un enregistrement", str(Path.home()), AUDIO_FILTER)
        self.import_files([Path(f) for f in files])

    def import_files(self, paths: list[Path]) -> None:
        self._pending_imports.extend(paths)
        if self.import_dialog is None:
            self._next_import()

    def import_file(self, path: str | os.PathLike[str]) -> None:
        self.import_files([Path(path)])

    def _next_import(self) -> None:
        if not self._pending_imports:
            return
        path = self._pending_imports.pop(0)
        from transcriber.audio import probe

        # reading the file's header can be slow on a network drive: not on the GUI thread
        self.tasks.run(probe, path, on_done=lambda info: self._show_import_dialog(path, info),
                       on_error=lambda exc: self._import_unreadable(path, exc))

    def _import_unreadable(self, path: Path, exc: BaseException) -> None:
        self.show_exception(exc, f"probing {path}")
        self._next_import()

    def _show_import_dialog(self, path: Path, info) -> None:
        from transcriber.timefmt import clock

        dialog = ImportDialog(self.settings, path, self, duration_text=clock(info.duration_ms) if info.duration_ms else "",
                              date=info.recorded)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._enqueue_import(dialog))
        dialog.finished.connect(self._import_dialog_closed)
        self.import_dialog = dialog
        dialog.open()

    def _import_dialog_closed(self, _result: int) -> None:
        self.import_dialog = None
        QTimer.singleShot(0, self._next_import)

    def _enqueue_import(self, dialog: ImportDialog) -> None:
        req = dialog.request
        if req is None or req.source is None:
            return
        self.jobs.enqueue_import(req.source, self.settings.meetings_path, req.title, req.options,
                                 kind=req.kind, date=req.date, language=req.language,
                                 vocabulary=req.vocabulary, collectivite=req.collectivite)
        self.statusBar().showMessage(f"« {req.title} » ajoutée aux traitements.", 5000)

    # --- transcription jobs ------------------------------------------------------------------
    def transcribe_open_meeting(self) -> None:
        doc = self.meeting_view.doc
        if doc is None:
            return
        m = doc.meeting
        dialog = ImportDialog(self.settings, None, self, title=m.title, meeting_fields=False,
                              language=m.language, vocabulary=m.vocabulary)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        folder, title = doc.folder.path, m.title

        def go() -> None:
            req = dialog.request
            if req is None or not self.close_meeting():  # (edits not on disk: not over them)
                return
            self.jobs.enqueue_run(folder, title, req.options)

        dialog.accepted.connect(go)
        self.import_dialog = dialog
        dialog.finished.connect(lambda _r: setattr(self, "import_dialog", None))
        dialog.open()

    def resume_job(self, job_id: str) -> None:
        """Run a stopped job again; its meeting, if open in the editor, is saved and closed first
        (the pipeline and the editor must not write the same meeting.json)."""
        job = self.jobs.job(job_id)
        if job is None:
            return
        doc = self.meeting_view.doc
        if doc is not None and job.folder and Path(job.folder).resolve() == doc.folder.path.resolve():
            if not self.close_meeting():
                return
        self.jobs.resume(job_id)

    def _on_jobs_changed(self) -> None:
        for job in self.jobs.jobs:
            if job.folder and job.kind == "import" and str(Path(job.folder).resolve()) not in self.settings.recent_meetings:
                self.settings.add_recent(job.folder)
                self._save_settings()
        if self.stack.currentWidget() is self.home:
            self.refresh_recent()

    def _on_job_finished(self, job_id: str) -> None:
        job = self.jobs.job(job_id)
        if job is None:
            return
        self.statusBar().showMessage(f"Transcription terminée : {job.title}", 10000)
        QApplication.alert(self)
        if job.warnings:  # a partial decode, a GPU passed over…: said, not only logged
            self.show_error(f"La transcription de « {job.title} » est terminée, mais :\n\n"
                            + "\n".join(f"• {w}" for w in job.warnings), level="warning")
        if job.folder:
            self.settings.add_recent(job.folder)
            self._save_settings()
        if self.stack.currentWidget() is self.home and job.folder and self.import_dialog is None:
            self.open_meeting(job.folder)
        else:
            self.refresh_recent()

    def _on_job_failed(self, job_id: str, message: str) -> None:
        job = self.jobs.job(job_id)
        self.show_error(f"La transcription de « {job.title if job else ''} » a échoué : {message}")

    def _on_recording_stopped(self, folder: str, transcribe: bool) -> None:
        self.settings.add_recent(folder)
        self._save_settings()
        title = self.recording_view.title_edit.text().strip() or Path(folder).stem
        if transcribe:
            self.jobs.enqueue_run(folder, title, default_options(self.settings))
            self.show_home()
            self.statusBar().showMessage(f"Enregistrement sauvegardé ; transcription de « {title} » lancée.", 8000)
        else:
            self.open_meeting(folder)

    # --- interrupted recordings --------------------------------------------------------------
    def check_interrupted_recordings(self) -> None:
        from transcriber.recording import find_interrupted
        from transcriber.store import remove_abandoned_imports

        parents = {Path(self.settings.meetings_path)} | {
            Path(j.parent) for j in self.jobs.jobs if j.kind == "import" and j.parent and not j.active}

        def look(meetings: Path) -> list:
            for parent in parents:  # the half-made folders of imports killed during their copy
                remove_abandoned_imports(parent)
            return find_interrupted(meetings)

        self.tasks.run(look, self.settings.meetings_path, on_done=self._offer_recovery,
                       on_error=lambda exc: log.warning("cannot look for interrupted recordings: %s", exc))

    def _offer_recovery(self, found: list) -> None:
        if not found:
            return
        from transcriber.timefmt import duration

        item = found[0]
        box = QMessageBox(QMessageBox.Icon.Warning, "Enregistrement interrompu",
                          f"L'enregistrement « {item.title} » a été interrompu (arrêt brutal de "
                          f"l'ordinateur ou de Séance) après {duration(item.duration_ms / 1000)}.\n\n"
                          "Séance peut le récupérer : tout ce qui a été enregistré jusqu'à "
                          "l'interruption est conservé.", QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("recoveryBox")
        transcribe = box.addButton("Récupérer et transcrire", QMessageBox.ButtonRole.AcceptRole)
        only = box.addButton("Récupérer seulement", QMessageBox.ButtonRole.ActionRole)
        box.addButton("Plus tard", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(transcribe)

        def chosen(button) -> None:
            self.recovery_box = None
            if button in (transcribe, only):
                self.recover_recording(item.folder.path, transcribe=button is transcribe, title=item.title)
            if len(found) > 1:
                QTimer.singleShot(0, lambda: self._offer_recovery(found[1:]))

        box.buttonClicked.connect(chosen)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.recovery_box = box
        box.open()

    def recover_recording(self, folder: Path, transcribe: bool, title: str = "") -> None:
        from transcriber.recording import recover

        def done(meeting) -> None:
            self.settings.add_recent(folder)
            self._save_settings()
            self.statusBar().showMessage(f"Enregistrement « {meeting.title} » récupéré.", 8000)
            if transcribe:
                self.jobs.enqueue_run(folder, meeting.title or title, default_options(self.settings))
                self.refresh_recent()
            else:
                self.open_meeting(folder)

        self.tasks.run(recover, folder, on_done=done, on_error=lambda exc: self.show_exception(exc, "recover"))

