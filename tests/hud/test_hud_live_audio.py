"""The live demo through the real audio path: Piper speaks a question into PulseAudio's null sink,
the HUD's microphone (the sink's monitor) hears it through VAD and ASR, and both lenses answer
from the day they live in: the demo day mapped to now, joined by the wearer's own calendar."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import time
import zoneinfo
from pathlib import Path

import numpy as np
import pytest
from hud_helpers import hhmm, until
from local_time import london  # noqa: F401  (autouse: local time is London's)
from pulse_helpers import private_null_sink  # noqa: F401  (the fixture)
from test_own_day import CALENDAR

from glassterm.events import Heard, Said
from glassterm.hud.app import GlassApp
from glassterm.playback import Setup
from glassterm.scene.loader import parse_scene
from glassterm.scene.today import live_scene
from glassterm.scene.wearer import Wearer
from glassterm.speech.audio import Audio, write_wav

pytestmark = [pytest.mark.audio, pytest.mark.slow, pytest.mark.usefixtures("private_null_sink")]

SIZE = (120, 40)
START = hhmm("08:00:00")  # the wall clock at the demo's start: the demo day's 09:50 becomes 08:00


async def speak_into_the_microphone(app: GlassApp, setup: Setup, text: str, tmp_path: Path) -> None:
    """Wait until the HUD has finished its last turn and is silent (its microphone is deaf while
    it answers), then play Piper's `text` into the null sink, whose monitor is the HUD's microphone."""
    assert app.engine.microphone is not None and app.engine.microphone.pipeline is not None
    pipeline, speaker = app.engine.microphone.pipeline, app.engine.speaker()
    asked = len(app.session.runs["manual"].replies)  # one turn a question, finished after both lenses took it
    deadline = time.monotonic() + 90
    while (len(pipeline.turns) < asked or speaker.playing) and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    await asyncio.sleep(1.0)  # past the pipeline's echo tail
    audio = setup.hub.tts().synthesize(text)
    pad = np.zeros(audio.sample_rate // 2, dtype=np.int16)
    wav = tmp_path / "question.wav"
    write_wav(wav, Audio(np.concatenate([pad, audio.samples, pad, pad]), audio.sample_rate))
    played = await asyncio.create_subprocess_exec("paplay", str(wav))  # to PULSE_SINK: the test's own sink
    assert await asyncio.wait_for(played.wait(), 60) == 0


async def answered(pilot, app: GlassApp, count: int) -> None:  # type: ignore[no-untyped-def]
    try:
        await until(pilot, lambda: all(len(run.replies) >= count for run in app.session.runs.values()), timeout=90)
    except AssertionError:
        pipeline = app.engine.microphone.pipeline if app.engine.microphone else None
        turns = [(t.transcript.text, t.reply) for t in pipeline.turns] if pipeline else None
        raise AssertionError(f"no answer: mic {app.mic_state}, turns {turns}, errors {pipeline and pipeline.errors}")


async def listening(pilot, app: GlassApp) -> None:  # type: ignore[no-untyped-def]
    app.setup.hub.llm()  # loaded (and its runtime proved) before the first turn, as the CLI does
    await until(pilot, lambda: app.mic_state == "listening", timeout=90)


async def test_a_spoken_question_about_the_demo_day_gets_the_right_time_in_both_lenses(
    setup_real: Setup, tmp_path: Path
) -> None:
    app = GlassApp(setup_real, scene=live_scene(None), live=True, mic="pulse", live_start=START)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")  # hold the world at its first second: only this question moves the lenses
        await listening(pilot, app)
        await speak_into_the_microphone(app, setup_real, "Hey glass, when is my next meeting?", tmp_path)
        await answered(pilot, app, 1)
        said = [e for e in app.session.events if isinstance(e, Said)]
        assert said == []  # the scene's own lines are suggestions, never played as the wearer
        for mode, run in app.session.runs.items():
            (reply,) = run.replies
            assert reply.question and "meeting" in reply.question.lower(), reply.question  # what ASR heard
            # The demo day's 10:00 design review, lived from 08:00 with its 09:50 start: 08:10.
            assert "8:10" in reply.text and "Design review" in reply.text, (mode, reply.text)
            await until(pilot, lambda: "8:10" in app.lens(mode).visible_text)  # noqa: B023  (awaited here)


async def test_spoken_questions_about_a_recurring_event_and_one_in_another_zone_are_answered(
    setup_real: Setup, tmp_path: Path
) -> None:
    today = dt.date.today()
    ics = tmp_path / "mine.ics"
    # The calendar tests' file moved to today: the dentist in New York's time, and a weekly guitar
    # lesson that began four weeks ago on today's weekday (last week's left out by EXDATE).
    dates = {"20261124": today, "20261027": today - dt.timedelta(weeks=4), "20261117": today - dt.timedelta(weeks=1)}
    text = CALENDAR
    for written, day in dates.items():
        text = text.replace(written, f"{day:%Y%m%d}")
    ics.write_text(text, encoding="utf-8")
    new_york = dt.datetime.combine(today, dt.time(5, 15), zoneinfo.ZoneInfo("America/New_York"))
    dentist = new_york.astimezone(zoneinfo.ZoneInfo("Europe/London")).strftime("%H:%M")  # 10:15 most of the year
    setup = dataclasses.replace(setup_real, wearer=Wearer.load(ics))
    app = GlassApp(setup, scene=live_scene(None), live=True, mic="pulse", live_start=START)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await listening(pilot, app)
        await speak_into_the_microphone(app, setup, "Hey glass, when is my guitar lesson?", tmp_path)
        await answered(pilot, app, 1)
        await speak_into_the_microphone(app, setup, "Hey glass, when is my dentist appointment?", tmp_path)
        await answered(pilot, app, 2)
        for mode, run in app.session.runs.items():
            guitar, teeth = run.replies[:2]
            # The model may reword the answer ("The guitar lesson at 10:40-11:25."): the event and
            # its London time are what must be there.
            assert "guitar lesson" in guitar.text.lower() and "10:40" in guitar.text, (mode, guitar.text)
            assert "dentist" in teeth.text.lower() and dentist in teeth.text, (mode, teeth.question, teeth.text)


ANNOUNCEMENT = "Attention please. The fire alarm will now be tested. There is no need to leave the building."
SCENE = f"""\
version: 1
scene: Fire alarm test
date: 2026-11-24
start: "08:00"
end: "08:05"
timeline:
  - at: "08:00"
    location: Office, third floor
  - at: "08:00:30"
    hear: "{ANNOUNCEMENT}"
