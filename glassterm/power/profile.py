"""Device profiles: per-unit energy costs and battery capacity, loaded from TOML.

A profile is data, not code. Every figure carries a `source` (a public page or paper) or an
`estimate_reason` (why the number is what it is when nothing public measures it); the
loader refuses a figure with neither, so a guess can never pass for a measurement.

Profile layout (see glassterm/power/profiles/*.toml)::

    name = "display-glasses"
    description = "..."

    [battery]
    capacity_wh = 0.96            # or capacity_mwh, or capacity_mah + volts
    source = "..."                # or estimate_reason (both allowed)

    [costs.llm_generated_tokens]  # one table per glassterm.power.ledger.Work value
    value = 10.0
    unit = "mJ per token"         # J/mJ/uJ/µJ/nJ "per <thing>"; W/mW/uW/µW for *_s units
    source = "..."                # and/or estimate_reason = "..."
    note = "..."                  # optional free text

Package profiles are found by name with importlib.resources; a path to a user file
overrides them. Nothing here reads a clock.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from glassterm.errors import UserError, parse_toml
from glassterm.power.ledger import Work

DEFAULT_PROFILE = "display-glasses"
_PROFILE_SUFFIX = ".toml"

_TOP_KEYS = {"name", "description", "battery", "costs"}
_BATTERY_KEYS = {"capacity_wh", "capacity_mwh", "capacity_mah", "volts", "source", "estimate_reason", "note"}
_COST_KEYS = {"value", "unit", "source", "estimate_reason", "note"}

# Energy units, in millijoules; power units, in milliwatts (= mJ per second).
_ENERGY_UNITS = {"J": 1000.0, "mJ": 1.0, "uJ": 1e-3, "µJ": 1e-3, "μJ": 1e-3, "nJ": 1e-6}
_POWER_UNITS = {"W": 1000.0, "mW": 1.0, "uW": 1e-3, "µW": 1e-3, "μW": 1e-3, "nW": 1e-6}
_ENERGY_UNIT_RE = re.compile(r"^\s*(?P<prefix>[a-zA-Zµμ]+)\s+per\s+(?P<per>\S.*?)\s*$")


@dataclass(frozen=True)
class Cost:
    """Energy of one unit of work, normalised to millijoules, with where the figure comes from."""

    work: Work
    mj_per_unit: float
    value: float  # as written in the profile
    unit: str  # as written in the profile, e.g. "mJ per token"
    source: str | None = None
    estimate_reason: str | None = None
    note: str | None = None

    @property
    def is_estimate(self) -> bool:
        return self.estimate_reason is not None


@dataclass(frozen=True)
class Battery:
    capacity_mwh: float
    source: str | None = None
    estimate_reason: str | None = None
    capacity_mah: float | None = None
    volts: float | None = None
    note: str | None = None


@dataclass(frozen=True)
class DeviceProfile:
    """A device class: battery capacity and the energy of each unit of work."""

    name: str
    description: str
    battery: Battery
    costs: Mapping[Work, Cost] = field(default_factory=dict)
    path: str | None = None  # file it was loaded from (package resource or user file)

    def __post_init__(self) -> None:
        object.__setattr__(self, "costs", MappingProxyType(dict(self.costs)))

    @property
    def battery_mwh(self) -> float:
        return self.battery.capacity_mwh

    def mj_per_unit(self, work: Work) -> float:
        return self.costs[work].mj_per_unit


def list_profiles() -> list[str]:
    """Names of the profiles shipped in the package."""
    folder = resources.files("glassterm.power").joinpath("profiles")
    names = [
        entry.name[: -len(_PROFILE_SUFFIX)]
        for entry in folder.iterdir()
        if entry.name.endswith(_PROFILE_SUFFIX) and entry.is_file()
    ]
    return sorted(names)


def load_profile(name_or_path: str | Path | None = None) -> DeviceProfile:
    """Load a shipped profile by name (default "display-glasses") or a user's TOML file by path.

    A path (an existing file, or anything with a directory separator or a .toml suffix) wins
    over a shipped name. Bad input raises UserError naming the file, line (when known) and key.
    """
    if name_or_path is None or str(name_or_path).strip() == "":
        name_or_path = DEFAULT_PROFILE
    text_arg = str(name_or_path)
    candidate = Path(text_arg).expanduser()
    looks_like_path = (
        isinstance(name_or_path, Path)
        or candidate.is_file()
        or "/" in text_arg
        or "\\" in text_arg
        or text_arg.endswith(_PROFILE_SUFFIX)
    )
    if looks_like_path:
        if not candidate.is_file():
            raise UserError(
                "device profile file not found",
                file=candidate,
                fix="give a TOML file or a profile name: " + ", ".join(list_profiles()),
            )
        try:
            text = candidate.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"cannot read device profile: {exc}", file=candidate) from exc
        return parse_profile(text, file=str(candidate))

    resource = resources.files("glassterm.power").joinpath("profiles", text_arg + _PROFILE_SUFFIX)
    if not resource.is_file():
        raise UserError(
            f"unknown device profile {text_arg!r}",
            key="profile",
            fix="choose one of: " + ", ".join(list_profiles()) + ", or give a path to a .toml file",
        )
    return parse_profile(resource.read_text(encoding="utf-8"), file=str(resource))


def parse_profile(text: str, *, file: str = "<profile>") -> DeviceProfile:
    """Parse and validate profile TOML text. `file` is only used in error messages."""
    data = parse_toml(text, file)

    where = _Locator(text, file)
    for key in data:
        if key not in _TOP_KEYS:
            raise where.error(f"unknown key (expected one of: {', '.join(sorted(_TOP_KEYS))})", key=key)

    name = _required_str(data, "name", where)
    description = _required_str(data, "description", where)
    battery = _parse_battery(data.get("battery"), where)

    raw_costs = data.get("costs")
    if not isinstance(raw_costs, dict):
        raise where.error("missing [costs.<work>] tables", key="costs")
    known = {work.value for work in Work}
    for key in raw_costs:
        if key not in known:
            raise where.error(
                f"unknown unit of work (expected one of: {', '.join(w.value for w in Work)})", key=f"costs.{key}"
            )
    costs: dict[Work, Cost] = {}
    for work in Work:
        if work.value not in raw_costs:
            raise where.error(
                "missing cost table: every unit of work needs a figure (use value = 0 with an estimate_reason if the device lacks it)",
                key=f"costs.{work.value}",
            )
        costs[work] = _parse_cost(work, raw_costs[work.value], where)

    return DeviceProfile(name=name, description=description, battery=battery, costs=costs, path=file)


# --- helpers -------------------------------------------------------------------------------


class _Locator:
    """Finds the line of a key in the TOML text, for error messages (tomllib keeps no positions)."""

    def __init__(self, text: str, file: str) -> None:
        self.lines = text.splitlines()
        self.file = file

    def line_of(self, dotted_key: str) -> int | None:
        parts = dotted_key.split(".")
        # A table header names the key directly: [costs.asr_audio_s] or [battery].
        header = re.compile(r"^\s*\[\s*" + r"\s*\.\s*".join(re.escape(p) for p in parts) + r"\s*\]")
        for number, line in enumerate(self.lines, start=1):
            if header.match(line):
                return number
        # Otherwise look for `last = ...` under the table of the prefix (or at top level).
        table_line = 0
        if len(parts) > 1:
            table_line = self.line_of(".".join(parts[:-1])) or 0
        assign = re.compile(r"^\s*" + re.escape(parts[-1]) + r"\s*=")
        for number, line in enumerate(self.lines[table_line:], start=table_line + 1):
            if number > table_line + 1 and table_line and re.match(r"^\s*\[", line):
                break
            if assign.match(line):
                return number
        # Dotted keys written inline, e.g. costs.asr_audio_s.value = 1
        inline = re.compile(r"^\s*" + r"\s*\.\s*".join(re.escape(p) for p in parts) + r"\s*[.=]")
        for number, line in enumerate(self.lines, start=1):
            if inline.match(line):
                return number
        return table_line or None

    def error(self, message: str, *, key: str) -> UserError:
        return UserError(message, file=self.file, line=self.line_of(key), key=key)


def _required_str(table: dict, key: str, where: _Locator, *, prefix: str = "") -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise where.error("must be a non-empty string", key=prefix + key)
    return value.strip()


def _optional_str(table: dict, key: str, where: _Locator, *, prefix: str) -> str | None:
    if key not in table:
        return None
    value = table[key]
    if not isinstance(value, str) or not value.strip():
        raise where.error("must be a non-empty string", key=prefix + key)
    return value.strip()


def _number(table: dict, key: str, where: _Locator, *, prefix: str, positive: bool = False) -> float:
    value = table.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise where.error("must be a number", key=prefix + key)
    if value < 0 or (positive and value == 0):
        raise where.error("must be " + ("greater than 0" if positive else "0 or more"), key=prefix + key)
    return float(value)


def _provenance(table: dict, where: _Locator, *, prefix: str) -> tuple[str | None, str | None]:
    source = _optional_str(table, "source", where, prefix=prefix)
    reason = _optional_str(table, "estimate_reason", where, prefix=prefix)
    if source is None and reason is None:
        raise where.error(
            "figure has neither a `source` nor an `estimate_reason`; say where the number comes from or why it is estimated",
            key=prefix.rstrip("."),
        )
    return source, reason


def _parse_battery(table: object, where: _Locator) -> Battery:
    if not isinstance(table, dict):
        raise where.error("missing [battery] table", key="battery")
    prefix = "battery."
    for key in table:
        if key not in _BATTERY_KEYS:
            raise where.error(f"unknown key (expected one of: {', '.join(sorted(_BATTERY_KEYS))})", key=prefix + key)
    given = [key for key in ("capacity_wh", "capacity_mwh", "capacity_mah") if key in table]
    if len(given) != 1:
        raise where.error("give exactly one of capacity_wh, capacity_mwh, or capacity_mah with volts", key="battery")
    mah = volts = None
    if given[0] == "capacity_wh":
        mwh = _number(table, "capacity_wh", where, prefix=prefix, positive=True) * 1000.0
    elif given[0] == "capacity_mwh":
        mwh = _number(table, "capacity_mwh", where, prefix=prefix, positive=True)
    else:
        mah = _number(table, "capacity_mah", where, prefix=prefix, positive=True)
        if "volts" not in table:
            raise where.error("capacity_mah needs volts (nominal cell voltage, e.g. 3.85)", key=prefix + "volts")
        volts = _number(table, "volts", where, prefix=prefix, positive=True)
        mwh = mah * volts
    if "volts" in table and volts is None:
        raise where.error("volts only goes with capacity_mah", key=prefix + "volts")
    source, reason = _provenance(table, where, prefix=prefix)
    note = _optional_str(table, "note", where, prefix=prefix)
    return Battery(capacity_mwh=mwh, source=source, estimate_reason=reason, capacity_mah=mah, volts=volts, note=note)


def _parse_cost(work: Work, table: object, where: _Locator) -> Cost:
    prefix = f"costs.{work.value}."
    if not isinstance(table, dict):
        raise where.error("must be a table with value, unit and source or estimate_reason", key=prefix.rstrip("."))
    for key in table:
        if key not in _COST_KEYS:
            raise where.error(f"unknown key (expected one of: {', '.join(sorted(_COST_KEYS))})", key=prefix + key)
    value = _number(table, "value", where, prefix=prefix)
    unit = _required_str(table, "unit", where, prefix=prefix)
    factor = _unit_factor(work, unit)
    if factor is None:
        per_second = " or a power unit (W, mW, µW)" if work.value.endswith("_s") else ""
        raise where.error(
            f"unit {unit!r} not understood: use an energy unit (J, mJ, µJ, nJ) followed by 'per <thing>'{per_second}",
            key=prefix + "unit",
        )
    source, reason = _provenance(table, where, prefix=prefix)
    note = _optional_str(table, "note", where, prefix=prefix)
    return Cost(
        work=work,
        mj_per_unit=value * factor,
        value=value,
        unit=unit,
        source=source,
        estimate_reason=reason,
        note=note,
    )


def _unit_factor(work: Work, unit: str) -> float | None:
    """Millijoules per unit of work for one `unit` written in the profile, or None if unknown."""
    stripped = unit.strip()
    if stripped in _POWER_UNITS:
        # A power is an energy per second: only meaningful for per-second work.
        return _POWER_UNITS[stripped] if work.value.endswith("_s") else None
    match = _ENERGY_UNIT_RE.match(stripped)
    if match and match.group("prefix") in _ENERGY_UNITS:
        return _ENERGY_UNITS[match.group("prefix")]
    return None
