"""Endpointing on constructed audio: fast ones with an energy classifier, one with real Silero."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from speech_helpers import EnergyClassifier, noise

from glassterm.speech.audio import Float32Array, silence
from glassterm.speech.vad import FRAME, SileroVad, SpeechStarted, Utterance, VadConfig, VadStream


def run(stream: VadStream, audio: Float32Array, block: int = 1000) -> list[SpeechStarted | Utterance]:
    events: list[SpeechStarted | Utterance] = []
    for offset in range(0, len(audio), block):
        events += stream.feed(audio[offset : offset + block])
    return events + stream.flush()


def utterances(events: list[SpeechStarted | Utterance]) -> list[Utterance]:
    return [event for event in events if isinstance(event, Utterance)]


def test_speech_silence_speech_gives_two_utterances(energy_classifier: EnergyClassifier) -> None:
    audio = np.concatenate([silence(0.5), noise(1.0), silence(1.0), noise(0.8, seed=1), silence(1.0)])
    stream = VadStream(energy_classifier, VadConfig(end_silence_ms=500))
    events = run(stream, audio)
    assert [type(event).__name__ for event in events] == ["SpeechStarted", "Utterance"] * 2
    first, second = utterances(events)
    assert first.end_sample <= 2.0 * 16000 < second.start_sample
    assert stream.frames == len(audio) // FRAME == energy_classifier.calls


def test_pre_roll_keeps_audio_before_the_detected_start(energy_classifier: EnergyClassifier) -> None:
    audio = np.concatenate([silence(1.0), noise(0.5), silence(1.0)])
    events = run(VadStream(energy_classifier, VadConfig(pre_roll_ms=300)), audio)
    started = next(event for event in events if isinstance(event, SpeechStarted))
    (utterance,) = utterances(events)
    assert abs(started.at_sample - 16000) <= FRAME
    assert 16000 - utterance.start_sample >= 0.25 * 16000  # the 300 ms before the speech is in it
    assert np.array_equal(utterance.samples, audio[utterance.start_sample : utterance.end_sample])


def test_a_pause_shorter_than_end_silence_keeps_one_utterance(energy_classifier: EnergyClassifier) -> None:
    audio = np.concatenate([noise(0.6), silence(0.3), noise(0.6, seed=2), silence(1.0)])
    assert len(utterances(run(VadStream(energy_classifier, VadConfig(end_silence_ms=500)), audio))) == 1


def test_end_silence_is_configurable(energy_classifier: EnergyClassifier) -> None:
    audio = np.concatenate([noise(0.6), silence(0.3), noise(0.6, seed=2), silence(1.0)])
    assert len(utterances(run(VadStream(energy_classifier, VadConfig(end_silence_ms=200)), audio))) == 2


def test_a_click_shorter_than_min_speech_is_ignored(energy_classifier: EnergyClassifier) -> None:
    audio = np.concatenate([silence(0.5), noise(0.04), silence(1.0)])
    assert run(VadStream(energy_classifier, VadConfig(min_speech_ms=96)), audio) == []


def test_flush_ends_speech_cut_off_by_the_end_of_the_stream(energy_classifier: EnergyClassifier) -> None:
    audio = np.concatenate([silence(0.3), noise(1.0)[:-100]])  # not a whole number of frames
    stream = VadStream(energy_classifier)
    events = [event for offset in range(0, len(audio), 700) for event in stream.feed(audio[offset : offset + 700])]
    assert utterances(events) == []
    (utterance,) = utterances(stream.flush())
    assert utterance.end_sample == len(audio)


def test_long_speech_is_cut_at_max_utterance(energy_classifier: EnergyClassifier) -> None:
    audio = np.concatenate([noise(2.5), silence(1.0)])
    found = utterances(run(VadStream(energy_classifier, VadConfig(max_utterance_s=1.0)), audio))
    assert len(found) == 3
    assert all(u.seconds <= 1.0 + 0.3 for u in found)


@settings(max_examples=30, deadline=None)
@given(block=st.integers(min_value=1, max_value=5000))
def test_block_size_does_not_change_the_result(block: int) -> None:
    audio = np.concatenate([silence(0.4), noise(0.7), silence(0.8), noise(0.5, seed=3), silence(0.7)])
    reference = [(u.start_sample, u.end_sample) for u in utterances(run(VadStream(EnergyClassifier()), audio, 4096))]
    got = [(u.start_sample, u.end_sample) for u in utterances(run(VadStream(EnergyClassifier()), audio, block))]
    assert got == reference


@pytest.mark.slow
def test_silero_streams_two_spoken_utterances(vad: SileroVad, speech16k: Callable[[str], Float32Array]) -> None:
    first, second = speech16k("Where is my next meeting?"), speech16k("Thanks, that helps.")
    audio = np.concatenate([silence(0.5), first, silence(1.2), second, silence(1.0)])
    stream = vad.stream(VadConfig(end_silence_ms=500))
    found = utterances(run(stream, audio, block=1024))
    assert len(found) == 2
    # Pre-roll: each utterance starts before its speech does, and none loses its ends.
    assert found[0].start_sample <= 0.5 * 16000
    assert found[0].end_sample >= 0.5 * 16000 + len(first) - 0.2 * 16000
    assert stream.frames == len(audio) // FRAME
