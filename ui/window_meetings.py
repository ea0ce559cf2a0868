"""The main window's work on whole meetings: deleting one (its folder, audio included) after
saying what will go. A mixin of ``ui.app.MainWindow``; the rule is the core's
(``transcriber.deletion``)."""

from __future__ import annotations

import logging
from pathlib import Path

from transcriber import deletion
from transcriber.errors import SeanceError

log = logging.getLogger("seance.app")


class MeetingsMixin:
    """« Supprimer la réunion », for ``MainWindow``."""

    def delete_meeting(self, path: str) -> bool:
        """Ask, then delete the meeting folder ``path``; True when it is gone."""
        folder = Path(path)
        if self.jobs.active_for(folder) is not None:
            self.show_error("Cette réunion est en cours de transcription : annulez le traitement "
                            "avant de la supprimer. Rien n'a été supprimé.")
            return False
        open_folder = self.meeting_view.folder
        if open_folder is not None and Path(open_folder.path).resolve() == folder.resolve():
            if not self.close_meeting():  # unsaved edits the user keeps: nothing is deleted
                return False
        try:
            what = deletion.contents(folder)
        except SeanceError as exc:
            self.show_error(str(exc))
            return False
        if not self.ask("Supprimer la réunion", what.question_fr(), "Supprimer définitivement"):
            return False
        try:
            done = deletion.delete_meeting(folder)
        except SeanceError as exc:
            self.show_error(str(exc))
            self.refresh_recent()
            return False
        gone = str(folder.resolve())
        self.settings.recent_meetings = [p for p in self.settings.recent_meetings
                                         if str(Path(p).resolve()) != gone]
        self._save_settings()
        self.show_home()
        self.show_error(done.done_fr(), title="Réunion supprimée", level="info")
        return True
