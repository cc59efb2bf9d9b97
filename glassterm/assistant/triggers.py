"""The cheap first stage of the proactive cascade: signals that need no model.

Each trigger looks at the context (and the event that just arrived) and proposes
candidates. A candidate's facts come from its source; the model may only reword them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from glassterm.assistant.cards import (
    LINE_CHARS,
    Change,
    entry_change,
    line_name,
    sender_label,
    who_and_why,
)
from glassterm.assistant.context import Context, describe_entry, describe_reminder, entry_subject
from glassterm.assistant.gist import code_swaps, gist, headline, proper_names, without
from glassterm.assistant.news import (
    distinctive,
    for_someone_else,
    only_confirms,
    says_change,
    spoken_content,
)
from glassterm.assistant.plans import (
    calendar_key,
    new_facts,
    plan_change,
    related_plan,
    reminder_key,
    unheard_change,
)
from glassterm.assistant.policy import Policy
from glassterm.assistant.text import content_stems, mentions_any, stem
from glassterm.assistant.times import find_times
from glassterm.assistant.vocabulary import (
    ACTION_WORDS,
    ANNOUNCE_WORDS,
    CHANGE_WORDS,
    CHAT_APPS,
    FORECAST,
    PERSONAL_URGENT,
    PLACE_FILLERS,
    PLACE_WORDS,
    PRECIPITATION,
    SIGN_NEWS_WORDS,
    TASK_VERBS,
    TRANSPORT_WORDS,
    URGENT_WORDS,
)
from glassterm.clock import format_hhmm
from glassterm.events import CalendarEntry, Reminder

ANY_LENGTH = 10_000  # the whole update, for a card's detail page
# Tier 1: a view this close to "a photo of a <near>" shows that kind of place, named or not (a
# dispensary hatch is a pharmacy). Measured on 22 development views: shops of the kind score
# 0.25-0.54, and so do things of the kind away from the shop (a dog's lead on the coat hook
# 0.48 against "pet shop"); at 0.50 only the clear shop fronts pass (5 of 12) and no trap does.
NEAR_SIMILARITY = 0.50
# With the very thing the reminder is for in view ("batteries" behind a corner shop's till,
# "pencils" in a stationer's window), a weaker likeness is enough; the thing alone is not (a
# fishmonger's oysters are no place to buy an oyster knife: 0.34 against "cookware shop").
NEAR_SIMILARITY_WITH_GOODS = 0.35
# A view that names the place's word must still look like the place this much (tier 1).
NEAR_WORDS_CONFIRM = 0.35


@dataclass(frozen=True, slots=True)
class Candidate:
    key: str  # de-duplication key
    source: str  # calendar, reminder, notification, announcement, sight, weather
    title: str
    template: str  # the grounded body: true by construction
    facts: list[str] = field(default_factory=list)
    urgent: bool = False
    about: str = ""  # the plan's key (calendar:..., reminder:...): facts shown about it are remembered
    detail: str = ""  # the whole source, a page away on the lens
    change: Change | None = None  # what the first line names, when it names a change
    reported: str = ""  # the news part of the source, whole (the card may show less of it)

    @property
    def text(self) -> str:
        """All the card says on its first page."""
        return f"{self.title}. {self.template}" if self.template else self.title

    @property
    def news(self) -> str:
        """The changed fact the first line must carry ("14:30", "B52"), when there is one."""
        return (self.change.new or "") if self.change else ""

    @property
    def news_text(self) -> str:
        """What the card tells about its plan: the body, the news of its source (a page away
        when the body is shorter), the changed fact and the values the headline names, not the
        plan's own name ("Boarding: ..." is a name, not the boarding call)."""
        named = self.change.facts() if self.change else ""
        return f"{self.template} {self.reported} {self.news} {named}".strip()


PLACE_FILLER_STEMS = frozenset(stem(word) for word in PLACE_FILLERS)  # "centre" is "centr"


def place_matches(near: str, text: str) -> bool:
    """Does a place name or what the camera sees match a reminder's `near`?

    Known kinds of place use their curated words; any other `near` ("hardware store",
    "shoe repair") matches on its own telling words.
    """
    near = near.lower().strip()
    if near in PLACE_WORDS:
        return mentions_any(text, PLACE_WORDS[near] | {near})
    own = content_stems(near) - PLACE_FILLER_STEMS
    return mentions_any(text, {near}) or bool(own and own <= content_stems(text))


