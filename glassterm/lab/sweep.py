"""Run a sweep: every variant on every scene, here, in local worker processes or on a Ray cluster."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from glassterm.lab.units import Outcome, RunOptions, Unit, UnitFailure, build_setup, run_unit
from glassterm.lab.variants import Variant, VariantRun
from glassterm.playback import SceneResult, Setup
from glassterm.report import model_name
from glassterm.scene.model import Scene


@dataclass(frozen=True, slots=True)
class Fanout:
    workers: int = 0  # local worker processes; 0: everything in this process
    ray: str | None = None  # a Ray cluster's address, or "local" to start one here


class Progress:
    """One line a finished unit, for a sweep that takes minutes (stderr: the tables stay clean)."""

    def __init__(self, total: int, note: Callable[[str], None]) -> None:
        self.total, self.finished, self.note = total, 0, note

    def done(self, unit: Unit, outcome: Outcome) -> None:
        self.finished += 1
        how = f"{outcome.wall_seconds:.1f} s" if isinstance(outcome, SceneResult) else "failed"
        self.note(f"[{self.finished}/{self.total}] {unit.name}: {how}")


@dataclass
class Sweep:
    runs: list[VariantRun]
    failures: list[UnitFailure] = field(default_factory=list)  # their scenes are left out of every variant


def run_sweep(
    scenes: list[Scene],
    variants: list[Variant],
    options: RunOptions,
    note: Callable[[str], None],
    fanout: Fanout = Fanout(),
) -> Sweep:
    """Every setup is built (every model named, every server asked) before the first scene plays,
    so a typo in the third `--llm` costs no time. Elsewhere than here, models load in the workers."""
    here = not fanout.workers and fanout.ray is None
    setups: dict[str | None, Setup] = {}
    for llm in dict.fromkeys(v.spec.llm for v in variants):
        setups[llm] = build_setup(llm, options)
    for setup in setups.values():
        broken = setup.fall_back_if_llm_broken(load=here)
        if broken:
            note(broken)
    names = {llm: model_name(setup) for llm, setup in setups.items()}
    units = [
        Unit(len(scenes) * i + j, scene, variant, options, setups[variant.spec.llm].use_llm)
        for i, variant in enumerate(variants)
        for j, scene in enumerate(scenes)
    ]
    progress = Progress(len(units), note) if len(units) > 1 else None
    if here:
        results = []
        for unit in units:
            results.append(run_unit(unit.scene, unit.variant, setups[unit.variant.spec.llm]))
            if progress is not None:
                progress.done(unit, results[-1])
        per_variant = [results[i * len(scenes) : (i + 1) * len(scenes)] for i in range(len(variants))]
        return Sweep([VariantRun(v, names[v.spec.llm], r) for v, r in zip(variants, per_variant, strict=True)])
    if fanout.ray is not None:
        from glassterm.lab.ray_pool import run_on_ray

        outcomes = run_on_ray(units, fanout.ray, note, progress)
    else:
        from glassterm.lab.fanout import run_in_processes

        outcomes = run_in_processes(units, fanout.workers, on_done=progress)
    failures = [o for o in outcomes if isinstance(o, UnitFailure)]
    lost = {f.unit.scene.path for f in failures}
    runs = []
    for i, variant in enumerate(variants):
        mine = outcomes[i * len(scenes) : (i + 1) * len(scenes)]
        kept = [o for o in mine if isinstance(o, SceneResult) and o.scene.path not in lost]
        runs.append(VariantRun(variant, names[variant.spec.llm], kept))
    return Sweep(runs, failures)
