"""Turns a scene into timed events on the virtual clock. Both assistants get the same events."""

from __future__ import annotations

from glassterm.events import (
    ButtonPressed,
    CalendarKnown,
    Event,
    Heard,
    LocationChanged,
    NotificationArrived,
    ReminderSet,
    Said,
    SceneEnded,
    SceneStarted,
    Seen,
    TimeTick,
)
from glassterm.scene.model import Scene, TimelineEntry

TICK_SECONDS = 60


def scene_events(scene: Scene, tick_seconds: int = TICK_SECONDS) -> list[Event]:
    """Every event of the scene in time order: what the glasses know at the start, the
    timeline, a time tick every minute (time-based reminders need no other input), the end."""
    events: list[Event] = [
        SceneStarted(
            at=scene.start, title=scene.title, date=scene.date, user_name=scene.user_name, wake_word=scene.wake_word
        )
    ]
    events += [CalendarKnown(at=scene.start, entry=entry) for entry in scene.calendar]
    events += [ReminderSet(at=scene.start, reminder=reminder) for reminder in scene.reminders]
    timed: list[tuple[float, int, Event]] = []
    for order, entry in enumerate(scene.timeline):
        for event in entry_events(entry):
            timed.append((event.at, order, event))
    first_tick = (scene.start // tick_seconds + 1) * tick_seconds
    for at in range(first_tick, scene.end + 1, tick_seconds):
        # Ticks sort after timeline entries of the same second so a reminder due "now" sees them.
        timed.append((at, len(scene.timeline), TimeTick(at=at)))
    timed.sort(key=lambda item: (item[0], item[1]))
    events += [event for _, _, event in timed]
    events.append(SceneEnded(at=scene.end))
    return events


def entry_events(entry: TimelineEntry) -> list[Event]:
    """One timeline entry's events, in the order the senses would report them.

    The press comes before the speech so push-to-talk addresses it; place before sight.
    """
    at = entry.at
    events: list[Event] = []
    if entry.location is not None:
        events.append(LocationChanged(at=at, place=entry.location))
    if entry.notification is not None:
        note = entry.notification
        events.append(NotificationArrived(at=at, app=note.app, sender=note.sender, text=note.text))
    if entry.see is not None:
        events.append(Seen(at=at, description=entry.see))
    if entry.hear is not None:
        events.append(Heard(at=at, text=entry.hear))
    if entry.press is not None:
        events.append(ButtonPressed(at=at, button=entry.press))
    if entry.say is not None:
        events.append(Said(at=at, text=entry.say))
    return events
