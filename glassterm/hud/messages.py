"""The HUD's own messages. Engine messages carry the session generation so a restart drops
stale ones; high-rate ones do not bubble and collapse when repeated (toolong's lesson)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from glassterm.events import Event, Mode, Output, Suggestion
from glassterm.lab.rephrase import Asked
from glassterm.power import Spread


@dataclass
class SessionEvent(Message, bubble=False):
    """An input event was delivered to the assistants."""

    generation: int
    event: Event


@dataclass
class SessionOutput(Message, bubble=False):
    """An assistant produced a card, a reply or a decision (why a card was held back)."""

    generation: int
    output: Output


@dataclass
class SessionSuggestion(Message, bubble=False):
    """Live in a scene: what its wearer says now, for the wearer at the microphone to try."""

    generation: int
    suggestion: Suggestion


@dataclass
class EnergySample(Message, bubble=False):
    """What one mode has spent so far, priced after it handled an event."""

    generation: int
    mode: Mode
    at: float
    battery_pct: float
    energy_mwh: float
    projected_hours: float
    projected_hours_range: Spread  # the same at the low and high ends of the profile's cost ranges


@dataclass
class LlmBusy(Message, bubble=False):
    generation: int
    mode: Mode
    busy: bool


@dataclass
class SessionFinished(Message, bubble=False):
    generation: int


@dataclass
class MicState(Message, bubble=False):
    """The live microphone: state is one of "off", "loading", "listening", "recording", "keyboard"."""

    state: str
    reason: str = ""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, MicState)


@dataclass
class TurnTimed(Message, bubble=False):
    """Wall seconds one live turn took (display only, never a decision)."""

    seconds: float
    first_audio: float | None = None  # end of speech to the first spoken reply


@dataclass
class Notice(Message, bubble=False):
    """Something to tell the user from a worker thread (a failed turn, for example)."""

    text: str
    severity: str = "information"


@dataclass
class PromptCompared(Message, bubble=False):
    """The card or reply on the lens, asked again after a prompt reload: both asks, old and new."""

    before: Asked
    after: Asked
