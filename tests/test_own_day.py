"""`--calendar FILE.ics` and `--reminders FILE.yaml` through the command line: the wearer's own
day joins the scene's (play, eval) or today's (the live demo); a bad file is one line and exit 2."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from local_time import london  # noqa: F401  (autouse: local time is London's)

from glassterm.cli import main
from glassterm.events import MODES, CalendarKnown, ReminderSet, Reply, Said
from glassterm.live import live_session
from glassterm.scene.wearer import Wearer

SCENE = """\
version: 1
scene: Dentist morning
date: 2026-11-24
start: "09:00"
end: "11:00"
timeline:
  - at: "09:05"
    location: Home, kitchen
  - at: "09:20"
    say: hey glass, when is my dentist appointment?
  - at: "09:25"
    say: hey glass, when is my guitar lesson?
  - at: "10:45"
    location: Smile Clinic
"""

# The dentist is written in New York's time (05:15 there is 10:15 in London in November); the
# guitar lesson is a weekly event that began a month before the scene's day.
CALENDAR = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//glassterm tests//EN
BEGIN:VEVENT
UID:dentist@test
SUMMARY:Dentist check-up
LOCATION:Smile Clinic
DTSTART;TZID=America/New_York:20261124T051500
DTEND;TZID=America/New_York:20261124T054500
END:VEVENT
BEGIN:VEVENT
UID:guitar@test
SUMMARY:Guitar lesson
DTSTART:20261027T104000
DURATION:PT45M
RRULE:FREQ=WEEKLY
EXDATE:20261117T104000
END:VEVENT
END:VCALENDAR
"""

REMINDERS = """\
- text: Take the allergy pill
  at: "09:40"
"""


def files(tmp_path: Path, calendar: str = CALENDAR, reminders: str = REMINDERS) -> tuple[Path, Path, Path]:
    scene, ics, todo = tmp_path / "scene.yaml", tmp_path / "mine.ics", tmp_path / "reminders.yaml"
    scene.write_text(SCENE, encoding="utf-8")
    ics.write_text(calendar, encoding="utf-8")
    todo.write_text(reminders, encoding="utf-8")
    return scene, ics, todo


def test_play_shows_imported_events_and_answers_about_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scene, ics, todo = files(tmp_path)
    report = tmp_path / "report.json"
    argv = ["play", str(scene), "--headless", "--llm", "none", "--calendar", str(ics), "--reminders", str(todo)]
    assert main([*argv, "--report", str(report)]) == 0
    modes = json.loads(report.read_text())["scenes"][0]["modes"]

    cards = [(card["at"], card["title"]) for card in modes["proactive"]["cards"]]
    assert ("10:05:00", "Dentist check-up, 10:15") in cards  # ten minutes ahead, in local time
    assert ("10:30:00", "Guitar lesson, 10:40") in cards  # the weekly event, expanded to this Tuesday
    assert ("09:40:00", "Take the allergy pill") in cards  # the standing reminder
    for mode in MODES:
        replies = {reply["at"]: reply["text"] for reply in modes[mode]["replies"]}
        assert "Dentist check-up at 10:15-10:45 in Smile Clinic" in replies["09:20:00"], mode
        assert "Guitar lesson at 10:40-11:25" in replies["09:25:00"], mode
    assert capsys.readouterr().err == ""


def test_without_the_flags_the_scene_knows_none_of_it(tmp_path: Path) -> None:
    scene, _, _ = files(tmp_path)
    report = tmp_path / "report.json"
    assert main(["play", str(scene), "--headless", "--llm", "none", "--report", str(report)]) == 0
    modes = json.loads(report.read_text())["scenes"][0]["modes"]
    assert modes["proactive"]["cards"] == []
    assert "Dentist" not in json.dumps(modes)


