"""Text to speech with Piper, sentence by sentence so the first words play while the rest is written."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from glassterm.errors import UserError
from glassterm.speech.audio import Audio, float_to_int16, resample

if TYPE_CHECKING:
    from piper import PiperVoice

    from glassterm.choices import ModelChoice

__all__ = ["Audio", "SentenceSplitter", "Voice", "VoicePreset", "load_preset", "load_tts", "preset_names"]

DEFAULT_PRESET = "wearer"
OTHER_PRESET = "other"


@dataclass(frozen=True, slots=True)
class VoicePreset:
    name: str
    description: str = ""
    length_scale: float = 1.0
    noise_scale: float = 0.667
    noise_w_scale: float = 0.8
    pitch_semitones: float = 0.0
    volume: float = 1.0

    @property
    def pitch_factor(self) -> float:
        return float(2.0 ** (self.pitch_semitones / 12.0))


_PRESET_KEYS: dict[str, tuple[float, float]] = {  # key -> allowed range, so a typo cannot make noise
    "length_scale": (0.3, 3.0),
    "noise_scale": (0.0, 2.0),
    "noise_w_scale": (0.0, 2.0),
    "pitch_semitones": (-12.0, 12.0),
    "volume": (0.0, 2.0),
}


def preset_names() -> list[str]:
    return sorted(
        entry.name.removesuffix(".toml")
        for entry in resources.files("glassterm.voices").iterdir()
        if entry.name.endswith(".toml")
    )


def load_preset(name_or_path: str) -> VoicePreset:
    """A shipped preset by name (`wearer`, `other`) or a user's preset TOML file by path."""
    if name_or_path.endswith(".toml"):
        path = Path(name_or_path).expanduser()
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise UserError(f"cannot read voice preset: {error.strerror or error}", file=path) from None
        return parse_preset(text, path.stem, path)
    if name_or_path not in preset_names():
        raise UserError(
            f"unknown voice preset {name_or_path!r}", fix=f"use one of {', '.join(preset_names())} or a .toml file"
        )
    entry = resources.files("glassterm.voices").joinpath(f"{name_or_path}.toml")
    return parse_preset(entry.read_text(encoding="utf-8"), name_or_path, Path(str(entry)))


