"""Answers to addressed questions, retrieved from the context and written as a template.

The template carries the facts; the model may reword it (see grounding.py). Retrieval is
word overlap plus what the question asks for (questions.py); a fact that shares too little of
what the question is about is no answer, and the reply says so.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import NamedTuple

from glassterm.assistant.cards import places
from glassterm.assistant.context import Context, describe_entry, describe_reminder, entry_subject
from glassterm.assistant.gist import code_tokens
from glassterm.assistant.news import distinctive, says_change
from glassterm.assistant.questions import (
    ANSWER_TYPE_WORDS,
    EXPANSIONS,
    INTENTS,
    PLAN_NAMES,
    QUESTION_WORDS,
    holds,
    intents,
    sayer,
    wanted_kinds,
)
from glassterm.assistant.reminders import reminder_candidate
from glassterm.assistant.text import contains_phrase, content_stems, stem
from glassterm.assistant.times import new_times, shared_times
from glassterm.clock import format_hhmm

# A note this close to the question is the one it asks for: measured, "where did we leave the
# car?" is 0.36 to "we're parked in Penguin zone, row 14" and 0.08-0.15 to unrelated notes.
NOTE_SIMILARITY = 0.30
NOTE_MEANT_BONUS = 6.0  # as much as three shared words
ANSWER_NEWS_CHARS = 240  # an answer may carry more of an update than a card can
UNKNOWN = "I don't know that from what I have seen, heard or been told today."
MODEL_GUESS = "I don't know that from today; the model's guess: "  # what a general answer opens with
MISSING_TOPIC_WORDS = 2  # this many of the question's own words absent, and more than it shares: no answer
RECENCY_BONUS = 0.5  # the newest message or remark over the oldest, among equals: less than a shared word
WEAK_ANSWER = 4.0  # below this the context barely answers the question: look before replying


class _Fact(NamedTuple):
    """A known fact as a candidate answer to one question."""

    score: float
    kind: str  # the intent it serves: "calendar", "message", "heard", "note", "sight", ...
    sentence: str  # as the reply would say it
    on_topic: bool  # shares what the question is about
    stems: set[str]  # of the text it was scored on
    said_by: str  # who said or sent it, for "did X say ...?" ("" for plans, sights, own notes)
    meant: bool  # tier 1 says the question means it (one of the wearer's own notes)
    text: str  # what it says, without the reply's framing ("Heard at 10:20: ...")
    at: float  # when it became known (-1: known from the start, as plans and reminders are)


@dataclass(frozen=True, slots=True)
class Answer:
    template: str  # the grounded answer, true by construction
    facts: list[str]  # what the model may use to reword it
    needs_look: bool  # the context did not answer it: a camera look might
    unknown: bool = False  # nothing known today answers it


def _superseding(best: _Fact, known: list[_Fact]) -> _Fact | None:
    """The newest later message or remark that sets another time or code in place of one the
    best fact states: "so 1:35 at bay C instead of 1:15" answers "when's the coach?" after
    "the coach back at 1:15 as planned", though it never says "coach". A plan's own news is
    the plan's to tell (context.latest_update), so plans and reminders are not superseded here."""
    if best.kind not in ("message", "heard", "sight"):
        return None
    for fact in sorted(known, key=lambda fact: fact.at, reverse=True):
        if fact.at <= best.at or fact.kind not in ("message", "heard") or fact.text in best.sentence:
            continue
        shares = shared_times(best.text, fact.text) or code_tokens(fact.text) & code_tokens(best.text)
        adds = new_times(fact.text, best.text) or code_tokens(fact.text) - code_tokens(best.text)
        if shares and adds and says_change(fact.text):
            return fact._replace(score=best.score)
    return None


def _misses_the_point(topic: set[str], about: set[str], best: _Fact) -> bool:
    """Does the best fact share too little of what the question is about to answer it? "What's
    the wifi password for the conference guests this week?" against a rota "for next week"
    shares one word of five: that is another subject, and the answer is "I don't know"."""
    if best.meant:
        return False  # tier 1 said which of the wearer's notes the question means
    shared = {word for word in topic if word in best.stems or about & EXPANSIONS.get(word, frozenset()) & best.stems}
    missing = len(topic) - len(shared)
    return missing >= MISSING_TOPIC_WORDS and missing > len(shared)


