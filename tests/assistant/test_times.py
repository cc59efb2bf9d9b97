"""Times as people say them, read by the one time parser (times.py) with the context callers have:
when the text was said, and the time of the plan it moves."""

from __future__ import annotations

import pytest

from glassterm.assistant.cards import Change, change_sentence
from glassterm.assistant.grounding import Phraser
from glassterm.assistant.moves import swaps
from glassterm.assistant.news import concerns, moved_to
from glassterm.assistant.policy import Policy
from glassterm.assistant.proactive import ProactiveAssistant
from glassterm.assistant.prompts import load_prompts
from glassterm.assistant.requests import NewReminder, parse_request
from glassterm.assistant.text import clock_times, fact_tokens, find_times
from glassterm.assistant.times import new_times, shared_times
from glassterm.events import CalendarEntry, CalendarKnown, Card, NotificationArrived, SceneStarted, TimeTick

H = 3600
M = 60


def hm(hours: int, minutes: int = 0) -> int:
    return hours * H + minutes * M


@pytest.mark.parametrize(
    ("text", "said", "near", "times"),
    [
        ("half past four", hm(14), None, [hm(16, 30)]),
        ("quarter to six", hm(14), None, [hm(17, 45)]),
        ("ten past four", hm(14), None, [hm(16, 10)]),
        ("twenty to five", hm(14), None, [hm(16, 40)]),
        ("twenty-five to four", hm(14), None, [hm(15, 35)]),
        ("four thirty", hm(14), None, [hm(16, 30)]),
        ("eleven-fifteen", hm(9), None, [hm(11, 15)]),
        ("the seven oh five bus", hm(6), None, [hm(7, 5)]),
        ("half four", hm(14), None, [hm(16, 30)]),  # British: 4:30
        ("noon", hm(9), None, [hm(12)]),
        ("midday", hm(15), None, [hm(12)]),  # no am/pm to choose: noon is noon even after it
        ("midnight", hm(20), None, [0]),
        ("five o'clock", hm(14), None, [hm(17)]),
        ("5 o'clock", hm(14), None, [hm(17)]),
        ("twenty past 4", hm(14), None, [hm(16, 20)]),
        ("quarter past nine", hm(8), None, [hm(9, 15)]),
        ("ten to one", hm(11), None, [hm(12, 50)]),
        ("see you at four.", hm(14), None, [hm(16)]),
        ("half past four in the morning", hm(1), None, [hm(4, 30)]),
        ("six in the evening", hm(9), None, [hm(18)]),
        ("in twenty minutes", hm(14, 40), None, [hm(15)]),
        ("in an hour", hm(14, 40), None, [hm(15, 40)]),
        ("in half an hour", hm(14, 40), None, [hm(15, 10)]),
        ("in an hour and a half", hm(14), None, [hm(15, 30)]),
        ("be there in about 15 minutes", hm(10), None, [hm(10, 15)]),
        # A 12-hour time is still to come when said, or nearest the plan it moves.
        ("make it 2:55 rather than 2:50", hm(14, 40), None, [hm(14, 55), hm(14, 50)]),
        ("make it 2:55 rather than 2:50", hm(9), hm(14, 50), [hm(14, 55), hm(14, 50)]),
        ("can we do quarter to six instead of half five", hm(15), hm(17, 30), [hm(17, 45), hm(17, 30)]),
        ("moved to 8:30", hm(7), hm(21), [hm(20, 30)]),  # the plan's time beats the time of saying
        # Written 24-hour times and am/pm need no context.
        ("the next service, the 17:52, arriving 18:44", hm(17), hm(17, 25), [hm(17, 52), hm(18, 44)]),
        ("09:00 sharp", hm(14), None, [hm(9)]),
        ("see you at 7pm", hm(20), None, [hm(19)]),
        # Found on blind set L: continental, four-digit and British digit forms.
        ("Nouveau départ 16h42.", hm(12), None, [hm(16, 42)]),
        ("pizza place can only fit us in from 1130", hm(10), None, [hm(11, 30)]),
        ("can we do half 11 instead of 10?", hm(8), hm(10), [hm(11, 30), hm(10)]),
        ("Gareth can come at half 2 instead", hm(13), hm(14, 15), [hm(14, 30)]),
        ("the osaka thing is bumped to 11 cos of the trains", hm(7), hm(9, 30), [hm(11)]),
        ("could u ring at 20 past instead of half past?", hm(22), hm(23, 30), [hm(23, 20), hm(23, 30)]),
        ("Table's at 8 now, Sora were fine about it", hm(17), hm(19, 30), [hm(20)]),
        ("ignore my last msg!! so 10 is fine after all", hm(9, 40), hm(11, 30), [hm(10)]),
        # Found on blind sets M and N: timetable apps and bosses' texts.
        ("CardiffCup: Kick-off 10.40 on pitch 1 (was 11:00)", hm(10), hm(11), [hm(10, 40), hm(11)]),
        ("FlightAware: Now expected 15.20", hm(14, 50), hm(14, 55), [hm(15, 20)]),
        ("can u get there for 10 not half 9", hm(9), hm(9, 30), [hm(10), hm(9, 30)]),
        ("Can u make him for 10 instead?", hm(8, 50), hm(9, 35), [hm(10)]),
        ("I be there 9.50 not 9.30 sorry!!", hm(9, 8), hm(9, 30), [hm(9, 50), hm(9, 30)]),
    ],
)
def test_times_as_people_say_them(text: str, said: int, near: int | None, times: list[int]) -> None:
    assert find_times(text, said=said, near=near) == times


