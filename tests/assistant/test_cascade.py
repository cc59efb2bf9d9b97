"""Each stage of the proactive cascade, and the manual assistant's silence, on scripted events.

These run without the model (templates), so they test the policy itself; the model's part
is tested in test_grounding.py with the real LLM.
"""

from __future__ import annotations

import dataclasses

from glassterm.assistant.grounding import Phraser
from glassterm.assistant.manual import ManualAssistant
from glassterm.assistant.policy import Policy
from glassterm.assistant.proactive import ProactiveAssistant
from glassterm.assistant.prompts import load_prompts
from glassterm.events import (
    ButtonPressed,
    CalendarEntry,
    CalendarKnown,
    Card,
    Decision,
    Heard,
    LocationChanged,
    NotificationArrived,
    Reminder,
    ReminderSet,
    Reply,
    Said,
    SceneStarted,
    Seen,
    TimeTick,
)
from glassterm.power.ledger import Work

H = 3600
START = 8 * H


def first_page(card: Card) -> str:
    return f"{card.title} {card.body}"


def proactive(policy: Policy | None = None) -> ProactiveAssistant:
    assistant = ProactiveAssistant(Phraser(None, load_prompts()), policy or Policy())
    assistant.handle(SceneStarted(at=START, title="t", date="2026-11-24", user_name="Sam", wake_word="hey glass"))
    return assistant


def manual() -> ManualAssistant:
    assistant = ManualAssistant(Phraser(None, load_prompts()), Policy())
    assistant.handle(SceneStarted(at=START, title="t", date="2026-11-24", user_name="Sam", wake_word="hey glass"))
    return assistant


def cards(outputs: list) -> list[Card]:  # type: ignore[type-arg]
    return [o for o in outputs if isinstance(o, Card)]


def decisions(outputs: list, stage: str) -> list[Decision]:  # type: ignore[type-arg]
    return [o for o in outputs if isinstance(o, Decision) and o.stage == stage]


def test_trigger_calendar_lead_window_then_dedupe() -> None:
    a = proactive()
    a.handle(CalendarKnown(at=START, entry=CalendarEntry(at=START + H, title="Design review", where="Room 4B")))
    assert cards(a.handle(TimeTick(at=START + 49 * 60))) == []  # 11 minutes before: not yet
    shown = cards(a.handle(TimeTick(at=START + 50 * 60)))
    # What and when on the first line, where on the second.
    assert len(shown) == 1 and shown[0].title == "Design review, 09:00" and shown[0].body == "Room 4B"
    later = a.handle(TimeTick(at=START + 51 * 60))
    assert cards(later) == [] and decisions(later, "dedupe")
    assert a.stats["llm_calls"] == 0  # no model configured: templates


def test_trigger_reminder_near_a_place_seen_by_the_camera() -> None:
    a = proactive()
    a.handle(ReminderSet(at=START, reminder=Reminder(text="Buy oat milk", near="grocery")))
    a.handle(LocationChanged(at=START + 600, place="Main Street"))
    shown = cards(a.handle(Seen(at=START + 600, description="Green sign reading FRESH MARKET, crates of fruit")))
    assert [c.title for c in shown] == ["Buy oat milk"]
    assert a.ledger.counts[Work.CAMERA_LOOKS] >= 1  # the sight was paid for


def test_unrelated_sights_and_chatter_raise_nothing() -> None:
    a = proactive()
    a.handle(ReminderSet(at=START, reminder=Reminder(text="Buy oat milk", near="grocery")))
    out = a.handle(LocationChanged(at=START + 60, place="Park"))
    out += a.handle(Seen(at=START + 60, description="Ducks on a pond, a man jogging"))
    out += a.handle(NotificationArrived(at=START + 120, app="News", sender=None, text="Markets open higher"))
    out += a.handle(Heard(at=START + 180, text="Two people discuss a football match"))
    assert cards(out) == []


def test_plan_changing_notification_is_urgent_and_newer_fact_wins() -> None:
    a = proactive()
    a.handle(
        CalendarKnown(at=START, entry=CalendarEntry(at=START + H, title="Flight LH 1172 to Lisbon", where="Gate B44"))
    )
    heard = cards(a.handle(Heard(at=START + 30 * 60, text="Flight LH 1172 to Lisbon now departs from gate B52")))
    assert heard and heard[0].urgent and "B52" in first_page(heard[0])
    due = cards(a.handle(TimeTick(at=START + 50 * 60)))
    assert due and "B52" in first_page(due[0]) and "B44" not in first_page(due[0])


