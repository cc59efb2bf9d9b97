"""The listening pipeline: endpointing to ASR, the responder hook, barge-in, and a real round trip."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import numpy as np
import pytest
from asr_helpers import word_error_rate
from speech_helpers import EnergyClassifier, noise

from glassterm.events import Transcript
from glassterm.speech.asr import Asr
from glassterm.speech.audio import Audio, Float32Array, silence, write_wav
from glassterm.speech.pipeline import ListeningPipeline, Turn
from glassterm.speech.sinks import BLOCK, BufferSink, WavSink
from glassterm.speech.sources import ArraySource, WavSource
from glassterm.speech.tts import Voice
from glassterm.speech.vad import SileroVad, VadStream


class CountingAsr:
    """Names each utterance by its length, so tests can tell them apart."""

    def transcribe(self, samples: Float32Array, spoken_text: str | None = None) -> Transcript:
        return Transcript(f"utterance of {len(samples) / 16000:.1f} s", len(samples) / 16000, 0.0, spoken_text)


class ToneVoice:
    """One short clip per streamed chunk: a stand-in for Piper."""

    def __init__(self) -> None:
        self.spoken: list[str] = []

    def stream_sentences(self, text_chunks: Iterable[str]) -> Iterator[Audio]:
        for chunk in text_chunks:
            self.spoken.append(chunk)
            yield Audio(np.full(2205, 1000, dtype=np.int16), 22050)


def test_each_utterance_reaches_the_callback() -> None:
    audio = np.concatenate([silence(0.3), noise(1.0), silence(1.0), noise(0.5, seed=1), silence(0.8)])
    heard: list[Transcript] = []
    pipeline = ListeningPipeline(
        ArraySource(audio), VadStream(EnergyClassifier()), CountingAsr(), on_transcript=heard.append
    )
    pipeline.run()
    assert len(heard) == 2
    work = pipeline.work
    assert work.vad_frames == len(audio) // 512
    assert work.asr_audio_seconds == pytest.approx(sum(t.audio_seconds for t in heard))
    assert work.source_seconds == pytest.approx(len(audio) / 16000)


def test_responder_reply_is_spoken_and_timed() -> None:
    audio = np.concatenate([silence(0.3), noise(0.8), silence(0.8)])
    voice, sink = ToneVoice(), WavSink(Path("unused.wav"))
    turns: list[Turn] = []
    pipeline = ListeningPipeline(
        ArraySource(audio),
        VadStream(EnergyClassifier()),
        CountingAsr(),
        responder=lambda text: iter(["You said: ", text]),
        voice=voice,
        sink=sink,
        on_turn=turns.append,
    )
    pipeline.run()
    (turn,) = turns
    assert turn.reply.startswith("You said: utterance of") and not turn.interrupted
    assert turn.spoken_seconds == pytest.approx(0.2) == sink.played_seconds
    latency = turn.latency
    assert (
        latency.to_transcript is not None and latency.to_first_token is not None and latency.to_first_audio is not None
    )
    assert 0 <= latency.to_transcript <= latency.to_first_token <= latency.to_first_audio <= latency.total


def test_speech_start_stops_a_playing_sink_within_one_block() -> None:
    sink = BufferSink()
    sink.play(Audio(np.full(22050 * 5, 3000, dtype=np.int16), 22050))  # a long reply is playing
    assert np.any(sink.pull(BLOCK))
    started = threading.Event()
    audio = np.concatenate([silence(0.5), noise(0.6), silence(0.8)])
    pipeline = ListeningPipeline(
        ArraySource(audio), VadStream(EnergyClassifier()), CountingAsr(), sink=sink, on_speech_start=started.set
    )
    pipeline.run()
    assert started.is_set() and sink.stops == 1
    assert not sink.playing and not np.any(sink.pull(BLOCK))


def test_without_barge_in_the_reply_keeps_playing() -> None:
    sink = BufferSink()
    sink.play(Audio(np.full(22050 * 5, 3000, dtype=np.int16), 22050))
    audio = np.concatenate([silence(0.5), noise(0.6), silence(0.8)])
    ListeningPipeline(ArraySource(audio), VadStream(EnergyClassifier()), CountingAsr(), sink=sink, barge_in=False).run()
    assert sink.stops == 0 and sink.playing


def test_speaking_over_a_reply_cuts_the_rest_of_it() -> None:
    """The responder is still writing when the wearer speaks again: the reply stops there."""
    audio = np.concatenate([silence(0.3), noise(0.6), silence(0.8), noise(0.6, seed=4), silence(0.8)])
    gate = threading.Event()
    second_start = threading.Event()
    starts: list[int] = []

    def on_speech_start() -> None:  # called after the pipeline has decided to barge in
        starts.append(1)
        if len(starts) == 2:
            second_start.set()

    def responder(text: str) -> Iterator[str]:
        yield "First part. "
        if not gate.is_set():  # only the first turn waits, until the wearer speaks again
            gate.set()
            second_start.wait(10)
        yield "Second part."

    source = ArraySource(audio, realtime=False)
    sink = BufferSink()
    voice = ToneVoice()
    turns: list[Turn] = []

    # Hold the listener back until the first turn is speaking, so the second utterance arrives mid-reply.
    class GatedSource(ArraySource):
        def blocks(self) -> Iterator[Float32Array]:
            for index, block in enumerate(source.blocks()):
                if index * 1024 >= 1.5 * 16000:  # after the first endpoint (~1.4 s), before the second speech (1.7 s)
                    gate.wait(10)
                self.seconds = source.seconds
                yield block

    pipeline = ListeningPipeline(
        GatedSource(audio),
        VadStream(EnergyClassifier()),
        CountingAsr(),
        responder=responder,
        voice=voice,
        sink=sink,
        on_turn=turns.append,
        on_speech_start=on_speech_start,
    )
    pipeline.run()
    assert turns[0].interrupted and turns[0].reply == "First part."
    assert sink.stops >= 1


@pytest.mark.slow
def test_round_trip_through_wav_file(
    tmp_path: Path, voice: Voice, asr: Asr, vad: SileroVad, speech16k: Callable[[str], Float32Array]
) -> None:
    said = "Remind me to call Anna about the budget tomorrow morning."
    wav = tmp_path / "said.wav"
    spoken = voice.synthesize(said)
    padded = Audio(
        np.concatenate([np.zeros(11025, np.int16), spoken.samples, np.zeros(22050, np.int16)]), spoken.sample_rate
    )
    write_wav(wav, padded)  # 22.05 kHz on disk: WavSource must resample it
    reply_wav = tmp_path / "reply.wav"
    sink = WavSink(reply_wav, voice.sample_rate)
    turns: list[Turn] = []

    def responder(text: str) -> Iterator[str]:
        yield from ["Okay. ", "I will remind you."]

    pipeline = ListeningPipeline(
        WavSource(wav), vad, asr, responder=responder, voice=voice, sink=sink, on_turn=turns.append
    )
    pipeline.run()
    sink.close()
    (turn,) = turns
    error = word_error_rate(said, turn.transcript.text)
    print(f"\nround trip: {turn.transcript.text!r} WER {error:.2f}")
    assert error <= 0.25
    assert reply_wav.is_file() and turn.spoken_seconds > 0.5
    reply_text = asr.transcribe(WavSource(reply_wav)._samples).text
    assert word_error_rate("Okay. I will remind you.", reply_text) <= 0.4  # five words: one slip is 0.2


@pytest.mark.slow
def test_measure_real_time_factors_and_first_audio(voice: Voice, asr: Asr, vad: SileroVad) -> None:
    """Prints figures for the report; asserts nothing about time."""
    import time

    text = "What is on my calendar this afternoon, and is there anything I should bring to the meeting?"
    started = time.perf_counter()
    audio = voice.synthesize(text)
    tts_rtf = (time.perf_counter() - started) / audio.seconds
    samples = audio.to_float()
    transcript = asr.transcribe(samples)
    asr_rtf = transcript.asr_seconds / transcript.audio_seconds
    turns: list[Turn] = []
    recording = np.concatenate([silence(0.3), samples, silence(1.0)])
    pipeline = ListeningPipeline(
        ArraySource(recording, realtime=True),  # paced like a microphone, so the endpoint comes when it would live
        vad,
        asr,
        responder=lambda heard: iter(["Sure. ", "You have a design review at three."]),
        voice=voice,
        sink=BufferSink(voice.sample_rate),
        on_turn=turns.append,
    )
    pipeline.run()
    latency = turns[0].latency
    print(
        f"\nTTS RTF {tts_rtf:.3f}; ASR RTF {asr_rtf:.3f} ({transcript.audio_seconds:.1f} s audio);"
        f" endpoint->transcript {latency.to_transcript:.3f} s, ->first token {latency.to_first_token:.3f} s,"
        f" ->first audio {latency.to_first_audio:.3f} s, total {latency.total:.3f} s"
        f" (add end_silence_ms=500 for time from the last word)"
    )
    assert turns[0].transcript.text and latency.to_first_audio is not None


class AnsweringSink(BufferSink):
    """Plays an answer for the first `blocks` blocks the pipeline listens to, then is quiet."""

    def __init__(self, blocks: int) -> None:
        super().__init__()
        self._left = blocks

    @property
    def playing(self) -> bool:
        self._left -= 1
        return self._left >= 0


def test_the_answers_own_echo_is_never_transcribed() -> None:
    """Without echo cancellation the mic hears the answer: an utterance that began while the
    answer played is dropped even though it ends (and would be transcribed) after it."""
    echo_then_wearer = np.concatenate([silence(0.3), noise(1.2), silence(1.0), noise(0.6, seed=7), silence(0.8)])
    heard: list[Transcript] = []
    pipeline = ListeningPipeline(
        ArraySource(echo_then_wearer, block=1600),
        VadStream(EnergyClassifier()),
        CountingAsr(),
        sink=AnsweringSink(blocks=6),  # the answer plays for the first 0.6 s
        on_transcript=heard.append,
        listen_while_speaking=False,
        barge_in=False,
    )
    pipeline.run()
    assert len(heard) == 1 and heard[0].audio_seconds < 1.2  # only the wearer's 0.6 s utterance
