"""Fixtures of the minutes tests; the meetings themselves are built in ``builders.py``."""

from __future__ import annotations

import pytest

from .builders import codir_meeting, council_meeting


@pytest.fixture
def council():
    return council_meeting()


@pytest.fixture
def codir():
    return codir_meeting()
