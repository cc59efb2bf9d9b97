"""Audio records and the conversions every stage needs: int16 <-> float32, resampling, WAV files."""

from __future__ import annotations

import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import soxr

from glassterm.errors import UserError

ASR_RATE = 16000  # what Silero VAD and Whisper expect

Int16Array = npt.NDArray[np.int16]
Float32Array = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class Audio:
    """Mono 16-bit PCM at `sample_rate`."""

    samples: Int16Array
    sample_rate: int

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.sample_rate

    def to_float(self, rate: int = ASR_RATE) -> Float32Array:
        """Float32 in [-1, 1] at `rate` (16 kHz by default: ready for VAD and ASR)."""
        return resample(int16_to_float(self.samples), self.sample_rate, rate)

    @staticmethod
    def concat(parts: list[Audio], sample_rate: int) -> Audio:
        samples = [
            part.samples if part.sample_rate == sample_rate else part.resampled(sample_rate).samples for part in parts
        ]
        joined = np.concatenate(samples) if samples else np.zeros(0, dtype=np.int16)
        return Audio(joined.astype(np.int16, copy=False), sample_rate)

    def resampled(self, rate: int) -> Audio:
        if rate == self.sample_rate:
            return self
        return Audio(float_to_int16(resample(int16_to_float(self.samples), self.sample_rate, rate)), rate)


def int16_to_float(samples: npt.NDArray[np.int16]) -> Float32Array:
    return (samples.astype(np.float32) / 32768.0).astype(np.float32, copy=False)


def float_to_int16(samples: npt.NDArray[np.floating]) -> Int16Array:
    scaled: Int16Array = (np.clip(samples, -1.0, 1.0) * 32767.0).astype(np.int16)
    return scaled


def resample(samples: Float32Array, from_rate: int, to_rate: int) -> Float32Array:
    if from_rate == to_rate or len(samples) == 0:
        return samples.astype(np.float32, copy=False)
    return np.asarray(soxr.resample(samples, from_rate, to_rate), dtype=np.float32)


def silence(seconds: float, rate: int = ASR_RATE) -> Float32Array:
    return np.zeros(round(seconds * rate), dtype=np.float32)


def speech_end(samples: Float32Array, rate: int = ASR_RATE, floor_db: float = -40.0) -> int:
    """The sample where the last sound in a clip ends: the end of its last 10 ms window within
    `floor_db` of the loudest. Piper leaves a little near-silence after a sentence; this is not it."""
    window = max(1, rate // 100)
    usable = len(samples) - len(samples) % window
    if usable == 0:
        return 0
    power = np.mean(np.square(samples[:usable].reshape(-1, window), dtype=np.float64), axis=1)
    loud = np.flatnonzero(power >= power.max() * 10 ** (floor_db / 10))
    return int((loud[-1] + 1) * window) if len(loud) and power.max() > 0 else 0


def read_wav(path: Path) -> tuple[Float32Array, int]:
    """Any PCM WAV (8/16/24/32-bit, any channels) as mono float32 at its own rate."""
    try:
        with wave.open(str(path), "rb") as handle:
            channels, width, rate = handle.getnchannels(), handle.getsampwidth(), handle.getframerate()
            raw = handle.readframes(handle.getnframes())
    except FileNotFoundError:
        raise UserError("WAV file not found", file=path) from None
    except (wave.Error, EOFError, OSError) as error:
        raise UserError(f"not a readable PCM WAV file: {error}", file=path) from None
    data = _pcm_to_float(raw, width, path)
    if channels > 1:
        data = data[: len(data) - len(data) % channels].reshape(-1, channels).mean(axis=1)
    return data.astype(np.float32, copy=False), rate


def _pcm_to_float(raw: bytes, width: int, path: Path) -> Float32Array:
    if width == 1:  # 8-bit WAV is unsigned
        return ((np.frombuffer(raw, dtype=np.uint8).astype(np.float32) - 128.0) / 128.0).astype(np.float32)
    if width == 2:
        return int16_to_float(np.frombuffer(raw, dtype="<i2"))
    if width == 3:
        bytes3 = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 3)
        as32 = (
            (bytes3[:, 0].astype(np.int32) << 8)
            | (bytes3[:, 1].astype(np.int32) << 16)
            | (bytes3[:, 2].astype(np.int32) << 24)
        )
        return (as32.astype(np.float32) / 2**31).astype(np.float32)
    if width == 4:
        return (np.frombuffer(raw, dtype="<i4").astype(np.float32) / 2**31).astype(np.float32)
    raise UserError(f"unsupported WAV sample width {width * 8} bits", file=path)


def write_wav(path: Path, audio: Audio) -> None:
    try:
        # Open the file first: wave.open on a bad path leaves a half-made writer whose
        # destructor prints a traceback.
        with open(path, "wb") as raw, wave.open(raw, "wb") as handle:
            handle.setnchannels(1)
            handle.setsampwidth(2)
            handle.setframerate(audio.sample_rate)
            handle.writeframes(audio.samples.astype("<i2").tobytes())
    except OSError as error:
        raise UserError(f"cannot write WAV file: {error.strerror or error}", file=path) from None
