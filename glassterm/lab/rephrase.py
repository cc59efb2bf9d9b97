"""The prompt lab in the HUD: remember what the model was asked for each card and reply, so a
prompt reload can ask again for the one on the lens and show the old prompt and text beside the new."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from glassterm.assistant.grounding import MAX_CARD_CHARS, Phrased, Phraser
from glassterm.assistant.llm import ChatModel, Completion
from glassterm.assistant.prompts import PromptSet
from glassterm.events import Card, Mode, Output, Reply

KEPT = 64  # asks remembered: far more than a lens can still be showing


@dataclass(frozen=True, slots=True)
class Asked:
    """One phrasing: what was asked (so it can be asked again) and what came of it."""

    which: str  # card | reply
    template: str
    facts: tuple[str, ...]
    question: str
    max_words: int
    max_chars: int
    prompts: str  # the prompt set's name
    system: str  # the prompts as sent, facts filled in
    user: str
    said: str  # the model's own words
    shown: str  # what the phrasing gave: the model's sentence, or the template
    by_model: bool
    refused: str | None


class _LastPrompt:
    """A model that notes the prompt it was last sent."""

    def __init__(self, model: ChatModel) -> None:
        self.model = model
        self.system = self.user = ""

    @property
    def name(self) -> str:
        return self.model.name

    @property
    def identity(self) -> str:
        return self.model.identity

    def complete(
        self,
        system: str,
        user: str,
        *,
        max_tokens: int = 48,
        stop: tuple[str, ...] = ("\n\n",),
        on_text: Callable[[str], None] | None = None,
    ) -> Completion:
        self.system, self.user = system, user
        return self.model.complete(system, user, max_tokens=max_tokens, stop=stop, on_text=on_text)


class RecordingPhraser(Phraser):
    """A phraser that remembers its last asks, numbered in order."""

    def __init__(self, llm: ChatModel | None, prompts: PromptSet) -> None:
        self._sent = _LastPrompt(llm) if llm is not None else None
        super().__init__(self._sent, prompts)
        self.asked: deque[tuple[int, Asked]] = deque(maxlen=KEPT)
        self.count = 0

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
        phrased = super().phrase(
            which, template, facts, question=question, max_words=max_words, max_chars=max_chars, on_text=on_text
        )
        if self._sent is not None and phrased.completion is not None:
            asked = Asked(
                which,
                template,
                tuple(facts),
                question,
                max_words,
                max_chars,
                self.prompts.name,
                self._sent.system,
                self._sent.user,
                phrased.completion.text.strip(),
                phrased.text,
                phrased.by_model,
                phrased.refused,
            )
            self.asked.append((self.count, asked))
            self.count += 1
        return phrased


def was_asked(output: Output) -> bool:
    """True for a card or reply the model was asked to phrase (used or refused)."""
    return isinstance(output, Card | Reply) and (output.phrased_by == "model" or output.refused is not None)


class Origins:
    """Which ask each card and reply came from. A session's listener: outputs arrive in the order
    their phrasings were asked (an assistant phrases, then its outputs go out), so they pair in order."""

    def __init__(self, phraser: RecordingPhraser) -> None:
        self.phraser = phraser
        self._paired = 0
        self._by_output: dict[tuple[Mode, float, str], Asked] = {}

    def saw(self, output: Output) -> None:
        if not was_asked(output):
            return
        number = self._paired
        self._paired += 1
        for index, asked in self.phraser.asked:
            if index == number:
                text = output.body if isinstance(output, Card) else output.text  # type: ignore[union-attr]
                self._by_output[(output.mode, output.at, text)] = asked
                while len(self._by_output) > KEPT:
                    self._by_output.pop(next(iter(self._by_output)))
                return

    def of(self, mode: Mode, at: float, text: str) -> Asked | None:
        return self._by_output.get((mode, at, text))


def ask_again(asked: Asked, llm: ChatModel, prompts: PromptSet) -> Asked:
    """The same phrasing under other prompts (a model call: not on the UI's thread)."""
    phraser = RecordingPhraser(llm, prompts)
    phraser.phrase(
        asked.which,
        asked.template,
        list(asked.facts),
        question=asked.question,
        max_words=asked.max_words,
        max_chars=asked.max_chars,
    )
    return phraser.asked[-1][1]
