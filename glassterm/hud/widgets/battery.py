"""Battery per mode: a gauge each, and one chart of battery used over virtual time on a shared
scale, so the difference between the modes is seen, not read."""

from __future__ import annotations

import math

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from glassterm.events import Mode
from glassterm.power import Spread, hours_text

GAUGE = 20
LEVELS = " ▁▂▃▄▅▆▇█"
MODE_COLOUR = {"proactive": "cyan", "manual": "magenta"}
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


class BatteryChart(Widget):
    """Battery used so far, per mode, two text rows each, all modes on one scale."""

    start: reactive[float] = reactive(0.0)
    end: reactive[float | None] = reactive(None)  # the scene's end; None: the chart grows with time
    compact: reactive[bool] = reactive(False, layout=True)  # one text row a mode on small screens

    def __init__(self, modes: tuple[Mode, ...], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.modes = modes
        self.samples: dict[Mode, list[tuple[float, float]]] = {mode: [] for mode in modes}

    def add_sample(self, mode: Mode, at: float, used: float) -> None:
        series = self.samples.setdefault(mode, [])
        if series and at < series[-1][0]:
            return
        if series and at == series[-1][0]:
            series[-1] = (at, used)
        else:
            series.append((at, used))
        self.refresh()

    def clear(self) -> None:
        self.samples = {mode: [] for mode in self.modes}
        self.refresh()

    def render(self) -> Text:
        label = 10
        width = max(self.size.width - label, 4)
        last = max((s[-1][0] for s in self.samples.values() if s), default=self.start)
        end = self.end if self.end is not None else max(last, self.start + 3600)
        span = max(end - self.start, 1.0)
        top = max((s[-1][1] for s in self.samples.values() if s), default=0.0) or 1.0
        rows: list[Text] = []
        for mode in self.modes:
            values = _resample(self.samples.get(mode, []), self.start, span, width)
            colour = MODE_COLOUR.get(mode, "")
            upper = Text(f"{mode:<9} ", style=f"bold {colour}")
            lower = upper.copy() if self.compact else Text(" " * label)
            for value in values:
                level = 0 if value is None else round(value / top * (8 if self.compact else 16))
                upper.append(LEVELS[max(level - 8, 0)], style=colour)
                lower.append(LEVELS[min(level, 8)] if value is not None else " ", style=colour)
            rows += [lower] if self.compact else [upper, lower]
        return Text("\n").join(rows)


def _resample(series: list[tuple[float, float]], start: float, span: float, width: int) -> list[float | None]:
    """Step-sample the series at `width` points across the span; None past the last sample."""
    out: list[float | None] = []
    index, value = 0, None
    last = series[-1][0] if series else None
    for column in range(width):
        t = start + (column + 1) / width * span
        while index < len(series) and series[index][0] <= t:
            value = series[index][1]
            index += 1
        out.append(None if last is None or t > last + span / width else value)
    return out
