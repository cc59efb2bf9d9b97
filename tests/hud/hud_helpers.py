"""Helpers shared by the HUD tests."""

from __future__ import annotations

import time
from collections.abc import Callable

from glassterm.clock import parse_hhmm as hhmm  # noqa: F401  (the tests import it from here)
from glassterm.events import Event
from glassterm.scene.model import Scene
from glassterm.scene.player import scene_events


def events_until(scene: Scene, until: float) -> list[Event]:
    """The scene's events up to and including `until` (virtual seconds)."""
    return [event for event in scene_events(scene) if event.at <= until]


async def until(pilot, condition: Callable[[], bool], timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    """Let the app run until `condition()` holds (worker threads post messages meanwhile)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        await pilot.pause(0.05)
