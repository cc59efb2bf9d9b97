"""`play --audio`: scene speech goes through Piper, the VAD and Whisper like a microphone's would."""

from __future__ import annotations

import pytest
from asr_helpers import word_error_rate

from glassterm.events import Heard, Said, TimeTick
from glassterm.speech.asr import Asr
from glassterm.speech.scene_audio import SceneVoicer
from glassterm.speech.tts import Voice
from glassterm.speech.vad import SileroVad


@pytest.fixture(scope="module")
def voicer(asr: Asr, vad: SileroVad, voice: Voice) -> SceneVoicer:
    return SceneVoicer(asr, vad, voice)


@pytest.mark.slow
def test_said_comes_back_as_what_asr_heard(voicer: SceneVoicer) -> None:
    said = Said(at=36000.0, text="Hey glasses, when is my design review?")
    heard = voicer.transform(said)
    assert isinstance(heard, Said) and heard.at == said.at
    assert heard.transcript is not None and heard.transcript.spoken_text == said.text
    assert heard.text == heard.transcript.text
    assert word_error_rate(said.text, heard.text) <= 0.25
    work = voicer.last_work
    assert work.tts_audio_seconds > 1.0 and work.vad_frames > 0
    assert work.asr_audio_seconds == pytest.approx(heard.transcript.audio_seconds)


@pytest.mark.slow
def test_heard_uses_the_other_voice_and_still_transcribes(voicer: SceneVoicer) -> None:
    announcement = Heard(at=100.0, text="The next train to the airport leaves in five minutes.")
    heard = voicer.transform(announcement)
    assert isinstance(heard, Heard)
    assert voicer.other.preset.name == "other"
    assert heard.transcript is not None and word_error_rate(announcement.text, heard.text) <= 0.3


@pytest.mark.slow
def test_nothing_speakable_means_nothing_heard(voicer: SceneVoicer) -> None:
    assert voicer.transform(Said(at=1.0, text="   ")) is None


def test_other_events_pass_through_unchanged() -> None:
    voicer = SceneVoicer.__new__(SceneVoicer)  # no models needed for events that are not speech
    tick = TimeTick(at=5.0)
    assert voicer.transform(tick) is tick


@pytest.mark.slow
def test_model_hub_loads_the_speech_models_through_our_loaders() -> None:
    from glassterm.models import ModelHub

    hub = ModelHub()
    voicer = SceneVoicer.from_hub(hub)
    # The hub's one shared instance of each model, each loaded (and timed) once.
    assert voicer.asr is hub.asr() and voicer.vad is hub.vad() and voicer.wearer is hub.tts()
    assert set(hub.load_seconds) == {"asr", "vad", "tts"}
    assert voicer.wearer.preset.name == "wearer" and voicer.other.preset.name == "other"
