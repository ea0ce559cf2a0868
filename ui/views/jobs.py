"""The jobs panel: the running transcription (step, progress bar, time left, Annuler) and the
other jobs (waiting, done, failed, interrupted: Ouvrir, Reprendre, Retirer)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton,
                               QVBoxLayout, QWidget)

from transcriber.steps import MAIN_STEPS, step_text
from transcriber.timefmt import time_left

from ..workers import JobQueue, JobRecord


class JobRow(QFrame):
    """One job: title, state or progress, and its buttons."""

    def __init__(self, panel: "JobsPanel", job: JobRecord) -> None:
        super().__init__()
        self.setObjectName("jobRow")
        self.panel, self.job = panel, job
        self.title = QLabel(f"<b>{_escape(job.title)}</b>")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.step = QLabel()
        self.step.setObjectName("jobStep")
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(True)
        self.bar.setFormat("%p %")
        self.bar.setMaximumWidth(260)
        self.bar.setAccessibleName("Progression")
        self.eta = QLabel()
        self.eta.setObjectName("jobEta")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("jobMessage")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.cancel_button = QPushButton("Annuler")
        self.cancel_button.setToolTip("Arrêter ce traitement : la réunion reste telle qu'avant")
        self.cancel_button.clicked.connect(lambda: panel.queue.cancel(job.id))
        self.resume_button = QPushButton("Reprendre")
        self.resume_button.clicked.connect(lambda: panel.resumeRequested.emit(job.id))
        self.open_button = QPushButton("Ouvrir")
        self.open_button.clicked.connect(lambda: panel.openRequested.emit(job.folder))
        self.remove_button = QPushButton("Retirer")
        self.remove_button.setToolTip("Retirer de la liste (la réunion n'est pas supprimée)")
        self.remove_button.clicked.connect(lambda: panel.queue.remove(job.id))

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.step)
        top.addWidget(self.bar)
        top.addWidget(self.eta)
        for b in (self.open_button, self.resume_button, self.cancel_button, self.remove_button):
            top.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addLayout(top)
        layout.addWidget(self.message)
        self.refresh()

    def refresh(self) -> None:
        job = self.job
        running = job.state == "running"
        self.bar.setVisible(running)
        self.eta.setVisible(running)
        self.cancel_button.setVisible(job.active)
        self.resume_button.setVisible(job.resumable)
        self.open_button.setVisible(job.state == "done" and bool(job.folder))
        self.remove_button.setVisible(not job.active)
        if running:
            step, fraction, eta = self.panel.queue.last_progress
            self.set_progress(step, fraction, eta)
        else:
            self.step.setText(job.state_label)
        self.message.setText(job.message)
        self.message.setVisible(bool(job.message))
        self.setProperty("state", job.state)
        self.style().unpolish(self)
        self.style().polish(self)

    def set_progress(self, step: str, fraction: float, eta: float) -> None:
        self.step.setText(step_text(step))
        if step in ("start", "copy", "queued"):
            self.bar.setRange(0, 0)  # busy indicator until the first real step
        else:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(fraction * 1000))
        self.eta.setText(time_left(eta) if step in MAIN_STEPS else "")


class JobsPanel(QWidget):
    """Visible whenever there are jobs to show."""

    openRequested = Signal(str)
    #: "Reprendre" was clicked (the window first closes the meeting if it is open)
    resumeRequested = Signal(str)

    def __init__(self, queue: JobQueue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("jobsPanel")
        self.queue = queue
        self.rows: dict[str, JobRow] = {}
        self.header = QLabel("Traitements")
        self.header.setObjectName("panelTitle")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 4, 0, 4)
        self._layout.setSpacing(2)
        self._layout.addWidget(self.header)
        queue.jobsChanged.connect(self.rebuild)
        queue.progress.connect(self._on_progress)
        self.rebuild()

    def rebuild(self) -> None:
        ids = [j.id for j in self.queue.jobs]
        for jid in list(self.rows):
            if jid not in ids:
                row = self.rows.pop(jid)
                self._layout.removeWidget(row)
                row.deleteLater()
        for job in self.queue.jobs:
            row = self.rows.get(job.id)
            if row is None:
                row = JobRow(self, job)
                self.rows[job.id] = row
                self._layout.addWidget(row)
            else:
                row.job = job
                row.refresh()
        self.setVisible(bool(self.queue.jobs))

    def _on_progress(self, job_id: str, step: str, fraction: float, eta: float) -> None:
        row = self.rows.get(job_id)
        if row is not None:
            row.set_progress(step, fraction, eta)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
