"""Answers to addressed questions, retrieved from the context and written as a template.

The template carries the facts; the model may reword it (see grounding.py). Retrieval is
word overlap plus a few intents, which is enough for what people ask glasses in a day.
"""

from __future__ import annotations

from dataclasses import dataclass

from glassterm.assistant.context import Context, describe_entry, describe_reminder
from glassterm.assistant.text import contains_phrase, content_stems, stem
from glassterm.clock import format_hhmm

# Question words that point at a kind of fact, and words that stand for others.
INTENTS: dict[str, frozenset[str]] = {
    "time": frozenset({"time", "clock", "late"}),
    "calendar": frozenset(
        """meeting meetings calendar schedule agenda appointment appointments event class lecture tutorial flight
        train dinner lunch breakfast call review standup sync interview doctor dentist busy free plan plans""".split()
    ),
    "reminder": frozenset("remind reminder reminders todo to-do list buy shopping errand errands forget forgot".split()),
    "place": frozenset({"where am i", "where are we", "location", "address"}),
    "sight": frozenset(
        {"this", "that", "looking", "look", "see", "sign", "read", "front", "what is it", "what's this", "what is this"}
    ),
    "message": frozenset("message messages notification notifications text texts email inbox missed wrote".split()),
    "heard": frozenset({"announcement", "announced", "they say", "did he say", "did she say", "hear", "heard", "radio"}),
}
EXPANSIONS: dict[str, set[str]] = {
    "weather": {"rain", "sun", "snow", "forecast", "storm", "cloud", "wind", "temperature", "degree", "umbrella"},
    "gate": {"gate", "board", "boarding", "depart", "departure"},
    "train": {"platform", "track", "departure"},
}


@dataclass(frozen=True, slots=True)
class Answer:
    template: str  # the grounded answer, true by construction
    facts: list[str]  # what the model may use to reword it
    looked: bool  # the answer needed a camera look


def _intents(question: str) -> set[str]:
    lowered = question.lower()
    found = set()
    for intent, cues in INTENTS.items():
        if any((" " in cue and cue in lowered) or (" " not in cue and contains_phrase(lowered, cue)) for cue in cues):
            found.add(intent)
    if "time" in found and found & {"calendar", "reminder"}:
        found.discard("time")  # "what time is my meeting" asks about the meeting
    return found


def answer(question: str, context: Context, current_view: str | None) -> Answer:
    intents = _intents(question)
    words = content_stems(question)
    for word in list(words):
        words |= {stem(extra) for extra in EXPANSIONS.get(word, ())}

    candidates: list[tuple[float, str, str]] = []  # (score, kind, sentence)

    def add(kind: str, sentence: str, text: str, bonus: float = 0.0) -> None:
        overlap = len(words & content_stems(text))
        score = overlap * 2.0 + (3.0 if kind in intents else 0.0) + bonus
        candidates.append((score, kind, sentence))

    upcoming = context.upcoming()
    for rank, entry in enumerate(upcoming):
        sentence = describe_entry(entry)
        updates = context.updates_for(entry.title + " " + (entry.where or ""))
        if updates:
            sentence += f". Update: {updates[0]}"
        # "first" and "next" ask for the soonest entry.
        add("calendar", sentence, sentence, bonus=1.0 / (rank + 1))
    for reminder in context.reminders:
        if reminder.text not in context.done_reminders:
            add("reminder", "Reminder: " + describe_reminder(reminder), reminder.text + " " + (reminder.near or ""))
    for note in context.notes:
        add("message", f"{note.describe()} (at {format_hhmm(note.at)})", note.describe(), bonus=0.1)
    for heard in context.heard:
        add("heard", f"Heard at {format_hhmm(heard.at)}: {heard.text}", heard.text, bonus=0.05)
    if context.place:
        add("place", f"You are at {context.place}.", context.place)
    looked = "sight" in intents or bool(words & content_stems(current_view or ""))
    if current_view and looked:
        add("sight", f"I see: {current_view}", current_view)
    add("time", f"It is {format_hhmm(context.now)}.", "time clock")

    candidates.sort(key=lambda item: item[0], reverse=True)
    best_score, best_kind, best_sentence = candidates[0]
    if best_score < 1.0:
        return Answer(
            "I don't know that from what I have seen, heard or been told today.", context.facts(), looked=looked
        )
    chosen = [best_sentence]
    if best_kind in ("calendar", "reminder") and len(intents) == 1 and any(
        contains_phrase(question, cue) for cue in ("schedule", "agenda", "list", "reminders", "plans", "today")
    ):
        chosen += [s for score, kind, s in candidates[1:] if kind == best_kind][:2]
    template = " ".join(sentence if sentence.endswith(".") else sentence + "." for sentence in chosen)
    return Answer(template, chosen + context.facts()[:2], looked=looked)
