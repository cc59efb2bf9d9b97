"""What the ledger and pricing hand to people: the JSON report, the sensitivity lines, the ledger's own checks.

The figures are chosen so rounding shows (a third, a seventh) and so the expected text can be
worked out by hand: a mutation of a key, a rounding or a comparison changes what is printed.
"""

from __future__ import annotations

import math

import pytest

from glassterm.power import (
    DeviceProfile,
    EnergyLedger,
    EnergyReport,
    ModeComparison,
    Spread,
    Work,
    always_on_mw,
    parse_profile,
    sensitivity_lines,
)
from glassterm.power.ledger import spoken_seconds

# work -> (value, low, high, unit, sourced); None for low and high: no range.
Costs = dict[Work, tuple[float, float | None, float | None, str, bool]]


def _profile(costs: Costs) -> DeviceProfile:
    lines = ['name = "t"', 'description = "t"', "[battery]", "capacity_mwh = 1000", 'source = "t"']
    for work in Work:
        value, low, high, unit, sourced = costs.get(work, (0, None, None, "mJ per unit", False))
        lines += [f"[costs.{work.value}]", f"value = {value}", f'unit = "{unit}"']
        lines.append('source = "t"' if sourced else 'estimate_reason = "t"')
        if low is not None:
            lines += [f"low = {low}", f"high = {high}", 'range_reason = "t"']
    return parse_profile("\n".join(lines) + "\n", file="t.toml")


def test_the_json_report_names_every_figure_rounded_to_its_digits() -> None:
    report = EnergyReport(
        profile="t",
        virtual_seconds=100 + 1 / 3,
        energy_mwh=1 / 3,
        by_component={Work.IDLE_S: 2 / 3},
        battery_pct=1 / 7,
        average_mw=100 / 3,
        projected_hours=10 / 3,
        energy_mwh_range=Spread(1 / 7, 1 / 3, 2 / 3),
        battery_pct_range=Spread(1 / 70, 1 / 30, 2 / 30),
        projected_hours_range=Spread(5 / 3, 10 / 3, math.inf),
    )
    assert report.to_dict() == {
        "profile": "t",
        "virtual_seconds": 100.333,
        "energy_mwh": 0.3333,
        "by_component": {"idle_s": 0.6667},
        "battery_pct": 0.1429,
        "average_mw": 33.333,
        "projected_hours": 3.33,
        "energy_mwh_range": [0.1429, 0.6667],
        "battery_pct_range": [0.0143, 0.0667],
        "projected_hours_range": [1.67, None],  # nothing spent at the low end of the costs: no limit
    }


def test_top_components_default_to_three_and_leave_out_what_cost_nothing() -> None:
    spent = {Work.IDLE_S: 4.0, Work.MIC_ON_S: 3.0, Work.VAD_FRAMES: 2.0, Work.ASR_AUDIO_S: 1.0}
    report = EnergyReport("t", 1.0, 10.0, by_component={**spent, Work.TTS_AUDIO_S: 0.0})
    assert report.top_components() == [(Work.IDLE_S, 4.0), (Work.MIC_ON_S, 3.0), (Work.VAD_FRAMES, 2.0)]
    assert [work for work, _ in report.top_components(10)] == list(spent)


def test_always_on_power_counts_the_wake_word_unless_told_not_to() -> None:
    profile = _profile({Work.IDLE_S: (5, None, None, "mW", True), Work.WAKE_WORD_S: (2, None, None, "mW", True)})
    assert always_on_mw(profile) == 7.0
    assert always_on_mw(profile, wake_word=False) == 5.0


def test_spoken_seconds_is_words_at_two_and_a_half_a_second() -> None:
    assert spoken_seconds("the bus leaves at nine") == 2.0


def test_the_ledger_adds_up_charges_and_refuses_negative_work() -> None:
    ledger = EnergyLedger()
    ledger.charge(Work.CAMERA_LOOKS, 1 / 3)
    ledger.charge(Work.CAMERA_LOOKS, 1)
    assert ledger.snapshot()["camera_looks"] == 1.333  # rounded to three places
    with pytest.raises(ValueError, match="negative work camera_looks: -1"):
        ledger.charge(Work.CAMERA_LOOKS, -1)


