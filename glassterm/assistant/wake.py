"""Wake-word spotting on a transcribed utterance, tolerant of what ASR makes of it."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

_WORD = re.compile(r"[a-z0-9']+")


def split_wake_word(utterance: str, wake_word: str) -> str | None:
    """The request after the wake word, or None when the utterance does not start with it.

    Tolerates punctuation and near-misses ASR produces: "Hey, glass", "a glass", "hey glas".
    """
    words = _WORD.findall(utterance.lower())
    wake = _WORD.findall(wake_word.lower())
    if not words or not wake:
        return None
    target = " ".join(wake)
    for length in (len(wake), len(wake) + 1, len(wake) - 1):
        if length < 1 or length > len(words):
            continue
        head = " ".join(words[:length])
        if head == target or SequenceMatcher(None, head, target).ratio() >= 0.8:
            return _remainder(utterance, length)
    return None


def _remainder(utterance: str, words_to_skip: int) -> str:
    matches = list(re.finditer(r"[A-Za-z0-9']+", utterance))
    if words_to_skip >= len(matches):
        return ""
    return utterance[matches[words_to_skip].start() :].strip()
