"""Grounded phrasing: facts come from the context, the model only rewords them.

A model's sentence is used only if it keeps every key fact of the template (times,
numbers, codes, names) and adds no new one; otherwise the template is shown. Tiny models
drop and invent facts often (see DESIGN.md), so this check is what keeps cards right.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from glassterm.assistant.gist import proper_names
from glassterm.assistant.llm import ChatModel, Completion
from glassterm.assistant.prompts import PromptSet
from glassterm.assistant.text import clean_untrusted, content_stems, fact_tokens

MAX_CARD_CHARS = 180  # MentraOS keeps proactive insights under 180 characters
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n)([A-Z][\w'’-]*)")
_FACTS_TAGS = re.compile(r"</?\s*facts\s*>", re.IGNORECASE)
# Signs that the model talked about its prompt instead of to the wearer.
_PROMPT_ECHO = re.compile(r"\bfacts?\b|\bwearer\b|<|>|^\s*[-*•]|\n\s*[-*•]|\bas an ai\b|\bi'?m sorry\b", re.IGNORECASE)
MIN_COVERAGE = 0.6
MAX_NEW_WORDS = 2


def _names(text: str) -> set[str]:
    """Names and places a sentence states, lower-cased for comparison."""
    return {name.lower() for name in proper_names(text)}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _repeats_itself(text: str) -> bool:
    """Words said twice in a row, or a run of four said twice: "Sue (Mail): Sue (Mail): Hi" is a
    broken echo, not a card."""
    words = _words(text)
    stutters = any(words[i : i + n] == words[i + n : i + 2 * n] for n in (2, 3) for i in range(len(words) - 2 * n + 1))
    runs = [tuple(words[i : i + 4]) for i in range(len(words) - 3)]
    return stutters or len(runs) != len(set(runs))


def refusal(candidate: str, template: str, source: str, *, max_chars: int = MAX_CARD_CHARS) -> str | None:
    """Why the model's sentence may not replace `template`, or None when it may.

    It must keep every fact of the template (times, codes, numbers, names), add none that
    `source` lacks, fit the display, and say it better rather than the same: an echo of the
    template or of the prompt is refused, so "by the model" means the model did something.
    """
    if not candidate.strip():
        return "empty"
    if len(candidate) > max_chars or len(candidate) > len(template) * 1.5 + 40:
        return "too long"
    facts, wanted, known = fact_tokens(candidate), fact_tokens(template), fact_tokens(source)
    lower = candidate.lower()
    if not wanted <= facts or any(name not in lower for name in _names(template)):
        return "lost a fact"
    everything = (source + " " + template).lower()
    if facts - wanted - known or not all(name in everything for name in _names(candidate)):
        return "added a fact"
    if _PROMPT_ECHO.search(candidate):
        return "talked about its prompt"
    if _repeats_itself(candidate) and not _repeats_itself(template):
        return "repeats itself"
    if _words(candidate) == _words(template):
        return "echo of the template"
    # Most of what the template says must survive, and little may be added.
    wanted_words, said = content_stems(template), content_stems(candidate)
    if wanted_words and len(wanted_words & said) / len(wanted_words) < MIN_COVERAGE:
        return "lost the point"
    if len(said - wanted_words - content_stems(source)) > MAX_NEW_WORDS:
        return "added words"
    return None


def keeps_facts(candidate: str, template: str, source: str) -> bool:
    """True when `candidate` says every key fact of `template` and nothing `source` lacks."""
    return refusal(candidate, template, source) is None


def safe_data(text: str) -> str:
    """Scene or model text as prompt data: no control tokens, no closing of the facts block."""
    return clean_untrusted(_FACTS_TAGS.sub(" ", text), 300)


@dataclass(frozen=True, slots=True)
class Phrased:
    text: str
    by_model: bool
    completion: Completion | None
    refused: str | None = None  # why the model's sentence was not used, when it was asked


class Phraser:
    """Asks the model to reword a template, and keeps the result only if it stays true."""

    def __init__(self, llm: ChatModel | None, prompts: PromptSet) -> None:
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
        max_chars: int = MAX_CARD_CHARS,
        on_text: Callable[[str], None] | None = None,
    ) -> Phrased:
        if self.llm is None:
            return Phrased(template, False, None)
        data = "\n".join(safe_data(fact) for fact in facts)
        user = self.prompts.render(which, facts=data, question=safe_data(question), max_words=str(max_words))
        completion = self.llm.complete(self.prompts.system, user, max_tokens=max_words * 2 + 8, on_text=on_text)
        candidate = clean_untrusted(completion.text, MAX_CARD_CHARS + 40).strip().strip('"')
        why = completion.failure or refusal(candidate, template, " ".join(facts), max_chars=max_chars)
        if why is None:
            return Phrased(candidate, True, completion)
        return Phrased(template, False, completion, refused=why)

    def general(self, question: str, *, max_words: int = 18) -> Phrased:
        """The model's own answer to a question no fact of the day answers ("how many teaspoons
        in a tablespoon?"): nothing to check it against, so it is shown as the model's, never
        as a fact. Refused when the model fails, says nothing, or runs past a display's page."""
        if self.llm is None:
            return Phrased("", False, None)
        user = self.prompts.render("general", question=safe_data(question), max_words=str(max_words))
        completion = self.llm.complete(self.prompts.general_system, user, max_tokens=max_words * 2 + 8)
        said = clean_untrusted(completion.text, MAX_CARD_CHARS + 40).strip().strip('"')
        why = (
            completion.failure
            or ("said nothing" if not said else None)
            or ("too long" if len(said) > MAX_CARD_CHARS else None)
        )
        return Phrased(said, why is None, completion, refused=why)
