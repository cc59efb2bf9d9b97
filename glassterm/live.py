"""Live sessions: the microphone and the keyboard are the wearer, on the wall clock.

`live_scene_session` lives in a scene mapped to now (scene/today.py): its world arrives as in
playback while its own `say` lines become suggestions; `live_session` is today with no world,
only the wearer's own calendar and reminders. `Inbox` delivers live input in order, off the UI
loop; what the microphone hears goes to both assistants, and one of them answers aloud.
`HeardAloud` speaks a scene's `hear` lines through the speaker (`--hear-aloud`).

`SpokenReplies` is the speech pipeline's Responder. For each utterance it delivers a `Said`
event to the session (so both lenses react, as in playback) and yields the speaking
assistant's grounded answer the moment retrieval has it, so Piper starts talking before the
model has finished phrasing the text for the display.
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Protocol

from glassterm.assistant.base import PUSH_TO_TALK_SECONDS
from glassterm.assistant.encoder import SentenceEncoder
from glassterm.assistant.grounding import Phraser
from glassterm.assistant.policy import Policy
from glassterm.clock import VirtualClock
from glassterm.events import (
    DEFAULT_WAKE_WORD,
    ButtonPressed,
    CalendarKnown,
    Event,
    Heard,
    Mode,
    ReminderSet,
    Said,
    SceneStarted,
    Suggestion,
    Transcript,
)
from glassterm.scene.model import Scene
from glassterm.scene.player import scene_events
from glassterm.scene.wearer import Wearer
from glassterm.session import Session, build_assistants

if TYPE_CHECKING:
    from glassterm.speech.audio import Audio
    from glassterm.speech.sinks import AudioSink

_LOG = logging.getLogger(__name__)

SessionSource = Session | Callable[[], Session | None]  # the HUD replaces its session on restart

_DONE = object()
FIRST_AUDIO_WAIT_S = 2.0  # at most this long does the model wait for the spoken answer to start


def local_seconds() -> float:
    """The wall clock's time of day, in seconds: where a live session's virtual clock starts."""
    now = dt.datetime.now()
    return float(now.hour * 3600 + now.minute * 60 + now.second)


def live_session(
    modes: Iterable[Mode],
    phraser: Phraser,
    policy: Policy,
    *,
    start: float,
    wearer: Wearer | None = None,
    today: dt.date | None = None,
    encoder: SentenceEncoder | None = None,
) -> Session:
    """A session with no scene: it opens today, knowing the wearer's calendar of today and
    standing reminders, and waits for live input, at real-time speed."""
    today = today or dt.date.today()
    events: list[Event | Suggestion] = [
        SceneStarted(at=start, title="Live", date=today.isoformat(), user_name=None, wake_word=DEFAULT_WAKE_WORD)
    ]
    if wearer is not None:
        day = wearer.on(today)
        events += [CalendarKnown(at=start, entry=entry) for entry in day.entries]
        events += [ReminderSet(at=start, reminder=reminder) for reminder in day.reminders]
    return Session(
        events,
        build_assistants(modes, phraser, policy, encoder),
        VirtualClock(start=start, speed=1.0),
        follow_clock=True,
    )


def live_scene_session(
    scene: Scene,
    modes: Iterable[Mode],
    phraser: Phraser,
    policy: Policy,
    *,
    start: float,
    encoder: SentenceEncoder | None = None,
) -> Session:
    """A scene (already mapped to today) lived on the clock from `start`: what the glasses know,
    sense and are sent arrives as in playback, while the microphone is the wearer. The scene's
    own `say` lines become suggestions at their times, and its button presses are the wearer's
    to make (a press that addressed a line is in its suggestion)."""
    events: list[Event | Suggestion] = []
    pressed_at: float | None = None
    for event in scene_events(scene):
        if isinstance(event, ButtonPressed):
            pressed_at = event.at
        elif isinstance(event, Said):
            talk = pressed_at is not None and 0 <= event.at - pressed_at <= PUSH_TO_TALK_SECONDS
            pressed_at = None if talk else pressed_at  # one press, one utterance
            events.append(Suggestion(at=event.at, text=event.text, push_to_talk=talk))
        else:
            events.append(event)
    return Session(
        events,
        build_assistants(modes, phraser, policy, encoder),
        VirtualClock(start=start, speed=1.0),
        follow_clock=True,
    )


class Inbox:
    """Live input (push-to-talk, typed text, minute ticks), delivered in order by one thread.

    Input for a session that has been stopped (the HUD restarted) is dropped. A turn that
    fails is reported and the next one is still delivered.
    """

    def __init__(self, on_failed: Callable[[Exception], object], on_said: Callable[[float], object]) -> None:
        self.on_failed = on_failed
        self.on_said = on_said  # wall seconds a Said turn took, for the latency display
        self._queue: queue.Queue[tuple[Session, Event]] = queue.Queue()

    def put(self, session: Session, event: Event) -> None:
        self._queue.put((session, event))

    def serve(self, stopped: threading.Event) -> None:
        """Deliver until `stopped` is set. Blocking: call it from a worker thread."""
        while not stopped.is_set():
            try:
                session, event = self._queue.get(timeout=0.1)
            except queue.Empty:
                continue
            if session.stop.is_set():
                continue
            started = time.perf_counter()
            try:
                session.deliver(event)
            except Exception as error:  # noqa: BLE001  one bad turn must not end the live session
                self.on_failed(error)
                continue
            if isinstance(event, Said):
                self.on_said(time.perf_counter() - started)


class SpokenReplies:
    def __init__(self, session: SessionSource, speaking_mode: Callable[[], Mode]) -> None:
        self._session = session
        self.speaking_mode = speaking_mode
        self._transcript: Transcript | None = None

    def heard(self, transcript: Transcript) -> None:
        """The pipeline's on_transcript: keep the ASR record for the event about to be delivered."""
        self._transcript = transcript

    def __call__(self, text: str) -> Iterator[str]:
        session = self._session if isinstance(self._session, Session) else self._session()
        if session is None:
            return
        spoken: queue.Queue[object] = queue.Queue()
        speaker = self.speaking_mode()
        transcript, self._transcript = self._transcript, None
        event = Said(at=session.clock.now, text=text, transcript=transcript)

        spoken_out = threading.Event()

        def answer(text: str) -> None:
            spoken.put(text)
            # The model phrases the lens's text after Piper has voiced the answer: on 2 cores the
            # two at once took the first audio from 0.2 s to about 0.9 s (README, Speed).
            spoken_out.wait(FIRST_AUDIO_WAIT_S)

        def deliver() -> None:
            try:
                session.deliver(event, first=speaker, on_reply_text=answer)
            finally:
                spoken.put(_DONE)

        # The session works in its own thread so the answer can be spoken while it finishes.
        threading.Thread(target=deliver, name="live-turn", daemon=True).start()
        while (piece := spoken.get()) is not _DONE:
            # A line break tells the sentence splitter the answer is whole: without it the last
            # sentence waits for a next one that never comes, until both assistants are done.
            yield str(piece) + "\n"
            spoken_out.set()  # resumed: the speech pipeline has played what it made of the piece


