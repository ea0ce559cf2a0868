"""Warnings for the user, raised deep inside a step and saved with it.

Some problems do not stop a step but change what it gives: a file whose decoding failed after
most of it was read (the end of the meeting is missing), a GPU passed over for the CPU. Such a
step calls :func:`warn` with a French sentence meant for the user; the pipeline collects them
per step (:func:`collect`), saves them with the step in ``meeting.json`` and returns them with
its result, so the CLI prints them and the app shows them. Each is also logged.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from typing import Iterator

log = logging.getLogger(__name__)

_SINK: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("seance_notices", default=None)


def warn(message: str) -> None:
    """Tell the user ``message`` (French) through the step that is running; log it anyway."""
    log.warning("notice: %s", message)
    sink = _SINK.get()
    if sink is not None and message not in sink:
        sink.append(message)


@contextlib.contextmanager
def collect() -> Iterator[list[str]]:
    """The notices raised inside the block (in this thread), in order, without repeats."""
    found: list[str] = []
    token = _SINK.set(found)
    try:
        yield found
    finally:
        _SINK.reset(token)
