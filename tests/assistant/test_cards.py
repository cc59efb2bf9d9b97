"""Cards a wearer reads at a glance: the change on line 1, who or why next, the source a page away."""

from __future__ import annotations

import dataclasses

from glassterm.assistant.cards import (
    Change,
    entry_change,
    line_name,
    place_change,
    sender_label,
    short_name,
    spoken_words,
    who_and_why,
)
from glassterm.assistant.context import entry_subject
from glassterm.assistant.gist import headline
from glassterm.assistant.grounding import Phraser
from glassterm.assistant.policy import Policy
from glassterm.assistant.proactive import ProactiveAssistant
from glassterm.assistant.prompts import load_prompts
from glassterm.display import DISPLAYS, first_line, fits_one_page
from glassterm.events import (
    CalendarEntry,
    CalendarKnown,
    Card,
    Heard,
    LocationChanged,
    NotificationArrived,
    Reminder,
    ReminderSet,
    SceneStarted,
    Seen,
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
    # Who says so (not the app: that is on the detail page with the whole message); the
    # sentence that asks for the move only says line 1 again, so it is left to the detail.
    assert card.body == "Sue"
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


def test_a_headline_is_the_clause_with_the_news_cut_as_written() -> None:
    said = "heads up, Sadhbh swapped our room with the PhD lot, we're in G04 now not G12. same time"
    assert headline(said, "Exam in G12", 40) == "We're in G04 now not G12"
    # A greeting or a name called opens the sentence; the news follows it.
    assert headline("Morning Gareth, can we do 10:45 instead?", "Job 10:15 Gareth", 40) == "Can we do 10:45 instead?"
    # Nothing new to name (no code, time or thing to do): no headline, the sender leads instead.
    assert headline("Running a bit behind, sorry!", "Dinner 19:00", 40) == ""
    assert headline("Please be in, a signature is required.", "", 40) == "Please be in, a signature is required"
    # "The board" is no boarding call, though the two share a stem; lateness is news.
    fluids = "hiya, forgot to update the board - Biscuit's fluids went down to 5ml/hr at 6, ignore the 8!"
    assert "5ml/hr" in headline(fluids, "Jess", 40)
    assert "running 15 late" in headline("Leanne: Sorry, Mr Dunn's stuck on the A13 and running 15 late", "Mr Dunn", 40)


def test_a_message_without_a_nameable_change_leads_with_its_news() -> None:
    a = assistant()
    text = "heads up, Sadhbh swapped our room with the PhD lot, we're in G04 now not G12. same time"
    card = card_of(a.handle(NotificationArrived(at=START + 60, app="WhatsApp", sender="Marek", text=text)))
    assert card.title == "We're in G04 now not G12" and "G04" in first_line(card.title, card.body, G1)
    assert card.body.startswith("Marek") and card.detail == f"Marek (WhatsApp): {text}"


def test_the_second_line_is_who_and_what_else_they_said() -> None:
    assert sender_label("Marcus Adeyemi (Outlook)") == "Marcus Adeyemi"
    assert sender_label("Lena (Brightwater Dental) (Messages)") == "Lena (Brightwater Dental)"
    cancelled = Change("Demo", "cancelled", None, None)
    said = "Hi Noor, I'm sorry - today's 12:00 demo has been called off, our presenter is unwell."
    # For a cancellation with nothing newer to say, the sender's own words for it.
    assert who_and_why("Sam (Mail)", said, "Noor Demo 12:00 Demo cancelled", change=cancelled) == (
        "Sam: Today's 12:00 demo has been called off"
    )
    # A new time or thing to do beats the words for the change.
    said = "I have to cancel our 9:05 call. Could we reschedule to Thursday at 10:30?"
    assert who_and_why("Jo (Gmail)", said, "Call 9:05 Call cancelled", change=cancelled) == (
        "Jo: Could we reschedule to Thursday at 10:30?"
    )
    assert who_and_why("Jo (Gmail)", "Sorry!", "Call 9:05", change=cancelled) == "Jo"


def test_a_new_place_after_a_delay_already_told_is_the_headline() -> None:
    a = assistant()
    a.handle(CalendarKnown(at=START, entry=CalendarEntry(at=18 * H + 600, title="Train home to Bristol")))
    a.handle(
        NotificationArrived(
            at=START + 60, app="Trainline", sender=None, text="Your 18:10 to Bristol is now expected at 18:26."
        )
    )
    heard = "The delayed 18:26 service to Bristol will now depart from platform 1."
    card = card_of(a.handle(Heard(at=START + 120, text=heard)))
    assert card.title == "Train home: now Platform 1" and card.news == "1"


def test_the_first_new_place_said_is_the_move() -> None:
    said = "The 12:25 ferry to Cacilhas will depart from pier 1. Pier 2 is closed."
    assert place_change(said, "Lunch across the river, ferry from pier 2") == ("pier", "2", "1")


def test_what_a_message_names_beats_who_sends_it() -> None:
    # Found on a blind scene: Jess saying "push the bridal trial back" was filed under the
    # reminder to pick up Jess's birthday cake, so the trial's card had no new time.
    a = assistant()
    a.handle(CalendarKnown(at=START, entry=CalendarEntry(at=START + 2 * H, title="Bridal trial - Chloe Barnes")))
    a.handle(ReminderSet(at=START, reminder=Reminder(text="Pick up Jess's birthday cake", near="bakery")))
    a.handle(SceneStarted(at=START, title="t", date="2026-11-24", user_name="Tanya", wake_word="hey glass"))
    heard = "Jess: Tanya, Chloe's running late, can we push the bridal trial back twenty minutes?"
    card = card_of(a.handle(Heard(at=START + 60, text=heard)))
    assert card.title == "Bridal trial 10:00 → 10:20"


def test_a_reminder_fires_on_its_things_in_view_not_on_the_people_in_it(hub) -> None:  # type: ignore[no-untyped-def]
    # With tier 1 (the view "looks like" a ski rental at 0.42): the people in the reminder are
    # not its things, so Mia in view is no reason to think this is the shop.
    a = ProactiveAssistant(Phraser(None, load_prompts()), Policy(), encoder=hub.encoder())
    a.handle(SceneStarted(at=START, title="t", date="2026-11-24", user_name="Jonas", wake_word="hey glass"))
    a.handle(ReminderSet(at=START, reminder=Reminder(text="Swap Mia's boots for a size bigger", near="ski rental")))
    a.handle(ReminderSet(at=START, reminder=Reminder(text="Buy lip balm and sun cream for the kids")))
    a.handle(LocationChanged(at=START + 1, place="Valley station car park"))  # the camera looks from here on
    assert not [
        o
        for o in a.handle(
            Seen(at=START + 300, description="Rows of cars, families carrying skis, Mia and Felix in orange helmets")
        )
        if isinstance(o, Card)
    ]
    assert not [
        o for o in a.handle(Seen(at=START + 600, description="The kids' area by the lift")) if isinstance(o, Card)
    ]
    kiosk = a.handle(Seen(at=START + 900, description="Kiosk counter with lip balm sticks and tubes of sun cream"))
    assert card_of(kiosk).title == "Buy lip balm and sun cream for the kids"


def test_a_lead_card_can_wait_out_news_the_wearer_was_just_shown() -> None:
    def lead_cards(policy: Policy) -> list[Card]:
        a = ProactiveAssistant(Phraser(None, load_prompts()), policy)
        a.handle(SceneStarted(at=START, title="t", date="2026-11-24", user_name=None, wake_word="hey glass"))
        a.handle(CalendarKnown(at=START, entry=CalendarEntry(at=START + H, title="Fight call", where="Stage")))
        moved = "Fight call bumped to quarter past nine"
        assert card_of(a.handle(NotificationArrived(at=START + 50 * 60, app="Slack", sender="Hannah", text=moved)))
        return [o for o in a.handle(TimeTick(at=START + 65 * 60)) if isinstance(o, Card)]

    # Off by default (the shipped scenes' authors expect the reminder before it starts) ...
    assert [card.title for card in lead_cards(Policy())] == ["Fight call now 09:15"]
    # ... and a knob for those who call it a repeat (most blind authors did).
    assert lead_cards(dataclasses.replace(Policy(), calendar_quiet_after_news_min=30)) == []


def test_a_change_said_aloud_of_a_plan_in_its_own_words_is_news_for_it_but_not_another_label() -> None:
    def heard(text: str) -> list[Card]:
        a = assistant()
        entry = CalendarEntry(at=START + 2 * H, title="Jury service: Panel C trial", where="Court 5, Crown Court")
        a.handle(CalendarKnown(at=START, entry=entry))
        return [o for o in a.handle(Heard(at=START + 60, text=text)) if isinstance(o, Card)]

    mine = heard(
        "Usher: Panel C, change of plan - you're now in Court 2, not Court 5, and it's been put back to quarter past ten."
    )
    assert mine and mine[0].title == "Jury service 10:00 → 10:15"
    # The same words for another panel are someone else's news.
    assert (
        heard("Usher: Panel B, change of plan - you're now in Court 4, and it's been put back to quarter past ten.")
        == []
    )


def test_a_move_to_a_named_place_of_no_known_kind_is_the_headline() -> None:
    said = "Today's group B tutorial has moved from Bragg 2.07 to Bragg 3.15 because of a water leak."
    assert place_change(said, "Tutorial in Bragg 2.07") == ("place", "Bragg 2.07", "Bragg 3.15")
    assert Change("Tutorial", "place", "Bragg 2.07", "Bragg 3.15").headline() == "Tutorial: Bragg 3.15, not Bragg 2.07"
    # Times and dates are no places, however they are written.
    assert place_change("The call has moved to 12.40", "Call") is None
    assert place_change("The fitting moved to Tuesday 14", "Fitting") is None


def test_the_second_line_never_just_says_the_first_again() -> None:
    moved = Change("Budget review", "place", None, "Birch 4.02")
    said = "Budget review moved to Birch 4.02 - the projector in Cedar 2.14 is broken"
    assert who_and_why("Marcus (Outlook)", said, "Budget review: now Birch 4.02", change=moved) == (
        "Marcus: The projector in Cedar 2.14 is broken"  # the why, not "moved to Birch 4.02" again
    )
    # A moment the plan reaches is news beside a gate already told: "now boarding".
    gate = Change("Boarding", "gate", "B12", "D4")
    said = "easyJet flight EZY 2153 to Lisbon is now boarding at gate D4. Speedy boarding first, please."
    assert who_and_why(
        "Heard", said, "Boarding: easyJet EZY 2153 to Lisbon Boarding: Gate D4, not B12", change=gate
    ) == ("Heard: Now boarding at gate D4")


def test_a_move_in_the_present_tense_is_a_move_and_its_reason_does_not_lead_with_of() -> None:
    a = assistant()
    a.handle(CalendarKnown(at=START, entry=CalendarEntry(at=START + 2 * H + 1800, title="Tea ceremony")))
    said = "Because of a private event this afternoon we must move your ceremony up to 10:10."
    card = card_of(a.handle(NotificationArrived(at=START + 60, app="LINE", sender="Hosen-an tea house", text=said)))
    assert card.title == "Tea ceremony 10:30 → 10:10"
    assert headline("Because of a private event we must move it to 10:10, sorry", "Tea ceremony", 80).startswith(
        "A private"
    )


def test_a_headline_cut_from_the_message_is_not_said_again_below_it() -> None:
    a = assistant()
    said = "your coach home's been brought forward to half ten, not eleven. Sorry all!"
    card = card_of(a.handle(NotificationArrived(at=START + 60, app="WhatsApp", sender="Hannah", text=said)))
    assert card.title.startswith("Your coach home's been brought forward")  # cut as written, one capital gained
    assert "brought forward" not in card.body, card


def test_a_time_a_minute_or_two_off_is_another_moment_not_a_move() -> None:
    from glassterm.assistant.news import moved_to

    flight = CalendarEntry(at=10 * H + 25 * 60, title="Flight BA500")
    said = "This flight will now depart from gate B44. Boarding will begin in twenty minutes"
    assert moved_to(said, flight, said=10 * H + 6 * 60) is None


def test_a_weather_card_leads_with_the_forecast_and_gives_its_advice_once() -> None:
    a = assistant()
    radio = "Radio: Weather warning: heavy showers from eight o'clock, up to twenty millimetres. Take an umbrella."
    card = card_of(a.handle(Heard(at=START + 60, text=radio)))
    assert card.title == "Heavy showers from eight o'clock" and card.body.count("umbrella") == 1, card


def test_messages_in_short_forms_and_a_sender_carrying_on_a_thread() -> None:
    # Found on blind set K: "Fam mtg", "Yr 4 ... brought fwd", then "scratch that ... instead".
    a = assistant()
    race = CalendarEntry(at=START + 2 * H, title="Tobi - Year 4 boys 100m", where="Main track")
    meeting = CalendarEntry(at=START + 6 * H, title="Family meeting - Okonkwo family", notes="With Dee Marsh")
    a.handle(CalendarKnown(at=START, entry=race))
    a.handle(CalendarKnown(at=START, entry=meeting))
    text = "Gd morning all, Yr 4 100m has been brought fwd to half past 9 bcos of the heat"
    card = card_of(a.handle(NotificationArrived(at=START + 60, app="WhatsApp", sender="Mrs Bello", text=text)))
    assert card.title == "Tobi 10:00 → 09:30" and a.context.effective_start(race) == START + 90 * 60
    a.handle(
        NotificationArrived(at=START + H, app="Messages", sender="Dee Marsh", text="Fam mtg moved to the Garden Rm")
    )
    later = "scratch that, garden rm double booked w/ a vigil. Lantern Room instead, same time"
    a.handle(NotificationArrived(at=START + H + 7 * 60, app="Messages", sender="Dee Marsh", text=later))
    assert "Lantern Room" in a.context.latest_update(entry_subject(meeting))
    # The same words from another sender, or long after, start no thread.
    assert a.context.owner_of("scratch that, Lantern Room instead", "Sam", False) is None


def test_a_time_proposed_in_place_of_the_plan_moves_it() -> None:
    a = assistant()
    call = CalendarEntry(at=START + 3 * H, title="Call Uche - shop lease")
    a.handle(CalendarKnown(at=START, entry=call))
    said = "Sorry ma, bank queue is mad, lets do quarter past 11 abeg"
    card = card_of(a.handle(NotificationArrived(at=START + H, app="WhatsApp", sender="Uche", text=said)))
    assert card.title == "Call Uche 11:00 → 11:15"


def test_a_group_message_for_someone_else_is_no_card_and_no_news() -> None:
    # Found on blind set L: "@Kev ur 10am in Hatfield is cancelled" had cancelled the wearer's 10am.
    a = assistant()
    job = CalendarEntry(at=START + 2 * H, title="Lock change - Mrs Okafor", where="14 Elm Grove")
    a.handle(CalendarKnown(at=START, entry=job))
    said = "@Kev ur 10am in Hatfield is cancelled, cust found their keys"
    outputs = a.handle(NotificationArrived(at=START + H, app="WhatsApp", sender="Lockforce Crew - Sandra", text=said))
    assert not [o for o in outputs if isinstance(o, Card)] and not a.context.cancelled(job)
    # Addressed to the wearer, it is theirs.
    said = "@Sam ur 10am lock change is cancelled, cust found their keys"
    card = card_of(a.handle(NotificationArrived(at=START + H + 60, app="WhatsApp", sender="Sandra", text=said)))
    assert "cancelled" in card.title and a.context.cancelled(job)


def test_a_later_word_that_moves_nothing_leaves_the_move_standing() -> None:
    # Found on blind set N: "Can u go straight after Harold?" had put Harold back at 09:35.
    a = assistant()
    visit = CalendarEntry(at=START + 95 * 60, title="Harold Bain - morning call")
    a.handle(CalendarKnown(at=START, entry=visit))
    a.handle(
        NotificationArrived(at=START + 50 * 60, app="CareLink", sender="Jo", text="Can u make Harold for 10 instead?")
    )
    assert a.context.effective_start(visit) == START + 2 * H
    said = "Sunita back on after all. Can u go straight after Harold?"
    a.handle(NotificationArrived(at=START + 100 * 60, app="CareLink", sender="Jo", text=said))
    assert a.context.effective_start(visit) == START + 2 * H
    # The printed time said again takes the move back.
    a.handle(
        NotificationArrived(at=START + 101 * 60, app="CareLink", sender="Jo", text="Harold: 9.35 after all, sorry")
    )
    assert a.context.effective_start(visit) == START + 95 * 60


def test_a_message_moving_one_plan_and_naming_another_moves_the_one_it_names_with_the_move() -> None:
    # Found on blind set N: the elbows' reminder shared more words, so the Nolan job kept 08:00.
    a = assistant()
    job = CalendarEntry(at=START, title="Boiler service - Mrs Nolan", where="22 Leinster Square")
    a.handle(CalendarKnown(at=START - H, entry=job))
    a.handle(
        ReminderSet(
            at=START - H, reminder=Reminder(text="Grab the copper elbows from the merchants", near="plumbers merchant")
        )
    )
    said = "morn cian. nolan moved to half 8 shes doin the school run. grab the elbows on ur way, merchants shuts 1630"
    a.handle(NotificationArrived(at=START - 17 * 60, app="WhatsApp", sender="Declan (boss)", text=said))
    assert a.context.effective_start(job) == START + 1800
