"""Which words of a text carry its news: codes ("G04", "platform 4"), codes set in place of
others, names, and the sentence or clause that says what changed.

Exactness only: these find facts; which plan a text is about is the context's (and tier 1's)
judgement.
"""

from __future__ import annotations

import functools
import re

from glassterm.assistant.moves import late_by, shifts
from glassterm.assistant.text import clean_untrusted, contains_phrase, mentions_any, tokens
from glassterm.assistant.times import new_times, timed_spans
from glassterm.assistant.vocabulary import ACTION_WORDS, CHANGE_WORDS, EVENT_WORDS, GENERIC, PLACE_KINDS


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


_PLACE_KINDS = "|".join(PLACE_KINDS)
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
    rf"\b({_PLACE_KINDS})\s+([0-9]{{1,2}}[A-Za-z]?)\b",
    re.IGNORECASE,
)


ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)", re.IGNORECASE)
# Sentence ends, but not after a title: "given by Dr. Marta Kowalczyk" is one sentence.
_SENTENCES = re.compile(r"(?<!\bDr\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bSt\.)(?<!\bMrs\.)(?<=[.!?:;])\s+")


# A labelled thing: "Panel C", "Group A", "Court 5", "Wave B" (a word, then a letter or number).
_LABEL = re.compile(r"\b([A-Za-z]{3,})\s+([A-Z]|\d{1,3}[A-Za-z]?)\b")


def without(text: str, part: str) -> str:
    """`text` with the first occurrence of `part` taken out, whatever its case (a headline is
    cut from the text and may have gained a capital)."""
    at = text.lower().find(part.rstrip("?").lower())
    return text[:at] + text[at + len(part.rstrip("?")) :] if at >= 0 and part else text


def labels(text: str) -> set[tuple[str, str]]:
    """Labelled things a text names, as (kind, label): {("panel", "c"), ("court", "5")}."""
    return {(kind.lower(), label.lower()) for kind, label in _LABEL.findall(text)}


@functools.lru_cache(maxsize=16384)
def other_labels(text: str, subject: str) -> bool:
    """Does `text` name things of the subject's kinds only by other labels ("Panel B" for a plan
    of "Panel C")? Then it is news for someone else."""
    said, own = labels(text), labels(subject)
    kinds = {kind for kind, _ in said} & {kind for kind, _ in own}
    return bool(kinds) and not said & own


@functools.lru_cache(maxsize=16384)
def events_named(text: str) -> set[str]:
    """The events a text calls ("boarding", "final call"), as whole words: "update the board"
    is no boarding, though the two share a stem."""
    return {event for event in EVENT_WORDS if contains_phrase(text, event)}


NEWS_WORDS = CHANGE_WORDS | {"now", "new"}  # news, though no change alone: "now boarding", "new time"


def news_score(sentence: str, known: str) -> int:
    """How much of the news `sentence` carries against what is `known`: a code or time the
    subject lacks, or something the wearer must do, counts most; then a new name, then a word
    saying something changed. Two words alone ("Sorry Hannah", "same time") tell nothing new
    unless they hold a code or time."""
    new_facts = code_tokens(sentence) - code_tokens(known) or new_times(sentence, known) or late_by(sentence)
    needs_wearer = mentions_any(sentence, ACTION_WORDS) or bool(events_named(sentence))  # "now boarding"
    known_words = {token.lower() for token in tokens(known)}
    new_names = {name for name in proper_names(sentence) if name.lower() not in known_words}
    changes = mentions_any(sentence, NEWS_WORDS) or bool(shifts(sentence))
    if len(sentence.split()) <= 2:
        return 2 * bool(new_facts)
    return 2 * bool(new_facts or needs_wearer) + bool(new_names) + changes


def sentences_of(text: str) -> list[str]:
    """A text's sentences, without the ones that only say who speaks ("Announcement:")."""
    found = [part.strip() for part in _SENTENCES.split(text) if part.strip()]
    return [sentence for sentence in found if not (sentence.endswith(":") and len(sentence.split()) <= 3)] or found


def gist(text: str, known: str, limit: int = 150) -> str:
    """The part of an update that is news, in its own order, within `limit` characters.

    Sentences with a code, time or name the subject lacks come first ("moved to Room
    3.02"); sentences that only say something changed ("a programme change") fill what room
    is left.
    """
    sentences = sentences_of(text)
    scored = [(news_score(sentence, known), index, sentence) for index, sentence in enumerate(sentences)]
    chosen: list[tuple[int, str]] = []
    room = limit
    for score, index, sentence in sorted(scored, key=lambda item: (-item[0], item[1])):
        if score and len(sentence) < room:
            chosen.append((index, sentence))
            room -= len(sentence) + 1
    text = " ".join(sentence for _, sentence in sorted(chosen)) or " ".join(sentences)
    return clean_untrusted(text, limit)


