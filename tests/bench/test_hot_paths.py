"""Hot paths under pytest-benchmark. CI runs each once (--benchmark-disable in pyproject);
`pytest tests/bench --benchmark-enable` times them. Nothing here asserts a time."""

from __future__ import annotations

import re
from pathlib import Path

from glassterm.assistant.grounding import keeps_facts
from glassterm.playback import play_scene
from glassterm.scene.loader import load_scene
from glassterm.scene.player import scene_events
from glassterm.speech.tts import SentenceSplitter

FULL_DAY = Path(__file__).resolve().parents[2] / "scenes" / "full-day.yaml"


def test_load_full_day_scene(benchmark) -> None:  # type: ignore[no-untyped-def]
    scene = benchmark(load_scene, FULL_DAY)
    assert len(scene.timeline) > 50


def test_cascade_over_a_full_day_without_the_model(benchmark, setup_templates) -> None:  # type: ignore[no-untyped-def]
    scene = load_scene(FULL_DAY)
    result = benchmark(play_scene, scene, setup_templates)
    proactive = result.modes["proactive"]
    assert proactive.run.assistant.stats["events_in"] == len(scene_events(scene))
    assert proactive.score.recall > 0.5


def test_cheap_tier_on_a_busy_day(benchmark) -> None:  # type: ignore[no-untyped-def]
    from glassterm.bench import cheap_tier_speed

    measured = benchmark(cheap_tier_speed, 2000)
    assert measured["events"] == 2025


def test_encoder_on_new_sentences(benchmark, hub) -> None:  # type: ignore[no-untyped-def]
    encoder = hub.encoder()
    counter = iter(range(1_000_000))
    vectors = benchmark(lambda: encoder.vectors([f"The {next(counter)}th meeting moved to Room 4B at 10:30"]))
    assert vectors.shape == (1, 384)


def test_fact_check(benchmark) -> None:  # type: ignore[no-untyped-def]
    template = "Boarding: easyJet EZY 2153 to Lisbon at 09:55. Now: Heard: your flight will now depart from gate D4."
    assert benchmark(keeps_facts, "EZY 2153 to Lisbon boards at 09:55 from gate D4 now.", template, template)


# A reply as the LLM streams it: sub-word tokens of up to four letters, each with its leading space,
# so sentences end mid-chunk and words arrive in pieces. Seven sentences.
STREAMED_REPLY = re.findall(
    r"\s*\S{1,4}",
    "Dr. Okafor moved your review to 10.30 in room 4B. It is five minutes from here, past St. Mary's. "
    "Coffee is 4.20 at the kiosk! Did the gate change?! Yes, to B52. "
    "Bring your badge, e.g. the blue one. Mrs. Patel will meet you there.",
)


def test_sentence_splitter_on_a_streamed_reply(benchmark) -> None:  # type: ignore[no-untyped-def]
    """The splitter runs on the speech path once per token: divide the mean by 7 for the cost per sentence."""

    def stream() -> list[str]:
        splitter = SentenceSplitter()
        return [sentence for token in STREAMED_REPLY for sentence in splitter.feed(token)] + splitter.flush()

    assert len(benchmark(stream)) == 7