@pytest.mark.parametrize(
    "text",
    [
        "a room for four",
        "two people",
        "one of them",
        "at least 15 minutes",
        "platform 4",
        "it takes twenty minutes",
        "a table for six at the back",
        "give me five minutes",
        "moved to Room 3.15",
        "we need a one to one about it",
        "the vote was three to two",
        "the score went from twenty to five",
        "cut it in half four times",
        "four thirty-minute sessions",
        "raised 1500 pounds",
        "from 2000 people",
        "instead of 10 people",
        "half 2 hours",
        "20 to 25 people",
        "meet at 8 Mill Lane",
        "room 10 is fine",
        "lane 12 now, not 7. Pull round to lane 12. Lane 12 now, not 7.",  # a bare hour only after a time
        "a table for 2 people",
        "the 10.40 is my usual",
    ],
)
def test_counts_durations_and_places_are_not_times(text: str) -> None:
    assert find_times(text, said=hm(14)) == [] and clock_times(text) == []


def test_without_context_written_times_keep_their_contract() -> None:
    # Context-free readers (the fact check, the scorer) see a 12-hour time as written.
    assert find_times("make it 2:55 rather than 2:50") == [hm(2, 55), hm(2, 50)]
    assert find_times("in twenty minutes") == []  # from when? unknown without `said`
    six = clock_times("at 6:30 pm")[0]
    assert (six.at, six.face, six.half, six.either) == (hm(18, 30), "6:30", True, False)
    assert not clock_times("09:00")[0].either and clock_times("9:00")[0].either
    said = clock_times("quarter to 9 pm, not 8:45")  # the said time holds the written "9 pm"
    assert [(t.at, t.face, t.half) for t in said] == [(hm(20, 45), "8:45", True), (hm(8, 45), "8:45", False)]
    assert fact_tokens("now half past four") == {"4:30"}


def test_a_move_reads_its_times_near_the_plan_and_from_when_it_came() -> None:
    entry = CalendarEntry(at=hm(14, 50), title="Call with Dana")
    assert moved_to("make it 2:55 rather than 2:50", entry, said=hm(14, 40)) == hm(14, 55)
    assert moved_to("make it 2:55 rather than 2:50", entry) == hm(14, 55)  # near the plan, even unsaid
    assert moved_to("can we start in twenty minutes instead?", entry, said=hm(14, 40)) == hm(15)
    assert moved_to("can we start in twenty minutes instead?", entry) is None


