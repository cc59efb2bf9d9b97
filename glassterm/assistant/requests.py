"""Requests that change what the assistant knows: "remind me to ...", "take a note ...".

Parsed with patterns, not the model: a reminder's time must be exactly what was said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from glassterm.assistant.times import HOUR_WORDS, clock_times, reading, relative_times
from glassterm.clock import DAY
from glassterm.events import Reminder

# A bare hour ("at 9", "at 3 pm") is a time in a request, though not in a message (where
# "at 4" is as often an address); every other time is read by the shared parser (times.py).
_HALF_DAY = r"a\.?m\.?|p\.?m\.?"
_REMIND = re.compile(
    r"^\s*(?:please\s+)?(?:can you\s+)?(?:remind me\s+(?:to\s+|that\s+|about\s+)?|remember\s+to\s+)(?P<rest>.+?)[.!?]*\s*$",
    re.IGNORECASE,
)
_BARE_HOUR = rf"\d{{1,2}}|{'|'.join(sorted(HOUR_WORDS, key=len, reverse=True))}"  # "at 9", "at eight"
_AT = re.compile(
    rf"\s+(?:at|by)\s+(?P<hour>{_BARE_HOUR})(?:[:.](?P<minute>\d{{2}}))?\s*(?P<half>{_HALF_DAY})?\s*$", re.IGNORECASE
)
_AT_FIRST = re.compile(
    rf"^(?:at|by)\s+(?P<time>(?:{_BARE_HOUR})(?:[:.]\d{{2}})?\s*(?:{_HALF_DAY})?)\s+(?:to\s+)?(?P<task>.+)$",
    re.IGNORECASE,
)
# "Remind me what time we're on" asks to be told, now: a question, not a reminder to set. But
# "remind me when I get there to ..." and "when it's time" name when to remind.
_ASKS = re.compile(
    r"^(?:what|where|which|who|whose|how|whether|if)\b|^when\b(?!\s+(?:i|i'm|we|we're|it|it's|you|he|she|they)\b)",
    re.IGNORECASE,
)
# What may stand before a clock time the request ends or starts with: "at half past four".
_BEFORE_TIME = re.compile(r"(?:^|\s+)(?:at|by|around)\s*$", re.IGNORECASE)
_ARRIVE = (
    r"(?:when|once|next\s+time)\s+I(?:'m|\s+am|\s+get|\s+reach|\s+pass|\s+go)\s+(?:back\s+)?"
    r"(?:at|near|in|into|by|to|past)?\s*"
)
_NEAR = re.compile(rf"\s+{_ARRIVE}(?:the\s+|a\s+|an\s+)?(?P<place>.+?)\s*$", re.IGNORECASE)
# "when I get to the pharmacy, to pick up ...": the place first, then the task.
_NEAR_FIRST = re.compile(
    rf"^{_ARRIVE}(?:the\s+|a\s+|an\s+)?(?P<place>[^,]+?)(?:,\s*|\s+)(?:to|that|and)\s+(?P<task>.+)$", re.IGNORECASE
)
_OTHER_DAY = re.compile(
    r"\b(tomorrow|tonight at midnight|next week|on (monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b",
    re.IGNORECASE,
)
_NOTE = re.compile(
    r"^\s*(?:take|make)\s+a\s+note\s*(?:that|:|,)?\s*(?P<note>.+?)[.!]*\s*$|^\s*note\s+(?:that|down)\s+(?P<note2>.+?)[.!]*\s*$"
    # "Remember we're parked in zone P": a fact to keep ("remember to ..." is a reminder).
    r"|^\s*(?:please\s+)?remember\s+(?:that\s+)?(?!to\b)(?!what\b|when\b|where\b|which\b|who\b|how\b)(?P<note3>.+?)[.!]*\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class NewReminder:
    reminder: Reminder
    caveat: str = ""  # said with the confirmation when the request could not be kept as asked


@dataclass(frozen=True, slots=True)
class NewNote:
    text: str


def parse_request(request: str, now: float) -> NewReminder | NewNote | None:
    note = _NOTE.match(request)
    if note:
        return NewNote((note.group("note") or note.group("note2") or note.group("note3")).strip())
    remind = _REMIND.match(request)
    if not remind:
        return None
    rest = remind.group("rest")
    if _ASKS.match(rest):
        return None
    if _OTHER_DAY.search(rest):
        # glassterm's day ends at midnight: keep it on the list rather than fire it at the wrong time.
        task = _OTHER_DAY.sub(" ", _AT.sub("", rest))
        return NewReminder(
            Reminder(text=_task(task)), caveat="It is on your list; I can only remind you at a time today."
        )
    if near := _NEAR_FIRST.match(rest):
        return NewReminder(Reminder(text=_task(near.group("task")), near=near.group("place").strip()))
    if lead := _AT_FIRST.match(rest):  # "remind me at 9 to call Anna"
        rest = f"{lead.group('task')} at {lead.group('time')}"
    if match := _AT.search(rest):
        said_hour = match.group("hour").lower()
        hour, minute = HOUR_WORDS.get(said_hour) or int(said_hour), int(match.group("minute") or 0)
        half = (match.group("half") or "").lower().replace(".", "")
        if half == "pm" and hour < 12:
            hour += 12
        elif half == "am" and hour == 12:
            hour = 0
        elif not half and hour < 12 and hour * 3600 + minute * 60 < now % DAY:
            hour += 12  # "at 3" said after 3 in the morning means the afternoon
        if hour > 23 or minute > 59:
            return None
        return NewReminder(Reminder(text=_task(rest[: match.start()]), at=hour * 3600 + minute * 60))
    if said := _said_time(rest, now):
        task, at = said
        if at >= DAY:
            return NewReminder(Reminder(text=_task(task)), caveat="That is after midnight: it is on your list.")
        return NewReminder(Reminder(text=_task(task), at=at))
    if match := _NEAR.search(rest):
        return NewReminder(Reminder(text=_task(rest[: match.start()]), near=match.group("place").strip()))
    return NewReminder(Reminder(text=_task(rest)))


def _said_time(rest: str, now: float) -> tuple[str, int] | None:
    """The task and the time a request names at its end or its start, as the shared parser reads
    it: "... at half past four", "... in twenty minutes", "in half an hour to stretch".

    A clock time reads as still to come ("at half past four" said at 14:00 is 16:30); a time
    from now may pass midnight (>= DAY), which the caller turns down.
    """
    day = now % DAY
    spans = [(t.start, t.end, reading(t, said=day), True) for t in clock_times(rest)]
    spans += [(r.start, r.end, int(day + r.seconds), False) for r in relative_times(rest)]
    for start, end, at, clock in sorted(spans):
        before, after = rest[:start], rest[end:]
        lead = _BEFORE_TIME.search(before)
        if clock and lead is None:
            continue  # "remind me to take the 17:52": the train, not when
        if not after.strip(" ,.!?"):  # "... at noon"
            return (before[: lead.start()] if lead else before), at
        if not (before[: lead.start()] if lead else before).strip():  # "at noon to call Anna"
            return re.sub(r"^[\s,]*(?:to\s+)?", "", after, flags=re.IGNORECASE), at
    return None


def _task(text: str) -> str:
    text = text.strip(" ,.")
    return text[:1].upper() + text[1:]
