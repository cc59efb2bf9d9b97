"""Scene format v1 loader.

YAML is composed to nodes, not constructed to Python values, so every error can name the
line, and scalars are read as the text the author wrote: `start: 07:45` stays a time
instead of YAML 1.1's base-60 integer 465. Unknown keys are errors: typos must not pass.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from itertools import pairwise
from pathlib import Path
from typing import TypeVar

import yaml

from glassterm.assistant.text import strip_control
from glassterm.clock import format_hhmmss as _hhmmss
from glassterm.clock import parse_hhmm
from glassterm.errors import UserError, read_text
from glassterm.events import DEFAULT_WAKE_WORD, CalendarEntry, Reminder
from glassterm.scene import format as spec
from glassterm.scene.model import (
    Expectation,
    Scene,
    SceneNotification,
    TimelineEntry,
)

SUPPORTED_VERSION = spec.VERSION
END_MARGIN_SECONDS = 5 * 60
HALF_DAY = 12 * 3600
# A scene is one day of its `date`: times are 00:00 to 23:59:59 (SCENES.md, "Time").
MIDNIGHT = "a scene ends by 23:59:59; continue after midnight in a second scene dated the next day"
TIMELINE_KEYS = spec.TIMELINE_KEYS
T = TypeVar("T")


class _Doc:
    """Helpers bound to one file, so every error names it."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, node: yaml.Node | None, key: str | None, message: str) -> UserError:
        line = node.start_mark.line + 1 if node is not None else None
        return UserError(message, file=self.path, line=line, key=key)

    def mapping(self, node: yaml.Node, key: str, allowed: dict[str, bool]) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """Keys to (key node, value node). `allowed` maps each key to whether it is required."""
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, key, f"must be a mapping of keys to values, not {_kind(node)}")
        found: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node, key, "keys must be plain words")
            name = key_node.value
            path = f"{key}.{name}" if key else name
            if name not in allowed:
                known = ", ".join(allowed)
                raise self.fail(key_node, path, f"unknown key (known here: {known})")
            if name in found:
                raise self.fail(key_node, path, "key given twice")
            found[name] = (key_node, value_node)
        for name, required in allowed.items():
            if required and name not in found:
                path = f"{key}.{name}" if key else name
                raise self.fail(node, path, "required key is missing")
        return found

    def text(self, node: yaml.Node, key: str, *, allow_empty: bool = False) -> str:
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(node, key, f"must be text, not {_kind(node)}")
        value = clean_text(str(node.value))
        if not value and not allow_empty:
            raise self.fail(node, key, "must not be empty")
        return value

    def time(self, node: yaml.Node, key: str) -> int:
        raw = self.text(node, key)
        try:
            return parse_hhmm(raw)
        except ValueError as error:
            hours = raw.split(":")[0]
            past_midnight = hours.isdigit() and 24 <= int(hours) <= 47  # "25:30" for 01:30 the next day
            raise self.fail(node, key, f"{error}; {MIDNIGHT}" if past_midnight else str(error)) from None

    def sequence(self, node: yaml.Node, key: str) -> list[yaml.Node]:
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
            return []
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, key, f"must be a list, not {_kind(node)}")
        return list(node.value)

    def optional(
        self, fields: dict[str, tuple[yaml.Node, yaml.Node]], name: str, read: Callable[[yaml.Node, str], T], key: str
    ) -> T | None:
        if name not in fields:
            return None
        return read(fields[name][1], f"{key}.{name}" if key else name)


def clean_text(raw: str) -> str:
    """Untrusted text from a file, as the assistants may hold it: no control characters, stripped.

    Control characters (a terminal escape in a sign's text) never leave the loader; the
    calendar import cleans SUMMARY, LOCATION and DESCRIPTION with this too.
    """
    return strip_control(raw).strip()


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == "tag:yaml.org,2002:null" and not node.value:
        return "empty"
    return f"{node.value!r}"


def load_scene(path: str | Path) -> Scene:
    """Load and check a scene file. Raises UserError naming file, line and key."""
    path = Path(path)
    fix = " (eval takes directories; play takes one file)"
    return parse_scene(read_text(path, "scene file", directory_fix=fix), path)


def load_reminders(path: str | Path) -> tuple[Reminder, ...]:
    """The wearer's standing reminders (`--reminders`): a YAML list with the keys of a scene's
    `reminders`, checked by the same code. Raises UserError naming file, line and key."""
    path = Path(path)
    doc = _Doc(path)
    root = _compose(read_text(path, "reminders file"), path)
    if root is None:
        return ()  # an empty file: no standing reminders
    return tuple(_reminder(doc, node, f"reminders[{i}]") for i, node in enumerate(doc.sequence(root, "reminders")))


