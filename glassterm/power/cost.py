"""One per-unit energy cost of a device profile: its central value, its range, and where they come from.

A cost table in a profile::

    [costs.llm_generated_tokens]
    value = 10.0
    low = 4.9                     # optional, with high: the plausible range around value
    high = 26.0
    unit = "mJ per token"         # J/mJ/uJ/µJ/nJ "per <thing>"; W/mW/uW/µW for *_s units
    source = "..."                # and/or estimate_reason = "..."
    range_reason = "..."          # required with low and high: the spread of the sources, or why so wide
    note = "..."                  # optional free text

A cost without `low` and `high` has no spread: the value is both ends, so older profiles load.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from glassterm.power.fields import Locator, number, optional_str, provenance, required_str
from glassterm.power.ledger import Work

COST_KEYS = {"value", "low", "high", "unit", "source", "estimate_reason", "range_reason", "note"}

# Energy units, in millijoules; power units, in milliwatts (= mJ per second).
_ENERGY_UNITS = {"J": 1000.0, "mJ": 1.0, "uJ": 1e-3, "µJ": 1e-3, "μJ": 1e-3, "nJ": 1e-6}
_POWER_UNITS = {"W": 1000.0, "mW": 1.0, "uW": 1e-3, "µW": 1e-3, "μW": 1e-3, "nW": 1e-6}
_ENERGY_UNIT_RE = re.compile(r"^\s*(?P<prefix>[a-zA-Zµμ]+)\s+per\s+(?P<per>\S.*?)\s*$")


@dataclass(frozen=True)
class Cost:
    """Energy of one unit of work, normalised to millijoules, with its range and where the figures come from."""

    work: Work
    mj_per_unit: float  # central
    mj_low: float  # the range's ends; both equal mj_per_unit when the profile gives no range
    mj_high: float
    value: float  # as written in the profile
    unit: str  # as written in the profile, e.g. "mJ per token"
    source: str | None = None
    estimate_reason: str | None = None
    note: str | None = None
    low: float | None = None  # as written; None: the value is both ends
    high: float | None = None
    range_reason: str | None = None

    @property
    def is_estimate(self) -> bool:
        return self.estimate_reason is not None

    @property
    def has_range(self) -> bool:
        return self.mj_low < self.mj_high


def parse_cost(work: Work, table: object, where: Locator) -> Cost:
    prefix = f"costs.{work.value}."
    if not isinstance(table, dict):
        raise where.error("must be a table with value, unit and source or estimate_reason", key=prefix.rstrip("."))
    for key in table:
        if key not in COST_KEYS:
            raise where.error(f"unknown key (expected one of: {', '.join(sorted(COST_KEYS))})", key=prefix + key)
    value = number(table, "value", where, prefix=prefix)
    unit = required_str(table, "unit", where, prefix=prefix)
    factor = _unit_factor(work, unit)
    if factor is None:
        per_second = " or a power unit (W, mW, µW)" if work.value.endswith("_s") else ""
        raise where.error(
            f"unit {unit!r} not understood: use an energy unit (J, mJ, µJ, nJ) followed by 'per <thing>'{per_second}",
            key=prefix + "unit",
        )
    source, reason = provenance(table, where, prefix=prefix)
    low, high, range_reason = _parse_range(table, value, where, prefix=prefix)
    return Cost(
        work=work,
        mj_per_unit=value * factor,
        mj_low=(value if low is None else low) * factor,
        mj_high=(value if high is None else high) * factor,
        value=value,
        unit=unit,
        source=source,
        estimate_reason=reason,
        note=optional_str(table, "note", where, prefix=prefix),
        low=low,
        high=high,
        range_reason=range_reason,
    )


def _parse_range(
    table: dict[str, Any], value: float, where: Locator, *, prefix: str
) -> tuple[float | None, float | None, str | None]:
    given = [key for key in ("low", "high") if key in table]
    range_reason = optional_str(table, "range_reason", where, prefix=prefix)
    if not given:
        if range_reason is not None:
            raise where.error(
                "range_reason without low and high: give the range it explains", key=prefix + "range_reason"
            )
        return None, None, None
    if len(given) == 1:
        missing = "high" if given == ["low"] else "low"
        raise where.error(f"a range needs both low and high; {missing} is missing", key=prefix + given[0])
    low = number(table, "low", where, prefix=prefix)
    high = number(table, "high", where, prefix=prefix)
    if low > high:
        raise where.error(f"low ({low:g}) is above high ({high:g})", key=prefix + "low")
    if not low <= value <= high:
        raise where.error(f"value ({value:g}) is outside its range {low:g}-{high:g}", key=prefix + "value")
    if range_reason is None:
        raise where.error(
            "a range needs its range_reason: the spread of the sources, or why an estimate's range is that wide",
            key=prefix + "range_reason",
        )
    return low, high, range_reason


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
