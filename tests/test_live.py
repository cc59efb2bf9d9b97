"""The live voice path end to end: speech in, both assistants, the grounded answer spoken out."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest
from asr_helpers import word_error_rate

from glassterm.assistant.grounding import Phraser
from glassterm.assistant.policy import Policy
from glassterm.assistant.prompts import load_prompts
from glassterm.clock import VirtualClock
from glassterm.events import CalendarEntry, CalendarKnown, Event, Reply, Said, SceneStarted
from glassterm.live import Inbox, SpokenReplies
from glassterm.session import Session, build_assistants
from glassterm.speech.audio import read_wav
from glassterm.speech.pipeline import ListeningPipeline, Turn
from glassterm.speech.sinks import WavSink
from glassterm.speech.sources import ArraySource
from glassterm.speech.tts import speakable

START = 8 * 3600


@pytest.mark.slow
def test_question_spoken_in_is_answered_aloud_with_the_right_facts(hub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    voice, asr, vad = hub.tts(), hub.asr(), hub.vad()
    session = Session(
        [],
        build_assistants(("proactive", "manual"), Phraser(hub.llm(), load_prompts()), Policy()),
        VirtualClock(start=START),
    )
    session.deliver(SceneStarted(at=START, title="live", date="2026-11-24", user_name=None, wake_word="hey glass"))
    session.deliver(
        CalendarKnown(at=START, entry=CalendarEntry(at=9 * 3600, title="Design review with Anna", where="Room 4B"))
    )
    question = voice.synthesize("Hey glass, when is my first meeting?").to_float()
    silence = np.zeros(16000, dtype=np.float32)
    replies = SpokenReplies(session, speaking_mode=lambda: "manual")
    out = tmp_path / "reply.wav"
    sink = WavSink(out, voice.sample_rate)
    turns: list[Turn] = []
    pipeline = ListeningPipeline(
        ArraySource(np.concatenate([silence, question, silence])),
        vad,
        asr,
        on_transcript=replies.heard,
        responder=replies,
        voice=voice,
        sink=sink,
        on_turn=turns.append,
    )
    pipeline.run()
    sink.close()

    (turn,) = turns
    assert turn.latency.to_first_audio is not None and turn.latency.to_first_audio <= turn.latency.total
    said = [o for run in session.runs.values() for o in run.outputs if isinstance(o, Reply)]
    assert {reply.mode for reply in said} == {"proactive", "manual"}  # both lenses answered the one utterance
    heard_back = asr.transcribe(read_wav(out)[0] if read_wav(out)[1] == 16000 else _to16k(out)).text
    assert "design review" in heard_back.lower() and ("9" in heard_back or "nine" in heard_back.lower()), heard_back
    assert word_error_rate(speakable(turn.reply), heard_back) <= 0.35  # what Piper was given: "9 AM", not "09:00"
    ledger = session.runs["manual"].assistant.ledger
    assert ledger.counts["asr_audio_s"] == pytest.approx(turn.transcript.audio_seconds)  # measured, not estimated


def _to16k(path: Path):  # type: ignore[no-untyped-def]
    from glassterm.speech.audio import resample

    samples, rate = read_wav(path)
    return resample(samples, rate, 16000)


def test_unaddressed_speech_is_not_answered(setup_templates) -> None:  # type: ignore[no-untyped-def]
    session = Session(
        [], build_assistants(("proactive", "manual"), setup_templates.phraser(), Policy()), VirtualClock(start=START)
    )
    session.deliver(SceneStarted(at=START, title="live", date="2026-11-24", user_name=None, wake_word="hey glass"))
    replies = SpokenReplies(session, speaking_mode=lambda: "proactive")
    assert list(replies("so what did you think of the film")) == []
    assert list(replies("hey glass what time is it")) == ["It is 08:00.\n"]


class WatchedLock:
    """The session's lock, telling the test the moment a second thread starts waiting for it."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self.contended = threading.Event()

    def __enter__(self) -> None:
        if not self._lock.acquire(blocking=False):
            self.contended.set()
            self._lock.acquire()

    def __exit__(self, *_: object) -> None:
        self._lock.release()


def test_a_typed_turn_delivered_meanwhile_is_never_spoken_as_the_voice_turn(setup_templates) -> None:  # type: ignore[no-untyped-def]
    """Typed text is being handled when the wearer's voice turn arrives: only the voice turn's answer is spoken."""
    session = Session(
        [], build_assistants(("proactive", "manual"), setup_templates.phraser(), Policy()), VirtualClock(start=START)
    )
    session.deliver(SceneStarted(at=START, title="live", date="2026-11-24", user_name=None, wake_word="hey glass"))
    session.deliver(
        CalendarKnown(at=START, entry=CalendarEntry(at=9 * 3600, title="Design review with Anna", where="Room 4B"))
    )
    lock = WatchedLock()
    session._lock = lock  # type: ignore[assignment]  # the one way to order the two threads exactly
    typed = Said(at=START, text="hey glass what time is it")
    typed_in = threading.Event()

    def hold_the_typed_turn(event: object) -> None:
        if event is typed:  # inside the session lock: wait until the voice turn is waiting too
            typed_in.set()
            assert lock.contended.wait(5)

    session.on_event.append(hold_the_typed_turn)
    typing = threading.Thread(target=session.deliver, args=(typed,))
    typing.start()
    assert typed_in.wait(5)
    spoken = list(SpokenReplies(session, speaking_mode=lambda: "proactive")("hey glass when is my first meeting"))
    typing.join(5)
    assert len(spoken) == 1 and "Design review" in spoken[0], spoken  # not "It is 08:00."
    typed_reply, voice_reply = session.runs["proactive"].replies
    assert "08:00" in typed_reply.text and "Design review" in voice_reply.text  # both turns were answered


def test_the_inbox_reports_a_failed_turn_drops_stale_input_and_delivers_the_next(setup_templates) -> None:  # type: ignore[no-untyped-def]
    def sessions() -> Session:
        def breaks_on_boom(event: Event) -> Event:
            if isinstance(event, Said) and event.text == "boom":
                raise RuntimeError("the model crashed")
            return event

        assistants = build_assistants(("proactive", "manual"), setup_templates.phraser(), Policy())
        session = Session([], assistants, VirtualClock(start=START), transform=breaks_on_boom)
        session.deliver(SceneStarted(at=START, title="live", date="2026-11-24", user_name=None, wake_word="hey glass"))
        return session

    current, restarted_away = sessions(), sessions()
    restarted_away.stop.set()  # the HUD restarted: its old session's input is dropped
    failures: list[Exception] = []
    said_seconds: list[float] = []
    inbox = Inbox(on_failed=failures.append, on_said=said_seconds.append)
    stopped = threading.Event()
    current.on_output.append(lambda output: stopped.set())
    bound = threading.Timer(10, stopped.set)  # a bound for a broken inbox, not a timing assertion
    bound.daemon = True
    bound.start()
    inbox.put(current, Said(at=START, text="boom"))
    inbox.put(restarted_away, Said(at=START, text="hey glass what time is it"))
    inbox.put(current, Said(at=START, text="hey glass what time is it"))
    inbox.serve(stopped)
    bound.cancel()

    assert [str(error) for error in failures] == ["the model crashed"]
    assert [reply.text for reply in current.runs["manual"].replies] == ["It is 08:00."]
    assert len(said_seconds) == 1  # the turn that worked was timed
    assert all(not run.outputs for run in restarted_away.runs.values())