def answer(question: str, context: Context, current_view: str | None) -> Answer:
    asked = intents(question)
    words = content_stems(question) - ANSWER_TYPE_WORDS
    for word in list(words):
        words |= EXPANSIONS.get(word, frozenset())

    # What the question is about, beyond the kind of fact it wants ("paracetamol", "Bev", "van"
    # in "what time did Bev say the van was coming?"): a fact that shares none of it does not
    # answer it, however well it fits the question's kind.
    cues = {stem(word) for intent in asked for cue in INTENTS[intent] for word in cue.split()} - PLAN_NAMES
    topic = distinctive(question) - ANSWER_TYPE_WORDS - cues - QUESTION_WORDS
    about = set(topic)
    for word in topic:
        about |= EXPANSIONS.get(word, frozenset())
    candidates: list[_Fact] = []
    # What a sentence's own record says it is about, so a reply can lead with it: parsed from
    # the record (a calendar entry's start after any move), never re-read from the sentence,
    # where a stale time may come first ("your 09:30 haircut has been rebooked for 09:40").
    leads: dict[str, dict[str, str]] = {}

    wants = wanted_kinds(question)

    def add(
        kind: str,
        sentence: str,
        text: str,
        bonus: float = 0.0,
        *,
        meant: bool = False,
        said_by: str = "",
        at: float = -1.0,
    ) -> None:
        stems = content_stems(text)
        overlap = len(words & stems)
        if overlap and any(holds(want, text) for want in wants):
            bonus += 2.0  # on topic, and it holds what was asked for: a time, a room, a name
        score = overlap * 2.0 + (3.0 if kind in asked else 0.0) + bonus
        candidates.append(_Fact(score, kind, sentence, meant or bool(about & stems), stems, said_by, meant, text, at))

    upcoming = context.upcoming()
    if contains_phrase(question, "next") or contains_phrase(question, "after this"):
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
        add("calendar", sentence, sentence, bonus=1.0 / (rank + 1), said_by=update or "")
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
            said_by=f"{note.sender or ''} {note.app}",
            at=note.at,
        )
    # The wearer's own notes were kept to be asked for, in other words than theirs ("where did
    # we leave the car?" for "we're parked in zone P"): tier 1 says which one a question means.
    notes = [own.text for own in context.user_notes]
    likeness = context.meaning.similarities(question, notes) if notes else None
    for own, similar in zip(context.user_notes, likeness or [0.0] * len(notes), strict=True):
        meant = NOTE_MEANT_BONUS if similar >= NOTE_SIMILARITY else 0.0
        add(
            "note",
            f"Your note from {format_hhmm(own.at)}: {own.text}",
            own.text,
            bonus=0.2 + meant,
            meant=bool(meant),
            at=own.at,
        )
    for rank, heard in enumerate(context.heard):
        add(
            "heard",
            f"Heard at {format_hhmm(heard.at)}: {heard.text}",
            heard.text,
            bonus=0.05 + rank / 100 + recency(heard.at),
            said_by=heard.text,
            at=heard.at,
        )
    if context.place:
        add("place", f"You are at {context.place}.", context.place)
    for rank, seen in enumerate(context.seen):
        add("sight", f"Seen at {format_hhmm(seen.at)}: {seen.text}", seen.text, bonus=0.05 + rank / 100, at=seen.at)
    if current_view:
        add("sight", f"I see: {current_view}", current_view, bonus=0.1)
    add("time", f"It is {format_hhmm(context.now)}.", "time clock")

    known = list(candidates)
    if topic:
        # "When's my next job after this one?" asks for the schedule, in its own word for it.
        schedule = contains_phrase(question, "next") or contains_phrase(question, "after this")
        candidates = [c._replace(on_topic=c.on_topic or schedule and c.kind == "calendar") for c in candidates]
        # Tier 1 cannot widen this: "the closure" scores 0.28 against "Bridge Street closed
        # ... divert via Canal Road", unrelated facts 0.25-0.35 (measured on the blind sets).
        candidates = [candidate for candidate in candidates if candidate.on_topic]
    asked_of = sayer(question)
    if asked_of:
        # "Did Rui say who's meeting me?": only what Rui said answers it, not a plan that names him.
        candidates = [candidate for candidate in candidates if asked_of in content_stems(candidate.said_by)]
    candidates.sort(key=lambda item: item.score, reverse=True)
    if not candidates or _misses_the_point(topic, about, candidates[0]):
        return Answer(UNKNOWN, [], needs_look=current_view is None, unknown=True)
    best = _superseding(candidates[0], known) or candidates[0]
    best_score, best_kind, best_sentence = best.score, best.kind, best.sentence
    # Look when the context barely answers, or lacks what was asked for ("how much is the
    # ticket?" and no price known): the answer may be in front of the wearer.
    lacks = bool(wants) and not any(holds(want, best_sentence) for want in wants)
    needs_look = current_view is None and ("sight" in asked or best_score < WEAK_ANSWER or lacks)
    if best_score < 1.0:
        return Answer(UNKNOWN, [], needs_look=needs_look, unknown=True)
    chosen = [best_sentence]
    if (
        best_kind in ("calendar", "reminder")
        and len(asked) == 1
        and any(contains_phrase(question, cue) for cue in ("schedule", "agenda", "list", "reminders", "plans", "today"))
    ):
        chosen += [fact.sentence for fact in candidates[1:] if fact.kind == best_kind][:2]
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
