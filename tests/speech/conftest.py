"""Shared speech fixtures: models load once per session (the PulseAudio null sink is the root conftest's)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from speech_helpers import EnergyClassifier

from glassterm.speech.asr import Asr
from glassterm.speech.audio import Float32Array
from glassterm.speech.tts import Voice
from glassterm.speech.vad import SileroVad


@pytest.fixture(scope="session")
def voice() -> Voice:
    """The bundled Piper voice without its sampling noise: Piper draws fresh noise on every
    call, so the same sentence came out differently from run to run and a test of what Whisper
    hears passed or failed by luck ("Yes." once came back "Yes, yes."). Noise off, the same text
    gives the same samples, so a failure is the code's. Presets with noise are tested on their own."""
    import dataclasses

    from glassterm.choices import resolve_voice
    from glassterm.speech.tts import load_tts

    voice = load_tts(resolve_voice())
    return voice.with_preset(dataclasses.replace(voice.preset, noise_scale=0.0, noise_w_scale=0.0))


@pytest.fixture(scope="session")
def asr() -> Asr:
    from glassterm.choices import resolve_whisper
    from glassterm.speech.asr import load_asr

    return load_asr(resolve_whisper())


@pytest.fixture(scope="session")
def vad() -> SileroVad:
    from glassterm.speech.vad import load_vad

    return load_vad()


@pytest.fixture(scope="session")
def speech16k(voice: Voice) -> Callable[[str], Float32Array]:
    """Piper speech at 16 kHz, cached per text: synthesis is the slow part of many tests."""
    cache: dict[str, Float32Array] = {}

    def speak(text: str) -> Float32Array:
        if text not in cache:
            cache[text] = voice.synthesize(text).to_float()
        return cache[text]

    return speak


@pytest.fixture
def energy_classifier() -> EnergyClassifier:
    return EnergyClassifier()
