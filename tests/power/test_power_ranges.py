"""Cost ranges in profiles: parsed with their reason, priced at both ends, bad ones refused clearly."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from glassterm.cli import main
from glassterm.errors import UserError
from glassterm.power import EnergyLedger, Spread, Work, hours_text, load_profile, parse_profile, price

SHIPPED = ["audio-glasses", "display-glasses"]
ROOT = Path(__file__).resolve().parents[2]


def _profile_text(**override: str) -> str:
    """A valid profile, no ranges; `override` replaces a [costs.<work>] body."""
    parts = ['name = "ranged"', 'description = "for tests"', "[battery]", "capacity_mwh = 1000", 'source = "test"']
    for work in Work:
        body = override.get(work.value, 'value = 1.0\nunit = "mJ per unit"\nsource = "test"')
        parts += ["", f"[costs.{work.value}]", body]
    return "\n".join(parts) + "\n"


def _busy_day() -> EnergyLedger:
    """An hour with some of every unit of work, so every cost's range shows in the total."""
    ledger = EnergyLedger()
    ledger.listen(3600.0, wake_word=True)
    for work, amount in {
        Work.ASR_AUDIO_S: 120.0,
        Work.LLM_PROMPT_TOKENS: 4000.0,
        Work.LLM_GENERATED_TOKENS: 400.0,
        Work.TTS_AUDIO_S: 60.0,
        Work.CARD_VOICE_S: 30.0,
        Work.CAMERA_LOOKS: 30.0,
        Work.VISION_PASSES: 30.0,
        Work.DISPLAY_ON_S: 600.0,
        Work.RADIO_BYTES: 100_000.0,
    }.items():
        ledger.charge(work, amount)
    return ledger


def test_a_range_is_read_in_the_costs_unit() -> None:
    body = 'value = 1.5\nlow = 0.5\nhigh = 3\nunit = "J per look"\nsource = "t"\nrange_reason = "spread of t"'
    cost = parse_profile(_profile_text(camera_looks=body), file="t.toml").costs[Work.CAMERA_LOOKS]
    assert (cost.mj_low, cost.mj_per_unit, cost.mj_high) == pytest.approx((500.0, 1500.0, 3000.0))
    assert (cost.low, cost.high, cost.range_reason) == (0.5, 3.0, "spread of t")


def test_a_profile_without_ranges_prices_its_values_at_both_ends() -> None:
    profile = parse_profile(_profile_text(), file="old.toml")
    report = price(_busy_day(), profile, 3600.0)
    for spread, central in (
        (report.energy_mwh_range, report.energy_mwh),
        (report.battery_pct_range, report.battery_pct),
        (report.projected_hours_range, report.projected_hours),
    ):
        assert spread.low == pytest.approx(central) and spread.high == pytest.approx(central)


def test_a_profile_without_vision_passes_loads_with_the_pass_inside_the_look() -> None:
    """Profiles written before the look was split still load, and price a look as they did."""
    text = _profile_text().replace('[costs.vision_passes]\nvalue = 1.0\nunit = "mJ per unit"\nsource = "test"\n', "")
    assert "vision_passes" not in text
    cost = parse_profile(text, file="old.toml").costs[Work.VISION_PASSES]
    assert cost.mj_per_unit == cost.mj_low == cost.mj_high == 0.0
    assert "camera_looks" in (cost.estimate_reason or "")


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_cost_has_a_range_and_its_reason(name: str) -> None:
    for work, cost in load_profile(name).costs.items():
        if cost.value == 0:
            continue  # nothing to spread: the device lacks the part (a display, a spoken card)
        assert cost.mj_low < cost.mj_per_unit < cost.mj_high, work
        assert cost.range_reason and len(cost.range_reason) > 20, work
        assert cost.source or cost.estimate_reason, work


@pytest.mark.parametrize("name", SHIPPED)
def test_the_look_is_two_costs_capture_and_vision(name: str) -> None:
    costs = load_profile(name).costs
    capture, vision = costs[Work.CAMERA_LOOKS], costs[Work.VISION_PASSES]
    assert capture.mj_per_unit > 0 and vision.mj_per_unit > 0
    assert "vision" in (vision.estimate_reason or "").lower()
    assert capture.estimate_reason != vision.estimate_reason


@pytest.mark.parametrize("name", SHIPPED)
def test_a_profile_with_ranges_prices_low_below_central_below_high(name: str) -> None:
    profile = load_profile(name)
    ledger = _busy_day()
    report = price(ledger, profile, 3600.0)
    by_hand = {
        end: sum(ledger.counts[w] * getattr(c, f"mj_{end}") for w, c in profile.costs.items()) / 3600.0
        for end in ("low", "high")
    }
    energy, battery, hours = report.energy_mwh_range, report.battery_pct_range, report.projected_hours_range
    assert energy.low == pytest.approx(by_hand["low"]) and energy.high == pytest.approx(by_hand["high"])
    assert (energy.central, battery.central, hours.central) == (
        report.energy_mwh,
        report.battery_pct,
        report.projected_hours,
    )
    assert energy.low < energy.central < energy.high
    assert battery.low < battery.central < battery.high
    assert hours.low < hours.central < hours.high
    # The short end of battery life is the one where every cost is at its high end.
    assert hours.low == pytest.approx(profile.battery_mwh / energy.high)
    assert report.to_dict()["projected_hours_range"] == [round(hours.low, 2), round(hours.high, 2)]


