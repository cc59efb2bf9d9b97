"""Device profiles: the shipped ones load and are fully sourced; bad files fail clearly."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pytest

from glassterm.errors import UserError
from glassterm.power import (
    DEFAULT_PROFILE,
    EnergyLedger,
    Work,
    always_on_mw,
    list_profiles,
    load_profile,
    parse_profile,
    price,
)

SHIPPED = ["audio-glasses", "display-glasses"]


def _valid_text(**override: str) -> str:
    """A minimal valid profile; `override` replaces a [costs.<work>] body."""
    parts = [
        'name = "test-glasses"',
        'description = "for tests"',
        "",
        "[battery]",
        "capacity_mah = 100",
        "volts = 4.0",
        'source = "made up for the test"',
    ]
    for work in Work:
        body = override.get(work.value, 'value = 1.0\nunit = "mJ per unit"\nsource = "test"')
        parts += ["", f"[costs.{work.value}]", body]
    return "\n".join(parts) + "\n"


def _write(tmp_path: Path, text: str, name: str = "mine.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_profiles_are_listed():
    assert set(SHIPPED) <= set(list_profiles())


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_profile_loads_with_every_work_unit(name):
    profile = load_profile(name)
    assert profile.name == name
    assert set(profile.costs) == set(Work)
    assert profile.battery_mwh > 0
    assert profile.description


def test_default_profile_is_display_glasses():
    assert DEFAULT_PROFILE == "display-glasses"
    assert load_profile(None).name == "display-glasses"
    assert load_profile("").name == "display-glasses"


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_figure_has_source_or_estimate_reason(name):
    profile = load_profile(name)
    assert profile.battery.source or profile.battery.estimate_reason
    for work, cost in profile.costs.items():
        assert (cost.source or "").strip() or (cost.estimate_reason or "").strip(), work
        assert cost.unit.strip(), work
        assert cost.mj_per_unit >= 0, work


@pytest.mark.parametrize("name", SHIPPED)
def test_llm_costs_say_they_were_scaled_by_parameter_count(name):
    cost = load_profile(name).costs[Work.LLM_GENERATED_TOKENS]
    text = f"{cost.source} {cost.estimate_reason}".lower()
    assert "parameter count" in text and "smollm2-135m" in text


def test_audio_glasses_have_no_display_cost_and_say_why():
    cost = load_profile("audio-glasses").costs[Work.DISPLAY_ON_S]
    assert cost.mj_per_unit == 0
    assert "display" in (cost.estimate_reason or "").lower()


def test_display_glasses_battery_is_the_teardown_figure():
    assert load_profile("display-glasses").battery_mwh == pytest.approx(960.0)


def test_audio_glasses_battery_from_mah_and_volts():
    battery = load_profile("audio-glasses").battery
    assert battery.capacity_mah == 280 and battery.volts == pytest.approx(3.85)
    assert battery.capacity_mwh == pytest.approx(1078.0)


@pytest.mark.parametrize("name", SHIPPED)
@pytest.mark.parametrize("wake_word", [True, False])
def test_pure_always_on_listening_projects_4_to_30_hours(name, wake_word):
    profile = load_profile(name)
    seconds = 3600.0
    ledger = EnergyLedger()
    ledger.listen(seconds, wake_word=wake_word)
    report = price(ledger, profile, seconds)
    assert 4.0 <= report.projected_hours <= 30.0, report
    assert report.average_mw == pytest.approx(always_on_mw(profile, wake_word=wake_word))


def test_a_user_file_path_overrides_the_package(tmp_path):
    path = _write(tmp_path, _valid_text(), name="display-glasses.toml")
    profile = load_profile(str(path))
    assert profile.name == "test-glasses"
    assert profile.path == str(path)
    assert profile.battery_mwh == pytest.approx(400.0)
    assert load_profile(path).name == "test-glasses"  # a Path object works too


def test_units_are_normalised_to_millijoules(tmp_path):
    text = _valid_text(
        idle_s='value = 0.05\nunit = "W"\nsource = "t"',
        radio_bytes='value = 4.6\nunit = "µJ per byte"\nsource = "t"',
        camera_looks='value = 1.5\nunit = "J per look"\nsource = "t"',
        mic_on_s='value = 800\nunit = "uW"\nsource = "t"',
    )
    profile = parse_profile(text, file="t.toml")
    assert profile.mj_per_unit(Work.IDLE_S) == pytest.approx(50.0)
    assert profile.mj_per_unit(Work.RADIO_BYTES) == pytest.approx(0.0046)
    assert profile.mj_per_unit(Work.CAMERA_LOOKS) == pytest.approx(1500.0)
    assert profile.mj_per_unit(Work.MIC_ON_S) == pytest.approx(0.8)


def test_profile_is_frozen():
    profile = load_profile("display-glasses")
    with pytest.raises(dataclasses.FrozenInstanceError):
        profile.name = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        profile.costs[Work.IDLE_S] = None  # type: ignore[index]


# --- rejections ----------------------------------------------------------------------------


def test_rejects_a_figure_without_source_or_estimate_reason(tmp_path):
    text = _valid_text(asr_audio_s='value = 150.0\nunit = "mJ per second"')
    path = _write(tmp_path, text)
    with pytest.raises(UserError) as info:
        load_profile(str(path))
    err = info.value
    message = str(err)
    assert str(path) in message
    assert "costs.asr_audio_s" in message
    assert "source" in message and "estimate_reason" in message
    assert err.key == "costs.asr_audio_s"
    expected_line = text.splitlines().index("[costs.asr_audio_s]") + 1
    assert err.line == expected_line
    assert f":{expected_line}:" in message


def test_rejects_an_empty_estimate_reason(tmp_path):
    text = _valid_text(tts_audio_s='value = 1\nunit = "mJ per second"\nestimate_reason = "  "')
    with pytest.raises(UserError, match="costs.tts_audio_s.estimate_reason"):
        load_profile(str(_write(tmp_path, text)))


def test_rejects_battery_without_source(tmp_path):
    text = _valid_text().replace('source = "made up for the test"\n', "")
    with pytest.raises(UserError) as info:
        load_profile(str(_write(tmp_path, text)))
    assert info.value.key == "battery"
    assert info.value.line == 4


def test_rejects_unknown_work_key(tmp_path):
    text = _valid_text() + '\n[costs.jetpack_s]\nvalue = 1\nunit = "mW"\nsource = "t"\n'
    path = _write(tmp_path, text)
    with pytest.raises(UserError) as info:
        load_profile(str(path))
    assert info.value.key == "costs.jetpack_s"
    assert "unknown unit of work" in str(info.value)
    assert info.value.line == text.splitlines().index("[costs.jetpack_s]") + 1
    assert str(path) in str(info.value)


def test_rejects_unknown_key_inside_a_cost_table(tmp_path):
    text = _valid_text(vad_frames='value = 0.3\nunit = "mJ per frame"\nsorce = "typo"\nsource = "t"')
    with pytest.raises(UserError) as info:
        parse_profile(text, file="typo.toml")
    assert info.value.key == "costs.vad_frames.sorce"
    assert info.value.line == text.splitlines().index('sorce = "typo"') + 1


def test_rejects_unknown_top_level_key():
    text = 'colour = "red"\n' + _valid_text()
    with pytest.raises(UserError) as info:
        parse_profile(text, file="x.toml")
    assert info.value.key == "colour" and info.value.line == 1


def test_rejects_a_missing_work_unit():
    text = _valid_text().replace("[costs.radio_bytes]", "[costs_removed]")
    text = text.split("[costs_removed]")[0]
    with pytest.raises(UserError, match="costs.radio_bytes"):
        parse_profile(text, file="x.toml")


def test_rejects_bad_toml_with_line_number(tmp_path):
    text = _valid_text().replace("capacity_mah = 100", "capacity_mah = = 100")
    path = _write(tmp_path, text)
    with pytest.raises(UserError) as info:
        load_profile(str(path))
    assert info.value.line == 5
    assert f"{path}:5:" in str(info.value)
    assert "not valid TOML" in str(info.value)


@pytest.mark.parametrize(
    "body, key",
    [
        ('value = -1\nunit = "mW"\nsource = "t"', "costs.idle_s.value"),
        ('value = "ten"\nunit = "mW"\nsource = "t"', "costs.idle_s.value"),
        ('value = true\nunit = "mW"\nsource = "t"', "costs.idle_s.value"),
        ('value = nan\nunit = "mW"\nsource = "t"', "costs.idle_s.value"),
        ('value = 1\nunit = "furlongs"\nsource = "t"', "costs.idle_s.unit"),
        ('value = 1\nsource = "t"', "costs.idle_s.unit"),
    ],
)
def test_rejects_bad_values_and_units(body, key):
    with pytest.raises(UserError) as info:
        parse_profile(_valid_text(idle_s=body), file="x.toml")
    assert info.value.key == key


def test_power_unit_only_for_per_second_work():
    text = _valid_text(llm_generated_tokens='value = 10\nunit = "mW"\nsource = "t"')
    with pytest.raises(UserError, match="costs.llm_generated_tokens.unit"):
        parse_profile(text, file="x.toml")


def test_rejects_ambiguous_battery_capacity():
    text = _valid_text().replace("capacity_mah = 100", "capacity_mah = 100\ncapacity_wh = 1.0")
    with pytest.raises(UserError, match="battery"):
        parse_profile(text, file="x.toml")


def test_rejects_mah_without_volts():
    text = _valid_text().replace("volts = 4.0\n", "")
    with pytest.raises(UserError, match="battery.volts"):
        parse_profile(text, file="x.toml")


def test_unknown_profile_name_lists_the_choices():
    with pytest.raises(UserError) as info:
        load_profile("hologram-contacts")
    assert "display-glasses" in str(info.value) and "audio-glasses" in str(info.value)


def test_missing_file_is_a_user_error(tmp_path):
    with pytest.raises(UserError) as info:
        load_profile(str(tmp_path / "nope.toml"))
    assert "nope.toml" in str(info.value)


def test_power_package_does_not_import_textual():
    import subprocess
    import sys

    code = "import sys, glassterm.power; assert 'textual' not in sys.modules, 'textual imported'"
    result = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", SHIPPED)
def test_projected_hours_are_the_battery_over_the_average_power(name):
    """An hour of listening plus 30 looks: the projection is capacity / average draw, finite and in hours."""
    profile = load_profile(name)
    ledger = EnergyLedger()
    ledger.listen(3600.0, wake_word=True)
    ledger.charge(Work.CAMERA_LOOKS, 30)
    ledger.charge(Work.VISION_PASSES, 30)
    report = price(ledger, profile, 3600.0)
    looks_mw = 30 * (profile.mj_per_unit(Work.CAMERA_LOOKS) + profile.mj_per_unit(Work.VISION_PASSES)) / 3600.0
    average_mw = always_on_mw(profile, wake_word=True) + looks_mw
    assert math.isfinite(report.projected_hours)
    assert report.projected_hours == pytest.approx(profile.battery_mwh / average_mw)


def test_a_profile_from_before_tier_1_prices_the_encoder_at_the_shipped_figure() -> None:
    text = _valid_text()
    start = text.index("[costs.encoder_passes]")
    older = text[:start] + text[start:].split("\n\n", 1)[1]  # the table dropped, as older profiles lack it
    assert "encoder_passes" not in older
    cost = parse_profile(older).costs[Work.ENCODER_PASSES]
    shipped = load_profile(DEFAULT_PROFILE).costs[Work.ENCODER_PASSES]
    assert (
        (cost.mj_per_unit, cost.mj_low, cost.mj_high)
        == (shipped.mj_per_unit, shipped.mj_low, shipped.mj_high)
        != (0, 0, 0)
    )
    assert cost.estimate_reason and "not in this profile" in cost.estimate_reason
