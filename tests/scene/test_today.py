"""A scene mapped to now (scene/today.py), and the shipped demo day the live demo lives in."""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path

import pytest

from glassterm.clock import parse_hhmm as hhmm
from glassterm.errors import UserError
from glassterm.events import MODES, Said, Suggestion
from glassterm.live import live_scene_session
from glassterm.playback import Setup, play_scene
from glassterm.scene.lint import lint_file
from glassterm.scene.loader import load_scene, parse_scene
from glassterm.scene.today import DEMO_DAY, live_scene, mapped_to_now

TODAY = dt.date(2027, 3, 9)

SCENE = """\
version: 1
scene: Morning
date: 2026-11-24
start: "08:40"
end: "10:00"
calendar:
  - at: "09:00"
    until: "09:30"
    title: Standup
  - at: "08:00"
    title: Breakfast meeting
reminders:
  - text: Call mom
    at: "09:50"
  - text: Buy oat milk
    near: grocery
timeline:
  - at: "08:40"
    location: Home
  - at: "08:40:25"
    say: hey glass, when is my next meeting?
  - at: "08:45"
    press: talk
    say: what time is it
  - at: "08:46"
    say: Morning Jo!
  - at: "09:55"
    location: Office
expect:
  - id: next
    mode: both
    kind: reply
    between: ["08:40:25", "08:41"]
    mentions_any: [standup]
"""


def scene(text: str = SCENE):  # type: ignore[no-untyped-def]
    return parse_scene(text, Path("morning.yaml"))


def test_every_time_moves_by_the_whole_minutes_that_put_the_start_at_the_current_minute() -> None:
    day = mapped_to_now(scene(), TODAY, hhmm("14:07:42"))
    lived = day.scene
    assert day.shift == hhmm("14:07") - hhmm("08:40") and day.written_start == hhmm("08:40")
    assert lived.date == "2027-03-09"
    assert (lived.start, lived.end) == (hhmm("14:07"), hhmm("15:27"))
    assert [e.at for e in lived.timeline] == [hhmm(t) for t in ("14:07", "14:07:25", "14:12", "14:13", "15:22")]
    assert [(c.title, c.at, c.until) for c in lived.calendar] == [
        ("Standup", hhmm("14:27"), hhmm("14:57")),
        ("Breakfast meeting", hhmm("13:27"), None),
    ]
    assert [(r.text, r.at) for r in lived.reminders] == [("Call mom", hhmm("15:17")), ("Buy oat milk", None)]
    (expect,) = lived.expectations
    assert (expect.start, expect.end) == (hhmm("14:07:25"), hhmm("14:08"))
    assert day.left_out == 0
    assert lived.timeline[0].location == "Home" and lived.title == "Morning"  # only times move


def test_a_start_with_seconds_keeps_them_and_the_calendar_stays_on_the_minute() -> None:
    day = mapped_to_now(scene(SCENE.replace('start: "08:40"', 'start: "08:39:30"')), TODAY, hhmm("14:07:42"))
    assert day.scene.start == hhmm("14:07:30") and day.shift == hhmm("14:07") - hhmm("08:39")
    assert day.scene.calendar[0].at == hhmm("14:28")  # 09:00, whole minutes on


def test_what_would_fall_outside_today_is_left_out() -> None:
    late = mapped_to_now(scene(), TODAY, hhmm("23:00:10")).scene  # 08:40 -> 23:00: +14:20
    assert late.end == hhmm("23:59:59")
    assert [e.at for e in late.timeline] == [hhmm(t) for t in ("23:00", "23:00:25", "23:05", "23:06")]
    assert [(c.title, c.until) for c in late.calendar] == [("Standup", hhmm("23:50")), ("Breakfast meeting", None)]
    assert [r.text for r in late.reminders] == ["Buy oat milk"]  # 09:50 + 14:20 is tomorrow
    assert mapped_to_now(scene(), TODAY, hhmm("23:00:10")).left_out == 2

    early = mapped_to_now(scene(), TODAY, hhmm("00:10")).scene  # 08:40 -> 00:10: the 08:00 entry was yesterday
    assert [c.title for c in early.calendar] == ["Standup"]


def test_a_live_scene_suggests_the_wearer_s_lines_and_leaves_the_button_to_them(setup_templates) -> None:  # type: ignore[no-untyped-def]
    lived = mapped_to_now(scene(), TODAY, hhmm("14:07:42")).scene
    session = live_scene_session(
        lived, MODES, setup_templates.phraser(), setup_templates.policy, start=hhmm("14:07:42")
    )
    suggestions = [e for e in session.events if isinstance(e, Suggestion)]
    assert suggestions == [
        Suggestion(at=hhmm("14:07:25"), text="hey glass, when is my next meeting?"),
        Suggestion(at=hhmm("14:12"), text="what time is it", push_to_talk=True),
        Suggestion(at=hhmm("14:13"), text="Morning Jo!"),
    ]
    assert not any(isinstance(e, Said) for e in session.events)
    assert session.clock.now == hhmm("14:07:42") and session.follow_clock

    heard: list[Suggestion] = []
    session.on_suggestion.append(heard.append)
    playing = threading.Thread(target=session.run)
    playing.start()
    session.clock.set(hhmm("14:12:30"))  # what the HUD's skip or frame timer does; the session follows
    deadline = time.monotonic() + 10
    while session.events[session.position].at <= hhmm("14:12:30") and time.monotonic() < deadline:
        time.sleep(0.01)
    session.stop.set()
    playing.join(5)
    assert [s.text for s in heard] == ["hey glass, when is my next meeting?", "what time is it"]
    for run in session.runs.values():
        assert run.replies == []  # a suggestion is never delivered: nobody asked anything
        assert run.assistant.context.date == "2027-03-09"


def test_the_demo_day_is_lint_clean_and_every_expectation_is_met_on_the_templates() -> None:
    assert lint_file(DEMO_DAY) == []
    demo = load_scene(DEMO_DAY)
    result = play_scene(demo, Setup.from_options(llm="none"))  # what the live demo runs, the encoder included
    for mode, mode_result in result.modes.items():
        assert (mode_result.score.misses, mode_result.score.false_alarms) == (0, 0), mode
    # The first minute lived: a card at once, a change of room and an announcement inside 40 seconds.
    first_minute = [c for c in result.modes["proactive"].run.cards if c.at < demo.start + 60]
    assert len(first_minute) >= 3 and max(c.at for c in first_minute) <= demo.start + 40


def test_the_demo_day_says_no_clock_time_in_its_words() -> None:
    """Only times move: a clock time written in a text would be wrong once the day is mapped to now."""
    from glassterm.assistant.times import clock_times

    demo = load_scene(DEMO_DAY)
    texts = [t for e in demo.timeline for t in (e.location, e.see, e.hear, e.say) if t]
    texts += [e.notification.text for e in demo.timeline if e.notification]
    texts += [t for c in demo.calendar for t in (c.title, c.where, c.notes) if t]
    texts += [r.text for r in demo.reminders]
    assert [t for t in texts if clock_times(t)] == []


def test_scene_choice_for_the_live_demo(tmp_path: Path) -> None:
    assert live_scene(None) == load_scene(DEMO_DAY)
    assert live_scene("none") is None
    mine = tmp_path / "mine.yaml"
    mine.write_text(SCENE, encoding="utf-8")
    assert live_scene(mine).title == "Morning"  # type: ignore[union-attr]
    with pytest.raises(UserError, match="missing.yaml"):
        live_scene(tmp_path / "missing.yaml")
