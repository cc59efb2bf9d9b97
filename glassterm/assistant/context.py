"""What an assistant knows: place, recent sights and sounds, calendar, reminders, notifications.

Each assistant keeps its own context (models are shared, state never is). Facts are kept
with their time and source so cards and answers are built from them, never from the model.
"""

from __future__ import annotations

import functools
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from glassterm.assistant.encoder import Meaning
from glassterm.assistant.gist import (
    ORDINAL,
    code_tokens,
    events_named,
    gist,
    other_labels,
    proper_names,
    sentences_of,
)
from glassterm.assistant.text import (
    clean_untrusted,
    content_stems,
    mentions_any,
    normalise_times,
    stem,
)
from glassterm.assistant.times import names_a_time, shared_times, shifts, swaps, timed_spans
from glassterm.assistant.vocabulary import CANCEL_WORDS, CHANGE_WORDS, GENERIC, TRANSPORT_WORDS
from glassterm.clock import format_hhmm
from glassterm.events import DEFAULT_WAKE_WORD, CalendarEntry, Reminder

RECENT = 12
THREAD_SECONDS = 30 * 60  # a message this soon after the same sender's last one carries on its subject
Memoised = TypeVar("Memoised")
MIN_MOVE_SECONDS = 4 * 60
MAX_MOVE_SECONDS = 6 * 3600  # a "new time" further than this from the printed one is some other time


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

    def _memo(self, key: tuple[object, ...], compute: Callable[[], Memoised]) -> Memoised:
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

    def cached(self, key: tuple[object, ...], compute: Callable[[], Memoised]) -> Memoised:
        """`compute()`, kept until anything known changes (a key naming `now` keeps it for that moment)."""
        return self._memo(key, compute)

    def upcoming(self) -> list[CalendarEntry]:
        """Calendar entries not yet over (after any move), soonest first."""

        def ends(entry: CalendarEntry) -> float:
            return (entry.until or entry.at + 1800) + self.effective_start(entry) - entry.at

        return sorted((entry for entry in self.calendar if ends(entry) > self.now), key=self.effective_start)

    def effective_start(self, entry: CalendarEntry) -> int:
        """When an entry starts now: a newer fact that moves it ("now starts at 10:40") wins."""
        return _start_after(entry, self.latest_news(entry_subject(entry)))

    def latest_update(self, subject: str, limit: int = 150) -> str | None:
        """The newest fact about `subject`, cut to its news (`limit` characters: cards are short)."""
        update = self.latest_news(subject, limit)
        return update.text if update else None

    def latest_news(self, subject: str, limit: int = 150) -> Update | None:
        """`latest_update` with the moment it came."""
        return _latest_of(subject, limit, self._news_of(subject))

    def cancelled(self, entry: CalendarEntry) -> bool:
        """Did a newer fact call the entry off (and not simply move it: "cancelled, take the 17:52")?"""
        return self._memo(("cancelled", entry), lambda: self._cancelled(entry))

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
        return self._memo(("news",), self._news_by_subject).get(subject, ())

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
        label = _SPEAKER.match(text)
        return (label.group(0).strip(" :") if label else "someone"), False

    def subjects(self) -> tuple[str, ...]:
        """Every plan as updates name it: calendar entries, then reminders."""
        return self._memo(("subjects",), self._subjects)

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


GENERIC_STEMS = frozenset(stem(word) for word in GENERIC)


def distinctive(text: str | None) -> set[str]:
    """Stems that identify a subject: content words minus the generic ones."""
    return set(_distinctive(text)) if text else set()


@functools.lru_cache(maxsize=65536)
def _distinctive(text: str) -> frozenset[str]:
    return frozenset(
        {
            word
            for word in content_stems(text)
            # Numbers are codes or times, never words: "10" of "10:30" names nothing.
            if word not in GENERIC_STEMS and len(word) > 1 and not word.isdigit() and not ORDINAL.fullmatch(word)
        }
    )


@functools.lru_cache(maxsize=8192)
@functools.lru_cache(maxsize=16384)
def owner(
    text: str, sender: str | None, overheard: bool, subjects: tuple[str, ...], *, spoken: bool = True
) -> str | None:
    """The subject `text` is most about, among those it concerns (codes first, then words and times)."""
    related = [s for s in subjects if concerns(text, s, sender=sender, overheard=overheard, spoken=spoken)]
    if not related:
        return None
    content = spoken_content(text) if overheard else text
    said_by = distinctive(sender)

    replaced = {old for _, old in swaps(content)}  # "we go on at 18.20 instead of 18.00"

    def overlap(subject: str) -> tuple[int, bool, bool, bool, int]:
        words = distinctive(subject)
        shared = len(distinctive(content) & words) + len(shared_times(content, subject))
        return (
            len(code_tokens(content) & code_tokens(subject)),
            bool(replaced & set(shared_times(content, subject))),  # the plan whose time it replaces
            # ("Warm-up stays at 17.15" beside it is about the warm-up, but changes nothing)
            shared >= 2,  # what it names beats who says it: Jess asking to push "the bridal trial"
            bool(said_by & words),  # Kenji writing about "our 1:1" means the 1:1 with Kenji
            shared,
        )

    return max(related, key=overlap)


