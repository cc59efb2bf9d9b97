"""The battery panel: projected life with its range, and the chart of battery left, through the pilot."""

from __future__ import annotations

import itertools
import re

import pytest
from hud_helpers import events_until, hhmm, until

from glassterm.hud.app import GlassApp
from glassterm.hud.widgets.battery import BatteryChart, BatteryGauge
from glassterm.power.chart import clock_label

LASTS = re.compile(r"lasts (\d+\.\d) h, (\d+\.\d)-(\d+\.\d)")


async def test_the_gauge_shows_projected_life_with_its_range(setup, scene) -> None:  # type: ignore[no-untyped-def]
    app = GlassApp(setup, scene=scene, autoplay=False)
    async with app.run_test(size=(120, 40)) as pilot:
        app.seed(events_until(scene, hhmm("08:20")))
        gauges = {mode: app.query_one(f"#gauge-{mode}", BatteryGauge) for mode in ("proactive", "manual")}
        await until(pilot, lambda: all(g.used > 0 for g in gauges.values()))
        await pilot.pause()
        for gauge in gauges.values():
            shown = LASTS.search(gauge.render().plain)
            assert shown, gauge.render().plain
            central, low, high = (float(x) for x in shown.groups())
            assert low < central < high
            assert central == round(gauge.projected_hours, 1)
            assert (low, high) == (
                round(gauge.projected_hours_range.low, 1),
                round(gauge.projected_hours_range.high, 1),
            )


async def test_the_chart_shows_battery_left_and_when_each_mode_is_empty(setup, scene) -> None:  # type: ignore[no-untyped-def]
    app = GlassApp(setup, scene=scene, autoplay=False)
    async with app.run_test(size=(120, 40)) as pilot:
        app.seed(events_until(scene, hhmm("08:41")))
        gauges = {mode: app.query_one(f"#gauge-{mode}", BatteryGauge) for mode in ("proactive", "manual")}
        await until(pilot, lambda: all(g.used > 0 for g in gauges.values()))
        await pilot.pause()
        chart = app.query_one(BatteryChart)
        picture = chart.picture()
        assert picture.start == scene.start and [line.mode for line in picture.lines] == ["proactive", "manual"]
        for line in picture.lines:
            gauge = gauges[line.mode]  # type: ignore[index]
            assert line.points[-1][1] == pytest.approx(100 - gauge.used)  # left, not used
            assert all(a[1] >= b[1] for a, b in itertools.pairwise(line.points))  # it only goes down
            assert line.empty_at == pytest.approx(scene.start + gauge.projected_hours * 3600)
        assert picture.end >= max(line.empty_at for line in picture.lines if line.empty_at)  # both marks shown
        drawn = chart.render().plain  # type: ignore[union-attr]
        empties = [clock_label(line.empty_at) for line in picture.lines if line.empty_at]
        assert f"proactive empty at {empties[0]}, manual empty at {empties[1]}" in drawn
        assert "100%" in drawn and "0%" in drawn
        assert chart.size.height == 10 and not chart.compact
        labels = [label for _, label in picture.ticks()]
        assert "09:00" in labels and all(label in drawn for label in labels)  # the time axis in the scene's clock


async def test_a_small_screen_keeps_a_shorter_chart(setup, scene) -> None:  # type: ignore[no-untyped-def]
    app = GlassApp(setup, scene=scene, autoplay=False)
    async with app.run_test(size=(80, 24)) as pilot:
        app.seed(events_until(scene, hhmm("08:20")))
        await pilot.pause()
        chart = app.query_one(BatteryChart)
        assert chart.compact and chart.has_class("-compact") and chart.size.height == 5
        assert "%" in chart.render().plain and "empty at" not in chart.render().plain  # type: ignore[union-attr]


async def test_restart_clears_the_chart(setup, scene) -> None:  # type: ignore[no-untyped-def]
    app = GlassApp(setup, scene=scene, autoplay=False)
    async with app.run_test(size=(120, 40)) as pilot:
        app.seed(events_until(scene, hhmm("08:20")))
        chart = app.query_one(BatteryChart)
        await until(pilot, lambda: any(chart.samples.values()))
        await pilot.press("r")
        await until(pilot, lambda: not any(line.points for line in chart.picture().lines))
        assert all(line.empty_at is None for line in chart.picture().lines)
