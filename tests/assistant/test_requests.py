"""Spoken requests are parsed by pattern: the time kept is exactly the time said, or none."""

from __future__ import annotations

import pytest

from glassterm.assistant.requests import NewNote, NewReminder, parse_request

H = 3600


@pytest.mark.parametrize(
    ("said", "now", "text", "at"),
    [
        ("remind me to call the dentist at 3 pm", 9 * H, "Call the dentist", 15 * H),
        ("remind me to call Anna at 15:30.", 9 * H, "Call Anna", 15.5 * H),
        ("remind me at 9 to call Anna", 8 * H, "Call Anna", 9 * H),
        ("remind me to check the oven at 3", 14 * H, "Check the oven", 15 * H),  # "at 3" after 3 am: the afternoon
        ("Remind me to take the pasta out in 10 minutes", 14 * H, "Take the pasta out", 14 * H + 600),
        ("remind me in 10 minutes to stretch", 9 * H, "Stretch", 9 * H + 600),
        ("remind me at eight to do Mr Okafor's obs", 7 * H, "Do Mr Okafor's obs", 8 * H),  # an hour in words
        ("remind me to buy milk by eleven", 9 * H, "Buy milk", 11 * H),
    ],
)
def test_timed_reminders(said: str, now: int, text: str, at: float) -> None:
    parsed = parse_request(said, now)
    assert (
        isinstance(parsed, NewReminder)
        and parsed.reminder.text == text
        and parsed.reminder.at == at
        and not parsed.caveat
    )


def test_a_place_reminder_and_a_note() -> None:
    near = parse_request("remind me to buy stamps when I'm near the post office", 9 * H)
    assert isinstance(near, NewReminder) and near.reminder.near == "post office" and near.reminder.at is None
    assert parse_request("take a note: the car is on level 3", 9 * H) == NewNote("the car is on level 3")


@pytest.mark.parametrize(
    ("said", "now"),
    [("remind me to call mum tomorrow at 9", 9 * H), ("remind me to sleep in 30 minutes", 23 * H + 58 * 60)],
)
def test_a_time_on_another_day_is_kept_on_the_list_not_misfired(said: str, now: int) -> None:
    parsed = parse_request(said, now)
    assert isinstance(parsed, NewReminder) and parsed.reminder.at is None and parsed.caveat


@pytest.mark.parametrize(
    ("said", "task", "near"),
    [
        ("remind me when I get to the pharmacy to pick up the prescription", "Pick up the prescription", "pharmacy"),
        ("remind me next time I'm at the supermarket, to buy nappies", "Buy nappies", "supermarket"),
        ("remind me to invoice Mrs Okafor when I'm back in the van", "Invoice Mrs Okafor", "van"),
        ("remind me to post this when I pass a post box", "Post this", "post box"),
    ],
)
def test_place_reminders_said_either_way_round(said: str, task: str, near: str) -> None:
    parsed = parse_request(said, 9 * H)
    assert isinstance(parsed, NewReminder) and (parsed.reminder.text, parsed.reminder.near) == (task, near)


@pytest.mark.parametrize(
    "said",
    ["remind me what time we're on tonight", "remind me when the wound care thing is", "remind me where I parked"],
)
def test_remind_me_what_asks_to_be_told_now(said: str) -> None:
    assert parse_request(said, 9 * H) is None  # a question for the answer path, not a reminder called "What time ..."


def test_questions_are_not_requests() -> None:
    assert parse_request("when is my meeting", 9 * H) is None


@pytest.mark.parametrize(
    ("said", "note"),
    [
        ("remember my bag tag number is BA 418227", "my bag tag number is BA 418227"),
        ("remember that we're parked in Penguin zone, row 14", "we're parked in Penguin zone, row 14"),
    ],
)
def test_remember_keeps_a_fact(said: str, note: str) -> None:
    assert parse_request(said, 9 * H) == NewNote(note)


def test_remember_to_is_a_reminder_and_remember_what_a_question() -> None:
    parsed = parse_request("remember to call Anna at 5", 9 * H)
    assert isinstance(parsed, NewReminder) and (parsed.reminder.text, parsed.reminder.at) == ("Call Anna", 17 * H)
    assert parse_request("remember what time the bus was?", 9 * H) is None
