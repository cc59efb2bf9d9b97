"""Moves by an amount ("pushed back half an hour", "ten minutes later"), lateness ("running
15 late") and times set in place of others ("2:55 rather than 2:50"): how a plan moves, or how
late someone will be, read from the text alone.

The durations are said in times.py's grammar of numbers; a move to a time is times.py's.
"""

from __future__ import annotations

import functools
import itertools
import re

from glassterm.assistant.times import AMOUNT, NUMBER, RELATIVE_HINT, number_value, timed_spans

_DURATION = (
    rf"(?:(?P<half>half\s+an?\s+hour)|(?P<quarter>(?:a\s+)?quarter\s+of\s+an\s+hour)"
    rf"|{AMOUNT}(?P<and_half>\s+and\s+a\s+half)?\s+(?P<unit>minutes?|mins?|hours?|hrs?)\b)"
)
# A plan moved by an amount rather than to a time: "pushed back half an hour", "can we push
# you back 20 minutes", "brought it forward by a quarter of an hour", "ten minutes later".
_SHIFT = re.compile(
    r"\b(?:(?P<verb>push(?:ed|ing)?|put(?:ting)?|mov(?:ed|e|ing)|bump(?:ed|ing)?|brought|bring(?:ing)?|knock(?:ed)?"
    # What is moved may stand between: "put the huddle back an hour", "push the bridal trial back".
    r"|delay(?:ed|ing)?|set)\s+(?:(?:it|them|us|you|him|her|that|this|everything|things)\s+|(?:the|our|my|your)\s+(?:[\w'-]+\s+){1,3}?)?"
    r"(?P<way>back|forward|fwd|up|on|later|earlier)?\s*(?:by\s+)?"
    + _DURATION
    + r"|"
    + _DURATION.replace("(?P<", "(?P<after_")
    + r"\s+(?P<after_way>later|earlier))",
    re.IGNORECASE,
)

# Lateness by an amount: "running 15 late", "I'll be twenty minutes behind".
_LATE = re.compile(
    r"\b(?:running|run|be|been)\s+(?:about\s+|around\s+|roughly\s+|another\s+)?"
    rf"(?:(?P<half>half\s+an?\s+hour)|(?P<quarter>(?:a\s+)?quarter\s+of\s+an\s+hour)"
    rf"|(?P<amount>\d{{1,3}}|{NUMBER})\s*(?P<unit>minutes?|mins?|hours?|hrs?)?)\s+(?:late|behind)\b",
    re.IGNORECASE,
)


def _seconds(half: str | None, quarter: str | None, amount: str | None, and_half: str | None, unit: str | None) -> int:
    if half:
        return 1800
    if quarter:
        return 900
    said = (amount or "").lower()
    count = 1.0 if said in ("a", "an") else float(said) if said[:1].isdigit() else number_value(said)
    count += 0.5 if and_half else 0
    return int(count * (3600 if (unit or "").lower().startswith("h") else 60))


@functools.lru_cache(maxsize=16384)
def shifts(text: str) -> tuple[int, ...]:
    """Moves by an amount, in order, as signed seconds: "pushed back half an hour" is +1800,
    "brought forward by ten minutes" -600. A bare duration ("a 20-minute walk") is none, and so
    is lateness (see `late_by`)."""
    if not RELATIVE_HINT.search(text):
        return ()
    found = []
    for match in _SHIFT.finditer(text):
        group = match.group
        if group("after_way"):
            seconds = _seconds(
                group("after_half"),
                group("after_quarter"),
                group("after_amount"),
                group("after_and_half"),
                group("after_unit"),
            )
            way = group("after_way").lower()
        else:
            way = (group("way") or "").lower()
            if not way and not group("verb").lower().startswith("delay"):
                continue  # "moved 20 minutes" says no direction; "set 10 minutes" is no move
            seconds = _seconds(group("half"), group("quarter"), group("amount"), group("and_half"), group("unit"))
            way = way or "later"
        found.append(-seconds if way in ("forward", "fwd", "up", "earlier") else seconds)
    return tuple(found)


@functools.lru_cache(maxsize=16384)
def late_by(text: str) -> tuple[int, ...]:
    """How late someone says they or a thing will be, in seconds: "running 15 late" is 900.
    News, but no move: a friend running late does not move the film they are late for."""
    return tuple(
        _seconds(match["half"], match["quarter"], match["amount"], None, match["unit"])
        for match in _LATE.finditer(text)
        if not match["amount"] or match["unit"] or match["amount"].isdigit()  # "running two behind" is no time
    )


# "2:55 rather than 2:50", "quarter to six instead of half five", "10:40, not 10:15",
# "16:00 now, not 12:00"
_SWAP = re.compile(
    r"\s*(?:,?\s*now)?\s*,?\s*(?:rather\s+than|instead\s+of|in\s+place\s+of|not)\s+(?:the\s+)?", re.IGNORECASE
)


_WAS = re.compile(r"\b(?:was|scheduled|previously|originally|formerly)[\s:]*$", re.IGNORECASE)


def swaps(text: str, *, said: float | None = None, near: float | None = None) -> list[tuple[int, int]]:
    """(new, old) for each time set in place of another: "make it 2:55 rather than 2:50", and
    a time given with the one it replaces: "Kick-off 10.40 on pitch 1 (was 11:00)"."""
    found = timed_spans(text, said=said, near=near)
    return [
        (new, old)
        for (_, end, new), (start, _, old) in itertools.pairwise(found)
        if _SWAP.fullmatch(text, end, start) or _WAS.search(text, max(end, start - 16), start)
    ]
