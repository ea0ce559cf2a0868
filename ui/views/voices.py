"""« Mémoriser la voix »: keep a speaker's voice in the collectivité's profiles, off the GUI thread.

The person is told first, plainly, what is stored and where (``voices.storage_notice``: a voice
print is personal data) and may say no. The enrolment itself (decoding the audio, the CAM++
model) runs in a child process through the window's task runner; the result or the French
error comes back in the meeting's banner.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from transcriber import voices
from transcriber.errors import InputError
from transcriber.jobs import run_isolated

log = logging.getLogger(__name__)


class VoiceKeeper:
    """Connected to ``SpeakersPanel.rememberVoiceRequested`` by the meeting view."""

    def __init__(self, view: QWidget) -> None:
        self.view = view  # the MeetingView: doc, tasks, banner
        self.running = 0

    def collectivite(self) -> str | None:
        """The meeting's collectivité, or the one the user types (kept on the meeting)."""
        doc = self.view.doc
        try:
            return voices.collectivite_of(doc.meeting)
        except InputError:
            pass
        name, ok = QInputDialog.getText(self.view, "Collectivité",
                                        "Les voix sont gardées pour chaque collectivité. Laquelle ?",
                                        QLineEdit.EchoMode.Normal, doc.meeting.form.get("collectivite", ""))
        name = " ".join(name.split())
        if not ok or not name:
            return None
        doc.meeting.collectivite = name
        doc.mark_dirty()
        return name

    def consent(self, notice: str, name: str) -> bool:
        answer = QMessageBox.question(self.view, "Mémoriser la voix",
                                      f"{notice}\n\nMémoriser la voix de « {name} » ?")
        return answer == QMessageBox.StandardButton.Yes

    def remember(self, speaker_id: str, name: str) -> bool:
        doc = self.view.doc
        if doc is None:
            return False
        collectivite = self.collectivite()
        if collectivite is None or not self.consent(voices.storage_notice(collectivite), name):
            return False
        turns = [(t.start_ms, t.end_ms, t.speaker) for t in doc.meeting.turns]
        audio = str(doc.folder.audio_path(doc.meeting))
        self.running += 1
        self.view.banner.show_message(f"Mémorisation de la voix de « {name} »…", "info")
        self.view.tasks.run(run_isolated, voices.job_enrol, audio, doc.meeting.title, turns, speaker_id,
                            name, collectivite, on_done=self._done, on_error=self._failed)
        return True

    def _done(self, result: dict) -> None:
        self.running -= 1
        verb = "mémorisée" if result["created"] else "complétée"
        self.view.banner.show_message(
            f"Voix de « {result['name']} » {verb} ({result['seconds']} s de parole, "
            f"{result['meetings']} réunion(s)) : elle sera proposée aux prochaines réunions.", "info")

    def _failed(self, exc: BaseException) -> None:
        self.running -= 1
        log.warning("voice not kept: %s", exc)
        self.view.banner.show_message(f"La voix n'a pas été mémorisée : {exc}", "warning")