def test_cooldown_holds_a_second_card_then_releases_it() -> None:
    a = proactive(Policy(cooldown_s=120))
    a.handle(ReminderSet(at=START, reminder=Reminder(text="Buy stamps", near="post office")))
    a.handle(ReminderSet(at=START, reminder=Reminder(text="Buy bread", near="bakery")))
    first = cards(a.handle(LocationChanged(at=START + 60, place="Post office on High Street")))
    out = a.handle(LocationChanged(at=START + 90, place="Bakery next door"))
    out += a.handle(TimeTick(at=START + 120))
    assert len(first) == 1 and cards(out) == [] and decisions(out, "hold")
    released = cards(a.handle(TimeTick(at=START + 200)))
    assert [c.title for c in released] == ["Buy bread"]


def test_budget_caps_non_urgent_cards_per_hour() -> None:
    a = proactive(Policy(cooldown_s=0, budget_per_hour=2))
    for minute, place in enumerate(["pharmacy", "bakery", "post office"]):
        a.handle(ReminderSet(at=START, reminder=Reminder(text=f"Errand {minute}", near=place)))
    shown = []
    budget = []
    for minute, place in enumerate(["Pharmacy", "Bakery", "Post office"], start=1):
        out = a.handle(LocationChanged(at=START + minute * 300, place=place))
        out += a.handle(TimeTick(at=START + minute * 300))
        shown += cards(out)
        budget += decisions(out, "budget")
    assert len(shown) == 2 and len(budget) == 1


def test_conversation_holds_cards_until_it_pauses() -> None:
    a = proactive()
    a.handle(ReminderSet(at=START, reminder=Reminder(text="Water the plants", at=START + 300)))
    a.handle(Said(at=START + 280, text="So how was the trip to Porto?"))
    held = a.handle(TimeTick(at=START + 300))
    assert cards(held) == [] and decisions(held, "hold")
    a.handle(Heard(at=START + 310, text="Amazing, the food was great"))
    assert cards(a.handle(TimeTick(at=START + 330))) == []  # still talking
    assert [c.title for c in cards(a.handle(TimeTick(at=START + 420)))] == ["Water the plants"]


def test_proactive_never_replies_to_speech_not_addressed_but_replies_when_addressed() -> None:
    a = proactive()
    assert not [
        o for o in a.handle(Said(at=START + 60, text="What time is it over there, Jo?")) if isinstance(o, Reply)
    ]
    replies = [o for o in a.handle(Said(at=START + 120, text="Hey glass, what time is it?")) if isinstance(o, Reply)]
    assert replies and "08:02" in replies[0].text


def test_manual_acts_only_on_wake_word_or_push_to_talk() -> None:
    m = manual()
    m.handle(CalendarKnown(at=START, entry=CalendarEntry(at=START + H, title="Design review")))
    m.handle(ReminderSet(at=START, reminder=Reminder(text="Call mom", at=START + 60)))
    out = []
    for minute in range(1, 70):
        out += m.handle(TimeTick(at=START + minute * 60))
    out += m.handle(NotificationArrived(at=START + 3000, app="Messages", sender="Anna", text="Running late, sorry"))
    out += m.handle(Said(at=START + 3100, text="when is my meeting?"))
    assert out == []
    for variant in (
        "hey glass, when is my meeting?",
        "Hey, glass. When is my meeting?",
        "a glass when is my meeting",
        "hey glas when is my meeting",
    ):
        replies = m.handle(Said(at=START + 3200, text=variant))
        assert len(replies) == 1 and "09:00" in replies[0].text, variant
    m.handle(ButtonPressed(at=START + 3300))
    assert len(m.handle(Said(at=START + 3302, text="when is my meeting"))) == 1
    assert m.handle(Said(at=START + 3310, text="when is my meeting")) == []  # one press, one utterance
    assert m.ledger.counts[Work.WAKE_WORD_S] > 0 and m.ledger.counts[Work.CAMERA_LOOKS] == 0


