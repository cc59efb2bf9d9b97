"""Speech to text with faster-whisper, tuned for short utterances on a small CPU.

Whisper's encoder is trained on 30-second windows, and faster-whisper pads every utterance to
one, so a 2-second question costs the encoder as much as 30 seconds of speech. CTranslate2
encodes a shorter window too: here 10 seconds for anything shorter, about 3x faster on the
spoken lines of the shipped scenes at nearly the same word error rate (README, Speed). Its
output goes through faster-whisper's own checks and a check for loops (a word or two said alone
can come back as "Yes. Yes. Yes. ..."); a decode that fails them falls back to the padded
30-second window with faster-whisper's temperature fallback.
"""

from __future__ import annotations

import itertools
import math
import re
import threading
import time
from typing import TYPE_CHECKING, Any

import numpy as np

from glassterm.events import Transcript
from glassterm.speech.audio import ASR_RATE, Float32Array

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

    from glassterm.choices import ModelChoice

# The encoder's window: the utterance plus a second, and never under 10 s. Shorter windows loop on
# a word said alone ("Thanks" came back 40 times in a 4 s window) and on sentences spoken without
# a lead-in (README, Speed).
WINDOW_PAD_S = 1.0
MIN_WINDOW_S = 10.0
FULL_WINDOW_FRAMES = 3000  # 30 s of 10 ms mel frames: Whisper's own window
# faster-whisper's defaults for when a decode is silence, or needs its temperature fallback.
NO_SPEECH_PROB = 0.6
LOG_PROB_FLOOR = -1.0
COMPRESSION_RATIO_CEILING = 2.4
TOKENS_PER_SECOND = 12  # far above speech (3-5 tokens a second): a cap that only stops a runaway loop


class Asr:
    """A loaded Whisper model. Calls are serialised: two at once would only fight over 2 cores."""

    def __init__(self, model: WhisperModel, name: str = "whisper", *, short_window: bool = True) -> None:
        self._model = model
        self.name = name
        self.short_window = short_window
        self._lock = threading.Lock()
        self._tokenizer: Any = None  # faster-whisper's Tokenizer, made on first use
        self._prompt: list[int] = []

    def transcribe(self, samples: Float32Array, spoken_text: str | None = None) -> Transcript:
        """Transcribe 16 kHz mono float32 audio. `audio_seconds` is what to charge as ASR_AUDIO_S."""
        audio = np.asarray(samples, dtype=np.float32).reshape(-1)
        audio_seconds = len(audio) / ASR_RATE
        if len(audio) == 0:
            return Transcript("", 0.0, 0.0, spoken_text)
        with self._lock:
            started = time.perf_counter()
            text = self._short(audio) if self.short_window else None
            if text is None:
                text = self._full(audio)
            elapsed = time.perf_counter() - started
        return Transcript(text=text, audio_seconds=audio_seconds, asr_seconds=elapsed, spoken_text=spoken_text)

    def _full(self, audio: Float32Array) -> str:
        segments, _info = self._model.transcribe(
            audio,
            language="en",
            beam_size=1,  # greedy: several times faster, near equal on short clear speech
            vad_filter=False,  # our own VAD already cut the utterance
            without_timestamps=True,
            condition_on_previous_text=False,  # utterances are independent; avoids repetition loops
        )
        return " ".join(segment.text.strip() for segment in segments).strip()  # segments is lazy: decode here

    def _short(self, audio: Float32Array) -> str | None:
        """Greedy decode over a window just longer than the utterance; None when the full window must decide."""
        from faster_whisper.transcribe import get_compression_ratio, get_ctranslate2_storage

        model = self._model
        features = model.feature_extractor(audio)
        frames = features.shape[-1]
        window = max(math.ceil(frames / 100 + WINDOW_PAD_S), round(MIN_WINDOW_S)) * 100
        if window >= FULL_WINDOW_FRAMES:
            return None
        padded = np.zeros((features.shape[0], window), dtype=np.float32)
        padded[:, :frames] = features
        encoded = model.model.encode(get_ctranslate2_storage(padded[None]), to_cpu=False)
        result: Any = model.model.generate(
            encoded,
            [self._prompt_tokens()],
            beam_size=1,
            max_length=min(model.max_length, 8 + math.ceil(TOKENS_PER_SECOND * len(audio) / ASR_RATE)),
            return_scores=True,
            return_no_speech_prob=True,
            suppress_blank=True,
            suppress_tokens=[-1],  # Whisper's non-speech symbols, as faster-whisper suppresses them
        )[0]
        tokens = result.sequences_ids[0]
        average_log_prob = result.scores[0] * len(tokens) / (len(tokens) + 1)  # as faster-whisper recovers it
        if result.no_speech_prob > NO_SPEECH_PROB and average_log_prob < LOG_PROB_FLOOR:
            return ""  # faster-whisper's rule for a window with no speech in it
        text = str(self._tokenizer.decode(tokens)).strip()
        if average_log_prob < LOG_PROB_FLOOR or get_compression_ratio(text) > COMPRESSION_RATIO_CEILING:
            return None
        return None if loops(text) else text

    def _prompt_tokens(self) -> list[int]:
        if self._tokenizer is None:
            from faster_whisper.tokenizer import Tokenizer

            model = self._model
            self._tokenizer = Tokenizer(
                model.hf_tokenizer, model.model.is_multilingual, task="transcribe", language="en"
            )
            self._prompt = list(model.get_prompt(self._tokenizer, [], without_timestamps=True))
        return self._prompt


_WORD = re.compile(r"[a-z0-9']+")


def loops(text: str) -> bool:
    """A short window's failure, too short for faster-whisper's compression-ratio check to see: a
    word or two three times in a row ("Yes yes yes"), three words or more twice, or a sentence
    twice ("Thanks. Thanks."): the utterance read again. A false alarm only costs the full window."""
    sentences = [_WORD.findall(part.lower()) for part in re.split(r"[.?!]+", text)]
    sentences = [words for words in sentences if words]
    if any(a == b for a, b in itertools.pairwise(sentences)):
        return True
    words = _WORD.findall(text.lower())
    for size in range(1, len(words) // 2 + 1):
        times = 3 if size < 3 else 2
        for start in range(len(words) - size * times + 1):
            piece = words[start : start + size]
            if all(words[start + size * k : start + size * (k + 1)] == piece for k in range(1, times)):
                return True
    return False


def load_asr(choice: ModelChoice) -> Asr:
    from faster_whisper import WhisperModel

    model = WhisperModel(str(choice.path), device="cpu", compute_type="int8", cpu_threads=2, local_files_only=True)
    return Asr(model, choice.name)