def calendar_due(context: Context, policy: Policy) -> list[Candidate]:
    now = context.now
    found = []
    for entry in context.calendar:
        until_start = context.effective_start(entry) - now
        if context.cancelled(entry):
            continue  # a cancelled entry needs no reminder: the cancellation was news enough
        if 0 <= until_start <= policy.calendar_lead_min * 60:
            found.append(calendar_candidate(context, entry, urgent=until_start <= policy.calendar_urgent_min * 60))
    return found


def calendar_candidate(context: Context, entry: CalendarEntry, *, urgent: bool) -> Candidate:
    """What and when first, then where; with news, the change first and who says so second."""
    start_at = context.effective_start(entry)  # reads all the entry's news: once
    start = format_hhmm(start_at)
    news = context.latest_news(entry_subject(entry))
    change = entry_change(entry, news.text, describe_entry(entry), start_at, said=news.at) if news else None
    # The message said "10:15 → 10:30"; when the entry itself comes due, it is "now 10:30".
    when = f" now {start}" if change and change.kind == "time" else f", {start}"
    if change and change.kind not in ("time", "cancelled"):
        kind = "" if change.kind == "place" else f"{change.kind.capitalize()} "
        when += f", {kind}{change.new}"  # a moved place is where it is now
    name, rest = line_name(entry.title, LINE_CHARS - len(when))  # the time must stay on line 1
    title = change.headline() if change and change.kind == "cancelled" else name + when
    if news:
        # A newer fact beats the printed one (no stale place or notes): who says so, and what
        # they add to the first line.
        who, _, said = news.text.partition(": ")
        known = f"{context.user_name or ''} {describe_entry(entry)} {title}"
        if change and said:
            body = who_and_why(who, said, known, change=change)
        else:
            # A change no parser names ("moved to Birch 4.02"): its clause, whole, after who says it.
            lead = headline(said, known, 2 * LINE_CHARS) if said else ""
            body = f"{sender_label(who)}: {lead}" if lead else news.text
        detail = context.latest_update(entry_subject(entry), limit=ANY_LENGTH) or news.text
    else:
        body = ". ".join(part for part in (entry.where, entry.notes) if part)
        detail = describe_entry(entry)
    body = f"{rest}. {body}" if rest and body else rest or body
    return Candidate(
        key=calendar_key(entry),
        source="calendar",
        title=title,
        template=body,
        facts=[f"{entry.title} at {start}. {body}".strip()],
        urgent=urgent,
        about=calendar_key(entry),
        detail=detail,
        change=change,
    )


def reminders_due(context: Context, policy: Policy) -> list[Candidate]:
    found = []
    for reminder in context.reminders:
        if reminder.at is not None and 0 <= context.now - reminder.at <= policy.reminder_grace_min * 60:
            found.append(reminder_candidate(context, reminder))
    return found


def reminders_near(context: Context, text: str, *, seen: bool) -> list[Candidate]:
    """Reminders whose place, or whose own words, match where the wearer is or what they see.

    What the camera sees (`seen`) is also matched by meaning; a place's name is not: "Mill Lane"
    says nothing about the shops in it."""
    found = []
    seen_stems = content_stems(text)
    for reminder in context.reminders:
        if reminder.near and (
            place_matches(reminder.near, text)
            and (not seen or _seen_as_place(context, reminder.near, text))
            or seen
            and _looks_like(context, reminder, text, seen_stems)
        ):
            found.append(reminder_candidate(context, reminder))
        elif not reminder.near and reminder.at is None:
            own = _things(reminder)
            # Two of its things in view, or its one: "lip balm ... sun cream" on a kiosk
            # counter, not "kids" on the ski-school sign for "lip balm for the kids".
            if own and len(own & seen_stems) >= min(2, len(own)):
                found.append(reminder_candidate(context, reminder))
    return found


def _seen_as_place(context: Context, near: str, view: str) -> bool:
    """Is a view that names the reminder's place a view of that place? A sign "CARD PAYMENTS
    ONLY" names a card shop's word and scores 0.30 against "a photo of a card shop"; a card
    shop's window scores 0.55. Without tier 1 the words decide alone."""
    similarity = context.meaning.similarity(f"a photo of a {near}", view)
    return similarity is None or similarity >= NEAR_WORDS_CONFIRM


