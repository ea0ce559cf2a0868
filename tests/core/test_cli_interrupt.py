"""Ctrl+C during ``seance transcribe`` is never lost, even when a library swallows the
``KeyboardInterrupt`` (seen once under load: a run sent SIGINT while it was loading its
libraries went on to the end and exited 0)."""

from __future__ import annotations

import os
import signal

import pytest

from transcriber.cli.common import ctrl_c_cancels
from transcriber.errors import CancelledError
from transcriber.jobs import CancelToken


def test_a_swallowed_ctrl_c_still_cancels_the_job():
    token = CancelToken()
    before = signal.getsignal(signal.SIGINT)
    with ctrl_c_cancels(token):
        try:
            os.kill(os.getpid(), signal.SIGINT)
        except BaseException:  # noqa: BLE001 - what a careless library does
            pass
        assert token.cancelled
        with pytest.raises(CancelledError):
            token.raise_if_cancelled()  # the pipeline's next check stops the job
    assert signal.getsignal(signal.SIGINT) is before


def test_an_ignored_ctrl_c_stays_ignored():
    """``nohup seance transcribe …``: the shell asked to ignore Ctrl+C; Séance does not undo it."""
    token = CancelToken()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with ctrl_c_cancels(token):
            os.kill(os.getpid(), signal.SIGINT)
        assert not token.cancelled
    finally:
        signal.signal(signal.SIGINT, previous)
