"""Where speech goes: the speaker, a WAV file, or nowhere. All can be stopped at once (barge-in)."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from glassterm.errors import UserError
from glassterm.speech.audio import Audio, Int16Array, write_wav
from glassterm.speech.devices import AudioUnavailable, device_spec, import_sounddevice

PLAYBACK_RATE = 22050  # Piper medium voices' rate: no resampling on the common path
BLOCK = 1024  # output block (46 ms at 22.05 kHz): barge-in silences the speaker within one


_LOG = logging.getLogger(__name__)


class AudioSink(Protocol):
    played_seconds: float  # audio handed to the sink: the TTS_AUDIO_S a caller charges

    @property
    def playing(self) -> bool: ...

    def play(self, audio: Audio) -> None:
        """Queue audio; returns at once."""

    def wait(self, timeout: float | None = None) -> bool:
        """Block until everything queued has been played (True) or `timeout` passed (False)."""

    def stop(self) -> None:
        """Barge-in: drop everything queued; output is silent from the next block on."""

    def close(self) -> None: ...


class BufferSink:
    """Plays whoever pulls blocks from it: the PortAudio callback, or a test standing in for one."""

    def __init__(self, sample_rate: int = PLAYBACK_RATE) -> None:
        self.sample_rate = sample_rate
        self._chunks: list[Int16Array] = []
        self._offset = 0  # samples of _chunks[0] already played
        self._lock = threading.Lock()
        self._drained = threading.Event()
        self._drained.set()
        self.played_seconds = 0.0
        self.stops = 0

    @property
    def playing(self) -> bool:
        return not self._drained.is_set()

    def play(self, audio: Audio) -> None:
        samples = audio.resampled(self.sample_rate).samples
        if len(samples) == 0:
            return
        with self._lock:
            self._chunks.append(samples)
            self.played_seconds += len(samples) / self.sample_rate
            self._drained.clear()

    def pull(self, frames: int) -> Int16Array:
        """The next `frames` samples, padded with silence when nothing more is queued."""
        out = np.zeros(frames, dtype=np.int16)
        filled = 0
        with self._lock:
            while filled < frames and self._chunks:
                head = self._chunks[0]
                take = min(frames - filled, len(head) - self._offset)
                out[filled : filled + take] = head[self._offset : self._offset + take]
                filled += take
                self._offset += take
                if self._offset >= len(head):
                    self._chunks.pop(0)
                    self._offset = 0
            if not self._chunks:
                self._drained.set()
        return out

    def wait(self, timeout: float | None = None) -> bool:
        return self._drained.wait(timeout)

    def stop(self) -> None:
        with self._lock:
            self._chunks.clear()
            self._offset = 0
            self._drained.set()
            self.stops += 1

    def close(self) -> None:
        self.stop()


class SpeakerSink(BufferSink):
    """A PortAudio output stream that runs while the sink is open and plays silence when idle."""

    def __init__(self, device: str | int | None = None, sample_rate: int = PLAYBACK_RATE, block: int = BLOCK) -> None:
        super().__init__(sample_rate)
        sd = import_sounddevice()
        try:
            self._stream: Any = sd.OutputStream(
                device=device_spec(device),
                samplerate=sample_rate,
                channels=1,
                dtype="int16",
                blocksize=block,
                callback=self._callback,
            )
            self._stream.start()
        except ValueError as error:
            raise UserError(
                f"no output device {device!r}: {error}", key="device", fix="see glassterm devices"
            ) from None
        except sd.PortAudioError as error:
            raise AudioUnavailable(f"cannot open output device {device!r}: {error}") from None

    def _callback(self, outdata: np.ndarray[Any, Any], frames: int, time_info: Any, status: Any) -> None:
        outdata[:, 0] = self.pull(frames)

    def wait(self, timeout: float | None = None) -> bool:
        done = super().wait(timeout)
        if done:
            # The last block is in PortAudio's buffer, not yet out of the speaker.
            latency = float(getattr(self._stream, "latency", 0.0) or 0.0)
            time.sleep(latency + BLOCK / self.sample_rate)
        return done

    def close(self) -> None:
        super().close()
        try:
            self._stream.stop()
            self._stream.close()
        except Exception as error:  # noqa: BLE001  a vanished device must not turn closing into a crash
            _LOG.debug("closing audio stream failed: %s", error)


class NullSink:
    """Discards audio but counts it: for headless runs that still pay for speech. It has no
    clock, so it is never "playing" and waits for nothing."""

    def __init__(self) -> None:
        self.played_seconds = 0.0
        self.stops = 0
        self.first_played_at: float | None = None  # wall clock (perf_counter) of the first audio: bench's end point

    @property
    def playing(self) -> bool:
        return False

    def play(self, audio: Audio) -> None:
        if self.first_played_at is None and len(audio.samples):
            self.first_played_at = time.perf_counter()
        self.played_seconds += audio.seconds

    def wait(self, timeout: float | None = None) -> bool:
        return True

    def stop(self) -> None:
        self.stops += 1

    def close(self) -> None:
        pass


class WavSink(NullSink):
    """Everything played, in order, written to one WAV file on close."""

    def __init__(self, path: Path, sample_rate: int = PLAYBACK_RATE) -> None:
        super().__init__()
        self.path = path
        self.sample_rate = sample_rate
        self._parts: list[Audio] = []
        self._lock = threading.Lock()

    @property
    def audio(self) -> Audio:
        with self._lock:
            return Audio.concat(list(self._parts), self.sample_rate)

    def play(self, audio: Audio) -> None:
        with self._lock:
            self._parts.append(audio)
            super().play(audio)

    def close(self) -> None:
        write_wav(self.path, self.audio)
