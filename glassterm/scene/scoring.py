"""Scores what a mode showed against a scene's expectations (rules in SCENES.md)."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import mean

from glassterm.events import Card, Mode, Reply
from glassterm.scene.mentions import mentions_any
from glassterm.scene.model import Expectation, Scene


@dataclass(frozen=True, slots=True)
class Match:
    expectation: str
    at: float
    lateness: float  # seconds from the window's start


@dataclass(frozen=True, slots=True)
class Score:
    hits: int
    misses: int
    false_alarms: int
    precision: float  # card hits / cards shown; 1.0 when no card was shown
    recall: float  # hits / card and reply expectations; 1.0 when there are none
    mean_lateness: float | None
    matched: tuple[Match, ...]
    missed: tuple[str, ...]
    false_alarm_at: tuple[float, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "hits": self.hits,
            "misses": self.misses,
            "false_alarms": self.false_alarms,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "mean_lateness_s": None if self.mean_lateness is None else round(self.mean_lateness, 1),
            "missed": list(self.missed),
        }


def _text(output: Card | Reply) -> str:
    return f"{output.title} {output.body}" if isinstance(output, Card) else output.text


def _satisfies(output: Card | Reply, expectation: Expectation) -> bool:
    kind = "card" if isinstance(output, Card) else "reply"
    return (
        expectation.kind == kind
        and expectation.start <= output.at <= expectation.end
        and mentions_any(_text(output), expectation.mentions_any)
    )


def _best_assignment(outputs: list[Card | Reply], wanted: list[Expectation]) -> dict[int, Expectation]:
    """Output index -> the expectation it matches, with as many matches as possible.

    Greedy matching in time order is unfair: a reminder card "for the train" could take the
    train's expectation and leave both the train card and the reminder unmatched. This is a
    maximum bipartite matching (augmenting paths; scenes are small), earliest outputs first.
    """
    options = [[e for e in sorted(wanted, key=lambda e: (e.start, e.end)) if _satisfies(o, e)] for o in outputs]
    owner: dict[str, int] = {}  # expectation id -> output index

    def claim(index: int, seen: set[str]) -> bool:
        for expectation in options[index]:
            if expectation.id in seen:
                continue
            seen.add(expectation.id)
            if expectation.id not in owner or claim(owner[expectation.id], seen):
                owner[expectation.id] = index
                return True
        return False

    for index in range(len(outputs)):
        claim(index, set())
    by_id = {e.id: e for e in wanted}
    return {index: by_id[expectation_id] for expectation_id, index in owner.items()}


def score(scene: Scene, mode: Mode, cards: list[Card], replies: list[Reply], *, until: float | None = None) -> Score:
    """`until`: score only expectations whose window had opened (a run stopped early)."""
    expectations = [e for e in scene.expectations if e.applies_to(mode) and (until is None or e.start <= until)]
    wanted = [e for e in expectations if e.kind in ("card", "reply")]
    quiet = [e for e in expectations if e.kind == "quiet"]
    outputs: list[Card | Reply] = sorted([*cards, *replies], key=lambda o: o.at)
    assignment = _best_assignment(outputs, wanted)
    matched = [Match(e.id, outputs[i].at, outputs[i].at - e.start) for i, e in sorted(assignment.items())]
    false_alarm_at: list[float] = []
    for index, output in enumerate(outputs):
        in_quiet = any(q.start <= output.at <= q.end for q in quiet)
        # A reply to addressed speech that no expectation covers is neither hit nor false alarm;
        # a card nobody expected is one; anything inside a quiet window is one; the manual
        # assistant must show no cards at all.
        if in_quiet or (index not in assignment and isinstance(output, Card)):
            false_alarm_at.append(output.at)
    card_hits = sum(isinstance(outputs[index], Card) for index in assignment)
    matched_ids = {m.expectation for m in matched}
    hits = len(matched)
    return Score(
        hits=hits,
        misses=len(wanted) - hits,
        false_alarms=len(false_alarm_at),
        precision=card_hits / len(cards) if cards else 1.0,
        recall=hits / len(wanted) if wanted else 1.0,
        mean_lateness=mean(m.lateness for m in matched) if matched else None,
        matched=tuple(matched),
        missed=tuple(e.id for e in wanted if e.id not in matched_ids),
        false_alarm_at=tuple(false_alarm_at),
    )