@functools.lru_cache(maxsize=65536)
def concerns(
    text: str, subject: str, *, sender: str | None = None, overheard: bool = False, spoken: bool = True
) -> bool:
    """Is `text` (a message, or speech and signs when `overheard`) about `subject` (a plan)?

    One shared common word is not enough ("noor.k liked your story" is not about the cinema
    with Noor; "late winner ... top of the table" is not about booking a table). Always
    enough: a shared code (flight EZY 2153, room 3.02). Speech around the wearer and signs
    are full of travel words, so there a shared word must come with one of the plan's times
    ("the 10:15 to Leeds is delayed"). A message needs two shared words or times, or the
    plan's person writing about it, or one shared word and a change from a person. Speech
    naming a place of the plan with a word of travel counts too.
    """
    if overheard:
        text = spoken_content(text)
    if code_tokens(text) & code_tokens(subject):
        return True
    # A place name of several words ("Millbrook Parkway") is one piece of evidence, not two.
    names = {n.lower() for n in proper_names(text)} & {n.lower() for n in proper_names(subject)}
    shared_words = distinctive(text) & distinctive(subject)
    name_stems = {stem(n) for n in names}
    shared_words = (shared_words - name_stems) | ({min(name_stems)} if name_stems else set())
    same_times = shared_times(text, subject)
    changes = says_change(text) or bool(shifts(text)) or calls_off(text)  # "scrap the huddle"
    if overheard:
        # "All trains towards Millbrook will depart from platform 4": a place the plan names,
        # said with a word of travel, is about the wearer's train too; so is a change said of
        # the plan in two of its own words ("Panel C, change of plan - you're now in Court 2"),
        # when said aloud: signs and boards list everyone's news (`spoken` False).
        return (
            bool(shared_words and same_times)
            or bool(names and mentions_any(text, TRANSPORT_WORDS))
            or (
                # not to someone called by name: speech to the wearer by name is not overheard
                spoken
                and len(shared_words) >= 2
                and changes
                and addressed_to(text) is None
                and not other_labels(text, subject)
            )
        )
    evidence = len(shared_words) + len(same_times)
    if evidence >= 2:
        return True
    if not sender:
        return False
    if distinctive(sender) & distinctive(subject):
        return bool(evidence or changes or names_a_time(text))
    return evidence == 1 and changes


# "Ward clerk: ...", "Uncle Dev, leaning over from the seat behind: ...".
_SPEAKER = re.compile(r"^\s*[^:.!?]{1,60}:\s+")
# A name said first to get someone's attention: "Priya, theatre rang", "Oh, Tomás, you're on".
_VOCATIVE = re.compile(r"^\s*(?:(?:oh|hey|hi|right|so|sorry|ok|okay),?\s+)?(?P<name>[^\W\d_]+)\s*[,!]", re.IGNORECASE)


@functools.lru_cache(maxsize=16384)
def addressed_to(speech: str) -> str | None:
    """The name a stretch of speech opens by calling, lower-cased ("priya"), if it opens with one."""
    match = _VOCATIVE.match(speech)
    return match.group("name").lower() if match and match.group("name")[:1].isupper() else None


# "To cancel reply CANCEL", "Reply C to cancel", "if you need to cancel, call us": how to call
# something off is no news that it is.
_CANCEL_INSTRUCTION = re.compile(
    r"(?:(?:^|(?<=[.!?]))\s*to\s+cancel\b|\bif\s+you\s+(?:need|want|wish|have)\s+to\s+cancel\b"
    r"|\breply\s+\S+\s+to\s+cancel\b|\breply\s+['\"]?cancel\b|\bcancel\s+(?:by|online|via|at\s+least)\b)[^.!?]*",
    re.IGNORECASE,
)


# "No change from me", "no changes to your Saturdays": a word of change, said to deny one.
_NO_CHANGE = re.compile(r"\bno\s+changes?\b|\bnothing(?:'s|\s+has)?\s+changed\b|\bunchanged\b", re.IGNORECASE)


# A message that only confirms: "see you in G12 at quarter past twelve as planned".
_CONFIRMS = re.compile(
    r"\bas\s+(?:planned|usual|agreed|booked|arranged|normal|scheduled|discussed)\b|\bstill\s+on\b|\bno\s+changes?\b",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=16384)
def only_confirms(text: str) -> bool:
    """Does `text` confirm what stands ("as planned", "no change from me") and change nothing?
    Each sentence either confirms or names no time, code or change: in "School will close
    early, collect from 12:30. Breakfast club is running as normal." only the club stands."""
    if _CONFIRMS.search(text) is None or says_change(text) or calls_off(text):
        return False
    return all(
        _CONFIRMS.search(sentence) or not (names_a_time(sentence) or code_tokens(sentence) or shifts(sentence))
        for sentence in sentences_of(text)
    )


