"""Scoring by the rules of SCENES.md."""

from __future__ import annotations

from pathlib import Path

from glassterm.events import Card, Reply
from glassterm.scene.model import Expectation, Scene
from glassterm.scene.scoring import score

H = 3600


def scene(*expectations: Expectation) -> Scene:
    return Scene(Path("t.yaml"), "t", "2026-11-24", 18 * H, 19 * H, None, "hey glass", (), (), (), expectations)


def expect(id: str, kind: str, start: int, end: int, *words: str, mode: str = "proactive") -> Expectation:
    return Expectation(id, mode, kind, start, end, words, 1)  # type: ignore[arg-type]


def card(at: float, text: str) -> Card:
    return Card(at=at, mode="proactive", title="", body=text, source="test", key=text)


def test_matching_finds_the_assignment_with_the_most_hits() -> None:
    s = scene(
        expect("train", "card", 18 * H + 660, 18 * H + 1560, "train"),
        expect("snack", "card", 18 * H + 780, 18 * H + 1080, "snack"),
    )
    # Greedy in time order would give the snack card (it says "train") the train's expectation.
    result = score(
        s, "proactive", [card(18 * H + 780, "Buy a snack for the train"), card(18 * H + 960, "Train at 18:26")], []
    )
    assert (result.hits, result.misses, result.false_alarms) == (2, 0, 0)
    assert result.precision == 1.0 and result.recall == 1.0


def test_quiet_windows_unexpected_cards_and_uncovered_replies() -> None:
    s = scene(
        expect("q", "quiet", 18 * H, 18 * H + 300, mode="both"),
        expect("r", "reply", 18 * H + 600, 18 * H + 660, "9:00", mode="both"),
    )
    cards = [card(18 * H + 100, "anything")]  # inside a quiet window and unexpected: one false alarm
    replies = [
        Reply(at=18 * H + 610, mode="proactive", question="q", text="At 09:00."),  # a hit: "9:00" is in "09:00"
        Reply(at=18 * H + 1200, mode="proactive", question="q", text="Something"),  # uncovered: neither
    ]
    result = score(s, "proactive", cards, replies)
    assert (result.hits, result.misses, result.false_alarms) == (1, 0, 1)
    assert result.precision == 0.0 and result.recall == 1.0
    assert result.mean_lateness == 10
