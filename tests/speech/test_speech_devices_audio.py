"""The real device path: PulseAudio's null sink stands in for a sound card (see conftest.null_sink)."""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from asr_helpers import word_error_rate

from glassterm.events import Transcript
from glassterm.speech.asr import Asr
from glassterm.speech.audio import Audio, write_wav
from glassterm.speech.pipeline import ListeningPipeline
from glassterm.speech.sinks import SpeakerSink
from glassterm.speech.sources import MicSource
from glassterm.speech.tts import Voice
from glassterm.speech.vad import SileroVad

pytestmark = [pytest.mark.audio, pytest.mark.slow]


def listen_while(device: str, vad: SileroVad, asr: Asr, play: Callable[[], None]) -> list[Transcript]:
    """Run the microphone pipeline on `device` while `play()` makes sound; return what it transcribed."""
    heard: list[Transcript] = []
    got_one = threading.Event()

    def on_transcript(transcript: Transcript) -> None:
        heard.append(transcript)
        got_one.set()

    mic = MicSource(device)
    mic.start()
    pipeline = ListeningPipeline(mic, vad, asr, on_transcript=on_transcript)
    pipeline.start()
    try:
        play()
        got_one.wait(30)  # a bound for a broken setup, not a timing assertion
    finally:
        pipeline.stop()
        pipeline.join(10)
    assert not pipeline.errors
    assert mic.native_rate > 0
    return heard


def with_silence(audio: Audio, before: float = 0.3, after: float = 1.0) -> Audio:
    """Trailing silence so the VAD can endpoint even if PulseAudio stops feeding the monitor after playback."""
    pad = lambda seconds: np.zeros(round(seconds * audio.sample_rate), dtype=np.int16)
    return Audio(np.concatenate([pad(before), audio.samples, pad(after)]), audio.sample_rate)


def test_microphone_hears_paplay_through_the_null_sink(
    null_sink: str, tmp_path: Path, voice: Voice, asr: Asr, vad: SileroVad
) -> None:
    text = "Set a timer for ten minutes, please."
    wav = tmp_path / "said.wav"
    write_wav(wav, with_silence(voice.synthesize(text)))
    heard = listen_while(null_sink, vad, asr, lambda: subprocess.run(["paplay", str(wav)], timeout=60, check=True))
    assert heard, "the microphone pipeline heard nothing from paplay"
    assert word_error_rate(text, heard[0].text) <= 0.25, heard[0].text


def test_speaker_sink_plays_into_the_microphone(null_sink: str, voice: Voice, asr: Asr, vad: SileroVad) -> None:
    text = "Your package has arrived at the front desk."
    sink = SpeakerSink(null_sink, sample_rate=voice.sample_rate)

    def play() -> None:
        sink.play(with_silence(voice.synthesize(text)))
        sink.wait(60)

    try:
        heard = listen_while(null_sink, vad, asr, play)
    finally:
        sink.close()
    assert heard and word_error_rate(text, heard[0].text) <= 0.25, heard


def test_speaker_sink_stops_on_barge_in(null_sink: str, voice: Voice) -> None:
    sink = SpeakerSink(null_sink, sample_rate=voice.sample_rate)
    try:
        sink.play(voice.synthesize("This is a long reply that the wearer will interrupt before it ends."))
        assert sink.playing
        sink.stop()
        assert not sink.playing and sink.wait(5)
    finally:
        sink.close()
