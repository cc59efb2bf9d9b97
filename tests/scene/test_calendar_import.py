"""The wearer's calendar (.ics) and standing reminders: real files, the real iCalendar libraries."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from scene_cases import GOOD

from glassterm.errors import UserError
from glassterm.events import CalendarEntry, Reminder
from glassterm.scene.calendar_import import IcsCalendar
from glassterm.scene.loader import load_reminders, load_scene
from glassterm.scene.wearer import Wearer

TUESDAY = dt.date(2026, 11, 24)  # the date of scene_cases.GOOD
WEEK = dt.timedelta(days=7)


def ics(*events: str) -> str:
    """A calendar file holding these VEVENT bodies, with CRLF line ends as RFC 5545 writes them."""
    body = "".join(f"BEGIN:VEVENT\nUID:{i}@test\n{event.strip()}\nEND:VEVENT\n" for i, event in enumerate(events))
    text = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//glassterm tests//EN\n{body}END:VCALENDAR\n"
    return text.replace("\n", "\r\n")


def write(tmp_path: Path, text: str, name: str = "mine.ics") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def hhmm(seconds: int | None) -> str | None:
    return None if seconds is None else f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


@pytest.fixture(params=["Europe/London"])
def zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The machine's local zone (TZ) for the test; the real one comes back after."""
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


STANDUP = """
SUMMARY:Team standup
DTSTART;TZID=Europe/London:20261103T081500
DURATION:PT15M
RRULE:FREQ=WEEKLY;BYDAY=TU
"""
STANDUP_ENTRY = CalendarEntry(at=8 * 3600 + 15 * 60, until=8 * 3600 + 30 * 60, title="Team standup")


def test_a_weekly_event_is_expanded_and_an_exdate_on_another_day_leaves_this_one(tmp_path: Path, zone: str) -> None:
    other_day = TUESDAY - WEEK
    calendar = IcsCalendar.load(write(tmp_path, ics(STANDUP + f"EXDATE;TZID=Europe/London:{other_day:%Y%m%d}T081500")))
    assert calendar.on(TUESDAY).entries == (STANDUP_ENTRY,)  # three weeks after DTSTART: the RRULE expanded
    assert calendar.on(TUESDAY - 2 * WEEK).entries == (STANDUP_ENTRY,)
    assert calendar.on(other_day).entries == ()  # the EXDATE
    assert calendar.on(TUESDAY + dt.timedelta(days=1)).entries == ()  # BYDAY=TU: not on a Wednesday


def test_an_exdate_on_the_scene_day_removes_the_event(tmp_path: Path, zone: str) -> None:
    path = write(tmp_path, ics(STANDUP + f"EXDATE;TZID=Europe/London:{TUESDAY:%Y%m%d}T081500"))
    assert IcsCalendar.load(path).on(TUESDAY).entries == ()
    assert IcsCalendar.load(path).on(TUESDAY + WEEK).entries == (STANDUP_ENTRY,)


def test_a_moved_instance_is_at_its_new_time_and_an_rdate_adds_a_day(tmp_path: Path, zone: str) -> None:
    moved = "SUMMARY:Team standup\nRECURRENCE-ID;TZID=Europe/London:20261124T081500\nDTSTART;TZID=Europe/London:20261124T093000"
    rdate = "RDATE;TZID=Europe/London:20261126T081500"
    text = ics(STANDUP + rdate, moved).replace("UID:1@test", "UID:0@test")  # one event: same UID
    calendar = IcsCalendar.load(write(tmp_path, text))
    assert [hhmm(e.at) for e in calendar.on(TUESDAY).entries] == ["09:30"]  # moved, not twice
    assert [hhmm(e.at) for e in calendar.on(TUESDAY + dt.timedelta(days=2)).entries] == ["08:15"]  # a Thursday


NEW_YORK = (
    "SUMMARY:Call with New York\nDTSTART;TZID=America/New_York:20261124T033000\nDTEND;TZID=America/New_York:20261124T040000",
    "SUMMARY:Late in New York\nDTSTART;TZID=America/New_York:20261123T200000",
)


