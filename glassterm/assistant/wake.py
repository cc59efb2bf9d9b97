"""Wake-word spotting on a transcribed utterance, tolerant of what ASR makes of it."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

_WORD = re.compile(r"[a-z0-9']+")
GREETINGS = frozenset({"hey", "hay", "hei", "he", "hi", "a", "eh", "ay", "ok", "okay"})
LOOSE_GREETINGS = frozenset({"a", "he", "eh", "ay"})  # what ASR makes of "hey", but also ordinary words


def split_wake_word(utterance: str, wake_word: str) -> str | None:
    """The request after the wake word, or None when the utterance does not start with it.

    Tolerates punctuation and near-misses ASR produces: "Hey, glass", "a glass", "hey glas".
    """
    words = _WORD.findall(utterance.lower())
    wake = _WORD.findall(wake_word.lower())
    if not words or not wake:
        return None
    if wake[0] in GREETINGS and len(wake) > 1:
        # "hey glass": any greeting ASR may hear ("a", "hay", "hi") before the name.
        if words[0] not in GREETINGS or len(words) < len(wake):
            return None
        name, heard = " ".join(wake[1:]), " ".join(words[1 : len(wake)])
        if words[0] in LOOSE_GREETINGS and words[len(wake) : len(wake) + 1] == ["of"]:
            return None  # "a glass of the house red" orders a drink
        return _remainder(utterance, len(wake)) if _close(heard, name) else None
    target = " ".join(wake)
    heard = " ".join(words[: len(wake)])
    return _remainder(utterance, len(wake)) if _close(heard, target) else None


def _close(heard: str, target: str) -> bool:
    return heard == target or SequenceMatcher(None, heard, target).ratio() >= 0.8


def _remainder(utterance: str, words_to_skip: int) -> str:
    matches = list(re.finditer(r"[A-Za-z0-9']+", utterance))
    if words_to_skip >= len(matches):
        return ""
    return utterance[matches[words_to_skip].start() :].strip()
