"""The engine behind the HUD: the session it shows, replaced on restart, fed live input, stopped on quit.

It builds the session (a scene's playback; live, a scene mapped to now or today with no scene),
attaches a bridge that posts to the app, delivers live input in order through the inbox,
advances the live clock, opens the microphone and the one speaker, and writes the scene's
report. The app drives it from keys and its clock frame, and runs its blocking methods
(`play`, `serve_inbox`, `open_microphone`) in thread workers.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

from glassterm.events import Event, Mode, TimeTick
from glassterm.hud.bridge import Bridge
from glassterm.hud.messages import Notice, SessionFinished, TurnTimed
from glassterm.hud.microphone import Microphone
from glassterm.lab.rephrase import Origins, RecordingPhraser
from glassterm.live import HeardAloud, Inbox, live_scene_session, live_session, local_seconds
from glassterm.playback import Setup, make_session
from glassterm.scene.model import Scene
from glassterm.scene.today import LiveDay, mapped_to_now
from glassterm.session import Session

if TYPE_CHECKING:
    from glassterm.speech.sinks import AudioSink
    from glassterm.speech.tts import Voice


class Engine:
    def __init__(
        self,
        setup: Setup,
        post: Callable[[Message], object],
        *,
        scene: Scene | None,
        modes: tuple[Mode, ...],
        speed: float,
        live: bool = False,
        live_start: float | None = None,
        live_date: dt.date | None = None,
        hear_aloud: bool = False,
    ) -> None:
        self.setup = setup
        self.post = post
        self.scene = scene
        self.modes = modes
        self.speed = speed
        self.live = live  # the wall clock and the microphone, with or without a scene
        self.live_start = live_start  # tests fix the wall clock's time and date; else they are read at start
        self.live_date = live_date
        self.day: LiveDay | None = None  # live in a scene: the scene as mapped to now
        self.generation = 0  # engine messages carry it: a restart drops the old session's
        self.session: Session | None = None
        self.origins: Origins | None = None  # which ask each card and reply on the lenses came from
        self.bridge: Bridge | None = None
        self.microphone: Microphone | None = None
        self.stopped = threading.Event()
        self._speaker: AudioSink | None = None
        self._speaker_lock = threading.Lock()
        self._other_voice: Voice | None = None
        self.heard_aloud = (
            HeardAloud(
                self._hear_voice,
                self.speaker,
                on_failed=lambda error: post(Notice(f"a hear line could not be spoken: {error}", "warning")),
            )
            if hear_aloud and live
            else None
        )
        self._inbox = Inbox(
            on_failed=lambda error: post(Notice(f"the assistants failed on that input: {error}", "error")),
            on_said=lambda seconds: post(TurnTimed(seconds)),
        )
        self._last_wall = time.monotonic()
        self._last_minute = -1

    @property
    def start(self) -> float:
        assert self.bridge is not None
        return self.bridge.start

    @property
    def played(self) -> Scene | None:
        """The scene the session plays: as written, or as mapped to now when live."""
        return self.day.scene if self.day is not None else self.scene

    def restart(self) -> Session:
        """A fresh session from the start (the first one too); the old one stops."""
        if self.session is not None:
            self.session.stop.set()
        self.generation += 1
        # Each ask remembered, so a prompt reload can ask again for the card on the lens.
        shared = self.setup.phraser()
        phraser = RecordingPhraser(shared.llm, shared.prompts)
        if not self.live:
            assert self.scene is not None
            start = float(self.scene.start)
            session = make_session(self.scene, self.setup, modes=self.modes, speed=self.speed, phraser=phraser)
        else:
            start = self.live_start if self.live_start is not None else local_seconds()
            today = self.live_date or dt.date.today()
            if self.scene is not None:
                self.day = mapped_to_now(self.scene, today, start)
                scene = self.setup.wearer.join(self.day.scene)  # the wearer's own day of today, beside it
                session = live_scene_session(
                    scene, self.modes, phraser, self.setup.policy, start=start, encoder=self.setup.hub.encoder()
                )
            else:
                session = live_session(
                    self.modes,
                    phraser,
                    self.setup.policy,
                    start=start,
                    wearer=self.setup.wearer,
                    today=today,
                    encoder=self.setup.hub.encoder(),
                )
            if self.heard_aloud is not None:
                self.heard_aloud.clear()
                session.on_event.append(self.heard_aloud.heard)
        self.origins = Origins(phraser)
        session.on_output.append(self.origins.saw)
        self.session = session
        self.bridge = Bridge(session, self.setup, start=start, generation=self.generation, post=self.post)
        self._last_minute = int(start // 60)
        self._last_wall = time.monotonic()  # the live clock starts now, not when the app was built
        return session

    def play(self, session: Session, generation: int) -> None:
        """Play the session's events on its clock. Blocking: a worker thread runs it."""
        session.run()
        if session.finished and not session.stop.is_set() and self.scene is not None:
            self.post(SessionFinished(generation))

    def inject(self, event: Event) -> None:
        """Live input (push-to-talk, typed text, minute ticks): delivered in order, off the UI loop."""
        if self.session is not None:
            self._inbox.put(self.session, event)

    def serve_inbox(self) -> None:
        """Deliver injected input until the engine stops. Blocking: a worker thread runs it."""
        self._inbox.serve(self.stopped)

    def tick(self) -> float:
        """One clock frame: live, wall time moves the virtual clock (the session follows it), and
        once no scene is playing its minute ticks, each new minute is a TimeTick."""
        assert self.session is not None
        session = self.session
        wall = time.monotonic()
        if self.live:
            session.clock.advance_wall(wall - self._last_wall)
            minute = int(session.clock.now // 60)
            if minute > self._last_minute:
                self._last_minute = minute
                if session.finished:
                    self.inject(TimeTick(at=float(minute * 60)))
        self._last_wall = wall
        return session.clock.now

    def speaker(self) -> AudioSink:
        """The one speaker, opened on first use: answers and hear lines share it, so the
        microphone, deaf while it plays, never hears either as the wearer."""
        from glassterm.speech.sinks import NullSink, SpeakerSink

        with self._speaker_lock:
            if self.stopped.is_set():
                return NullSink()  # quitting: a late caller (the microphone still loading) opens no device
            if self._speaker is None:
                try:
                    self._speaker = SpeakerSink()
                except Exception as error:  # noqa: BLE001  no speaker: answers still show on the lenses
                    self.post(Notice(f"No speaker ({error}); answers are shown, not spoken.", "warning"))
                    self._speaker = NullSink()
            return self._speaker

    def _hear_voice(self) -> Voice:
        if self._other_voice is None:
            from glassterm.speech.tts import OTHER_PRESET

            self._other_voice = self.setup.hub.tts().with_preset(OTHER_PRESET)  # as `play --audio` voices them
        return self._other_voice

    def open_microphone(self, device: str | None, speaking_mode: Callable[[], Mode], *, barge_in: bool) -> None:
        """Start listening and post the resulting MicState. Blocking (models load): a worker thread runs it."""
        self.microphone = Microphone(
            self.setup.hub,
            lambda: self.session,
            speaking_mode,
            self.post,
            speaker=self.speaker,
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
        if self.heard_aloud is not None:
            self.heard_aloud.close()
        with self._speaker_lock:
            speaker, self._speaker = self._speaker, None
        if speaker is not None:
            speaker.close()
