"""Times as people write and say them: "17:52", "7pm", "half past four", "quarter to six",
"eleven-fifteen", "noon", "in twenty minutes".

The one time parser of glassterm (text.py re-exports it for the fact check and the scorer).
It works in two steps, because a text alone cannot say everything:
- `clock_times` and `relative_times` read a text without context. A 12-hour time ("2:55",
  "half five") is kept as written and marked `either`: morning or afternoon is not in it.
- `find_times` resolves with what the caller knows: `near`, the plan's printed time (a move of
  a 14:50 plan to "2:55" means 14:55), and `said`, the moment the text was said or received
  ("in twenty minutes" counts from it; "at 2:55" said at 14:40 is still to come, so 14:55).

Grammar only: numbers, "past"/"to", "half", "o'clock", am/pm. Counts of things ("a room for
four", "two people") are no time because no clock form holds them, and a duration ("at least
15 minutes") is a time only after "in" ("in 15 minutes").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

DAY = 24 * 3600
HALF_DAY = 12 * 3600

_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_VALUES = (
    {word: value for value, word in enumerate(_UNITS, 1)}
    | {word: value for value, word in enumerate(_TEENS, 10)}
    | {word: 10 * value for value, word in enumerate(_TENS, 2)}
)

HOUR_WORDS = {word: value for word, value in _VALUES.items() if value <= 12}  # "at eight", "by twelve"


def _any(words: list[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_UNIT = _any(_UNITS)
# A number in words from one to ninety-nine: "twenty-five", "twenty five", "fifteen".
NUMBER = rf"(?:(?:{_any(_TENS)})(?:[- ](?:{_UNIT}))?|{_any(_TEENS)}|{_UNIT})"
# A minute said after an hour ("four thirty", "seven oh five"): never a bare unit ("four five").
_MINUTE = rf"(?:oh[- ](?:{_UNIT})|(?:{_any(_TENS[:4])})(?:[- ](?:{_UNIT}))?|{_any(_TEENS)})"
_HOUR_WORD = _any(_UNITS + _TEENS[:3])
# A digit hour is not the start of "12:30" or "3.15", which the written-clock rule reads.
_HOUR = rf"(?:{_HOUR_WORD}|1[0-2](?![:.]\d)|0?[1-9](?![:.]\d))"
_TIME_UNIT = r"(?:minutes?|mins?|hours?|hrs?|seconds?|secs?)\b"
# Morning or afternoon, said after a time: "7pm", "four thirty p.m.", "six in the evening".
_PART_OF_DAY = re.compile(
    r"\s*(?:(?P<ap>[ap])\.?m\b|in\s+the\s+(?P<in>morning|afternoon|evening)|this\s+(?P<this>morning|afternoon|evening)"
    r"|(?P<night>at\s+night|tonight))",
    re.IGNORECASE,
)

# Clock-written times: "10:40" always; "10.40" only where a time is asked for (after at, from,
# until, by, to, "can we do", "make it"), before am/pm, or set in place of another time ("10.45
# instead of 10.30", "12.45 after all"), because a dotted number is as often a room ("moved to
# Room 3.15") or a price; "7pm" with am/pm.
_NOT_A_PLACE = "".join(
    rf"(?<!{kind}\s)" for kind in ("room", "hall", "gate", "court", "suite", "unit", "level", "floor", "bay", "stand")
)
_CLOCK = re.compile(
    r"\b(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)\b"
    r"|\b(?:at|from|until|till|by|to|do|say|make\s+it|bring\s+it|now|expected|estimated|arrival|arriving|arrives"
    r"|departs|departing|departure|leaves|lands|landing|kick-?off)\s+(?P<h2>[01]?\d|2[0-3])\.(?P<m2>[0-5]\d)\b"
    r"|\b(?P<h3>[01]?\d|2[0-3])\.(?P<m3>[0-5]\d)(?=\s*[ap]\.?m\b)"
    r"|\b(?P<h4>1[0-2]|0?[1-9])(?=\s*[ap]\.?m\b)"  # "7pm", "11 am"
    rf"|{_NOT_A_PLACE}\b(?P<h5>[01]?\d|2[0-3])\.(?P<m5>[0-5]\d)(?=\s*,?\s*(?:instead\b|rather\s+than\b|after\s+all\b|not\s+\d))"
    r"|\b(?:instead\s+of|rather\s+than|not)\s+(?P<h6>[01]?\d|2[0-3])\.(?P<m6>[0-5]\d)\b"  # only after a time
    # A bare hour set against a time: "half 11 instead of 10?", "at 4.30pm, not 5".
    r"|\b(?:instead\s+of|rather\s+than|,\s*not)\s+(?P<h10>1[0-2]|0?[1-9])\b(?![:.]\d)(?!\s*[^\W\d_]{2,}\b(?<!pm)(?<!am))"
    r"|\b(?P<h7>[01]?\d|2[0-3])h(?P<m7>[0-5]\d)\b"
    # A bare hour said with "now" or "instead": "Table's at 8 now", "by 5 instead".
    r"|\b(?:at|by|from|until|till|for)\s+(?P<h11>1[0-2]|0?[1-9])(?![:.]\d)\s+(?=(?:now|instead|tonight|sharp|not|rather)\b)"
    rf"|{_NOT_A_PLACE}\b(?P<h12>1[0-2]|0?[1-9])\s+(?=(?:is|'s)\s+(?:fine|ok|okay|good|great)\b)"  # "so 10 is fine"  # "16h42", as French and German timetables write it
    # Four digits where a time is asked for: "from 1130", "at 0915"; not "at 1500 pounds".
    r"|\b(?:at|from|until|till|by)\s+(?P<h8>[01]\d|2[0-3])(?P<m8>[0-5]\d)\b(?!\s*(?:[.,]\d|[^\W\d_]{2,}\s+(?:pounds|euros|dollars)))"
    r"(?!\s*(?:pounds|euros|dollars|people|metres|meters|miles|km|kg|m)\b)"
    # A bare hour a plan is moved to: "the osaka thing is bumped to 11 cos of the trains".
    r"|\b(?:bumped|moved|pushed|put|brought|changed|shifted)\s+(?:back\s+|forward\s+|up\s+)?to\s+(?P<h9>1[0-2]|0?[1-9])\b"
    r"(?![:.]\d)(?=\s*(?:[.,;:!?)]|$|\s(?:cos|because|as|instead|now|then|and|but|so|today|tonight|tomorrow)\b))",
    re.IGNORECASE,
)
_AM_PM = re.compile(r"\s*([ap])\.?m\b", re.IGNORECASE)

# Said times, longest forms first (the leftmost, first alternative wins at each position).
_SAID = re.compile(
    # "half past four", "quarter to six", "twenty-five to four", "three minutes past ten"
    rf"\b(?P<by>(?:a\s+)?quarter|half|(?P<count>{NUMBER})(?P<minutes>\s+minutes?)?)\s+(?P<dir>past|after|to|till)\s+"
    rf"(?P<h_to>{_HOUR})\b"
    # "five o'clock", "5 o’clock"
    rf"|\b(?P<h_oclock>{_HOUR})\s*o['’]?\s?clock\b"
    # "four thirty", "eleven-fifteen", "seven oh five"; not "four thirty-minute sessions"
    rf"|\b(?P<h_min>{_HOUR_WORD})[- ](?P<min>{_MINUTE})\b(?!\s*-?\s*{_TIME_UNIT})(?!-)"
    # British "half four", "half 11" (4:30, 11:30); not "half an hour", nor "in half four times", "a half one"
    rf"|(?<!\bin )(?<!\ba )\bhalf\s+(?P<h_half>{_HOUR_WORD}|1[0-2](?![:.]\d)|0?[1-9](?![:.]\d))\b(?!\s*-?\s*{_TIME_UNIT})(?![-\w])(?!\s+of\b)(?![:.]\d)"
    r"|\b(?:twelve\s+|12\s+)?(?P<named>noon|midday|midnight)\b"
    # A worded hour with am/pm or a part of the day ("five pm", "six in the evening"), or
    # alone after at/by/until and before the end of a clause ("see you at four.")
    rf"|\b(?P<h_day>{_HOUR_WORD})(?=\s*(?:[ap]\.?m\b|in\s+the\s+(?:morning|afternoon|evening)\b|at\s+night\b))"
    rf"|\b(?:at|by|until|till)\s+(?P<h_at>{_HOUR_WORD})(?=\s*(?:[.,;:!?)]|$))",
    re.IGNORECASE,
)
# Every said time has one of these words; a plain alternation of words scans fast, the grammar does not.
_HINT_WORDS = _UNITS + _TEENS + _TENS[:4] + ["half", "quarter", "noon", "midday", "midnight", "clock"]
_SAID_HINT = re.compile(
    rf"(?=[{''.join(sorted({w[0] for w in _HINT_WORDS}))}])\b(?:{_any(_HINT_WORDS)})", re.IGNORECASE
)
# "from ten to five", "between twenty to five and ...": a range of numbers, not "twenty to five".
_RANGE_BEFORE = re.compile(r"\b(?:from|between)\s+$", re.IGNORECASE)

RELATIVE_HINT = re.compile(r"min|hour|hr", re.IGNORECASE)
AMOUNT = rf"(?P<amount>\d+(?:\.\d+)?|{NUMBER}|an?)"
_RELATIVE = re.compile(
    r"\b(?:in\s+(?:about\s+|around\s+|roughly\s+|another\s+|approximately\s+)?"
    rf"(?:(?P<half>half\s+an?\s+hour)|(?P<quarter>(?:a\s+)?quarter\s+of\s+an\s+hour)"
    rf"|{AMOUNT}(?P<and_half>\s+and\s+a\s+half)?\s+(?P<unit>minutes?|mins?|hours?|hrs?)\b(?P<and_half2>\s+and\s+a\s+half)?)"
    rf"|(?P<amount_from>\d+|{NUMBER}|an?)\s+(?P<unit_from>minutes?|mins?|hours?|hrs?)\s+from\s+now)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class ClockTime:
    """A clock time found in a text."""

    at: int  # seconds since midnight, am/pm applied
    face: str  # "H:MM" as written, before am/pm: "6:30 pm" -> "6:30", "18:30" -> "18:30"
    half: bool  # am or pm was written (or is in the word: "noon", "midnight")
    start: int  # span in the text, am/pm included
    end: int
    either: bool = False  # a 12-hour reading with no am/pm ("2:55", "half five"): see `reading`


@dataclass(frozen=True, slots=True)
class RelativeTime:
    """A time said from the moment of saying: "in twenty minutes", "in half an hour"."""

    seconds: int
    start: int
    end: int


def number_value(word: str) -> int:
    """ "twenty-five" -> 25, "fifteen" -> 15, "7" -> 7 (the words `NUMBER` matches)."""
    if word.isdigit():
        return int(word)
    return sum(_VALUES[part] for part in re.split(r"[- ]", word.lower()) if part != "oh")


def _clock(hour: int, minute: int, pm: bool | None, start: int, end: int, *, either: bool) -> ClockTime:
    """A ClockTime from an hour as said (0-23); `pm` is None when no half of the day was said."""
    face = f"{hour}:{minute:02d}"
    if pm and hour < 12:
        hour += 12
    elif pm is False and hour == 12:
        hour = 0
    return ClockTime(hour * 3600 + minute * 60, face, pm is not None, start, end, either and pm is None)


def _part_of_day(text: str, end: int) -> tuple[bool | None, int]:
    """Whether the half of the day said after a time (at `end`) is pm, and where it ends."""
    part = _PART_OF_DAY.match(text, end)
    if part is None:
        return None, end
    pm = (part.group("ap") or "").lower() == "p" or bool(part.group("night"))
    return pm or (part.group("in") or part.group("this") or "").lower() in ("afternoon", "evening"), part.end()


def _written(text: str) -> list[tuple[ClockTime, bool]]:
    """Written times, each with whether it counts only after another time (see `_clock_times`)."""
    found: list[tuple[ClockTime, bool]] = []
    for match in _CLOCK.finditer(text):
        groups = [
            match.group(name) for name in ("h", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9", "h10", "h11", "h12")
        ]
        hours = next(hour for hour in groups if hour)
        minutes = next((m for name in ("m", "m2", "m3", "m5", "m6", "m7", "m8") if (m := match.group(name))), "00")
        half = _AM_PM.match(text, match.end())  # only am/pm: "10:40 in the morning" stays as written
        cued = next((name for name in ("h2", "h6", "h8", "h9", "h10", "h11") if match.group(name)), None)
        start = match.start(cued) if cued else match.start()
        # "09:00" and "18:30" are 24-hour; "9:00" and "2:55" could be either half of the day.
        either = not hours.startswith("0") and 1 <= int(hours) <= 12
        pm = None if half is None else half.group(1).lower() == "p"
        time = _clock(int(hours), int(minutes), pm, start, half.end() if half else match.end(), either=either)
        found.append((time, bool(match.group("h6") or match.group("h10"))))
    return found


def _said(text: str) -> list[ClockTime]:
    found: list[ClockTime] = []
    if not _SAID_HINT.search(text):
        return found  # most texts say no number in words: one cheap scan instead of the grammar
    for match in _SAID.finditer(text):
        if match.group("named"):
            noon = match.group("named").lower() != "midnight"
            found.append(ClockTime(HALF_DAY if noon else 0, "12:00", True, match.start(), match.end()))
            continue
        if hours := match.group("h_to"):
            by, direction = match.group("by").lower(), match.group("dir").lower()
            if by == "half":
                if direction != "past":
                    continue  # "half to six" is no time
                minutes = 30
            elif by.endswith("quarter"):
                minutes = 15
            else:
                minutes = number_value(match.group("count"))
                # "five to six", but not "one to one" or "three to two": without "minutes"
                # clock minutes are said in fives.
                if minutes >= 30 or (minutes % 5 and not match.group("minutes")):
                    continue
            if direction not in ("past", "after"):
                if _RANGE_BEFORE.search(text, 0, match.start()):
                    continue
                hour = (number_value(hours) - 2) % 12 + 1  # "ten to one" is 12:50
                minutes = 60 - minutes
            else:
                hour = number_value(hours)
        elif hours := match.group("h_min"):
            hour, minutes = number_value(hours), number_value(match.group("min"))
            if minutes > 59:
                continue
        elif hours := match.group("h_half"):
            hour, minutes = number_value(hours), 30
        else:
            hours = match.group("h_oclock") or match.group("h_day") or match.group("h_at")
            hour, minutes = number_value(hours), 0
        start = match.start("h_at") if match.group("h_at") else match.start()
        pm, end = _part_of_day(text, match.end())
        found.append(_clock(hour, minutes, pm, start, end, either=True))
    return found


@functools.lru_cache(maxsize=16384)
def _clock_times(text: str) -> tuple[ClockTime, ...]:
    said = _said(text)
    # A said time holds any written one inside it ("quarter to 9 pm"): it is read once.
    written = [(w, late) for w, late in _written(text) if not any(s.start < w.end and w.start < s.end for s in said)]
    only_after_a_time = {id(w) for w, late in written if late}
    kept: list[ClockTime] = []
    for time in sorted(said + [w for w, _ in written], key=lambda time: time.start):
        # "rather than 2.14", "instead of 10" are times only when a time came first ("Room 3.02
        # rather than 2.14" is a room; "half 11 instead of 10" a time).
        if kept or id(time) not in only_after_a_time:
            kept.append(time)
    return tuple(kept)


def clock_times(text: str) -> list[ClockTime]:
    """Clock times in a text, in order, as written: 12-hour readings stay as said (see `reading`)."""
    return list(_clock_times(text))


@functools.lru_cache(maxsize=16384)
def _relative_times(text: str) -> tuple[RelativeTime, ...]:
    found = []
    if not RELATIVE_HINT.search(text):
        return ()
    for match in _RELATIVE.finditer(text):
        if match.group("half"):
            seconds = 1800.0
        elif match.group("quarter"):
            seconds = 900.0
        else:
            amount = (match.group("amount") or match.group("amount_from")).lower()
            count = 1.0 if amount in ("a", "an") else float(amount) if amount[0].isdigit() else number_value(amount)
            count += 0.5 if match.group("and_half") or match.group("and_half2") else 0
            unit = (match.group("unit") or match.group("unit_from")).lower()
            seconds = count * (3600 if unit.startswith("h") else 60)
        found.append(RelativeTime(int(seconds), match.start(), match.end()))
    return tuple(found)


def relative_times(text: str) -> list[RelativeTime]:
    """Times said from now, in order ("in twenty minutes"); a bare duration is none."""
    return list(_relative_times(text))


def reading(time: ClockTime, *, near: float | None = None, said: float | None = None) -> int:
    """The time of day a clock time means, in seconds since midnight.

    A 12-hour time with no am/pm is read nearest `near` (the plan it moves: "2:55" for a
    14:50 plan is 14:55), else as the first reading not before `said` (what people arrange
    is still to come: "2:55" said at 14:40 is 14:55), else the latest reading; without
    context, as written.
    """
    if not time.either:
        return time.at
    morning = time.at % HALF_DAY
    readings = (morning, morning + HALF_DAY)
    if near is not None:
        return min(readings, key=lambda at: (abs(at - near % DAY), -at))
    if said is not None:
        return next((at for at in readings if at >= said % DAY), readings[1])
    return time.at


# Minutes said without their hour: "can we make it half past rather than twenty past?" about a
# plan at ten. Read only against a plan's time (the hour nearest it), never on their own.
_BARE = re.compile(
    rf"\b(?P<by>(?:a\s+)?quarter|half|(?P<count>{NUMBER})|(?P<digits>[1-5][05]|[5-9](?=\s+past)))\s+(?P<dir>past|to)\b"
    rf"(?!\s*(?:{_HOUR})\b)(?!\s+the\s+hour)",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=16384)
def _bare_minutes(text: str) -> tuple[tuple[int, int, int], ...]:
    """(start, end, minutes from the hour, -30..30) of each time said without its hour."""
    found = []
    for match in _BARE.finditer(text):
        by = match.group("by").lower()
        if match.group("digits") and match.group("dir").lower() != "past":
            continue  # "20 to 25 people" is a range; "20 past" is a time
        minutes = 30 if by == "half" else 15 if by.endswith("quarter") else number_value(match.group("count") or by)
        if minutes > 30 or minutes % 5 or (by == "half" and match.group("dir").lower() != "past"):
            continue
        found.append((match.start(), match.end(), minutes if match.group("dir").lower() == "past" else -minutes))
    return tuple(found)


@functools.lru_cache(maxsize=16384)
def names_a_time(text: str) -> bool:
    """Does `text` name a time of day, with its hour or without ("half past rather than twenty past")?"""
    return bool(_clock_times(text) or _bare_minutes(text))


def _nearest_hour(minutes: int, near: float) -> int:
    """The time `minutes` from an hour that lies nearest `near` (the later on a tie)."""
    hour = int(near // 3600) * 3600
    options = [hour + step * 3600 + minutes * 60 for step in (-1, 0, 1, 2)]
    return min(options, key=lambda at: (abs(at - near), -at))


def _resolved(text: str, said: float | None, near: float | None) -> list[tuple[int, int, int]]:
    """(start, end, time of day) of every time in `text`, in order (see `find_times`)."""
    found = [(time.start, time.end, reading(time, near=near, said=said)) for time in _clock_times(text)]
    if near is not None:
        taken = [(start, end) for start, end, _ in found]
        found += [
            (start, end, _nearest_hour(minutes, near))
            for start, end, minutes in _bare_minutes(text)
            if not any(a < end and start < b for a, b in taken) and 0 <= _nearest_hour(minutes, near) < DAY
        ]
        found.sort()
    if said is not None:
        day = said % DAY
        found += [(r.start, r.end, int(day + r.seconds)) for r in _relative_times(text) if day + r.seconds < DAY]
        found.sort()
    return found


def timed_spans(text: str, *, said: float | None = None, near: float | None = None) -> list[tuple[int, int, int]]:
    """(start, end, time of day) of every time in `text`, in order, read as `find_times` reads them."""
    return _resolved(text, said, near)


def find_times(text: str, *, said: float | None = None, near: float | None = None) -> list[int]:
    """Times in a text, in order, as seconds since midnight.

    Without context this is `clock_times` as written. With `said` (when the text was said or
    received) relative times count from it and 12-hour times read as still to come; with
    `near` (the plan's time) 12-hour times read nearest it (see `reading`). A relative time
    past midnight is left out: glassterm's day ends there.
    """
    return [at for _, _, at in _resolved(text, said, near)]


def _readings(time: ClockTime) -> tuple[int, ...]:
    return (time.at % HALF_DAY, time.at % HALF_DAY + HALF_DAY) if time.either else (time.at,)


def shared_times(text: str, other: str) -> set[int]:
    """The times of `other` that `text` names too, a 12-hour time matching either half of the
    day: "the 5:30" and "half five" name a plan "at 17:30"."""
    named = {at for time in _clock_times(text) for at in _readings(time)}
    return {time.at for time in _clock_times(other) if any(at in named for at in _readings(time))}


def new_times(text: str, known: str) -> set[int]:
    """The times `text` names that `known` does not (see `shared_times`)."""
    return {time.at for time in _clock_times(text)} - shared_times(known, text)
