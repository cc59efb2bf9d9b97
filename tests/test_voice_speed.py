"""The spoken answer starts while the model is still phrasing the text for the lens."""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
import pytest

from glassterm.assistant.grounding import Phraser
from glassterm.assistant.policy import Policy
from glassterm.assistant.prompts import load_prompts
from glassterm.clock import VirtualClock
from glassterm.events import CalendarEntry, CalendarKnown, SceneStarted
from glassterm.live import SpokenReplies
from glassterm.session import Session, build_assistants
from glassterm.speech.audio import Audio, silence
from glassterm.speech.pipeline import ListeningPipeline, Turn
from glassterm.speech.sinks import NullSink
from glassterm.speech.sources import ArraySource
from glassterm.speech.turns import TurnCheck

START = 8 * 3600


class HeardSink(NullSink):
    def __init__(self) -> None:
        super().__init__()
        self.played = threading.Event()

    def play(self, audio: Audio) -> None:
        super().play(audio)
        self.played.set()


class WatchedModel:
    """The real model, noting whether the answer had begun to play when it was asked to phrase."""

    def __init__(self, llm: Any, played: threading.Event) -> None:
        self._llm = llm
        self._played = played
        self.audio_came_first: list[bool] = []

    def complete(self, *args: Any, **kwargs: Any) -> Any:
        self.audio_came_first.append(self._played.is_set())
        return self._llm.complete(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._llm, name)


@pytest.mark.slow
def test_the_grounded_answer_is_spoken_before_the_model_phrases_it(hub) -> None:  # type: ignore[no-untyped-def]
    """Until the answer ended its line, the sentence splitter held its one sentence back for a
    next one that never came: the wearer heard nothing until both assistants were done. And the
    model, phrasing on the same 2 cores, waits until Piper has voiced the answer's start."""
    sink = HeardSink()
    model = WatchedModel(hub.llm(), sink.played)
    session = Session(
        [],
        build_assistants(("proactive", "manual"), Phraser(model, load_prompts()), Policy()),
        VirtualClock(start=START),
    )
    session.deliver(SceneStarted(at=START, title="live", date="2026-11-24", user_name=None, wake_word="hey glass"))
    session.deliver(
        CalendarKnown(at=START, entry=CalendarEntry(at=9 * 3600, title="Design review with Anna", where="Room 4B"))
    )
    question = hub.tts().synthesize("Hey glass, when is my first meeting?").to_float()
    replies = SpokenReplies(session, speaking_mode=lambda: "manual")
    turns: list[Turn] = []
    ListeningPipeline(
        ArraySource(np.concatenate([silence(0.5), question, silence(1.5)])),
        hub.vad(),
        hub.asr(),
        on_transcript=replies.heard,
        responder=replies,
        voice=hub.tts(),
        sink=sink,
        on_turn=turns.append,
        turn_check=TurnCheck(),
    ).run()
    (turn,) = turns
    assert "design review" in turn.reply.lower()
    assert model.audio_came_first and all(model.audio_came_first)