def test_a_time_said_to_be_replaced_is_never_the_new_one() -> None:
    # Found on a shipped scene: "ready until 16:00 now, not 12:00" moved an 08:30 drop-off to 12:00.
    entry = CalendarEntry(at=hm(8, 30), title="Drop the car off", notes="Car ready by 12:00")
    assert swaps("Your Golf won't be ready until 16:00 now, not 12:00.") == [(hm(16), hm(12))]
    assert moved_to("Your Golf won't be ready until 16:00 now, not 12:00.", entry) is None


@pytest.mark.parametrize(
    ("said", "now", "text", "at"),
    [
        ("remind me to call Anna at half past four", hm(14), "Call Anna", hm(16, 30)),
        ("remind me at quarter to six to ring the vet", hm(14), "Ring the vet", hm(17, 45)),
        ("remind me to stretch in half an hour", hm(9), "Stretch", hm(9, 30)),
        ("remind me in twenty minutes to check the oven", hm(14), "Check the oven", hm(14, 20)),
        ("remind me to eat at noon", hm(9), "Eat", hm(12)),
    ],
)
def test_reminders_said_in_words(said: str, now: int, text: str, at: int) -> None:
    parsed = parse_request(said, now)
    assert isinstance(parsed, NewReminder) and (parsed.reminder.text, parsed.reminder.at) == (text, at)


@pytest.mark.parametrize("said", ["remind me to take the 17:52 home", "remind me to catch the 17:52"])
def test_a_time_inside_the_task_is_not_when_to_remind(said: str) -> None:
    parsed = parse_request(said, hm(9))
    assert isinstance(parsed, NewReminder) and parsed.reminder.at is None
    assert parsed.reminder.text == said.removeprefix("remind me to ").capitalize()


def _assistant_with(entry: CalendarEntry) -> ProactiveAssistant:
    assistant = ProactiveAssistant(Phraser(None, load_prompts()), Policy())
    assistant.handle(SceneStarted(at=hm(8), title="t", date="2026-11-24", user_name="Sam", wake_word="hey glass"))
    assistant.handle(CalendarKnown(at=hm(8), entry=entry))
    return assistant


def _due(assistant: ProactiveAssistant, at: int) -> list[Card]:
    return [o for o in assistant.handle(TimeTick(at=at)) if isinstance(o, Card)]


def test_a_plan_moved_in_words_is_due_before_its_new_time() -> None:
    a = _assistant_with(CalendarEntry(at=hm(17, 30), title="Coffee with Priya", where="Blue Door Cafe"))
    a.handle(
        NotificationArrived(
            at=hm(15), app="WhatsApp", sender="Priya", text="can we do quarter to six instead of half five?"
        )
    )
    assert a.context.effective_start(a.context.calendar[0]) == hm(17, 45)
    assert _due(a, hm(17, 19)) == []  # eleven minutes before the printed time
    due = _due(a, hm(17, 35))  # ten minutes before the new one
    assert due and "17:45" in due[0].title


def test_an_afternoon_move_written_on_a_12_hour_clock_stays_in_the_afternoon() -> None:
    a = _assistant_with(CalendarEntry(at=hm(14, 50), title="Call with Dana"))
    a.handle(NotificationArrived(at=hm(14, 30), app="Slack", sender="Dana", text="make it 2:55 rather than 2:50"))
    assert a.context.effective_start(a.context.calendar[0]) == hm(14, 55)
    assert _due(a, hm(14, 39)) == []
    due = _due(a, hm(14, 45))
    assert due and "14:55" in due[0].title


