"""Reminders as the cascade's first stage sees them: due at their time, or near a place the
wearer is at or sees (by its words, or by tier 1's likeness of the view to the place).
"""

from __future__ import annotations

from glassterm.assistant.cards import Candidate
from glassterm.assistant.context import Context, describe_reminder
from glassterm.assistant.gist import proper_names
from glassterm.assistant.news import distinctive
from glassterm.assistant.plans import reminder_key
from glassterm.assistant.policy import Policy
from glassterm.assistant.text import content_stems, mentions_any, stem
from glassterm.assistant.vocabulary import PLACE_FILLERS, PLACE_WORDS, TASK_VERBS
from glassterm.clock import format_hhmm
from glassterm.events import Reminder

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
