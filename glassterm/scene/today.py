"""A scene lived today on the wall clock: the shipped demo day, or any scene, mapped to now.

Mapped to now: the date becomes today, and every time in the scene (start and end, timeline,
calendar, timed reminders, expectation windows) moves by one whole number of minutes, the one
that puts the scene's start in the current minute. So the scene's events come at the same
offsets from now as from its start (the demo day's first card at once, its first notification
twenty seconds in), the clock on the HUD is the real one ("what time is it?" is right), the
scene's meetings lie ahead at their usual distance ("when is my next meeting?" has an answer),
and the wearer's own calendar (`--calendar`, real times of today) shares the one clock.
Whole minutes keep the calendar on the minute; up to 59 seconds of the scene's start may be
past at launch, and they play at once. Words inside texts ("moved to 9:30") are data and do not
move: a scene meant for living in says times relatively ("in twenty minutes"), as the demo
day does. What would land before or after today is left out: the live day is today.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from glassterm.clock import DAY
from glassterm.scene.loader import load_scene
from glassterm.scene.model import Scene

DEMO_DAY = Path(__file__).with_name("demo-day.yaml")
NO_SCENE = "none"  # `--scene none`: no world, only today, the wearer's own files and the microphone


@dataclass(frozen=True, slots=True)
class LiveDay:
    scene: Scene  # moved to today
    shift: int  # seconds added to every time of the scene as written (whole minutes)
    left_out: int  # timeline entries, calendar entries and timed reminders that fell outside today

    @property
    def written_start(self) -> int:
        return self.scene.start - self.shift


def live_scene(choice: str | Path | None) -> Scene | None:
    """`--scene`: the demo day when not given, no scene for "none", else the file (UserError if bad)."""
    if choice is None:
        return load_scene(DEMO_DAY)
    if str(choice) == NO_SCENE:
        return None
    return load_scene(choice)


def mapped_to_now(scene: Scene, today: dt.date, now: float) -> LiveDay:
    """`scene` on `today`, its start moved into the minute of `now` (seconds since midnight)."""
    shift = int(now // 60 * 60) - scene.start // 60 * 60  # a start at 08:40:30 keeps its 30 seconds

    def within(at: int) -> bool:
        return 0 <= at + shift < DAY

    timeline = tuple(dataclasses.replace(e, at=e.at + shift) for e in scene.timeline if within(e.at))
    calendar = tuple(
        # An entry that would end after midnight keeps its start and loses its end, as imported ones do.
        dataclasses.replace(
            c, at=c.at + shift, until=c.until + shift if c.until is not None and within(c.until) else None
        )
        for c in scene.calendar
        if within(c.at)
    )
    reminders = tuple(
        r if r.at is None else dataclasses.replace(r, at=r.at + shift)
        for r in scene.reminders
        if r.at is None or within(r.at)
    )
    expectations = tuple(
        dataclasses.replace(x, start=x.start + shift, end=min(x.end + shift, DAY - 1))
        for x in scene.expectations
        if within(x.start)
    )
    kept = ((scene.timeline, timeline), (scene.calendar, calendar), (scene.reminders, reminders))
    left_out = sum(len(written) - len(moved) for written, moved in kept)
    lived = dataclasses.replace(
        scene,
        date=today.isoformat(),
        start=scene.start + shift,
        end=min(scene.end + shift, DAY - 1),
        timeline=timeline,
        calendar=calendar,
        reminders=reminders,
        expectations=expectations,
    )
    return LiveDay(lived, shift, left_out)
