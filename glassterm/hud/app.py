"""The HUD app: two pairs of glasses side by side, fed by one session.

The engine (hud/engine.py) owns the session and runs it in thread workers; it pushes to the
app through the bridge's messages, and the app talks down to its widgets by setting their
reactive attributes. What the keys do is in hud/actions.py. Model work never runs on
Textual's event loop.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.reactive import reactive
from textual.widgets import Footer, Input, Static
from textual.worker import Worker, WorkerState

from glassterm.assistant.base import PUSH_TO_TALK_SECONDS, speech_seconds
from glassterm.assistant.text import clean_untrusted
from glassterm.clock import HUD_SPEED, format_hhmm, format_hhmmss
from glassterm.display import DisplayProfile, display_profile
from glassterm.errors import EXIT_OK, UserError
from glassterm.events import (
    MODES,
    ButtonPressed,
    Card,
    Event,
    Mode,
    Reply,
    Said,
    Suggestion,
)
from glassterm.hud.actions import HudActions
from glassterm.hud.commands import HudCommands, bindings
from glassterm.hud.engine import Engine
from glassterm.hud.messages import (
    EnergySample,
    LlmBusy,
    MicState,
    Notice,
    SessionEvent,
    SessionFinished,
    SessionOutput,
    SessionSuggestion,
    TurnTimed,
)
from glassterm.hud.widgets.battery import BatteryChart, BatteryGauge
from glassterm.hud.widgets.lens import Lens, LensItem, LensStatus
from glassterm.hud.widgets.timeline import ClockBar, Timeline
from glassterm.hud.widgets.transcript import Transcript
from glassterm.playback import Setup
from glassterm.scene.model import Scene
from glassterm.session import Session

FRAME_SECONDS = 0.1  # how often the clock display refreshes (wall time)
NARROW = 100  # below this many columns the HUD starts with one lens
SHORT = 30  # below this many rows the battery chart takes one row a mode


def _while_shown(method: Any) -> Any:
    """Engine messages and clock frames can land while the app is shutting down: drop them then."""

    @functools.wraps(method)
    def guarded(self: Any, *args: Any) -> Any:
        try:
            return method(self, *args)
        except NoMatches:
            return None

    return guarded


class GlassApp(HudActions):
    CSS_PATH = "glassterm.tcss"
    TITLE = "glassterm"
    AUTO_FOCUS = None  # keys belong to the HUD until the wearer opens the text input
    BINDINGS = bindings()
    COMMANDS = App.COMMANDS | {HudCommands}

    layout_mode: reactive[str] = reactive("both")  # "both", or the one mode shown
    now: reactive[float] = reactive(0.0)

    def __init__(
        self,
        setup: Setup,
        *,
        scene: Scene | None = None,
        modes: tuple[Mode, ...] = MODES,
        speed: float = HUD_SPEED,
        display: str | DisplayProfile | None = None,
        prompts_dir: str | Path | None = None,
        mic: str | None = None,
        keyboard: bool = False,
        barge_in: bool = False,
        report: str | Path | None = None,
        autoplay: bool = True,
        live: bool | None = None,
        live_start: float | None = None,
        live_date: dt.date | None = None,
        hear_aloud: bool = False,
    ) -> None:
        super().__init__()
        self.setup = setup
        self.scene = scene
        self.live = scene is None if live is None else live  # live: the wall clock and the microphone
        self.modes = modes
        self.speed = speed
        self.profile = display if isinstance(display, DisplayProfile) else display_profile(display)
        self.prompts_dir = prompts_dir
        self.mic = mic
        self.keyboard = keyboard
        self.barge_in = barge_in
        self.report = report  # where the scene's report JSON goes when it ends
        self.autoplay = autoplay
        self.engine = Engine(
            setup,
            self.post_message,
            scene=scene,
            modes=modes,
            speed=speed,
            live=self.live,
            live_start=live_start,
            live_date=live_date,
            hear_aloud=hear_aloud,
        )
        self.mic_state = "off"
        self._heard_until = -math.inf  # the wearer is speaking until this virtual time
        self._talk_until = -math.inf  # push-to-talk window

    # Layout.
    def compose(self) -> ComposeResult:
        yield ClockBar(id="clock")
        yield Static(id="notice")
        yield Static(id="suggestion")  # live in a scene: what its wearer says now, to try saying
        with Horizontal(id="lenses"):
            for mode in self.modes:
                with Vertical(id=f"panel-{mode}", classes="lens-panel"):
                    yield LensStatus(mode, id=f"status-{mode}")
                    yield Lens(mode, self.profile, id=f"lens-{mode}")
        with Vertical(id="battery"):
            for mode in self.modes:
                yield BatteryGauge(mode, id=f"gauge-{mode}")
            yield BatteryChart(self.modes, id="chart")
        with Horizontal(id="logs"):
            yield Timeline(id="timeline")
            yield Transcript(id="transcript")
        yield Input(placeholder="say something (enter sends, escape cancels)", id="say")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#battery").border_title = "battery"
        self.query_one(Timeline).border_title = "timeline"
        self.query_one(Transcript).border_title = "transcript"
        if len(self.modes) < 2 or self.size.width < NARROW:
            self.layout_mode = self.modes[0]
        self._apply_layout()
        self.on_resize()
        self._apply_page_seconds()
        self._start_session()
        self._inbox_loop()
        self.query_one("#suggestion").display = False
        if self.live:
            self._start_mic()
        else:
            self.query_one("#notice").display = False
        self.set_interval(FRAME_SECONDS, self._frame)

    @_while_shown
    def on_resize(self) -> None:
        self.query_one(BatteryChart).compact = self.size.height < SHORT

    def on_unmount(self) -> None:
        try:
            self.engine.stop()
        except Exception as error:  # noqa: BLE001  closing a broken device must not raise on exit
            self.log.warning(f"closing the microphone failed: {error}")

    # The session.
    @property
    def generation(self) -> int:
        return self.engine.generation

    def _start_session(self) -> None:
        session = self.engine.restart()
        start = self.engine.start
        self.now = session.clock.now
        self._heard_until = self._talk_until = -math.inf
        played = self.engine.played
        clock = self.query_one(ClockBar)
        clock.start = start
        clock.end = float(played.end) if played is not None else None
        clock.title = played.title if played is not None else "Live"
        clock.speed = session.clock.speed
        clock.paused = session.clock.paused
        clock.finished = False
        chart = self.query_one(BatteryChart)
        chart.start, chart.end = start, clock.end
        self.query_one("#suggestion").display = False
        day = self.engine.day
        if day is not None:
            self.notify(
                f"{day.scene.title}, lived now: its {format_hhmm(day.written_start)} is {format_hhmm(day.scene.start)}, "
                "and every event has moved with it (times written inside its texts stay as written)"
                + (f"; {day.left_out} that would fall outside today are left out." if day.left_out else "."),
                title="glassterm",
                timeout=8,
                markup=False,
            )
        if self.autoplay:
            self._play(session, self.generation)

    @work(thread=True, exclusive=True, group="session", name="session", exit_on_error=False)
    def _play(self, session: Session, generation: int) -> None:
        self.engine.play(session, generation)

    def inject(self, event: Event) -> None:
        self.engine.inject(event)

    def seed(self, events: list[Event], *, now: float | None = None) -> None:
        """Deliver events synchronously, with the clock paused (tests and snapshots: no threads, no LLM)."""
        assert self.session is not None
        self.session.clock.pause(True)
        for event in events:
            self.session.deliver(event)
        self.session.clock.set(now if now is not None else events[-1].at)
        self._frame()
        self.query_one(ClockBar).paused = True

    @work(thread=True, group="inbox", name="inbox", exit_on_error=False)
    def _inbox_loop(self) -> None:
        self.engine.serve_inbox()

    # The clock frame: the one place wall time turns into virtual time for live mode.
    @_while_shown
    def _frame(self) -> None:
        if self.session is not None:
            self.now = self.engine.tick()

    @_while_shown
    def watch_now(self, now: float) -> None:
        self.query_one(ClockBar).now = now
        for lens in self.query(Lens):
            lens.now = now
        recording = self.mic_state == "recording" or now < self._heard_until or now < self._talk_until
        for status in self.query(LensStatus):
            status.recording = recording

    # Messages from the engine (via the bridge).
    def _current(self, generation: int) -> bool:
        return generation == self.generation

    @_while_shown
    def on_session_event(self, message: SessionEvent) -> None:
        if not self._current(message.generation):
            return
        event = message.event
        self.query_one(Timeline).add_event(event)
        self.query_one(Transcript).add_event(event)
        if isinstance(event, ButtonPressed):
            self._talk_until = event.at + PUSH_TO_TALK_SECONDS
        elif isinstance(event, Said):
            self._talk_until = -math.inf
            self._heard_until = event.at + max(speech_seconds(event), 1.0)
            self.query_one("#suggestion").display = False  # the wearer has spoken: the suggestion is done
        self.watch_now(self.now)

    @_while_shown
    def on_session_suggestion(self, message: SessionSuggestion) -> None:
        if self._current(message.generation):
            self.suggest(message.suggestion)

    def suggest(self, suggestion: Suggestion) -> None:
        """Show what the scene's wearer says now; scene text goes into a Text, never markup."""
        said = clean_untrusted(suggestion.text)
        how = "press space, then say" if suggestion.push_to_talk else "say"
        line = Text.assemble(("try: ", "bold"), f"{how} ", (f"“{said}”", "italic"))
        shown = self.query_one("#suggestion", Static)
        shown.update(line)
        shown.display = True
        self.query_one(Timeline).write(Text(f"{format_hhmmss(suggestion.at)}  ? {how} “{said}”"))

    @_while_shown
    def on_session_output(self, message: SessionOutput) -> None:
        if not self._current(message.generation):
            return
        output = message.output
        if isinstance(output, Card | Reply):
            self.lens(output.mode).show(LensItem.from_output(output))
            self.query_one(Transcript).add_output(output)

    @_while_shown
    def on_energy_sample(self, message: EnergySample) -> None:
        if not self._current(message.generation):
            return
        gauge = self.query_one(f"#gauge-{message.mode}", BatteryGauge)
        gauge.used, gauge.energy_mwh, gauge.projected_hours = (
            message.battery_pct,
            message.energy_mwh,
            message.projected_hours,
        )
        gauge.projected_hours_range = message.projected_hours_range
        self.query_one(f"#status-{message.mode}", LensStatus).battery_used = message.battery_pct
        self.query_one(BatteryChart).add_sample(message.mode, message.at, message.battery_pct, message.projected_hours)

    @_while_shown
    def on_llm_busy(self, message: LlmBusy) -> None:
        if self._current(message.generation):
            self.query_one(f"#status-{message.mode}", LensStatus).busy = message.busy

    @_while_shown
    def on_session_finished(self, message: SessionFinished) -> None:
        if not self._current(message.generation):
            return
        if self.live:
            self.notify(
                "The scene's events are over; the clock and the microphone go on. r starts the day again.",
                title="glassterm",
                markup=False,
            )
        else:
            self.query_one(ClockBar).finished = True
            written = self.write_report()
            self.notify(f"Scene ended{written}: r restarts, q quits.", title="glassterm", markup=False)

    def write_report(self) -> str:
        """Write the report JSON (same contract as headless play) if one was asked for."""
        if self.report is None or self.scene is None or self.live or self.session is None:
            return ""
        try:
            self.engine.write_report(self.report)
        except UserError as error:
            self.notify(str(error), title="report not written", severity="error", markup=False)
            return ""
        return f", report written to {self.report}"

    @_while_shown
    def on_turn_timed(self, message: TurnTimed) -> None:
        self.query_one(Transcript).set_latency(message.seconds, first_audio=message.first_audio)

    def speaking_mode(self) -> Mode:
        """Whose answers are spoken aloud: the lens shown alone, else the first (proactive)."""
        return self.layout_mode if self.layout_mode in self.modes else self.modes[0]

    def on_notice(self, message: Notice) -> None:
        self.notify(message.text, severity=message.severity, markup=False)  # type: ignore[arg-type]

    @_while_shown
    def on_mic_state(self, message: MicState) -> None:
        self.mic_state = message.state
        label = {"listening": "listening", "recording": "listening", "loading": "starting…"}.get(
            message.state, message.state
        )
        for status in self.query(LensStatus):
            status.mic = label
        if message.reason:
            notice = self.query_one("#notice", Static)
            notice.update(Text(message.reason))
            notice.display = True
        self.watch_now(self.now)

    # Messages from widgets.
    def on_lens_dismissed(self, message: Lens.Dismissed) -> None:
        message.stop()

    def on_lens_expired(self, message: Lens.Expired) -> None:
        message.stop()

    def on_lens_paged(self, message: Lens.Paged) -> None:
        message.stop()

    @on(Input.Submitted, "#say")
    def _said(self, message: Input.Submitted) -> None:
        text = message.value.strip()
        message.input.value = ""
        self._close_input()
        if text and self.session is not None:
            self.inject(Said(at=self.session.clock.now, text=text))

    def on_key(self, event: Any) -> None:
        if event.key == "escape" and self.query_one("#say", Input).has_focus:
            self._close_input()
            event.stop()

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.notify(f"{event.worker.name} failed: {error}", severity="error", timeout=10, markup=False)

    # Helpers.
    @_while_shown
    def watch_layout_mode(self) -> None:
        self._apply_layout()

    def _apply_layout(self) -> None:
        for mode in self.modes:
            self.query_one(f"#panel-{mode}").display = self.layout_mode in ("both", mode)

    # The live microphone.
    def _start_mic(self) -> None:
        if self.keyboard:
            self.post_message(
                MicState("keyboard", "Keyboard input (--keyboard): press space or / to type what you say.")
            )
            return
        self.post_message(MicState("loading", "Starting the microphone…"))
        self._open_mic()

    @work(thread=True, group="mic", name="microphone", exit_on_error=False)
    def _open_mic(self) -> None:
        self.engine.open_microphone(self.mic, self.speaking_mode, barge_in=self.barge_in)


