"""Whether a card or reply mentions an expectation's word: whole words, whole numbers, whole times.

A substring test let "5:00" be met by "15:00", "6:30" by "16:30" and "B5" by "B52", so the
rules are (SCENES.md, "Scoring"):
- a mention that is only a clock time ("9:00", "6 pm", "18:30") matches a time in the text
  with the same value ("9:00" is met by "09:00", "9am" and "at 9.00"); one written without
  am/pm also matches the same clock face with am/pm ("6:30" is met by "6:30 pm", not "18:30");
- any other mention matches as a whole word or phrase, case-insensitively, with a plural or
  possessive ending allowed ("umbrella" is met by "Umbrellas", "party" by "parties"), and a
  number only by the same number ("145" is met by "145.00" and "1.4" by "1.40", but "1.4" is
  not met by "1.45", nor "31" by "31,402", nor "B5" by "B52").
"""

from __future__ import annotations

import re
from functools import lru_cache

from glassterm.assistant.text import ClockTime, clock_times

# Around a mention: no letter or digit, and no digit across a decimal point, colon or comma.
_BEFORE = r"(?<![^\W_])(?<!\d[.,:])"
_AFTER = r"(?![^\W_])(?![.,:]\d)"
_DECIMALS = re.compile(r"\d[.,]\d{1,2}$")


def only_time(mention: str) -> ClockTime | None:
    """The clock time a mention consists of, or None when it is (also) something else."""
    times = clock_times(mention)
    if len(times) != 1:
        return None
    rest = mention[: times[0].start] + mention[times[0].end :]
    return times[0] if not rest.strip(" .,") else None


@lru_cache(maxsize=4096)
def _word_pattern(mention: str) -> re.Pattern[str]:
    words = [re.escape(word) for word in mention.split()]
    last = words[-1]
    if _DECIMALS.search(mention):
        ending = last + "0*"  # 1.4 is 1.40
    elif mention[-1].isdigit():
        ending = last + r"(?:[.,]0+)?"  # 145 is 145.00
    elif mention[-1].lower() == "y":
        ending = rf"(?:{last}(?:s|'s|’s)?|{last[:-1]}ies)"  # "party", "parties"
    else:
        ending = rf"{last}(?:s|es|'s|’s)?"  # "umbrellas", "boxes", "Anna's"
    return re.compile(_BEFORE + r"\s+".join([*words[:-1], ending]) + _AFTER, re.IGNORECASE)


def mentions(text: str, mention: str) -> bool:
    """Does `text` mention `mention` by the rules above?"""
    mention = mention.strip()
    if not mention:
        return False
    wanted = only_time(mention)
    if wanted is not None:
        return any(time.at == wanted.at or (not wanted.half and time.face == wanted.face) for time in clock_times(text))
    return _word_pattern(mention).search(text) is not None


def mentions_any(text: str, words: tuple[str, ...] | list[str]) -> bool:
    return any(mentions(text, word) for word in words)
