"""What an assistant knows: place, recent sights and sounds, calendar, reminders, notifications.

Each assistant keeps its own context (models are shared, state never is). Facts are kept
with their time and source so cards and answers are built from them, never from the model.
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from glassterm.assistant.encoder import Meaning
from glassterm.assistant.gist import (
    gist,
)
from glassterm.assistant.moves import shifts
from glassterm.assistant.news import (
    SPEAKER_LABEL,
    addressed_to,
    calls_off,
    for_someone_else,
    moved_to,
    names_a_move,
    owner,
    says_change,
    spoken_content,
)
from glassterm.assistant.text import (
    clean_untrusted,
)
from glassterm.assistant.times import timed_spans
from glassterm.clock import format_hhmm
from glassterm.events import DEFAULT_WAKE_WORD, CalendarEntry, Reminder

RECENT = 12
THREAD_SECONDS = 30 * 60  # a message this soon after the same sender's last one carries on its subject
Memoised = TypeVar("Memoised")


@dataclass(frozen=True, slots=True)
class Observation:
    at: float
    text: str


@dataclass(frozen=True, slots=True)
class Note:
    """A notification as the context keeps it."""

    at: float
    app: str
    sender: str | None
    text: str

    def describe(self) -> str:
        who = f"{self.sender} ({self.app})" if self.sender else self.app
        return f"{who}: {self.text}"


@dataclass(frozen=True, slots=True)
class Update:
    """A newer fact about a plan, with the moment it came: a move "in twenty minutes" or to a
    bare "2:55" is read from it (see `moved_to`)."""

    at: float
    text: str  # "who: what", as cards show it


@dataclass
class Context:
    now: float = 0.0
    date: str = ""
    user_name: str | None = None
    wake_word: str = DEFAULT_WAKE_WORD
    place: str | None = None
    calendar: list[CalendarEntry] = field(default_factory=list)
    reminders: list[Reminder] = field(default_factory=list)
    notes: deque[Note] = field(default_factory=lambda: deque(maxlen=RECENT))
    heard: deque[Observation] = field(default_factory=lambda: deque(maxlen=RECENT))
    seen: deque[Observation] = field(default_factory=lambda: deque(maxlen=RECENT))
    user_notes: list[Observation] = field(default_factory=list)  # "take a note: ..."
    meaning: Meaning = field(default_factory=Meaning)  # tier 1: what is about what (see encoder.py)
    # What the plans' news says, read once per state of what is known: every event asks for
    # it many times (each entry's start, each card, each answer), and it only changes when a
    # notification, a remark, a calendar entry or a reminder arrives.
    _news_memo: dict[tuple[object, ...], object] = field(default_factory=dict, repr=False)
    _news_state: tuple[int, ...] = field(default=(), repr=False)

    def cached(self, key: tuple[object, ...], compute: Callable[[], Memoised]) -> Memoised:
        """`compute()`, kept until anything known changes (a key naming `now` keeps it for that moment)."""
        # The collections are only ever appended to (notes and heard drop their oldest), so
        # their lengths and newest items tell one state from the one before it.
        state = (
            len(self.calendar),
            len(self.reminders),
            len(self.notes),
            id(self.notes[-1]) if self.notes else 0,
            len(self.heard),
            id(self.heard[-1]) if self.heard else 0,
        )
        if state != self._news_state:
            self._news_memo.clear()
            self._news_state = state
        if key not in self._news_memo:
            self._news_memo[key] = compute()
        return self._news_memo[key]  # type: ignore[return-value]

    def upcoming(self) -> list[CalendarEntry]:
        """Calendar entries not yet over (after any move), soonest first."""

        def ends(entry: CalendarEntry) -> float:
            return (entry.until or entry.at + 1800) + self.effective_start(entry) - entry.at

        return sorted((entry for entry in self.calendar if ends(entry) > self.now), key=self.effective_start)

    def effective_start(self, entry: CalendarEntry) -> int:
        """When an entry starts now: a newer fact that moves it ("now starts at 10:40") wins."""
        return _start_after(entry, self._news_of(entry_subject(entry)))

    def latest_update(self, subject: str, limit: int = 150) -> str | None:
        """The newest fact about `subject`, cut to its news (`limit` characters: cards are short)."""
        update = self.latest_news(subject, limit)
        return update.text if update else None

    def latest_news(self, subject: str, limit: int = 150) -> Update | None:
        """`latest_update` with the moment it came."""
        return _latest_of(subject, limit, self._news_of(subject))

    def cancelled(self, entry: CalendarEntry) -> bool:
        """Did a newer fact call the entry off (and not simply move it: "cancelled, take the 17:52")?"""
        return self.cached(("cancelled", entry), lambda: self._cancelled(entry))

    def _cancelled(self, entry: CalendarEntry) -> bool:
        return any(
            calls_off(update.text) and moved_to(update.text, entry, said=update.at) is None
            for update in self.news_for(entry_subject(entry))
        )

    def updates_for(self, subject: str) -> list[str]:
        """Newer facts (notifications, announcements) about `subject`, newest first (see `news_for`)."""
        return [update.text for update in self.news_for(subject)]

    def news_for(self, subject: str) -> list[Update]:
        """Newer facts (notifications, announcements) about `subject`, newest first, each with
        the moment it came.

        A fact belongs to the one plan it is most about: the rail company's "your 17:25 from
        Eastgate Stadium is cancelled" updates the train, not the match at Eastgate Stadium.
        """
        return list(self._news_of(subject))

    def _news_of(self, subject: str) -> tuple[Update, ...]:
        return self.cached(("news",), self._news_by_subject).get(subject, ())

    def _news_by_subject(self) -> dict[str, tuple[Update, ...]]:
        # One pass files every fact under its owner: asking per plan read each fact once a plan.
        subjects = self.subjects()
        found: dict[str, list[Update]] = {}
        for index, note in enumerate(self.notes):
            if (subject := self.note_owner(index, subjects)) is not None:
                found.setdefault(subject, []).append(Update(note.at, note.describe()))
        for heard in self.heard:
            speaker, overheard = self.heard_from(heard.text)
            said = heard.text if overheard else spoken_content(heard.text)
            if (subject := owner(said, speaker, overheard, subjects)) is not None:
                found.setdefault(subject, []).append(Update(heard.at, f"Announced: {heard.text}"))
        return {
            subject: tuple(sorted(updates, key=lambda update: (update.at, update.text), reverse=True))
            for subject, updates in found.items()
        }

    def owner_of(self, text: str, sender: str | None, overheard: bool, *, spoken: bool = True) -> str | None:
        """The plan `text` is filed under, as `news_for` files it (the newest message by its place in a thread)."""
        subjects = self.subjects()
        last = self.notes[-1] if self.notes else None
        if not overheard and last is not None and last.text == text and last.sender == sender:
            return self.note_owner(len(self.notes) - 1, subjects)
        return owner(text, sender, overheard, subjects, spoken=spoken)

    def note_owner(self, index: int, subjects: tuple[str, ...]) -> str | None:
        """The plan the message `self.notes[index]` is about: the one it names, or, when it names
        none and says a change, the one its sender's last message was about, if that came
        lately ("Fam mtg moved to the Garden Rm", then "scratch that ... Lantern Room instead")."""
        note = self.notes[index]
        if for_someone_else(note.text, self.user_name):
            return None
        found = owner(note.text, note.sender, False, subjects)
        if found is not None or not note.sender or not says_change(note.text):
            return found
        for earlier in reversed(list(self.notes)[:index]):
            if note.at - earlier.at > THREAD_SECONDS:
                break
            if earlier.sender == note.sender:
                return owner(earlier.text, earlier.sender, False, subjects)
        return None

    def heard_from(self, text: str) -> tuple[str | None, bool]:
        """Who said `text`, and whether the wearer only overheard it. Speech that calls the
        wearer by name ("Priya, theatre just rang ...") is said to them, like a message from
        the speaker; everything else around them is overheard."""
        if not self.user_name or addressed_to(spoken_content(text)) != self.user_name.split()[0].lower():
            return None, True
        label = SPEAKER_LABEL.match(text)
        return (label.group(0).strip(" :") if label else "someone"), False

    def subjects(self) -> tuple[str, ...]:
        """Every plan as updates name it: calendar entries, then reminders."""
        return self.cached(("subjects",), self._subjects)

    def _subjects(self) -> tuple[str, ...]:
        return tuple(entry_subject(entry) for entry in self.calendar) + tuple(r.text for r in self.reminders)

    def facts(self) -> list[str]:
        """Everything known, one short line each, for a prompt or an answer."""
        lines = [f"Now: {format_hhmm(self.now)}" + (f" on {self.date}" if self.date else "")]
        if self.place:
            lines.append(f"Place: {self.place}")
        for entry in self.upcoming()[:4]:
            lines.append("Calendar: " + describe_entry(entry))
        lines += ["Reminder: " + describe_reminder(reminder) for reminder in self.reminders]
        lines += [f"Notification at {format_hhmm(n.at)}: {n.describe()}" for n in list(self.notes)[-3:]]
        lines += [f"Heard at {format_hhmm(h.at)}: {h.text}" for h in list(self.heard)[-2:]]
        lines += [f"Seen at {format_hhmm(s.at)}: {s.text}" for s in list(self.seen)[-1:]]
        return [clean_untrusted(line, 240) for line in lines]


# Read from a plan's news alone, so kept by that news (not cleared when any other message comes).
@functools.lru_cache(maxsize=16384)
def _latest_of(subject: str, limit: int, updates: tuple[Update, ...]) -> Update | None:
    if not updates:
        return None
    # The newest update that changes something ("moved to platform 4"), not a later remark
    # about it ("Screen 2 is on the left"); else the newest.
    update = next((u for u in updates if says_change(u.text) or shifts(u.text) or calls_off(u.text)), updates[0])
    who, _, text = update.text.partition(": ")
    news = f"{who}: {gist(text, subject, limit)}" if text else gist(who, subject, limit)
    return Update(update.at, news.rstrip("."))  # callers end the sentence


@functools.lru_cache(maxsize=16384)
def _start_after(entry: CalendarEntry, updates: tuple[Update, ...]) -> int:
    """The start the newest move gives: a later word about the plan that moves nothing ("Can u
    go straight after Harold?") leaves the move before it standing; one that names the printed
    time again ("10 is fine after all") takes it back."""
    for update in updates:  # newest first
        if not names_a_move(update.text, entry, said=update.at):
            continue
        moved = moved_to(update.text, entry, said=update.at)
        if moved is not None:
            return moved
        if entry.at in {at for _, _, at in timed_spans(update.text, said=update.at, near=entry.at)}:
            return entry.at
    return entry.at


@functools.lru_cache(maxsize=16384)
def entry_subject(entry: CalendarEntry) -> str:
    """What updates about an entry mention: its title, its time and its place."""
    return f"{entry.title} at {format_hhmm(entry.at)} {entry.where or ''}".strip()


def describe_entry(entry: CalendarEntry) -> str:
    text = f"{entry.title} at {format_hhmm(entry.at)}"
    if entry.until:
        text += f"-{format_hhmm(entry.until)}"
    if entry.where:
        text += f" in {entry.where}" if not entry.where[:1].isdigit() else f" at {entry.where}"
    if entry.notes:
        text += f" ({entry.notes})"
    return text


def describe_reminder(reminder: Reminder) -> str:
    text = reminder.text
    if reminder.at is not None:
        text += f" at {format_hhmm(reminder.at)}"
    if reminder.near:
        text += f" near {reminder.near}"
    return text
