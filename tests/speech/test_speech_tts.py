"""Sentence splitting, voice presets, and streaming synthesis."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glassterm.errors import UserError
from glassterm.speech.tts import SentenceSplitter, Voice, load_preset, preset_names


def split(chunks: list[str]) -> list[str]:
    splitter = SentenceSplitter()
    sentences = [sentence for chunk in chunks for sentence in splitter.feed(chunk)]
    return sentences + splitter.flush()


def test_sentences_complete_only_when_the_next_text_arrives() -> None:
    splitter = SentenceSplitter()
    assert splitter.feed("Your review is at nine.") == []  # could still be "nine.5"
    assert splitter.feed(" It is in") == ["Your review is at nine."]
    assert splitter.feed(" room 4B! Bring") == ["It is in room 4B!"]
    assert splitter.flush() == ["Bring"]


def test_abbreviations_decimals_and_initials_do_not_end_sentences() -> None:
    text = "Dr. Smith paid 3.50 dollars to J. Doe at 9 a.m. today. Then he left."
    assert split([text]) == ["Dr. Smith paid 3.50 dollars to J. Doe at 9 a.m. today.", "Then he left."]


def test_a_very_long_sentence_is_cut_at_a_comma() -> None:
    long = "The gate changed from B44 to B52 because of a late arrival, " * 3 + "so hurry."
    first, *_ = split([long])
    assert first.endswith(",") and len(first) < len(long)


@given(
    st.lists(st.sampled_from(["Hi.", " ", "there", "! ", "How", " are you?", " Fine.\n", "Dr.", " x"]), max_size=20),
    st.data(),
)
def test_chunking_never_changes_the_words(pieces: list[str], data: st.DataObject) -> None:
    text = "".join(pieces)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=8)))
    chunks = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    assert " ".join(split(chunks)).split() == text.split()
    assert split(chunks) == split([text])


def test_shipped_presets_load() -> None:
    assert {"wearer", "other"} <= set(preset_names())
    assert load_preset("other").pitch_semitones != 0.0
    assert load_preset("wearer").pitch_factor == 1.0


def test_bad_presets_name_the_file_and_key(tmp_path: Path) -> None:
    bad = tmp_path / "robot.toml"
    bad.write_text("length_scale = 1.0\npitch = 3\n")
    with pytest.raises(UserError, match=r"robot\.toml: pitch: unknown key"):
        load_preset(str(bad))
    bad.write_text("noise_scale = 9\n")
    with pytest.raises(UserError, match="noise_scale: must be a number from 0.0 to 2.0"):
        load_preset(str(bad))
    with pytest.raises(UserError, match="unknown voice preset 'robot'"):
        load_preset("robot")


@pytest.mark.slow
def test_first_sentence_is_spoken_before_the_second_is_written(voice: Voice) -> None:
    order: list[str] = []

    def llm() -> Iterator[str]:
        for chunk in ["Your design", " review starts at nine.", " It is in room", " four B."]:
            order.append(f"text:{chunk.strip()}")
            yield chunk
        order.append("text:done")

    for audio in voice.stream_sentences(llm()):
        assert audio.samples.size > 0 and audio.sample_rate == voice.sample_rate
        order.append("audio")
    # The first sentence's audio comes right after the chunk that followed its full stop.
    assert order == [
        "text:Your design",
        "text:review starts at nine.",
        "text:It is in room",
        "audio",
        "text:four B.",
        "text:done",
        "audio",
    ]


@pytest.mark.slow
def test_the_other_voice_is_deeper_but_about_as_long(voice: Voice) -> None:
    import numpy as np

    text = "The train to Lisbon leaves from platform seven."
    wearer, other = voice.synthesize(text), voice.with_preset("other").synthesize(text)
    assert 0.7 < other.seconds / wearer.seconds < 1.3

    def pitch(samples: np.ndarray) -> float:  # mean zero-crossing rate, a crude but monotonic pitch proxy
        return float(np.mean(np.abs(np.diff(np.sign(samples.astype(np.float32))))))

    assert pitch(other.samples) < pitch(wearer.samples)