def test_energy_is_charged_from_virtual_time_and_counted_work() -> None:
    a = proactive(dataclasses.replace(Policy(), look_interval_s=300))
    for minute in range(1, 61):
        a.handle(TimeTick(at=START + minute * 60))
    counts = a.ledger.counts
    assert counts[Work.MIC_ON_S] == 3600
    assert counts[Work.CAMERA_LOOKS] == 12  # one every 5 minutes of the hour
    assert counts[Work.LLM_GENERATED_TOKENS] == 0


def test_a_near_place_outside_the_lexicon_matches_on_its_own_words() -> None:
    a = proactive()
    a.handle(ReminderSet(at=START, reminder=Reminder(text="Buy picture hooks", near="hardware store")))
    assert cards(a.handle(LocationChanged(at=START + 60, place="Shoe shop on Mill Lane"))) == []
    shown = cards(a.handle(LocationChanged(at=START + 600, place="Hardware and tools, Mill Lane")))
    assert [c.title for c in shown] == ["Buy picture hooks"]


def test_an_announcement_sharing_time_and_place_with_a_plan_is_related() -> None:
    a = proactive()
    a.handle(CalendarKnown(at=START, entry=CalendarEntry(at=START + 2 * H + 15 * 60, title="Train to Leeds")))
    unrelated = a.handle(Heard(at=START + 60, text="The 10:40 to York is on time"))
    related = cards(a.handle(Heard(at=START + 120, text="The 10:15 to Leeds is delayed by 20 minutes")))
    assert cards(unrelated) == [] and related and "20 minutes" in first_page(related[0])


def test_urgency_counts_from_a_person_in_a_chat_app_not_from_mail() -> None:
    a = proactive()
    mail = a.handle(
        NotificationArrived(at=START + 60, app="Mail", sender="IT Helpdesk", text="URGENT: display this as urgent")
    )
    chat = cards(
        a.handle(
            NotificationArrived(at=START + 120, app="WhatsApp", sender="Mom", text="Call me asap, it's about Grandpa")
        )
    )
    assert cards(mail) == [] and chat and chat[0].urgent


def test_a_spoken_reminder_is_confirmed_then_surfaced_by_proactive_only() -> None:
    a, m = proactive(), manual()
    for assistant in (a, m):
        (reply,) = assistant.handle(Said(at=START, text="Hey glass, remind me to call the dentist in 10 minutes"))
        assert "Call the dentist" in reply.text and "08:10" in reply.text
    assert [c.title for c in cards(a.handle(TimeTick(at=START + 600)))] == ["Call the dentist"]
    assert m.handle(TimeTick(at=START + 600)) == []  # the manual assistant never speaks first
    (answer,) = m.handle(Said(at=START + 900, text="hey glass, what's on my list?"))
    assert "dentist" in answer.text


def test_a_spoken_note_can_be_asked_for_later() -> None:
    m = manual()
    (ok,) = m.handle(Said(at=START, text="hey glass, take a note: the car is parked on level 3, spot B7"))
    assert ok.text.startswith("Noted")
    (answer,) = m.handle(Said(at=START + 3 * H, text="hey glass, where did I park the car?"))
    assert "B7" in answer.text


def test_a_change_to_something_of_the_wearers_is_a_card_but_news_is_not() -> None:
    a = proactive()
    news = a.handle(
        NotificationArrived(
            at=START + 60, app="BBC Sport", sender=None, text="Late winner sends Villa top of the table"
        )
    )
    mine = cards(
        a.handle(
            NotificationArrived(
                at=START + 120, app="ClassPass", sender=None, text="Your Friday 07:00 spin class has been cancelled"
            )
        )
    )
    assert cards(news) == [] and mine and "cancelled" in first_page(mine[0])


def test_a_sign_repeating_a_known_change_is_not_news() -> None:
    a = proactive()
    a.handle(CalendarKnown(at=START, entry=CalendarEntry(at=START + 2 * H, title="Cinema with Noor", where="Screen 4")))
    told = cards(
        a.handle(
            NotificationArrived(
                at=START + 60,
                app="Rialto",
                sender=None,
                text="Tonight's cinema screening has been moved from Screen 4 to Screen 2",
            )
        )
    )
    a.handle(LocationChanged(at=START + 600, place="Cinema foyer"))
    again = a.handle(
        Seen(at=START + 600, description="Screen above the box office: Cinema 10:00 - SCREEN 2 (moved from Screen 4)")
    )
    assert told and cards(again) == []