_CONTRAST = re.compile(r"\w,\s+not\s+(?:the|our|my|your)\s+[\w'-]+", re.IGNORECASE)


@functools.lru_cache(maxsize=16384)
def says_change(text: str) -> bool:
    """Does `text` say something changed: a word of change not said to deny one, or one thing
    set against another ("use the side gate, not the front door", "the yellow room, not the red one")?"""
    return (
        mentions_any(_NO_CHANGE.sub(" ", text), CHANGE_WORDS)
        or _CONTRAST.search(text) is not None
        or bool(swaps(text))  # "at 4.30pm, not 5"
    )


@functools.lru_cache(maxsize=16384)
def calls_off(text: str) -> bool:
    """Does `text` say something is cancelled (not merely how to cancel it)?"""
    return mentions_any(_CANCEL_INSTRUCTION.sub(" ", text), CANCEL_WORDS)


@functools.lru_cache(maxsize=16384)
def spoken_content(text: str) -> str:
    """Overheard text without its speaker label: in "Gate agent: enjoy Lisbon", "gate" is nobody's gate."""
    return _SPEAKER.sub("", text, count=1)


def fact_keys(text: str, *, events: bool = True) -> set[str]:
    """The checkable facts a text states: codes, times, and whether it changes or cancels something."""
    keys = code_tokens(text) | normalise_times(text)
    if calls_off(text):
        keys.add("<cancelled>")
    # Events are news even when every code in them is known: boarding at gate D4 after "gate D4".
    if events:
        keys |= {f"<{event}>" for event in events_named(text)}
    return keys


def moved_to(update: str, entry: CalendarEntry, *, said: float | None = None) -> int | None:
    """The new start an update gives the entry: the first time it names that is not the printed
    one ("the next service, the 17:52, arriving 18:44" moves it to 17:52), within six hours;
    its printed end counts too, unless it only closes the printed range ("10:45-11:15").

    `said` is when the update was received or heard: "in twenty minutes" counts from it. A
    12-hour time reads nearest the entry's printed time ("make it 2:55 rather than 2:50" moves
    a 14:50 entry to 14:55, not into the small hours). With no time named, a move by an amount
    counts from the printed start ("pushed back half an hour").
    """
    found = timed_spans(update, said=said, near=entry.at)
    replaced = {old for _, old in swaps(update, said=said, near=entry.at)}  # "16:00 now, not 12:00": 12:00 is gone
    for index, (start, _, at) in enumerate(found):
        # Nobody moves a plan by a minute or two: "boarding will begin in twenty minutes", said at
        # 10:06 of a 10:25 flight, is another moment, not a new departure time.
        if abs(at - entry.at) < MIN_MOVE_SECONDS or at in replaced or abs(at - entry.at) > MAX_MOVE_SECONDS:
            continue
        previous = found[index - 1] if index else None
        # "10:45-11:15" restates the printed slot; "moved to 11:15" (its old end) is a move.
        in_printed_range = (
            previous is not None
            and previous[2] == entry.at
            and at == entry.until
            and len(update[previous[1] : start].strip(" -–—")) <= 2
        )
        if not in_printed_range:
            return at
    # No new time named, but an amount: "pushed back half an hour" from the printed start.
    moved = next((entry.at + shift for shift in shifts(update) if abs(shift) <= MAX_MOVE_SECONDS), None)
    return moved if moved is not None and 0 <= moved < 24 * 3600 else None


def names_a_move(update: str, entry: CalendarEntry, *, said: float | None = None) -> bool:
    """Does `update` say the entry moved: a word of change ("delayed", "now starts"), or a new
    time set against its printed one ("make it 2:55 rather than 2:50")?"""
    # The time replaced may be the printed one or one an earlier message moved it to ("half
    # past rather than twenty past" after it went to 10:20).
    return (
        says_change(update)
        or bool(shifts(update))
        or any(abs(old - entry.at) <= MAX_MOVE_SECONDS for _, old in swaps(update, said=said, near=entry.at))
    )


# Read from a plan's news alone, so kept by that news (not cleared when any other message comes).
@functools.lru_cache(maxsize=16384)
def _latest_of(subject: str, limit: int, updates: tuple[Update, ...]) -> Update | None:
    if not updates:
        return None
    # The newest update that changes something ("moved to platform 4"), not a later remark
    # about it ("Screen 2 is on the left"); else the newest.
    update = next((u for u in updates if mentions_any(u.text, CHANGE_WORDS)), updates[0])
    who, _, text = update.text.partition(": ")
    news = f"{who}: {gist(text, subject, limit)}" if text else gist(who, subject, limit)
    return Update(update.at, news.rstrip("."))  # callers end the sentence


@functools.lru_cache(maxsize=16384)
def _start_after(entry: CalendarEntry, update: Update | None) -> int:
    if update is None or not names_a_move(update.text, entry, said=update.at):
        return entry.at
    return moved_to(update.text, entry, said=update.at) or entry.at


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
