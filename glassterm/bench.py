"""`glassterm bench`: speed and memory on this machine with the bundled models.

Medians over repeats (these machines are noisy); printed and written as JSON, never asserted.
"""

from __future__ import annotations

import argparse
import platform
import resource
import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from glassterm.assistant.grounding import Phraser
from glassterm.assistant.policy import Policy
from glassterm.assistant.prompts import load_prompts
from glassterm.choices import llm_disabled
from glassterm.clock import VirtualClock
from glassterm.errors import EXIT_OK, UserError
from glassterm.events import DEFAULT_WAKE_WORD, CalendarEntry, CalendarKnown, SceneStarted, TurnLatency
from glassterm.live import SpokenReplies
from glassterm.models import ModelHub
from glassterm.report import check_writable, write_json
from glassterm.session import Session, build_assistants
from glassterm.speech.audio import ASR_RATE, Audio, silence, speech_end
from glassterm.speech.pipeline import EndOfTurn, ListeningPipeline, Turn
from glassterm.speech.sinks import NullSink
from glassterm.speech.sources import ArraySource
from glassterm.speech.turns import TurnCheck, vad_config
from glassterm.speech.vad import VadConfig

LEAD_IN_S = 0.5  # silence before each question: the VAD's state settles
FIXED_SILENCE_MS = 500  # what every turn waited before the turn check: the baseline bench compares with

if TYPE_CHECKING:
    from glassterm.assistant.encoder import SentenceEncoder
    from glassterm.events import Event

QUESTIONS = [
    "Hey glass, when is my first meeting?",
    "Hey glass, what time is it?",
    "Hey glass, what is on my list today?",
    "Hey glass, where is the design review?",
    "Hey glass, what did the announcement say?",
]


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] if ordered else float("nan")


def _raw_decode_tokens_per_s(llama: Any, tokens: int = 48) -> float:
    """llama.cpp's own decode speed for this model here: one eval per token, no sampling, no
    chat template, no streaming (what llama-bench's tg test measures)."""
    llama.reset()
    prompt = llama.tokenize(b"The glasses show", add_bos=True)
    llama.eval(prompt)
    token = prompt[-1]
    started = time.perf_counter()
    for _ in range(tokens):
        llama.eval([token])  # decode cost does not depend on which token it is
    seconds = time.perf_counter() - started
    llama.reset()
    return tokens / seconds


@dataclass(frozen=True, slots=True)
class VoiceTurn:
    voice_to_voice: float  # the question's last sound to the first answer audio, wall seconds
    endpoint: float  # the question's last sound to the VAD ending the turn (the check's ASR included), wall seconds
    silence_heard: float  # audio seconds after the last sound that the VAD heard before ending the turn
    latency: TurnLatency  # the pipeline's own figures, from when it heard the last speech


def voice_turn(
    hub: ModelHub, llm_model: Any, audio: Audio, config: VadConfig, turn_check: EndOfTurn | None
) -> VoiceTurn | None:
    """One spoken question through the live path, paced like a microphone; None if it was not answered."""
    session = Session(
        [],
        build_assistants(("proactive", "manual"), Phraser(llm_model, load_prompts()), Policy()),
        VirtualClock(start=8 * 3600),
    )
    session.deliver(
        SceneStarted(at=8 * 3600, title="bench", date="2026-11-24", user_name=None, wake_word=DEFAULT_WAKE_WORD)
    )
    session.deliver(
        CalendarKnown(at=8 * 3600, entry=CalendarEntry(at=9 * 3600, title="Design review with Anna", where="Room 4B"))
    )
    replies = SpokenReplies(session, speaking_mode=lambda: "manual")
    samples = audio.to_float()
    spoken_until = LEAD_IN_S * ASR_RATE + speech_end(samples)
    source = ArraySource(np.concatenate([silence(LEAD_IN_S), samples, silence(1.5)]), realtime=True)
    sink = NullSink()
    turns: list[Turn] = []
    ListeningPipeline(
        source,
        hub.vad().stream(config),
        hub.asr(),
        on_transcript=replies.heard,
        responder=replies,
        voice=hub.tts(),
        sink=sink,
        on_turn=turns.append,
        turn_check=turn_check,
    ).run()
    if len(turns) != 1 or sink.first_played_at is None or source.started_at is None:
        return None
    (turn,) = turns
    latency = turn.latency
    if latency.to_first_audio is None or latency.to_endpoint is None:
        return None
    voice_to_voice = sink.first_played_at - (source.started_at + spoken_until / ASR_RATE)
    endpoint = voice_to_voice - latency.to_first_audio + latency.to_endpoint  # both from the pipeline's speech end
    heard = (turn.utterance.closed_at_sample - spoken_until) / ASR_RATE
    return VoiceTurn(voice_to_voice, endpoint, heard, latency)


