"""Every binding of the HUD, through the pilot (template setup: no LLM, fast and deterministic)."""

from __future__ import annotations

import math

from hud_helpers import events_until, hhmm, until
from textual.widgets import Input

from glassterm.events import ButtonPressed
from glassterm.hud.app import GlassApp
from glassterm.hud.widgets.help import HelpScreen
from glassterm.hud.widgets.timeline import ClockBar

SIZE = (120, 40)


def app_for(setup, scene, **options) -> GlassApp:  # type: ignore[no-untyped-def]
    return GlassApp(setup, scene=scene, autoplay=options.pop("autoplay", False), **options)


async def test_space_presses_talk_and_opens_typing(setup, scene) -> None:  # type: ignore[no-untyped-def]
    app = app_for(setup, scene)
    async with app.run_test(size=SIZE) as pilot:
        app.seed(events_until(scene, hhmm("08:00")))
        await pilot.press("space")
        manual = app.session.runs["manual"].assistant
        await until(pilot, lambda: manual._talk_pressed_at is not None)
        assert app.query_one("#say", Input).has_focus  # no microphone in playback: type instead
        await pilot.press(*"when is my first meeting", "enter")
        await until(pilot, lambda: app.lens("manual").current is not None)
        assert "Design review" in app.lens("manual").visible_text
        assert not app.query_one("#say", Input).has_focus


async def test_p_pauses_and_resumes(setup, scene) -> None:  # type: ignore[no-untyped-def]
    app = app_for(setup, scene)
    async with app.run_test(size=SIZE) as pilot:
        clock = app.session.clock
        assert not clock.paused
        await pilot.press("p")
        assert clock.paused and app.query_one(ClockBar).paused
        await pilot.press("p")
        assert not clock.paused and not app.query_one(ClockBar).paused


async def test_plus_and_minus_change_speed(setup, scene) -> None:  # type: ignore[no-untyped-def]
    app = app_for(setup, scene, speed=10.0)
    async with app.run_test(size=SIZE) as pilot:
        clock = app.session.clock
        await pilot.press("plus")
        assert clock.speed == 30.0
        await pilot.press("minus", "minus")
        assert clock.speed == 5.0
        for _ in range(12):
            await pilot.press("plus")
        assert math.isinf(clock.speed)
        assert "max" in app.query_one(ClockBar).render().plain


async def test_n_skips_to_the_next_event(setup, scene) -> None:  # type: ignore[no-untyped-def]
    app = app_for(setup, scene, autoplay=True, speed=1.0)
    async with app.run_test(size=SIZE) as pilot:
        session = app.session
        await pilot.press("p")
        await until(pilot, lambda: session.position > 0)  # the start-up events play at once
        target = session.events[session.position].at
        await pilot.press("n")
        await until(pilot, lambda: session.clock.now == target)
        assert app.query_one(ClockBar).now == target


async def test_r_restarts_from_the_scene_start(setup, scene) -> None:  # type: ignore[no-untyped-def]
    app = app_for(setup, scene)
    async with app.run_test(size=SIZE) as pilot:
        app.seed(events_until(scene, hhmm("08:20")), now=hhmm("08:20:02"))
        await pilot.pause()
        assert app.lens("proactive").current is not None
        old = app.session
        await pilot.press("r")
        await pilot.pause()
        assert app.session is not old and old.stop.is_set()
        assert app.session.clock.now == scene.start
        assert app.lens("proactive").current is None
        assert app.query_one(ClockBar).now == scene.start


async def test_ctrl_r_reloads_prompts(setup, scene) -> None:  # type: ignore[no-untyped-def]
    app = app_for(setup, scene)
    async with app.run_test(size=SIZE) as pilot:
        phraser = app.session.runs["proactive"].assistant.phraser
        before = phraser.prompts
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert phraser.prompts is not before and phraser.prompts == before
        assert app.session.runs["manual"].assistant.phraser.prompts is phraser.prompts
        assert any("reloaded" in n.message for n in app._notifications)


