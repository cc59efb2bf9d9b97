"""The HUD's actions in one table: the key bindings, the footer, the help screen and the
command palette are all built from it, so they cannot drift apart."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Protocol, cast

from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider

from glassterm.display import DISPLAYS


class Commandable(Protocol):
    """What the palette needs of the app; the app imports this table, so the table cannot import it."""

    def run_hud_action(self, action: str) -> None: ...

    def set_display(self, name: str) -> None: ...


@dataclass(frozen=True, slots=True)
class HudAction:
    keys: str  # Textual key names, comma-separated
    display: str  # how the footer and help show the key
    action: str  # GlassApp.action_<action>
    label: str  # short, for the footer
    help: str  # a sentence, for the help screen and the palette


ACTIONS: tuple[HudAction, ...] = (
    HudAction(
        "space", "space", "push_to_talk", "Talk", "Push-to-talk: what is said next is addressed to the assistants"
    ),
    HudAction("p", "p", "toggle_pause", "Pause", "Pause or resume the virtual clock"),
    HudAction("plus,equals_sign", "+", "faster", "Faster", "Play faster"),
    HudAction("minus", "-", "slower", "Slower", "Play slower"),
    HudAction("n", "n", "skip", "Skip", "Skip to the next scene event"),
    HudAction("r", "r", "restart", "Restart", "Restart the scene (or the live session) from the beginning"),
    HudAction("ctrl+r", "^r", "reload_prompts", "Prompts", "Reload the prompt files from disk"),
    HudAction("s", "s", "switch_layout", "Layout", "Switch between one lens and both side by side"),
    HudAction("d", "d", "dismiss", "Dismiss", "Dismiss the card on the lens"),
    HudAction("pagedown,right_square_bracket", "]", "next_page", "Page", "Show the next page of a long card"),
    HudAction("slash", "/", "type", "Type", "Type what you say (keyboard instead of the microphone)"),
    HudAction("question_mark", "?", "help", "Help", "Show the keys and what the HUD shows"),
    HudAction("q", "q", "quit", "Quit", "Quit glassterm"),
)


def bindings() -> list[BindingType]:
    return [Binding(a.keys, a.action, a.label, key_display=a.display) for a in ACTIONS]


class HudCommands(Provider):
    """Every HUD action, and the display profiles, in the command palette."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app = cast(Commandable, self.app)  # HudCommands is registered by GlassApp alone
        found: list[tuple[str, Callable[[], object], str]] = [
            (f"{a.label} ({a.display})", partial(app.run_hud_action, a.action), a.help) for a in ACTIONS
        ]
        found += [
            (f"Display: {p.label}", partial(app.set_display, name), f"{p.lines} lines × {p.columns} characters")
            for name, p in DISPLAYS.items()
        ]
        return found

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = max(matcher.match(name), matcher.match(help_text) * 0.8)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
