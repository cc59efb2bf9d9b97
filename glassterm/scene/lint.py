"""`glassterm lint`: the loader's errors, and warnings about scenes that load but mislead.

Each finding is one line naming the file, the line and the key. Errors exit 2, warnings 0.
The warnings (SCENES.md, "Lint") catch what authors got wrong while the loader was content.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml

from glassterm.assistant.base import PUSH_TO_TALK_SECONDS
from glassterm.assistant.policy import Policy
from glassterm.assistant.reminders import place_matches
from glassterm.assistant.wake import split_wake_word
from glassterm.clock import format_hhmm
from glassterm.errors import EXIT_BAD_INPUT, EXIT_OK, UserError
from glassterm.scene.loader import load_scene, scene_files
from glassterm.scene.mentions import mentions
from glassterm.scene.model import Expectation, Scene, TimelineEntry


@dataclass(frozen=True, slots=True)
class Finding:
    file: Path
    line: int | None
    key: str | None
    message: str
    severity: Literal["error", "warning"]

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else str(self.file)
        key = f"{self.key}: " if self.key else ""
        return f"{where}: {self.severity}: {key}{self.message}"


def key_lines(text: str) -> dict[str, int]:
    """Each key path the loader names ("expect[2].mentions_any[0]") to its line in the file."""
    lines: dict[str, int] = {}

    def walk(node: yaml.Node, path: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                child = f"{path}.{key_node.value}" if path else str(key_node.value)
                lines[child] = key_node.start_mark.line + 1
                walk(value_node, child)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                lines[f"{path}[{index}]"] = item.start_mark.line + 1
                walk(item, f"{path}[{index}]")

    root = yaml.compose(text, Loader=yaml.SafeLoader)  # the loader has already accepted it
    if root is not None:
        walk(root, "")
    return lines


@dataclass(frozen=True, slots=True)
class SceneWarning:
    key: str
    message: str
    # An absence that may be meant (a calendar entry after the scene, a place never visited)
    # is excused by a YAML comment on this entry; the assistants never see comments.
    excused_by_comment_on: str | None = None


def lint_file(path: Path) -> list[Finding]:
    try:
        scene = load_scene(path)
    except UserError as error:
        return [Finding(path, error.line, error.key, error.reason, "error")]
    text = path.read_text(encoding="utf-8")
    lines = key_lines(text)
    found = [
        Finding(path, lines.get(warning.key), warning.key, warning.message, "warning")
        for warning in warnings(scene)
        if not (warning.excused_by_comment_on and _commented(text, lines, warning.excused_by_comment_on))
    ]
    return sorted(found, key=lambda finding: finding.line or 0)


_COMMENT = re.compile(r"(?:^|\s)#")


def _commented(text: str, lines: dict[str, int], entry: str) -> bool:
    """Does a comment sit on one of the lines of `entry` (say "calendar[0]")?"""
    first = lines[entry]
    last = max(line for key, line in lines.items() if key == entry or key.startswith(entry + "."))
    return any(_COMMENT.search(line) for line in text.splitlines()[first - 1 : last])


def warnings(scene: Scene) -> Iterator[SceneWarning]:
    """Each thing in a loadable scene that is probably not what its author meant."""
    yield from _substring_mentions(scene)
    yield from _replies_without_speech(scene)
    yield from _early_card_windows(scene)
    yield from _quiet_overlaps(scene)
    yield from _unseen_places(scene)
    yield from _calendar_outside(scene)


# A time or code around a mention: letters and digits, joined by . : , or - between them.
_JOINED = re.compile(r"[^\W_](?:[^\W_]|[.:,\-](?=[^\W_]))*")


def _scene_texts(scene: Scene) -> Iterator[tuple[str, str]]:
    for index, entry in enumerate(scene.timeline):
        note = entry.notification
        for name, text in (
            ("location", entry.location),
            ("see", entry.see),
            ("hear", entry.hear),
            ("say", entry.say),
            ("notification.text", note.text if note else None),
        ):
            if text:
                yield f"timeline[{index}].{name}", text
    for index, calendar in enumerate(scene.calendar):
        times = " ".join(format_hhmm(at) for at in (calendar.at, calendar.until) if at is not None)
        for name, text in (
            ("at", times),
            ("title", calendar.title),
            ("where", calendar.where),
            ("notes", calendar.notes),
        ):
            if text:
                yield f"calendar[{index}].{name}", text
    for index, reminder in enumerate(scene.reminders):
        for name, text in (
            ("text", reminder.text),
            ("at", format_hhmm(reminder.at) if reminder.at is not None else None),
        ):
            if text:
                yield f"reminders[{index}].{name}", text


def _substring_mentions(scene: Scene) -> Iterator[SceneWarning]:
    """ "5:00" where the scene says "15:00", "B5" where it says "B52": the mention never matches it."""
    texts = list(_scene_texts(scene))
    for e_index, expectation in enumerate(scene.expectations):
        listed = {word.lower() for word in expectation.mentions_any}
        for m_index, mention in enumerate(expectation.mentions_any):
            found = _longer_time_or_code(mention, texts, listed)
            if found:
                longer, where = found
                yield SceneWarning(
                    f"expect[{e_index}].mentions_any[{m_index}]",
                    f"{mention!r} is only part of {longer!r} ({where}); it matches whole times and codes, "
                    f"so list {longer!r} if that is meant",
                )


def _longer_time_or_code(mention: str, texts: list[tuple[str, str]], listed: set[str]) -> tuple[str, str] | None:
    for where, text in texts:
        for token in _JOINED.finditer(text):
            word = token.group()
            if (
                mention.lower() in word.lower()
                and word.lower() not in listed
                and any(ch.isdigit() for ch in word)
                and not mentions(word, mention)
            ):
                return word, where
    return None


def _addressed(scene: Scene, index: int) -> bool:
    entry = scene.timeline[index]
    if entry.say is None:
        return False
    if entry.press == "talk" or split_wake_word(entry.say, scene.wake_word) is not None:
        return True
    earlier = scene.timeline[:index]
    return any(e.press == "talk" and 0 <= entry.at - e.at <= PUSH_TO_TALK_SECONDS for e in earlier)


def _replies_without_speech(scene: Scene) -> Iterator[SceneWarning]:
    addressed = [entry for index, entry in enumerate(scene.timeline) if _addressed(scene, index)]
    for index, expectation in enumerate(scene.expectations):
        if expectation.kind == "reply" and not any(expectation.start <= e.at <= expectation.end for e in addressed):
            yield SceneWarning(
                f"expect[{index}].between",
                f"reply window {_window(expectation)} holds no addressed `say` (wake word or `press: talk`)",
            )


def _earliest_trigger(scene: Scene) -> tuple[int, str]:
    """The first moment a card could have a cause: an entry, a timed reminder, or a calendar lead."""
    lead = int(Policy().calendar_lead_min * 60)
    first: TimelineEntry = scene.timeline[0]
    causes = [(first.at, f"the first timeline entry at {format_hhmm(first.at)}")]
    causes += [(r.at, f"the reminder at {format_hhmm(r.at)}") for r in scene.reminders if r.at is not None]
    causes += [(c.at - lead, f"{lead // 60} minutes before {c.title!r} at {format_hhmm(c.at)}") for c in scene.calendar]
    at, why = min(causes)
    return max(at, scene.start), why


def _early_card_windows(scene: Scene) -> Iterator[SceneWarning]:
    earliest, why = _earliest_trigger(scene)
    for index, expectation in enumerate(scene.expectations):
        if expectation.kind == "card" and expectation.start < earliest:
            yield SceneWarning(
                f"expect[{index}].between",
                f"card window opens at {format_hhmm(expectation.start)}, before anything could trigger a card "
                f"({why}); lateness counts from the window's start",
            )


def _share_a_mode(a: Expectation, b: Expectation) -> bool:
    return "both" in (a.mode, b.mode) or a.mode == b.mode


def _quiet_overlaps(scene: Scene) -> Iterator[SceneWarning]:
    for index, quiet in enumerate(scene.expectations):
        if quiet.kind != "quiet":
            continue
        for other in scene.expectations:
            if (
                other.kind != "quiet"
                and _share_a_mode(quiet, other)
                and quiet.start <= other.end
                and other.start <= quiet.end
            ):
                yield SceneWarning(
                    f"expect[{index}].between",
                    f"quiet window {_window(quiet)} overlaps the {other.kind} window of {other.id!r} "
                    f"({_window(other)}): a hit there is also a false alarm",
                )


def _unseen_places(scene: Scene) -> Iterator[SceneWarning]:
    places = [text for entry in scene.timeline for text in (entry.location, entry.see) if text]
    for index, reminder in enumerate(scene.reminders):
        if reminder.near and not any(place_matches(reminder.near, text) for text in places):
            yield SceneWarning(
                f"reminders[{index}].near",
                f"no location or `see` in the timeline matches {reminder.near!r}, so this reminder never fires; "
                "if that is meant, say so in a comment on the reminder",
                f"reminders[{index}]",
            )


def _calendar_outside(scene: Scene) -> Iterator[SceneWarning]:
    for index, entry in enumerate(scene.calendar):
        ends = entry.until if entry.until is not None else entry.at
        if ends < scene.start or entry.at > scene.end:
            yield SceneWarning(
                f"calendar[{index}].at",
                f"{entry.title!r} ({format_hhmm(entry.at)}) lies outside the scene "
                f"({format_hhmm(scene.start)}-{format_hhmm(scene.end)}); if that is meant, say so in a comment on it",
                f"calendar[{index}]",
            )


def _window(expectation: Expectation) -> str:
    return f"{format_hhmm(expectation.start)}-{format_hhmm(expectation.end)}"


def lint_command(paths: Sequence[str | Path]) -> int:
    """Print each finding on its own line; exit 2 if any is an error, else 0."""
    files = scene_files(paths)
    findings = [finding for path in files for finding in lint_file(path)]
    for finding in findings:
        print(finding)
    errors = sum(finding.severity == "error" for finding in findings)
    print(
        f"lint: {len(files)} scene(s), {errors} error(s), {len(findings) - errors} warning(s)",
        file=sys.stderr,
    )
    return EXIT_BAD_INPUT if errors else EXIT_OK
