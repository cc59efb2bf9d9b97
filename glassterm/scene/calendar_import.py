"""The wearer's own calendar: an iCalendar (.ics) file, read by `icalendar` and expanded by
`recurring-ical-events`, as the loader's records of one day.

Times are converted to the machine's local time zone (the system's, or `TZ`): the scene's
clock and the live demo's are local time of day. Floating times (no zone) are taken as local.
A timed event belongs to the day it starts on; an event still going at midnight keeps no
`until`, since an entry's times are of its own day. An all-day event has no time of day to
put in a CalendarEntry: it joins the day as a reminder with neither time nor place ("Mum's
birthday, all day"), so the assistants can answer about it all day, the proactive lens raises
no card at a time the event does not have, and "when is my next meeting?" still finds the
next timed one rather than a birthday at 00:00. Cancelled events are left out.

The file is untrusted: its text goes through the loader's `clean_text`, and every problem is a
UserError naming the file and, where it can be found, the line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import icalendar
import recurring_ical_events

from glassterm.errors import UserError, read_text
from glassterm.events import CalendarEntry, Reminder
from glassterm.scene.loader import clean_text

ALL_DAY = "all day"
UNTITLED = "Untitled event"  # SUMMARY is optional in iCalendar; a CalendarEntry needs a title
# Properties whose value decides when an event happens: one that does not parse is an error,
# not a silently missing or misplaced event.
_TIMING = ("DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID")
# A zone is at most 14 hours from UTC: one day either side of the wanted one finds every event
# that could start on it in local time, whatever zone the file wrote it in.
_MARGIN = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class CalendarDay:
    """One day of a calendar file, as the records a scene declares."""

    entries: tuple[CalendarEntry, ...] = ()  # timed events, local time, soonest first
    reminders: tuple[Reminder, ...] = ()  # its all-day events, as reminders with neither time nor place


@dataclass(frozen=True, slots=True)
class IcsCalendar:
    """A parsed and checked .ics file; `on` expands it for one day."""

    path: Path
    calendars: tuple[icalendar.Calendar, ...]

    @classmethod
    def load(cls, path: str | Path) -> IcsCalendar:
        path = Path(path)
        text = read_text(path, "calendar file")
        lines = text.splitlines()
        try:
            found = icalendar.Calendar.from_ical(text, multiple=True)
        except ValueError as error:
            reason = str(error).splitlines()[0]
            raise UserError(f"not iCalendar: {reason}", file=path, line=_line_of(lines, reason)) from None
        calendars = tuple(c for c in found if c.name == "VCALENDAR")
        if not calendars or len(calendars) != len(found):
            raise UserError("not iCalendar: no BEGIN:VCALENDAR ... END:VCALENDAR", file=path, line=1)
        _check_events(path, lines, calendars)
        return cls(path, calendars)

    def on(self, day: dt.date) -> CalendarDay:
        """The events of `day` in local time: RRULE, RDATE and EXDATE expanded, moved instances moved."""
        entries: set[CalendarEntry] = set()  # a set: an occurrence found twice is one entry
        all_day: set[Reminder] = set()
        for calendar in self.calendars:
            try:
                occurrences = recurring_ical_events.of(calendar).between(day - _MARGIN, day + 2 * _MARGIN)
            except (ValueError, KeyError, recurring_ical_events.InvalidCalendar) as error:
                raise UserError(f"cannot expand its events: {error}", file=self.path) from None
            for event in occurrences:
                found = _record(event, day)
                if isinstance(found, CalendarEntry):
                    entries.add(found)
                elif found is not None:
                    all_day.add(found)
        return CalendarDay(
            entries=tuple(sorted(entries, key=lambda e: (e.at, e.title))),
            reminders=tuple(sorted(all_day, key=lambda r: r.text)),
        )


def _check_events(path: Path, lines: list[str], calendars: tuple[icalendar.Calendar, ...]) -> None:
    """Every event has a start, and its timing and text properties parsed (icalendar is lenient
    and keeps going past a bad line; the wearer should hear about it instead)."""
    begins = [number for number, line in enumerate(lines, start=1) if line.strip().upper() == "BEGIN:VEVENT"]
    events = [event for calendar in calendars for event in calendar.walk("VEVENT")]
    for index, event in enumerate(events):
        begin = begins[index] if index < len(begins) else None
        summary = _text(event, "SUMMARY") or None
        key = f"VEVENT {summary!r}" if summary else "VEVENT"
        if "DTSTART" not in event:
            raise UserError("event has no start (DTSTART)", file=path, line=begin, key=key)
        for name, reason in event.errors:
            if name is None or name in _TIMING or name in ("SUMMARY", "LOCATION", "DESCRIPTION"):
                line = _property_line(lines, begin, name) if name else _line_of(lines, reason)
                raise UserError(f"{name or 'line'} does not parse: {reason}", file=path, line=line, key=key)


def _record(event: icalendar.Event, day: dt.date) -> CalendarEntry | Reminder | None:
    """The event as a record of `day`, or None when it is not on that day or is cancelled."""
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return None
    title = _text(event, "SUMMARY") or UNTITLED
    where = _text(event, "LOCATION") or None
    notes = _text(event, "DESCRIPTION") or None
    start, end = event.start, event.end
    if not isinstance(start, dt.datetime):  # a DATE: all day, DTEND exclusive (RFC 5545 3.6.1)
        last = end if isinstance(end, dt.date) and end > start else start + dt.timedelta(days=1)
        if not start <= day < last:
            return None
        text = ", ".join(part for part in (title, ALL_DAY, where) if part)
        return Reminder(text=f"{text}: {notes}" if notes else text)
    start = _local(start)
    if start.date() != day:
        return None
    at = _seconds(start)
    until = None
    if isinstance(end, dt.datetime):
        local_end = _local(end)
        if local_end.date() == day and _seconds(local_end) > at:
            until = _seconds(local_end)
    return CalendarEntry(at=at, until=until, title=title, where=where, notes=notes)


def _text(event: icalendar.Component, name: str) -> str:
    """A text property cleaned as the loader cleans a scene's, on one line (a DESCRIPTION's
    line breaks would break the lens's lines)."""
    return " ".join(clean_text(str(event.get(name, ""))).split())


def _local(moment: dt.datetime) -> dt.datetime:
    """A zoned time in the system's local zone (DST of that very day); a floating one as it is."""
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo is not None else moment


def _seconds(moment: dt.datetime) -> int:
    return moment.hour * 3600 + moment.minute * 60 + moment.second


def _line_of(lines: list[str], reason: str) -> int | None:
    """The line the parser's message quotes ("... parts: 'hello world': ..."), if it quotes one."""
    for quoted in re.findall(r"'([^']+)'", reason):
        for number, line in enumerate(lines, start=1):
            if line.strip() == quoted.strip():
                return number
    return None


def _property_line(lines: list[str], begin: int | None, name: str) -> int | None:
    """The line of property `name` within the event that starts at line `begin`."""
    if begin is None:
        return None
    for number in range(begin, len(lines)):
        line = lines[number].upper()
        if line.startswith("END:VEVENT"):
            break
        if re.match(rf"{re.escape(name)}[;:]", line):
            return number + 1
    return begin
