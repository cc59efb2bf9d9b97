"""What an assistant knows: place, recent sights and sounds, calendar, reminders, notifications.

Each assistant keeps its own context (models are shared, state never is). Facts are kept
with their time and source so cards and answers are built from them, never from the model.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field

from glassterm.assistant.text import clean_untrusted, content_stems, mentions_any, normalise_times, tokens
from glassterm.assistant.vocabulary import CHANGE_WORDS, GENERIC
from glassterm.clock import format_hhmm
from glassterm.events import DEFAULT_WAKE_WORD, CalendarEntry, Reminder

RECENT = 12


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


@dataclass
class Context:
    now: float = 0.0
    date: str = ""
    user_name: str | None = None
    wake_word: str = DEFAULT_WAKE_WORD
    place: str | None = None
    place_since: float = 0.0
    calendar: list[CalendarEntry] = field(default_factory=list)
    reminders: list[Reminder] = field(default_factory=list)
    done_reminders: set[str] = field(default_factory=set)
    notes: deque[Note] = field(default_factory=lambda: deque(maxlen=RECENT))
    heard: deque[Observation] = field(default_factory=lambda: deque(maxlen=RECENT))
    seen: deque[Observation] = field(default_factory=lambda: deque(maxlen=RECENT))
    said: deque[Observation] = field(default_factory=lambda: deque(maxlen=RECENT))
    user_notes: list[Observation] = field(default_factory=list)  # "take a note: ..."

    def upcoming(self) -> list[CalendarEntry]:
        """Calendar entries not yet over, soonest first."""
        return sorted(
            (entry for entry in self.calendar if (entry.until or entry.at + 1800) > self.now),
            key=lambda entry: entry.at,
        )

    def latest_update(self, subject: str) -> str | None:
        """The newest fact about `subject`, cut to its news, for a card that must stay short."""
        updates = self.updates_for(subject)
        if not updates:
            return None
        who, _, text = updates[0].partition(": ")
        news = f"{who}: {gist(text, subject)}" if text else gist(who, subject)
        return news.rstrip(".")  # callers end the sentence

    def updates_for(self, subject: str, since: float = 0.0) -> list[str]:
        """Newer facts (notifications, announcements) that concern `subject`, newest first.

        A fact concerns a subject when they share a distinctive word: a name, a code such as
        a flight number, or a content word of the title.
        """
        subject_stems = distinctive(subject)
        subject_codes = code_tokens(subject)
        found: list[tuple[float, str]] = []
        for note in self.notes:
            words = distinctive(note.text) | (distinctive(note.sender) if note.sender else set())
            if note.at >= since and (subject_stems & words or subject_codes & code_tokens(note.text)):
                found.append((note.at, note.describe()))
        for heard in self.heard:
            # Overheard speech must name the subject's code (a flight number) or two of its words.
            shared = (
                subject_codes & code_tokens(heard.text)
                if subject_codes
                else len(subject_stems & distinctive(heard.text)) >= 2
            )
            if heard.at >= since and shared:
                found.append((heard.at, f"Announced: {heard.text}"))
        return [text for _, text in sorted(found, reverse=True)]

    def facts(self) -> list[str]:
        """Everything known, one short line each, for a prompt or an answer."""
        lines = [f"Now: {format_hhmm(self.now)}" + (f" on {self.date}" if self.date else "")]
        if self.place:
            lines.append(f"Place: {self.place}")
        for entry in self.upcoming()[:4]:
            lines.append("Calendar: " + describe_entry(entry))
        for reminder in self.reminders:
            if reminder.text not in self.done_reminders:
                lines.append("Reminder: " + describe_reminder(reminder))
        lines += [f"Notification at {format_hhmm(n.at)}: {n.describe()}" for n in list(self.notes)[-3:]]
        lines += [f"Heard at {format_hhmm(h.at)}: {h.text}" for h in list(self.heard)[-2:]]
        lines += [f"Seen at {format_hhmm(s.at)}: {s.text}" for s in list(self.seen)[-1:]]
        return [clean_untrusted(line, 240) for line in lines]




def distinctive(text: str | None) -> set[str]:
    """Stems that identify a subject: content words minus the generic ones."""
    if not text:
        return set()
    return {
        word for word in content_stems(text) if word not in GENERIC and len(word) > 2 and not _ORDINAL.fullmatch(word)
    }


def code_tokens(text: str) -> set[str]:
    """Codes such as flight EZY2153, gate D4, room 4B: tokens with a digit (3+ digit numbers too)."""
    return {
        token.lower()
        for token in tokens(text)
        if (
            (any(ch.isdigit() for ch in token) and any(ch.isalpha() for ch in token))
            or (token.isdigit() and len(token) >= 3)
        )
        and not _ORDINAL.fullmatch(token)
    }


_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)", re.IGNORECASE)
_SENTENCES = re.compile(r"(?<=[.!?:;])\s+")


def gist(text: str, known: str, limit: int = 110) -> str:
    """The part of an update that is news: sentences with a code, time or change the subject lacks."""
    sentences = [part.strip() for part in _SENTENCES.split(text) if part.strip()]
    news = [
        sentence
        for sentence in sentences
        if code_tokens(sentence) - code_tokens(known)
        or normalise_times(sentence) - normalise_times(known)
        or mentions_any(sentence, CHANGE_WORDS | {"now", "new"})
    ]
    chosen = " ".join(news or sentences[:1])
    return clean_untrusted(chosen, limit)


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
