"""The battery panel: projected life with its range, through the pilot."""

from __future__ import annotations

import re

from hud_helpers import events_until, hhmm, until

from glassterm.hud.app import GlassApp
from glassterm.hud.widgets.battery import BatteryGauge

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
