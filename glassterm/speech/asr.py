"""Speech to text with faster-whisper, tuned for short utterances on a small CPU."""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

import numpy as np

from glassterm.events import Transcript
from glassterm.speech.audio import ASR_RATE, Float32Array

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

    from glassterm.choices import ModelChoice


class Asr:
    """A loaded Whisper model. Calls are serialised: two at once would only fight over 2 cores."""

    def __init__(self, model: WhisperModel, name: str = "whisper") -> None:
        self._model = model
        self.name = name
        self._lock = threading.Lock()

    def transcribe(self, samples: Float32Array, spoken_text: str | None = None) -> Transcript:
        """Transcribe 16 kHz mono float32 audio. `audio_seconds` is what to charge as ASR_AUDIO_S."""
        audio = np.asarray(samples, dtype=np.float32).reshape(-1)
        audio_seconds = len(audio) / ASR_RATE
        if len(audio) == 0:
            return Transcript("", 0.0, 0.0, spoken_text)
        with self._lock:
            started = time.perf_counter()
            segments, _info = self._model.transcribe(
                audio,
                language="en",
                beam_size=1,  # greedy: several times faster, near equal on short clear speech
                vad_filter=False,  # our own VAD already cut the utterance
                without_timestamps=True,
                condition_on_previous_text=False,  # utterances are independent; avoids repetition loops
            )
            text = " ".join(segment.text.strip() for segment in segments).strip()  # segments is lazy: decode here
            elapsed = time.perf_counter() - started
        return Transcript(text=text, audio_seconds=audio_seconds, asr_seconds=elapsed, spoken_text=spoken_text)


def load_asr(choice: ModelChoice) -> Asr:
    from faster_whisper import WhisperModel

    model = WhisperModel(str(choice.path), device="cpu", compute_type="int8", cpu_threads=2, local_files_only=True)
    return Asr(model, choice.name)
