"""The engine behind the HUD: the session it shows, replaced on restart, fed live input, stopped on quit.

It builds the session (a scene's, or a live one on today's clock), attaches a bridge that posts
to the app, delivers live input in order through the inbox, advances the live clock, opens the
microphone and writes the scene's report. The app drives it from keys and its clock frame, and
runs its blocking methods (`play`, `serve_inbox`, `open_microphone`) in thread workers.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from textual.message import Message

from glassterm.events import Event, Mode, TimeTick
from glassterm.hud.bridge import Bridge
from glassterm.hud.messages import Notice, SessionFinished, TurnTimed
from glassterm.hud.microphone import Microphone
from glassterm.live import Inbox, live_session, local_seconds
from glassterm.playback import Setup, make_session
from glassterm.scene.model import Scene
from glassterm.session import Session


class Engine:
    def __init__(
        self,
        setup: Setup,
        post: Callable[[Message], object],
        *,
        scene: Scene | None,
        modes: tuple[Mode, ...],
        speed: float,
        live_start: float | None = None,
    ) -> None:
        self.setup = setup
        self.post = post
        self.scene = scene
        self.modes = modes
        self.speed = speed
        self.live_start = live_start
        self.generation = 0  # engine messages carry it: a restart drops the old session's
        self.session: Session | None = None
        self.bridge: Bridge | None = None
        self.microphone: Microphone | None = None
        self.stopped = threading.Event()
        self._inbox = Inbox(
            on_failed=lambda error: post(Notice(f"the assistants failed on that input: {error}", "error")),
            on_said=lambda seconds: post(TurnTimed(seconds)),
        )
        self._last_wall = time.monotonic()
        self._last_minute = -1

    @property
    def live(self) -> bool:
        return self.scene is None

    @property
    def start(self) -> float:
        assert self.bridge is not None
        return self.bridge.start

    def restart(self) -> Session:
        """A fresh session from the start (the first one too); the old one stops."""
        if self.session is not None:
            self.session.stop.set()
        self.generation += 1
        if self.scene is not None:
            start = float(self.scene.start)
            session = make_session(self.scene, self.setup, modes=self.modes, speed=self.speed)
        else:
            start = self.live_start if self.live_start is not None else local_seconds()
            session = live_session(
                self.modes, self.setup.phraser(), self.setup.policy, start=start, wearer=self.setup.wearer
            )
        self.session = session
        self.bridge = Bridge(session, self.setup, start=start, generation=self.generation, post=self.post)
        self._last_minute = int(start // 60)
        self._last_wall = time.monotonic()  # the live clock starts now, not when the app was built
        return session

    def play(self, session: Session, generation: int) -> None:
        """Play the session's events on its clock. Blocking: a worker thread runs it."""
        session.run()
        if session.finished and not session.stop.is_set() and not self.live:
            self.post(SessionFinished(generation))

    def inject(self, event: Event) -> None:
        """Live input (push-to-talk, typed text, minute ticks): delivered in order, off the UI loop."""
        if self.session is not None:
            self._inbox.put(self.session, event)

    def serve_inbox(self) -> None:
        """Deliver injected input until the engine stops. Blocking: a worker thread runs it."""
        self._inbox.serve(self.stopped)

    def tick(self) -> float:
        """One clock frame: live, wall time moves the virtual clock and each new minute is a TimeTick."""
        assert self.session is not None
        clock = self.session.clock
        wall = time.monotonic()
        if self.live:
            clock.advance_wall(wall - self._last_wall)
            minute = int(clock.now // 60)
            if minute > self._last_minute:
                self._last_minute = minute
                self.inject(TimeTick(at=float(minute * 60)))
        self._last_wall = wall
        return clock.now

    def open_microphone(self, device: str | None, speaking_mode: Callable[[], Mode], *, barge_in: bool) -> None:
        """Start listening and post the resulting MicState. Blocking (models load): a worker thread runs it."""
        self.microphone = Microphone(
            self.setup.hub,
            lambda: self.session,
            speaking_mode,
            self.post,
            device=device,
            barge_in=barge_in,
            policy=self.setup.policy,
        )
        if not self.stopped.is_set():
            self.post(self.microphone.open())

    def write_report(self, path: str | Path) -> None:
        """The scene's report JSON, of what was played so far; raises UserError."""
        assert self.scene is not None and self.bridge is not None
        self.bridge.write_report(self.scene, path)

    def stop(self) -> None:
        self.stopped.set()
        if self.session is not None:
            self.session.stop.set()
        if self.microphone is not None:
            self.microphone.close()