@pytest.mark.parametrize("zone", ["Europe/London", "Asia/Tokyo"], indirect=True)
def test_an_event_in_another_zone_is_at_local_time_on_the_local_day(tmp_path: Path, zone: str) -> None:
    calendar = IcsCalendar.load(write(tmp_path, ics(*NEW_YORK)))
    local, new_york = ZoneInfo(zone), ZoneInfo("America/New_York")  # the expected times, worked out apart
    call = dt.datetime(2026, 11, 24, 3, 30, tzinfo=new_york).astimezone(local)
    call_end = dt.datetime(2026, 11, 24, 4, 0, tzinfo=new_york).astimezone(local)
    late = dt.datetime(2026, 11, 23, 20, 0, tzinfo=new_york).astimezone(local)
    assert late.date() == TUESDAY  # 20:00 in New York on the 23rd is the 24th here: it is the local day's
    entries = {e.title: e for e in calendar.on(TUESDAY).entries}
    assert set(entries) == {"Call with New York", "Late in New York"}
    assert hhmm(entries["Call with New York"].at) == f"{call:%H:%M}"
    assert hhmm(entries["Call with New York"].until) == f"{call_end:%H:%M}"
    assert hhmm(entries["Late in New York"].at) == f"{late:%H:%M}"
    assert calendar.on(TUESDAY - dt.timedelta(days=1)).entries == ()


def test_summer_time_is_that_of_the_event_day_not_of_today(tmp_path: Path, zone: str) -> None:
    july = "SUMMARY:Picnic\nDTSTART:20260715T110000Z"  # 12:00 in London's summer time, 11:00 in its winter
    assert hhmm(IcsCalendar.load(write(tmp_path, ics(july))).on(dt.date(2026, 7, 15)).entries[0].at) == "12:00"


def test_an_all_day_event_joins_as_a_reminder_for_each_day_it_covers(tmp_path: Path, zone: str) -> None:
    path = write(
        tmp_path,
        ics(
            "SUMMARY:Mum's birthday\nDTSTART;VALUE=DATE:20261124",
            "SUMMARY:Conference\nLOCATION:ExCeL\nDESCRIPTION:badge at desk B\n"
            "DTSTART;VALUE=DATE:20261123\nDTEND;VALUE=DATE:20261125",
            STANDUP,
        ),
    )
    calendar = IcsCalendar.load(path)
    day = calendar.on(TUESDAY)
    assert day.entries == (STANDUP_ENTRY,)  # no all-day entry at 00:00 to be "the first meeting"
    assert day.reminders == (
        Reminder(text="Conference, all day, ExCeL: badge at desk B"),
        Reminder(text="Mum's birthday, all day"),
    )
    assert calendar.on(TUESDAY + dt.timedelta(days=1)).reminders == ()  # DTEND of a DATE is exclusive
    assert calendar.on(TUESDAY - dt.timedelta(days=1)).reminders == (
        Reminder(text="Conference, all day, ExCeL: badge at desk B"),
    )


def test_summary_location_and_description_are_carried_and_cleaned(tmp_path: Path, zone: str) -> None:
    event = (
        "SUMMARY:Dentist \x1b[31mcheck-up\nLOCATION:Smile Clinic\\, 2 High St\n"
        "DESCRIPTION:Bring the form\\nand the card\nDTSTART:20261124T103000\nDTEND:20261124T111500"
    )
    cancelled = "SUMMARY:Gym\nSTATUS:CANCELLED\nDTSTART:20261124T180000"
    (entry,) = IcsCalendar.load(write(tmp_path, ics(event, cancelled))).on(TUESDAY).entries
    assert entry == CalendarEntry(
        at=10 * 3600 + 30 * 60,
        until=11 * 3600 + 15 * 60,  # DTEND; a floating time is local time as written
        title="Dentist [31mcheck-up",  # the escape character is gone, as the scene loader does it
        where="Smile Clinic, 2 High St",
        notes="Bring the form and the card",
    )


