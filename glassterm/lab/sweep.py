"""Run a sweep: every variant on every scene, each model loaded once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from glassterm.assistant.llm_cache import call_cache_dir
from glassterm.lab.variants import Variant, VariantRun
from glassterm.playback import SceneResult, Setup, play_scene
from glassterm.report import model_name
from glassterm.scene.model import Scene


@dataclass(frozen=True, slots=True)
class RunOptions:
    """What every unit's setup shares besides its model: plain values, so they travel to workers."""

    whisper: str | None = None
    voice: str | None = None
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
        device=options.device,
        audio=options.audio,
        allow_remote=options.allow_remote,
        llm_timeout=options.llm_timeout,
    )
    setup.call_cache = call_cache_dir() if options.cache else None
    return setup


def run_unit(scene: Scene, variant: Variant, setup: Setup) -> SceneResult:
    return play_scene(scene, setup, policy=variant.policy, prompts=variant.prompts)


def run_serial(
    scenes: list[Scene], variants: list[Variant], options: RunOptions, note: Callable[[str], None]
) -> list[VariantRun]:
    """Every variant on every scene in this process. Every setup is built (and every model named
    checked) before the first scene plays, so a typo in the third `--llm` costs no time."""
    setups: dict[str | None, Setup] = {}
    for llm in dict.fromkeys(v.spec.llm for v in variants):
        setups[llm] = build_setup(llm, options)
    for setup in setups.values():
        broken = setup.fall_back_if_llm_broken()
        if broken:
            note(broken)
    return [
        VariantRun(
            variant,
            model_name(setups[variant.spec.llm]),
            [run_unit(scene, variant, setups[variant.spec.llm]) for scene in scenes],
        )
        for variant in variants
    ]
