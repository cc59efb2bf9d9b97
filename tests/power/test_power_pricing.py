"""Pricing counted work on a profile: exact arithmetic, no clock."""

from __future__ import annotations

import dataclasses
import math

import pytest

from glassterm.power import EnergyLedger, EnergyReport, Work, parse_profile, price
from glassterm.power.ledger import VAD_FRAMES_PER_SECOND


def _profile(costs: dict[Work, tuple[float, str]] | None = None, *, capacity_mwh: float = 1000.0):
    costs = costs or {}
    lines = [
        'name = "unit-test"',
        'description = "round numbers"',
        "[battery]",
        f"capacity_mwh = {capacity_mwh}",
        'estimate_reason = "round number"',
    ]
    for work in Work:
        value, unit = costs.get(work, (0.0, "mJ per unit"))
        lines += [f"[costs.{work.value}]", f"value = {value}", f'unit = "{unit}"', 'estimate_reason = "test"']
    return parse_profile("\n".join(lines) + "\n", file="unit-test.toml")


def test_known_counts_price_exactly():
    profile = _profile(
        {
            Work.IDLE_S: (36.0, "mW"),  # 36 mJ per s
            Work.LLM_GENERATED_TOKENS: (10.0, "mJ per token"),
            Work.CAMERA_LOOKS: (1.8, "J per look"),
        },
        capacity_mwh=1000.0,
    )
    counts = {Work.IDLE_S: 100.0, Work.LLM_GENERATED_TOKENS: 360.0, Work.CAMERA_LOOKS: 2.0}
    report = price(counts, profile, virtual_seconds=100.0)
    # idle 3600 mJ = 1 mWh; tokens 3600 mJ = 1 mWh; looks 3600 mJ = 1 mWh
    assert report.by_component[Work.IDLE_S] == pytest.approx(1.0)
    assert report.by_component[Work.LLM_GENERATED_TOKENS] == pytest.approx(1.0)
    assert report.by_component[Work.CAMERA_LOOKS] == pytest.approx(1.0)
    assert report.by_component[Work.ASR_AUDIO_S] == 0.0
    assert set(report.by_component) == set(Work)
    assert report.energy_mwh == pytest.approx(3.0)
    assert report.battery_pct == pytest.approx(0.3)
    assert report.average_mw == pytest.approx(3.0 * 3600 / 100.0)  # 108 mW
    assert report.projected_hours == pytest.approx(1000.0 / 108.0)
    assert report.profile == "unit-test"
    assert report.virtual_seconds == 100.0


def test_string_keys_and_ledger_price_the_same():
    profile = _profile({Work.MIC_ON_S: (2.0, "mW"), Work.VAD_FRAMES: (0.3, "mJ per frame")})
    ledger = EnergyLedger()
    ledger.listen(60.0, wake_word=False)
    from_ledger = price(ledger, profile, 60.0)
    from_strings = price(ledger.snapshot(), profile, 60.0)
    assert from_ledger.energy_mwh == pytest.approx(from_strings.energy_mwh, rel=1e-6)
    expected_mj = 60 * 2.0 + 60 * VAD_FRAMES_PER_SECOND * 0.3
    assert from_ledger.energy_mwh == pytest.approx(expected_mj / 3600)


def test_listening_average_power_is_independent_of_duration():
    profile = _profile({Work.IDLE_S: (50.0, "mW"), Work.WAKE_WORD_S: (1.0, "mW")})
    short, long = EnergyLedger(), EnergyLedger()
    short.listen(10.0, wake_word=True)
    long.listen(36000.0, wake_word=True)
    a, b = price(short, profile, 10.0), price(long, profile, 36000.0)
    assert a.average_mw == pytest.approx(51.0) and b.average_mw == pytest.approx(51.0)
    assert a.projected_hours == pytest.approx(b.projected_hours) == pytest.approx(1000.0 / 51.0)
    assert b.battery_pct == pytest.approx(100.0 * 51.0 * 10 / 1000.0)  # 10 h at 51 mW of 1000 mWh


