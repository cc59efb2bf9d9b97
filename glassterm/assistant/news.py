"""What a message, a remark or a sign says about the wearer's plans: which plan it is about
(`concerns`, `owner`), and whether it changes, moves, cancels or only confirms one.

Exactness, read from the text alone: the context (context.py) files what it knows with these.
"""

from __future__ import annotations

import functools
import re

from glassterm.assistant.gist import ORDINAL, code_tokens, events_named, other_labels, proper_names, sentences_of
from glassterm.assistant.moves import shifts, swaps
from glassterm.assistant.text import content_stems, mentions_any, normalise_times, spelled_out, stem
from glassterm.assistant.times import names_a_time, shared_times, timed_spans
from glassterm.assistant.vocabulary import CANCEL_WORDS, CHANGE_WORDS, GENERIC, TRANSPORT_WORDS, WEEKDAYS
from glassterm.events import CalendarEntry

MIN_MOVE_SECONDS = 4 * 60
MAX_MOVE_SECONDS = 6 * 3600  # a "new time" further than this from the printed one is some other time

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

    # The words said with a move: "nolan moved to half 8 ... grab the elbows on ur way" moves the
    # Nolan job, though the elbows' reminder shares more words.
    moving = " ".join(clause for clause in re.split(r"[.!?;]", content) if says_change(clause) and names_a_time(clause))
    moved_words = distinctive(moving)

    def overlap(subject: str) -> tuple[int, bool, bool, bool, bool, int]:
        words = distinctive(subject)
        shared = len(distinctive(content) & words) + len(shared_times(content, subject))
        return (
            len(code_tokens(content) & code_tokens(subject)),
            bool(replaced & set(shared_times(content, subject))),  # the plan whose time it replaces
            bool(moved_words & words),  # the plan named where the move is said
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
SPEAKER_LABEL = re.compile(r"^\s*[^:.!?]{1,60}:\s+")
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
    return SPEAKER_LABEL.sub("", text, count=1)


def fact_keys(text: str, *, events: bool = True) -> set[str]:
    """The checkable facts a text states: codes, times, and whether it changes or cancels something."""
    keys = code_tokens(text) | normalise_times(text)
    if calls_off(text):
        keys.add("<cancelled>")
    # Events are news even when every code in them is known: boarding at gate D4 after "gate D4".
    if events:
        keys |= {f"<{event}>" for event in events_named(text)}
    return keys


# A day named just before a time: the time is on that day ("Monday at 10", "tomorrow, 8:30").
_ANOTHER_DAY = re.compile(
    rf"\b(?:{'|'.join(WEEKDAYS)}|tomorrow|next\s+week)\b[\s,]*(?:at\s+|from\s+)?$", re.IGNORECASE
)  # read on short forms spelled out ("thurs", "tmrw"), as every word is


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
        if _ANOTHER_DAY.search(spelled_out(update[max(0, start - 16) : start])):
            continue  # "cancel our 1:1 today - Monday at 10 instead?": another day, no move today
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


# "@Kev ur 10am in Hatfield is cancelled": a group message that opens by naming its reader.
_AT_MENTION = re.compile(r"^\s*@(?P<name>[^\W\d_][\w'’-]*)")


def for_someone_else(text: str, wearer: str | None) -> bool:
    """Does `text` open by @-naming someone other than the wearer? It is their news, not the
    wearer's plans' (the wearer may still be asked what it said)."""
    match = _AT_MENTION.match(text)
    if match is None:
        return False
    first = (wearer or "").split()[0].lower() if wearer else ""
    return match.group("name").lower().split("-")[0] != first
