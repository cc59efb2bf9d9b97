"""A sweep's units: one scene under one variant, with what it needs to run in this process or another."""

from __future__ import annotations

import copyreg
import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType

from glassterm.assistant.llm_cache import call_cache_dir
from glassterm.lab.variants import Variant
from glassterm.playback import SceneResult, Setup, play_scene
from glassterm.scene.model import Scene
from glassterm.session import ModeRun


def _read_only(items: dict[object, object]) -> MappingProxyType[object, object]:
    return MappingProxyType(items)


# Profiles and energy reports keep read-only mappings, which pickle cannot send between
# processes as they are: send each as its dict, made read-only again on arrival.
copyreg.pickle(MappingProxyType, lambda proxy: (_read_only, (dict(proxy),)))


@dataclass(frozen=True, slots=True)
class RunOptions:
    """What every unit's setup shares besides its model: plain values, so they travel to workers."""

    whisper: str | None = None
    voice: str | None = None
    encoder: str | None = None
    device: str | None = None
    audio: bool = False
    allow_remote: bool = False
    llm_timeout: float | None = None
    cache: bool = True  # model calls from the on-disk cache (--no-cache: ask the model every time)


def build_setup(llm: str | None, options: RunOptions) -> Setup:
    """A setup for one model. The wearer's own day is joined to the scenes before they are sent."""
    setup = Setup.from_options(
        llm=llm,
        whisper=options.whisper,
        voice=options.voice,
        encoder=options.encoder,
        device=options.device,
        audio=options.audio,
        allow_remote=options.allow_remote,
        llm_timeout=options.llm_timeout,
    )
    setup.call_cache = call_cache_dir() if options.cache else None
    return setup


def run_unit(scene: Scene, variant: Variant, setup: Setup) -> SceneResult:
    return play_scene(scene, setup, policy=variant.policy, prompts=variant.prompts)


@dataclass(frozen=True, slots=True)
class Unit:
    """One scene under one variant, with everything a worker needs to run it anywhere."""

    index: int  # its place in the serial order
    scene: Scene
    variant: Variant
    options: RunOptions
    use_llm: bool  # False when the runtime was proved broken: templates, as in a serial run

    @property
    def name(self) -> str:
        return f"{self.scene.path.name} × {self.variant.label}"


@dataclass(frozen=True, slots=True)
class UnitFailure:
    unit: Unit
    reason: str

    def line(self) -> str:
        return f"unit {self.unit.name} failed: {self.reason}"


Outcome = SceneResult | UnitFailure
Task = Callable[[Unit], SceneResult]

_SETUPS: dict[str | None, Setup] = {}  # in a worker: one setup, so one loaded model, per --llm value


def play_unit(unit: Unit) -> SceneResult:
    """A worker's task: play the unit on this process's models, and return what can travel back."""
    setup = _SETUPS.get(unit.variant.spec.llm)
    if setup is None:
        setup = _SETUPS[unit.variant.spec.llm] = build_setup(unit.variant.spec.llm, unit.options)
    setup.use_llm = setup.use_llm and unit.use_llm
    return detached(run_unit(unit.scene, unit.variant, setup))


def detached(result: SceneResult) -> SceneResult:
    """The result without its live parts (the model, the session's callbacks), to pass between
    processes. Reports read only an assistant's stats and ledger, so those are what is kept."""
    modes = {}
    for mode, played in result.modes.items():
        live = played.run.assistant
        kept = type(live).__new__(type(live))  # no __init__: nothing of the live assistant is rebuilt
        kept.stats, kept.ledger, kept.policy = live.stats, live.ledger, live.policy
        modes[mode] = dataclasses.replace(played, run=ModeRun(played.run.mode, kept, played.run.outputs))
    return dataclasses.replace(result, modes=modes)
