"""Cards a wearer reads at a glance: what changed on the first line, who or why on the second,
the whole source a page away.

Parsing extracts the change (a new time, gate, platform, room, or a cancellation) from the
update and the plan it is about; nothing here decides relevance, which triggers and the
plan matching do first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from glassterm.assistant.gist import headline, sentences_of
from glassterm.assistant.news import calls_off, moved_to
from glassterm.assistant.text import find_times
from glassterm.assistant.times import names_a_time
from glassterm.assistant.vocabulary import MONTHS, PLACE_KINDS, WEEKDAYS
from glassterm.clock import format_hhmm
from glassterm.events import CalendarEntry

SHORT_NAME_CHARS = 22  # leaves room on a 40-column line for "15:00 → 14:30"
LINE_CHARS = 40  # the narrowest shipped display's line (Even G1): what line 1 must hold
# A numbered place: "gate B52", "platform 4", "Room 3.02", "hall C". The kind is a word of
# exactness (what sort of place), not of meaning.
_PLACE = re.compile(
    rf"\b(?P<kind>{'|'.join(PLACE_KINDS)})"
    r"\s+(?P<value>[A-Z]{0,3}\.?\d+[A-Za-z]?(?:\.\d+)?|[A-Z]\b(?!\.\d))",
    re.IGNORECASE,
)
# "moved (from Bragg 2.07) to Bragg 3.15": a named place with a number, whatever its kind.
_NAMED_PLACE = r"[A-Z][\w'-]*\s+[A-Z]?\d+(?:\.\d+)?[A-Za-z]?"  # a name first: "to 12.40" is a time
_MOVED_TO = re.compile(rf"\bmoved\s+(?:from\s+(?P<old>{_NAMED_PLACE})\s+)?to\s+(?P<new>{_NAMED_PLACE})(?![\w:])")
_DATE_WORDS = frozenset([*WEEKDAYS, *MONTHS, *(month[:3] for month in MONTHS), "sept"])
# Where a plan's name ends: "Design review| with Anna", "School drop-off| - Ava and Leo" (a
# spaced dash; "drop-off" and "1:1" stay whole).
_NAME_CUT = re.compile(r"\s+(?:with|at|for|in|on|from|to|near|about)\s+|\s+[-–—]\s+|:\s+|\s*[(,]\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Change:
    """What an update changes about a plan."""

    what: str  # the plan, short: "Delivery", "Design review", "Flight LH 1172"
    kind: str  # "time", "cancelled", or a kind of place: "gate", "platform", "room", ...
    old: str | None
    new: str | None

    def facts(self) -> str:
        """The values the headline names, each with its kind ("gate D4 gate B12"), so a later
        remark that repeats them ("gate B12 is closed") is known to add nothing."""
        if self.kind in ("time", "cancelled"):
            return " ".join(value for value in (self.new, self.old) if value)
        return " ".join(f"{self.kind} {value}" for value in (self.new, self.old) if value)

    def headline(self) -> str:
        if self.kind == "cancelled":
            return f"{self.what} cancelled"
        if self.kind == "time":
            return f"{self.what} {self.old} → {self.new}" if self.old else f"{self.what} now {self.new}"
        if self.kind == "place":  # named as written: "Vega 2.08, not Orion 2.03"
            return f"{self.what}: {self.new}, not {self.old}" if self.old else f"{self.what}: now {self.new}"
        # "Screen 2, not 4": the new place whole (as people say and search for it), the old one after.
        place = self.kind.capitalize()
        if self.old:
            return f"{self.what}: {place} {self.new}, not {self.old}"
        return f"{self.what}: now {place} {self.new}"


def short_name(title: str) -> str:
    """A plan's name for a headline: "Design review with Anna" -> "Design review"."""
    name = _NAME_CUT.split(title.strip(), maxsplit=1)[0].strip() or title.strip()
    if len(name) <= SHORT_NAME_CHARS:
        return name
    cut = name[:SHORT_NAME_CHARS].rsplit(" ", 1)[0]
    return cut or name[:SHORT_NAME_CHARS]


def line_name(title: str, room: int) -> tuple[str, str]:
    """The plan's name for a first line with `room` characters, and the rest of the title
    (which then opens the body, so nothing of the title is lost from the first page)."""
    if len(title) <= room:
        return title, ""
    name = short_name(title)
    return name, title[len(name) :].strip(" -–—:,") if title.startswith(name) else title


def places(text: str) -> dict[str, str]:
    """Numbered places a text names, by kind: {"gate": "B52", "room": "3.02"} (the last of each kind)."""
    return {match.group("kind").lower(): match.group("value") for match in _PLACE.finditer(text)}


