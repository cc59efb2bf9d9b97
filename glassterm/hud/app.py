"""The HUD app: two pairs of glasses side by side, fed by one session.

The session runs in a thread worker and pushes to the app through the bridge's messages; the
app talks down to its widgets by setting their reactive attributes. Model work never runs on
Textual's event loop.
"""

from __future__ import annotations

import datetime as _dt
import functools
import math
import queue
import threading
import time
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
from glassterm.assistant.prompts import load_prompts
from glassterm.clock import HUD_SPEED, MAX_SPEED, VirtualClock
from glassterm.errors import EXIT_OK, UserError
from glassterm.events import (
    DEFAULT_WAKE_WORD,
    MODES,
    ButtonPressed,
    Card,
    Event,
    Mode,
    Reply,
    Said,
    SceneStarted,
    TimeTick,
)
from glassterm.hud.bridge import Bridge
from glassterm.hud.commands import HudCommands, bindings
from glassterm.hud.messages import (
    EnergySample,
    LlmBusy,
    MicState,
    Notice,
    SessionEvent,
    SessionFinished,
    SessionOutput,
    TurnTimed,
)
from glassterm.hud.profiles import DisplayProfile, display_profile
from glassterm.hud.widgets.battery import NOTHING_SPENT, BatteryChart, BatteryGauge
from glassterm.hud.widgets.help import HelpScreen
from glassterm.hud.widgets.lens import Lens, LensItem, LensStatus
from glassterm.hud.widgets.timeline import ClockBar, Timeline
from glassterm.hud.widgets.transcript import Transcript
from glassterm.live import SpokenReplies
from glassterm.playback import Setup, finish, make_session
from glassterm.report import report_dict, run_info, write_json
from glassterm.scene.model import Scene
from glassterm.session import Session, build_assistants

READ_SECONDS = 3.0  # wall seconds a presenter needs to read a lens page
SPEEDS = (1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, MAX_SPEED)
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