def test_hours_text_reads_like_the_hud() -> None:
    assert hours_text(Spread(9.8, 11.9, 12.8)) == "11.9 h, 9.8-12.8"
    assert hours_text(Spread(math.inf, math.inf, math.inf)) == "∞"
    assert hours_text(Spread(20.0, 40.0, math.inf)) == "40.0 h, 20.0-∞"


@pytest.mark.parametrize(
    "body, key, says",
    [
        ('value = 5\nlow = 8\nhigh = 2\nunit = "mW"\nsource = "t"\nrange_reason = "r"', "low", "above high"),
        ('value = 9\nlow = 1\nhigh = 5\nunit = "mW"\nsource = "t"\nrange_reason = "r"', "value", "outside its range"),
        ('value = 5\nlow = "one"\nhigh = 9\nunit = "mW"\nsource = "t"\nrange_reason = "r"', "low", "must be a number"),
        ('value = 5\nlow = 1\nhigh = nan\nunit = "mW"\nsource = "t"\nrange_reason = "r"', "high", "must be a number"),
        ('value = 5\nlow = -1\nhigh = 9\nunit = "mW"\nsource = "t"\nrange_reason = "r"', "low", "0 or more"),
        ('value = 5\nlow = 1\nunit = "mW"\nsource = "t"\nrange_reason = "r"', "low", "high is missing"),
        ('value = 5\nhigh = 9\nunit = "mW"\nsource = "t"\nrange_reason = "r"', "high", "low is missing"),
        ('value = 5\nlow = 1\nhigh = 9\nunit = "mW"\nsource = "t"\nrange_reason = 7', "range_reason", "must be"),
        ('value = 5\nlow = 1\nhigh = 9\nunit = "mW"\nsource = "t"', "range_reason", "range_reason"),
        ('value = 5\nunit = "mW"\nsource = "t"\nrange_reason = "r"', "range_reason", "without low and high"),
    ],
)
def test_a_bad_range_names_the_file_line_and_key(body: str, key: str, says: str) -> None:
    text = _profile_text(idle_s=body)
    with pytest.raises(UserError) as info:
        parse_profile(text, file="mine.toml")
    error = info.value
    assert error.key == f"costs.idle_s.{key}"
    lines = text.splitlines()
    table = lines.index("[costs.idle_s]")
    expected = next(
        (n for n, line in enumerate(lines[table:], start=table + 1) if line.startswith(f"{key} =")), table + 1
    )
    assert error.line == expected
    assert str(error).startswith(f"mine.toml:{expected}: costs.idle_s.{key}: ") and says in str(error)


def test_play_with_a_bad_range_exits_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        _profile_text(idle_s='value = 5\nlow = 8\nhigh = 2\nunit = "mW"\nsource = "t"\nrange_reason = "r"'), "utf-8"
    )
    code = main(
        ["play", str(ROOT / "tests/hud/fixtures/commute.yaml"), "--headless", "--llm", "none", "--device", str(bad)]
    )
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and f"{bad}:" in err and "costs.idle_s.low" in err and "Traceback" not in err


def test_a_reason_without_a_range_says_exactly_what_to_do() -> None:
    body = 'value = 5\nunit = "mW"\nsource = "t"\nrange_reason = "r"'
    with pytest.raises(UserError) as info:
        parse_profile(_profile_text(idle_s=body), file="mine.toml")
    assert str(info.value).endswith(": range_reason without low and high: give the range it explains")


@pytest.mark.parametrize(("value", "low", "high"), [(5, 5, 5), (5, 5, 9), (9, 5, 9)])
def test_a_range_may_meet_its_value_at_either_end(value: float, low: float, high: float) -> None:
    body = f'value = {value}\nlow = {low}\nhigh = {high}\nunit = "mW"\nsource = "t"\nrange_reason = "r"'
    cost = parse_profile(_profile_text(idle_s=body + '\nnote = " measured once "'), file="mine.toml").costs[Work.IDLE_S]
    assert (cost.low, cost.value, cost.high, cost.note) == (low, value, high, "measured once")


def test_a_cost_that_is_not_a_table_says_what_a_cost_needs() -> None:
    default = '[costs.idle_s]\nvalue = 1.0\nunit = "mJ per unit"\nsource = "test"'
    text = _profile_text()
    assert default in text
    with pytest.raises(UserError) as info:
        parse_profile(text.replace(default, "[costs]\nidle_s = 5"), file="mine.toml")
    assert (info.value.key, info.value.reason) == (
        "costs.idle_s",
        "must be a table with value, unit and source or estimate_reason",
    )


@pytest.mark.parametrize(
    "work, body, reason",
    [
        (
            "idle_s",
            'value = 5\nunit = "furlongs"\nsource = "t"',
            (
                "unit 'furlongs' not understood: use an energy unit (J, mJ, µJ, nJ) followed by 'per <thing>'"
                " or a power unit (W, mW, µW)"
            ),
        ),
        (
            "camera_looks",
            'value = 5\nunit = "mW"\nsource = "t"',  # a power is no cost of one look
            "unit 'mW' not understood: use an energy unit (J, mJ, µJ, nJ) followed by 'per <thing>'",
        ),
        (
            "idle_s",
            'value = 5\nunit = "mW"\nsource = "t"\ncolour = "red"',
            "unknown key (expected one of: estimate_reason, high, low, note, range_reason, source, unit, value)",
        ),
    ],
)
def test_a_bad_cost_table_says_exactly_what_is_wrong(work: str, body: str, reason: str) -> None:
    with pytest.raises(UserError) as info:
        parse_profile(_profile_text(**{work: body}), file="mine.toml")
    assert info.value.reason == reason