def parse_preset(text: str, name: str, origin: Path) -> VoicePreset:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UserError(f"not valid TOML: {error}", file=origin, line=getattr(error, "lineno", None)) from None
    values: dict[str, float] = {}
    for key, value in data.items():
        if key == "description":
            continue
        if key not in _PRESET_KEYS:
            raise UserError(f"unknown key; known: description, {', '.join(_PRESET_KEYS)}", file=origin, key=key)
        low, high = _PRESET_KEYS[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            raise UserError(f"must be a number from {low} to {high}, got {value!r}", file=origin, key=key)
        values[key] = float(value)
    return VoicePreset(name=name, description=str(data.get("description", "")), **values)


class Voice:
    """A Piper voice with a preset. Presets share the loaded model (`with_preset`)."""

    def __init__(self, piper: PiperVoice, preset: VoicePreset, model_name: str = "piper") -> None:
        self._piper = piper
        self.preset = preset
        self.model_name = model_name
        self.sample_rate: int = int(piper.config.sample_rate)

    def with_preset(self, preset: VoicePreset | str) -> Voice:
        chosen = load_preset(preset) if isinstance(preset, str) else preset
        return Voice(self._piper, chosen, self.model_name)

    def synthesize(self, text: str) -> Audio:
        """All of `text` as one clip. Empty or unspeakable text gives an empty clip."""
        return Audio.concat(list(self.sentences(text)), self.sample_rate)

    def sentences(self, text: str) -> Iterator[Audio]:
        """One clip per sentence, as Piper splits them."""
        from piper import SynthesisConfig

        preset = self.preset
        factor = preset.pitch_factor
        config = SynthesisConfig(
            # Pitch comes from resampling, which also shortens by `factor`: lengthen first to keep the pace.
            length_scale=preset.length_scale * factor,
            noise_scale=preset.noise_scale,
            noise_w_scale=preset.noise_w_scale,
            volume=preset.volume,
        )
        if not text.strip():
            return
        for chunk in self._piper.synthesize(speakable(text), syn_config=config):
            samples = chunk.audio_float_array
            if factor != 1.0:
                # Played at the original rate, audio resampled to rate/factor sounds `factor` higher.
                samples = resample(samples, self.sample_rate, round(self.sample_rate / factor))
            yield Audio(float_to_int16(samples), self.sample_rate)

    def stream_sentences(self, text_chunks: Iterable[str]) -> Iterator[Audio]:
        """Speak text as it streams in: each sentence is synthesised as soon as it is complete."""
        splitter = SentenceSplitter()
        for chunk in text_chunks:
            for sentence in splitter.feed(chunk):
                audio = self.synthesize(sentence)
                if len(audio.samples):
                    yield audio
        for sentence in splitter.flush():
            audio = self.synthesize(sentence)
            if len(audio.samples):
                yield audio


def load_tts(choice: ModelChoice, preset: str = DEFAULT_PRESET) -> Voice:
    from piper import PiperVoice

    piper = PiperVoice.load(choice.path, config_path=choice.path.with_name(choice.path.name + ".json"))
    return Voice(piper, load_preset(preset), choice.name)


_CLOCK_TIME = re.compile(r"\b([01]?\d|2[0-3]):([0-5]\d)\b")


def speakable(text: str) -> str:
    """Text as a person would say it. Piper reads "09:00" digit by digit ("zero nine zero
    zero"); "9 AM" and "2:30 PM" come out, and come back through ASR, as meant."""

    def say_time(match: re.Match[str]) -> str:
        hours, minutes = int(match.group(1)), match.group(2)
        suffix = "AM" if hours < 12 else "PM"
        hours = hours % 12 or 12
        return f"{hours} {suffix}" if minutes == "00" else f"{hours}:{minutes} {suffix}"

    return _CLOCK_TIME.sub(say_time, text)


# Sentence splitting for streamed text.

# A terminator, closing quotes or brackets, then whitespace: only then is the sentence surely over
# ("3.5" and a chunk ending in "." are not ends yet).
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*\s+|\n\s*")
_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "st", "vs", "etc", "e.g", "i.e", "prof", "no", "approx", "a.m", "p.m"}
)
LONG_CLAUSE_CHARS = 120  # a sentence this long is cut at a comma, so the first audio is not delayed


class SentenceSplitter:
    """Cuts a stream of text chunks into whole sentences as soon as each one is complete."""

    def __init__(self) -> None:
        self._buffer = ""

    def feed(self, chunk: str) -> list[str]:
        self._buffer += chunk
        sentences: list[str] = []
        start = 0
        for match in _SENTENCE_END.finditer(self._buffer):
            candidate = self._buffer[start : match.end()]
            if _ends_in_abbreviation(self._buffer[start : match.start() + 1]):
                continue
            if candidate.strip():
                sentences.append(candidate.strip())
            start = match.end()
        rest = self._buffer[start:]
        if len(rest) > LONG_CLAUSE_CHARS:
            cut = max(rest.rfind(", ", 0, len(rest)), rest.rfind("; "), rest.rfind(": "))
            if cut > LONG_CLAUSE_CHARS // 2:
                sentences.append(rest[: cut + 1].strip())
                rest = rest[cut + 2 :]
        self._buffer = rest
        return sentences

    def flush(self) -> list[str]:
        rest, self._buffer = self._buffer.strip(), ""
        return [rest] if rest else []


def _ends_in_abbreviation(text: str) -> bool:
    stripped = text.rstrip()
    if not stripped.endswith("."):
        return False
    words = stripped[:-1].split()
    if not words:
        return False
    word = words[-1].lower().strip("\"'(")
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())
