"""Scene format v1 as data: which keys each mapping takes, which are required, what values they hold.

The loader checks keys against these tables and `glassterm schema` turns the same tables
into a JSON Schema, so the two cannot drift apart. What one table cannot say (times in
order, windows inside the scene, unique ids) the loader checks in code, and the schema
leaves out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

VERSION = 1
Scalar = Literal["text", "time", "date", "version"]


@dataclass(frozen=True, slots=True)
class Choice:
    options: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ListOf:
    item: Value
    min_items: int = 0
    exact_items: int | None = None
    nullable: bool = True  # `calendar:` with nothing after it is an empty list


@dataclass(frozen=True, slots=True)
class Key:
    name: str
    value: Value
    required: bool = False
    doc: str = ""


@dataclass(frozen=True, slots=True)
class RequiredWhen:
    """`then` is required (and not empty) when `key` is one of `values`."""

    key: str
    values: tuple[str, ...]
    then: str


@dataclass(frozen=True, slots=True)
class Table:
    keys: tuple[Key, ...]
    doc: str = ""
    at_least_one_of: tuple[str, ...] = ()
    required_when: tuple[RequiredWhen, ...] = ()

    def allowed(self) -> dict[str, bool]:
        """Each key to whether it is required: what the loader's mapping check takes."""
        return {key.name: key.required for key in self.keys}


Value = Scalar | Choice | ListOf | Table

MODES = Choice(("proactive", "manual", "both"))
KINDS = Choice(("card", "reply", "quiet"))
BUTTONS = Choice(("talk",))

USER = Table(
    (
        Key("name", "text", doc="the wearer's name"),
        Key("wake_word", "text", doc='what addresses the manual assistant; default "hey glass"'),
    ),
    doc="who wears the glasses",
)
CALENDAR_ENTRY = Table(
    (
        Key("at", "time", True, "start time"),
        Key("until", "time", doc="end time, after `at`"),
        Key("title", "text", True),
        Key("where", "text"),
        Key("notes", "text"),
    ),
    doc="an entry the calendar app knows before the scene starts",
)
REMINDER = Table(
    (
        Key("text", "text", True),
        Key("near", "text", doc="fire when a location or a seen thing matches this place"),
        Key("at", "time", doc="fire at this time (the clock ticks every minute)"),
    ),
    doc="a standing reminder the wearer set earlier",
)
NOTIFICATION = Table(
    (
        Key("app", "text", doc='the app it comes from; default "Notification"'),
        Key("from", "text", doc="the sender, if any"),
        Key("text", "text", True),
    ),
    doc="a phone notification",
)
_ENTRY_AT = Key("at", "time", True, "when it happens; entries are in time order, equal times in file order")
_ENTRY_SENSES = (
    Key("location", "text", doc="where the wearer now is"),
    Key("see", "text", doc="what the camera sees"),
    Key("hear", "text", doc="ambient speech, never addressed to the assistant"),
    Key("say", "text", doc="the wearer speaks; addressed with the wake word or `press: talk`"),
    Key("press", BUTTONS, doc="the push-to-talk button"),
    Key("notification", NOTIFICATION),
)
TIMELINE_KEYS = tuple(key.name for key in _ENTRY_SENSES)  # an entry needs one of these besides `at`
TIMELINE_ENTRY = Table(
    (_ENTRY_AT, *_ENTRY_SENSES),
    doc="what happens at one moment",
    at_least_one_of=TIMELINE_KEYS,
)
EXPECTATION = Table(
    (
        Key("id", "text", True, "unique within the scene"),
        Key("mode", MODES, True),
        Key("kind", KINDS, True, "card: surfaced on its own; reply: answer to a `say`; quiet: nothing shown"),
        Key("between", ListOf("time", exact_items=2, nullable=False), True, "inclusive window [from, to]"),
        Key(
            "mentions_any",
            ListOf("text", nullable=False),
            doc="whole words, numbers or times, any case; one must appear in the card or reply",
        ),
    ),
    doc="what a good assistant does; used by `glassterm eval`",
    required_when=(RequiredWhen("kind", ("card", "reply"), "mentions_any"),),
)
SCENE = Table(
    (
        Key("version", "version", True, f"scene format version; this glassterm reads {VERSION}"),
        Key("scene", "text", True, "title"),
        Key("date", "date", True, "virtual date, ISO (YYYY-MM-DD)"),
        Key("start", "time", True, "virtual start time, HH:MM or HH:MM:SS (00:00 to 23:59:59)"),
        Key("end", "time", doc="after start; default: the last timeline entry + 5 minutes, at most 23:59:59"),
        Key("user", USER),
        Key("calendar", ListOf(CALENDAR_ENTRY)),
        Key("reminders", ListOf(REMINDER)),
        Key("timeline", ListOf(TIMELINE_ENTRY, min_items=1, nullable=False), True),
        Key("expect", ListOf(EXPECTATION)),
    ),
    doc="A glassterm scene, format v1 (docs/SCENES.md)",
)
