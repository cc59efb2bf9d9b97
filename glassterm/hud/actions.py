"""What each key does: the actions the bindings, the footer, the help screen and the command
palette call (their table is `commands.ACTIONS`). GlassApp's base class: the app is the
layout and the engine's messages, this is what the keys do to them."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.widgets import Input

from glassterm.assistant.prompts import PromptSet, load_prompts
from glassterm.clock import MAX_SPEED
from glassterm.display import DisplayProfile, display_profile
from glassterm.errors import UserError
from glassterm.events import ButtonPressed, Mode
from glassterm.hud.engine import Engine
from glassterm.hud.messages import PromptCompared
from glassterm.hud.widgets.battery import NOTHING_SPENT, BatteryChart, BatteryGauge
from glassterm.hud.widgets.help import HelpScreen
from glassterm.hud.widgets.lens import Lens, LensStatus
from glassterm.hud.widgets.prompt_diff import PromptComparison
from glassterm.hud.widgets.timeline import ClockBar, Timeline
from glassterm.hud.widgets.transcript import Transcript
from glassterm.lab.rephrase import Asked, ask_again
from glassterm.playback import Setup
from glassterm.session import Session

READ_SECONDS = 3.0  # wall seconds a presenter needs to read a lens page
SPEEDS = (1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, MAX_SPEED)
LIVE_SPEEDS = SPEEDS[:-1]  # live, wall time moves the clock: "max" would have no next event to jump to


class HudActions(App[int]):
    """The key actions; the attributes below are set by GlassApp."""

    setup: Setup
    engine: Engine
    modes: tuple[Mode, ...]
    speed: float
    live: bool
    mic_state: str
    prompts_dir: str | Path | None
    profile: DisplayProfile
    layout_mode: str

    @property
    def session(self) -> Session | None:
        return self.engine.session

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

    if TYPE_CHECKING:  # GlassApp's own: the clock frame, and a fresh session with the widgets set for it

        def _frame(self) -> None: ...

        def _start_session(self) -> None: ...

    def run_hud_action(self, action: str) -> None:
        self.call_later(self.run_action, action)

    def action_push_to_talk(self) -> None:
        if self.session is None:
            return
        self.engine.inject(ButtonPressed(at=self.session.clock.now))
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
        speeds = LIVE_SPEEDS if self.live else SPEEDS
        index = min(range(len(speeds)), key=lambda i: abs(_speed_log(speeds[i]) - _speed_log(clock.speed)))
        speed = speeds[max(0, min(len(speeds) - 1, index + step))]
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
        if self.live and self.session.finished:
            self.notify("No scene events are left to skip to.", markup=False)
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
        asked = self._asked_on_lens()
        if asked is not None:
            self._ask_again(asked, prompts)

    def _asked_on_lens(self) -> Asked | None:
        """What the model was asked for the card or reply on a visible lens, if it was asked."""
        origins = self.engine.origins
        for lens in self.visible_lenses():
            item = lens.current
            if origins is not None and item is not None and item.kind != "notice":
                asked = origins.of(lens.mode, item.at, item.body)
                if asked is not None:
                    return asked
        return None

    @work(thread=True, exclusive=True, group="prompts", name="prompt comparison", exit_on_error=False)
    def _ask_again(self, before: Asked, prompts: PromptSet) -> None:
        origins = self.engine.origins
        model = origins.phraser.llm if origins is not None else None  # the model that phrased it
        if model is not None:
            self.post_message(PromptCompared(before, ask_again(before, model, prompts)))

    def on_prompt_compared(self, message: PromptCompared) -> None:
        self.push_screen(PromptComparison(message.before, message.after))

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


def _speed_log(speed: float) -> float:
    return math.log(speed) if math.isfinite(speed) else 99.0
