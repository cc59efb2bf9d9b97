"""`--workers N` and `--ray`: the same (scene, variant) units in other processes give the same
report as a serial run; a unit whose worker dies is reported with its unit, the others finish."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import scene_path
from lab_helpers import die_on_commute, fail_on_commute

from glassterm.cli import main
from glassterm.lab.fanout import run_in_processes
from glassterm.lab.units import RunOptions, Unit, UnitFailure
from glassterm.lab.variants import load_variants, variant_specs
from glassterm.playback import SceneResult, load_scenes

SHORT = scene_path("short.yaml")
COMMUTE = Path(__file__).resolve().parents[2] / "scenes" / "commute.yaml"
WALL_CLOCK = {"wall_seconds", "median_first_token_s"}  # this machine's timings, not results


def comparable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items() if k not in WALL_CLOCK}
    if isinstance(value, list):
        return [comparable(v) for v in value]
    return value


def _eval(tmp_path: Path, name: str, argv: list[str]) -> dict[str, Any]:
    report = tmp_path / f"{name}.json"
    assert main([*argv, "--json", str(report)]) == 0
    return comparable(json.loads(report.read_text()))  # type: ignore[no-any-return]


def test_workers_give_the_serial_report(tmp_path: Path) -> None:
    no_budget = tmp_path / "no-budget.toml"
    no_budget.write_text("budget_per_hour = 0\n")
    argv = ["eval", str(SHORT), str(COMMUTE), "--llm", "none", "--policy", str(no_budget)]
    serial = _eval(tmp_path, "serial", argv)
    assert len(serial["variants"]) == 2 and len(serial["variants"][1]["scenes"]) == 2
    assert _eval(tmp_path, "workers", [*argv, "--workers", "2"]) == serial


def _units() -> list[Unit]:
    scenes = load_scenes([SHORT, COMMUTE])
    variants = load_variants(variant_specs([], ["none"], ["naive"]))
    return [
        Unit(i * len(scenes) + j, scene, variant, RunOptions(), use_llm=False)
        for i, variant in enumerate(variants)
        for j, scene in enumerate(scenes)
    ]


def test_a_worker_that_dies_is_reported_with_its_unit_and_the_others_finish() -> None:
    units = _units()
    outcomes = run_in_processes(units, 2, task=die_on_commute)
    failed = [o for o in outcomes if isinstance(o, UnitFailure)]
    assert [f.unit.name for f in failed] == ["commute.yaml × policy cascade", "commute.yaml × policy naive"]
    assert all(f.reason == "its worker died (SIGKILL)" for f in failed)
    done = [o for o in outcomes if isinstance(o, SceneResult)]
    assert [r.scene.path.name for r in done] == ["short.yaml", "short.yaml"]  # each in its place, in order
    assert [r.policy.name for r in done] == ["cascade", "naive"]
    assert done[0].modes["proactive"].score.hits == 2  # played to the end: the card and the reply


def test_a_unit_that_fails_is_reported_and_its_worker_goes_on() -> None:
    outcomes = run_in_processes(_units(), 1, task=fail_on_commute)
    assert [o.reason if isinstance(o, UnitFailure) else "ok" for o in outcomes] == [
        "ok",
        "RuntimeError: this unit broke",
        "ok",
        "RuntimeError: this unit broke",
    ]


@pytest.mark.slow
def test_serial_workers_and_a_local_ray_cluster_agree_with_the_real_model(tmp_path: Path) -> None:
    terse = tmp_path / "terse"
    terse.mkdir()
    (terse / "card.txt").write_text("<facts>\n{facts}\n</facts>\nSay this in at most {max_words} words.\n")
    argv = ["eval", str(SHORT), "--prompts", str(terse), "--no-cache"]
    serial = _eval(tmp_path, "serial", argv)
    assert [v["model_calls"]["calls"] for v in serial["variants"]] == [3, 3]
    assert _eval(tmp_path, "workers", [*argv, "--workers", "2"]) == serial
    assert _eval(tmp_path, "ray", [*argv, "--ray", "local"]) == serial
