"""Small text tools the assistants share: tokens, matching, and making untrusted text safe."""

from __future__ import annotations

import functools
import re
import unicodedata

import snowballstemmer

from glassterm.assistant.times import ClockTime, clock_times, find_times
from glassterm.assistant.vocabulary import SHORT_FORMS

# The time parser lives in times.py; it is told from here, with the other text tools.
__all__ = [
    "STOPWORDS",
    "ClockTime",
    "clean_untrusted",
    "clock_times",
    "contains_phrase",
    "content_stems",
    "fact_tokens",
    "find_times",
    "mentions_any",
    "normalise_times",
    "stem",
    "strip_control",
    "tokens",
]

_ENGLISH = snowballstemmer.stemmer("english")

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "then",
        "so",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "about",
        "into",
        "over",
        "under",
        "up",
        "down",
        "out",
        "off",
        "is",
        "am",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "do",
        "does",
        "did",
        "have",
        "has",
        "had",
        "will",
        "would",
        "can",
        "could",
        "should",
        "may",
        "might",
        "must",
        "shall",
        "i",
        "me",
        "my",
        "mine",
        "you",
        "your",
        "yours",
        "we",
        "our",
        "us",
        "he",
        "him",
        "his",
        "she",
        "her",
        "it",
        "its",
        "they",
        "them",
        "their",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "what",
        "when",
        "where",
        "which",
        "who",
        "whom",
        "whose",
        "why",
        "how",
        "please",
        "hey",
        "ok",
        "okay",
        "oh",
        "yes",
        "no",
        "not",
        "just",
        "now",
        "today",
        "tonight",
        "tomorrow",
        "let",
        "lets",
        "let's",
        "get",
        "got",
        "go",
        "going",
        "gonna",
        "want",
        "need",
        "like",
        "some",
        "any",
        "all",
        "more",
        "most",
        "very",
        "really",
        "also",
        "too",
        "again",
        "still",
        "one",
        "first",
        "next",
        "last",
        "time",
        "thing",
        "things",
        "something",
        "anything",
        "everything",
        "tell",
        "show",
        "give",
        "know",
        "see",
        "say",
        "said",
    ]
)

# A dot between digits stays inside a token: room 3.02 is one thing, not "3" and "02".
_TOKEN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9'’\-]|\.(?=\d))*")
_SPECIAL_TOKENS = re.compile(r"<\|[^|>]{0,40}\|>|<\/?s>|<(?:start|end)_of_turn>|\[/?INST\]", re.IGNORECASE)
# C0 and C1 controls (terminal escapes), and the bidirectional embeddings, overrides and
# isolates (U+202A-U+202E, U+2066-U+2069) that would reorder what the HUD shows.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The English Snowball (Porter2) stem: 'meetings' and 'meeting' are 'meet', 'seeing' is 'see';
    a short form people type stems as its word ('mtg' as 'meeting', 'rm' as 'room')."""
    word = word.lower().removesuffix("'s").removesuffix("’s").strip("'’-")  # "what's", "Anna's"
    return str(_ENGLISH.stemWord(SHORT_FORMS.get(word, word)))


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def content_stems(text: str) -> set[str]:
    """Stems of the words that carry meaning (no stopwords, no single letters)."""
    return {
        stem(token)
        for token in tokens(text)
        if SHORT_FORMS.get(token.lower(), token.lower()) not in STOPWORDS and len(token) > 1
    }


def fact_tokens(text: str) -> set[str]:
    """Every checkable fact token of a text: its times ("9:00", however written) and every other
    token with a digit (gate B52, room 10.30, 4.20, 30), lower-cased.

    The one notion of "a fact" for the fact check: a dotted number is a time exactly when
    `clock_times` says so, and otherwise a code, so neither can be swapped unseen.
    """
    times = clock_times(text)
    facts = {f"{time.at // 3600}:{time.at % 3600 // 60:02d}" for time in times}
    for match in _TOKEN.finditer(text):
        inside_time = any(time.start <= match.start() < time.end for time in times)
        if not inside_time and any(ch.isdigit() for ch in match.group()):
            facts.add(match.group().lower())
    return facts


def normalise_times(text: str) -> set[str]:
    """Times in a text as 'H:MM' (so '09:00', 'at 9.00' and '9:00' agree; 'Room 10.30' is no time)."""
    return {f"{at // 3600}:{at % 3600 // 60:02d}" for at in find_times(text)}


def contains_phrase(text: str, phrase: str) -> bool:
    """Case-insensitive match of a word or phrase on word boundaries."""
    return _phrase_pattern(phrase.lower()).search(text.lower()) is not None


@functools.lru_cache(maxsize=4096)
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(r"(?<![A-Za-z0-9])" + re.escape(phrase) + r"(?![A-Za-z0-9])")


def mentions_any(text: str, words: set[str] | frozenset[str]) -> bool:
    """Does `text` hold one of `words` (a word by its stem, a phrase as written, short forms spelled out)?"""
    word_stems, phrases = _word_stems_and_phrases(frozenset(words))
    if not word_stems.isdisjoint(_all_stems(text)):
        return True
    return bool(phrases) and any(contains_phrase(spelled_out(text), phrase) for phrase in phrases)


@functools.lru_cache(maxsize=1024)
def _word_stems_and_phrases(words: frozenset[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    # The word lists are the same few sets asked about again and again: split and stem them once.
    return frozenset(stem(word) for word in words if " " not in word), tuple(word for word in words if " " in word)


_SHORT_FORM = re.compile(
    r"(?<![\w'’])(" + "|".join(re.escape(short) for short in SHORT_FORMS) + r")(?![\w'’])", re.IGNORECASE
)


@functools.lru_cache(maxsize=16384)
def spelled_out(text: str) -> str:
    """`text` with the short forms people type read as their words ("brought fwd" as "brought
    forward"), for matching phrases; what a card quotes stays as written."""
    return _SHORT_FORM.sub(lambda match: SHORT_FORMS[match.group(1).lower()], text)


@functools.lru_cache(maxsize=16384)
def _all_stems(text: str) -> frozenset[str]:
    return frozenset(stem(token) for token in tokens(text))


def strip_control(text: str) -> str:
    """Without control characters: a terminal escape or a bidi override in untrusted text never reaches a tty."""
    return _CONTROL.sub(" ", text)


def clean_untrusted(text: str, limit: int = 400) -> str:
    """Text from a scene, a notification or the model, made safe to put into a prompt or a card.

    Chat-template control tokens are removed so data can never open a new turn or a system
    message; control characters go; whitespace collapses; length is bounded.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _SPECIAL_TOKENS.sub(" ", text)
    text = " ".join(strip_control(text).split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text