class Synthesizer(Protocol):
    def synthesize(self, text: str) -> Audio: ...


class HeardAloud:
    """`--hear-aloud`: a live scene's `hear` lines spoken through the speaker, in the other
    voice, so a demo room hears the announcement the lenses react to.

    It speaks through the one sink the answers go to: the listening pipeline is deaf while that
    sink plays and for its echo tail, as it is for answers, so the microphone never takes the
    announcement for the wearer. (With --barge-in the microphone stays open, which is for
    headphones: there the microphone does not hear the speaker.) The world's sound is not the
    glasses' work, so nothing is charged for it; the assistants get the line as the scene wrote it.
    """

    def __init__(
        self,
        voice: Callable[[], Synthesizer],
        sink: Callable[[], AudioSink],
        on_failed: Callable[[Exception], object] = lambda error: None,
    ) -> None:
        self._voice = voice  # called in the speaking thread: loading Piper never holds up the session
        self._sink = sink
        self.on_failed = on_failed
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self.spoken_seconds = 0.0  # audio of hear lines handed to the speaker

    def heard(self, event: Event) -> None:
        """A session's on_event listener: queue the scene's `hear` lines (the microphone makes none)."""
        if not isinstance(event, Heard):
            return
        if self._thread is None:
            self._thread = threading.Thread(target=self._speak, name="hear-aloud", daemon=True)
            self._thread.start()
        self._queue.put(event.text)

    def clear(self) -> None:
        """Drop lines not yet spoken (the HUD restarted the scene)."""
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                return

    def close(self) -> None:
        self.clear()
        self._queue.put(None)

    def _speak(self) -> None:
        while (text := self._queue.get()) is not None:
            try:
                audio = self._voice().synthesize(text)
                self._sink().play(audio)
                self.spoken_seconds += audio.seconds
            except Exception as error:  # noqa: BLE001  a voice or speaker that fails must not end the live day
                _LOG.debug("hear-aloud failed: %s", error)
                self.on_failed(error)
