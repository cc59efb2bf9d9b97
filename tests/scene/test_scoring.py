"""Scoring by the rules of SCENES.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from glassterm.events import Card, Reply
from glassterm.scene.mentions import mentions
from glassterm.scene.model import Expectation, Scene
from glassterm.scene.scoring import Match, Score, score

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


def reply(at: float, text: str) -> Reply:
    return Reply(at=at, mode="proactive", question="q", text=text)


SUBSTRING_ONLY = [
    ("5:00", "The bus leaves at 15:00."),
    ("6:30", "Dinner is at 16:30."),
    ("6:30", "Dinner is at 18:30."),  # a 12-hour face without am/pm is not the other half's 24-hour time
    ("9:00", "Stand-up at 21:00."),
    ("B5", "Your gate is B52."),
    ("31", "The meter reads 31,402."),
    ("1.4", "It weighs 1.45 kg."),
    ("145", "That will be 3145 pounds."),
    ("rain", "The drains are blocked."),
    ("half past ten", "Doors at 22:30."),  # a said time is a 12-hour face, like "10:30"
    ("ten to five", "Soundcheck now 4:55."),
    ("cancel", "The class is cancelled."),  # whole words: an inflection is not a plural
]
WHOLE = [
    ("5:00", "Pick-up at 5:00."),
    ("9:00", "Design review at 09:00."),
    ("9:00", "Design review at 9am."),
    ("9:00", "Meet at 9.00 by the door."),
    ("6:30", "Dinner at 6:30 pm."),
    ("18:30", "Dinner at 6.30pm."),
    ("6 pm", "Doors open at 18:00."),
    ("B5", "Go to gate b5, boarding now."),
    ("half past ten", "Brunch at 10:30."),  # a time said in words is a time
    ("half past ten", "Brunch at ten thirty."),
    ("noon", "Lunch at 12:00."),
    ("145", "New brake pads approved (145.00)."),
    ("1.4", "It weighs 1.40 kg."),
    ("umbrella", "Take your UMBRELLAS."),
    ("party", "Two parties tonight."),
    ("Anna", "Anna's train is late."),
    ("oat milk", "Buy oat\nmilk."),
]


@pytest.mark.parametrize(("mention", "text"), SUBSTRING_ONLY)
def test_a_mention_inside_a_longer_time_number_or_word_is_a_miss(mention: str, text: str) -> None:
    s = scene(expect("e", "reply", 18 * H, 18 * H + 60, mention))
    assert score(s, "proactive", [], [reply(18 * H, text)]).hits == 0


@pytest.mark.parametrize(("mention", "text"), WHOLE)
def test_a_whole_time_number_or_word_is_a_hit(mention: str, text: str) -> None:
    s = scene(expect("e", "reply", 18 * H, 18 * H + 60, mention))
    assert score(s, "proactive", [], [reply(18 * H, text)]).hits == 1


def test_an_output_at_the_last_second_of_its_window_is_a_hit() -> None:
    s = scene(expect("e", "reply", 18 * H, 18 * H + 60, "umbrella"))  # windows are inclusive at both ends
    assert score(s, "proactive", [], [reply(18 * H + 60, "Take an umbrella.")]).hits == 1


def test_the_report_form_of_a_score_names_each_figure_rounded() -> None:
    result = Score(
        hits=1,
        misses=2,
        false_alarms=1,
        precision=2 / 3,
        recall=1 / 3,
        mean_lateness=10.04,
        matched=(Match("train", 18 * H + 10.04, 10.04),),
        missed=("snack", "rain"),
        false_alarm_at=(18 * H,),
    )
    assert result.as_dict() == {
        "hits": 1,
        "misses": 2,
        "false_alarms": 1,
        "precision": 0.667,
        "recall": 0.333,
        "mean_lateness_s": 10.0,
        "missed": ["snack", "rain"],
    }


def test_the_report_form_of_a_score_without_hits_has_no_lateness() -> None:
    s = scene(expect("e", "reply", 18 * H, 18 * H + 60, "umbrella"))
    assert score(s, "proactive", [], []).as_dict()["mean_lateness_s"] is None


def test_a_score_lists_what_matched_what_was_missed_and_when_the_false_alarms_came() -> None:
    s = scene(
        expect("train", "card", 18 * H, 18 * H + 600, "train"),
        expect("snack", "card", 18 * H, 18 * H + 600, "snack"),
    )
    # Two cards for the train: the earlier one is the hit, the later one a false alarm.
    result = score(s, "proactive", [card(18 * H + 30, "Train at 18:26"), card(18 * H + 90, "Train now")], [])
    assert result.matched == (Match("train", 18 * H + 30, 30),)
    assert result.missed == ("snack",)
    assert result.false_alarm_at == (18 * H + 90,)
    assert (result.precision, result.recall) == (0.5, 0.5)


def test_a_quiet_window_includes_its_first_and_last_second() -> None:
    s = scene(expect("q", "quiet", 18 * H + 60, 18 * H + 120, mode="both"))
    replies = [reply(18 * H + 60, "Hello"), reply(18 * H + 120, "Hello")]
    result = score(s, "proactive", [], replies)
    assert result.false_alarm_at == (18 * H + 60, 18 * H + 120)
    assert result.precision == 1.0  # no card shown, so none was wrong


def test_only_the_modes_own_expectations_and_those_already_open_are_scored() -> None:
    s = scene(
        expect("manual only", "reply", 18 * H, 18 * H + 60, "umbrella", mode="manual"),
        expect("opens at the stop", "reply", 18 * H + 600, 18 * H + 660, "umbrella"),
        expect("opens later", "reply", 18 * H + 601, 18 * H + 660, "umbrella"),
    )
    assert score(s, "proactive", [], [], until=18 * H + 600).missed == ("opens at the stop",)


def test_a_time_with_more_words_is_a_phrase_and_a_time_with_a_full_stop_is_a_time() -> None:
    assert not mentions("Meet at 9:00", "9:00 train")  # the whole phrase must be there, not just its time
    assert mentions("Doors at 09:00", "9:00.")
    assert not mentions("anything at all", "  ")  # a blank mention matches nothing
