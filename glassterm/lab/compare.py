"""Variants side by side: their cards and replies lined up per scene and moment, and what each cost."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Literal

from glassterm.assistant.llm import CallFigures
from glassterm.evaluation import Totals, totals
from glassterm.events import MODES, Mode
from glassterm.glance import glance
from glassterm.lab.variants import VariantRun
from glassterm.power.ledger import Work

Kind = Literal["card", "reply"]


@dataclass(frozen=True, slots=True)
class Shown:
    """One card or reply as the wearer saw it."""

    head: str  # a card's title, or the question a reply answers
    text: str  # a card's body, or the reply
    source: str  # model | template
    refused: str | None  # why the model's sentence was not used, when it was asked

    @property
    def words(self) -> tuple[str, str]:
        return (self.head, self.text)


@dataclass(frozen=True, slots=True)
class Row:
    """One moment of a scene: what each variant showed then (None: nothing)."""

    at: float
    mode: Mode
    kind: Kind
    cells: tuple[Shown | None, ...]

    def differs(self, index: int) -> bool:
        """True when variant `index` showed something other than the first variant did."""
        first, this = self.cells[0], self.cells[index]
        return (first is None) != (this is None) or (
            first is not None and this is not None and first.words != this.words
        )

    @property
    def any_differs(self) -> bool:
        return any(self.differs(i) for i in range(1, len(self.cells)))


@dataclass(frozen=True, slots=True)
class SceneRows:
    title: str
    rows: list[Row]


def _shown(run: VariantRun, scene_index: int) -> dict[tuple[float, int, Kind, int], Shown]:
    """A variant's outputs in one scene, keyed by moment, mode, kind and their order within that moment."""
    keyed: dict[tuple[float, int, Kind, int], Shown] = {}
    seen: Counter[tuple[float, int, Kind]] = Counter()
    for mode, result in run.results[scene_index].modes.items():
        order = MODES.index(mode)
        items: list[tuple[float, Kind, Shown]] = [
            (c.at, "card", Shown(c.title, c.body, c.phrased_by, c.refused)) for c in result.run.cards
        ]
        items += [(r.at, "reply", Shown(r.question, r.text, r.phrased_by, r.refused)) for r in result.run.replies]
        for at, kind, shown in sorted(items, key=lambda item: (item[0], item[1])):
            moment = (at, order, kind)
            keyed[(*moment, seen[moment])] = shown
            seen[moment] += 1
    return keyed


def side_by_side(runs: list[VariantRun]) -> list[SceneRows]:
    """Per scene, every moment any variant showed something, with each variant's output at it."""
    scenes: list[SceneRows] = []
    for index, result in enumerate(runs[0].results):
        per_variant = [_shown(run, index) for run in runs]
        moments = sorted({key for shown in per_variant for key in shown})
        rows = [
            Row(at, MODES[order], kind, tuple(shown.get((at, order, kind, n)) for shown in per_variant))
            for at, order, kind, n in moments
        ]
        scenes.append(SceneRows(result.scene.title, rows))
    return scenes


@dataclass(frozen=True, slots=True)
class ModeSummary:
    """One variant in one mode, over all scenes."""

    mode: Mode
    totals: Totals
    asked: int  # cards and replies the model was asked to phrase
    used: int  # ... where its sentence was shown
    prompt_tokens: int
    generated_tokens: int
    energy_mwh: float


@dataclass(frozen=True, slots=True)
class VariantSummary:
    label: str
    llm: str
    modes: list[ModeSummary]
    calls: CallFigures  # both modes, all scenes


def summarise(run: VariantRun) -> VariantSummary:
    modes = []
    for mode in MODES:
        ran = [r.modes[mode] for r in run.results if mode in r.modes]
        if not ran:
            continue
        looked = glance(run.results, mode)
        modes.append(
            ModeSummary(
                mode=mode,
                totals=totals(run.results, mode),
                asked=looked.asked,
                used=looked.used,
                prompt_tokens=round(sum(m.run.assistant.ledger.counts[Work.LLM_PROMPT_TOKENS] for m in ran)),
                generated_tokens=round(sum(m.run.assistant.ledger.counts[Work.LLM_GENERATED_TOKENS] for m in ran)),
                energy_mwh=sum(m.energy.energy_mwh for m in ran),
            )
        )
    calls = CallFigures.of([call for result in run.results for call in result.calls])
    return VariantSummary(run.variant.label, run.llm, modes, calls)