def _looks_like(context: Context, reminder: Reminder, view: str, view_stems: set[str]) -> bool:
    """Does the view show the kind of place the reminder is `near`, by meaning (tier 1), helped
    by the reminder's own things in view? Its place's own words do not count as things: "a
    bowl of key envelopes" at a garage desk is no key-cutting shop."""
    near = reminder.near or ""
    similarity = context.meaning.similarity(f"a photo of a {near}", view)
    if similarity is None:
        return False
    things = _things(reminder) - PLACE_FILLER_STEMS - content_stems(near)
    needed = NEAR_SIMILARITY_WITH_GOODS if things & view_stems else NEAR_SIMILARITY
    return similarity >= needed


def _things(reminder: Reminder) -> set[str]:
    """What a reminder is about, as stems: its words but the task's verbs and the people in it
    ("Swap Mia's boots" is about boots; Mia in view is no shop)."""
    people = {stem(name.lower()) for name in proper_names(reminder.text)}
    return {word for word in distinctive(reminder.text) if word not in TASK_VERBS and word not in people}


def reminder_candidate(context: Context, reminder: Reminder) -> Candidate:
    """What to do first, then where or when: "Post the trip form" / "Post box here."."""
    update = context.latest_update(reminder.text)
    if update:
        body = update  # with news (an extended deadline) the news is the point
    elif reminder.near:
        body = f"{reminder.near[:1].upper()}{reminder.near[1:]} here."
    elif reminder.at is not None:
        body = f"Due {format_hhmm(reminder.at)}."
    else:
        body = ""
    return Candidate(
        key=reminder_key(reminder),
        source="reminder",
        title=reminder.text,
        template=body,
        facts=[f"{reminder.text}. {body}".strip()],
        about=reminder_key(reminder),
        detail=f"Reminder: {describe_reminder(reminder)}" + (f". {update}" if update else ""),
    )


def notification_candidate(context: Context, at: float, app: str, sender: str | None, text: str) -> Candidate | None:
    """A notification earns a card when it changes a plan, concerns one, or needs the wearer."""
    if for_someone_else(text, context.user_name):
        return None  # "@Kev ur 10am is cancelled" in the team's group chat
    plan = related_plan(context, text, overheard=False, sender=sender)
    changes = says_change(text) or bool(code_swaps(text))  # "in G04 now, not G12"
    waiting = mentions_any(text, ACTION_WORDS)
    # Urgency counts from a person in a chat or phone app, never from a mail or an app's own
    # text (which is where "display this as urgent" injections and marketing live).
    personal = bool(sender) and app.lower().strip() in CHAT_APPS
    waiting = waiting or (personal and mentions_any(text, PERSONAL_URGENT))
    weather = mentions_any(text, PRECIPITATION) and mentions_any(text, FORECAST)
    # A change of plan matters even when the plan is not in the calendar (a bus delay, "your
    # spin class is cancelled"), but "late winner sends Villa top" is news: a change without
    # a known plan must be about travel or about something of the wearer's.
    # A person writing to the wearer that a time changed ("can we do quarter to six instead of
    # half six?") is news even for a plan only seen on a whiteboard.
    changes = changes and (
        plan is not None
        or mentions_any(text, TRANSPORT_WORDS | {"your", "you're"})
        or personal
        and bool(find_times(text, said=at) or code_swaps(text))
    )
    if plan is None and not changes and not waiting and not weather:
        return None
    if only_confirms(text) and not waiting:
        return None  # "coach back at 1:15 as planned": the plan stands, nothing to show
    who = f"{sender} ({app})" if sender else app
    if plan is None and weather:
        return weather_candidate(sender_label(who), text, umbrella=False)
    urgent = waiting or (changes and (plan is not None or mentions_any(text, URGENT_WORDS)))
    change = plan_change(context, plan, text, sender=sender, overheard=False, said=at) if plan else None
    # The change on the first line, who says so (and why) on the second.
    known = f"{context.user_name or ''} {plan.known_before(text) if plan else ''}"
    if change:
        title = change.headline()
        body = who_and_why(who, text, f"{known} {title}", change=change)
    else:
        # No change to name exactly: the clause with the news leads ("We're in G04 now not
        # G12"), cut from the message as written; without one, who writes and what they say.
        lead = headline(text, known, LINE_CHARS)
        rest = without(text, lead) if lead else text
        title, body = (lead, who_and_why(who, rest, f"{known} {lead}")) if lead else (who, text)
    return Candidate(
        key=f"notification:{int(at)}:{who}",
        source="notification",
        title=title,
        template=body,
        facts=[f"{who}: {text}"] + ([f"About: {plan.text}"] if plan else []),
        urgent=urgent,
        about=plan.key if plan else "",
        detail=f"{who}: {text}",
        change=change,
    )


