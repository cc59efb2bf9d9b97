"""How much battery life proactive keeps of manual's, with its range, and which cost decides it.

The ratio is proactive's projected hours over manual's, i.e. manual's average power over
proactive's. Both modes are priced on the same profile, so one cost moves both at once: a
figure both modes spend alike (idle, the microphone) barely moves the ratio however uncertain
it is, while one only proactive spends (looking) moves it a lot. That is what the
sensitivity rows rank: the figure at the top is the one to measure on hardware first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from glassterm.power.cost import Cost
from glassterm.power.energy import Spread, work_amounts
from glassterm.power.ledger import EnergyLedger, Work
from glassterm.power.profile import DeviceProfile

Counts = Mapping[Work, float] | Mapping[str, float] | EnergyLedger


@dataclass(frozen=True, slots=True)
class SensitivityRow:
    """The ratio with one cost at each end of its range and every other cost at its value."""

    cost: Cost
    ratio_at_cost_low: float
    ratio_at_cost_high: float

    @property
    def ratio_low(self) -> float:
        return min(self.ratio_at_cost_low, self.ratio_at_cost_high)

    @property
    def ratio_high(self) -> float:
        return max(self.ratio_at_cost_low, self.ratio_at_cost_high)

    @property
    def swing(self) -> float:
        return self.ratio_high - self.ratio_low

    def to_dict(self) -> dict[str, object]:
        cost = self.cost
        return {
            "cost": cost.work.value,
            "ratio_low": round(self.ratio_low, 4),
            "ratio_high": round(self.ratio_high, 4),
            "ratio_at_cost_low": round(self.ratio_at_cost_low, 4),
            "ratio_at_cost_high": round(self.ratio_at_cost_high, 4),
            "cost_range": [
                cost.value if cost.low is None else cost.low,
                cost.value if cost.high is None else cost.high,
            ],
            "unit": cost.unit,
            "estimate": cost.is_estimate,
        }


class ModeComparison:
    """Proactive against manual on one profile, from their counted work and the virtual seconds each covered."""

    def __init__(
        self,
        proactive: Counts,
        proactive_seconds: float,
        manual: Counts,
        manual_seconds: float,
        profile: DeviceProfile,
    ) -> None:
        if proactive_seconds <= 0 or manual_seconds <= 0:
            raise ValueError("both modes need some virtual time to compare their average power")
        self.profile = profile
        # Work per virtual second: average power is these rates times the per-unit costs.
        self._proactive = {w: n / proactive_seconds for w, n in work_amounts(proactive).items()}
        self._manual = {w: n / manual_seconds for w, n in work_amounts(manual).items()}

    def ratio(self, mj_per_unit: Mapping[Work, float]) -> float | None:
        """Proactive hours over manual hours at these per-unit costs; None when proactive spends nothing."""
        proactive_mw = sum(self._proactive[w] * mj for w, mj in mj_per_unit.items())
        manual_mw = sum(self._manual[w] * mj for w, mj in mj_per_unit.items())
        return manual_mw / proactive_mw if proactive_mw > 0 else None

    def central(self) -> dict[Work, float]:
        return {work: cost.mj_per_unit for work, cost in self.profile.costs.items()}

    def battery_life_ratio(self) -> Spread | None:
        """The ratio at the profile's values, and its lowest and highest over every mix of costs in their ranges."""
        central = self.ratio(self.central())
        if central is None:
            return None
        ends = [central, *self._candidate_extremes(lowest=True), *self._candidate_extremes(lowest=False)]
        return Spread(low=min(ends), central=central, high=max(ends))

    def _candidate_extremes(self, *, lowest: bool) -> list[float]:
        """The ratio is a quotient of two sums linear in the costs, so its extremes sit at corners of
        the box of ranges, and at one of a few: those that put every cost manual spends relatively
        more of (per unit proactive spends) at one end and the rest at the other. Sorting the costs
        by that share and trying each split point finds them exactly, without trying all 2^n corners."""
        costs = self.profile.costs
        order = sorted(
            costs,
            key=lambda w: self._manual[w] / self._proactive[w] if self._proactive[w] > 0 else float("inf"),
            reverse=True,
        )
        found: list[float] = []
        for split in range(len(order) + 1):
            manual_heavy = set(order[:split])
            # Highest ratio: manual-heavy costs at their high end, the rest low; lowest: the mirror.
            raised = manual_heavy if not lowest else set(order) - manual_heavy
            ratio = self.ratio({w: costs[w].mj_high if w in raised else costs[w].mj_low for w in order})
            if ratio is not None:
                found.append(ratio)
        return found

    def sensitivity(self) -> list[SensitivityRow]:
        """Each cost alone across its range, others at their values; the largest swing of the ratio first."""
        central = self.central()
        rows: list[SensitivityRow] = []
        for work, cost in self.profile.costs.items():
            at_low = self.ratio({**central, work: cost.mj_low})
            at_high = self.ratio({**central, work: cost.mj_high})
            if at_low is not None and at_high is not None:
                rows.append(SensitivityRow(cost, at_low, at_high))
        order = list(Work)
        return sorted(rows, key=lambda row: (-row.swing, order.index(row.cost.work)))


def sensitivity_lines(comparison: ModeComparison, *, top: int = 6) -> list[str]:
    """The ratio with its range and the costs that move it most, as plain text lines."""
    ratio = comparison.battery_life_ratio()
    if ratio is None:
        return ["proactive spent nothing: no battery life ratio to show"]
    lines = [
        f"proactive keeps {ratio.central:.2f} of manual battery life "
        + f"({ratio.low:.2f}-{ratio.high:.2f} with every cost anywhere in its range)",
        "what moves it most, each cost alone across its range (the rest at their values); measure the top one first:",
        f"  {'cost':22} {'range':26} {'ratio at low':>12} {'at high':>8} {'swing':>6}  figure",
    ]
    for row in comparison.sensitivity()[:top]:
        cost = row.cost
        span = f"{_figure(cost.low, cost.value)}-{_figure(cost.high, cost.value)} {cost.unit}"
        kind = "estimate" if cost.is_estimate else "sourced"
        lines.append(
            f"  {cost.work.value:22} {span:26} {row.ratio_at_cost_low:12.2f} {row.ratio_at_cost_high:8.2f} {row.swing:6.2f}  {kind}"
        )
    return lines


def _figure(end: float | None, value: float) -> str:
    """A figure as written, without an exponent (0.00003, not 3e-05)."""
    return f"{value if end is None else end:f}".rstrip("0").rstrip(".")