async def test_ctrl_r_reports_a_broken_prompt_dir(setup, scene, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "card.txt").write_text("{nonsense}", encoding="utf-8")
    app = app_for(setup, scene, prompts_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert any("nonsense" in n.message for n in app._notifications)


async def test_s_switches_single_and_side_by_side(setup, scene) -> None:  # type: ignore[no-untyped-def]
    app = app_for(setup, scene)
    async with app.run_test(size=SIZE) as pilot:
        assert app.layout_mode == "both"
        await pilot.press("s")
        assert app.layout_mode == "proactive"
        assert not app.query_one("#panel-manual").display
        await pilot.press("s")
        assert app.layout_mode == "manual"
        assert not app.query_one("#panel-proactive").display
        await pilot.press("s")
        assert app.layout_mode == "both"


async def test_narrow_terminal_starts_with_one_lens(setup, scene) -> None:  # type: ignore[no-untyped-def]
    app = app_for(setup, scene)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.layout_mode == "proactive"


async def test_d_dismisses_the_card(setup, scene) -> None:  # type: ignore[no-untyped-def]
    app = app_for(setup, scene)
    async with app.run_test(size=SIZE) as pilot:
        app.seed(events_until(scene, hhmm("08:20")), now=hhmm("08:20:02"))
        await pilot.pause()
        lens = app.lens("proactive")
        assert "Running ten minutes" in lens.visible_text
        await pilot.press("d")
        await pilot.pause()
        assert lens.current is None


async def test_cards_time_out_in_virtual_time(setup, scene) -> None:  # type: ignore[no-untyped-def]
    app = app_for(setup, scene)
    async with app.run_test(size=SIZE) as pilot:
        app.seed(events_until(scene, hhmm("08:20")), now=hhmm("08:20:02"))
        await pilot.pause()
        lens = app.lens("proactive")
        assert lens.current is not None
        app.session.clock.set(lens.expires_at + 1)
        await pilot.pause(0.3)  # the clock frame carries the new time to the lens
        assert lens.current is None


async def test_page_key_pages_a_long_card(setup, scene) -> None:  # type: ignore[no-untyped-def]
    app = app_for(setup, scene)
    async with app.run_test(size=SIZE) as pilot:
        app.seed(events_until(scene, hhmm("08:24")), now=hhmm("08:24:01"))
        await pilot.pause()
        lens = app.lens("proactive")
        assert len(lens.pages) > 1 and lens.page_index == 0
        first = lens.visible_text
        await pilot.press("right_square_bracket")
        assert lens.page_index == 1 and lens.visible_text != first
        assert lens.border_subtitle.startswith("2/")
        await pilot.press("pagedown")
        assert lens.page_index == 2 % len(lens.pages)


async def test_a_cards_whole_source_is_one_page_away(setup, scene) -> None:  # type: ignore[no-untyped-def]
    app = app_for(setup, scene)
    async with app.run_test(size=SIZE) as pilot:
        app.seed(events_until(scene, hhmm("08:24")), now=hhmm("08:24:01"))
        await pilot.pause()
        lens = app.lens("proactive")
        # Page 1: the change, who says so; page 2 onwards: the message as it was written.
        assert lens.visible_text.lstrip("! ").startswith("Design review: Room 5C, not 4B")
        await pilot.press("right_square_bracket")
        assert " ".join(lens.visible_text.split()).startswith("Anna (Mail): Moved the design review to Room 5C")


async def test_long_card_pages_advance_by_themselves(setup, scene) -> None:  # type: ignore[no-untyped-def]
    app = app_for(setup, scene)
    async with app.run_test(size=SIZE) as pilot:
        app.seed(events_until(scene, hhmm("08:24")), now=hhmm("08:24:01"))
        await pilot.pause()
        lens = app.lens("proactive")
        app.session.clock.set(lens.shown_at + lens.page_seconds + 0.5)
        await pilot.pause(0.3)
        assert lens.page_index == 1


async def test_slash_opens_typing_and_escape_closes_it(setup, scene) -> None:  # type: ignore[no-untyped-def]
    app = app_for(setup, scene)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        assert app.query_one("#say", Input).has_focus
        await pilot.press("p")  # typed, not a binding
        assert not app.session.clock.paused
        await pilot.press("escape")
        assert not app.query_one("#say", Input).display


async def test_question_mark_shows_help(setup, scene) -> None:  # type: ignore[no-untyped-def]
    app = app_for(setup, scene)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_q_quits(setup, scene) -> None:  # type: ignore[no-untyped-def]
    app = app_for(setup, scene, autoplay=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        # Checked before run_test leaves: its own shutdown would end the app (and stop the session) anyway.
        assert app.return_code == 0, "q did not exit the app"
    assert app.session.stop.is_set()  # and quitting stops the engine's threads


async def test_command_palette_lists_the_actions(setup, scene) -> None:  # type: ignore[no-untyped-def]
    app = app_for(setup, scene)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Pause")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await until(pilot, lambda: app.session.clock.paused)


async def test_command_palette_changes_the_display_profile(setup, scene) -> None:  # type: ignore[no-untyped-def]
    app = app_for(setup, scene)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Display: Even G2")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await until(pilot, lambda: app.lens("proactive").profile.name == "even-g2")
        assert app.lens("manual").profile.lines == 8


async def test_playback_runs_to_the_end_with_both_lenses_updating(setup, scene) -> None:  # type: ignore[no-untyped-def]
    app = app_for(setup, scene, speed=math.inf)
    seen: dict[str, int] = {"proactive": 0, "manual": 0}
    async with app.run_test(size=SIZE) as pilot:
        for mode in seen:
            original = app.lens(mode).show

            def counting(item, mode=mode, original=original):  # type: ignore[no-untyped-def]
                seen[mode] += 1
                original(item)

            app.lens(mode).show = counting  # type: ignore[method-assign]
        app._play(app.session, app.generation)
        await until(pilot, lambda: app.query_one(ClockBar).finished, timeout=30)
        assert app.session.finished
        assert seen["proactive"] >= 4 and seen["manual"] >= 2
        gauges = {mode: app.query_one(f"#gauge-{mode}").used for mode in seen}
        assert gauges["proactive"] > gauges["manual"] > 0


async def test_push_to_talk_event_reaches_both_assistants(setup, scene) -> None:  # type: ignore[no-untyped-def]
    app = app_for(setup, scene)
    async with app.run_test(size=SIZE) as pilot:
        app.seed(events_until(scene, scene.start))
        got: list[object] = []
        app.session.on_event.append(got.append)
        await pilot.press("space")
        await until(pilot, lambda: any(isinstance(e, ButtonPressed) for e in got))
        assert all(run.assistant._talk_pressed_at is not None for run in app.session.runs.values())


async def test_a_scene_played_to_its_end_writes_the_report(setup, scene, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from glassterm.clock import MAX_SPEED

    report = tmp_path / "hud-report.json"
    app = GlassApp(setup, scene=scene, speed=MAX_SPEED, report=report)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: report.exists(), timeout=30)
    data = json.loads(report.read_text())
    modes = data["scenes"][0]["modes"]
    assert data["hud"] is True and set(modes) == {"proactive", "manual"}
    assert modes["proactive"]["cards"] and modes["manual"]["cards"] == []
