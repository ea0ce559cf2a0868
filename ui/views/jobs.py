"""The jobs panel: the running transcription (step, progress bar, time left, Annuler) and the
other jobs (waiting, done, failed, interrupted: Ouvrir, Reprendre, Retirer).

One bar per job, for the whole job: it shows the share of the job done (``steps.JobPlan``: a
resumed job starts where it stopped), the step by name and number, and the time left of the
whole job. The panel never grows past a few rows: more jobs scroll inside it, so the editor
above keeps its height whatever the number of jobs."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton,
                               QScrollArea, QToolButton, QVBoxLayout, QWidget)

from transcriber.steps import MAIN_STEPS
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
            self.set_progress(step, fraction, eta, self.panel.queue.last_text)
        else:
            self.step.setText(job.state_label)
        self.message.setText(job.message)
        self.message.setVisible(bool(job.message))
        self.setProperty("state", job.state)
        self.style().unpolish(self)
        self.style().polish(self)

    def set_progress(self, step: str, fraction: float, eta: float, text: str) -> None:
        """``fraction``: the share of the whole job done; ``eta``: seconds left of the job."""
        self.step.setText(text)
        if step in ("start", "copy", "queued"):
            self.bar.setRange(0, 0)  # busy indicator until the first real step
        else:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(fraction * 1000))
        self.eta.setText(time_left(eta) if step in MAIN_STEPS else "")


class JobsPanel(QWidget):
    """Visible whenever there are jobs to show; at most ``VISIBLE_ROWS`` rows high. In the
    editor (``set_compact``) only the running job shows, under a one-line summary of the
    others with « Afficher »: the transcript keeps its height however many jobs there are."""

    VISIBLE_ROWS = 2

    openRequested = Signal(str)
    #: "Reprendre" was clicked (the window first closes the meeting if it is open)
    resumeRequested = Signal(str)

    def __init__(self, queue: JobQueue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("jobsPanel")
        self.queue = queue
        self.rows: dict[str, JobRow] = {}
        self.compact = False
        self.expanded = False
        self.header = QLabel("Traitements")
        self.header.setObjectName("panelTitle")
        self.summary = QLabel()
        self.summary.setObjectName("jobsSummary")
        self.summary.setProperty("hint", True)
        self.toggle = QToolButton()
        self.toggle.setObjectName("jobsToggle")
        self.toggle.setAutoRaise(True)
        self.toggle.clicked.connect(lambda: self.set_expanded(not self.expanded))
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.header)
        head.addWidget(self.summary)
        head.addWidget(self.toggle)
        head.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 2, 0, 2)
        outer.setSpacing(2)
        outer.addLayout(head)
        body = QWidget()
        self._layout = QVBoxLayout(body)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self._layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("jobsScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(body)
        outer.addWidget(self.scroll)
        queue.jobsChanged.connect(self.rebuild)
        queue.progress.connect(self._on_progress)
        self.rebuild()

    def set_compact(self, compact: bool) -> None:
        """Compact (the editor's view): the running job only, the others behind « Afficher »."""
        if compact != self.compact:
            self.compact, self.expanded = compact, False
            self._fit()

    def set_expanded(self, expanded: bool) -> None:
        self.expanded = expanded
        self._fit()

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
                self._layout.insertWidget(self._layout.count() - 1, row)
            else:
                row.job = job
                row.refresh()
        self._fit()
        self.setVisible(bool(self.queue.jobs))

    def _fit(self) -> None:
        """As high as its rows, up to ``VISIBLE_ROWS`` of them; the rest scrolls."""
        rows = [self.rows[j.id] for j in self.queue.jobs if j.id in self.rows]
        collapsed = self.compact and not self.expanded
        for r in rows:
            r.setVisible(not collapsed or r.job.active)
        shown = [r for r in rows if not r.isHidden()][: self.VISIBLE_ROWS]
        height = sum(r.sizeHint().height() for r in shown) + self._layout.spacing() * max(0, len(shown) - 1)
        self.scroll.setFixedHeight(max(0, height) + 2 if shown else 0)
        self.scroll.setVisible(bool(shown))
        hidden = len(rows) - len([r for r in rows if not r.isHidden()])
        counts: dict[str, int] = {}
        for r in rows:
            counts[r.job.state_label.lower()] = counts.get(r.job.state_label.lower(), 0) + 1
        self.summary.setText(" · ".join(f"{n} {label}" for label, n in counts.items()) if self.compact else "")
        self.toggle.setVisible(self.compact and (hidden > 0 or self.expanded))
        self.toggle.setText("Masquer" if self.expanded else f"Afficher ({hidden})")
        if len(rows) > len(shown):
            running = next((r for r in rows if r.job.state == "running"), None)
            if running is not None:
                self.scroll.ensureWidgetVisible(running)

    def _on_progress(self, job_id: str, step: str, fraction: float, eta: float, text: str) -> None:
        row = self.rows.get(job_id)
        if row is not None:
            row.set_progress(step, fraction, eta, text)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
