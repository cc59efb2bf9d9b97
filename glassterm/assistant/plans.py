"""The wearer's plans as the triggers see them: each calendar entry and reminder with all its
news, which plan a text is about (`related_plan`), and what it changes exactly (`plan_change`).
"""

from __future__ import annotations

from dataclasses import dataclass

from glassterm.assistant.cards import Change, entry_change, names_time, place_change, short_name
from glassterm.assistant.context import Context, describe_entry, describe_reminder, entry_subject
from glassterm.assistant.gist import code_tokens
from glassterm.assistant.news import concerns, distinctive, moved_to, names_a_move, says_change
from glassterm.assistant.times import new_times, shared_times
from glassterm.events import CalendarEntry, Reminder


@dataclass(frozen=True, slots=True)
class Plan:
    """Something the wearer has going on: a calendar entry or a reminder, with all news of it."""

    key: str  # stable across updates: what cards about it are remembered by
    own: str  # what the calendar or reminder itself says
    news: str  # everything said about it since

    @property
    def text(self) -> str:
        """All that is known of it: what a sign or announcement must add to be news."""
        return f"{self.own} {self.news}".strip()

    def known_before(self, update: str) -> str:
        """All that was known of it before `update` came (its news already holds the update)."""
        return self.text.replace(update, " ")

    @property
    def relates_by(self) -> str:
        """What other texts are matched against: its own words, and the codes its news added
        (so "platform 4" relates later remarks) but not the news's words (a group chat's
        earlier message must not make every later one about the plan)."""
        return f"{self.own} {' '.join(sorted(code_tokens(self.news)))}"


def plans(context: Context) -> list[Plan]:
    """What the wearer cares about. A plan carries all its news, so a later sign or announcement
    that repeats it ("Exp 18:26" after the delay was texted) is not news again."""
    return list(context.cached(("plans", context.now), lambda: tuple(_plans(context))))


def _plans(context: Context) -> list[Plan]:
    found = []
    for entry in context.upcoming():
        found.append(
            Plan(calendar_key(entry), describe_entry(entry), " ".join(context.updates_for(entry_subject(entry))))
        )
    for reminder in context.reminders:
        found.append(
            Plan(reminder_key(reminder), describe_reminder(reminder), " ".join(context.updates_for(reminder.text)))
        )
    return found


def calendar_key(entry: CalendarEntry) -> str:
    return f"calendar:{entry.at}:{entry.title}"


def reminder_key(reminder: Reminder) -> str:
    return f"reminder:{reminder.text}"


def related_plan(
    context: Context, text: str, *, overheard: bool, sender: str | None = None, spoken: bool = True
) -> Plan | None:
    """The plan `text` is most about, if any (see `concerns`): the one sharing the most codes,
    words and times, so a train announcement goes to the train, not to the match before it."""
    related = [
        plan
        for plan in plans(context)
        if concerns(text, plan.relates_by, sender=sender, overheard=overheard, spoken=spoken)
    ]
    if not related:
        return None

    def overlap(plan: Plan) -> tuple[int, int]:
        own = plan.relates_by
        return (
            len(code_tokens(text) & code_tokens(own)),
            len(distinctive(text) & distinctive(own)) + len(shared_times(text, own)),
        )

    return max(related, key=overlap)


def unheard_change(text: str, subject: str) -> bool:
    """`text` says the plan changed and nothing known about the plan said so yet."""
    return says_change(text) and not says_change(subject)


def new_facts(text: str, subject: str) -> bool:
    """Does `text` say something the subject does not: a new code (gate D4) or time?"""
    return bool(code_tokens(text) - code_tokens(subject)) or bool(new_times(text, subject))


def plan_change(
    context: Context, plan: Plan, text: str, *, sender: str | None, overheard: bool, said: float, spoken: bool = True
) -> Change | None:
    """What `text` changes about `plan`, when it names the change exactly (a time, a place, a
    cancellation) and the update belongs to that plan (the same owner its news is filed under).
    `said` is when the text came: a move "in twenty minutes" counts from it."""
    for entry in context.calendar:
        if calendar_key(entry) == plan.key:
            if context.owner_of(text, sender, overheard, spoken=spoken) != entry_subject(entry):
                return None  # a headline about the wrong plan would be worse than none
            new_start = moved_to(text, entry, said=said) if names_a_move(text, entry, said=said) else None
            # Against what the plan itself says: its news already holds this very update.
            change = entry_change(entry, text, plan.own, new_start or entry.at, said=said)
            if change and change.kind == "time" and change.new and names_time(plan.known_before(text), change.new):
                # "The delayed 18:26 service will now depart from platform 1": the delay was
                # news an hour ago, the platform is news now.
                moved = place_change(text, plan.known_before(text))
                return Change(change.what, *moved) if moved else change
            return change
    moved = place_change(text, plan.own)
    return Change(short_name(plan.own), *moved) if moved else None