def place_change(update: str, known: str) -> tuple[str, str | None, str] | None:
    """(kind, old, new) for a numbered place the update gives a new value; old from `known`.
    A place of no known kind counts when the update says it moved there ("moved from Orion
    2.03 to Vega 2.08"): kind "place"."""
    before = places(known)
    # In the order said, the first place of a kind the plan did not have: "will depart from
    # pier 1. Pier 2 is closed" moves it to pier 1.
    for match in _PLACE.finditer(update):
        kind, value = match.group("kind").lower(), match.group("value")
        if before.get(kind, "").lower() != value.lower():
            return kind, before.get(kind), value
    moved = _MOVED_TO.search(update)
    if (
        moved
        and moved.group("new").split()[0].lower() not in _DATE_WORDS  # "moved to Tuesday 14" is a date
        and not names_a_time(moved.group("new"))
        and moved.group("new").lower() not in known.lower()
    ):
        return "place", moved.group("old"), moved.group("new")
    return None


def entry_change(
    entry: CalendarEntry, update: str, known: str, new_start: int, *, said: float | None = None
) -> Change | None:
    """What `update` changes about a calendar entry, if it names the change exactly.

    `new_start` is when the entry starts now (the context's reading of all its news); `said`
    is when the update came ("cancelled, come in twenty minutes instead" is a move).
    """
    what = short_name(entry.title)
    if calls_off(update) and moved_to(update, entry, said=said) is None:
        return Change(what, "cancelled", None, None)
    if new_start != entry.at:
        return Change(what, "time", format_hhmm(entry.at), format_hhmm(new_start))
    moved = place_change(update, known)
    if moved:
        return Change(what, *moved)
    return None


def change_sentence(text: str, change: Change) -> str:
    """The sentence of `text` that states the change ("today's 12:00 demo has been called off"),
    else its first sentence: the reason usually sits beside the change, not in a greeting."""
    sentences = sentences_of(text) or [text]
    for sentence in sentences:
        if change.kind == "cancelled" and calls_off(sentence):
            return sentence
        if change.new and (change.new.lower() in sentence.lower() or names_time(sentence, change.new)):
            return sentence
    return sentences[0]


def names_time(sentence: str, time: str) -> bool:
    """Does `sentence` name `time` ("16:45") however written, a 12-hour time counting for
    either half of the day ("can we do quarter to five instead?" names 16:45)?"""
    wanted = find_times(time)
    return bool(wanted) and wanted[0] in find_times(sentence, near=wanted[0])


def sender_label(who: str) -> str:
    """Who says so, for a card's second line: "Marcus Adeyemi (Outlook)" -> "Marcus Adeyemi".
    The app is how it came, not who; it stays on the detail page."""
    name = _APP_SUFFIX.sub("", who).strip()
    return name or who


_APP_SUFFIX = re.compile(r"\s*\([^()]*\)\s*$")


def who_and_why(
    who: str, said: str, known: str, *, change: Change | None = None, room: int = LINE_CHARS + LINE_CHARS // 2
) -> str:
    """What follows a card's first line: who says so, and the part of what they said that tells
    most beyond `known` (the plan and the first line): a new time, code or thing to do first
    ("Monday at 10 instead?", "A signature is required"); for a cancellation, else, their own
    words for it, where the reason usually is; else a change word or a new name. The whole
    message is a page away."""
    label = sender_label(who)
    room -= len(label) + 2
    options = [(said, known, 2)]
    if change is not None and change.kind == "cancelled":
        options.append((change_sentence(said, change), "", 1))
    options.append((said, known, 1))
    for text, against, least in options:
        more = headline(text, against, room, least=least, narrow=True)
        # Only a word of change beside the new value the first line already gives ("Budget
        # review moved to Birch 4.02" under "Budget review: now Birch 4.02") says it again.
        restated = least == 1 and change is not None and change.kind != "cancelled" and _says(more, change.new)
        if more and len(more) <= room and not restated:
            return f"{label}: {more}"
    return label


def _says(text: str, value: str | None) -> bool:
    return bool(value) and (str(value).lower() in text.lower() or names_time(text, str(value)))


def spoken_words(text: str, limit: int = 12) -> str:
    """At most `limit` words: what audio-only glasses say of a card."""
    words = text.split()
    return " ".join(words[:limit])


@dataclass(frozen=True, slots=True)
class Candidate:
    key: str  # de-duplication key
    source: str  # calendar, reminder, notification, announcement, sight, weather
    title: str
    template: str  # the grounded body: true by construction
    facts: list[str] = field(default_factory=list)
    urgent: bool = False
    about: str = ""  # the plan's key (calendar:..., reminder:...): facts shown about it are remembered
    detail: str = ""  # the whole source, a page away on the lens
    change: Change | None = None  # what the first line names, when it names a change
    reported: str = ""  # the news part of the source, whole (the card may show less of it)

    @property
    def text(self) -> str:
        """All the card says on its first page."""
        return f"{self.title}. {self.template}" if self.template else self.title

    @property
    def news(self) -> str:
        """The changed fact the first line must carry ("14:30", "B52"), when there is one."""
        return (self.change.new or "") if self.change else ""

    @property
    def news_text(self) -> str:
        """What the card tells about its plan: the body, the news of its source (a page away
        when the body is shorter), the changed fact and the values the headline names, not the
        plan's own name ("Boarding: ..." is a name, not the boarding call)."""
        named = self.change.facts() if self.change else ""
        return f"{self.template} {self.reported} {self.news} {named}".strip()
