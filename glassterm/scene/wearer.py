"""What the wearer brings to any day: their own calendar (`--calendar FILE.ics`) and standing
reminders (`--reminders FILE.yaml`). They join a scene's calendar and reminders, or the live
demo's day, as the same records a scene declares."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from glassterm.events import Reminder
from glassterm.scene.calendar_import import CalendarDay, IcsCalendar
from glassterm.scene.loader import load_reminders
from glassterm.scene.model import Scene


@dataclass(frozen=True, slots=True)
class Wearer:
    """The wearer's own files, read once; each day played asks for its share with `on` or `join`."""

    calendar: IcsCalendar | None = None
    reminders: tuple[Reminder, ...] = ()

    @classmethod
    def load(cls, calendar: str | Path | None = None, reminders: str | Path | None = None) -> Wearer:
        """Both files read and checked now, before any model loads; raises UserError."""
        return cls(
            calendar=IcsCalendar.load(calendar) if calendar else None,
            reminders=load_reminders(reminders) if reminders else (),
        )

    def on(self, day: dt.date) -> CalendarDay:
        """The wearer's calendar of `day`, its all-day events followed by the standing reminders."""
        found = self.calendar.on(day) if self.calendar is not None else CalendarDay()
        return CalendarDay(found.entries, found.reminders + self.reminders)

    def join(self, scene: Scene) -> Scene:
        """The scene with the wearer's day (of the scene's date) added after its own calendar and
        reminders. A record the scene already has, field for field, is not added twice."""
        if self.calendar is None and not self.reminders:
            return scene
        day = self.on(dt.date.fromisoformat(scene.date))
        calendar = scene.calendar + tuple(e for e in day.entries if e not in scene.calendar)
        reminders = scene.reminders + tuple(r for r in day.reminders if r not in scene.reminders)
        return dataclasses.replace(scene, calendar=calendar, reminders=reminders)
