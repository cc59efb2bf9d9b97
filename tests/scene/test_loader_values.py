"""What the loader hands on: every key's value exactly, and every error's exact reason, line and key.

test_loader.py checks that errors name the file, line and key and carry the right words; here
each reason is pinned whole, so a message that loses its hint (the midnight advice, the list of
known keys) or a value read from the wrong key fails a test.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from scene_cases import BAD

from glassterm.errors import UserError
from glassterm.events import CalendarEntry, Reminder
from glassterm.scene.loader import load_scene, parse_scene, scene_files
from glassterm.scene.model import Expectation, Scene, SceneNotification, TimelineEntry

EVERY_KEY = textwrap.dedent(
    """\
    version: 1
    scene: Every key
    date: 2026-11-24
    start: "07:45"
    end: "09:00:30"
    user:
      name: Ada
      wake_word: hey specs
    calendar:
      - at: "08:30"
        until: "09:00"
        title: Design review
        where: Room 10.30
        notes: bring the deck
      - at: "12:00"
        title: Lunch
    reminders:
      - text: Buy oat milk
        near: Corner shop
      - text: Call Sam
        at: "08:15"
    timeline:
      - at: "07:50"
        location: Home
        see: A sign
      - at: "07:55:30"
        hear: The bus is late
      - at: "08:00"
        press: talk
        say: hey specs what is next
      - at: "08:05"
        notification:
          app: Mail
          from: Sue
          text: Deck attached
      - at: "08:06"
        notification:
          text: Battery low
    expect:
      - id: next
        mode: manual
        kind: reply
        between: ["08:00", "08:01"]
        mentions_any: [Design review, "8:30"]
      - id: calm
        mode: both
        kind: quiet
        between: ["07:45", "07:49"]
    """
)
H, M = 3600, 60


def test_a_scene_with_every_key_loads_to_exactly_these_values() -> None:
    path = Path("every.yaml")
    assert parse_scene(EVERY_KEY, path) == Scene(
        path=path,
        title="Every key",
        date="2026-11-24",
        start=7 * H + 45 * M,
        end=9 * H + 30,
        user_name="Ada",
        wake_word="hey specs",
        calendar=(
            CalendarEntry(8 * H + 30 * M, "Design review", until=9 * H, where="Room 10.30", notes="bring the deck"),
            CalendarEntry(12 * H, "Lunch"),
        ),
        reminders=(Reminder("Buy oat milk", near="Corner shop"), Reminder("Call Sam", at=8 * H + 15 * M)),
        timeline=(
            TimelineEntry(7 * H + 50 * M, 23, location="Home", see="A sign"),
            TimelineEntry(7 * H + 55 * M + 30, 26, hear="The bus is late"),
            TimelineEntry(8 * H, 28, say="hey specs what is next", press="talk"),
            TimelineEntry(8 * H + 5 * M, 31, notification=SceneNotification("Mail", "Sue", "Deck attached")),
            # Without `app` a notification is from "Notification"; without `from` it has no sender.
            TimelineEntry(8 * H + 6 * M, 36, notification=SceneNotification("Notification", None, "Battery low")),
        ),
        expectations=(
            Expectation("next", "manual", "reply", 8 * H, 8 * H + M, ("Design review", "8:30"), 40),
            Expectation("calm", "both", "quiet", 7 * H + 45 * M, 7 * H + 49 * M, (), 45),
        ),
    )


MIDNIGHT = "a scene ends by 23:59:59; continue after midnight in a second scene dated the next day"
HEAD = 'version: 1\nscene: T\ndate: 2026-11-24\nstart: "07:45"\n'
ONE = 'timeline:\n  - at: "07:50"\n    location: Home\n'


def test_without_end_a_scene_ends_five_minutes_after_its_last_entry_but_by_midnight() -> None:
    late = HEAD.replace('"07:45"', '"23:50"') + ONE.replace('"07:50"', '"23:58"')
    assert parse_scene(late, Path("late.yaml")).end == 24 * H - 1


def _expect(body: str) -> str:
    return HEAD + ONE + "expect:\n  - id: a\n    mode: both\n" + body


# name: (text, line, key, the whole reason)
ERRORS = {
    "user not a mapping": (HEAD + "user: Ada\n" + ONE, 5, "user", "must be a mapping of keys to values, not 'Ada'"),
    "user left empty": (HEAD + "user:\n" + ONE, 5, "user", "must be a mapping of keys to values, not empty"),
    "key not a word": (HEAD + "[a]: 1\n" + ONE, 5, None, "keys must be plain words"),
    "key given twice": (HEAD + "scene: U\n" + ONE, 5, "scene", "key given twice"),
    "blank title": (HEAD.replace("scene: T", 'scene: "  "') + ONE, 2, "scene", "must not be empty"),
    "title a list": (HEAD.replace("scene: T", "scene: [a]") + ONE, 2, "scene", "must be text, not a list"),
    "version a mapping": (
        HEAD.replace("version: 1", "version: {a: 1}") + ONE,
        1,
        "version",
        "must be text, not a mapping",
    ),
    "past midnight": (
        HEAD + ONE.replace('"07:50"', '"25:30"'),
        6,
        "timeline[0].at",
        f"'25:30' is not a time of day (00:00 to 23:59:59); {MIDNIGHT}",
    ),
    "no time at all": (
        HEAD + ONE.replace('"07:50"', "soon"),
        6,
        "timeline[0].at",
        "'soon' is not a time (HH:MM or HH:MM:SS)",
    ),
    "timeline not a list": (HEAD + "timeline: Home\n", 5, "timeline", "must be a list, not 'Home'"),
    "timeline empty": (HEAD + "timeline: []\n", 5, "timeline", "must have at least one entry"),
    "timeline left empty": (HEAD + "timeline:\n", 5, "timeline", "must have at least one entry"),
    "entry before start": (
        HEAD + ONE.replace('"07:50"', '"07:40"'),
        6,
        "timeline[0].at",
        "07:40:00 is before the scene starts (07:45:00)",
    ),
    "end before start": (HEAD + 'end: "07:00"\n' + ONE, 5, "end", "07:00:00 is not after start 07:45:00"),
    "end equal to start": (HEAD + 'end: "07:45"\n' + ONE, 5, "end", "07:45:00 is not after start 07:45:00"),
    "end past midnight": (
        HEAD.replace('"07:45"', '"23:50"') + 'end: "00:10"\n' + ONE.replace('"07:50"', '"23:55"'),
        5,
        "end",
        f"00:10:00 is not after start 23:50:00; {MIDNIGHT}",
    ),
    "timeline past midnight": (
        HEAD.replace('"07:45"', '"23:50"') + ONE.replace('"07:50"', '"23:55"') + '  - at: "00:05"\n    see: stars\n',
        8,
        "timeline[1].at",
        f"goes back in time (00:05:00 after 23:55:00); {MIDNIGHT}",
    ),
    "calendar until before at": (
        HEAD + 'calendar:\n  - at: "09:00"\n    until: "08:00"\n    title: X\n' + ONE,
        7,
        "calendar[0].until",
        "08:00:00 is not after 09:00:00",
    ),
    "calendar until at at": (
        HEAD + 'calendar:\n  - at: "09:00"\n    until: "09:00"\n    title: X\n' + ONE,
        7,
        "calendar[0].until",
        "09:00:00 is not after 09:00:00",
    ),
    "calendar until past midnight": (
        HEAD + 'calendar:\n  - at: "23:00"\n    until: "01:00"\n    title: X\n' + ONE,
        7,
        "calendar[0].until",
        f"01:00:00 is not after 23:00:00; {MIDNIGHT}",
    ),
    "calendar entry a list": (
        HEAD + "calendar:\n  - [1, 2]\n" + ONE,
        6,
        "calendar[0]",
        "must be a mapping of keys to values, not a list",
    ),
    "reminder without text": (
        HEAD + "reminders:\n  - near: Shop\n" + ONE,
        6,
        "reminders[0].text",
        "required key is missing",
    ),
    "reminder at no time": (
        HEAD + "reminders:\n  - text: Go\n    at: later\n" + ONE,
        7,
        "reminders[0].at",
        "'later' is not a time (HH:MM or HH:MM:SS)",
    ),
    "notification without text": (
        HEAD + 'timeline:\n  - at: "07:50"\n    notification:\n      app: Mail\n',
        8,
        "timeline[0].notification.text",
        "required key is missing",
    ),
    "bad kind": (
        _expect('    kind: poem\n    between: ["07:50", "07:51"]\n'),
        11,
        "expect[0].kind",
        "'poem' is not one of card, reply, quiet",
    ),
    "between of three": (
        _expect('    kind: quiet\n    between: ["07:50", "07:51", "07:52"]\n'),
        12,
        "expect[0].between",
        "must be a list of two times: [from, to]",
    ),
    "card without mentions": (
        _expect('    kind: card\n    between: ["07:50", "07:51"]\n'),
        9,
        "expect[0].mentions_any",
        "a card expectation needs at least one word to look for",
    ),
    "reply with no mentions": (
        _expect('    kind: reply\n    between: ["07:50", "07:51"]\n    mentions_any: []\n'),
        9,
        "expect[0].mentions_any",
        "a reply expectation needs at least one word to look for",
    ),
    "window before the scene": (
        _expect('    kind: quiet\n    between: ["07:00", "07:10"]\n'),
        12,
        "expect[0].between",
        "window 07:00:00-07:10:00 lies outside the scene (07:45:00-07:55:00) and could never match",
    ),
    "not a mapping at all": ("just text\n", 1, None, "must be a mapping of keys to values, not 'just text'"),
}
# The shared bad scenes of scene_cases.py, each with its whole reason.
REASONS = {
    "empty file": "is empty; a scene needs at least version, scene, date, start and timeline",
    "not a mapping": "must be a mapping of keys to values, not a list",
    "wrong version": "unsupported version '2'; this glassterm reads version 1",
    "missing scene": "required key is missing",
    "unknown top key": "unknown key (known here: version, scene, date, start, end, user, calendar, reminders, timeline, expect)",
    "unknown timeline key": "unknown key (known here: at, location, see, hear, say, press, notification)",
    "time not text": "must be text, not a list",
    "backwards": "goes back in time (07:49:00 after 07:50:00); keep the timeline in time order",
    "window ends before start": "window ends (07:55:00) before it starts (07:56:00)",
    "bad date": "'2026-13-40' is not an ISO date (YYYY-MM-DD)",
    "bad mode": "'sometimes' is not one of proactive, manual, both",
    "bad button": "unknown button 'volume'; the only button is 'talk'",
    "empty entry": "needs at least one of location, see, hear, say, press, notification besides at",
    "duplicate id": "id 't' is used twice (first at line 12)",
    "event after end": "07:55:00 is after the scene ends (07:52:00)",
}
for _name, _reason in REASONS.items():
    _text, _line, _key, _words = BAD[_name]
    ERRORS[_name] = (_text, _line, _key, _reason)


@pytest.mark.parametrize("name", ERRORS)
def test_each_error_gives_its_whole_reason_line_and_key(name: str) -> None:
    text, line, key, reason = ERRORS[name]
    with pytest.raises(UserError) as caught:
        parse_scene(text, Path("s.yaml"))
    assert (caught.value.reason, caught.value.line, caught.value.key) == (reason, line, key)


def test_a_window_that_touches_the_scene_is_inside_it() -> None:
    # The scene runs 07:45 to 07:55 (the last entry + 5 minutes): windows meeting either end are kept.
    for window in ('["07:40", "07:45"]', '["07:55", "08:10"]'):
        scene = parse_scene(_expect(f"    kind: quiet\n    between: {window}\n"), Path("s.yaml"))
        assert len(scene.expectations) == 1


def test_the_first_entry_may_be_at_the_start_and_the_last_at_the_end() -> None:
    text = HEAD + 'end: "07:50"\n' + ONE.replace('"07:50"', '"07:45"') + '  - at: "07:50"\n    see: stars\n'
    scene = parse_scene(text, Path("s.yaml"))
    assert [entry.at for entry in scene.timeline] == [7 * H + 45 * M, 7 * H + 50 * M]


def test_a_missing_file_a_directory_and_bytes_that_are_not_text_each_say_so(tmp_path: Path) -> None:
    reasons = []
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00bad")
    for path in (tmp_path / "nope.yaml", tmp_path, binary):
        with pytest.raises(UserError) as caught:
            load_scene(path)
        assert caught.value.file == str(path)
        reasons.append(caught.value.reason)
    assert reasons == [
        "scene file does not exist",
        "is a directory, not a scene file (eval takes directories; play takes one file)",
        "is not UTF-8 text",
    ]


def test_scene_files_takes_files_as_given_and_directories_sorted_yaml_then_yml(tmp_path: Path) -> None:
    for name in ("b.yaml", "a.yaml", "c.yml", "notes.txt"):
        (tmp_path / name).write_text("", encoding="utf-8")
    single = tmp_path / "notes.txt"
    assert scene_files([single, str(tmp_path)]) == [
        single,
        tmp_path / "a.yaml",
        tmp_path / "b.yaml",
        tmp_path / "c.yml",
    ]


def test_scene_files_refuses_a_missing_path_and_a_directory_without_scenes(tmp_path: Path) -> None:
    with pytest.raises(UserError) as missing:
        scene_files([tmp_path / "nope"])
    assert missing.value.reason == "does not exist: give scene files or a directory of them"
    with pytest.raises(UserError) as empty:
        scene_files([tmp_path])
    assert (empty.value.reason, empty.value.file) == ("holds no scene files (*.yaml)", str(tmp_path))
