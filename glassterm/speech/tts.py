"""Text to speech with Piper, sentence by sentence so the first words play while the rest is written."""

from __future__ import annotations

import itertools
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import sentencex

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
        """Speak text as it streams in: each sentence is synthesised as soon as it is complete,
        the first one clause first, so the wearer hears the answer begin sooner."""
        started = False
        for sentence in _sentences(text_chunks):
            for piece in [sentence] if started else first_clause(speakable(sentence)):
                audio = self.synthesize(piece)
                if len(audio.samples):
                    started = True
                    yield audio


def _sentences(text_chunks: Iterable[str]) -> Iterator[str]:
    splitter = SentenceSplitter()
    for chunk in text_chunks:
        yield from splitter.feed(chunk)
    yield from splitter.flush()


def load_tts(choice: ModelChoice, preset: str = DEFAULT_PRESET) -> Voice:
    from onnxruntime.capi.onnxruntime_pybind11_state import Fail, InvalidGraph, InvalidProtobuf
    from piper import PiperVoice

    try:
        piper = PiperVoice.load(choice.path, config_path=choice.path.with_name(choice.path.name + ".json"))
    except (InvalidProtobuf, InvalidGraph, Fail) as error:
        reason = str(error).split(":")[-1].strip() or type(error).__name__
        raise UserError(f"not a Piper voice model (ONNX): {reason}", file=choice.path) from None
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


# Sentence splitting for streamed text. Where sentences end is sentencex's call (Wikimedia's
# rule-based segmenter, with its English abbreviations: "Dr. Okafor", "St. Mary's", "e.g.", "10.30").
# Against pySBD and nupunkt on the replies in tests/speech/test_speech_tts.py each missed about as
# many, but sentencex's are at rarer words ("approx.", "from me. Julia") where nupunkt's are everyday
# ("Oh no. Shall we go?" as one), and streamed it is 5 times faster than nupunkt and 40 than pySBD
# (which takes a millisecond a sentence).
# What stays here is what a segmenter of finished text cannot know: which words are finished yet.

# Up to the last space: the word after it may still be growing ("to J. Do" of "to J. Doe" reads as two sentences).
_FINISHED_WORDS = re.compile(r".*\s", re.DOTALL)
LONG_CLAUSE_CHARS = 120  # a sentence this long is cut at a comma, so the first audio is not delayed


def _pieces(text: str, before: str = "") -> list[str]:
    """`text` cut where sentencex starts each sentence, whitespace kept, so the pieces join back to `text`.
    `before` is the sentence given out just before `text`: sentencex reads a start by what precedes it
    ("! are you?" alone is two sentences, after "Hi. " one), so a stream is cut as the whole text would be."""
    boundaries = sentencex.get_sentence_boundaries("en", before + text)
    starts = (int(boundary["start_index"]) - len(before) for boundary in boundaries[1:])
    # Only between words: sentencex also cuts "Hi.Hi." in two, and a cut there would split what is one word.
    cuts = [0, *(start for start in starts if start > 0 and text[start - 1].isspace()), len(text)]
    return [text[start:end] for start, end in itertools.pairwise(cuts)]


_CLAUSE_END = re.compile(r"(?<=[,:;])\s+")
FIRST_CLAUSE_WORDS = (2, 4)  # the first clause, and what follows it, in words at least: no one-word stutter


def first_clause(sentence: str) -> list[str]:
    """The sentence cut after its first comma, colon or semicolon ("9 AM:" / "Design review ..."):
    Piper voices a whole piece before any of it plays, and 1 s of speech takes a fifth of the time
    of 4 s. Cut only where both sides are a few words; otherwise the sentence whole."""
    for match in _CLAUSE_END.finditer(sentence):
        head, rest = sentence[: match.start()], sentence[match.end() :]
        if len(head.split()) >= FIRST_CLAUSE_WORDS[0] and len(rest.split()) >= FIRST_CLAUSE_WORDS[1]:
            return [head, rest]
    return [sentence]


class SentenceSplitter:
    """Cuts a stream of text chunks into whole sentences as soon as each one is complete."""

    def __init__(self) -> None:
        self._buffer = ""
        self._before = ""  # the last sentence given out on the current line, as context for the next

    def feed(self, chunk: str) -> list[str]:
        """The sentences that `chunk` completes. A sentence is complete only once the next one has begun
        with a finished word: whether "nine." or "Dr." or "etc." ends one depends on what follows."""
        self._buffer += chunk
        finished = _FINISHED_WORDS.match(self._buffer)
        # A line break ends a sentence whatever the punctuation (list items, headings): finished lines go whole.
        *lines, open_line = (finished.group() if finished else "").split("\n")
        done = self._lines(lines)
        complete = _pieces(open_line, self._before)[:-1]  # the last piece goes on in the next chunk
        if complete:
            self._before = complete[-1]
        sentences = [piece.strip() for piece in done + complete if piece.strip()]
        rest = self._buffer[sum(len(line) + 1 for line in lines) + sum(map(len, complete)) :]
        if len(rest) > LONG_CLAUSE_CHARS:
            cut = max(rest.rfind(", ", 0, len(rest)), rest.rfind("; "), rest.rfind(": "))
            if cut > LONG_CLAUSE_CHARS // 2:
                sentences.append(rest[: cut + 1].strip())
                self._before, rest = rest[: cut + 2], rest[cut + 2 :]
        self._buffer = rest
        return sentences

    def flush(self) -> list[str]:
        """The rest, now that no more text comes, in sentences."""
        rest, self._buffer = self._buffer, ""
        return [piece.strip() for piece in self._lines(rest.split("\n")) if piece.strip()]

    def _lines(self, lines: list[str]) -> list[str]:
        """Finished lines in pieces; the first goes on from the sentence before it, the others start afresh."""
        pieces = [piece for index, line in enumerate(lines) for piece in _pieces(line, "" if index else self._before)]
        if lines:
            self._before = ""
        return pieces
