"""Live sessions: the wearer's own day instead of a scene, fed by the microphone and the keyboard.

`live_session` starts one on the wall clock's time of day; `Inbox` delivers live input to it
in order, off the UI loop; what the microphone hears goes to both assistants, and one of them
answers aloud.

`SpokenReplies` is the speech pipeline's Responder. For each utterance it delivers a `Said`
event to the session (so both lenses react, as in playback) and yields the speaking
assistant's grounded answer the moment retrieval has it, so Piper starts talking before the
model has finished phrasing the text for the display.
"""

from __future__ import annotations

import datetime as dt
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator

from glassterm.assistant.grounding import Phraser
from glassterm.assistant.policy import Policy
from glassterm.clock import VirtualClock
from glassterm.events import (
    DEFAULT_WAKE_WORD,
    CalendarKnown,
    Event,
    Mode,
    ReminderSet,
    Said,
    SceneStarted,
    Transcript,
)
from glassterm.scene.wearer import Wearer
from glassterm.session import Session, build_assistants

SessionSource = Session | Callable[[], Session | None]  # the HUD replaces its session on restart

_DONE = object()
FIRST_AUDIO_WAIT_S = 2.0  # at most this long does the model wait for the spoken answer to start


def local_seconds() -> float:
    """The wall clock's time of day, in seconds: where a live session's virtual clock starts."""
    now = dt.datetime.now()
    return float(now.hour * 3600 + now.minute * 60 + now.second)


def live_session(
    modes: Iterable[Mode], phraser: Phraser, policy: Policy, *, start: float, wearer: Wearer | None = None
) -> Session:
    """A session with no scene: it opens today, knowing the wearer's calendar of today and
    standing reminders, and waits for live input, at real-time speed."""
    today = dt.date.today()
    events: list[Event] = [
        SceneStarted(at=start, title="Live", date=today.isoformat(), user_name=None, wake_word=DEFAULT_WAKE_WORD)
    ]
    if wearer is not None:
        day = wearer.on(today)
        events += [CalendarKnown(at=start, entry=entry) for entry in day.entries]
        events += [ReminderSet(at=start, reminder=reminder) for reminder in day.reminders]
    return Session(events, build_assistants(modes, phraser, policy), VirtualClock(start=start, speed=1.0))


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
