"""Living in a scene through the HUD: the world arrives on the wall clock mapped to now, the
wearer's lines are suggestions (shown literally), and pause, faster and skip still work."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from hud_helpers import hhmm, until
from test_hud_live import slow_setup
from test_hud_text import log_text
from textual.widgets import Static

from glassterm.events import Heard, NotificationArrived, Suggestion, TimeTick
from glassterm.hud.app import FRAME_SECONDS, GlassApp
from glassterm.hud.widgets.timeline import ClockBar, Timeline
from glassterm.scene.loader import parse_scene
from glassterm.scene.today import DEMO_DAY, live_scene

SIZE = (120, 40)
TODAY = dt.date(2027, 3, 9)
START = hhmm("14:00:00")  # the wall clock's time when the demo starts (the scene's 08:00)

SCENE = """\
version: 1
scene: A short morning
date: 2026-11-24
start: "08:00"
end: "08:03"
calendar:
  - at: "08:10"
    title: Standup
    where: Room Juniper
    notes: bring the sprint board, the release checklist and the demo laptop
timeline:
  - at: "08:00"
    location: Home
  - at: "08:00:01"
    hear: "Radio: the [b]news[/b] at the top of the hour"
  - at: "08:00:02"
    say: "hey glass, is [bold]this[/bold] my next meeting?"
  - at: "08:01"
    notification: {app: Messages, from: Jo, text: Running late}
  - at: "08:02"
    press: talk
    say: what time is it