def test_eval_joins_the_calendar_to_each_scene_s_own_date(tmp_path: Path) -> None:
    scene, ics, _ = files(tmp_path)
    week_later = tmp_path / "next-week.yaml"
    week_later.write_text(SCENE.replace("2026-11-24", "2026-12-01"), encoding="utf-8")
    report = tmp_path / "eval.json"
    assert (
        main(["eval", str(scene), str(week_later), "--llm", "none", "--calendar", str(ics), "--json", str(report)]) == 0
    )
    by_date = {}
    for entry in json.loads(report.read_text())["scenes"]:
        by_date[entry["file"]] = [card["title"] for card in entry["modes"]["proactive"]["cards"]]
    assert by_date[str(scene)] == ["Dentist check-up, 10:15", "Guitar lesson, 10:40"]
    assert by_date[str(week_later)] == ["Guitar lesson, 10:40"]  # the dentist is on the 24th only


NOT_ICS = "this is a shopping list\n"
NO_START = CALENDAR.replace("DTSTART;TZID=America/New_York:20261124T051500\n", "")


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("not iCalendar", NOT_ICS, ":1: "),
        ("no DTSTART", NO_START, ":4: "),
        ("missing", None, ": "),
        ("directory", "", ": "),
    ],
)
@pytest.mark.parametrize("command", ["play", "eval", "live"])
def test_a_bad_calendar_is_one_line_naming_the_file_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str | None, where: str, command: str
) -> None:
    scene, ics, _ = files(tmp_path)
    if text is None:
        ics.unlink()
    elif name == "directory":
        ics.unlink()
        ics.mkdir()
    else:
        ics.write_text(text, encoding="utf-8")
    argv = {
        "play": ["play", str(scene), "--headless", "--calendar", str(ics)],
        "eval": ["eval", str(scene), "--calendar", str(ics)],
        "live": ["--calendar", str(ics), "--keyboard"],  # fails before the HUD would open
    }[command]
    assert main([*argv, "--llm", "none"]) == 2
    out, err = capsys.readouterr()
    assert out == ""  # nothing played, nothing half-done
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"glassterm: {ics}{where}")


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('- text: Take the allergy pill\n  at: "9h40"\n', ":2: reminders[0].at: "),
        ("- text: Take the allergy pill\n  every: day\n", ":2: reminders[0].every: unknown key"),
        ("text: Take the allergy pill\n", ":1: reminders: must be a list"),
        ("- text: [unclosed\n", ":2: not valid YAML"),
    ],
)
def test_a_bad_reminders_file_is_one_line_naming_file_line_and_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, where: str
) -> None:
    scene, _, todo = files(tmp_path, reminders=text)
    assert main(["play", str(scene), "--headless", "--llm", "none", "--reminders", str(todo)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith(f"glassterm: {todo}{where}")
    assert main(["eval", str(scene), "--llm", "none", "--reminders", str(tmp_path / "none.yaml")]) == 2
    assert "none.yaml: reminders file does not exist" in capsys.readouterr().err


def test_the_live_demo_knows_today_s_events_and_answers_about_them(tmp_path: Path, setup_templates) -> None:  # type: ignore[no-untyped-def]
    today = dt.date.today()
    ics = tmp_path / "mine.ics"
    ics.write_text(
        CALENDAR.replace("20261124T0515", f"{today:%Y%m%d}T0515").replace("20261124T0545", f"{today:%Y%m%d}T0545"),
        encoding="utf-8",
    )
    todo = tmp_path / "reminders.yaml"
    todo.write_text(REMINDERS, encoding="utf-8")
    start = 8 * 3600.0
    session = live_session(
        MODES, setup_templates.phraser(), setup_templates.policy, start=start, wearer=Wearer.load(ics, todo)
    )
    known = [e.entry.title for e in session.events if isinstance(e, CalendarKnown)]
    assert "Dentist check-up" in known
    assert [e.reminder.text for e in session.events if isinstance(e, ReminderSet)] == ["Take the allergy pill"]
    session.run()  # what the glasses know at the start
    session.deliver(Said(at=start, text="hey glass, when is my dentist appointment?"))
    for run in session.runs.values():
        (reply,) = [o for o in run.outputs if isinstance(o, Reply)]
        assert "Dentist check-up at 10:15-10:45 in Smile Clinic" in reply.text
