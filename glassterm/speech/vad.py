"""Streaming voice activity detection with endpointing, over the Silero model faster-whisper ships.

faster-whisper's `SileroVADModel` scores a whole recording at once, so it cannot stream; here the
same ONNX session runs one 512-sample frame at a time and keeps the recurrent state and the
64-sample context between frames, the way Silero's own streaming iterator does.
"""

from __future__ import annotations

import collections
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from glassterm.speech.audio import ASR_RATE, Float32Array

FRAME = 512  # samples per Silero frame at 16 kHz: 32 ms, the ledger's VAD_FRAMES unit
CONTEXT = 64  # samples of the previous frame Silero sees in front of each frame
FRAME_MS = 1000 * FRAME / ASR_RATE


class FrameClassifier(Protocol):
    """Speech probability of one 512-sample frame; stateful across calls."""

    def __call__(self, frame: Float32Array) -> float: ...


@dataclass(frozen=True, slots=True)
class VadConfig:
    """Endpointing settings; the live ones come from the policy's `vad_*` knobs (speech/turns.py)."""

    threshold: float = 0.5  # a frame at or above this starts speech
    neg_threshold: float = 0.35  # inside speech, only frames below this count as silence (hysteresis)
    # Silence after which the words so far are checked (`ends_turn`): a turn whose words are complete
    # ends here. It is also the trailing silence an utterance keeps: Whisper drops fewer final words
    # with a little tail, and the words checked are then exactly the utterance's.
    complete_silence_ms: int = 160
    end_silence_ms: int = 700  # silence that ends an utterance whatever its words
    pre_roll_ms: int = 300  # audio kept before the detected start so first syllables survive
    min_speech_ms: int = 96  # speech shorter than this (clicks, coughs) never starts an utterance
    max_utterance_s: float = 30.0  # Whisper's window; longer speech is cut here

    def frames(self, ms: float) -> int:
        return max(1, round(ms / FRAME_MS))


@dataclass(frozen=True, slots=True)
class SpeechStarted:
    """Speech began (after `min_speech_ms` of it): the moment to barge in."""

    at_sample: int  # 16 kHz samples since the stream began


@dataclass(frozen=True, slots=True)
class Utterance:
    samples: Float32Array  # 16 kHz mono, with pre-roll and a short tail
    start_sample: int
    end_sample: int
    speech_end_sample: int  # where the silence that ended it began (= end_sample when cut, not ended)
    closed_at_sample: int  # how much of the stream had been heard when it was ended: the endpoint

    @property
    def seconds(self) -> float:
        return len(self.samples) / ASR_RATE


VadEvent = SpeechStarted | Utterance

EndsTurn = Callable[[Utterance], bool]
"""Asked after `complete_silence_ms` of silence with the utterance so far: do its words end the turn?
It may block (it transcribes); the stream waits, so where a turn ends depends on the audio alone."""


class SileroFrames:
    """One stream's view of the shared Silero session: its own state and context."""

    def __init__(self, session: object) -> None:
        self._session = session
        self._state_h = np.zeros((1, 1, 128), dtype=np.float32)
        self._state_c = np.zeros((1, 1, 128), dtype=np.float32)
        self._context = np.zeros(CONTEXT, dtype=np.float32)

    def __call__(self, frame: Float32Array) -> float:
        window = np.concatenate([self._context, frame]).reshape(1, CONTEXT + FRAME)
        probs, self._state_h, self._state_c = self._session.run(  # type: ignore[attr-defined]
            None, {"input": window, "h": self._state_h, "c": self._state_c}
        )
        self._context = frame[-CONTEXT:].copy()
        return float(np.asarray(probs).reshape(-1)[0])


class SileroVad:
    """The loaded Silero model. Shared; every stream gets its own state via `stream()`."""

    def __init__(self, path: Path) -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        # One thread: a 32 ms frame is too small to split, and ASR/TTS need the cores.
        options.inter_op_num_threads = 1
        options.intra_op_num_threads = 1
        options.log_severity_level = 4
        self._session = onnxruntime.InferenceSession(
            str(path), providers=["CPUExecutionProvider"], sess_options=options
        )

    def classifier(self) -> SileroFrames:
        return SileroFrames(self._session)

    def stream(self, config: VadConfig | None = None, ends_turn: EndsTurn | None = None) -> VadStream:
        return VadStream(self.classifier(), config or VadConfig(), ends_turn)


def silero_path() -> Path:
    import faster_whisper

    return Path(faster_whisper.__file__).parent / "assets" / "silero_vad_v6.onnx"


def load_vad() -> SileroVad:
    return SileroVad(silero_path())