def test_a_move_in_twenty_minutes_counts_from_when_the_message_came() -> None:
    a = _assistant_with(CalendarEntry(at=hm(14, 45), title="Call with Dana"))
    told = a.handle(
        NotificationArrived(at=hm(14, 30), app="Slack", sender="Dana", text="running late, start in twenty minutes?")
    )
    card = next(o for o in told if isinstance(o, Card))
    assert "14:50" in card.title  # the card names the new time, not the printed one
    a.handle(TimeTick(at=hm(14, 40)))  # later ticks do not move it again: it counts from 14:30
    assert a.context.effective_start(a.context.calendar[0]) == hm(14, 50)


def test_a_card_quotes_the_sentence_that_names_the_new_time_in_words() -> None:
    text = "Hi! Party's running over, can we do quarter to five instead for pick-up? x"
    change = Change("Pick up Nell", "time", "16:15", "16:45")
    assert change_sentence(text, change) == "Party's running over, can we do quarter to five instead for pick-up?"


def test_a_12_hour_time_names_a_plan_on_either_half_of_the_day() -> None:
    assert shared_times("the 5:30 is late", "Train to Leeds at 17:30") == {hm(17, 30)}
    assert shared_times("half five", "Coffee at 17:30") == {hm(17, 30)}
    assert shared_times("05:30", "Coffee at 17:30") == set()  # 24-hour: the morning, not the plan
    assert new_times("quarter to six instead of half five", "Coffee at 17:30") == {hm(5, 45)}
    # A spoken time on the 12-hour clock relates an announcement to the wearer's train.
    assert concerns("Conductor: the half five to Leeds is running late", "Train to Leeds at 17:30", overheard=True)


@pytest.mark.parametrize(
    ("said", "moves"),
    [
        ("Your 12:10 appointment has been pushed back half an hour", (1800,)),
        ("Morning Gareth, can we push you back half an hour?", (1800,)),
        ("they've brought it forward by a quarter of an hour", (-900,)),
        ("the 9:40 is delayed by 40 minutes", (2400,)),
        ("we're starting ten minutes later", (600,)),
        ("moved up 15 minutes", (-900,)),
        ("Let's put the huddle back an hour, so half ten", (3600,)),  # what is moved between verb and way
        ("can we push the bridal trial back twenty minutes?", (1200,)),  # a name of several words
        ("put the kettle on for 5 minutes", ()),
        ("it's a 20 minute walk from the station", ()),  # a duration, not a move
        ("see you in twenty minutes", ()),  # a time from now: relative_times reads it
        ("moved 20 minutes", ()),  # which way?
    ],
)
def test_moves_by_an_amount(said: str, moves: tuple[int, ...]) -> None:
    from glassterm.assistant.moves import shifts

    assert shifts(said) == moves


def test_a_move_by_an_amount_counts_from_the_printed_start() -> None:
    from glassterm.events import CalendarEntry

    entry = CalendarEntry(at=10 * 3600 + 15 * 60, title="Henderson - kitchen downlights")
    assert moved_to("Dave: can we push you back half an hour?", entry) == 10 * 3600 + 45 * 60
    # A time said outright wins over the amount: "pushed back half an hour to 12:40".
    later = CalendarEntry(at=12 * 3600 + 10 * 60, title="GP appointment")
    assert moved_to("Your 12:10 appointment has been pushed back half an hour to 12:45", later) == 12 * 3600 + 45 * 60


def test_minutes_without_their_hour_read_against_the_plan() -> None:
    said = "So sorry!! Can we make it half past rather than twenty past?"
    assert find_times(said) == []  # on its own, "half past" is no time
    assert find_times(said, near=hm(10, 20)) == [hm(10, 30), hm(10, 20)]
    assert find_times("can we go back to quarter past after all?", near=hm(11, 30)) == [hm(11, 15)]
    assert find_times("the bus goes at ten past the hour", near=hm(9)) == []
    # A time set in place of one an earlier message moved the plan to is a move too.
    entry = CalendarEntry(at=hm(10), title="Bridal trial")
    assert moved_to(said, entry) == hm(10, 30)


