"""A loaded scene: plain typed records, times in seconds since midnight."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from glassterm.events import CalendarEntry, Reminder

ExpectMode = Literal["proactive", "manual", "both"]
ExpectKind = Literal["card", "reply", "quiet"]


@dataclass(frozen=True, slots=True)
class SceneNotification:
    app: str
    sender: str | None
    text: str


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    at: int
    line: int
    location: str | None = None
    see: str | None = None
    hear: str | None = None
    say: str | None = None
    press: Literal["talk"] | None = None
    notification: SceneNotification | None = None


@dataclass(frozen=True, slots=True)
class Expectation:
    id: str
    mode: ExpectMode
    kind: ExpectKind
    start: int
    end: int
    mentions_any: tuple[str, ...]
    line: int

    def applies_to(self, mode: str) -> bool:
        return self.mode in (mode, "both")


@dataclass(frozen=True, slots=True)
class Scene:
    path: Path
    title: str
    date: str
    start: int
    end: int
    user_name: str | None
    wake_word: str
    calendar: tuple[CalendarEntry, ...]
    reminders: tuple[Reminder, ...]
    timeline: tuple[TimelineEntry, ...]
    expectations: tuple[Expectation, ...]

    @property
    def duration(self) -> int:
        return self.end - self.start
