"""The cheap first stage of the proactive cascade: signals that need no model.

Each trigger looks at the context (and the event that just arrived) and proposes
candidates. A candidate's facts come from its source; the model may only reword them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from glassterm.assistant.context import Context, describe_entry, distinctive
from glassterm.assistant.policy import Policy
from glassterm.assistant.text import content_stems, mentions_any, tokens
from glassterm.clock import format_hhmm
from glassterm.events import CalendarEntry, Reminder

# Words for places a reminder can be "near", and what a camera or a place name shows of them.
PLACE_WORDS: dict[str, frozenset[str]] = {
    "grocery": frozenset({"grocery", "groceries", "supermarket", "market", "greengrocer", "fruit", "vegetables", "produce", "deli", "food store"}),
    "supermarket": frozenset({"supermarket", "grocery", "market", "groceries"}),
    "pharmacy": frozenset({"pharmacy", "drugstore", "chemist", "apotheke", "pharmacist", "drug store"}),
    "post office": frozenset({"post office", "postal", "mailbox", "letterbox", "parcel", "post"}),
    "bakery": frozenset({"bakery", "baker", "bread", "patisserie", "boulangerie"}),
    "hardware": frozenset({"hardware", "diy", "home improvement", "tools"}),
    "bank": frozenset({"bank", "atm", "cash machine"}),
    "library": frozenset({"library", "bookshelves"}),
    "bookshop": frozenset({"bookshop", "bookstore", "books"}),
    "cafe": frozenset({"cafe", "café", "coffee", "espresso", "coffee shop"}),
    "gym": frozenset({"gym", "fitness", "weights"}),
    "florist": frozenset({"florist", "flowers", "flower shop", "flower stall"}),
    "petrol station": frozenset({"petrol", "gas station", "fuel"}),
    "dry cleaner": frozenset({"dry cleaner", "dry cleaning", "cleaners", "laundry"}),
    "station": frozenset({"station", "platform", "train", "subway", "metro"}),
    "office": frozenset({"office", "desk", "reception"}),
    "home": frozenset({"home", "apartment", "flat", "hallway", "kitchen", "living room"}),
}
CHANGE_WORDS = frozenset(
    """late delay delayed cancel cancelled canceled moved move postponed postpone reschedule rescheduled changed change
    instead now new extended extension earlier later gate platform track room boarding departs final call closes closing
    running stuck""".split()
)
URGENT_WORDS = frozenset({"urgent", "emergency", "asap", "immediately", "evacuate", "fire alarm", "final call", "cancelled", "canceled", "closing"})
PRECIPITATION = frozenset({"rain", "rainy", "showers", "storm", "thunder", "thunderstorm", "snow", "sleet", "hail", "downpour", "drizzle"})
FORECAST = frozenset({"forecast", "afternoon", "tonight", "later", "expected", "warning", "all day", "this evening", "tomorrow", "millimetres", "millimeters"})
# Verbs and fillers in reminder texts that say nothing about where the reminder belongs.
TASK_VERBS = frozenset("buy get pick call return take bring send pay book check email text water fix ask tell remember".split())


@dataclass(frozen=True, slots=True)
class Candidate:
    key: str  # de-duplication key
    source: str  # calendar, reminder, notification, announcement, sight, weather
    title: str
    template: str  # the grounded body: true by construction
    facts: list[str] = field(default_factory=list)
    urgent: bool = False
    subject: str = ""  # what it is about, for inhibition by newer facts


def _code_tokens(text: str) -> set[str]:
    return {token.lower() for token in tokens(text) if any(ch.isdigit() for ch in token) and any(ch.isalpha() for ch in token) or (token.isdigit() and len(token) >= 3)}


def place_matches(near: str, text: str) -> bool:
    """Does a place name or what the camera sees match a reminder's `near`?"""
    words = PLACE_WORDS.get(near.lower().strip(), frozenset()) | {near.lower().strip()}
    return mentions_any(text, words)


def calendar_due(context: Context, policy: Policy) -> list[Candidate]:
    now = context.now
    found = []
    for entry in context.calendar:
        until_start = entry.at - now
        if 0 <= until_start <= policy.calendar_lead_min * 60:
            found.append(calendar_candidate(context, entry, urgent=until_start <= policy.calendar_urgent_min * 60))
    return found


