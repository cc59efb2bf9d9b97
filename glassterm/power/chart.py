"""Battery left over virtual time, per mode, with when each would be empty: the data of the chart the
HUD draws (hud/widgets/battery.py) and the same chart as a self-contained SVG for HTML reports.

A mode's empty time is where the drain so far takes it: `projected_hours` after the start (the
ledger's projection: capacity over average power), or, once it has spent more than the battery
holds, the moment it did.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import TypeVar

from glassterm.clock import DAY, format_hhmm

MAX_AXIS_S = DAY  # a projection past a day is drawn to the edge: "lasts more than a day"
TICK_MINUTES = (5, 10, 15, 30, 60, 120, 180, 240, 360, 720)
MODE_COLOURS = {"proactive": "#00a8b5", "manual": "#c040c0"}  # the HUD's cyan and magenta, readable on white
OTHER_COLOUR = "#606060"
ModeName = TypeVar("ModeName", bound=str)


@dataclass(frozen=True, slots=True)
class BatteryLine:
    mode: str
    points: tuple[tuple[float, float], ...]  # (virtual seconds, percent left), as measured; never below 0
    empty_at: float | None  # virtual seconds; None when nothing was spent

    @property
    def emptied(self) -> bool:
        """Whether it ran out within the measured points (not only by projection)."""
        return bool(self.points) and self.points[-1][1] <= 0.0

    def projection(self, until: float) -> tuple[tuple[float, float], tuple[float, float]] | None:
        """The straight line from the last point towards empty, cut at `until` (the axis's end)."""
        if self.empty_at is None or not self.points or self.emptied:
            return None
        (at, left), end = self.points[-1], min(self.empty_at, until)
        return (at, left), (end, left * (1 - (end - at) / max(self.empty_at - at, 1.0)))


@dataclass(frozen=True, slots=True)
class BatteryPicture:
    start: float
    end: float  # the time axis: the scene's end, or further to show the empty times
    lines: tuple[BatteryLine, ...]

    def x(self, at: float) -> float:
        """0 at the start, 1 at the end of the time axis."""
        return (at - self.start) / max(self.end - self.start, 1.0)

    def ticks(self, most: int = 6) -> list[tuple[float, str]]:
        """Clock times along the axis at a round step, at most `most` of them, as HH:MM."""
        span = self.end - self.start
        step = next((m * 60 for m in TICK_MINUTES if span // (m * 60) + 1 <= most), TICK_MINUTES[-1] * 60)
        first = math.ceil(self.start / step) * step
        return [(float(at), clock_label(at)) for at in range(int(first), int(self.end) + 1, step)]


def clock_label(at: float) -> str:
    """HH:MM in the scene's clock (virtual seconds since its midnight), past midnight too."""
    return format_hhmm(at % DAY)


def battery_picture(
    used: Mapping[ModeName, Sequence[tuple[float, float]]],
    projected_hours: Mapping[ModeName, float],
    *,
    start: float,
    end: float | None = None,
) -> BatteryPicture:
    """`used`: per mode, (virtual seconds, percent of the battery spent) in time order, as the
    ledger priced it; `projected_hours`: each mode's latest projection. `end`: the scene's end
    (None: the axis reaches the last sample)."""
    lines = []
    for mode, series in used.items():
        empty_at = _empty_at(series, projected_hours.get(mode, math.inf), start)
        points = [(at, max(100.0 - spent, 0.0)) for at, spent in series]
        if empty_at is not None and any(spent >= 100.0 for _at, spent in series):
            # The line meets 0 % where the battery ran out, not at the next sample after it.
            points = sorted({*((at, left) for at, left in points if at < empty_at), (empty_at, 0.0)})
            points += [(at, 0.0) for at, _spent in series if at > empty_at]
        lines.append(BatteryLine(mode, tuple(points), empty_at))
    last = max((line.points[-1][0] for line in lines if line.points), default=start)
    axis_end = max(end if end is not None else last, last, start + 60.0)
    empties = [line.empty_at for line in lines if line.empty_at is not None]
    if empties:
        axis_end = max(axis_end, min(max(empties), start + MAX_AXIS_S))
    return BatteryPicture(start, axis_end, tuple(lines))


def _empty_at(series: Sequence[tuple[float, float]], hours: float, start: float) -> float | None:
    previous: tuple[float, float] | None = None
    for at, spent in series:
        if spent >= 100.0:  # ran out here: between the last two samples, linearly
            if previous is None or spent == previous[1]:
                return at
            return previous[0] + (at - previous[0]) * (100.0 - previous[1]) / (spent - previous[1])
        previous = (at, spent)
    if not series or not math.isfinite(hours) or hours <= 0:
        return None
    return start + hours * 3600.0


@dataclass(frozen=True, slots=True)
class _Frame:
    """Where the plot sits in the SVG, in pixels."""

    picture: BatteryPicture
    left: float
    top: float
    width: float
    height: float

    def x(self, at: float) -> float:
        return self.left + min(max(self.picture.x(at), 0.0), 1.0) * self.width

    def y(self, percent: float) -> float:
        return self.top + (1 - percent / 100) * self.height


def battery_svg(picture: BatteryPicture, *, width: int = 640, height: int = 240, title: str = "Battery left") -> str:
    """The chart as one inline <svg> element: no scripts, no fonts or files fetched, text escaped."""
    frame = _Frame(picture, 44, 28, width - 44 - 12, height - 28 - 36)
    size = f'width="{width}" height="{height}" viewBox="0 0 {width} {height}"'
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" {size} role="img" font-family="sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        *_axes(frame),
    ]
    for index, line in enumerate(picture.lines):
        parts += _line(frame, line, index)
    parts.append("</svg>")
    return "\n".join(parts)


def _axes(frame: _Frame) -> list[str]:
    left, right, bottom = frame.left, frame.left + frame.width, frame.top + frame.height
    parts = []
    for percent in (0, 25, 50, 75, 100):
        y = frame.y(percent)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="#e0e0e0"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#444">{percent}%</text>')
    for at, label in frame.picture.ticks():
        x = frame.x(at)
        anchor = "end" if x > right - 16 else "middle"  # the last label stays inside the picture
        parts.append(f'<line x1="{x:.1f}" y1="{bottom}" x2="{x:.1f}" y2="{bottom + 4}" stroke="#444"/>')
        parts.append(f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="{anchor}" fill="#444">{label}</text>')
    parts.append(
        f'<rect x="{left}" y="{frame.top}" width="{frame.width}" height="{frame.height}" fill="none" stroke="#888"/>'
    )
    return parts


def _line(frame: _Frame, line: BatteryLine, index: int) -> list[str]:
    """One mode: measured (solid), projected to empty (dashed), the empty time (dotted, labelled), its legend."""
    colour, mode, picture = MODE_COLOURS.get(line.mode, OTHER_COLOUR), escape(line.mode), frame.picture
    parts = []
    if line.points:
        path = " ".join(f"{frame.x(at):.1f},{frame.y(left):.1f}" for at, left in line.points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
    projection = line.projection(picture.end)
    if projection is not None:
        (at, left), (end_at, end_left) = projection
        parts.append(
            f'<line x1="{frame.x(at):.1f}" y1="{frame.y(left):.1f}" x2="{frame.x(end_at):.1f}" '
            f'y2="{frame.y(end_left):.1f}" stroke="{colour}" stroke-width="1.5" stroke-dasharray="5 4"/>'
        )
    if line.empty_at is not None:
        x, top, bottom = frame.x(line.empty_at), frame.top, frame.top + frame.height
        within = line.empty_at <= picture.end
        label = f"{mode} empty {clock_label(line.empty_at)}" if within else f"{mode} lasts over a day"
        parts.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" stroke="{colour}" stroke-dasharray="2 3"/>'
        )
        anchor, nudge = ("end", -4) if x > frame.left + frame.width / 2 else ("start", 4)
        parts.append(
            f'<text x="{x + nudge:.1f}" y="{top + 12 + 13 * index}" text-anchor="{anchor}" fill="{colour}">{label}</text>'
        )
    parts.append(f'<rect x="{frame.left + 100 * index}" y="8" width="10" height="10" fill="{colour}"/>')
    parts.append(f'<text x="{frame.left + 14 + 100 * index}" y="17" fill="#222">{mode}</text>')
    return parts
