"""Requests that change what the assistant knows: "remind me to ...", "take a note ...".

Parsed with patterns, not the model: a reminder's time must be exactly what was said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from glassterm.clock import DAY
from glassterm.events import Reminder

_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "ten": 10,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "half an": 0.5,
}
# Pieces the patterns share: how many, of what, and a clock time as people say it.
_COUNT = r"(?P<count>\d+|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + ")"
_UNIT = r"(?P<unit>minutes?|mins?|hours?)"
_HALF_DAY = r"a\.?m\.?|p\.?m\.?"
_REMIND = re.compile(
    r"^\s*(?:please\s+)?(?:can you\s+)?remind me\s+(?:to\s+|that\s+|about\s+)?(?P<rest>.+?)[.!?]*\s*$", re.IGNORECASE
)
_AT = re.compile(
    rf"\s+(?:at|by)\s+(?P<hour>\d{{1,2}})(?:[:.](?P<minute>\d{{2}}))?\s*(?P<half>{_HALF_DAY})?\s*$", re.IGNORECASE
)
_AT_FIRST = re.compile(
    rf"^(?:at|by)\s+(?P<time>\d{{1,2}}(?:[:.]\d{{2}})?\s*(?:{_HALF_DAY})?)\s+(?:to\s+)?(?P<task>.+)$", re.IGNORECASE
)
_IN = re.compile(rf"\s+in\s+{_COUNT}\s+{_UNIT}\s*$", re.IGNORECASE)
_IN_FIRST = re.compile(rf"^in\s+{_COUNT}\s+{_UNIT}\s+(?:to\s+)?(?P<task>.+)$", re.IGNORECASE)
_NEAR = re.compile(
    r"\s+when\s+I(?:'m| am)\s+(?:at|near|in|by)\s+(?:the\s+|a\s+|an\s+)?(?P<place>.+?)\s*$", re.IGNORECASE
)
_OTHER_DAY = re.compile(
    r"\b(tomorrow|tonight at midnight|next week|on (monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b",
    re.IGNORECASE,
)
_NOTE = re.compile(
    r"^\s*(?:take|make)\s+a\s+note\s*(?:that|:|,)?\s*(?P<note>.+?)[.!]*\s*$|^\s*note\s+(?:that|down)\s+(?P<note2>.+?)[.!]*\s*$",
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
        return NewNote((note.group("note") or note.group("note2")).strip())
    remind = _REMIND.match(request)
    if not remind:
        return None
    rest = remind.group("rest")
    if _OTHER_DAY.search(rest):
        # glassterm's day ends at midnight: keep it on the list rather than fire it at the wrong time.
        task = _OTHER_DAY.sub(" ", _AT.sub("", rest))
        return NewReminder(
            Reminder(text=_task(task)), caveat="It is on your list; I can only remind you at a time today."
        )
    if lead := _AT_FIRST.match(rest):  # "remind me at 9 to call Anna"
        rest = f"{lead.group('task')} at {lead.group('time')}"
    if lead := _IN_FIRST.match(rest):  # "remind me in 10 minutes to stretch"
        rest = f"{lead.group('task')} in {lead.group('count')} {lead.group('unit')}"
    if match := _AT.search(rest):
        hour, minute = int(match.group("hour")), int(match.group("minute") or 0)
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
    if match := _IN.search(rest):
        count = match.group("count").lower()
        amount = float(count) if count.isdigit() else _NUMBERS[count]
        seconds = amount * (3600 if match.group("unit").lower().startswith("h") else 60)
        if now + seconds >= DAY:
            return NewReminder(
                Reminder(text=_task(rest[: match.start()])), caveat="That is after midnight: it is on your list."
            )
        return NewReminder(Reminder(text=_task(rest[: match.start()]), at=int(now + seconds)))
    if match := _NEAR.search(rest):
        return NewReminder(Reminder(text=_task(rest[: match.start()]), near=match.group("place").strip()))
    return NewReminder(Reminder(text=_task(rest)))


def _task(text: str) -> str:
    text = text.strip(" ,.")
    return text[:1].upper() + text[1:]
