"""A session: one stream of events, played on the virtual clock, into one or both assistants.

Headless playback, `eval`, `bench` and the HUD all run scenes through this one class. It
never touches the UI: listeners receive each event and each output as they happen.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from glassterm.assistant.base import Assistant
from glassterm.assistant.encoder import SentenceEncoder
from glassterm.assistant.grounding import Phraser
from glassterm.assistant.manual import ManualAssistant
from glassterm.assistant.policy import Policy
from glassterm.assistant.proactive import ProactiveAssistant
from glassterm.clock import VirtualClock
from glassterm.events import Card, Event, Mode, Output, Reply, Suggestion

Transform = Callable[[Event], Event | None]  # e.g. speak and re-hear `say` lines (play --audio)


@dataclass
class ModeRun:
    """What one assistant did in a session."""

    mode: Mode
    assistant: Assistant
    outputs: list[Output] = field(default_factory=list)

    @property
    def cards(self) -> list[Card]:
        return [o for o in self.outputs if isinstance(o, Card)]

    @property
    def replies(self) -> list[Reply]:
        return [o for o in self.outputs if isinstance(o, Reply)]


def build_assistants(
    modes: Iterable[Mode], phraser: Phraser, policy: Policy, encoder: SentenceEncoder | None = None
) -> dict[Mode, Assistant]:
    """Fresh assistants sharing the phraser's one model and the one encoder, each with its own
    state and ledger."""
    kinds: dict[Mode, type[Assistant]] = {"proactive": ProactiveAssistant, "manual": ManualAssistant}
    return {mode: kinds[mode](phraser, policy, encoder=encoder) for mode in modes}


class Session:
    def __init__(
        self,
        events: Sequence[Event | Suggestion],
        assistants: dict[Mode, Assistant],
        clock: VirtualClock,
        *,
        transform: Transform | None = None,
        follow_clock: bool = False,
    ) -> None:
        self.events = list(events)  # a Suggestion goes to the on_suggestion listeners only
        # Live: the HUD's frame timer moves the clock with the wall, and the session waits for it
        # (so model work never holds the clock back); playback paces the clock itself.
        self.follow_clock = follow_clock
        self.runs = {mode: ModeRun(mode, assistant) for mode, assistant in assistants.items()}
        self.clock = clock
        self.transform = transform
        self.position = 0  # index of the next event to play
        self.stop = threading.Event()
        self.on_event: list[Callable[[Event], None]] = []
        self.on_output: list[Callable[[Output], None]] = []
        self.on_handled: list[Callable[[Mode, Event], None]] = []  # after each assistant took an event
        self.on_busy: list[Callable[[Mode, bool], None]] = []  # an assistant's model started or stopped
        self.on_suggestion: list[Callable[[Suggestion], None]] = []
        for mode, run in self.runs.items():
            # The session owns its assistants: it hooks them once, here, and fans out to listeners.
            run.assistant.on_llm_busy = functools.partial(self._busy, mode)
        self.handling: Mode | None = None  # whose assistant is working now (the HUD shows "LLM busy")
        # Playback runs in one thread while live input (push-to-talk, the mic) arrives from others.
        self._lock = threading.RLock()

    @property
    def finished(self) -> bool:
        return self.position >= len(self.events)

    def run(self) -> None:
        """Play every remaining event at the clock's pace. Blocking: call it from a worker thread."""
        while not self.finished and not self.stop.is_set():
            event = self.events[self.position]
            if self.follow_clock:
                if not self.clock.wait_for(event.at, should_stop=self.stop):
                    return
            elif not self.clock.wait_until(event.at, should_stop=self.stop):
                if self.stop.is_set():
                    return
                continue  # the clock was moved (skip): re-check the same event
            self.position += 1
            if isinstance(event, Suggestion):
                for suggested in self.on_suggestion:
                    suggested(event)
            else:
                self.deliver(event)

    def deliver(
        self, event: Event, *, first: Mode | None = None, on_reply_text: Callable[[str], None] | None = None
    ) -> None:
        """Hand one event to every assistant, in order, from any thread (live input too).

        `first` goes before the others: the assistant that will answer aloud should not wait
        while the other one thinks. `on_reply_text` receives `first`'s grounded answer to this
        event alone: it is attached under the lock, so a turn delivered meanwhile from another
        thread (typed text while the wearer speaks) can never be spoken as this one.
        """
        if on_reply_text is not None and first is None:
            raise ValueError("on_reply_text needs the mode that answers aloud (first)")
        with self._lock:
            speaker = self.runs[first].assistant if on_reply_text is not None and first is not None else None
            if speaker is not None:
                speaker.on_reply_text = on_reply_text
            try:
                self._deliver(event, first)
            finally:
                if speaker is not None:
                    speaker.on_reply_text = None

    def _deliver(self, event: Event, first: Mode | None) -> None:
        if self.transform is not None:
            transformed = self.transform(event)
            if transformed is None:
                return
            event = transformed
        for heard in self.on_event:
            heard(event)
        order = sorted(self.runs.items(), key=lambda item: item[0] != first)
        for mode, run in order:
            self.handling = mode
            try:
                outputs = run.assistant.handle(event)
            finally:
                self.handling = None
            for output in outputs:
                run.outputs.append(output)
                for shown in self.on_output:
                    shown(output)
            for handled in self.on_handled:
                handled(mode, event)

    def _busy(self, mode: Mode, busy: bool) -> None:
        for listener in self.on_busy:
            listener(mode, busy)

    def skip_to_next(self) -> None:
        """Jump the clock to the next event's time."""
        if not self.finished:
            self.clock.set(self.events[self.position].at)