def run_bench(
    *,
    llm: str | None = None,
    whisper: str | None = None,
    voice: str | None = None,
    encoder: str | None = None,
    quick: bool = False,
) -> dict[str, Any]:
    repeats = 2 if quick else 5
    hub = ModelHub.from_flags(llm=llm, whisper=whisper, voice=voice, encoder=encoder)
    llm_model, asr, tts, _vad = hub.llm(), hub.asr(), hub.tts(), hub.vad()
    results: dict[str, Any] = {
        "machine": {
            "cpus": __import__("os").cpu_count(),
            "processor": platform.processor() or platform.machine(),
            "python": platform.python_version(),
        },
        "models": {"llm": hub.llm_choice.name if hub.llm_choice else None, "asr": asr.name, "tts": tts.model_name},
        "load_seconds": {name: round(value, 3) for name, value in hub.load_seconds.items()},
    }

    # TTS and ASR real-time factors on the benchmark questions.
    tts_rtf, asr_rtf, clips = [], [], []
    for text in QUESTIONS[:repeats]:
        started = time.perf_counter()
        audio = tts.synthesize(text)
        tts_rtf.append((time.perf_counter() - started) / audio.seconds)
        clips.append((text, audio))
        transcript = asr.transcribe(audio.to_float())
        asr_rtf.append(transcript.asr_seconds / transcript.audio_seconds)
    results["tts_rtf_median"] = round(_median(tts_rtf), 3)
    results["asr_rtf_median"] = round(_median(asr_rtf), 3)

    # LLM prompt and generation speed.
    prompt_tps, gen_tps = [], []
    system = "You are a helpful assistant."
    for _ in range(repeats):
        filler = "Facts: " + " ".join(f"item {i} is at {i % 12 + 1}:00." for i in range(30))
        llm_model._llama.reset()  # measure prefill, not the prompt cache
        completion = llm_model.complete(
            system, filler + " Write a short sentence about item 3.", max_tokens=48, stop=()
        )
        prefill = completion.first_token_seconds or completion.seconds
        prompt_tps.append(completion.prompt_tokens / prefill)
        decode = completion.seconds - prefill
        if completion.generated_tokens > 1 and decode > 0:
            gen_tps.append((completion.generated_tokens - 1) / decode)
    results["llm_prompt_tokens_per_s_median"] = round(_median(prompt_tps), 1)
    results["llm_generated_tokens_per_s_median"] = round(_median(gen_tps), 1)
    raw = [_raw_decode_tokens_per_s(llm_model._llama) for _ in range(repeats)]
    results["llm_raw_decode_tokens_per_s_median"] = round(_median(raw), 1)
    results["llm_generation_vs_raw_decode"] = round(
        results["llm_generated_tokens_per_s_median"] / results["llm_raw_decode_tokens_per_s_median"], 2
    )

    # Voice to voice, through the live path on the real clock: each question is played into the
    # pipeline as a microphone would deliver it (Silero VAD endpointing, Whisper, both assistants,
    # the grounded answer spoken by Piper into a null sink), timed from the question's last sound
    # to the first answer audio. Once with the policy's turn check and once with the fixed 0.5 s
    # silence every turn used to wait.
    policy = Policy()
    configured = [voice_turn(hub, llm_model, audio, vad_config(policy), TurnCheck()) for _text, audio in clips * 2]
    fixed = VadConfig(complete_silence_ms=160, end_silence_ms=FIXED_SILENCE_MS)
    before = [voice_turn(hub, llm_model, audio, fixed, None) for _text, audio in clips]
    timed = [turn for turn in configured if turn is not None]
    answered = [turn.voice_to_voice for turn in timed]
    answered_before = [turn.voice_to_voice for turn in before if turn is not None]
    latencies = [turn.latency for turn in timed]
    results["voice_to_voice_turns"] = len(answered)
    results["voice_to_voice_median_s"] = round(_median(answered), 3)
    results["voice_to_voice_p95_s"] = round(_p95(answered), 3)
    results["voice_to_voice_endpoint_median_s"] = round(_median([turn.endpoint for turn in timed]), 3)
    results["voice_to_voice_silence_heard_median_s"] = round(_median([turn.silence_heard for turn in timed]), 3)
    results["voice_to_voice_fixed_silence_median_s"] = round(_median(answered_before), 3)
    results["voice_to_voice_speedup"] = (
        round(_median(answered_before) / _median(answered), 2) if answered else float("nan")
    )
    first_audio = [t.to_first_audio for t in latencies if t.to_first_audio is not None]
    results["turns"] = len(latencies)
    results["turn_to_transcript_median_s"] = round(
        _median([t.to_transcript for t in latencies if t.to_transcript is not None]), 3
    )
    results["turn_to_first_audio_median_s"] = round(_median(first_audio), 3)
    results["turn_to_first_audio_p95_s"] = round(_p95(first_audio), 3)
    results["turn_total_median_s"] = round(_median([t.total for t in latencies]), 3)

    # Headless playback of the longest shipped scene with the real model in the loop.
    from glassterm.playback import Setup, play_scene
    from glassterm.power.profile import load_profile
    from glassterm.scene.loader import load_scene

    scenes = sorted(Path("scenes").glob("*.yaml"), key=lambda p: load_scene(p).duration)
    if scenes:
        longest = load_scene(scenes[-1])
        setup = Setup(hub=hub, prompts=load_prompts(), policy=policy, profile=load_profile())
        result = play_scene(longest, setup)
        results["playback"] = {
            "scene": longest.title,
            "virtual_seconds": longest.duration,
            "wall_seconds": round(result.wall_seconds, 2),
            "virtual_seconds_per_wall_second": round(longest.duration / result.wall_seconds, 1),
            "llm_calls": sum(r.run.assistant.stats["llm_calls"] for r in result.modes.values()),
        }
    results["cheap_tier"] = cheap_tier_speed(500 if quick else 2000)
    sentence_encoder = hub.encoder()
    if sentence_encoder is not None:
        results["encoder"] = _encoder_speed(sentence_encoder, repeats)
    results["peak_memory_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return results


def synthetic_day(events: int, *, seed: int = 1) -> list[Event]:
    """A busy day for the cheap tier: 16 calendar entries, 8 place reminders and `events`
    notifications, remarks, sights, places and ticks that name them, change them or not."""
    import random

    from glassterm.events import (
        CalendarEntry,
        CalendarKnown,
        Heard,
        LocationChanged,
        NotificationArrived,
        Reminder,
        ReminderSet,
        SceneStarted,
        Seen,
        TimeTick,
    )

    draw = random.Random(seed)
    start = 7 * 3600
    day: list[Event] = [
        SceneStarted(at=start, title="synthetic", date="2026-12-01", user_name="Sam", wake_word="hey glass")
    ]
    for i in range(16):
        at = start + 3600 + i * 1800
        day.append(
            CalendarKnown(
                at=start,
                entry=CalendarEntry(at=at, title=f"Meeting {i} with Person{i}", where=f"Room {i}B", until=at + 1500),
            )
        )
    for i in range(8):
        near = ("pharmacy", "bakery", "post box", "supermarket")[i % 4]
        day.append(ReminderSet(at=start, reminder=Reminder(text=f"Buy thing{i} for Person{i}", near=near)))
    said = (
        "Meeting {i} moved to {h}:{m:02d}",
        "Running late for meeting {i}, see you at {h}:{m:02d}",
        "The {h}:{m:02d} to Leeds is delayed",
        "Lunch is ready",
        "Can we do quarter to {h} instead?",
        "Person{i} says hi",
    )
    for k in range(events):
        at = start + 60 + k * 15 * 3600 // events
        i, h, m = draw.randrange(16), draw.randrange(8, 20), draw.choice((0, 15, 30, 45))
        text = draw.choice(said).format(i=i, h=h, m=m)
        kind = k % 5
        if kind == 0:
            day.append(NotificationArrived(at=at, app="Messages", sender=f"Person{i}", text=text))
        elif kind == 1:
            day.append(Heard(at=at, text=text))
        elif kind == 2:
            day.append(Seen(at=at, description=f"A street with a shop, number {k}"))
        elif kind == 3:
            day.append(TimeTick(at=at))
        else:
            day.append(LocationChanged(at=at, place=f"Street {k % 40}"))
    return day


def cheap_tier_speed(events: int = 2000) -> dict[str, Any]:
    """Events a second through both assistants with every model off (rules only): the part
    that runs on every event, so it must stay cheap and flat as the day grows."""
    from glassterm.assistant.grounding import Phraser
    from glassterm.assistant.policy import Policy
    from glassterm.assistant.prompts import load_prompts
    from glassterm.session import build_assistants

    day = synthetic_day(events)
    assistants = build_assistants(("proactive", "manual"), Phraser(None, load_prompts()), Policy())
    started = time.perf_counter()
    for event in day:
        for assistant in assistants.values():
            assistant.handle(event)
    seconds = time.perf_counter() - started
    return {
        "events": len(day),
        "events_per_s": round(len(day) / seconds),
        "ms_per_event": round(seconds / len(day) * 1000, 3),
    }


def _encoder_speed(encoder: SentenceEncoder, repeats: int) -> dict[str, Any]:
    """Tier 1's cost here: a sentence alone (as an event brings one) and a batch (a question
    against what is known), each sentence new to the cache."""
    fresh = time.perf_counter_ns()  # sentences this process has not encoded before
    sentences = [f"{question} (variant {fresh + n})" for n in range(repeats * 10) for question in QUESTIONS]
    alone, batched = [], []
    for round_number in range(repeats):
        started = time.perf_counter()
        for sentence in sentences[round_number * 8 : round_number * 8 + 8]:
            encoder.vectors([f"alone {sentence}"])
        alone.append((time.perf_counter() - started) / 8)
        batch = [f"batch {round_number} {sentence}" for sentence in sentences[:32]]
        started = time.perf_counter()
        encoder.vectors(batch)
        batched.append((time.perf_counter() - started) / len(batch))
    return {
        "name": encoder.name,
        "ms_per_sentence_median": round(_median(alone) * 1000, 2),
        "ms_per_sentence_in_batch_of_32_median": round(_median(batched) * 1000, 2),
    }


def print_table(results: dict[str, Any]) -> None:
    rows = [
        ("models", ", ".join(f"{k}={v}" for k, v in results["models"].items())),
        ("load seconds", ", ".join(f"{k} {v:.2f}" for k, v in results["load_seconds"].items())),
        ("TTS real-time factor (median)", f"{results['tts_rtf_median']:.3f}"),
        ("ASR real-time factor (median)", f"{results['asr_rtf_median']:.3f}"),
        ("LLM prompt tokens/s (median)", f"{results['llm_prompt_tokens_per_s_median']:.0f}"),
        ("LLM generated tokens/s, chat stream (median)", f"{results['llm_generated_tokens_per_s_median']:.1f}"),
        (
            "LLM raw decode tokens/s, llama.cpp eval (median)",
            f"{results['llm_raw_decode_tokens_per_s_median']:.1f} (stream/raw {results['llm_generation_vs_raw_decode']:.2f})",
        ),
        (
            f"voice to voice ({results['voice_to_voice_turns']} questions): last sound → first audio out (median / p95)",
            f"{results['voice_to_voice_median_s']:.2f} s / {results['voice_to_voice_p95_s']:.2f} s",
        ),
        (
            "voice to voice: last sound → turn ended (median; silence heard)",
            f"{results['voice_to_voice_endpoint_median_s']:.2f} s; {results['voice_to_voice_silence_heard_median_s']:.2f} s",
        ),
        (
            f"voice to voice with a fixed {FIXED_SILENCE_MS / 1000:.1f} s silence, no turn check (median)",
            f"{results['voice_to_voice_fixed_silence_median_s']:.2f} s ({results['voice_to_voice_speedup']:.2f}x slower)",
        ),
        (
            f"turn ({results['turns']} questions): speech end heard → transcript (median)",
            f"{results['turn_to_transcript_median_s']:.2f} s",
        ),
        (
            "turn: → first audio out (median / p95)",
            f"{results['turn_to_first_audio_median_s']:.2f} s / {results['turn_to_first_audio_p95_s']:.2f} s",
        ),
        ("turn: → both assistants done (median)", f"{results['turn_total_median_s']:.2f} s"),
    ]
    if "playback" in results:
        p = results["playback"]
        rows.append(
            (
                f"playback: {p['scene']}",
                f"{p['virtual_seconds'] / 3600:.1f} virtual h in {p['wall_seconds']:.1f} s = {p['virtual_seconds_per_wall_second']:.0f}x ({p['llm_calls']} LLM calls)",
            )
        )
    c = results["cheap_tier"]
    rows.append(
        (
            f"cheap tier, models off ({c['events']} events, both assistants)",
            f"{c['events_per_s']} events/s, {c['ms_per_event']:.2f} ms an event",
        )
    )
    if "encoder" in results:
        e = results["encoder"]
        rows.append(
            (
                f"encoder {e['name']}: ms a sentence (median, alone / in a batch of 32)",
                f"{e['ms_per_sentence_median']:.1f} / {e['ms_per_sentence_in_batch_of_32_median']:.1f}",
            )
        )
    rows.append(("peak memory", f"{results['peak_memory_mb']:.0f} MB"))
    width = max(len(name) for name, _ in rows)
    print(f"glassterm bench on {results['machine']['cpus']} CPUs ({results['machine']['processor']})")
    for name, value in rows:
        print(f"  {name:{width}}  {value}")


def bench_command(args: argparse.Namespace) -> int:
    check_writable(args.json)
    if llm_disabled(args.llm):
        raise UserError("bench measures the model: --llm none has nothing to measure", key="--llm")
    results = run_bench(llm=args.llm, whisper=args.whisper, voice=args.voice, encoder=args.encoder, quick=args.quick)
    print_table(results)
    if args.json:
        write_json(args.json, results)
    return EXIT_OK
