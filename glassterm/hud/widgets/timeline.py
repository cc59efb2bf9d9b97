"""The shared timeline: the virtual clock with scene progress, and the scene's events as they happen."""

from __future__ import annotations

import math
from typing import ClassVar

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import RichLog, Static

from glassterm.clock import format_hhmm, format_hhmmss
from glassterm.events import Event
from glassterm.report import event_line

BAR = 24


def speed_label(speed: float) -> str:
    if math.isinf(speed):
        return "max"
    return f"×{speed:g}"


class ClockBar(Static):
    """Virtual time, speed, play state and how far through the scene we are."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "clockbar--progress"
    }  # the played part of the bar, styled in glassterm.tcss

    now: reactive[float] = reactive(0.0)
    speed: reactive[float] = reactive(1.0)
    paused: reactive[bool] = reactive(False)
    finished: reactive[bool] = reactive(False)
    start: reactive[float] = reactive(0.0)
    end: reactive[float | None] = reactive(None)  # None in live mode: no end
    title: reactive[str] = reactive("")

    def render(self) -> Text:
        text = Text()
        state = "■ ended" if self.finished else ("❚❚ paused" if self.paused else "▶ playing")
        text.append(f" {format_hhmmss(self.now)} ", style="bold reverse")
        text.append(f" {speed_label(self.speed)}  {state}  ")
        if self.end is not None and self.end > self.start:
            done = min(max((self.now - self.start) / (self.end - self.start), 0.0), 1.0)
            filled = round(done * BAR)
            text.append(format_hhmm(self.start) + " ")
            text.append("━" * filled, style=self.get_component_rich_style("clockbar--progress", partial=True))
            text.append("─" * (BAR - filled), style="dim")
            text.append(" " + format_hhmm(self.end) + "  ")
        text.append(self.title, style="italic")  # scene text: a Text, never markup
        return text


class Timeline(RichLog):
    """Scene events, one line each, newest at the bottom."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            id=id, markup=False, highlight=False, wrap=True, min_width=20, max_lines=500
        )  # wrap to the panel, not 78 columns

    def add_event(self, event: Event) -> None:
        line = event_line(event)
        if line:
            self.write(Text(line))