def run_hud(
    *,
    scene: Scene,
    setup: Setup,
    modes: tuple[Mode, ...] = MODES,
    speed: float = HUD_SPEED,
    report: str | Path | None = None,
    display: str | None = None,
    prompts_dir: str | Path | None = None,
) -> int:
    """`glassterm play SCENE`: the HUD on a scene; writes the report JSON at the end if asked."""
    app = GlassApp(
        setup, scene=scene, modes=modes, speed=speed, display=display, prompts_dir=prompts_dir, report=report
    )
    app.run()
    if app.session is not None and not app.session.finished:
        app.write_report()  # quit before the end: the report covers what was played
    return app.return_code or EXIT_OK


def run_live(
    *,
    setup: Setup,
    scene: Scene | None = None,
    mic: str | None = None,
    keyboard: bool = False,
    barge_in: bool = False,
    hear_aloud: bool = False,
    display: str | None = None,
) -> int:
    """`glassterm`: the HUD on the microphone (or the keyboard, with the reason shown), living in
    `scene` mapped to now (the demo day unless --scene says otherwise), or in today alone."""
    app = GlassApp(
        setup,
        scene=scene,
        live=True,
        mic=mic,
        keyboard=keyboard,
        barge_in=barge_in,
        hear_aloud=hear_aloud,
        display=display,
    )
    app.run()
    return app.return_code or EXIT_OK
