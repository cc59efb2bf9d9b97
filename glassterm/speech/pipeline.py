"""Listening and answering: source -> VAD -> ASR -> callback, and optionally -> Responder -> TTS -> sink.

Two threads joined by a queue: one listens (reads the source, runs the VAD, barges in), the other
thinks (ASR, the responder, TTS). So the VAD keeps hearing the wearer while a reply is being spoken,
which is what lets them interrupt it.

With a `turn_check` the listener also ends turns: after a short silence it transcribes the words
so far and, if they form a whole request, ends the utterance there instead of waiting for the long
silence (speech/turns.py). That transcript is the utterance's, so the thinker starts on the answer
at once; the long silence, when it comes, reuses it too.
"""

from __future__ import annotations

import dataclasses
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from glassterm.events import Transcript, TurnLatency
from glassterm.speech.audio import ASR_RATE, Audio, Float32Array
from glassterm.speech.sinks import AudioSink
from glassterm.speech.sources import AudioSource
from glassterm.speech.vad import SileroVad, SpeechStarted, Utterance, VadConfig, VadStream


class EndOfTurn(Protocol):
    """What the listener asks of the words so far (speech/turns.py has the one in use)."""

    def addressed(self, text: str) -> bool:
        """May this utterance end early at all? If not, it is not checked again."""

    def complete(self, text: str) -> bool:
        """Do these words end the wearer's turn?"""


Responder = Callable[[str], Iterable[str]]
"""Takes the transcript text, yields reply text chunks as an LLM streams them."""


class Transcriber(Protocol):
    def transcribe(self, samples: Float32Array, spoken_text: str | None = None) -> Transcript: ...


class SentenceVoice(Protocol):
    def stream_sentences(self, text_chunks: Iterable[str]) -> Iterator[Audio]: ...


@dataclass(frozen=True, slots=True)
class Turn:
    """One utterance heard and, with a responder, answered."""

    transcript: Transcript
    reply: str  # the reply text as generated (may be cut short by barge-in)
    spoken_seconds: float  # reply audio handed to the sink: charge as TTS_AUDIO_S
    interrupted: bool  # the wearer spoke over the reply
    latency: TurnLatency  # from the moment the listener heard the last speech, endpointing included
    utterance: Utterance  # where in the stream it began, its speech ended, and the VAD ended it


@dataclass(frozen=True, slots=True)
class SpeechWork:
    """Counted work so far, for the caller to charge to a ledger."""

    source_seconds: float  # MIC_ON_S for a microphone
    vad_frames: int  # VAD_FRAMES
    asr_audio_seconds: float  # ASR_AUDIO_S
    tts_audio_seconds: float  # TTS_AUDIO_S


ECHO_TAIL_SECONDS = 0.6  # the sound card and PulseAudio still play this much after the sink is done
# Fewer words than this before the first pause ("Hey, Gus.") may be a misheard wake word: checked
# again at the next pause; with more, speech that did not start with the wake word is not checked.
_WORDS_TO_JUDGE_ADDRESS = 4
_ARRIVALS_KEPT = 64  # blocks whose arrival time is kept: seconds more than the longest end silence


@dataclass(frozen=True, slots=True)
class _Heard:
    """An utterance handed from the listener to the thinker."""

    utterance: Utterance
    transcript: Transcript | None  # already made by the turn check, or None
    speech_end: float  # wall clock: when the listener heard the last speech
    ended: float  # wall clock: when the VAD ended the utterance
    checked_asr_seconds: float = 0.0  # audio the turn checks transcribed in vain: this turn pays for it


