"""The cheap first stage of the proactive cascade: signals that need no model.

Each trigger looks at the context (and the event that just arrived) and proposes
candidates. A candidate's facts come from its source; the model may only reword them.
"""

from __future__ import annotations

from glassterm.assistant.cards import (
    LINE_CHARS,
    Candidate,
    entry_change,
    line_name,
    sender_label,
    who_and_why,
)
from glassterm.assistant.context import Context, describe_entry, entry_subject
from glassterm.assistant.gist import code_swaps, gist, headline, without
from glassterm.assistant.news import (
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
    unheard_change,
)
from glassterm.assistant.policy import Policy
from glassterm.assistant.reminders import place_matches, reminders_near
from glassterm.assistant.text import mentions_any
from glassterm.assistant.times import find_times
from glassterm.assistant.vocabulary import (
    ACTION_WORDS,
    ANNOUNCE_WORDS,
    CHANGE_WORDS,
    CHAT_APPS,
    FORECAST,
    PERSONAL_URGENT,
    PRECIPITATION,
    SIGN_NEWS_WORDS,
    TRANSPORT_WORDS,
    URGENT_WORDS,
)
from glassterm.clock import format_hhmm
from glassterm.events import CalendarEntry

ANY_LENGTH = 10_000  # the whole update, for a card's detail page


ABOUT_THE_WEARER = TRANSPORT_WORDS | {"your", "you're"}  # a change without a known plan must be about these
URGENT_CHANGE_WORDS = CHANGE_WORDS | URGENT_WORDS


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
        or mentions_any(text, ABOUT_THE_WEARER)
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
                urgent=mentions_any(content, URGENT_CHANGE_WORDS) or new_facts(content, plan.text),
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
