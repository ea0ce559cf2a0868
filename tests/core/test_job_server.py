"""The app's job child (``jobs.JobServer``): one child for a queue of jobs, nothing left behind.

Each server's queues start a feeder thread in this process; a server closed, or killed by a cancel
and then closed, must take those threads with it, or a day of imports leaves dozens behind.
"""

from __future__ import annotations

import os
import threading

import pytest

from transcriber.errors import CancelledError
from transcriber.jobs import JobServer


def child_pid(progress=None) -> int:
    return os.getpid()


def wait_forever(progress=None) -> None:
    threading.Event().wait()


def feeder_threads() -> int:
    return sum(1 for t in threading.enumerate() if t.name == "QueueFeederThread")


def test_jobs_share_one_child_and_close_leaves_no_thread():
    before = feeder_threads()
    server = JobServer()
    first = server.submit(child_pid).wait()
    second = server.submit(child_pid).wait()
    assert first == second == server.pid != os.getpid()  # the models would load once
    assert feeder_threads() == before + 1
    server.close()
    assert not server.alive
    assert feeder_threads() == before


def test_a_cancelled_job_kills_the_child_and_close_still_cleans_up():
    before = feeder_threads()
    server = JobServer()
    job = server.submit(wait_forever)
    job.cancel()
    with pytest.raises(CancelledError):
        job.wait()
    assert not server.alive
    server.close()
    assert feeder_threads() == before