class ListeningPipeline:
    """Run with `start()` (background) or `run()` (until the source ends, e.g. a WAV file)."""

    def __init__(
        self,
        source: AudioSource,
        vad: SileroVad | VadStream,
        asr: Transcriber,
        *,
        on_transcript: Callable[[Transcript], None] | None = None,
        responder: Responder | None = None,
        voice: SentenceVoice | None = None,
        sink: AudioSink | None = None,
        on_turn: Callable[[Turn], None] | None = None,
        on_speech_start: Callable[[], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        vad_config: VadConfig | None = None,
        turn_check: EndOfTurn | None = None,
        barge_in: bool = True,
        listen_while_speaking: bool = True,
    ) -> None:
        if responder is not None and (voice is None or sink is None):
            raise ValueError("a responder needs a voice and a sink to speak through")
        self.source = source
        self.vad = vad if isinstance(vad, VadStream) else vad.stream(vad_config)
        self.turn_check = turn_check
        if turn_check is not None:
            self.vad.ends_turn = self._ends_turn
        self.asr = asr
        self.on_transcript = on_transcript
        self.responder = responder
        self.voice = voice
        self.sink = sink
        self.on_turn = on_turn
        self.on_speech_start = on_speech_start
        self.on_error = on_error
        self.barge_in = barge_in
        # False for an open speaker without echo cancellation: the mic would hear the reply.
        self.listen_while_speaking = listen_while_speaking
        self.errors: list[BaseException] = []
        self.turns: list[Turn] = []
        self._utterances: queue.Queue[_Heard | None] = queue.Queue()  # None: no more
        self._stopping = threading.Event()
        self._cancel_reply = threading.Event()
        self._responding = threading.Event()
        self._asr_seconds = 0.0
        self._tts_seconds = 0.0
        self._heard_seconds = 0.0  # audio listened to so far: the clock the echo tail runs on
        self._deaf_until = 0.0
        self._echo = False  # the utterance in progress began while the assistant was speaking
        self._block_deaf = False  # the block being fed is heard while the assistant speaks
        self._early: tuple[Utterance, Transcript] | None = None  # the last turn check's transcript
        self._unaddressed = -1  # start sample of the utterance the check found not addressed
        self._unbilled_asr = 0.0  # audio seconds transcribed by checks and not yet on a transcript
        self._work_lock = threading.Lock()
        self._arrivals: list[tuple[int, float]] = []  # (samples heard, wall time) of recent blocks
        self._threads: list[threading.Thread] = []

    @property
    def work(self) -> SpeechWork:
        return SpeechWork(self.source.seconds, self.vad.frames, self._asr_seconds, self._tts_seconds)

    def start(self) -> None:
        self._threads = [
            threading.Thread(target=self._guard(self._listen), name="speech-listen", daemon=True),
            threading.Thread(target=self._guard(self._think), name="speech-think", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def run(self) -> None:
        """Until the source ends and every utterance is handled; re-raises the first worker error."""
        self.start()
        self.join()
        if self.errors:
            raise self.errors[0]

    def stop(self) -> None:
        self._stopping.set()
        self._cancel_reply.set()
        self.source.close()
        if self.sink is not None:
            self.sink.stop()

    def join(self, timeout: float | None = None) -> None:
        for thread in self._threads:
            thread.join(timeout)

    def _guard(self, body: Callable[[], None]) -> Callable[[], None]:
        def guarded() -> None:
            try:
                body()
            except BaseException as error:  # noqa: BLE001  a worker must report every failure, not die silently
                self.errors.append(error)
                self._stopping.set()
                self._utterances.put(None)
                if self.on_error is not None:
                    self.on_error(error)

        return guarded

    def _deaf(self) -> bool:
        if self.listen_while_speaking:
            return False
        if self._responding.is_set() or (self.sink is not None and self.sink.playing):
            self._deaf_until = self._heard_seconds + ECHO_TAIL_SECONDS
        return self._heard_seconds < self._deaf_until

    def _listen(self) -> None:
        try:
            heard = 0
            for block in self.source.blocks():
                if self._stopping.is_set():
                    break
                heard += len(block)
                self._arrivals = [*self._arrivals[-(_ARRIVALS_KEPT - 1) :], (heard, time.perf_counter())]
                self._heard_seconds += len(block) / ASR_RATE
                self._block_deaf = self._deaf()
                events = self.vad.feed(block)
                if self._block_deaf:
                    # Speech that starts while the answer plays is the answer's own echo, even
                    # if it only ends (and would be transcribed) after the answer stopped.
                    self._echo = self._echo or self.vad.in_speech
                    continue
                for event in events:
                    if isinstance(event, SpeechStarted):
                        self._echo = False  # new speech after the answer: the wearer's
                    elif self._echo:
                        self._echo = False
                        continue  # the end of the echo utterance: never transcribed
                    self._handle(event)
            if not self._stopping.is_set():
                for event in self.vad.flush():
                    self._handle(event)
        finally:
            self._utterances.put(None)

    def _handle(self, event: SpeechStarted | Utterance) -> None:
        if isinstance(event, SpeechStarted):
            if self.barge_in and (self._responding.is_set() or (self.sink is not None and self.sink.playing)):
                self._cancel_reply.set()
                if self.sink is not None:
                    self.sink.stop()
            if self.on_speech_start is not None:
                self.on_speech_start()
        else:
            early = self._early_transcript(event)
            unbilled, self._unbilled_asr = (0.0, 0.0) if early is not None else (self._unbilled_asr, 0.0)
            self._utterances.put(_Heard(event, early, self._heard_at(event), time.perf_counter(), unbilled))

    def _ends_turn(self, utterance: Utterance) -> bool:
        """The VAD's question after the short silence: transcribe the words so far and check them."""
        if self._echo or self._block_deaf or self.turn_check is None:
            return False  # the answer's own echo: never transcribed
        if utterance.start_sample == self._unaddressed:
            return False  # its start was not the wake word: it waits the long silence, unchecked
        transcript = self.asr.transcribe(utterance.samples)
        self._count_asr(transcript.audio_seconds)
        self._unbilled_asr += transcript.audio_seconds
        self._early = (utterance, transcript)
        if not self.turn_check.addressed(transcript.text):
            if len(transcript.text.split()) >= _WORDS_TO_JUDGE_ADDRESS:
                self._unaddressed = utterance.start_sample
            return False
        return self.turn_check.complete(transcript.text)

    def _count_asr(self, seconds: float) -> None:
        with self._work_lock:  # both threads transcribe: the listener's checks, the thinker's turns
            self._asr_seconds += seconds

    def _early_transcript(self, utterance: Utterance) -> Transcript | None:
        """The check's transcript when it is of exactly this utterance's audio, billed for every check."""
        early, self._early = self._early, None
        if early is None or (early[0].start_sample, early[0].end_sample) != (
            utterance.start_sample,
            utterance.end_sample,
        ):
            return None
        unbilled, self._unbilled_asr = self._unbilled_asr, 0.0
        return dataclasses.replace(early[1], audio_seconds=unbilled)

    def _heard_at(self, utterance: Utterance) -> float:
        """When the block holding the utterance's last speech reached the listener (wall clock)."""
        for heard, at in self._arrivals:
            if heard >= utterance.speech_end_sample:
                return at
        return time.perf_counter()

    def _think(self) -> None:
        while True:
            item = self._utterances.get()
            if item is None or self._stopping.is_set():
                return
            self._responding.set()
            self._cancel_reply.clear()
            try:
                self._turn(item)
            finally:
                self._responding.clear()

    def _turn(self, heard: _Heard) -> None:
        utterance, speech_end, transcript = heard.utterance, heard.speech_end, heard.transcript
        if transcript is None:
            transcript = self.asr.transcribe(utterance.samples)
            self._asr_seconds += transcript.audio_seconds
            if self._unbilled_asr:  # checks of words the wearer went on from: their cost is this turn's
                transcript = dataclasses.replace(
                    transcript, audio_seconds=transcript.audio_seconds + self._unbilled_asr
                )
                self._unbilled_asr = 0.0
        heard_at = time.perf_counter()
        if self.on_transcript is not None:
            self.on_transcript(transcript)
        first_token: float | None = None
        first_audio: float | None = None
        reply: list[str] = []
        spoken = 0.0
        if self.responder is not None and transcript.text and self.voice is not None and self.sink is not None:

            def chunks() -> Iterator[str]:
                nonlocal first_token
                for chunk in self.responder(transcript.text):  # type: ignore[misc]
                    if self._cancel_reply.is_set():
                        return
                    if first_token is None:
                        first_token = time.perf_counter()
                    reply.append(chunk)
                    yield chunk

            for audio in self.voice.stream_sentences(chunks()):
                if self._cancel_reply.is_set():
                    break
                if first_audio is None:
                    first_audio = time.perf_counter()
                self.sink.play(audio)
                spoken += audio.seconds
            self._tts_seconds += spoken
        finished = time.perf_counter()
        turn = Turn(
            transcript=transcript,
            reply="".join(reply).strip(),
            spoken_seconds=spoken,
            interrupted=self._cancel_reply.is_set(),
            latency=TurnLatency(
                to_transcript=heard_at - speech_end,
                to_first_token=None if first_token is None else first_token - speech_end,
                to_first_audio=None if first_audio is None else first_audio - speech_end,
                total=finished - speech_end,
                to_endpoint=heard.ended - speech_end,
            ),
            utterance=utterance,
        )
        self.turns.append(turn)
        if self.on_turn is not None:
            self.on_turn(turn)
