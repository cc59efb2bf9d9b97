"""Price counted work on a device profile: energy per component, battery used, projected life.

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
    if isinstance(virtual_seconds, bool) or not math.isfinite(virtual_seconds) or virtual_seconds < 0:
        raise ValueError(f"virtual_seconds must be a finite number >= 0, got {virtual_seconds!r}")

    by_component = {work: amounts[work] * profile.mj_per_unit(work) / MJ_PER_MWH for work in Work}
    total = sum(by_component.values())
    capacity = profile.battery_mwh
    average_mw = total * MJ_PER_MWH / virtual_seconds if virtual_seconds > 0 else 0.0
    projected = capacity / average_mw if average_mw > 0 else math.inf
    return EnergyReport(
        profile=profile.name,
        virtual_seconds=float(virtual_seconds),
        energy_mwh=total,
        by_component=by_component,
        battery_pct=100.0 * total / capacity,
        average_mw=average_mw,
        projected_hours=projected,
    )


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
