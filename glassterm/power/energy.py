"""Price counted work on a device profile: energy per component, battery used, projected life,
each also at the low and high ends of the profile's cost ranges.

Pure arithmetic on counts and the *virtual* seconds a run covered. Nothing here reads a
clock: the same ledger priced twice gives the same report on any machine.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from glassterm.power.ledger import VAD_FRAMES_PER_SECOND, EnergyLedger, Work
from glassterm.power.profile import DeviceProfile

MJ_PER_MWH = 3600.0  # 1 mWh = 3.6 J = 3600 mJ


@dataclass(frozen=True, slots=True)
class Spread:
    """A figure at the low end, the centre and the high end of the profile's cost ranges (low <= central <= high)."""

    low: float
    central: float
    high: float

    def ends(self, digits: int) -> list[float | None]:
        """`[low, high]` for JSON, rounded; an infinite end (nothing spent) becomes None."""
        return [None if math.isinf(end) else round(end, digits) for end in (self.low, self.high)]


@dataclass(frozen=True)
class EnergyReport:
    """What a run cost on one profile. Energies in mWh, power in mW, time in virtual hours."""

    profile: str
    virtual_seconds: float
    energy_mwh: float
    by_component: Mapping[Work, float] = field(default_factory=dict)  # Work -> mWh
    battery_pct: float = 0.0  # of the profile's capacity
    average_mw: float = 0.0  # energy / virtual_seconds
    projected_hours: float = math.inf  # capacity / average power; inf when nothing was spent
    energy_mwh_range: Spread = Spread(0.0, 0.0, 0.0)  # every cost at its low end / value / high end
    battery_pct_range: Spread = Spread(0.0, 0.0, 0.0)
    projected_hours_range: Spread = Spread(math.inf, math.inf, math.inf)  # low: every cost at its high end

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_component", MappingProxyType(dict(self.by_component)))

    def top_components(self, n: int = 3) -> list[tuple[Work, float]]:
        """The n components that cost the most, largest first (ties in Work order)."""
        ranked = sorted(self.by_component.items(), key=lambda item: -item[1])
        return [(work, mwh) for work, mwh in ranked[:n] if mwh > 0]

    def to_dict(self) -> dict[str, object]:
        """JSON-safe form (infinite projected hours become None)."""
        return {
            "profile": self.profile,
            "virtual_seconds": round(self.virtual_seconds, 3),
            "energy_mwh": round(self.energy_mwh, 4),
            "by_component": {work.value: round(mwh, 4) for work, mwh in self.by_component.items()},
            "battery_pct": round(self.battery_pct, 4),
            "average_mw": round(self.average_mw, 3),
            "projected_hours": None if math.isinf(self.projected_hours) else round(self.projected_hours, 2),
            "energy_mwh_range": self.energy_mwh_range.ends(4),
            "battery_pct_range": self.battery_pct_range.ends(4),
            "projected_hours_range": self.projected_hours_range.ends(2),
        }


def price(
    counts: Mapping[Work, float] | Mapping[str, float] | EnergyLedger,
    profile: DeviceProfile,
    virtual_seconds: float,
) -> EnergyReport:
    """Charge counted work at the profile's per-unit costs.

    `counts` is an EnergyLedger or a mapping from Work (or its string value) to an amount;
    missing units count as 0. `virtual_seconds` is the span of the scene's virtual clock the
    counts cover; it sets the average power and so the projected battery life.
    """
    amounts = work_amounts(counts)
    if isinstance(virtual_seconds, bool) or not math.isfinite(virtual_seconds) or virtual_seconds < 0:
        raise ValueError(f"virtual_seconds must be a finite number >= 0, got {virtual_seconds!r}")

    by_component = {work: amounts[work] * profile.mj_per_unit(work) / MJ_PER_MWH for work in Work}
    energy = Spread(
        low=sum(amounts[work] * cost.mj_low for work, cost in profile.costs.items()) / MJ_PER_MWH,
        central=sum(by_component.values()),
        high=sum(amounts[work] * cost.mj_high for work, cost in profile.costs.items()) / MJ_PER_MWH,
    )
    capacity = profile.battery_mwh

    def average_mw(mwh: float) -> float:
        return mwh * MJ_PER_MWH / virtual_seconds if virtual_seconds > 0 else 0.0

    def hours(mwh: float) -> float:
        return capacity / average_mw(mwh) if average_mw(mwh) > 0 else math.inf

    return EnergyReport(
        profile=profile.name,
        virtual_seconds=float(virtual_seconds),
        energy_mwh=energy.central,
        by_component=by_component,
        battery_pct=100.0 * energy.central / capacity,
        average_mw=average_mw(energy.central),
        projected_hours=hours(energy.central),
        energy_mwh_range=energy,
        battery_pct_range=Spread(*(100.0 * mwh / capacity for mwh in (energy.low, energy.central, energy.high))),
        # More energy, fewer hours: the low end of life comes from the high end of the costs.
        projected_hours_range=Spread(hours(energy.high), hours(energy.central), hours(energy.low)),
    )


def work_amounts(counts: Mapping[Work, float] | Mapping[str, float] | EnergyLedger) -> dict[Work, float]:
    """Every unit of work with its amount (0 when not counted), checked: finite and not negative."""
    raw = counts.counts if isinstance(counts, EnergyLedger) else counts
    amounts: dict[Work, float] = {work: 0.0 for work in Work}
    for key, amount in raw.items():
        try:
            work = Work(key)
        except ValueError:
            raise ValueError(f"unknown unit of work: {key!r}") from None
        if isinstance(amount, bool) or not isinstance(amount, int | float) or not math.isfinite(amount) or amount < 0:
            raise ValueError(f"{work.value}: amount must be a finite number >= 0, got {amount!r}")
        amounts[work] += float(amount)
    return amounts


def hours_text(hours: Spread) -> str:
    """Projected battery life with its range, as the HUD and `play` show it: "11.9 h, 9.8-12.8"."""
    if math.isinf(hours.central):
        return "∞"
    high = "∞" if math.isinf(hours.high) else f"{hours.high:.1f}"
    return f"{hours.central:.1f} h, {hours.low:.1f}-{high}"


def always_on_mw(profile: DeviceProfile, *, wake_word: bool = True) -> float:
    """Average power of pure always-on listening (idle + mic + VAD, + wake word) on a profile."""
    mw = (
        profile.mj_per_unit(Work.IDLE_S)
        + profile.mj_per_unit(Work.MIC_ON_S)
        + VAD_FRAMES_PER_SECOND * profile.mj_per_unit(Work.VAD_FRAMES)
    )
    if wake_word:
        mw += profile.mj_per_unit(Work.WAKE_WORD_S)
    return mw
