"""What a question asks: the kind of fact it wants, what it is about, and who it asks about.

Exactness about the question's form, read once per question; answer.py finds the fact.
"""

from __future__ import annotations

import re

from glassterm.assistant.gist import code_tokens, proper_names
from glassterm.assistant.text import contains_phrase, normalise_times, stem, tokens
from glassterm.assistant.vocabulary import PLACE_KINDS

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
# Calendar words that name a kind of plan ("dinner", "the dentist"): what a question is about,
# though they also say it asks about a plan ("what time do I leave for dinner?").
PLAN_NAMES = frozenset(
    stem(word)
    for word in [
        "flight",
        "train",
        "dinner",
        "lunch",
        "breakfast",
        "interview",
        "doctor",
        "dentist",
    ]
)
_EXPANSIONS: dict[str, set[str]] = {
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
# Stemmed like the words they meet: a key is a stem, so "leave" and "leaving" find the same extras.
EXPANSIONS = {stem(word): frozenset(stem(extra) for extra in extras) for word, extras in _EXPANSIONS.items()}
CODE_WORDS = frozenset(
    stem(word)
    for word in ["number", "code", "reference", "pin", "booking", "confirmation", "registration", "plate", "reg"]
)
_ASKS_TO_BE_REMINDED = re.compile(r"\bremind\s+me\s+(?:what|when|where|which|who|how)\b")
_ASKS_HEARD = re.compile(
    r"\b(did|what did|what has)\b.*\b(say|said|tell|told|announce)\b|\b(just|earlier)\s+(mentioned|said|told)\b",
    re.IGNORECASE,
)
# What kind of fact a question wants, and how to see it in a sentence.
_PLACE_NUMBER = re.compile(rf"\b(?i:{'|'.join(PLACE_KINDS)}|seats)\s+[A-Z0-9][\w.]*")
# Words that say what kind of answer is wanted ("what room", "the number"), not what about.
ANSWER_TYPE_WORDS = frozenset(
    stem(word) for word in ["room", "number", "code", "reference", "pin", "time", "cost", "price"]
)
_CLOCK_TIMES = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
_ASKS_PLACE = re.compile(
    rf"\bwhere\b|\b(which|what)\s+({'|'.join(PLACE_KINDS)}|seats)\b",
    re.IGNORECASE,
)


def wanted_kinds(question: str) -> set[str]:
    lowered = question.lower()
    stems = {stem(word) for word in tokens(lowered)}
    wants = set()
    if contains_phrase(lowered, "when") or "what time" in lowered or "how long until" in lowered:
        wants.add("time")
    asked = _ASKS_PLACE.search(lowered)
    if asked and asked.group(2):
        wants.add(f"place:{asked.group(2).rstrip('s')}")  # "which table": a table and its number
    elif asked or stems & CODE_WORDS:
        wants.add("code")
    if contains_phrase(lowered, "who") or contains_phrase(lowered, "whose"):
        wants.add("name")
    if any(phrase in lowered for phrase in ("how much", "how many", "how far")):
        wants.add("number")
    return wants


def holds(kind: str, sentence: str) -> bool:
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


# A question about the wearer's own day, surroundings or what someone said: nothing known
# answering it means "I don't know", never a model's guess.
_ABOUT_THE_DAY = re.compile(
    r"\b(?:i|i'm|i've|i'd|me|my|mine|we|we're|we've|our|us|here|today|tonight|this|that|these|those)\b"
    r"|\b(?:did|has|have|had)\b.*\b(?:say|said|tell|told|mention|mentioned|text|write|ring|call)\b"
    # A plan's state or what is left of it: "is the flower thing still happening?", "how long til the semi"
    r"|\b(?:now|still|again|yet|til|till|until)\b"
    # A code, a password, a booking: never general knowledge, always someone's ("the wifi password
    # for the volunteer lounge": SmolLM2 had guessed "1234567890").
    r"|\b(?:code|password|passcode|pin|wi-?fi|booking|reference|ref)\b",
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
        # How a question asks, not what about: "how much", "until when", "whether", "what else".
        "much",
        "many",
        "often",
        "until",
        "till",
        "whether",
        "else",
        "ask",
        "want",
        "meant",
        "as",
        "well",
        "see",
        "have",
        "do",
        "give",
        "gave",
        "come",
        "coming",
        "happen",  # "is it still happening?": whether it stands is asked
        "play",  # "where are we playing?": where the game is
        "old",  # "how old": an age is asked for
        "late",  # "still running late?": the plan's state is asked for
        "early",
        "delayed",
        "still",
        "i'd",
        "you'd",
        "he'd",
        "she'd",
        "we'd",
        "they'd",
    ]
)


def asks_about_the_day(question: str, known: str = "") -> bool:
    """Is `question` about the wearer's own day (their plans, where they are, what was said)
    rather than general knowledge ("how many teaspoons are in a tablespoon?")? A question that
    names someone or something of the day (`known`: what the assistant was told today) is about
    it too: "did Kerry pay the subs", "the code for the front door at Fitzgerald's"."""
    if _ABOUT_THE_DAY.search(question) is not None:
        return True
    names = {name.lower() for name in re.findall(r"\b[A-Z][\w'’-]*", question[1:])}  # not the opening word
    return bool(names) and bool({stem(name) for name in names} & {stem(word) for word in tokens(known.lower())})


def intents(question: str) -> set[str]:
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


# "Did Rui say ...", "has Kunal sorted ...": a person asked about by name, not "did he say".
_NAMED_SAYER = re.compile(
    r"\b(?:did|has|had)\s+([A-Z][a-z]+)(?:'s)?\s+(?:\w+\s+)?(?:say|said|mention|tell|told|text|write|wrote|ask|asked|send|sent)\b"
)


def sayer(question: str) -> str | None:
    """The stem of the person a question asks what they said, when it names one."""
    match = _NAMED_SAYER.search(question)
    return stem(match.group(1)) if match else None
