"""The context reads its plans' news once per state of what it knows, and never serves a stale read."""

from __future__ import annotations

from glassterm.assistant.context import Context, Note, Observation, entry_subject
from glassterm.events import CalendarEntry, Reminder

H = 3600


def test_news_read_again_after_every_kind_of_arrival() -> None:
    context = Context(now=8 * H)
    entry = CalendarEntry(at=10 * H, title="Design review with Anna", where="Room 4B")
    context.calendar.append(entry)
    assert context.effective_start(entry) == 10 * H and context.latest_update(entry_subject(entry)) is None
    context.notes.append(Note(8 * H + 60, "Messages", "Anna", "Design review moved to 10:30, same room"))
    assert context.effective_start(entry) == 10.5 * H  # a message: read again
    assert not context.cancelled(entry)
    context.heard.append(Observation(8 * H + 120, "Anna's design review at 10:00 is cancelled, the room is needed"))
    assert context.cancelled(entry)  # a remark: read again
    context.reminders.append(Reminder(text="Print the design review slides"))
    assert "Print the design review slides" in context.subjects()  # a reminder: read again


def test_a_full_deque_still_tells_new_news_from_old() -> None:
    context = Context(now=8 * H)
    entry = CalendarEntry(at=10 * H, title="Dentist", where="Elm Street")
    context.calendar.append(entry)
    for minute in range(20):  # past the deque's length: its size no longer changes
        context.notes.append(Note(8 * H + minute, "News", None, f"Headline number {minute}"))
    assert context.effective_start(entry) == 10 * H
    context.notes.append(
        Note(8 * H + 30 * 60, "Messages", "Elm Street Dental", "Your dentist appointment moved to 11:15")
    )
    assert context.effective_start(entry) == 11.25 * H


def test_speech_that_calls_the_wearer_by_name_is_news_for_their_plan() -> None:
    context = Context(now=8 * H, user_name="Priya Shah")
    entry = CalendarEntry(at=10 * H, title="Wound care teaching session", where="Seminar Room 2")
    context.calendar.append(entry)
    # Overheard with none of the entry's times, this would be talk around her; said to her, it is news.
    context.heard.append(
        Observation(8 * H + 60, "Sister: Oh, Priya, that wound care session moved to quarter past ten")
    )
    assert context.effective_start(entry) == 10.25 * H
    assert context.heard_from("Sister: Oh, Priya, that wound care session moved") == ("Sister", False)


def test_speech_to_someone_else_stays_overheard() -> None:
    context = Context(now=8 * H, user_name="Priya")
    entry = CalendarEntry(at=10 * H, title="Controlled drugs check", where="Dispensary")
    context.calendar.append(entry)
    context.heard.append(Observation(8 * H + 60, "Technician: Kasia, your controlled drugs check has moved to 11:00"))
    assert context.heard_from(context.heard[-1].text) == (None, True)
    assert context.effective_start(entry) == 10 * H  # her check, not the wearer's


def test_codes_set_in_place_of_others() -> None:
    from glassterm.assistant.gist import code_swaps

    assert code_swaps("Sadhbh swapped our room, we're in G04 now not G12. same time") == [("G04", "G12")]
    assert code_swaps("we're at Hall B instead of Hall A") == [("Hall B", "Hall A")]
    assert code_swaps("room 3.02, not 3.01") == [("room 3.02", "3.01")]
    assert code_swaps("I have 2 not 3 kids") == [] and code_swaps("at 4 not 5") == []  # counts, not codes


def test_a_long_speaker_label_still_lets_the_name_be_heard() -> None:
    context = Context(now=12 * H, user_name="Priya")
    entry = CalendarEntry(at=14 * H, title="Ceremony", where="The Orangery")
    context.calendar.append(entry)
    said = "Uncle Dev, leaning over from the seat behind: Priya! They've put the ceremony back half an hour."
    context.heard.append(Observation(12 * H + 60, said))
    assert context.heard_from(said) == ("Uncle Dev, leaning over from the seat behind", False)
    assert context.effective_start(entry) == 14.5 * H  # a move by an amount, said to her


def test_a_message_about_two_plans_belongs_to_the_one_whose_time_it_replaces() -> None:
    from glassterm.assistant.context import entry_subject
    from glassterm.assistant.news import owner

    warm_up = CalendarEntry(at=17 * H + 900, title="Choir warm-up", where="St. Aposteln, sacristy")
    concert = CalendarEntry(at=18 * H, title="Advent concert, Markt der Engel stage", where="Neumarkt")
    said = "Dear all, the stage is running late: we go on at 18.20 instead of 18.00. Warm-up stays at 17.15 as planned."
    subjects = (entry_subject(warm_up), entry_subject(concert))
    assert owner(said, "Frau Albers", False, subjects) == entry_subject(concert)