def scene_files(paths: Sequence[str | Path]) -> list[Path]:
    """Scene files, and the *.yaml and *.yml files of directories (sorted), in the order given."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise UserError("does not exist: give scene files or a directory of them", file=path)
        if path.is_dir():
            found = sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml"))
            if not found:
                raise UserError("holds no scene files (*.yaml)", file=path)
            files += found
        else:
            files.append(path)
    return files


def _compose(text: str, path: Path) -> yaml.Node | None:
    """YAML text to its node tree (None when empty), or a UserError naming the file and line."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = error.problem or error.context or "syntax error"
        raise UserError(f"not valid YAML: {problem}", file=path, line=line) from None
    except yaml.YAMLError as error:
        raise UserError(f"not valid YAML: {error}".splitlines()[0], file=path) from None
    except RecursionError:
        raise UserError("not valid YAML: nested too deeply", file=path) from None


def parse_scene(text: str, path: Path) -> Scene:
    doc = _Doc(path)
    root = _compose(text, path)
    if root is None:
        raise UserError("is empty; a scene needs at least version, scene, date, start and timeline", file=path)
    fields = doc.mapping(root, "", spec.SCENE.allowed())
    version_node = fields["version"][1]
    if doc.text(version_node, "version") != str(SUPPORTED_VERSION):
        raise doc.fail(
            version_node,
            "version",
            f"unsupported version {version_node.value!r}; this glassterm reads version {SUPPORTED_VERSION}",
        )
    title = doc.text(fields["scene"][1], "scene")
    date_node = fields["date"][1]
    date = doc.text(date_node, "date")
    try:
        dt.date.fromisoformat(date)
    except ValueError:
        raise doc.fail(date_node, "date", f"{date!r} is not an ISO date (YYYY-MM-DD)") from None
    start = doc.time(fields["start"][1], "start")

    user_name, wake_word = None, DEFAULT_WAKE_WORD
    if "user" in fields:
        user = doc.mapping(fields["user"][1], "user", spec.USER.allowed())
        user_name = doc.optional(user, "name", doc.text, "user")
        wake_word = doc.optional(user, "wake_word", doc.text, "user") or DEFAULT_WAKE_WORD

    calendar = tuple(
        _calendar_entry(doc, node, f"calendar[{index}]")
        for index, node in enumerate(doc.sequence(fields["calendar"][1], "calendar") if "calendar" in fields else [])
    )
    reminders = tuple(
        _reminder(doc, node, f"reminders[{index}]")
        for index, node in enumerate(doc.sequence(fields["reminders"][1], "reminders") if "reminders" in fields else [])
    )
    timeline_node = fields["timeline"][1]
    timeline = tuple(
        _timeline_entry(doc, node, f"timeline[{index}]")
        for index, node in enumerate(doc.sequence(timeline_node, "timeline"))
    )
    if not timeline:
        raise doc.fail(timeline_node, "timeline", "must have at least one entry")
    for index, (previous, entry) in enumerate(pairwise(timeline), start=1):
        if entry.at < previous.at:
            wrapped = previous.at - entry.at > HALF_DAY  # 00:10 after 23:50: past midnight, not a typo
            fix = MIDNIGHT if wrapped else "keep the timeline in time order"
            raise UserError(
                f"goes back in time ({_hhmmss(entry.at)} after {_hhmmss(previous.at)}); {fix}",
                file=path,
                line=entry.line,
                key=f"timeline[{index}].at",
            )
    first = timeline[0]
    if first.at < start:
        raise UserError(
            f"{_hhmmss(first.at)} is before the scene starts ({_hhmmss(start)})",
            file=path,
            line=first.line,
            key="timeline[0].at",
        )

    if "end" in fields:
        end_node = fields["end"][1]
        end = doc.time(end_node, "end")
        if end <= start:
            fix = f"; {MIDNIGHT}" if start - end > HALF_DAY else ""
            raise doc.fail(end_node, "end", f"{_hhmmss(end)} is not after start {_hhmmss(start)}{fix}")
        last = timeline[-1]
        if last.at > end:
            # An event past the end would never fire: reject it rather than drop it silently.
            raise UserError(
                f"{_hhmmss(last.at)} is after the scene ends ({_hhmmss(end)})",
                file=path,
                line=last.line,
                key=f"timeline[{len(timeline) - 1}].at",
            )
    else:
        end = min(timeline[-1].at + END_MARGIN_SECONDS, 24 * 3600 - 1)

    expectations = tuple(
        _expectation(doc, node, f"expect[{index}]", start, end)
        for index, node in enumerate(doc.sequence(fields["expect"][1], "expect") if "expect" in fields else [])
    )
    seen_ids: dict[str, int] = {}
    for index, expectation in enumerate(expectations):
        if expectation.id in seen_ids:
            raise UserError(
                f"id {expectation.id!r} is used twice (first at line {seen_ids[expectation.id]})",
                file=path,
                line=expectation.line,
                key=f"expect[{index}].id",
            )
        seen_ids[expectation.id] = expectation.line

    return Scene(
        path=path,
        title=title,
        date=date,
        start=start,
        end=end,
        user_name=user_name,
        wake_word=wake_word,
        calendar=calendar,
        reminders=reminders,
        timeline=timeline,
        expectations=expectations,
    )