def test_zero_time_or_zero_energy_projects_infinite_hours():
    profile = _profile({Work.IDLE_S: (10.0, "mW")})
    nothing = price({}, profile, 0.0)
    assert nothing.energy_mwh == 0.0 and nothing.average_mw == 0.0
    assert math.isinf(nothing.projected_hours)
    assert nothing.to_dict()["projected_hours"] is None
    idle_free = price({Work.ASR_AUDIO_S: 5.0}, profile, 60.0)
    assert math.isinf(idle_free.projected_hours)


def test_to_dict_is_json_safe_and_keyed_by_work_value():
    import json

    profile = _profile({Work.IDLE_S: (10.0, "mW")})
    report = price({Work.IDLE_S: 3600.0}, profile, 3600.0)
    data = report.to_dict()
    json.dumps(data, allow_nan=False)
    assert data["by_component"]["idle_s"] == pytest.approx(10.0)
    assert data["energy_mwh"] == pytest.approx(10.0)
    assert data["projected_hours"] == pytest.approx(100.0)


def test_top_components_ranks_by_energy():
    profile = _profile(
        {Work.IDLE_S: (1.0, "mW"), Work.TTS_AUDIO_S: (400.0, "mJ per second"), Work.CAMERA_LOOKS: (1.0, "J per look")}
    )
    report = price({Work.IDLE_S: 100, Work.TTS_AUDIO_S: 10, Work.CAMERA_LOOKS: 1}, profile, 100)
    assert [work for work, _ in report.top_components(2)] == [Work.TTS_AUDIO_S, Work.CAMERA_LOOKS]


@pytest.mark.parametrize(
    "counts, seconds",
    [
        ({"warp_drive": 1.0}, 1.0),
        ({Work.IDLE_S: -1.0}, 1.0),
        ({Work.IDLE_S: float("nan")}, 1.0),
        ({}, -1.0),
        ({}, float("inf")),
    ],
)
def test_bad_input_is_rejected(counts, seconds):
    with pytest.raises(ValueError):
        price(counts, _profile(), seconds)


def test_price_never_reads_the_clock(monkeypatch):
    import time

    def boom(*_args, **_kwargs):
        raise AssertionError("price() read the wall clock")

    for name in ("time", "monotonic", "perf_counter", "time_ns", "monotonic_ns", "perf_counter_ns"):
        monkeypatch.setattr(time, name, boom)
    profile = _profile({Work.IDLE_S: (10.0, "mW")})
    report = price({Work.IDLE_S: 5.0}, profile, 5.0)
    assert isinstance(report, EnergyReport)


def test_report_is_frozen():
    report = price({}, _profile(), 1.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.energy_mwh = 1.0  # type: ignore[misc]
    with pytest.raises(TypeError):
        report.by_component[Work.IDLE_S] = 1.0  # type: ignore[index]


def test_under_a_second_and_under_a_milliwatt_still_price_as_power_and_hours():
    profile = _profile({Work.IDLE_S: (0.5, "mW")}, capacity_mwh=1.0)
    report = price({Work.IDLE_S: 0.5}, profile, 0.5)
    assert report.average_mw == pytest.approx(0.5)
    assert report.projected_hours == pytest.approx(2.0)


@pytest.mark.parametrize(
    "counts, seconds, says",
    [
        ({"warp_drive": 1.0}, 1.0, "unknown unit of work: 'warp_drive'"),
        ({Work.IDLE_S: -1.0}, 1.0, "idle_s: amount must be a finite number >= 0, got -1.0"),
        ({Work.IDLE_S: True}, 1.0, "idle_s: amount must be a finite number >= 0, got True"),  # a flag is no count
        ({}, -1.0, "virtual_seconds must be a finite number >= 0, got -1.0"),
    ],
)
def test_bad_input_is_refused_with_what_was_wrong(counts, seconds, says):
    with pytest.raises(ValueError) as info:
        price(counts, _profile(), seconds)
    assert str(info.value) == says