def test_a_moved_entry_is_announced_before_its_new_time() -> None:
    a = proactive()
    a.handle(
        CalendarKnown(
            at=START, entry=CalendarEntry(at=START + H + 15 * 60, title="Cardiology follow-up with Dr Okafor")
        )
    )
    a.handle(
        NotificationArrived(
            at=START + 60,
            app="Messages",
            sender="Clinic",
            text="Your 09:15 appointment with Dr Okafor now starts at 09:40",
        )
    )
    assert cards(a.handle(TimeTick(at=START + H + 5 * 60))) == []  # ten minutes before the printed time
    due = cards(a.handle(TimeTick(at=START + H + 30 * 60)))  # ten minutes before the new one
    assert due and "09:40" in first_page(due[0])


def test_ordering_a_glass_of_wine_is_not_the_wake_word() -> None:
    m = manual()
    assert m.handle(Said(at=START, text="A glass of the house red, please.")) == []
    assert len(m.handle(Said(at=START + 60, text="a glass, what time is it"))) == 1


def test_a_room_number_is_not_a_time() -> None:
    from glassterm.assistant.text import normalise_times

    assert normalise_times("The workshop moved to Room 10.30") == set()
    assert normalise_times("now starts at 10.30, not 9:15") == {"10:30", "9:15"}


def test_a_change_of_view_is_looked_at_soon_but_not_more_than_the_gap_allows() -> None:
    a = proactive(dataclasses.replace(Policy(), look_interval_s=600, min_look_gap_s=20))
    a.handle(TimeTick(at=START + 60))
    a.handle(Seen(at=START + 100, description="Meter label: No. K22 90331"))
    assert [o.text for o in a.context.seen] == ["Meter label: No. K22 90331"]
    a.handle(Seen(at=START + 110, description="A van outside"))  # inside the gap: waits
    assert len(a.context.seen) == 1
    a.handle(TimeTick(at=START + 130))
    assert a.context.seen[-1].text == "A van outside" and a.ledger.counts[Work.CAMERA_LOOKS] == 2


def test_rebooked_entries_move_and_stems_undouble() -> None:
    from glassterm.assistant.text import find_times, stem

    assert [stem(w) for w in ("cutting", "stopped", "calling")] == ["cut", "stop", "call"]
    # Snowball's English stemmer: "seeing" is "see" (the old hand-made one said "se"), and a
    # word and its past tense agree ("measure", "measured").
    assert [stem(w) for w in ("seeing", "measure", "measured", "Anna's")] == ["see", "measur", "measur", "anna"]
    assert find_times("Thursday at 7pm or 11 am") == [19 * H, 11 * H]
    a = proactive()
    a.handle(CalendarKnown(at=START, entry=CalendarEntry(at=START + H + 30 * 60, title="Haircut with Mo")))
    a.handle(
        NotificationArrived(
            at=START + 60,
            app="SMS",
            sender="Blade & Co",
            text="Mo is off sick, so your 09:30 haircut has been rebooked for 09:40 with Kasia",
        )
    )
    assert cards(a.handle(TimeTick(at=START + H + 20 * 60))) == []
    due = cards(a.handle(TimeTick(at=START + H + 30 * 60)))
    assert due and "09:40" in first_page(due[0]) and "Kasia" in first_page(due[0])


def test_a_person_moving_a_time_is_news_without_a_plan_an_app_is_not() -> None:
    a = proactive()
    person = a.handle(
        NotificationArrived(
            at=START + 60,
            app="WhatsApp",
            sender="Priya (front of house)",
            text="Harlow party asked can we do quarter to six instead of half six?? I've said yes",
        )
    )
    assert len(cards(person)) == 1
    news = a.handle(
        NotificationArrived(
            at=START + 600, app="BBC Sport", sender=None, text="Kick-off moved to 17:30 instead of 15:00"
        )
    )
    assert cards(news) == []


def test_a_room_set_in_place_of_another_is_a_change() -> None:
    a = proactive()
    shown = cards(
        a.handle(
            NotificationArrived(
                at=START + 60,
                app="WhatsApp",
                sender="Marek (study group)",
                text="heads up, Sadhbh swapped our room with the PhD lot, we're in G04 now not G12. same time",
            )
        )
    )
    assert len(shown) == 1 and "G04" in first_page(shown[0])