def test_how_to_cancel_and_no_change_are_not_news() -> None:
    from glassterm.assistant.news import calls_off, says_change

    assert not calls_off("Reminder: your appointment is at 12:10. To cancel reply CANCEL.")
    assert not calls_off("Moved to 11:15. Reply C to cancel.") and not calls_off("If you need to cancel, ring us")
    assert calls_off("Sorry, I have to cancel our 1:1 today") and calls_off("the 17:12 has been cancelled")
    assert not says_change("No change from me, I'll collect Ellis at 3:30 as usual")
    assert not says_change("Next week's rota is up, no changes to your Saturdays")
    assert says_change("No change to the time, but we've moved to Room 5")
    # One thing set against another is a change too.
    assert says_change("Mum asked me to say please use the side gate, not the front door")
    assert says_change("food will be in the yellow room, not the red one") and not says_change("it's not the end")
    assert says_change("I'll grab them from yours at 4.30pm, not 5, traffic permitting x")  # a time set against another
    assert says_change("UPDATE: the pool has reopened. Lessons from 4pm will go ahead as normal.")  # back on
    assert says_change("debrief shifted to half 11 pls") and not says_change("On the night shift with Tom")
    # A cancellation from the plan's person concerns the plan in one of its words.
    from glassterm.assistant.news import concerns

    scrapped = "scrap the huddle, just read my notes on the board. scrubbing back in."
    assert concerns(scrapped, "Handover huddle", sender="Dr Reuben Clarke")
    assert not concerns("just read my notes on the huddle board", "Handover huddle", sender="Dr Reuben Clarke")


def test_lateness_is_news_but_no_move() -> None:
    from glassterm.assistant.moves import late_by, shifts

    assert late_by("Mr Dunn's just rung, he's stuck on the A13 and running 15 late") == (900,)
    assert late_by("Train's crawling, I'm running about 15 mins behind") == (900,)
    assert late_by("I'll be half an hour late, sorry") == (1800,)
    assert late_by("running two behind on the list") == () and late_by("running late") == ()
    # A friend late for the film does not move the film.
    assert shifts("Train's crawling, I'm running about 15 mins behind") == ()


def test_a_message_that_only_confirms_is_no_news() -> None:
    from glassterm.assistant.news import only_confirms

    assert only_confirms("Just confirming Haddon Travel have you down for the coach back at 1:15 as planned.")
    assert only_confirms("off the bus, in at half 3 as planned 👍")
    assert not only_confirms("Sorry, can we do 10:45 instead of 10:30? Everything else as planned.")
    # A change in one sentence is news whatever another confirms.
    assert not only_confirms(
        "School will close early today. Please collect your child from 12:30. Breakfast club is running as normal."
    )
    assert not only_confirms("Quarter to six please")


def test_a_time_on_another_day_moves_nothing_today() -> None:
    entry = CalendarEntry(at=hm(15), title="1:1 with Kenji")
    said = "Sorry Hannah, I have to cancel our 1:1 today - the offsite ran over. Monday at 10 instead?"
    assert moved_to(said, entry, said=hm(14)) is None
    assert moved_to("can we do 4 instead? tomorrow at 9 is no good", entry, said=hm(14)) is None
    assert moved_to("can we do 16:30 instead?", entry, said=hm(14)) == hm(16, 30)


def test_a_time_given_with_the_one_it_replaces() -> None:
    assert swaps("New estimated arrival 15.45 (scheduled 14:55)", said=hm(13, 58)) == [(hm(15, 45), hm(14, 55))]
    assert swaps("Kick-off 10.40 on pitch 1 (was 11:00)", near=hm(11)) == [(hm(10, 40), hm(11))]
    entry = CalendarEntry(at=hm(11), title="U9 semi-final")
    assert moved_to("CardiffCup: Kick-off 10.40 on pitch 1 (was 11:00)", entry, said=hm(10)) == hm(10, 40)
