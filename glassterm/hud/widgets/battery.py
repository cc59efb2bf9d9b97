"""Battery per mode: a gauge each, and one chart of battery left over virtual time on a shared
scale, so the difference between the modes is seen, not read."""

from __future__ import annotations

import math

from rich.text import Text
from textual.app import RenderResult
from textual.reactive import reactive
from textual.widgets import Static
from textual_plotext import PlotextPlot

from glassterm.events import Mode
from glassterm.power import Spread, hours_text
from glassterm.power.chart import MAX_AXIS_S, BatteryPicture, battery_picture, clock_label

GAUGE = 20
MODE_COLOUR = {"proactive": "cyan", "manual": "magenta"}
# The chart: what was measured bright, the projection to empty dim, in each mode's colour.
CHART_COLOURS: dict[str, tuple[tuple[int, int, int], tuple[int, int, int]]] = {
    "proactive": ((0, 215, 255), (0, 120, 140)),
    "manual": ((255, 85, 255), (140, 50, 140)),
}
NOTHING_SPENT = Spread(math.inf, math.inf, math.inf)


class BatteryGauge(Static):
    used: reactive[float] = reactive(0.0)  # percent spent
    energy_mwh: reactive[float] = reactive(0.0)
    projected_hours: reactive[float] = reactive(math.inf)
    # What the gauge shows: life at the profile's values (= projected_hours) and at the ends of its cost ranges.
    projected_hours_range: reactive[Spread] = reactive(NOTHING_SPENT)

    def __init__(self, mode: Mode, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.mode = mode

    def render(self) -> Text:
        left = max(100.0 - self.used, 0.0)
        filled = round(left / 100 * GAUGE)
        text = Text(f"{self.mode:<9} ", style=f"bold {MODE_COLOUR.get(self.mode, '')}")
        text.append("█" * filled, style="green" if left > 20 else "red")
        text.append("░" * (GAUGE - filled), style="dim")
        # What is left already says what was used: the room goes to the range of the projection.
        text.append(f" {left:6.2f}%  {self.energy_mwh:.1f} mWh  lasts {hours_text(self.projected_hours_range)}")
        return text


class BatteryChart(PlotextPlot):
    """Battery left over virtual time, both modes on one 0-100 % scale, the clock's times along the
    bottom, and, dim, where the drain so far takes each mode, with a mark at its empty time
    (power/chart.py has the data, and draws the same chart as SVG)."""

    start: reactive[float] = reactive(0.0)
    end: reactive[float | None] = reactive(None)  # the scene's end; None: the chart grows with time
    compact: reactive[bool] = reactive(False)  # fewer rows and ticks on small screens (the CSS class sets the rows)

    def __init__(self, modes: tuple[Mode, ...], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.modes = modes
        self.samples: dict[Mode, list[tuple[float, float]]] = {mode: [] for mode in modes}
        self.projected_hours: dict[Mode, float] = {}

    def add_sample(self, mode: Mode, at: float, used: float, projected_hours: float = math.inf) -> None:
        series = self.samples.setdefault(mode, [])
        if series and at < series[-1][0]:
            return
        if series and at == series[-1][0]:
            series[-1] = (at, used)
        else:
            series.append((at, used))
        self.projected_hours[mode] = projected_hours
        self.refresh()

    def clear(self) -> None:
        self.samples = {mode: [] for mode in self.modes}
        self.projected_hours = {}
        self.refresh()

    def watch_compact(self, compact: bool) -> None:
        self.set_class(compact, "-compact")

    def picture(self) -> BatteryPicture:
        return battery_picture(self.samples, self.projected_hours, start=self.start, end=self.end)

    def render(self) -> RenderResult:
        self._draw(self.picture())
        return super().render()

    def _draw(self, picture: BatteryPicture) -> None:
        plt = self.plt
        plt.clear_figure()
        for line in reversed(picture.lines):  # the first mode (proactive) drawn last, on top where they meet
            colour, projected = CHART_COLOURS.get(line.mode, ((255, 255, 255), (128, 128, 128)))
            if line.points:
                plt.plot(*zip(*line.points, strict=True), color=colour, marker="braille")
            projection = line.projection(picture.end)
            if projection is not None:
                plt.plot(*zip(*projection, strict=True), color=projected, marker="braille")
            if line.empty_at is not None and line.empty_at <= picture.end:
                plt.vline(line.empty_at, colour)
        ticks = picture.ticks(3 if self.compact else 6)
        plt.xticks([at for at, _ in ticks], [label for _, label in ticks])
        levels = [0.0, 100.0] if self.compact else [0.0, 50.0, 100.0]
        plt.yticks(levels, [f"{level:.0f}%" for level in levels])
        plt.xlim(picture.start, picture.end)
        plt.ylim(0, 100)
        if not self.compact:  # a small screen keeps its rows for the lines; the gauges say how long each lasts
            plt.title(_empty_caption(picture))


def _empty_caption(picture: BatteryPicture) -> str:
    """What the dotted lines say, in words: when each mode is empty at this rate."""
    said = []
    for line in picture.lines:
        if line.empty_at is None:
            said.append(f"{line.mode}: nothing spent yet")
        elif line.emptied:
            said.append(f"{line.mode} ran out at {clock_label(line.empty_at)}")
        elif line.empty_at - picture.start >= MAX_AXIS_S:
            said.append(f"{line.mode} lasts over a day")
        else:
            said.append(f"{line.mode} empty at {clock_label(line.empty_at)}")
    return "battery left; " + ", ".join(said)
