"""Which words of a text carry its news: codes ("G04", "platform 4"), codes set in place of
others, names, and the sentence or clause that says what changed.

Exactness only: these find facts; which plan a text is about is the context's (and tier 1's)
judgement.
"""

from __future__ import annotations

import functools
import re

from glassterm.assistant.text import clean_untrusted, mentions_any, tokens
from glassterm.assistant.times import new_times, shifts
from glassterm.assistant.vocabulary import CHANGE_WORDS, GENERIC


@functools.lru_cache(maxsize=16384)
def _code_tokens(text: str) -> frozenset[str]:
    """Codes such as flight EZY2153, gate D4, room 4B, 3.02 (tokens with a digit and a letter or
    dot, or 3+ digits), and numbered places: "platform 4", "pier 1"."""
    codes = {
        token.lower()
        for token in tokens(text)
        if (
            (any(ch.isdigit() for ch in token) and (any(ch.isalpha() for ch in token) or "." in token))
            or (token.isdigit() and len(token) >= 3)
        )
        and not ORDINAL.fullmatch(token)
    }
    codes |= {f"{kind.lower()} {number.lower()}" for kind, number in _NUMBERED_PLACE.findall(text)}
    return frozenset(codes)


def code_tokens(text: str) -> set[str]:
    """See `_code_tokens` (cached: every event compares the same texts again)."""
    return set(_code_tokens(text))


_PLACE_KINDS = r"platform|pier|gate|track|stand|screen|bay|berth|terminal|hall|door|exit|level|table|room"
# A code ("G04", "3.02") or a numbered place ("table 4", "Hall B").
_CODE = rf"(?:(?:{_PLACE_KINDS})\s+(?:[A-Za-z]?\d[\w.]*|[A-Z]\b)|[A-Za-z]*\d[\w.]*)"
_CODE_SWAP = re.compile(
    rf"\b(?P<new>{_CODE})\s*,?\s+(?:now\s*,?\s+)?(?:not|instead\s+of|rather\s+than)\s+(?:the\s+)?(?P<old>{_CODE})\b",
    re.IGNORECASE,
)


def code_swaps(text: str) -> list[tuple[str, str]]:
    """(new, old) for each code set in place of another: "we're in G04 now not G12"."""
    return [
        (match.group("new"), match.group("old"))
        for match in _CODE_SWAP.finditer(text)
        if match.group("new").lower() != match.group("old").lower()
        and all(code_tokens(side) or " " in side for side in (match.group("new"), match.group("old")))
    ]


_NUMBERED_PLACE = re.compile(
    r"\b(platform|pier|gate|track|stand|screen|bay|berth|terminal|hall|door|exit|level|table)\s+([0-9]{1,2}[A-Za-z]?)\b",
    re.IGNORECASE,
)


ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)", re.IGNORECASE)
# Sentence ends, but not after a title: "given by Dr. Marta Kowalczyk" is one sentence.
_SENTENCES = re.compile(r"(?<!\bDr\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bSt\.)(?<!\bMrs\.)(?<=[.!?:;])\s+")


def gist(text: str, known: str, limit: int = 150) -> str:
    """The part of an update that is news, in its own order, within `limit` characters.

    Sentences with a code, time or name the subject lacks come first ("moved to Room
    3.02"); sentences that only say something changed ("a programme change") fill what room
    is left.
    """
    sentences = [part.strip() for part in _SENTENCES.split(text) if part.strip()]
    known_words = {token.lower() for token in tokens(known)}

    def news(sentence: str) -> int:
        new_facts = code_tokens(sentence) - code_tokens(known) or new_times(sentence, known)
        new_names = {name for name in proper_names(sentence) if name.lower() not in known_words}
        changes = mentions_any(sentence, CHANGE_WORDS | {"now", "new"}) or bool(shifts(sentence))
        return 2 * bool(new_facts) + bool(new_names) + changes

    # "Announcement:" or "Stadium announcer:" only says who speaks.
    sentences = [
        sentence for sentence in sentences if not (sentence.endswith(":") and len(sentence.split()) <= 3)
    ] or sentences
    scored = [(news(sentence), index, sentence) for index, sentence in enumerate(sentences)]
    chosen: list[tuple[int, str]] = []
    room = limit
    for score, index, sentence in sorted(scored, key=lambda item: (-item[0], item[1])):
        if score and len(sentence) < room:
            chosen.append((index, sentence))
            room -= len(sentence) + 1
    text = " ".join(sentence for _, sentence in sorted(chosen)) or " ".join(sentences)
    return clean_untrusted(text, limit)


def proper_names(text: str) -> set[str]:
    """Capitalised words that do not open a sentence: names of people and places."""
    words = re.findall(r"(?<![.!?:;]\s)(?<!^)\b[A-Z][a-z]+(?:[A-Z][a-z]+)?\b", text.strip())
    return {word for word in words if word.lower() not in GENERIC}
