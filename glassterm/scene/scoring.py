"""Scores what a mode showed against a scene's expectations (rules in SCENES.md)."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import mean

from glassterm.events import Card, Mode, Reply
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
        and any(word.lower() in _text(output).lower() for word in expectation.mentions_any)
    )


def score(scene: Scene, mode: Mode, cards: list[Card], replies: list[Reply]) -> Score:
    expectations = [e for e in scene.expectations if e.applies_to(mode)]
    wanted = [e for e in expectations if e.kind in ("card", "reply")]
    quiet = [e for e in expectations if e.kind == "quiet"]
    outputs: list[Card | Reply] = sorted([*cards, *replies], key=lambda o: o.at)
    unmatched = list(wanted)
    matched: list[Match] = []
    false_alarm_at: list[float] = []
    card_hits = 0
    for output in outputs:
        hit = next((e for e in sorted(unmatched, key=lambda e: (e.start, e.end)) if _satisfies(output, e)), None)
        if hit is not None:
            unmatched.remove(hit)
            matched.append(Match(hit.id, output.at, output.at - hit.start))
            card_hits += isinstance(output, Card)
        in_quiet = any(q.start <= output.at <= q.end for q in quiet)
        # A reply to addressed speech that no expectation covers is neither hit nor false alarm;
        # a card nobody expected is one; anything inside a quiet window is one; the manual
        # assistant must show no cards at all.
        if in_quiet or (hit is None and isinstance(output, Card)):
            false_alarm_at.append(output.at)
    hits = len(matched)
    return Score(
        hits=hits,
        misses=len(unmatched),
        false_alarms=len(false_alarm_at),
        precision=card_hits / len(cards) if cards else 1.0,
        recall=hits / len(wanted) if wanted else 1.0,
        mean_lateness=mean(m.lateness for m in matched) if matched else None,
        matched=tuple(matched),
        missed=tuple(e.id for e in unmatched),
        false_alarm_at=tuple(false_alarm_at),
    )
