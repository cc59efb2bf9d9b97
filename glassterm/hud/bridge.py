"""Glue between a Session (engine threads) and the HUD (Textual's event loop).

The bridge listens to the session and posts messages to the app; it never reads widgets and
the app never polls the engine. `post` is Textual's thread-safe `post_message`.

The session itself serialises playback and live input (push-to-talk, typed text, the mic,
minute ticks); the bridge only listens.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.message import Message

from glassterm.events import Event, Mode
from glassterm.hud.messages import EnergySample, LlmBusy, SessionEvent, SessionOutput
from glassterm.playback import Setup
from glassterm.power.energy import price
from glassterm.session import Session


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
        for mode, run in session.runs.items():
            run.assistant.on_llm_busy = lambda busy, mode=mode: self.post(LlmBusy(self.generation, mode, busy))

    def post_energy(self, mode: Mode, at: float) -> None:
        assistant = self.session.runs[mode].assistant
        report = price(assistant.ledger, self.setup.profile, max(at - self.start, 0.0))
        self.post(
            EnergySample(
                self.generation,
                mode,
                at,
                report.battery_pct,
                report.energy_mwh,
                report.projected_hours,
                report.projected_hours_range,
            )
        )

    def deliver(self, event: Event) -> None:
        """Live input from any thread (blocking while the assistants handle it: call from a worker)."""
        self.session.deliver(event)