def _calendar_entry(doc: _Doc, node: yaml.Node, key: str) -> CalendarEntry:
    fields = doc.mapping(node, key, spec.CALENDAR_ENTRY.allowed())
    at = doc.time(fields["at"][1], f"{key}.at")
    until = doc.optional(fields, "until", doc.time, key)
    if until is not None and until <= at:
        fix = f"; {MIDNIGHT}" if at - until > HALF_DAY else ""
        raise doc.fail(fields["until"][1], f"{key}.until", f"{_hhmmss(until)} is not after {_hhmmss(at)}{fix}")
    return CalendarEntry(
        at=at,
        until=until,
        title=doc.text(fields["title"][1], f"{key}.title"),
        where=doc.optional(fields, "where", doc.text, key),
        notes=doc.optional(fields, "notes", doc.text, key),
    )


def _reminder(doc: _Doc, node: yaml.Node, key: str) -> Reminder:
    fields = doc.mapping(node, key, spec.REMINDER.allowed())
    return Reminder(
        text=doc.text(fields["text"][1], f"{key}.text"),
        near=doc.optional(fields, "near", doc.text, key),
        at=doc.optional(fields, "at", doc.time, key),
    )


def _timeline_entry(doc: _Doc, node: yaml.Node, key: str) -> TimelineEntry:
    fields = doc.mapping(node, key, spec.TIMELINE_ENTRY.allowed())
    needs_one = spec.TIMELINE_ENTRY.at_least_one_of
    if not any(name in fields for name in needs_one):
        raise doc.fail(node, key, f"needs at least one of {', '.join(needs_one)} besides at")
    press = None
    if "press" in fields:
        press_node = fields["press"][1]
        if doc.text(press_node, f"{key}.press") not in spec.BUTTONS.options:
            raise doc.fail(
                press_node, f"{key}.press", f"unknown button {press_node.value!r}; the only button is 'talk'"
            )
        press = "talk"
    notification = None
    if "notification" in fields:
        notification_key = f"{key}.notification"
        note = doc.mapping(fields["notification"][1], notification_key, spec.NOTIFICATION.allowed())
        notification = SceneNotification(
            app=doc.optional(note, "app", doc.text, notification_key) or "Notification",
            sender=doc.optional(note, "from", doc.text, notification_key),
            text=doc.text(note["text"][1], f"{notification_key}.text"),
        )
    return TimelineEntry(
        at=doc.time(fields["at"][1], f"{key}.at"),
        line=node.start_mark.line + 1,
        location=doc.optional(fields, "location", doc.text, key),
        see=doc.optional(fields, "see", doc.text, key),
        hear=doc.optional(fields, "hear", doc.text, key),
        say=doc.optional(fields, "say", doc.text, key),
        press=press,  # type: ignore[arg-type]
        notification=notification,
    )


def _expectation(doc: _Doc, node: yaml.Node, key: str, scene_start: int, scene_end: int) -> Expectation:
    fields = doc.mapping(node, key, spec.EXPECTATION.allowed())
    mode = _choice(doc, fields["mode"][1], f"{key}.mode", spec.MODES.options)
    kind = _choice(doc, fields["kind"][1], f"{key}.kind", spec.KINDS.options)
    between_node = fields["between"][1]
    window = doc.sequence(between_node, f"{key}.between")
    if len(window) != 2:
        raise doc.fail(between_node, f"{key}.between", "must be a list of two times: [from, to]")
    start = doc.time(window[0], f"{key}.between[0]")
    end = doc.time(window[1], f"{key}.between[1]")
    if end < start:
        raise doc.fail(
            between_node, f"{key}.between", f"window ends ({_hhmmss(end)}) before it starts ({_hhmmss(start)})"
        )
    if end < scene_start or start > scene_end:
        raise doc.fail(
            between_node,
            f"{key}.between",
            f"window {_hhmmss(start)}-{_hhmmss(end)} lies outside the scene ({_hhmmss(scene_start)}-{_hhmmss(scene_end)}) and could never match",
        )
    mentions: tuple[str, ...] = ()
    if "mentions_any" in fields:
        mentions_node = fields["mentions_any"][1]
        mentions = tuple(
            doc.text(item, f"{key}.mentions_any[{i}]")
            for i, item in enumerate(doc.sequence(mentions_node, f"{key}.mentions_any"))
        )
    if not mentions and any(kind in rule.values for rule in spec.EXPECTATION.required_when):
        raise doc.fail(node, f"{key}.mentions_any", f"a {kind} expectation needs at least one word to look for")
    return Expectation(
        id=doc.text(fields["id"][1], f"{key}.id"),
        mode=mode,  # type: ignore[arg-type]
        kind=kind,  # type: ignore[arg-type]
        start=start,
        end=end,
        mentions_any=mentions,
        line=node.start_mark.line + 1,
    )


def _choice(doc: _Doc, node: yaml.Node, key: str, choices: tuple[str, ...]) -> str:
    value = doc.text(node, key)
    if value not in choices:
        raise doc.fail(node, key, f"{value!r} is not one of {', '.join(choices)}")
    return value
