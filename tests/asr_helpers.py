"""Word error rate for the speech tests, by jiwer, ignoring case, punctuation, hyphens and how
"9am" is spaced.

A module of its own beside the root conftest (which puts this folder on the import path), so
the speech tests and the live test share one definition.
"""

from __future__ import annotations

import jiwer

WORDS = jiwer.Compose(
    [
        jiwer.ToLowerCase(),
        jiwer.SubstituteRegexes({r"-": " "}),  # "follow-up" is heard as "follow up"
        jiwer.SubstituteRegexes({r"\b(\d+)(am|pm)\b": r"\1 \2"}),  # Whisper writes "9am" and "9 AM" alike
        jiwer.RemovePunctuation(),
        jiwer.RemoveMultipleSpaces(),
        jiwer.Strip(),
        jiwer.ReduceToListOfListOfWords(),
    ]
)


def word_error_rate(reference: str, hypothesis: str) -> float:
    """(substitutions + deletions + insertions) / reference words."""
    return float(jiwer.wer(reference, hypothesis, reference_transform=WORDS, hypothesis_transform=WORDS))
