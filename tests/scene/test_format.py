"""The format questions authors asked, each decided in SCENES.md and held here."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from glassterm.errors import UserError
from glassterm.events import Card, LocationChanged, NotificationArrived, Reply, Seen, TimeTick
from glassterm.playback import Setup, play_scene
from glassterm.scene.loader import parse_scene
from glassterm.scene.player import scene_events
from glassterm.scene.scoring import score

H, M = 3600, 60


def scene_text(timeline: str, head: str = "", expect: str = "") -> str:
    text = 'version: 1\nscene: Format\ndate: 2026-11-24\nstart: "08:00"\n' + textwrap.dedent(head)
    text += "timeline:\n" + textwrap.indent(textwrap.dedent(timeline), "  ")
    if expect:
        text += "expect:\n" + textwrap.indent(textwrap.dedent(expect), "  ")
    return text


def load(text: str):  # type: ignore[no-untyped-def]
    return parse_scene(text, Path("format.yaml"))


def error(text: str) -> UserError:
    with pytest.raises(UserError) as caught:
        load(text)
    return caught.value


@pytest.fixture(scope="module")
def templates() -> Setup:
    return Setup.from_options(llm="none")


# Same-time entries.


def test_entries_may_share_a_time_and_arrive_in_file_order_before_that_minutes_tick() -> None:
    scene = load(
        scene_text(
            """\
            - at: "08:20"
              location: Station entrance
            - at: "08:20"
              notification: {app: Messages, from: Anna, text: Running late}
            - at: "08:20"
              see: Departure board
            """
        )
    )
    at_0820 = [e for e in scene_events(scene) if e.at == 8 * H + 20 * M]
    assert [type(e) for e in at_0820] == [LocationChanged, NotificationArrived, Seen, TimeTick]


# A day ends at midnight.


@pytest.mark.parametrize(
    ("timeline", "head", "key"),
    [
        ('- at: "23:50"\n  see: Night bus\n- at: "00:10"\n  see: Home\n', "", "timeline[1].at"),
        ('- at: "23:50"\n  see: Night bus\n- at: "24:10"\n  see: Home\n', "", "timeline[1].at"),
        ('- at: "23:50"\n  see: Night bus\n', 'end: "00:30"\n', "end"),
        (
            '- at: "23:50"\n  see: Night bus\n',
            'calendar:\n  - at: "23:40"\n    until: "00:30"\n    title: Late shift\n',
            "calendar[0].until",
        ),
    ],
    ids=["back to 00:10", "24:10", "end after midnight", "calendar entry past midnight"],
)
def test_a_scene_cannot_cross_midnight_and_the_error_says_how_to_split_it(timeline: str, head: str, key: str) -> None:
    text = scene_text(timeline, head).replace('start: "08:00"', 'start: "23:30"')
    caught = error(text)
    assert caught.key == key
    assert "midnight" in str(caught) and "next day" in str(caught)


def test_the_default_end_stops_at_the_last_second_of_the_day() -> None:
    scene = load(scene_text('- at: "23:58"\n  see: Stars\n').replace('start: "08:00"', 'start: "23:30"'))
    assert scene.end == 24 * H - 1
    assert max(e.at for e in scene_events(scene)) == 24 * H - 1


# Notifications.


def test_a_notification_needs_only_its_text() -> None:
    scene = load(scene_text('- at: "08:05"\n  notification: {text: Parcel delivered}\n'))
    note = scene.timeline[0].notification
    assert note is not None and (note.app, note.sender, note.text) == ("Notification", None, "Parcel delivered")


@pytest.mark.parametrize(
    ("notification", "key", "words"),
    [
        ("{app: Messages, from: Anna}", "timeline[0].notification.text", "required key is missing"),
        ("Parcel delivered", "timeline[0].notification", "must be a mapping"),
        ("{text: Hi, sender: Anna}", "timeline[0].notification.sender", "unknown key"),
    ],
)
def test_a_notification_without_text_or_with_other_keys_is_an_error(notification: str, key: str, words: str) -> None:
    caught = error(scene_text(f'- at: "08:05"\n  notification: {notification}\n'))
    assert caught.key == key and words in str(caught)


# Quiet windows and one output per expectation.

QUIET_BOTH = scene_text(
    '- at: "08:05"\n  say: hey glass, what time is it?\n',
    expect="""\
    - id: hush
      mode: both
      kind: quiet
      between: ["08:04", "08:06"]
    """,
)


def test_a_quiet_window_for_both_modes_counts_each_modes_own_outputs_as_false_alarms() -> None:
    scene = load(QUIET_BOTH)
    card = Card(at=8 * H + 5 * M, mode="proactive", title="Time", body="08:05", source="test", key="t")
    reply = Reply(at=8 * H + 5 * M, mode="manual", question="what time is it", text="It is 08:05.")
    proactive = score(scene, "proactive", [card], [])
    manual = score(scene, "manual", [], [reply])
    assert (proactive.false_alarms, manual.false_alarms) == (1, 1)
    assert (proactive.hits, proactive.misses, proactive.recall) == (0, 0, 1.0)  # quiet never counts in recall
    assert score(scene, "manual", [], []).false_alarms == 0


def test_one_card_meets_at_most_one_expectation() -> None:
    scene = load(
        scene_text(
            '- at: "08:05"\n  see: Rain on the window\n',
            expect="""\
            - id: umbrella
              mode: proactive
              kind: card
              between: ["08:05", "08:10"]
              mentions_any: [umbrella]
            - id: train
              mode: proactive
              kind: card
              between: ["08:05", "08:10"]
              mentions_any: [train]
            """,
        )
    )
    both = Card(at=8 * H + 6 * M, mode="proactive", title="Rain", body="Umbrella; train at 8:26", source="t", key="k")
    result = score(scene, "proactive", [both], [])
    assert (result.hits, result.misses, result.precision) == (1, 1, 1.0)


# The clock ticks: a timed reminder needs no timeline entry at its time.


def test_a_timed_reminder_fires_on_the_clock_with_no_timeline_entry_then(templates: Setup) -> None:
    scene = load(
        scene_text(
            '- at: "08:00"\n  location: Home\n- at: "08:50"\n  location: Office\n',
            head='reminders:\n  - text: Call the dentist\n    at: "08:30"\n',
        )
    )
    result = play_scene(scene, templates)
    cards = [c for c in result.modes["proactive"].run.cards if "dentist" in f"{c.title} {c.body}"]
    assert cards and 8 * H + 30 * M <= cards[0].at <= 8 * H + 31 * M
    assert result.modes["manual"].run.cards == []  # the manual assistant acts only when addressed


# The wake word ignores case and punctuation, on both sides.


def test_the_wake_word_ignores_case_and_punctuation(templates: Setup) -> None:
    scene = load(
        scene_text(
            """\
            - at: "08:01"
              say: "HEY NOVA, what time is it?"
            - at: "08:02"
              say: hey nova what time is it
            - at: "08:03"
              say: "Hey... Nova? What time is it"
            - at: "08:04"
              say: "Nova, hey: what time is it"
            """,
            head='user:\n  wake_word: "Hey, Nova!"\n',
        )
    )
    result = play_scene(scene, templates, modes=("manual",))
    assert [r.at for r in result.modes["manual"].run.replies] == [8 * H + M, 8 * H + 2 * M, 8 * H + 3 * M]