def _comparison(profile: DeviceProfile, seconds: float = 10.0) -> ModeComparison:
    """Each virtual second, both modes idle; proactive also takes one look, manual spots the wake word."""
    proactive, manual = EnergyLedger(), EnergyLedger()
    for ledger in (proactive, manual):
        ledger.charge(Work.IDLE_S, seconds)
    proactive.charge(Work.CAMERA_LOOKS, seconds)
    return ModeComparison(proactive, seconds, manual, seconds, profile)


# Below 1 mW on purpose: a ratio exists for any power above zero, however small.
SMALL = _profile(
    {
        Work.IDLE_S: (0.1, None, None, "mW", True),
        Work.CAMERA_LOOKS: (0.2, 0.1, 0.4, "mJ per look", False),
    }
)


def test_the_sensitivity_lines_show_the_ratio_its_range_and_each_cost() -> None:
    # Proactive draws 0.1 + 0.2 mW and manual 0.1: the ratio is 1/3; the look at 0.1 or 0.4 mJ
    # gives 0.5 or 0.2. The costs that cost nothing follow in Work order, six rows in all.
    lines = sensitivity_lines(_comparison(SMALL))
    header = f"  {'cost':22} {'range':26} {'ratio at low':>12} {'at high':>8} {'swing':>6}  figure"
    assert lines[:5] == [
        "proactive keeps 0.33 of manual battery life (0.20-0.50 with every cost anywhere in its range)",
        "what moves it most, each cost alone across its range (the rest at their values); measure the top one first:",
        header,
        f"  {'camera_looks':22} {'0.1-0.4 mJ per look':26} {0.5:12.2f} {0.2:8.2f} {0.3:6.2f}  estimate",
        f"  {'idle_s':22} {'0.1-0.1 mW':26} {1 / 3:12.2f} {1 / 3:8.2f} {0:6.2f}  sourced",
    ]
    assert lines[5] == f"  {'mic_on_s':22} {'0-0 mJ per unit':26} {1 / 3:12.2f} {1 / 3:8.2f} {0:6.2f}  estimate"
    assert len(lines) == 3 + 6


def test_a_sensitivity_row_as_json_gives_the_cost_range_as_written() -> None:
    rows = {row.cost.work: row for row in _comparison(SMALL).sensitivity()}
    assert rows[Work.CAMERA_LOOKS].to_dict() == {
        "cost": "camera_looks",
        "ratio_low": 0.2,
        "ratio_high": 0.5,
        "ratio_at_cost_low": 0.5,
        "ratio_at_cost_high": 0.2,
        "cost_range": [0.1, 0.4],
        "unit": "mJ per look",
        "estimate": True,
    }
    assert rows[Work.IDLE_S].to_dict()["cost_range"] == [0.1, 0.1]  # no range: the value is both ends
    assert rows[Work.IDLE_S].to_dict()["estimate"] is False


def test_without_proactive_spending_there_is_no_ratio_to_show() -> None:
    free = _profile({Work.WAKE_WORD_S: (1, None, None, "mW", True)})  # only manual spends: proactive is free
    manual = EnergyLedger()
    manual.charge(Work.WAKE_WORD_S, 10)
    comparison = ModeComparison(EnergyLedger(), 10, manual, 10, free)
    assert comparison.battery_life_ratio() is None
    assert comparison.sensitivity() == []
    assert sensitivity_lines(comparison) == ["proactive spent nothing: no battery life ratio to show"]


@pytest.mark.parametrize(("proactive_seconds", "manual_seconds"), [(0, 10), (10, 0), (-1, 10)])
def test_comparing_modes_needs_virtual_time_in_both(proactive_seconds: float, manual_seconds: float) -> None:
    with pytest.raises(ValueError, match="both modes need some virtual time"):
        ModeComparison(EnergyLedger(), proactive_seconds, EnergyLedger(), manual_seconds, SMALL)


def test_under_a_second_of_virtual_time_is_enough_to_compare() -> None:
    ratio = _comparison(SMALL, seconds=0.5).battery_life_ratio()
    assert ratio is not None and ratio.central == pytest.approx(1 / 3)
