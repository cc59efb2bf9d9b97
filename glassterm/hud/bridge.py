"""Glue between a Session (engine threads) and the HUD (Textual's event loop).

The bridge listens to the session and posts messages to the app; it never reads widgets and
the app never polls the engine. `post` is Textual's thread-safe `post_message`.

The session itself serialises playback and live input (push-to-talk, typed text, the mic,
minute ticks); the bridge only listens.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.message import Message

from glassterm.events import Event, Mode
from glassterm.hud.messages import EnergySample, LlmBusy, SessionEvent, SessionOutput
from glassterm.playback import Setup
from glassterm.power.energy import price
from glassterm.session import Session


class _BusyLLM:
    """Wraps the shared model so the HUD hears when a mode's call starts and ends."""

    def __init__(self, llm: Any, bridge: Bridge) -> None:
        self._llm = llm
        self._bridge = bridge

    def complete(self, *args: Any, **kwargs: Any) -> Any:
        mode = self._bridge.session.handling
        if mode is not None:
            self._bridge.post(LlmBusy(self._bridge.generation, mode, True))
        try:
            return self._llm.complete(*args, **kwargs)
        finally:
            if mode is not None:
                self._bridge.post(LlmBusy(self._bridge.generation, mode, False))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._llm, name)


class Bridge:
    def __init__(
        self,
        session: Session,
        setup: Setup,
        *,
        start: float,
        generation: int,
        post: Callable[[Message], object],
    ) -> None:
        self.session = session
        self.setup = setup
        self.start = start
        self.generation = generation
        self.post = post
        self._attach()

    def _attach(self) -> None:
        session = self.session
        session.on_event.append(lambda event: self.post(SessionEvent(self.generation, event)))
        session.on_output.append(lambda output: self.post(SessionOutput(self.generation, output)))
        session.on_handled.append(lambda mode, event: self.post_energy(mode, event.at))
        phrasers = {id(run.assistant.phraser): run.assistant.phraser for run in session.runs.values()}
        for phraser in phrasers.values():
            if phraser.llm is not None and not isinstance(phraser.llm, _BusyLLM):
                phraser.llm = _BusyLLM(phraser.llm, self)

    def post_energy(self, mode: Mode, at: float) -> None:
        assistant = self.session.runs[mode].assistant
        report = price(assistant.ledger, self.setup.profile, max(at - self.start, 0.0))
        self.post(
            EnergySample(self.generation, mode, at, report.battery_pct, report.energy_mwh, report.projected_hours)
        )

    def deliver(self, event: Event) -> None:
        """Live input from any thread (blocking while the assistants handle it: call from a worker)."""
        self.session.deliver(event)
