"""Glue between a Session (engine threads) and the HUD (Textual's event loop).

The bridge listens to the session and posts messages to the app; it never reads widgets and
the app never polls the engine. `post` is Textual's thread-safe `post_message`.

The session itself serialises playback and live input (push-to-talk, typed text, the mic,
minute ticks); the bridge only listens, and writes the scene's report when asked.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from textual.message import Message

from glassterm.events import Event, Mode, Output, Suggestion
from glassterm.hud.messages import EnergySample, LlmBusy, SessionEvent, SessionOutput, SessionSuggestion
from glassterm.playback import Setup, finish
from glassterm.power.energy import price
from glassterm.report import report_dict, run_info, write_json
from glassterm.scene.model import Scene
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
        self.started_wall = time.perf_counter()
        self._attach()

    def _attach(self) -> None:
        session = self.session
        session.on_event.append(self._event)
        session.on_output.append(self._output)
        session.on_handled.append(self._handled)
        session.on_busy.append(self._busy)
        session.on_suggestion.append(self._suggestion)

    def _event(self, event: Event) -> None:
        self.post(SessionEvent(self.generation, event))

    def _output(self, output: Output) -> None:
        self.post(SessionOutput(self.generation, output))

    def _suggestion(self, suggestion: Suggestion) -> None:
        self.post(SessionSuggestion(self.generation, suggestion))

    def _handled(self, mode: Mode, event: Event) -> None:
        self.post_energy(mode, event.at)

    def _busy(self, mode: Mode, busy: bool) -> None:
        self.post(LlmBusy(self.generation, mode, busy))

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

    def write_report(self, scene: Scene, path: str | Path) -> None:
        """The report JSON of what was played so far (same contract as headless play); raises UserError."""
        setup = self.setup
        result = finish(
            scene, self.session, setup, time.perf_counter() - self.started_wall, setup.policy, setup.prompts
        )
        write_json(path, report_dict([result], **run_info(setup), hud=True))