def calendar_candidate(context: Context, entry: CalendarEntry, *, urgent: bool) -> Candidate:
    updates = context.updates_for(entry.title + " " + (entry.where or ""))
    if updates:
        # A newer fact beats the printed one: say the update, not the stale place.
        plain = CalendarEntry(at=entry.at, title=entry.title, until=entry.until, notes=entry.notes)
        template = f"{describe_entry(plain)}. Update: {updates[0]}"
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
    updates = context.updates_for(reminder.text)
    template = f"Reminder: {reminder.text}"
    if updates:
        template += f". Update: {updates[0]}"
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
    items = [(entry.title + " " + (entry.where or "") + " " + (entry.notes or ""), "calendar") for entry in context.upcoming()]
    items += [(reminder.text, "reminder") for reminder in context.reminders]
    return items


def related_subject(context: Context, text: str, *, need_code: bool) -> str | None:
    """The calendar entry or reminder `text` is about, if any.

    With `need_code`, overhearing a common word is not enough: an announcement must share a
    code (flight LH1172, gate B44) or also use a word of change (delayed, moved, gate...).
    """
    words = distinctive(text)
    codes = _code_tokens(text)
    changes = mentions_any(text, CHANGE_WORDS)
    for subject, _ in _subjects(context):
        shared = words & distinctive(subject)
        shared_codes = codes & _code_tokens(subject)
        if shared_codes or (shared and (changes or not need_code)):
            return subject
    return None


def notification_candidate(context: Context, at: float, app: str, sender: str | None, text: str) -> Candidate | None:
    """A notification earns a card when it changes a plan, concerns one, or is urgent."""
    full = f"{sender or ''} {text}"
    subject = related_subject(context, full, need_code=False)
    urgent = mentions_any(text, URGENT_WORDS)
    changes = mentions_any(text, CHANGE_WORDS)
    if subject is None and not urgent and not (changes and sender):
        return None
    who = f"{sender} ({app})" if sender else app
    template = f"{who}: {text}"
    facts = [template] + ([f"About: {subject.strip()}"] if subject else [])
    return Candidate(
        key=f"notification:{int(at)}:{who}",
        source="notification",
        title=sender or app,
        template=template,
        facts=facts,
        urgent=urgent or (changes and subject is not None),
        subject=subject or "",
    )


def heard_candidates(context: Context, at: float, text: str) -> list[Candidate]:
    found = []
    subject = related_subject(context, text, need_code=True)
    if subject is not None:
        found.append(
            Candidate(
                key=f"announcement:{int(at)}",
                source="announcement",
                title="Announcement",
                template=f"Heard: {text}",
                facts=[f"Heard: {text}", f"About: {subject.strip()}"],
                urgent=mentions_any(text, CHANGE_WORDS),
                subject=subject,
            )
        )
    if context.user_name and mentions_any(text, {context.user_name}):
        found.append(Candidate(key=f"name:{int(at) // 300}", source="announcement", title="Someone said your name", template=f"Heard: {text}", facts=[f"Heard: {text}"], urgent=True))
    if mentions_any(text, PRECIPITATION) and mentions_any(text, FORECAST):
        found.append(weather_candidate(f"Heard: {text}", umbrella=True))
    if mentions_any(text, {"evacuate", "fire alarm", "emergency"}):
        found.append(Candidate(key=f"safety:{int(at) // 600}", source="announcement", title="Safety announcement", template=f"Heard: {text}", facts=[f"Heard: {text}"], urgent=True))
    return found


def weather_candidate(fact: str, *, umbrella: bool) -> Candidate:
    template = fact + (". Take an umbrella." if umbrella else "")
    return Candidate(key="weather", source="weather", title="Weather", template=template, facts=[template])


def sight_candidates(context: Context, text: str) -> list[Candidate]:
    found = reminders_near(context, text)
    subject = related_subject(context, text, need_code=True)
    if subject is not None:
        found.append(
            Candidate(
                key=f"sight:{subject}:{text[:40]}",
                source="sight",
                title="In view",
                template=f"Seen: {text}",
                facts=[f"Seen: {text}", f"About: {subject.strip()}"],
                urgent=mentions_any(text, CHANGE_WORDS),
                subject=subject,
            )
        )
    if mentions_any(text, PRECIPITATION) and mentions_any(text, {"umbrella"}) and context.place and place_matches("home", context.place):
        found.append(weather_candidate(f"Seen: {text}", umbrella=True))
    return found
