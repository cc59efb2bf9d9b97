"""Cards a wearer reads at a glance: the change on line 1, who or why next, the source a page away."""

from __future__ import annotations

from glassterm.assistant.cards import Change, entry_change, line_name, place_change, short_name, spoken_words
from glassterm.assistant.grounding import Phraser
from glassterm.assistant.policy import Policy
from glassterm.assistant.proactive import ProactiveAssistant
from glassterm.assistant.prompts import load_prompts
from glassterm.display import DISPLAYS, first_line, fits_one_page
from glassterm.events import (
    CalendarEntry,
    CalendarKnown,
    Card,
    LocationChanged,
    NotificationArrived,
    Reminder,
    ReminderSet,
    SceneStarted,
    TimeTick,
)

H = 3600
START = 8 * H
G1 = DISPLAYS["even-g1"]
LONG = (
    "Hi, it's Sue at the clinic. We're closing at 3 today for a staff meeting, any chance our delivery "
    "could be moved up to 14:30? Sorry for the short notice, the whole team has to be there and the "
    "car park closes early too."
)


def assistant() -> ProactiveAssistant:
    a = ProactiveAssistant(Phraser(None, load_prompts()), Policy())
    a.handle(SceneStarted(at=START, title="t", date="2026-11-24", user_name="Sam", wake_word="hey glass"))
    return a


def card_of(outputs: list) -> Card:  # type: ignore[type-arg]
    return next(o for o in outputs if isinstance(o, Card))


def test_headlines_name_the_change() -> None:
    assert Change("Delivery", "time", "15:00", "14:30").headline() == "Delivery 15:00 → 14:30"
    assert Change("Dentist", "time", None, "16:15").headline() == "Dentist now 16:15"
    assert Change("Flight LH 1172", "gate", "B44", "B52").headline() == "Flight LH 1172: Gate B52, not B44"
    assert Change("Yoga", "cancelled", None, None).headline() == "Yoga cancelled"


def test_plan_names_are_short_but_whole() -> None:
    assert short_name("Design review with Anna") == "Design review"
    assert short_name("School drop-off - Ava and Leo") == "School drop-off"  # "drop-off" is one word
    assert short_name("1:1 with Dana") == "1:1"
    assert line_name("Key handover with Tom Reyes (Harbour Lettings)", 30) == (
        "Key handover",
        "with Tom Reyes (Harbour Lettings)",
    )
    assert line_name("Dentist", 30) == ("Dentist", "")


def test_a_place_change_is_read_against_what_the_plan_said() -> None:
    assert place_change("Moved to Room 5C, 4B has no projector", "Design review in Room 4B") == ("room", "4B", "5C")
    assert place_change("Gate B52 for LH 1172", "Flight LH 1172, gate B44") == ("gate", "B44", "B52")
    assert place_change("Still in Room 4B", "Design review in Room 4B") is None
    entry = CalendarEntry(at=START + H, title="Design review", where="Room 4B")
    assert entry_change(entry, "cancelled, sorry", "Design review", START + H) == Change(
        "Design review", "cancelled", None, None
    )


def test_a_message_that_moves_a_plan_becomes_a_headline_with_the_message_a_page_away() -> None:
    a = assistant()
    a.handle(CalendarKnown(at=START, entry=CalendarEntry(at=15 * H, title="Delivery to Riverside Clinic")))
    card = card_of(a.handle(NotificationArrived(at=START + 60, app="Messages", sender="Sue", text=LONG)))
    assert card.title == "Delivery 15:00 → 14:30" and card.news == "14:30"
    assert first_line(card.title, card.body, G1).startswith("Delivery 15:00 → 14:30")
    # Who says so, and the sentence that makes the change; the whole message is the detail.
    assert card.body.startswith("Sue (Messages): ") and "14:30" in card.body
    assert card.detail == f"Sue (Messages): {LONG}"
    assert fits_one_page(card.title, card.body, G1)
    assert len(card.spoken.split()) <= 12 and "14:30" in card.spoken


def test_a_long_message_without_a_nameable_change_is_cut_to_one_page() -> None:
    a = assistant()
    a.handle(CalendarKnown(at=START, entry=CalendarEntry(at=15 * H, title="Clinic staff meeting")))
    text = "Urgent, please call me back about the clinic staff meeting. " * 6
    card = card_of(a.handle(NotificationArrived(at=START + 60, app="Messages", sender="Sue", text=text)))
    assert card.title == "Sue (Messages)" and fits_one_page(card.title, card.body, G1)
    assert card.body.endswith("…") and card.detail.endswith(text.strip())


def test_reminders_say_what_to_do_then_where_or_when() -> None:
    a = assistant()
    a.handle(ReminderSet(at=START, reminder=Reminder(text="Post the trip form", near="post box")))
    a.handle(ReminderSet(at=START, reminder=Reminder(text="Call mom", at=START + 600)))
    near = card_of(a.handle(LocationChanged(at=START + 60, place="Corner by the post box")))
    assert (near.title, near.body) == ("Post the trip form", "Post box here.")
    due = card_of(a.handle(TimeTick(at=START + 600)))
    assert (due.title, due.body) == ("Call mom", "Due 08:10.")


def test_calendar_cards_lead_with_what_and_when_then_where() -> None:
    a = assistant()
    entry = CalendarEntry(at=START + H, title="Design review with Anna", where="Room 4B", notes="bring the prototype")
    a.handle(CalendarKnown(at=START, entry=entry))
    card = card_of(a.handle(TimeTick(at=START + 50 * 60)))
    assert (card.title, card.body) == ("Design review with Anna, 09:00", "Room 4B. bring the prototype")


def test_a_moved_meeting_due_soon_says_its_new_time_and_place_on_line_one() -> None:
    a = assistant()
    a.handle(CalendarKnown(at=START, entry=CalendarEntry(at=START + H, title="Design review", where="Room 4B")))
    a.handle(NotificationArrived(at=START + 60, app="Mail", sender="Anna", text="Design review moved to Room 5C"))
    card = card_of(a.handle(TimeTick(at=START + 50 * 60)))
    assert first_line(card.title, card.body, G1) == "Design review, 09:00, Room 5C" and card.news == "5C"


def test_spoken_cards_are_at_most_twelve_words() -> None:
    assert spoken_words("one two three four five six seven eight nine ten eleven twelve thirteen").split()[-1] == (
        "twelve"
    )


def test_a_move_to_the_old_end_time_is_a_move_not_a_cancellation() -> None:
    # Found by a blind scene: "moved to 11:15 ... Reply C to cancel" for a 10:45-11:15 slot.
    a = assistant()
    entry = CalendarEntry(at=START + 2 * H, until=START + 2 * H + 1800, title="Check-up with Jo")
    a.handle(CalendarKnown(at=START, entry=entry))
    text = "Your appointment at 10:00 has been moved to 10:30 due to staff shortage. Reply C to cancel."
    card = card_of(a.handle(NotificationArrived(at=START + 60, app="Messages", sender="Health Centre", text=text)))
    assert card.title == "Check-up 10:00 → 10:30"
    assert a.context.effective_start(entry) == START + 2 * H + 1800 and not a.context.cancelled(entry)
