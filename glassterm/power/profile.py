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
    low = 4.9                     # optional range, with its range_reason (see glassterm/power/cost.py)
    high = 26.0
    unit = "mJ per token"
    source = "..."                # and/or estimate_reason = "..."

Package profiles are found by name with importlib.resources; a path to a user file
overrides them. Nothing here reads a clock.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from glassterm.errors import UserError, parse_toml
from glassterm.power.cost import Cost, parse_cost
from glassterm.power.fields import Locator, number, optional_str, provenance, required_str
from glassterm.power.ledger import Work

DEFAULT_PROFILE = "display-glasses"
_PROFILE_SUFFIX = ".toml"

_TOP_KEYS = {"name", "description", "battery", "costs"}
_BATTERY_KEYS = {"capacity_wh", "capacity_mwh", "capacity_mah", "volts", "source", "estimate_reason", "note"}


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

    where = Locator(text, file)
    for key in data:
        if key not in _TOP_KEYS:
            raise where.error(f"unknown key (expected one of: {', '.join(sorted(_TOP_KEYS))})", key=key)

    name = required_str(data, "name", where)
    description = required_str(data, "description", where)
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
        if work is Work.VISION_PASSES and work.value not in raw_costs:
            costs[work] = _vision_priced_with_the_look()
            continue
        if work is Work.ENCODER_PASSES and work.value not in raw_costs:
            costs[work] = _encoder_at_the_shipped_estimate()
            continue
        if work.value not in raw_costs:
            raise where.error(
                "missing cost table: every unit of work needs a figure (use value = 0 with an estimate_reason if the device lacks it)",
                key=f"costs.{work.value}",
            )
        costs[work] = parse_cost(work, raw_costs[work.value], where)

    return DeviceProfile(name=name, description=description, battery=battery, costs=costs, path=file)


# --- helpers -------------------------------------------------------------------------------


def _vision_priced_with_the_look() -> Cost:
    """Profiles written before the look was split priced the vision pass inside camera_looks:
    a pass then costs nothing more, so their totals stay what they were."""
    return Cost(
        work=Work.VISION_PASSES,
        mj_per_unit=0.0,
        mj_low=0.0,
        mj_high=0.0,
        value=0.0,
        unit="mJ per pass",
        estimate_reason="not in this profile: its camera_looks figure is taken to include the vision pass",
    )


def _encoder_at_the_shipped_estimate() -> Cost:
    """Profiles written before tier 1 existed do not price it: the shipped profile's figure
    does (read from it, so the two never disagree), and the proactive mode's extra work is
    never free."""
    shipped = load_profile(DEFAULT_PROFILE).costs[Work.ENCODER_PASSES]
    reason = f"not in this profile: the shipped {DEFAULT_PROFILE} profile's estimate"
    return dataclasses.replace(shipped, estimate_reason=reason, source=None)


def _parse_battery(table: object, where: Locator) -> Battery:
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
        mwh = number(table, "capacity_wh", where, prefix=prefix, positive=True) * 1000.0
    elif given[0] == "capacity_mwh":
        mwh = number(table, "capacity_mwh", where, prefix=prefix, positive=True)
    else:
        mah = number(table, "capacity_mah", where, prefix=prefix, positive=True)
        if "volts" not in table:
            raise where.error("capacity_mah needs volts (nominal cell voltage, e.g. 3.85)", key=prefix + "volts")
        volts = number(table, "volts", where, prefix=prefix, positive=True)
        mwh = mah * volts
    if "volts" in table and volts is None:
        raise where.error("volts only goes with capacity_mah", key=prefix + "volts")
    source, reason = provenance(table, where, prefix=prefix)
    note = optional_str(table, "note", where, prefix=prefix)
    return Battery(capacity_mwh=mwh, source=source, estimate_reason=reason, capacity_mah=mah, volts=volts, note=note)
