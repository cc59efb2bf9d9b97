"""Local time is London's (TZ) in the tests that import `london`, whatever the machine's own
zone is: imported calendars convert their zones to it. A module of its own beside the root
conftest, so the calendar tests and the live audio tests share one definition."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def london(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
