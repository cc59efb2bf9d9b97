"""`glassterm play --audio`: scene speech is spoken by Piper and heard through the microphone's path.

So a scene exercises the same VAD and ASR (and their errors) as a live wearer would, and the
assistants see what ASR made of the words, not the words the scene author typed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from glassterm.events import Event, Heard, Said, Transcript
from glassterm.speech.asr import Asr
from glassterm.speech.audio import silence
from glassterm.speech.pipeline import ListeningPipeline, Transcriber
from glassterm.speech.sources import ArraySource
from glassterm.speech.tts import OTHER_PRESET, Voice
from glassterm.speech.vad import SileroVad, VadConfig

if TYPE_CHECKING:
    from glassterm.models import ModelHub

# Silence around the clip, as a microphone would hear before and after someone speaks: the VAD
# needs a lead-in for its state and `end_silence_ms` after the last word to endpoint (the stream's
# end ends it too). No turn check: a scene's line is one utterance unless it pauses that long.
LEAD_IN_S = 0.3
TAIL_S = 1.0

SpokenEvent = TypeVar("SpokenEvent", Said, Heard)


@dataclass(frozen=True, slots=True)
class VoicedWork:
    """Work one event cost, to charge to the ledger of whoever hears it."""

    tts_audio_seconds: float
    vad_frames: int
    asr_audio_seconds: float


class SceneVoicer:
    """Said -> wearer voice, Heard -> the other voice; both back through VAD + ASR."""

    def __init__(
        self,
        asr: Asr | Transcriber,
        vad: SileroVad,
        wearer: Voice,
        other: Voice | None = None,
        vad_config: VadConfig | None = None,
    ) -> None:
        self.asr = asr
        self.vad = vad
        self.wearer = wearer
        self.other = other or wearer.with_preset(OTHER_PRESET)
        self.vad_config = vad_config
        self.last_work = VoicedWork(0.0, 0, 0.0)

    @classmethod
    def from_hub(cls, hub: ModelHub, vad_config: VadConfig | None = None) -> SceneVoicer:
        return cls(hub.asr(), hub.vad(), hub.tts(), vad_config=vad_config)

    def transform(self, event: Event) -> Event | None:
        """The event as heard, or None when the VAD hears no speech. Other events pass unchanged."""
        if isinstance(event, Said):
            return self._voiced(event, self.wearer)
        if isinstance(event, Heard):
            return self._voiced(event, self.other)
        return event

    def _voiced(self, event: SpokenEvent, voice: Voice) -> SpokenEvent | None:
        audio = voice.synthesize(event.text)
        samples = audio.to_float()
        recording = np.concatenate([silence(LEAD_IN_S), samples, silence(TAIL_S)])
        heard: list[Transcript] = []
        pipeline = ListeningPipeline(
            ArraySource(recording), self.vad.stream(self.vad_config), self.asr, on_transcript=heard.append
        )
        pipeline.run()
        work = pipeline.work
        self.last_work = VoicedWork(audio.seconds, work.vad_frames, work.asr_audio_seconds)
        texts = [t.text for t in heard if t.text]
        if not texts:
            return None
        transcript = Transcript(
            text=" ".join(texts),
            audio_seconds=sum(t.audio_seconds for t in heard),
            asr_seconds=sum(t.asr_seconds for t in heard),
            spoken_text=event.text,
        )
        return replace(event, text=transcript.text, transcript=transcript)