# Where a long sentence divides into clauses: "Mo is off sick today, | so your haircut ...",
# "moved to Birch 4.02 | - the projector in Cedar 2.14 is broken".
_CLAUSES = re.compile(r"(?<!\d),\s+|\s+[-–—]\s+|\s+(?=(?:so|because|but|as)\s)", re.IGNORECASE)
_LEADING_JOINS = re.compile(
    r"^(?:so|and|but|because(?:\s+of)?|due\s+to|as|then|also|oh|ok(?:ay)?|heads up|fyi)\b[\s,:!]*", re.IGNORECASE
)


def headline(text: str, known: str, room: int, *, least: int = 2, narrow: bool = False) -> str:
    """The clause of `text` that carries its news, for a card's first line ("We're in G04 now
    not G12"), or "" when no part of it names a new code, time or name.

    The sentence with the most news wins (the earlier on a tie); a sentence longer than
    `room` gives way to its clause with as much news, so the fact is not pushed to line 2.
    Words are kept as written: a headline is cut from the text, never reworded. `least` is
    the news a part must carry (1: a change word or a new name is enough); `narrow` lets a part
    still too long give way to the phrase with its new fact ("with Kasia"): for what follows a
    first line, never for the first line itself, whose point is more than its newest name.
    """
    scored = [(news_score(sentence, known), -index, sentence) for index, sentence in enumerate(sentences_of(text))]
    if not scored:
        return ""
    score, _, best = max(scored)
    if score < least:
        return ""
    # "Sorry Hannah, | I have to cancel", "Morning Gareth, | can we push you back": a greeting
    # or a name called opens the sentence, the news follows.
    opener, *rest = _CLAUSES.split(best, maxsplit=1)
    if rest and len(opener.split()) <= 3 and news_score(opener, known) < 2:
        best = rest[0]
    if len(best) > room:
        clauses = [(news_score(clause, known), -index, clause) for index, clause in enumerate(_CLAUSES.split(best))]
        clause_score, _, clause = max(clauses)
        if clause_score >= score or clause_score >= least and len(clause) <= room:
            best = clause
    if narrow and len(best) > room:
        best = _around_news(best, known, room) or best
    best = _LEADING_JOINS.sub("", best.strip()).strip(" ,;:-–—") or best.strip()
    best = best.rstrip(".!;,")
    return clean_untrusted(best[:1].upper() + best[1:], 120)


# Where the phrase holding a new fact begins: "... rebooked for 09:40 | with Kasia".
_PHRASE_START = re.compile(
    r"\b(?:with|for|at|to|from|in|on|by|until|instead|now|put|pushed|moved|brought|bumped)\b", re.IGNORECASE
)


_BARE_PREPOSITIONS = frozenset({"by", "at", "to", "until", "for", "in", "on", "from"})


def _around_news(clause: str, known: str, room: int) -> str:
    """The phrase of a clause too long for `room` that holds what `known` lacks ("with Kasia"
    of "your 09:30 haircut has been rebooked for 09:40 with Kasia"), from the word that opens
    it to the clause's end, or "" when it does not fit either."""
    known_words = {token.lower() for token in tokens(known)}
    new_codes = code_tokens(clause) - code_tokens(known)
    new_names = {name for name in proper_names(clause) if name.lower() not in known_words}
    known_times = new_times(clause, known)
    starts = [
        match.start()
        for match in re.finditer(r"\S+", clause)
        if match.group().strip(".,;:!?'’()").lower() in new_codes or match.group().strip(".,;:!?'’()") in new_names
    ]
    times = [start for start, _, at in timed_spans(clause) if at in known_times]
    starts += times
    lowered = clause.lower()
    starts += [lowered.find(word) for word in (*EVENT_WORDS, *ACTION_WORDS) if word in lowered]  # "now boarding"
    if not starts:
        return ""
    first = min(starts)
    opener = [
        m.start() for m in _PHRASE_START.finditer(clause, 0, first) if len(clause[m.start() : first].split()) <= 3
    ]
    # The widest phrase that fits: "put back to quarter past ten" before "to quarter past ten".
    # A time with only a preposition before it says too little ("by ten" of "the inspector has
    # to leave by ten"): then none.
    for start in [*opener, first]:
        phrase = clause[start:].strip()
        bare_time = first in times and phrase.split()[0].lower() in _BARE_PREPOSITIONS
        if len(phrase) <= room and not bare_time:
            return phrase
    return ""


def proper_names(text: str) -> set[str]:
    """Capitalised words that do not open a sentence: names of people and places."""
    words = re.findall(r"(?<![.!?:;]\s)(?<!^)\b[A-Z][a-z]+(?:[A-Z][a-z]+)?\b", text.strip())
    return {word for word in words if word.lower() not in GENERIC}
