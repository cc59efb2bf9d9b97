"""Counted work per assistant. Energy is counted work times a device profile's per-unit cost.

The ledger stores counts only (frames, seconds of audio, tokens, looks, lit seconds, bytes);
a profile turns them into energy. So the same run can be priced on any device profile, and
nothing here ever reads this machine's clock.
"""

from __future__ import annotations

from enum import StrEnum


class Work(StrEnum):
    """Units of work an assistant can cause. Values are the profile's keys."""

    IDLE_S = "idle_s"  # base system draw per virtual second
    MIC_ON_S = "mic_on_s"
    VAD_FRAMES = "vad_frames"  # one 32 ms Silero frame (512 samples at 16 kHz)
    WAKE_WORD_S = "wake_word_s"  # seconds of audio through the wake-word spotter
    ASR_AUDIO_S = "asr_audio_s"
    LLM_PROMPT_TOKENS = "llm_prompt_tokens"
    LLM_GENERATED_TOKENS = "llm_generated_tokens"
    TTS_AUDIO_S = "tts_audio_s"
    CARD_VOICE_S = "card_voice_s"  # a proactive card read aloud, where there is no display to show it
    CAMERA_LOOKS = "camera_looks"  # the sensor capturing one frame (wake, exposure, readout, ISP)
    VISION_PASSES = "vision_passes"  # a vision model turning one frame into the words a scene's `see` stands for
    ENCODER_PASSES = "encoder_passes"  # one sentence through the tier-1 sentence encoder
    DISPLAY_ON_S = "display_on_s"
    RADIO_BYTES = "radio_bytes"


VAD_FRAMES_PER_SECOND = 16000 / 512
SPOKEN_WORDS_PER_SECOND = 2.5  # estimate for utterance length when a scene runs without audio


def spoken_seconds(text: str) -> float:
    """How long saying `text` takes, estimated from its words."""
    return len(text.split()) / SPOKEN_WORDS_PER_SECOND


class EnergyLedger:
    """What one assistant has caused, in counted units."""

    def __init__(self) -> None:
        self.counts: dict[Work, float] = {work: 0.0 for work in Work}

    def charge(self, work: Work, amount: float) -> None:
        if amount < 0:
            raise ValueError(f"negative work {work}: {amount}")
        self.counts[work] += amount

    def listen(self, seconds: float, *, wake_word: bool) -> None:
        """Always-on listening for `seconds` of virtual time: microphone, VAD, maybe wake-word spotting."""
        self.charge(Work.IDLE_S, seconds)
        self.charge(Work.MIC_ON_S, seconds)
        self.charge(Work.VAD_FRAMES, seconds * VAD_FRAMES_PER_SECOND)
        if wake_word:
            self.charge(Work.WAKE_WORD_S, seconds)

    def snapshot(self) -> dict[str, float]:
        return {work.value: round(count, 3) for work, count in self.counts.items()}