"""


async def test_a_hear_line_spoken_aloud_is_never_taken_for_the_wearer(setup_real: Setup, tmp_path: Path) -> None:
    scene = parse_scene(SCENE, tmp_path / "alarm.yaml")
    app = GlassApp(setup_real, scene=scene, live=True, mic="pulse", live_start=START, hear_aloud=True)
    async with app.run_test(size=SIZE) as pilot:
        got: list[object] = []
        app.session.on_event.append(got.append)
        await listening(pilot, app)
        await pilot.press("n")  # skip to the announcement, now that the microphone listens
        await until(pilot, lambda: any(isinstance(e, Heard) for e in got))
        heard_aloud = app.engine.heard_aloud
        assert heard_aloud is not None
        await until(pilot, lambda: heard_aloud.spoken_seconds > 3.0, timeout=30)  # Piper said it into the room
        # The wearer asks about it: the microphone hears the question, and only the question.
        await speak_into_the_microphone(app, setup_real, "Hey glass, what did the announcement say?", tmp_path)
        await until(pilot, lambda: any(isinstance(e, Said) for e in got), timeout=60)
        (said,) = [e.text for e in got if isinstance(e, Said)]
        assert "attention" not in said.lower() and "fire" not in said.lower(), said  # not the wearer's words
        await answered(pilot, app, 1)
        (reply,) = app.session.runs["proactive"].replies
        assert "fire alarm" in reply.text.lower(), reply.text
