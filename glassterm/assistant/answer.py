"""Answers to addressed questions, retrieved from the context and written as a template.

The template carries the facts; the model may reword it (see grounding.py). Retrieval is
word overlap plus a few intents, which is enough for what people ask glasses in a day.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from glassterm.assistant.cards import places
from glassterm.assistant.context import (
    Context,
    describe_entry,
    describe_reminder,
    distinctive,
    entry_subject,
)
from glassterm.assistant.gist import code_tokens, proper_names
from glassterm.assistant.text import contains_phrase, content_stems, normalise_times, stem, tokens
from glassterm.assistant.triggers import reminder_candidate
from glassterm.assistant.vocabulary import PLACE_KINDS
from glassterm.clock import format_hhmm

# Question words that point at a kind of fact, and words that stand for others.
INTENTS: dict[str, frozenset[str]] = {
    # Only the time itself: "what time is my train" asks for the train.
    "time": frozenset(
        {"what time is it", "what's the time", "what is the time", "time is it", "time now", "current time", "clock"}
    ),
    "calendar": frozenset(
        [
            "meeting",
            "meetings",
            "calendar",
            "schedule",
            "agenda",
            "appointment",
            "appointments",
            "event",
            "class",
            "lecture",
            "tutorial",
            "flight",
            "train",
            "dinner",
            "lunch",
            "breakfast",
            "call",
            "review",
            "standup",
            "sync",
            "interview",
            "doctor",
            "dentist",
            "busy",
            "free",
            "plan",
            "plans",
        ]
    ),
    "reminder": frozenset(
        [
            "remind",
            "reminder",
            "reminders",
            "todo",
            "to-do",
            "list",
            "buy",
            "shopping",
            "errand",
            "errands",
            "forget",
            "forgot",
        ]
    ),
    "place": frozenset({"where am i", "where are we", "location", "address"}),
    "sight": frozenset(
        {
            "looking at",
            "see",
            "sign",
            "read",
            "in front",
            "what is it",
            "what's this",
            "what is this",
            "what's that",
            "what is that",
        }
    ),
    "message": frozenset(
        ["message", "messages", "notification", "notifications", "text", "texts", "email", "inbox", "missed", "wrote"]
    ),
    "heard": frozenset(
        {"announcement", "announced", "they say", "did he say", "did she say", "hear", "heard", "radio"}
    ),
}
EXPANSIONS: dict[str, set[str]] = {
    "weather": {"rain", "sun", "snow", "forecast", "storm", "cloud", "wind", "temperature", "degree", "umbrella"},
    "gate": {"gate", "board", "boarding", "depart", "departure"},
    "train": {"platform", "track", "departure"},
    "far": {"km", "kilometre", "kilometer", "mile", "distance"},
    "distance": {"km", "kilometre", "kilometer", "mile"},
    "much": {"g", "ml", "gram", "litre", "cup", "spoon"},
    "take": {"depart", "departs", "departure"},
    "leave": {"depart", "departs", "departure"},
    # Everyday words people ask with, and the words messages and schedules use instead.
    "kid": {"child", "children"},
    "child": {"kid", "kids"},
    "pick": {"collect", "pickup", "collection"},
    "collect": {"pick", "pickup"},
    "talk": {"session", "keynote", "lecture", "presentation", "speaker"},
    "session": {"talk"},
    "speaker": {"talk", "session", "given"},
    "code": {"pin", "password"},
    "doctor": {"dr", "appointment", "clinic"},
    "end": {"finish", "finishes"},
    "finish": {"end", "ends"},
    "ticket": {"fare", "price", "cost"},
    "cost": {"fare", "price"},
    "dose": {"tablet", "tablets", "pill", "pills", "dosage"},
    "serial": {"number", "no"},
    "weigh": {"weight", "kilo", "kilos", "kg", "scales"},
    "registration": {"plate", "reg"},
    "taxi": {"driver", "ride", "cab", "pickup"},
}
_ASKS_TO_BE_REMINDED = re.compile(r"\bremind\s+me\s+(?:what|when|where|which|who|how)\b")
_ASKS_HEARD = re.compile(
    r"\b(did|what did|what has)\b.*\b(say|said|tell|told|announce)\b|\b(just|earlier)\s+(mentioned|said|told)\b",
    re.IGNORECASE,
)
# What kind of fact a question wants, and how to see it in a sentence.
_PLACE_NUMBER = re.compile(rf"\b(?i:{'|'.join(PLACE_KINDS)}|seats)\s+[A-Z0-9][\w.]*")
# Words that say what kind of answer is wanted ("what room", "the number"), not what about.
ANSWER_TYPE_WORDS = frozenset({"room", "number", "code", "time"})
_CLOCK_TIMES = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
_ASKS_PLACE = re.compile(
    rf"\bwhere\b|\b(which|what)\s+({'|'.join(PLACE_KINDS)}|seats)\b",
    re.IGNORECASE,
)


def _wants(question: str) -> set[str]:
    lowered = question.lower()
    stems = {stem(word) for word in tokens(lowered)}
    wants = set()
    if contains_phrase(lowered, "when") or "what time" in lowered or "how long until" in lowered:
        wants.add("time")
    asked = _ASKS_PLACE.search(lowered)
    if asked and asked.group(2):
        wants.add(f"place:{asked.group(2).rstrip('s')}")  # "which table": a table and its number
    elif asked or stems & {
        "number",
        "code",
        "reference",
        "pin",
        "booking",
        "confirmation",
        "registration",
        "plate",
        "reg",
    }:
        wants.add("code")
    if contains_phrase(lowered, "who") or contains_phrase(lowered, "whose"):
        wants.add("name")
    if any(phrase in lowered for phrase in ("how much", "how many", "how far")):
        wants.add("number")
    return wants


def _has(kind: str, sentence: str) -> bool:
    if kind.startswith("place:"):
        # "Table 4", "Gate B44", "Hall A", but not "Kitchen Table Economics".
        place = re.escape(kind.removeprefix("place:"))
        return re.search(rf"(?i:\b{place}s?)\s+(?:\d[\w.]*|[A-Z]+\d[\w.]*|[A-Z]\b)", sentence) is not None
    match kind:
        case "time":
            return bool(normalise_times(sentence))
        case "code":
            return bool(code_tokens(sentence) or _PLACE_NUMBER.search(sentence))
        case "name":
            return bool(proper_names(sentence))
        case _:
            # A quantity or price: digits that are not part of a clock time.
            return any(ch.isdigit() for ch in _CLOCK_TIMES.sub(" ", sentence))


# A note this close to the question is the one it asks for: measured, "where did we leave the
# car?" is 0.36 to "we're parked in Penguin zone, row 14" and 0.08-0.15 to unrelated notes.
NOTE_SIMILARITY = 0.30
NOTE_MEANT_BONUS = 6.0  # as much as three shared words
ANSWER_NEWS_CHARS = 240  # an answer may carry more of an update than a card can
UNKNOWN = "I don't know that from what I have seen, heard or been told today."
MODEL_GUESS = "I don't know that from today; the model's guess: "  # what a general answer opens with
# A question about the wearer's own day, surroundings or what someone said: nothing known
# answering it means "I don't know", never a model's guess.
_ABOUT_THE_DAY = re.compile(
    r"\b(?:i|i'm|i've|i'd|me|my|mine|we|we're|we've|our|us|here|today|tonight|this|that|these|those)\b"
    r"|\b(?:did|has|have|had)\b.*\b(?:say|said|tell|told|mention|mentioned|text|write|ring|call)\b",
    re.IGNORECASE,
)
# Words that ask, not what about: "what's the plan after this?" names no topic.
QUESTION_WORDS = frozenset(
    stem(word)
    for word in [
        "what",
        "when",
        "where",
        "which",
        "who",
        "how",
        "long",
        "again",
        "remind",
        "tell",
        "say",
        "said",
        "now",
        "today",
        "tonight",
        "get",
        "need",
        "supposed",
        "actually",
        "go",
        "going",
        "next",
        "first",
        "last",
        "after",
        "before",
        "this",
        "that",
        "start",
        "starts",
        "begin",
        "end",
        "ends",
        "finish",
        "over",
        "leave",
        "arrive",
        "open",
        "close",
        "time",
        "we're",
        "we've",
        "i'm",
        "i've",
        "i'll",
        "you're",
        "they're",
        "it's",
        "that's",
        "there's",
        "what's",
        "when's",
        "where's",
        "who's",
        "how's",
    ]
)
RECENCY_BONUS = 0.5  # the newest message or remark over the oldest, among equals: less than a shared word
WEAK_ANSWER = 4.0  # below this the context barely answers the question: look before replying


@dataclass(frozen=True, slots=True)
class Answer:
    template: str  # the grounded answer, true by construction
    facts: list[str]  # what the model may use to reword it
    needs_look: bool  # the context did not answer it: a camera look might
    unknown: bool = False  # nothing known today answers it


def asks_about_the_day(question: str) -> bool:
    """Is `question` about the wearer's own day (their plans, where they are, what was said)
    rather than general knowledge ("how many teaspoons are in a tablespoon?")?"""
    return _ABOUT_THE_DAY.search(question) is not None


def _intents(question: str) -> set[str]:
    lowered = question.lower()
    found = set()
    for intent, cues in INTENTS.items():
        if any((" " in cue and cue in lowered) or (" " not in cue and contains_phrase(lowered, cue)) for cue in cues):
            found.add(intent)
    if _ASKS_HEARD.search(question):
        found.add("heard")  # "where did Rita say the tour ends?"
    if "time" in found and found & {"calendar", "reminder"}:
        found.discard("time")  # "what time is my meeting" asks about the meeting
    if contains_phrase(lowered, "next") and "place" in found:
        found = (found - {"place"}) | {"calendar"}  # "where am I supposed to be next?" asks for a plan
    if _ASKS_TO_BE_REMINDED.search(lowered):
        found.discard("reminder")  # "remind me what time we're on" asks; it sets nothing
    return found


def answer(question: str, context: Context, current_view: str | None) -> Answer:
    intents = _intents(question)
    words = content_stems(question) - ANSWER_TYPE_WORDS
    for word in list(words):
        words |= {stem(extra) for extra in EXPANSIONS.get(word, ())}

    # What the question is about, beyond the kind of fact it wants ("paracetamol", "Bev", "van"
    # in "what time did Bev say the van was coming?"): a fact that shares none of it does not
    # answer it, however well it fits the question's kind.
    cues = {stem(word) for intent in intents for cue in INTENTS[intent] for word in cue.split()}
    topic = distinctive(question) - ANSWER_TYPE_WORDS - cues - QUESTION_WORDS
    about = set(topic)
    for word in topic:
        about |= {stem(extra) for extra in EXPANSIONS.get(word, ())}
    candidates: list[tuple[float, str, str, bool]] = []  # (score, kind, sentence, on the question's topic)
    # What a sentence's own record says it is about, so a reply can lead with it: parsed from
    # the record (a calendar entry's start after any move), never re-read from the sentence,
    # where a stale time may come first ("your 09:30 haircut has been rebooked for 09:40").
    leads: dict[str, dict[str, str]] = {}

    wants = _wants(question)

    def add(kind: str, sentence: str, text: str, bonus: float = 0.0, *, meant: bool = False) -> None:
        overlap = len(words & content_stems(text))
        if overlap and any(_has(want, text) for want in wants):
            bonus += 2.0  # on topic, and it holds what was asked for: a time, a room, a name
        score = overlap * 2.0 + (3.0 if kind in intents else 0.0) + bonus
        candidates.append((score, kind, sentence, meant or bool(about & content_stems(text))))

    upcoming = context.upcoming()
    if contains_phrase(question, "next"):
        # "What's next?", "my next job after this one": not the one already under way.
        upcoming.sort(key=lambda entry: context.effective_start(entry) <= context.now)
    for rank, entry in enumerate(upcoming):
        # An answer has room for the whole entry, then what changed since; "first" and "next" favour the soonest.
        update = context.latest_update(entry_subject(entry), limit=ANSWER_NEWS_CHARS)
        if update:
            # The newest version only: the entry at its new time, without the printed place
            # the news may replace, then the news itself.
            start = context.effective_start(entry)
            moved = dataclasses.replace(
                entry, at=start, until=entry.until and entry.until + start - entry.at, where=None
            )
            sentence = f"{update}. {describe_entry(moved)}"
        else:
            sentence = describe_entry(entry)
        ends = entry.until and entry.until + context.effective_start(entry) - entry.at
        # With news, only a place the news names: the printed one may be the stale one.
        where = places(update) if update else places(entry.where or "")
        leads[sentence] = {
            "time": format_hhmm(context.effective_start(entry)),
            "end": format_hhmm(ends) if ends else "",
            **{f"place:{kind}": f"{kind.capitalize()} {value}" for kind, value in where.items()},
        }
        add("calendar", sentence, sentence, bonus=1.0 / (rank + 1))
    for reminder in context.reminders:
        sentence = reminder_candidate(context, reminder).text
        add("reminder", sentence, describe_reminder(reminder) + " " + (reminder.near or ""))
    # Among equals the newest wins: the pharmacist's last words, the latest message.
    # Across messages and what was heard, the newer says how things stand ("which gate was it
    # again?" after a message said B36 and the announcement since said B44).
    dated = [note.at for note in context.notes] + [heard.at for heard in context.heard]
    first = min(dated, default=context.now)

    def recency(at: float) -> float:
        return RECENCY_BONUS * (at - first) / max(context.now - first, 1.0)

    for rank, note in enumerate(context.notes):
        # "What did Sara ask me to get?": what Sara wrote, not a post that mentions sara.
        from_them = 1.5 if note.sender and words & distinctive(note.sender) else 0.0
        add(
            "message",
            f"{note.describe()} (at {format_hhmm(note.at)})",
            note.describe(),
            bonus=0.1 + rank / 100 + from_them + recency(note.at),
        )
    # The wearer's own notes were kept to be asked for, in other words than theirs ("where did
    # we leave the car?" for "we're parked in zone P"): tier 1 says which one a question means.
    notes = [own.text for own in context.user_notes]
    likeness = context.meaning.similarities(question, notes) if notes else None
    for own, similar in zip(context.user_notes, likeness or [0.0] * len(notes), strict=True):
        meant = NOTE_MEANT_BONUS if similar >= NOTE_SIMILARITY else 0.0
        add("note", f"Your note from {format_hhmm(own.at)}: {own.text}", own.text, bonus=0.2 + meant, meant=bool(meant))
    for rank, heard in enumerate(context.heard):
        add(
            "heard",
            f"Heard at {format_hhmm(heard.at)}: {heard.text}",
            heard.text,
            bonus=0.05 + rank / 100 + recency(heard.at),
        )
    if context.place:
        add("place", f"You are at {context.place}.", context.place)
    for rank, seen in enumerate(context.seen):
        add("sight", f"Seen at {format_hhmm(seen.at)}: {seen.text}", seen.text, bonus=0.05 + rank / 100)
    if current_view:
        add("sight", f"I see: {current_view}", current_view, bonus=0.1)
    add("time", f"It is {format_hhmm(context.now)}.", "time clock")

    if topic:
        # "When's my next job after this one?" asks for the schedule, in its own word for it.
        schedule = contains_phrase(question, "next") or contains_phrase(question, "after this")
        candidates = [(*c[:3], c[3] or schedule and c[1] == "calendar") for c in candidates]
        # Tier 1 cannot widen this: "the closure" scores 0.28 against "Bridge Street closed
        # ... divert via Canal Road", unrelated facts 0.25-0.35 (measured on the blind sets).
        candidates = [candidate for candidate in candidates if candidate[3]]
    candidates.sort(key=lambda item: item[0], reverse=True)
    if not candidates:
        return Answer(UNKNOWN, [], needs_look=current_view is None, unknown=True)
    best_score, best_kind, best_sentence, _ = candidates[0]
    # Look when the context barely answers, or lacks what was asked for ("how much is the
    # ticket?" and no price known): the answer may be in front of the wearer.
    lacks = bool(wants) and not any(_has(want, best_sentence) for want in wants)
    needs_look = current_view is None and ("sight" in intents or best_score < WEAK_ANSWER or lacks)
    if best_score < 1.0:
        return Answer(UNKNOWN, [], needs_look=needs_look, unknown=True)
    chosen = [best_sentence]
    if (
        best_kind in ("calendar", "reminder")
        and len(intents) == 1
        and any(contains_phrase(question, cue) for cue in ("schedule", "agenda", "list", "reminders", "plans", "today"))
    ):
        chosen += [s for score, kind, s, _ in candidates[1:] if kind == best_kind][:2]
    template = " ".join(sentence if sentence.endswith(".") else sentence + "." for sentence in chosen)
    lead = _lead(question, wants, leads.get(chosen[0], {})) if len(chosen) == 1 else None
    if lead:
        template = f"{lead}: {template}"  # the answer first, then the fact it comes from
    return Answer(template, chosen, needs_look=needs_look)


# Which of an entry's two times a question wants: exactness about the record, not meaning.
END_WORDS = ("end", "ends", "finish", "finishes", "over", "arrive", "arrives", "get in", "get into", "land", "lands")


def _lead(question: str, wants: set[str], known: dict[str, str]) -> str | None:
    """What the question asked for, from the record that answers it: a time or a numbered place."""
    if "time" in wants:
        asks_end = any(contains_phrase(question, word) for word in END_WORDS)
        return known.get("end" if asks_end else "time") or None
    for want in sorted(wants):
        if want.startswith("place:") and known.get(want):
            return known[want]
    return None
