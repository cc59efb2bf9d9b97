"""Live mode: keyboard fallback with the reason shown, and a HUD that keeps ticking while the model works."""

from __future__ import annotations

import threading
import time

from hud_helpers import until
from textual.widgets import Static

from glassterm.assistant.grounding import Phraser
from glassterm.assistant.llm import Completion
from glassterm.assistant.prompts import PromptSet
from glassterm.events import Said
from glassterm.hud.app import GlassApp
from glassterm.hud.widgets.timeline import ClockBar
from glassterm.playback import Setup

START = 8 * 3600.0


class SlowLLM:
    """Stands in for a model that takes its time (the responsiveness test only)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.calls = 0
        self.running = threading.Event()

    def complete(self, system: str, user: str, **_: object) -> Completion:
        self.calls += 1
        self.running.set()
        time.sleep(self.seconds)
        self.running.clear()
        return Completion("It is eight o'clock.", 40, 6, 0.1, self.seconds)


class SlowSetup(Setup):
    slow: SlowLLM

    def phraser(self, prompts: PromptSet | None = None) -> Phraser:
        return Phraser(self.slow, prompts or self.prompts)


def slow_setup(seconds: float) -> SlowSetup:
    base = Setup.from_options(llm="none")
    setup = SlowSetup(hub=base.hub, prompts=base.prompts, policy=base.policy, profile=base.profile, use_llm=True)
    setup.slow = SlowLLM(seconds)
    return setup


async def test_clock_keeps_ticking_while_the_model_generates() -> None:
    setup = slow_setup(2.5)
    app = GlassApp(setup, keyboard=True, live_start=START)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"hey glass what time is it", "enter")
        await until(pilot, setup.slow.running.is_set)
        await until(pilot, lambda: app.query_one("#status-manual").busy or app.query_one("#status-proactive").busy)
        clock = app.query_one(ClockBar)
        before = clock.now
        await pilot.pause(1.2)
        assert setup.slow.running.is_set(), "the model finished too soon for this test to mean anything"
        assert clock.now >= before + 1.0  # the clock display kept ticking
        await pilot.press("s")  # and keys still work
        assert app.layout_mode == "proactive"
        await until(pilot, lambda: app.lens("proactive").current is not None, timeout=15)
        await until(pilot, lambda: not app.query_one("#status-proactive").busy, timeout=15)
        await until(pilot, lambda: app.query_one("#transcript").last_latency is not None, timeout=15)


async def test_live_typed_text_reaches_both_assistants(setup) -> None:  # type: ignore[no-untyped-def]
    app = GlassApp(setup, keyboard=True, live_start=START)
    async with app.run_test(size=(120, 40)) as pilot:
        got: list[object] = []
        await until(pilot, lambda: app.session.position == 1)
        app.session.on_event.append(got.append)
        await pilot.press("space", *"what time is it", "enter")
        await until(pilot, lambda: any(isinstance(e, Said) for e in got))
        await until(pilot, lambda: all(app.lens(mode).current is not None for mode in ("proactive", "manual")))
        assert "08:0" in app.lens("manual").visible_text and "08:0" in app.lens("proactive").visible_text
        assert "keyboard" in app.query_one("#status-manual").mic


async def test_live_delivers_a_time_tick_each_virtual_minute(setup) -> None:  # type: ignore[no-untyped-def]
    app = GlassApp(setup, keyboard=True, live_start=START + 59.5)
    async with app.run_test(size=(120, 40)) as pilot:
        # What the assistants took in, not a listener attached after start-up (the tick may come first).
        assistants = [run.assistant for run in app.session.runs.values()]
        await until(pilot, lambda: all(a.stats["events_in"] == 2 for a in assistants), timeout=5)
        assert all(a.context.now == START + 60 for a in assistants)  # the tick, on the minute


async def test_no_portaudio_falls_back_to_keyboard_with_the_reason(setup, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from glassterm.speech import devices

    monkeypatch.setattr(devices, "portaudio_status", lambda: (False, "PortAudio is not installed (test)"))
    app = GlassApp(setup, live_start=START)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.mic_state == "keyboard")
        notice = app.query_one("#notice", Static)
        assert "PortAudio is not installed (test)" in str(notice.render())
        await pilot.press("space")
        assert app.query_one("#say").has_focus


async def test_a_failing_microphone_never_raises(setup, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from glassterm.speech import devices

    def broken() -> object:
        raise RuntimeError("device vanished")

    monkeypatch.setattr(devices, "portaudio_status", lambda: (True, "PortAudio V19 (test)"))
    monkeypatch.setattr(devices, "list_devices", broken)
    app = GlassApp(setup, live_start=START)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.mic_state == "keyboard")
        assert "device vanished" in str(app.query_one("#notice", Static).render())
