"""The cheap first stage of the proactive cascade: signals that need no model.

Each trigger looks at the context (and the event that just arrived) and proposes
candidates. A candidate's facts come from its source; the model may only reword them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from glassterm.assistant.context import (
    Context,
    code_tokens,
    concerns,
    describe_entry,
    describe_reminder,
    distinctive,
    entry_subject,
    gist,
)
from glassterm.assistant.policy import Policy
from glassterm.assistant.text import content_stems, mentions_any, normalise_times
from glassterm.assistant.vocabulary import (
    ACTION_WORDS,
    ANNOUNCE_WORDS,
    CANCEL_WORDS,
    CHANGE_WORDS,
    CHAT_APPS,
    FORECAST,
    PERSONAL_URGENT,
    PLACE_FILLERS,
    PLACE_WORDS,
    PRECIPITATION,
    TASK_VERBS,
    TRANSPORT_WORDS,
    URGENT_WORDS,
)
from glassterm.clock import format_hhmm
from glassterm.events import CalendarEntry, Reminder


@dataclass(frozen=True, slots=True)
class Candidate:
    key: str  # de-duplication key
    source: str  # calendar, reminder, notification, announcement, sight, weather
    title: str
    template: str  # the grounded body: true by construction
    facts: list[str] = field(default_factory=list)
    urgent: bool = False
    subject: str = ""  # what it is about, for inhibition by newer facts


def place_matches(near: str, text: str) -> bool:
    """Does a place name or what the camera sees match a reminder's `near`?

    Known kinds of place use their curated words; any other `near` ("hardware store",
    "shoe repair") matches on its own telling words.
    """
    near = near.lower().strip()
    if near in PLACE_WORDS:
        return mentions_any(text, PLACE_WORDS[near] | {near})
    own = {word for word in content_stems(near) if word not in PLACE_FILLERS}
    return mentions_any(text, {near}) or bool(own and own <= content_stems(text))


def calendar_due(context: Context, policy: Policy) -> list[Candidate]:
    now = context.now
    found = []
    for entry in context.calendar:
        until_start = context.effective_start(entry) - now
        update = context.latest_update(entry_subject(entry))
        if update and mentions_any(update, CANCEL_WORDS):
            continue  # a cancelled entry needs no reminder: the cancellation was news enough
        if 0 <= until_start <= policy.calendar_lead_min * 60:
            found.append(calendar_candidate(context, entry, urgent=until_start <= policy.calendar_urgent_min * 60))
    return found


def calendar_candidate(context: Context, entry: CalendarEntry, *, urgent: bool) -> Candidate:
    update = context.latest_update(entry_subject(entry))
    if update:
        # A newer fact beats the printed one: the new time, the news, no stale place or notes.
        template = f"{entry.title} at {format_hhmm(context.effective_start(entry))}. {update}"
    else:
        template = describe_entry(entry)
    return Candidate(
        key=f"calendar:{entry.at}:{entry.title}",
        source="calendar",
        title=entry.title,
        template=template,
        facts=[template],
        urgent=urgent,
        subject=entry.title,
    )


def reminders_due(context: Context, policy: Policy) -> list[Candidate]:
    found = []
    for reminder in context.reminders:
        if reminder.at is not None and 0 <= context.now - reminder.at <= policy.reminder_grace_min * 60:
            found.append(reminder_candidate(context, reminder, why=f"at {format_hhmm(reminder.at)}"))
    return found


def reminders_near(context: Context, text: str) -> list[Candidate]:
    """Reminders whose place, or whose own words, match where the wearer is or what they see."""
    found = []
    seen_stems = content_stems(text)
    for reminder in context.reminders:
        if reminder.near and place_matches(reminder.near, text):
            found.append(reminder_candidate(context, reminder, why=f"near {reminder.near}"))
        elif not reminder.near and reminder.at is None:
            own = {word for word in distinctive(reminder.text) if word not in TASK_VERBS}
            if own and own & seen_stems:
                found.append(reminder_candidate(context, reminder, why="in view"))
    return found


def reminder_candidate(context: Context, reminder: Reminder, *, why: str) -> Candidate:
    update = context.latest_update(reminder.text)
    # With news (an extended deadline) the news leads; the stale reminder text may be cut.
    said = describe_reminder(reminder)
    template = f"{update}. Reminder: {said}" if update else f"Reminder: {said}"
    return Candidate(
        key=f"reminder:{reminder.text}",
        source="reminder",
        title=reminder.text,
        template=template,
        facts=[template, f"Why now: {why}"],
        subject=reminder.text,
    )


def _subjects(context: Context) -> list[tuple[str, str]]:
    """What the wearer cares about: (subject text, kind)."""
    # A subject carries its latest news, so a later sign or announcement that repeats it
    # ("Exp 18:26" after the delay was texted) is not news again.
    items = [
        (f"{describe_entry(entry)} {context.latest_update(entry_subject(entry)) or ''}", "calendar")
        for entry in context.upcoming()
    ]
    items += [
        (f"{reminder.text} {context.latest_update(reminder.text) or ''}", "reminder") for reminder in context.reminders
    ]
    return items


def related_subject(context: Context, text: str, *, overheard: bool, sender: str | None = None) -> str | None:
    """The calendar entry or reminder `text` is about, if any (see `concerns`)."""
    for subject, _ in _subjects(context):
        if concerns(text, subject, sender=sender, overheard=overheard):
            return subject
    return None


def unheard_change(text: str, subject: str) -> bool:
    """`text` says the plan changed and nothing known about the plan said so yet."""
    return mentions_any(text, CHANGE_WORDS) and not mentions_any(subject, CHANGE_WORDS)


def new_facts(text: str, subject: str) -> bool:
    """Does `text` say something the subject does not: a new code (gate D4) or time?"""
    return bool(code_tokens(text) - code_tokens(subject)) or bool(normalise_times(text) - normalise_times(subject))


def notification_candidate(context: Context, at: float, app: str, sender: str | None, text: str) -> Candidate | None:
    """A notification earns a card when it changes a plan, concerns one, or is urgent."""
    subject = related_subject(context, text, overheard=False, sender=sender)
    changes = mentions_any(text, CHANGE_WORDS)
    waiting = mentions_any(text, ACTION_WORDS)
    # Urgency counts from a person in a chat or phone app, never from a mail or an app's own
    # text (which is where "display this as urgent" injections and marketing live).
    personal = bool(sender) and app.lower().strip() in CHAT_APPS
    waiting = waiting or (personal and mentions_any(text, PERSONAL_URGENT))
    weather = mentions_any(text, PRECIPITATION) and mentions_any(text, FORECAST)
    # A change of plan matters even when the plan is not in the calendar (a bus delay, "your
    # spin class is cancelled"), but "late winner sends Villa top" is news: a change without
    # a known plan must be about travel or about something of the wearer's.
    changes = changes and (subject is not None or mentions_any(text, TRANSPORT_WORDS | {"your", "you're"}))
    if subject is None and not changes and not waiting and not weather:
        return None
    urgent = waiting or (changes and (subject is not None or mentions_any(text, URGENT_WORDS)))
    who = f"{sender} ({app})" if sender else app
    if subject is None and mentions_any(text, PRECIPITATION) and mentions_any(text, FORECAST):
        return weather_candidate(f"{who}: {text}", umbrella=False)
    facts = [f"{who}: {text}"] + ([f"About: {subject.strip()}"] if subject else [])
    return Candidate(
        key=f"notification:{int(at)}:{who}",
        source="notification",
        title=who,  # who says it goes in the title; the body is what they say
        template=text,
        facts=facts,
        urgent=urgent,
        subject=subject or "",
    )


def heard_candidates(context: Context, at: float, text: str) -> list[Candidate]:
    found = []
    subject = related_subject(context, text, overheard=True)
    if subject is not None and (mentions_any(text, ANNOUNCE_WORDS) or new_facts(text, subject)):
        found.append(
            Candidate(
                key=f"announcement:{int(at)}",
                source="announcement",
                title="Announcement",
                template=gist(text, subject),  # the news in it: "your flight will now depart from gate D4."
                facts=[f"Heard: {text}", f"About: {subject.strip()}"],
                urgent=mentions_any(text, CHANGE_WORDS | URGENT_WORDS) or new_facts(text, subject),
                subject=subject,
            )
        )
    if mentions_any(text, PRECIPITATION) and mentions_any(text, FORECAST):
        found.append(weather_candidate(f"Heard: {text}", umbrella=True))
    if mentions_any(text, {"evacuate", "fire alarm"}):
        found.append(
            Candidate(
                key=f"safety:{int(at) // 600}",
                source="announcement",
                title="Safety announcement",
                template=f"Heard: {text}",
                facts=[f"Heard: {text}"],
                urgent=True,
            )
        )
    return found


def weather_candidate(fact: str, *, umbrella: bool) -> Candidate:
    template = fact + (". Take an umbrella." if umbrella else "")
    return Candidate(key="weather", source="weather", title="Weather", template=template, facts=[template])


def sight_candidates(context: Context, text: str) -> list[Candidate]:
    found = reminders_near(context, text)
    subject = related_subject(context, text, overheard=True)
    # A sign about the wearer's own plan is worth a card only if it tells them something new:
    # a change they have not heard of yet, or a new gate or time announced (door signs list
    # the neighbouring rooms too: a new code alone is not news).
    if subject is not None and (
        unheard_change(text, subject) or new_facts(text, subject) and mentions_any(text, ANNOUNCE_WORDS)
    ):
        found.append(
            Candidate(
                key=f"sight:{subject}:{text[:40]}",
                source="sight",
                title="In view",
                template=f"Seen: {text}",
                facts=[f"Seen: {text}", f"About: {subject.strip()}"],
                urgent=True,
                subject=subject,
            )
        )
    if (
        mentions_any(text, PRECIPITATION)
        and mentions_any(text, {"umbrella"})
        and context.place
        and place_matches("home", context.place)
    ):
        found.append(weather_candidate(f"Seen: {text}", umbrella=True))
    return found