def test_the_wearer_joins_a_scene_on_the_scene_date(tmp_path: Path, zone: str) -> None:
    scene = load_scene(write(tmp_path, GOOD, "scene.yaml"))
    reminders = write(
        tmp_path, '- text: Water the plants\n  at: "18:30"\n- text: Buy stamps\n  near: post office\n', "r.yaml"
    )
    wearer = Wearer.load(write(tmp_path, ics(STANDUP, "SUMMARY:Holiday\nDTSTART;VALUE=DATE:20261124")), reminders)
    joined = wearer.join(scene)
    assert joined.calendar == scene.calendar + (STANDUP_ENTRY,)
    assert joined.reminders == scene.reminders + (
        Reminder(text="Holiday, all day"),
        Reminder(text="Water the plants", at=18 * 3600 + 30 * 60),
        Reminder(text="Buy stamps", near="post office"),
    )
    assert joined.timeline == scene.timeline and joined.expectations == scene.expectations
    assert wearer.join(joined).calendar == joined.calendar  # joined twice, nothing doubles


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        ("hello, world\n", 1, "not iCalendar"),
        ("BEGIN:VCARD\nVERSION:3.0\nEND:VCARD\n", 1, "not iCalendar"),
        ("", 1, "not iCalendar"),
        (ics("SUMMARY:Lunch\nDTEND:20261124T130000"), 4, "no start (DTSTART)"),
        (ics(STANDUP, "SUMMARY:Lunch\nDTSTART:2026112"), 14, "DTSTART does not parse"),
        (ics("SUMMARY:Lunch\nDTSTART:20261124T120000\nRRULE:FREQ=SOMETIMES"), 8, "RRULE does not parse"),
        (ics("SUMMARY:Lunch\nDTSTART:20261124T120000\nno colon on this line"), 8, "does not parse"),
    ],
    ids=["text", "vcard", "empty", "no start", "bad start", "bad rule", "bad line"],
)
def test_a_bad_calendar_names_the_file_and_line(tmp_path: Path, text: str, line: int, says: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(UserError, match=re.escape(says)) as caught:
        IcsCalendar.load(path)
    assert caught.value.file == str(path)
    assert caught.value.line == line
    assert "\n" not in str(caught.value)


def test_a_missing_or_unreadable_calendar_is_a_user_error(tmp_path: Path) -> None:
    for path, says in [(tmp_path / "none.ics", "does not exist"), (tmp_path, "is a directory")]:
        with pytest.raises(UserError, match=says):
            IcsCalendar.load(path)
    binary = tmp_path / "binary.ics"
    binary.write_bytes(b"\xff\xfe\x00BEGIN")
    with pytest.raises(UserError, match="UTF-8"):
        IcsCalendar.load(binary)


def test_standing_reminders_are_checked_like_a_scene_s(tmp_path: Path) -> None:
    good = write(tmp_path, '- text: Call mom\n  at: "18:00"\n- text: Buy oat milk\n  near: grocery\n', "r.yaml")
    assert load_reminders(good) == (Reminder("Call mom", at=18 * 3600), Reminder("Buy oat milk", near="grocery"))
    assert load_reminders(write(tmp_path, "", "empty.yaml")) == ()
    for text, line, key in [
        ('- text: Call mom\n  at: "25:00"\n', 2, "reminders[0].at"),
        ("- text: Call mom\n  when: tonight\n", 2, "reminders[0].when"),
        ("- near: grocery\n", 1, "reminders[0].text"),
        ("text: Call mom\n", 1, "reminders"),
        ("- text: [unclosed\n", 2, None),
    ]:
        with pytest.raises(UserError) as caught:
            load_reminders(write(tmp_path, text, "bad.yaml"))
        assert (caught.value.line, caught.value.key) == (line, key), text