class GlassApp(App[int]):
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
        live_start: float | None = None,
    ) -> None:
        super().__init__()
        self.setup = setup
        self.scene = scene
        self.live = scene is None
        self.modes = modes
        self.speed = speed
        self.profile = display if isinstance(display, DisplayProfile) else display_profile(display)
        self.prompts_dir = prompts_dir
        self.mic = mic
        self.keyboard = keyboard
        self.barge_in = barge_in
        self.report = report  # where the scene's report JSON goes when it ends
        self._started_wall = time.perf_counter()
        self.autoplay = autoplay
        self.live_start = live_start
        self.generation = 0
        self.session: Session | None = None
        self.bridge: Bridge | None = None
        self.pipeline: Any = None  # the live ListeningPipeline, when the microphone works
        self.mic_state = "off"
        self._inbox: queue.Queue[tuple[Bridge, Event]] = queue.Queue()
        self._engine_stopped = threading.Event()
        self._last_wall = time.monotonic()
        self._last_minute = -1
        self._heard_until = -math.inf  # the wearer is speaking until this virtual time
        self._talk_until = -math.inf  # push-to-talk window
        self._busy: dict[Mode, bool] = {mode: False for mode in modes}

    # Layout.
    def compose(self) -> ComposeResult:
        yield ClockBar(id="clock")
        yield Static(id="notice")
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
        if self.live:
            self._inbox_loop()
            self._start_mic()
        else:
            self.query_one("#notice").display = False
            self._inbox_loop()
        self.set_interval(FRAME_SECONDS, self._frame)

    @_while_shown
    def on_resize(self) -> None:
        self.query_one(BatteryChart).compact = self.size.height < SHORT

    def on_unmount(self) -> None:
        self._stop_engine()

    def _stop_engine(self) -> None:
        self._engine_stopped.set()
        if self.session is not None:
            self.session.stop.set()
        if self.pipeline is not None:
            try:
                self.pipeline.stop()
            except Exception as error:  # noqa: BLE001  closing a broken device must not raise on exit
                self.log.warning(f"closing the microphone failed: {error}")

    # The session.
    def _new_session(self) -> tuple[Session, float]:
        setup = self.setup
        if self.scene is not None:
            return make_session(self.scene, setup, modes=self.modes, speed=self.speed), float(self.scene.start)
        start = self.live_start if self.live_start is not None else _local_seconds()
        assistants = build_assistants(self.modes, setup.phraser(), setup.policy)
        clock = VirtualClock(start=start, speed=1.0)
        started = SceneStarted(
            at=start, title="Live", date=_dt.date.today().isoformat(), user_name=None, wake_word=DEFAULT_WAKE_WORD
        )
        return Session([started], assistants, clock), start

    def _start_session(self) -> None:
        if self.session is not None:
            self.session.stop.set()
        self.generation += 1
        self._started_wall = time.perf_counter()
        session, start = self._new_session()
        self.session = session
        self.bridge = Bridge(session, self.setup, start=start, generation=self.generation, post=self.post_message)
        self.now = session.clock.now
        self._last_minute = int(start // 60)
        self._heard_until = self._talk_until = -math.inf
        clock = self.query_one(ClockBar)
        clock.start = start
        clock.end = float(self.scene.end) if self.scene is not None else None
        clock.title = self.scene.title if self.scene is not None else "Live"
        clock.speed = session.clock.speed
        clock.paused = session.clock.paused
        clock.finished = False
        chart = self.query_one(BatteryChart)
        chart.start, chart.end = start, clock.end
        if self.autoplay or self.live:
            self._play(session, self.generation)

    @work(thread=True, exclusive=True, group="session", name="session", exit_on_error=False)
    def _play(self, session: Session, generation: int) -> None:
        session.run()
        if session.finished and not session.stop.is_set() and not self.live:
            self.post_message(SessionFinished(generation))

    def inject(self, event: Event) -> None:
        """Live input (push-to-talk, typed text, the mic, minute ticks): delivered in order, off the loop."""
        if self.bridge is not None:
            self._inbox.put((self.bridge, event))

    def seed(self, events: list[Event], *, now: float | None = None) -> None:
        """Deliver events synchronously, with the clock paused (tests and snapshots: no threads, no LLM)."""
        assert self.session is not None and self.bridge is not None
        self.session.clock.pause(True)
        for event in events:
            self.bridge.deliver(event)
        self.session.clock.set(now if now is not None else events[-1].at)
        self._frame()
        self.query_one(ClockBar).paused = True

    @work(thread=True, group="inbox", name="inbox", exit_on_error=False)
    def _inbox_loop(self) -> None:
        while not self._engine_stopped.is_set():
            try:
                bridge, event = self._inbox.get(timeout=0.1)
            except queue.Empty:
                continue
            if bridge.generation != self.generation:
                continue
            started = time.perf_counter()
            try:
                bridge.deliver(event)
            except Exception as error:  # noqa: BLE001  one bad turn must not end the HUD
                self.post_message(Notice(f"the assistants failed on that input: {error}", "error"))
                continue
            if isinstance(event, Said):
                self.post_message(TurnTimed(time.perf_counter() - started))

    # The clock frame: the one place wall time turns into virtual time for live mode.
    @_while_shown
    def _frame(self) -> None:
        session = self.session
        if session is None:
            return
        clock = session.clock
        wall = time.monotonic()
        if self.live:
            clock.advance_wall(wall - self._last_wall)
            minute = int(clock.now // 60)
            if minute > self._last_minute:
                self._last_minute = minute
                self.inject(TimeTick(at=float(minute * 60)))
        self._last_wall = wall
        self.now = clock.now

    @_while_shown
    def watch_now(self, now: float) -> None:
        if not self.is_mounted:
            return
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
        self.watch_now(self.now)

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
        self.query_one(BatteryChart).add_sample(message.mode, message.at, message.battery_pct)

    @_while_shown
    def on_llm_busy(self, message: LlmBusy) -> None:
        if self._current(message.generation):
            self._busy[message.mode] = message.busy
            self.query_one(f"#status-{message.mode}", LensStatus).busy = message.busy

    @_while_shown
    def on_session_finished(self, message: SessionFinished) -> None:
        if self._current(message.generation):
            self.query_one(ClockBar).finished = True
            written = self.write_report()
            self.notify(f"Scene ended{written}: r restarts, q quits.", title="glassterm", markup=False)

    def write_report(self) -> str:
        """Write the report JSON (same contract as headless play) if one was asked for."""
        if self.report is None or self.scene is None or self.session is None:
            return ""
        setup = self.setup
        wall = time.perf_counter() - self._started_wall
        result = finish(self.scene, self.session, setup, wall, setup.policy, setup.prompts)
        try:
            write_json(self.report, report_dict([result], **run_info(setup), hud=True))
        except UserError as error:
            self.notify(str(error), title="report not written", severity="error", markup=False)
            return ""
        return f", report written to {self.report}"

    @_while_shown
    def on_turn_timed(self, message: TurnTimed) -> None:
        self.query_one(Transcript).set_latency(message.seconds, first_audio=message.first_audio)

    def speaking_mode(self) -> Mode:
        """Whose answers are spoken aloud: the lens shown alone, else the first (proactive)."""
        return self.layout_mode if self.layout_mode in self.modes else self.modes[0]  # type: ignore[return-value]

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
    def lens(self, mode: Mode) -> Lens:
        return self.query_one(f"#lens-{mode}", Lens)

    def visible_lenses(self) -> list[Lens]:
        return [self.lens(mode) for mode in self.modes if self.layout_mode in ("both", mode)]

    def _open_input(self) -> None:
        say = self.query_one("#say", Input)
        say.display = True
        say.focus()

    def _close_input(self) -> None:
        say = self.query_one("#say", Input)
        say.display = False
        self.set_focus(None)

    def watch_layout_mode(self) -> None:
        if self.is_mounted:
            self._apply_layout()

    def _apply_layout(self) -> None:
        for mode in self.modes:
            self.query_one(f"#panel-{mode}").display = self.layout_mode in ("both", mode)

    # Actions (keys, footer and the command palette all come here).
    def run_hud_action(self, action: str) -> None:
        self.call_later(self.run_action, action)

    def action_push_to_talk(self) -> None:
        if self.session is None:
            return
        self.inject(ButtonPressed(at=self.session.clock.now))
        if self.mic_state not in ("listening", "recording"):
            self._open_input()  # no microphone: type what you would say

    def action_toggle_pause(self) -> None:
        if self.session is None:
            return
        clock = self.session.clock
        clock.pause(not clock.paused)
        self.query_one(ClockBar).paused = clock.paused

    def _set_speed(self, step: int) -> None:
        if self.session is None:
            return
        clock = self.session.clock
        index = min(range(len(SPEEDS)), key=lambda i: abs(_speed_log(SPEEDS[i]) - _speed_log(clock.speed)))
        speed = SPEEDS[max(0, min(len(SPEEDS) - 1, index + step))]
        clock.set_speed(speed)
        self.speed = speed
        self.query_one(ClockBar).speed = speed
        self._apply_page_seconds()

    def _apply_page_seconds(self) -> None:
        """A page stays lit for the policy's card time, but long enough to read at high playback speed.

        Presentation only: the ledger still charges the policy's lit seconds.
        """
        speed = self.speed if math.isfinite(self.speed) else 1.0
        page_seconds = max(self.setup.policy.card_seconds, READ_SECONDS * speed)
        for lens in self.query(Lens):
            lens.page_seconds = page_seconds

    def action_faster(self) -> None:
        self._set_speed(+1)

    def action_slower(self) -> None:
        self._set_speed(-1)

    def action_skip(self) -> None:
        if self.session is None:
            return
        if self.live:
            self.notify("Live mode has no scene events to skip to.", markup=False)
            return
        self.session.skip_to_next()
        self._frame()

    def action_restart(self) -> None:
        for lens in self.query(Lens):
            lens.clear()
        self.query_one(Timeline).clear()
        transcript = self.query_one(Transcript)
        transcript.clear()
        transcript.set_latency(None)
        self.query_one(BatteryChart).clear()
        for gauge in self.query(BatteryGauge):
            gauge.used, gauge.energy_mwh, gauge.projected_hours = 0.0, 0.0, math.inf
            gauge.projected_hours_range = NOTHING_SPENT
        for status in self.query(LensStatus):
            status.battery_used, status.busy = 0.0, False
        self._start_session()

    def action_reload_prompts(self) -> None:
        directory = self.prompts_dir
        try:
            prompts = load_prompts(directory)
        except UserError as error:
            self.notify(str(error), title="prompts not reloaded", severity="error", timeout=10, markup=False)
            return
        self.setup.prompts = prompts
        if self.session is not None:
            for run in self.session.runs.values():
                run.assistant.phraser.prompts = prompts  # the phraser is shared: both modes at once
        self.notify(f"Prompts reloaded ({prompts.name}).", markup=False)

    def action_switch_layout(self) -> None:
        if len(self.modes) < 2:
            self.notify("Only one mode is running.", markup=False)
            return
        order = ["both", *self.modes]
        self.layout_mode = order[(order.index(self.layout_mode) + 1) % len(order)]

    def action_dismiss(self) -> None:
        for lens in self.visible_lenses():
            lens.dismiss()

    def action_next_page(self) -> None:
        for lens in self.visible_lenses():
            lens.next_page()

    def action_type(self) -> None:
        self._open_input()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def set_display(self, name: str) -> None:
        self.profile = display_profile(name)
        for lens in self.query(Lens):
            lens.profile = self.profile

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
        state, reason = open_microphone(self)
        self.post_message(MicState(state, reason))


def open_microphone(app: GlassApp) -> tuple[str, str]:
    """Start the listening pipeline for live mode: ("listening", note) or ("keyboard", why not). Never raises."""
    typing_hint = "press space or / to type what you say"
    try:
        from glassterm.speech.devices import list_devices, portaudio_status

        ok, message = portaudio_status()
        if not ok:
            return "keyboard", f"No microphone: {message}. Keyboard input: {typing_hint}."
        if not list_devices().inputs:
            return "keyboard", f"No microphone: PortAudio sees no input device. Keyboard input: {typing_hint}."
        from glassterm.speech.pipeline import ListeningPipeline
        from glassterm.speech.sources import MicSource

        hub = app.setup.hub
        vad, asr = hub.vad(), hub.asr()
        source = MicSource(app.mic)
        source.start()  # fail here, not later in the listening thread

        replies = SpokenReplies(lambda: app.session, app.speaking_mode)

        def heard(transcript: Any) -> None:
            replies.heard(transcript)  # the responder delivers it to the session, then speaks
            app.post_message(MicState("listening"))

        def timed(turn: Any) -> None:
            app.post_message(TurnTimed(turn.latency.total, first_audio=turn.latency.to_first_audio))

        try:
            from glassterm.speech.sinks import SpeakerSink

            sink: Any = SpeakerSink()
        except Exception as error:  # noqa: BLE001  no speaker: answers still show on the lenses
            from glassterm.speech.sinks import NullSink

            sink = NullSink()
            app.post_message(Notice(f"No speaker ({error}); answers are shown, not spoken.", "warning"))

        def failed(error: BaseException) -> None:
            app.pipeline = None
            app.post_message(MicState("keyboard", f"The microphone stopped ({error}). Keyboard input: {typing_hint}."))

        pipeline = ListeningPipeline(
            source,
            vad,
            asr,
            on_transcript=heard,
            responder=replies,
            voice=hub.tts(),
            sink=sink,
            on_turn=timed,
            on_speech_start=lambda: app.post_message(MicState("recording")),
            on_error=failed,
            # Without echo cancellation an open mic hears the answer and interrupts it: barge-in
            # (listening while speaking) is for headphones, and asked for with --barge-in.
            barge_in=app.barge_in,
            listen_while_speaking=app.barge_in,
        )
        if app._engine_stopped.is_set():
            source.close()
            return "off", ""
        pipeline.start()
        app.pipeline = pipeline
        return "listening", f'Microphone on ({message}); say "{DEFAULT_WAKE_WORD}, …" or press space to talk.'
    except Exception as error:  # noqa: BLE001  any failure means: fall back to the keyboard, with the reason
        return "keyboard", f"No microphone: {error}. Keyboard input: {typing_hint}."


def _speed_log(speed: float) -> float:
    return math.log(speed) if math.isfinite(speed) else 99.0


def _local_seconds() -> float:
    now = _dt.datetime.now()
    return float(now.hour * 3600 + now.minute * 60 + now.second)


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
    *, setup: Setup, mic: str | None = None, keyboard: bool = False, barge_in: bool = False, display: str | None = None
) -> int:
    """`glassterm` with no arguments: the HUD on the microphone, or the keyboard with the reason shown."""
    app = GlassApp(setup, mic=mic, keyboard=keyboard, barge_in=barge_in, display=display)
    app.run()
    return app.return_code or EXIT_OK
