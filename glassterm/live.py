"""Live voice turns: what the microphone hears goes to both assistants; one of them answers aloud.

`SpokenReplies` is the speech pipeline's Responder. For each utterance it delivers a `Said`
event to the session (so both lenses react, as in playback) and yields the speaking
assistant's grounded answer the moment retrieval has it, so Piper starts talking before the
model has finished phrasing the text for the display.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator

from glassterm.events import Mode, Said, Transcript
from glassterm.session import Session

SessionSource = Session | Callable[[], Session | None]  # the HUD replaces its session on restart

_DONE = object()


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

        def deliver() -> None:
            try:
                session.deliver(event, first=speaker, on_reply_text=spoken.put)
            finally:
                spoken.put(_DONE)

        # The session works in its own thread so the answer can be spoken while it finishes.
        threading.Thread(target=deliver, name="live-turn", daemon=True).start()
        while (piece := spoken.get()) is not _DONE:
            yield str(piece) + " "