"""


def short_morning(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "morning.yaml"
    path.write_text(SCENE, encoding="utf-8")
    return parse_scene(SCENE, path)


def live_app(setup, scene, **options) -> GlassApp:  # type: ignore[no-untyped-def]
    return GlassApp(setup, scene=scene, live=True, keyboard=True, live_start=START, live_date=TODAY, **options)


def delivered(app: GlassApp) -> list[object]:
    got: list[object] = []
    app.session.on_event.append(got.append)
    return got


def suggestion_text(app: GlassApp) -> str:
    return str(app.query_one("#suggestion", Static).render())


async def test_the_world_arrives_on_the_clock_mapped_to_now_and_the_wearer_s_lines_are_suggestions(
    setup, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    app = live_app(setup, short_morning(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        assert app.session.clock.now >= START
        assert app.query_one(ClockBar).title == "A short morning"
        assert (app.query_one(ClockBar).start, app.query_one(ClockBar).end) == (START, START + 180)
        assert any("its 08:00 is 14:00" in note.message for note in app._notifications)
        await until(pilot, lambda: app.query_one("#suggestion").display)
        assert app.session.clock.now >= START + 2  # shown at the time the scene's wearer says it, not before
        shown = suggestion_text(app)
        assert "try: say" in shown and "[bold]this[/bold]" in shown  # scene text is never markup
        assert "? say “hey glass, is [bold]this[/bold] my next meeting?”" in log_text(app.query_one(Timeline))
        assert "the [b]news[/b]" in log_text(app.query_one(Timeline))  # the hear line reached the assistants
        assistants = [run.assistant for run in app.session.runs.values()]
        assert all(a.context.date == "2027-03-09" for a in assistants)
        assert all(not run.replies for run in app.session.runs.values())  # a suggestion is not a question

        await pilot.press("slash", *"hey glass when is my next meeting", "enter")  # the wearer, live
        await until(pilot, lambda: all(run.replies for run in app.session.runs.values()))
        for run in app.session.runs.values():
            (reply,) = run.replies
            assert "Standup at 14:10" in reply.text, reply.text  # the scene's 08:10, mapped to now
        assert not app.query_one("#suggestion").display  # the wearer has spoken


async def test_a_push_to_talk_line_is_suggested_with_its_button(setup, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = live_app(setup, short_morning(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(4):  # location, hear, the first suggestion, the notification: to the press-and-say
            await pilot.press("n")
        await until(pilot, lambda: "press space, then say “what time is it”" in suggestion_text(app))
        assert not any(
            run.assistant._talk_pressed_at is not None for run in app.session.runs.values()
        )  # the scene's press is the wearer's to make


async def test_pause_faster_and_skip_work_live(setup, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = live_app(setup, short_morning(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        clock = app.session.clock
        got = delivered(app)
        await until(pilot, lambda: app.query_one("#suggestion").display)  # 08:00:02 lived

        await pilot.press("p")  # pause: the wall clock goes on, the scene's clock does not
        paused_at = clock.now
        await pilot.pause(0.5)
        assert clock.now == paused_at and app.query_one(ClockBar).paused
        await pilot.press("p")

        await pilot.press("n")  # skip: straight to the notification a minute on
        await until(pilot, lambda: any(isinstance(e, NotificationArrived) for e in got))
        assert clock.now >= START + 60

        await pilot.press("plus", "plus")  # faster: ×5, and the clock runs five times the wall, no faster
        assert clock.speed == 5.0
        before, wall = clock.now, time.monotonic()
        await pilot.pause(1.0)
        elapsed = time.monotonic() - wall
        # One thing moves the live clock (the frame timer, by the wall): the session only follows it.
        assert 3.0 * elapsed <= clock.now - before <= 5.0 * (elapsed + 2 * FRAME_SECONDS)
        for _ in range(12):
            await pilot.press("plus")
        assert clock.speed == 300.0  # live has no "max": wall time moves the clock

        # After the scene's end the clock and the minute ticks go on, as in the live demo without a scene.
        await until(pilot, lambda: app.session.finished, timeout=10)
        await until(pilot, lambda: any(isinstance(e, TimeTick) and e.at > START + 180 for e in got), timeout=10)
        await until(pilot, lambda: any("events are over" in note.message for note in app._notifications))
        assert not app.query_one(ClockBar).finished  # a live day does not end with its scene
        await pilot.press("n")
        assert any("No scene events are left" in note.message for note in app._notifications)


async def test_restart_maps_the_scene_to_now_again(setup, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = live_app(setup, short_morning(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "n", "n", "n")
        await until(pilot, lambda: app.session.clock.now >= START + 60)
        first = app.session
        await pilot.press("r")
        assert app.session is not first and START <= app.session.clock.now < START + 5  # the test's fixed wall clock
        assert app.engine.day is not None and app.engine.day.scene.start == START


async def test_the_demo_day_is_the_live_demo_s_world(setup) -> None:  # type: ignore[no-untyped-def]
    app = live_app(setup, live_scene(None))
    async with app.run_test(size=SIZE) as pilot:
        got = delivered(app)
        # Within the first half minute: a card at once, a message that moves the meeting's room, an announcement.
        await until(pilot, lambda: app.lens("proactive").current is not None)
        for _ in range(3):
            await pilot.press("n")
        await until(pilot, lambda: any(isinstance(e, Heard) for e in got))
        assert [e.at for e in got if isinstance(e, Heard)] == [START + 40]
        cards = [card.title for card in app.session.runs["proactive"].cards]
        assert any("Design review with Anna, 14:10" in title for title in cards), cards
        assert any("Room 5C" in title for title in cards), cards
        await pilot.press("slash", *"hey glass, when is my next meeting?", "enter")
        await until(pilot, lambda: all(run.replies for run in app.session.runs.values()))
        await until(pilot, lambda: all("14:10" in app.lens(mode).visible_text for mode in ("proactive", "manual")))
    assert DEMO_DAY.is_file()


async def test_scene_none_is_today_alone(setup) -> None:  # type: ignore[no-untyped-def]
    app = GlassApp(setup, scene=live_scene("none"), live=True, keyboard=True, live_start=START, live_date=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.session.finished)  # the start of today: nothing else is scheduled
        assert app.engine.day is None and app.query_one(ClockBar).title == "Live"
        assert app.session.runs["proactive"].assistant.context.date == "2027-03-09"


def test_snapshot_of_the_demo_day_with_a_suggestion(snap_compare, setup) -> None:  # type: ignore[no-untyped-def]
    app = GlassApp(
        setup, scene=live_scene(None), live=True, keyboard=True, live_start=START, live_date=TODAY, autoplay=False
    )

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        events = [e for e in app.session.events if e.at <= START + 5]
        app.seed([e for e in events if not isinstance(e, Suggestion)], now=START + 6)
        await pilot.pause()
        (suggestion,) = [e for e in events if isinstance(e, Suggestion)]
        app.suggest(suggestion)
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


async def test_the_clock_keeps_the_wall_s_pace_while_the_model_phrases_a_scene_card(tmp_path: Path) -> None:
    setup = slow_setup(2.5)
    # The 08:10 standup is ten minutes ahead: a card at once, long enough (its notes) to be phrased.
    app = live_app(setup, short_morning(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, setup.slow.running.is_set)  # the session's own thread is phrasing the card
        before = app.session.clock.now
        await pilot.pause(1.2)
        assert setup.slow.running.is_set(), "the model finished too soon for this test to mean anything"
        assert app.session.clock.now >= before + 1.0  # the live day is not held back by model work