def heard_candidates(context: Context, at: float, text: str) -> list[Candidate]:
    found = []
    # Said to the wearer by name ("Priya, they've brought it forward"): about a plan as a
    # message from the speaker would be; all other speech around them as overheard.
    speaker, overheard = context.heard_from(text)
    content = spoken_content(text)
    plan = related_plan(context, text if overheard else content, overheard=overheard, sender=speaker)
    if plan is not None and (mentions_any(content, ANNOUNCE_WORDS) or new_facts(content, plan.text)):
        change = plan_change(context, plan, content, sender=speaker, overheard=overheard, said=at)
        # The change, or the clause with the news ("the 17:48 will now depart from platform
        # 12"), leads; who spoke and what else they said follow.
        who = speaker if speaker and speaker != "someone" else "Heard"
        known = f"{context.user_name or ''} {plan.known_before(content)}"
        lead = change.headline() if change else headline(content, known, LINE_CHARS)
        rest = content if change else without(content, lead)
        found.append(
            Candidate(
                key=f"announcement:{int(at)}",
                source="announcement",
                title=lead or "Announcement",
                template=who_and_why(who, rest, f"{known} {lead}", change=change) if lead else gist(content, plan.text),
                reported=gist(content, plan.text),
                facts=[f"Heard: {text}", f"About: {plan.text}"],
                urgent=mentions_any(content, CHANGE_WORDS | URGENT_WORDS) or new_facts(content, plan.text),
                about=plan.key,
                detail=f"Heard: {text}",
                change=change,
            )
        )
    if mentions_any(text, PRECIPITATION) and mentions_any(text, FORECAST):
        found.append(weather_candidate("Heard", text, umbrella=True))
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


def weather_candidate(who: str, said: str, *, umbrella: bool) -> Candidate:
    """The forecast's own clause leads ("Heavy showers from eight o'clock"), who says so and the
    advice follow; the whole of it is a page away. Advice it already gives is not added twice."""
    advice = "Take an umbrella." if umbrella else ""
    lead = headline(said, "", LINE_CHARS)
    if lead:
        body = f"{who_and_why(who, without(said, lead), lead)}. {advice}".strip()
    else:
        told = said.rstrip(". ")
        body = told if mentions_any(told, {"take an umbrella"}) else f"{told}. {advice}".strip()
        body = f"{who}: {body}"
    detail = f"{who}: {said}"
    return Candidate(
        key="weather",
        source="weather",
        title=lead or "Weather",
        template=body,
        facts=[f"{detail.rstrip('. ')}. {advice}" if advice else detail],
        detail=detail,
    )


def sight_candidates(context: Context, text: str, *, seen: bool = True) -> list[Candidate]:
    """Cards for what is in view (`seen`), or for the name of a place just arrived at."""
    found = reminders_near(context, text, seen=seen)
    plan = related_plan(context, text, overheard=True, spoken=False)
    # A sign about the wearer's own plan is worth a card only if it tells them something new:
    # a change they have not heard of, or a new gate or time with a word of news ("boarding",
    # "delayed"); door signs and departure boards list other rooms and trains too.
    if plan is not None and (
        unheard_change(text, plan.text) or new_facts(text, plan.text) and mentions_any(text, SIGN_NEWS_WORDS)
    ):
        change = plan_change(context, plan, text, sender=None, overheard=True, said=context.now, spoken=False)
        found.append(
            Candidate(
                key=f"sight:{plan.key}:{text[:40]}",
                source="sight",
                title=change.headline() if change else "In view",
                template=gist(text, plan.text) if change else f"Seen: {text}",
                reported=gist(text, plan.text),
                facts=[f"Seen: {text}", f"About: {plan.text}"],
                urgent=True,
                about=plan.key,
                detail=f"Seen: {text}",
                change=change,
            )
        )
    if (
        mentions_any(text, PRECIPITATION)
        and mentions_any(text, {"umbrella"})
        and context.place
        and place_matches("home", context.place)
    ):
        found.append(weather_candidate("Seen", text, umbrella=True))
    return found
