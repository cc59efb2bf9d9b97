"""Where audio comes from: a microphone, a WAV file, or an array. All give 16 kHz mono float32 blocks."""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import soxr

from glassterm.errors import UserError
from glassterm.speech.audio import ASR_RATE, Float32Array, read_wav, resample
from glassterm.speech.devices import AudioUnavailable, device_spec, import_sounddevice

BLOCK = 1024  # 64 ms at 16 kHz: two VAD frames per block keeps queues short and barge-in quick


_LOG = logging.getLogger(__name__)


class AudioSource(Protocol):
    """Blocks of 16 kHz mono float32 until the source ends or `close()` is called."""

    seconds: float  # audio delivered so far: charge as MIC_ON_S for a microphone

    def blocks(self) -> Iterator[Float32Array]: ...

    def close(self) -> None: ...


class ArraySource:
    """An in-memory recording. `realtime=True` paces blocks like a microphone would."""

    def __init__(self, samples: Float32Array, *, block: int = BLOCK, realtime: bool = False) -> None:
        self._samples = np.asarray(samples, dtype=np.float32).reshape(-1)
        self._block = block
        self._realtime = realtime
        self._closed = threading.Event()
        self.seconds = 0.0
        self.started_at: float | None = None  # wall clock (perf_counter) of sample 0, paced from here

    def blocks(self) -> Iterator[Float32Array]:
        started = self.started_at = time.perf_counter()
        for offset in range(0, len(self._samples), self._block):
            if self._closed.is_set():
                return
            block = self._samples[offset : offset + self._block]
            self.seconds += len(block) / ASR_RATE
            if self._realtime:
                delay = started + self.seconds - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
            yield block

    def close(self) -> None:
        self._closed.set()


class WavSource(ArraySource):
    """Any PCM WAV file, mixed to mono and resampled to 16 kHz."""

    def __init__(self, path: Path, *, block: int = BLOCK, realtime: bool = False) -> None:
        samples, rate = read_wav(path)
        super().__init__(resample(samples, rate, ASR_RATE), block=block, realtime=realtime)
        self.path = path


class MicSource:
    """A PortAudio input device at its native rate, resampled to 16 kHz mono outside the callback.

    The PortAudio callback only copies into a bounded queue: model code there would make the
    device drop audio. If the consumer falls behind by `max_queue_s`, blocks are dropped and counted.
    """

    def __init__(self, device: str | int | None = None, *, block_ms: int = 32, max_queue_s: float = 10.0) -> None:
        self.device = device_spec(device)
        self._block_ms = block_ms
        self._max_queue_s = max_queue_s
        self._queue: queue.Queue[np.ndarray[Any, Any]] = queue.Queue()
        self._closed = threading.Event()
        self._stream: Any = None
        self.native_rate = 0
        self.seconds = 0.0
        self.dropped_frames = 0

    def start(self) -> None:
        if self._stream is not None:
            return
        sd = import_sounddevice()
        try:
            info = sd.query_devices(self.device, "input")
        except ValueError as error:  # no device of that name or index, or it has no inputs
            raise UserError(
                f"no input device {self.device!r}: {error}", key="device", fix="see glassterm devices"
            ) from None
        except sd.PortAudioError as error:
            raise AudioUnavailable(f"PortAudio cannot query input devices: {error}") from None
        self.native_rate = int(info["default_samplerate"])
        blocksize = max(1, self.native_rate * self._block_ms // 1000)
        self._queue = queue.Queue(maxsize=max(1, int(self._max_queue_s * 1000 / self._block_ms)))
        # Some hardware refuses mono capture: fall back to two channels and mix down ourselves.
        last_error: Exception | None = None
        for channels in dict.fromkeys((1, min(2, int(info["max_input_channels"])))):
            try:
                stream = sd.InputStream(
                    device=self.device,
                    samplerate=self.native_rate,
                    channels=channels,
                    dtype="float32",
                    blocksize=blocksize,
                    callback=self._callback,
                )
                stream.start()
            except sd.PortAudioError as error:
                last_error = error
                continue
            self._stream = stream
            return
        raise AudioUnavailable(f"cannot open input device {info['name']!r}: {last_error}")

    def _callback(self, indata: np.ndarray[Any, Any], frames: int, time_info: Any, status: Any) -> None:
        try:
            self._queue.put_nowait(indata.copy())
        except queue.Full:
            self.dropped_frames += frames

    def blocks(self) -> Iterator[Float32Array]:
        self.start()
        resampler = soxr.ResampleStream(self.native_rate, ASR_RATE, 1, dtype="float32")
        while not self._closed.is_set():
            try:
                data = self._queue.get(timeout=0.1)
            except queue.Empty:
                continue
            mono = data.mean(axis=1) if data.ndim == 2 else data
            self.seconds += len(mono) / self.native_rate
            out = np.asarray(resampler.resample_chunk(np.ascontiguousarray(mono, dtype=np.float32)), dtype=np.float32)
            if len(out):
                yield out

    def close(self) -> None:
        self._closed.set()
        stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.stop()
                stream.close()
            except Exception as error:  # noqa: BLE001  closing a device that vanished must not mask why we are closing
                _LOG.debug("closing audio stream failed: %s", error)
