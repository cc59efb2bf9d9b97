"""The proactive/manual battery-life ratio with its range, and which cost moves it most.

Every expectation here is computed another way than glassterm.power.sensitivity does it: by
pricing each mode on a profile whose costs were set by hand and dividing projected hours.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
from pathlib import Path

import pytest

from glassterm.cli import main
from glassterm.power import DeviceProfile, EnergyLedger, ModeComparison, Work, load_profile, parse_profile, price

ROOT = Path(__file__).resolve().parents[2]
HOUR = 3600.0


def _at(profile: DeviceProfile, mj: dict[Work, float]) -> DeviceProfile:
    """The profile with some per-unit costs set by hand (the rest as they are)."""
    costs = {w: dataclasses.replace(c, mj_per_unit=mj.get(w, c.mj_per_unit)) for w, c in profile.costs.items()}
    return dataclasses.replace(profile, costs=costs)


def _hours_ratio(proactive: EnergyLedger, manual: EnergyLedger, profile: DeviceProfile) -> float:
    return price(proactive, profile, HOUR).projected_hours / price(manual, profile, HOUR).projected_hours


def _modes() -> tuple[EnergyLedger, EnergyLedger]:
    """An hour of each mode, shaped like the full day: proactive looks and transcribes, manual spots a wake word."""
    proactive, manual = EnergyLedger(), EnergyLedger()
    proactive.listen(HOUR, wake_word=False)
    manual.listen(HOUR, wake_word=True)
    for work, amount in {
        Work.CAMERA_LOOKS: 30,
        Work.VISION_PASSES: 30,
        Work.ASR_AUDIO_S: 8,
        Work.DISPLAY_ON_S: 12,
    }.items():
        proactive.charge(work, amount)
    for ledger in (proactive, manual):
        ledger.charge(Work.TTS_AUDIO_S, 3)
    return proactive, manual


def _small_profile() -> DeviceProfile:
    """Four ranged costs, so every corner of the box of ranges can be tried by brute force."""
    ranged = {
        Work.IDLE_S: (60, 40, 90, "mW"),
        Work.WAKE_WORD_S: (1, 0.1, 6, "mW"),
        Work.CAMERA_LOOKS: (500, 100, 1300, "mJ per look"),
        Work.VISION_PASSES: (500, 50, 3000, "mJ per pass"),
    }
    lines = ['name = "small"', 'description = "t"', "[battery]", "capacity_mwh = 960", 'source = "t"']
    for work in Work:
        value, low, high, unit = ranged.get(work, (0, 0, 0, "mJ per unit"))
        lines += [f"[costs.{work.value}]", f"value = {value}", f'unit = "{unit}"', 'estimate_reason = "t"']
        if work in ranged:
            lines += [f"low = {low}", f"high = {high}", 'range_reason = "t"']
    return parse_profile("\n".join(lines) + "\n", file="small.toml")


def test_the_ratio_range_is_the_lowest_and_highest_of_every_mix_of_costs() -> None:
    profile = _small_profile()
    proactive, manual = _modes()
    ranged = [w for w, c in profile.costs.items() if c.has_range]
    assert len(ranged) == 4
    corners = [
        _hours_ratio(proactive, manual, _at(profile, dict(zip(ranged, mix, strict=True))))
        for mix in itertools.product(*[(profile.costs[w].mj_low, profile.costs[w].mj_high) for w in ranged])
    ]
    ratio = ModeComparison(proactive, HOUR, manual, HOUR, profile).battery_life_ratio()
    assert ratio is not None
    assert ratio.central == pytest.approx(_hours_ratio(proactive, manual, profile))
    assert ratio.low == pytest.approx(min(corners)) and ratio.high == pytest.approx(max(corners))
    assert ratio.low < ratio.central < ratio.high


@pytest.mark.parametrize("name", ["display-glasses", "audio-glasses"])
def test_the_top_sensitivity_row_is_the_cost_that_moves_the_ratio_most(name: str) -> None:
    profile = load_profile(name)
    proactive, manual = _modes()
    swings: dict[Work, tuple[float, float]] = {}
    for work, cost in profile.costs.items():
        at_low = _hours_ratio(proactive, manual, _at(profile, {work: cost.mj_low}))
        at_high = _hours_ratio(proactive, manual, _at(profile, {work: cost.mj_high}))
        swings[work] = (at_low, at_high)
    by_swing = sorted(swings, key=lambda w: -abs(swings[w][1] - swings[w][0]))
    most, runner_up = by_swing[0], by_swing[1]
    assert abs(swings[most][1] - swings[most][0]) > abs(swings[runner_up][1] - swings[runner_up][0]) + 0.01

    rows = ModeComparison(proactive, HOUR, manual, HOUR, profile).sensitivity()
    assert rows[0].cost.work == most
    assert (rows[0].ratio_at_cost_low, rows[0].ratio_at_cost_high) == pytest.approx(swings[most])
    assert rows[0].ratio_low == pytest.approx(min(swings[most])) and rows[0].ratio_high == pytest.approx(
        max(swings[most])
    )
    assert [row.swing for row in rows] == pytest.approx([abs(swings[w][1] - swings[w][0]) for w in by_swing])


@pytest.fixture(scope="module")
def full_day(tmp_path_factory: pytest.TempPathFactory) -> dict:  # type: ignore[type-arg]
    report = tmp_path_factory.mktemp("full-day") / "r.json"
    args = ["play", str(ROOT / "scenes/full-day.yaml"), "--headless", "--llm", "none", "--report", str(report)]
    assert main(args) == 0
    return json.loads(report.read_text("utf-8"))["scenes"][0]


def test_the_full_day_report_carries_the_ranges_and_the_sensitivity_list(full_day: dict) -> None:  # type: ignore[type-arg]
    for mode in full_day["modes"].values():
        low, high = mode["projected_hours_range"]
        assert low < mode["projected_hours"] < high
        low, high = mode["battery_pct_range"]
        assert low < mode["battery_pct"] < high
    ratio = full_day["battery_life_ratio"]
    hours = {m: full_day["modes"][m]["projected_hours"] for m in ("proactive", "manual")}
    assert ratio["central"] == pytest.approx(hours["proactive"] / hours["manual"], abs=0.002)
    assert ratio["low"] < ratio["central"] < ratio["high"]
    rows = full_day["sensitivity"]
    assert {row["cost"] for row in rows} == {work.value for work in Work}
    swings = [row["ratio_high"] - row["ratio_low"] for row in rows]
    assert swings == sorted(swings, reverse=True) and swings[0] > swings[-1]
    for row in rows:
        # One cost moving alone stays inside the range of all of them moving together, around the central.
        assert ratio["low"] <= row["ratio_low"] <= ratio["central"] + 1e-4
        assert ratio["central"] - 1e-4 <= row["ratio_high"] <= ratio["high"]
        assert sorted([row["ratio_at_cost_low"], row["ratio_at_cost_high"]]) == [row["ratio_low"], row["ratio_high"]]


def test_the_full_day_charges_capture_and_vision_as_separate_lines(full_day: dict) -> None:  # type: ignore[type-arg]
    proactive = full_day["modes"]["proactive"]
    looks = proactive["cascade"]["camera_looks"]
    assert looks > 0
    assert proactive["work"]["camera_looks"] == proactive["work"]["vision_passes"] == looks
    profile = load_profile("display-glasses")
    parts = proactive["energy"]["by_component"]
    for work in (Work.CAMERA_LOOKS, Work.VISION_PASSES):
        assert parts[work.value] == pytest.approx(looks * profile.mj_per_unit(work) / 3600, abs=1e-3)


def test_eval_prints_the_sensitivity_table_for_the_full_day(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(ROOT / "scenes/full-day.yaml"), "--llm", "none"]) == 0
    out = capsys.readouterr().out.splitlines()
    head = next(i for i, line in enumerate(out) if line.startswith("proactive keeps"))
    assert "of manual battery life" in out[head] and "measure the top one first" in out[head + 1]
    table = out[head + 3 :]
    assert len(table) >= 5
    swings = [float(line.split()[-2]) for line in table]
    assert swings == sorted(swings, reverse=True) and swings[0] > 0
    assert any(line.strip().startswith("proactive") and "projected" in line and "-" in line for line in out[:head])
