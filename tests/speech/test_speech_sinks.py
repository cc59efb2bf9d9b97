"""Sinks: barge-in silences within one block; WAV and null sinks count what they were given."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from glassterm.speech.audio import Audio, read_wav
from glassterm.speech.sinks import BLOCK, BufferSink, NullSink, WavSink


def tone(seconds: float, rate: int = 22050) -> Audio:
    t = np.arange(round(seconds * rate)) / rate
    return Audio((np.sin(2 * np.pi * 220 * t) * 10000).astype(np.int16), rate)


def test_stop_silences_the_next_block() -> None:
    sink = BufferSink()
    sink.play(tone(2.0))
    assert sink.playing
    assert np.any(sink.pull(BLOCK))
    sink.stop()
    assert not sink.playing
    assert not np.any(sink.pull(BLOCK))  # the very next block is silent


def test_playback_drains_in_order_and_pads_with_silence() -> None:
    sink = BufferSink()
    a, b = tone(0.01), Audio(np.full(300, 7, dtype=np.int16), 22050)
    sink.play(a)
    sink.play(b)
    out = sink.pull(len(a.samples) + 400)
    assert np.array_equal(out[: len(a.samples)], a.samples)
    assert np.all(out[len(a.samples) : len(a.samples) + 300] == 7) and not np.any(out[-100:])
    assert not sink.playing and sink.wait(0)


def test_other_rates_are_resampled() -> None:
    sink = BufferSink(sample_rate=22050)
    sink.play(tone(1.0, rate=16000))
    assert abs(sink.played_seconds - 1.0) < 0.01


def test_wav_sink_writes_everything_played(tmp_path: Path) -> None:
    path = tmp_path / "reply.wav"
    sink = WavSink(path)
    sink.play(tone(0.5))
    sink.play(tone(0.25))
    sink.close()
    samples, rate = read_wav(path)
    assert rate == 22050 and abs(len(samples) / rate - 0.75) < 0.001
    assert abs(sink.played_seconds - 0.75) < 0.001


def test_null_sink_counts() -> None:
    sink = NullSink()
    sink.play(tone(0.5))
    assert not sink.playing and abs(sink.played_seconds - 0.5) < 0.001
