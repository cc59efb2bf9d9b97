"""The live microphone for the HUD: the listening pipeline wired to the session and to the app's messages.

`Microphone.open()` runs in a worker thread (loading the VAD and ASR models takes seconds) and
never raises: any failure leaves the HUD on the keyboard with the reason shown.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.message import Message

from glassterm.assistant.policy import Policy
from glassterm.events import DEFAULT_WAKE_WORD, Mode, Transcript
from glassterm.hud.messages import MicState, TurnTimed
from glassterm.live import SessionSource, SpokenReplies
from glassterm.models import ModelHub
from glassterm.session import Session
from glassterm.speech.turns import TurnCheck, vad_config

if TYPE_CHECKING:
    from glassterm.speech.pipeline import ListeningPipeline, Turn
    from glassterm.speech.sinks import AudioSink

TYPING_HINT = "press space or / to type what you say"


class Microphone:
    def __init__(
        self,
        hub: ModelHub,
        session: SessionSource,
        speaking_mode: Callable[[], Mode],
        post: Callable[[Message], object],
        *,
        speaker: Callable[[], AudioSink],
        device: str | None = None,
        barge_in: bool = False,
        policy: Policy | None = None,
    ) -> None:
        self.hub = hub
        self.session = session
        self.policy = policy or Policy()
        self.replies = SpokenReplies(session, speaking_mode)
        self.post = post
        self.speaker = speaker  # the engine's one speaker: hear lines played aloud go through it too
        self.device = device
        self.barge_in = barge_in
        self.pipeline: ListeningPipeline | None = None
        self._closed = False
        self._lock = threading.Lock()  # open() in a worker, close() on quit: one of them wins

    def open(self) -> MicState:
        """Start listening: MicState("listening", note) or ("keyboard", why not)."""
        try:
            return self._open()
        except Exception as error:  # noqa: BLE001  any failure means: fall back to the keyboard, with the reason
            return MicState("keyboard", f"No microphone: {error}. Keyboard input: {TYPING_HINT}.")

    def _open(self) -> MicState:
        from glassterm.speech.devices import list_devices, portaudio_status

        ok, message = portaudio_status()
        if not ok:
            return MicState("keyboard", f"No microphone: {message}. Keyboard input: {TYPING_HINT}.")
        if not list_devices().inputs:
            return MicState(
                "keyboard", f"No microphone: PortAudio sees no input device. Keyboard input: {TYPING_HINT}."
            )
        from glassterm.speech.pipeline import ListeningPipeline
        from glassterm.speech.sources import MicSource

        vad, asr = self.hub.vad(), self.hub.asr()
        source = MicSource(self.device)
        source.start()  # fail here, not later in the listening thread
        pipeline = ListeningPipeline(
            source,
            vad,
            asr,
            on_transcript=self._heard,
            responder=self.replies,
            voice=self.hub.tts(),
            sink=self.speaker(),
            on_turn=self._timed,
            on_speech_start=self._recording,
            on_error=self._failed,
            vad_config=vad_config(self.policy),
            turn_check=self._turn_check(),
            # Without echo cancellation an open mic hears the answer and interrupts it: barge-in
            # (listening while speaking) is for headphones, and asked for with --barge-in.
            barge_in=self.barge_in,
            listen_while_speaking=self.barge_in,
        )
        with self._lock:
            if self._closed:  # the app quit while the models loaded
                source.close()
                return MicState("off")
            pipeline.start()
            self.pipeline = pipeline
        return MicState("listening", f'Microphone on ({message}); say "{DEFAULT_WAKE_WORD}, …" or press space to talk.')

    def _turn_check(self) -> TurnCheck:
        """Turns addressed with the session's wake word (a scene may name its own) end early."""
        session = self.session if isinstance(self.session, Session) else self.session()
        runs = list(session.runs.values()) if session is not None else []
        return TurnCheck(runs[0].assistant.context.wake_word if runs else DEFAULT_WAKE_WORD)

    def _heard(self, transcript: Transcript) -> None:
        self.replies.heard(transcript)  # the responder delivers it to the session, then speaks
        self.post(MicState("listening"))

    def _recording(self) -> None:
        self.post(MicState("recording"))

    def _timed(self, turn: Turn) -> None:
        self.post(TurnTimed(turn.latency.total, first_audio=turn.latency.to_first_audio))

    def _failed(self, error: BaseException) -> None:
        self.pipeline = None
        self.post(MicState("keyboard", f"The microphone stopped ({error}). Keyboard input: {TYPING_HINT}."))

    def close(self) -> None:
        """Stop listening; safe to call from any thread, before or after `open`."""
        with self._lock:
            self._closed = True
            pipeline, self.pipeline = self.pipeline, None
        if pipeline is not None:
            pipeline.stop()