class VadStream:
    """Feed 16 kHz float32 audio in any block size; get SpeechStarted and Utterance events back.

    Thread-safe for one feeder plus readers of `frames` / `in_speech`.
    """

    def __init__(
        self, classifier: FrameClassifier, config: VadConfig | None = None, ends_turn: EndsTurn | None = None
    ) -> None:
        self.config = config or VadConfig()
        self.ends_turn = ends_turn  # None: every utterance waits `end_silence_ms`
        self._classify = classifier
        self._pending = np.zeros(0, dtype=np.float32)  # samples short of a full frame
        cfg = self.config
        self._min_speech = cfg.frames(cfg.min_speech_ms)
        self._end_silence = cfg.frames(cfg.end_silence_ms)
        self._tail = min(self._end_silence, cfg.frames(cfg.complete_silence_ms))
        self._max_frames = int(cfg.max_utterance_s * 1000 / FRAME_MS)
        # Frames before a start is confirmed: pre-roll plus the candidate speech run.
        self._history: collections.deque[Float32Array] = collections.deque(
            maxlen=cfg.frames(cfg.pre_roll_ms) + self._min_speech
        )
        self._utterance: list[Float32Array] = []
        self._utterance_start = 0
        self._speech_run = 0
        self._silence_run = 0
        self._voiced_until = 0  # the end of the last frame heard as speech
        self._lock = threading.Lock()
        self.frames = 0  # frames classified: charge as Work.VAD_FRAMES
        self.in_speech = False

    def feed(self, samples: Float32Array) -> list[VadEvent]:
        with self._lock:
            data = np.concatenate([self._pending, np.asarray(samples, dtype=np.float32).reshape(-1)])
            whole = len(data) - len(data) % FRAME
            self._pending = data[whole:].copy()
            events: list[VadEvent] = []
            for offset in range(0, whole, FRAME):
                events.extend(self._frame(data[offset : offset + FRAME]))
            return events

    def flush(self) -> list[VadEvent]:
        """End of stream: an utterance still open ends here (a file may stop mid-sentence)."""
        with self._lock:
            if not self.in_speech:
                return []
            heard = self.frames * FRAME + len(self._pending)
            if len(self._pending):
                self._utterance.append(self._pending)
                self._pending = np.zeros(0, dtype=np.float32)
            return [self._close(trim=0, at_sample=heard)]

    def _frame(self, frame: Float32Array) -> list[VadEvent]:
        index = self.frames
        self.frames += 1
        probability = self._classify(frame)
        cfg = self.config
        if not self.in_speech:
            self._history.append(frame)
            self._speech_run = self._speech_run + 1 if probability >= cfg.threshold else 0
            if self._speech_run < self._min_speech:
                return []
            self.in_speech = True
            self._silence_run = 0
            self._utterance = list(self._history)
            self._history.clear()
            self._utterance_start = (index + 1 - len(self._utterance)) * FRAME
            speech_began = (index + 1 - self._speech_run) * FRAME
            self._voiced_until = (index + 1) * FRAME
            return [SpeechStarted(at_sample=speech_began)]
        self._utterance.append(frame)
        heard = (index + 1) * FRAME
        if probability < cfg.neg_threshold:
            self._silence_run += 1
        else:
            self._silence_run = 0
            self._voiced_until = heard
        checked = self._silence_run == self._tail < self._end_silence and self.ends_turn is not None
        if checked and self.ends_turn(self._so_far(heard)):  # type: ignore[misc]
            return [self._close(trim=0, at_sample=heard)]
        if self._silence_run >= self._end_silence:
            return [self._close(trim=self._silence_run - self._tail, at_sample=heard)]
        if len(self._utterance) >= self._max_frames:
            return [self._close(trim=0, at_sample=heard)]
        return []

    def _so_far(self, heard: int) -> Utterance:
        samples = np.concatenate(self._utterance)
        end = self._utterance_start + len(samples)
        return Utterance(samples, self._utterance_start, end, self._voiced_until, heard)

    def _close(self, trim: int, at_sample: int) -> Utterance:
        frames = self._utterance[: len(self._utterance) - trim] if trim > 0 else self._utterance
        samples = np.concatenate(frames) if frames else np.zeros(0, dtype=np.float32)
        if trim > 0:  # the trimmed silence becomes pre-roll for speech that follows soon
            self._history.extend(self._utterance[len(self._utterance) - trim :])
        end = self._utterance_start + len(samples)
        utterance = Utterance(samples, self._utterance_start, end, min(self._voiced_until, end), at_sample)
        self._utterance = []
        self.in_speech = False
        self._speech_run = 0
        self._silence_run = 0
        return utterance
