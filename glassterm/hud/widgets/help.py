"""The help screen: the keys (from the one action table) and how to read the HUD."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from glassterm.hud.commands import ACTIONS

GUIDE = (
    "Left: the PROACTIVE glasses, which surface cards on their own. Right: the MANUAL glasses, "
    "which act only on the wake word or push-to-talk. Each lens shows what that display can show "
    "(lines × characters of its display profile); long cards are paged. Cards time out in "
    "virtual time. Below: the battery each mode has spent and how long it would last (with the "
    "range the device profile's cost ranges allow), the shared timeline of scene events, "
    "and the transcript. Live in a scene (the demo day), what its wearer says appears under the "
    "clock as a suggestion of what to try saying. ctrl+p opens the command palette (also to change "
    "the display profile)."
)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,question_mark,q", "close", "Close")]

    def compose(self) -> ComposeResult:
        table = Table(show_header=False, box=None, padding=(0, 2))
        for action in ACTIONS:
            table.add_row(Text(action.display, style="bold"), Text(action.help))
        with Vertical(id="help-box"):
            yield Static(Text("glassterm keys", style="bold"), id="help-title")
            yield Static(table)
            yield Static(Text(GUIDE), id="help-guide")

    def action_close(self) -> None:
        self.dismiss(None)
