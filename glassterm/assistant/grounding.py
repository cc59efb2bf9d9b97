"""Grounded phrasing: facts come from the context, the model only rewords them.

A model's sentence is used only if it keeps every key fact of the template (times,
numbers, codes, names) and adds no new one; otherwise the template is shown. Tiny models
drop and invent facts often (see DESIGN.md), so this check is what keeps cards right.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from glassterm.assistant.context import proper_names
from glassterm.assistant.llm import Completion, LocalLLM
from glassterm.assistant.prompts import PromptSet
from glassterm.assistant.text import clean_untrusted, content_stems, normalise_times, tokens

MAX_CARD_CHARS = 180  # MentraOS keeps proactive insights under 180 characters
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n)([A-Z][\w'’-]*)")
_FACTS_TAGS = re.compile(r"</?\s*facts\s*>", re.IGNORECASE)
# Signs that the model talked about its prompt instead of to the wearer.
_PROMPT_ECHO = re.compile(r"\bfacts?\b|\bwearer\b|<|>|^\s*[-*•]|\n\s*[-*•]|\bas an ai\b|\bi'?m sorry\b", re.IGNORECASE)
MIN_COVERAGE = 0.6
MAX_NEW_WORDS = 2


def _coded(text: str) -> set[str]:
    """Tokens with a digit (B52, LH1172, 30, 4B), times excluded."""
    without_times = re.sub(r"\b\d{1,2}[:.]\d{2}\b", " ", text)
    return {token.lower() for token in tokens(without_times) if any(ch.isdigit() for ch in token)}


def _names(text: str) -> set[str]:
    """Names and places a sentence states, lower-cased for comparison."""
    return {name.lower() for name in proper_names(text)}


def keeps_facts(candidate: str, template: str, source: str) -> bool:
    """True when `candidate` says every key fact of `template` and nothing `source` lacks."""
    if not candidate.strip() or len(candidate) > MAX_CARD_CHARS:
        return False
    lower = candidate.lower()
    if not normalise_times(template) <= normalise_times(candidate):
        return False
    if normalise_times(candidate) - normalise_times(source) - normalise_times(template):
        return False
    if any(code not in lower for code in _coded(template)):
        return False
    if _coded(candidate) - _coded(source) - _coded(template):
        return False
    if any(name not in lower for name in _names(template)):
        return False
    known = (source + " " + template).lower()
    if not all(name in known for name in _names(candidate)):
        return False
    if _PROMPT_ECHO.search(candidate) or len(candidate) > len(template) * 1.5 + 40:
        return False
    # Most of what the template says must survive, and little may be added.
    wanted = content_stems(template)
    said = content_stems(candidate)
    if wanted and len(wanted & said) / len(wanted) < MIN_COVERAGE:
        return False
    return len(said - wanted - content_stems(source)) <= MAX_NEW_WORDS


def safe_data(text: str) -> str:
    """Scene or model text as prompt data: no control tokens, no closing of the facts block."""
    return clean_untrusted(_FACTS_TAGS.sub(" ", text), 300)


@dataclass(frozen=True, slots=True)
class Phrased:
    text: str
    by_model: bool
    completion: Completion | None


class Phraser:
    """Asks the model to reword a template, and keeps the result only if it stays true."""

    def __init__(self, llm: LocalLLM | None, prompts: PromptSet) -> None:
        self.llm = llm
        self.prompts = prompts

    def phrase(
        self,
        which: str,
        template: str,
        facts: list[str],
        *,
        question: str = "",
        max_words: int = 18,
        on_text: Callable[[str], None] | None = None,
    ) -> Phrased:
        if self.llm is None:
            return Phrased(template, False, None)
        data = "\n".join(safe_data(fact) for fact in facts)
        user = self.prompts.render(which, facts=data, question=safe_data(question), max_words=str(max_words))
        completion = self.llm.complete(self.prompts.system, user, max_tokens=max_words * 2 + 8, on_text=on_text)
        candidate = clean_untrusted(completion.text, MAX_CARD_CHARS + 40).strip().strip('"')
        if keeps_facts(candidate, template, " ".join(facts)):
            return Phrased(candidate, True, completion)
        return Phrased(template, False, completion)
