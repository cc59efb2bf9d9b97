"""After a prompt reload: the card or reply on the lens under the previous prompts beside the new.

Prompts, facts and model text are data: they go into `rich.text.Text`, never parsed as markup.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from glassterm.lab.rephrase import Asked

CHANGED = "black on yellow"  # a prompt line the other side does not have


def _lines(text: str, other: str, out: Text) -> None:
    theirs = set(other.splitlines())
    for line in text.splitlines():
        out.append(line or " ", style=CHANGED if line not in theirs else "")
        out.append("\n")


def side(label: str, asked: Asked, other: Asked) -> Text:
    """One column: which prompts, the prompt as sent (lines the other lacks marked), what came of it."""
    text = Text()
    text.append(f"{label}: prompts {asked.prompts}\n\n", style="bold")
    if asked.system != other.system:
        text.append("system prompt\n", style="underline")
        _lines(asked.system, other.system, text)
        text.append("\n")
    text.append(f"{asked.which} prompt\n", style="underline")
    _lines(asked.user, other.user, text)
    text.append("\nthe model said\n", style="underline")
    text.append((asked.said or "(nothing)") + "\n\n")
    text.append("the lens shows\n", style="underline")
    text.append(asked.shown + "\n", style="bold")
    source = "the model's sentence" if asked.by_model else f"the template (model refused: {asked.refused})"
    text.append(source, style="italic")
    return text


class PromptComparison(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,enter,q,ctrl+r", "close", "Close")]

    def __init__(self, before: Asked, after: Asked) -> None:
        super().__init__()
        self.before, self.after = before, after

    def compose(self) -> ComposeResult:
        with Vertical(id="compare-box"):
            yield Static(
                Text(f"The {self.before.which} on the lens, asked again with the reloaded prompts", style="bold"),
                id="compare-title",
            )
            with Horizontal(id="compare-sides"):
                yield Static(side("before", self.before, self.after), classes="compare-side", id="compare-before")
                yield Static(side("after", self.after, self.before), classes="compare-side", id="compare-after")
            yield Static(Text("escape closes", style="dim"), id="compare-hint")

    def action_close(self) -> None:
        self.dismiss(None)
