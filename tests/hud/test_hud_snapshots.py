"""How the HUD looks, on a fixed virtual clock with no LLM (update on purpose: --snapshot-update)."""

from __future__ import annotations

from hud_helpers import events_until, hhmm

from glassterm.hud.app import GlassApp


def seeded(setup, scene, until: str, now: str, **options) -> tuple[GlassApp, object]:  # type: ignore[no-untyped-def]
    app = GlassApp(setup, scene=scene, autoplay=False, speed=10.0, **options)

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        app.seed(events_until(scene, hhmm(until)), now=hhmm(now))
        await pilot.pause()

    return app, run_before


def test_side_by_side(snap_compare, setup, scene) -> None:  # type: ignore[no-untyped-def]
    app, run_before = seeded(setup, scene, "08:41", "08:41:03")
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_single_lens_at_80x24(snap_compare, setup, scene) -> None:  # type: ignore[no-untyped-def]
    app, run_before = seeded(setup, scene, "08:20", "08:20:02")
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_paginated_long_card(snap_compare, setup, scene) -> None:  # type: ignore[no-untyped-def]
    app, run_before = seeded(setup, scene, "08:24", "08:24:01")
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before, press=["right_square_bracket"])


def test_even_g2_display(snap_compare, setup, scene) -> None:  # type: ignore[no-untyped-def]
    app, run_before = seeded(setup, scene, "08:24", "08:24:01", display="even-g2")
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)
