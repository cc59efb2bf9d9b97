"""Every word list the cheap stage of the cascade matches against, in one place to tune.

Matching is by text.py's crude stem: "delayed" matches "delay", but "changed" does not match
"change" nor "moved" "move", so a list names each form it means. Phrases match on word
boundaries. Lists are deliberately narrow: a word that fires on ordinary speech costs
precision everywhere.
"""

from __future__ import annotations

# Content words that name no particular subject (two plans sharing one of them are not related).
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december",
)  # fmt: skip
GENERIC = frozenset(
    [
        "meeting",
        "call",
        "review",
        "room",
        "office",
        "home",
        "work",
        "street",
        "station",
        "hour",
        "minute",
        "today",
        "morning",
        "afternoon",
        "evening",
        "floor",
        "flat",
        "road",
        "avenue",
        "lane",
        "square",
        "place",
        "am",
        "pm",
        "ok",
        "hi",
        "tv",
        *WEEKDAYS,
        "weekend",
        "tomorrow",
        "tonight",
        "level",
        "building",
        "message",
        "text",
        "note",
        "reminder",
        "new",
        "update",
        "please",
        "thanks",
        "thank",
    ]
)

# Words for places a reminder can be "near", and what a camera or a place name shows of them.
PLACE_WORDS: dict[str, frozenset[str]] = {
    "grocery": frozenset(
        {
            "grocery",
            "groceries",
            "supermarket",
            "market",
            "greengrocer",
            "fruit",
            "vegetables",
            "produce",
            "deli",
            "food store",
        }
    ),
    "supermarket": frozenset({"supermarket", "grocery", "market", "groceries"}),
    "pharmacy": frozenset({"pharmacy", "drugstore", "chemist", "apotheke", "pharmacist", "drug store"}),
    "post office": frozenset({"post office", "postal", "mailbox", "letterbox", "post horn", "postamt"}),
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
# Words in a `near` that name no particular kind of place.
PLACE_FILLERS = frozenset({"store", "shop", "place", "centre", "center", "area", "near", "any", "local", "nearest"})
# Apps where a person writes to the wearer directly (an urgent word there is someone's need, not marketing).
CHAT_APPS = frozenset(
    [
        "messages",
        "sms",
        "imessage",
        "whatsapp",
        "signal",
        "telegram",
        "phone",
        "facetime",
        "messenger",
        "threema",
        "wechat",
        "line",
        "viber",
    ]
)
PERSONAL_URGENT = frozenset({"urgent", "asap", "emergency", "call me", "right now", "immediately"})
# What a change of plan is about when it concerns no plan the wearer has (a bus delay).
TRANSPORT_WORDS = frozenset(
    [
        "bus",
        "tram",
        "train",
        "metro",
        "subway",
        "underground",
        "tube",
        "flight",
        "ferry",
        "line",
        "platform",
        "gate",
        "service",
        "route",
        "departure",
        "arrival",
        "taxi",
        "driver",
        "ride",
        "connection",
    ]
)
# Words that say a plan changed. Deliberately narrow: "now", "new" or "room" alone say nothing.
CHANGE_WORDS = frozenset(
    [
        # "debrief shifted to half 11", as phrases: "shift" alone is also a night shift
        "shifted to",
        "shifted back",
        "shifted forward",
        # Back on after a cancellation: "the pool has reopened", "Sunita back on after all".
        "reopened",
        "back on",
        "after all",
        "reinstated",
        # A time proposed in place of the plan's: "lets do quarter past 11 abeg", "can we do 3?"
        "let's do",
        "lets do",
        "can we do",
        "could we do",
        "make it",
        "late",
        "delay",
        "delayed",
        "cancel",
        "cancelled",
        "canceled",
        "moved",
        # "moved" stems as "move": "we must move your ceremony up to 10:10", "moving" too
        "swapped",  # "Waves B and C have been swapped", "we've swapped you into 220"
        "postponed",
        "postpone",
        "reschedule",
        "rescheduled",
        "changed",
        "change",
        "instead",
        "extended",
        "extension",
        "earlier",
        # Phrases that move a plan in time or place.
        "now starts",
        "now begins",
        "now expected",
        "now departs",
        "now depart",
        "will now",
        "pushed",
        "brought forward",
        "new time",
        "running behind",
        "behind",
        "behind schedule",
        "rebooked",
        "bumped",
        "moved up",
        "won't be ready",
        "not be ready",
        "not ready until",
        "delayed until",
    ]
)
# What announcements about the wearer's own trip say besides changes.
ANNOUNCE_WORDS = CHANGE_WORDS | frozenset(
    {"boarding", "final call", "last call", "gate", "platform", "departs", "depart", "closing", "now"}
)
# Words that make a sign news rather than a label.
SIGN_NEWS_WORDS = CHANGE_WORDS | frozenset({"boarding", "final call", "last call", "closing", "closed", "now"})
# Single words match by stem ("scrap" is "scrapped"), phrases as written.
CANCEL_WORDS = frozenset({"cancel", "cancelled", "canceled", "called off", "calling off", "scrap"})
# Something is waiting for the wearer right now.
ACTION_WORDS = frozenset(
    {
        "at your door",
        "at the door",
        "driver will wait",
        "signature required",
        "signature",
        "sign for",
        "please be in",
        "be at home",
        "ready for pickup",
        "ready for collection",
        "is outside",
        "has arrived",
    }
)
URGENT_WORDS = frozenset({"cancelled", "canceled", "final call", "last call", "evacuate", "emergency"})
PRECIPITATION = frozenset(
    {"rain", "rainy", "showers", "storm", "thunder", "thunderstorm", "snow", "sleet", "hail", "downpour", "drizzle"}
)
FORECAST = frozenset(
    {
        "warning",
        "alert",
        "forecast",
        "afternoon",
        "tonight",
        "later",
        "expected",
        "all day",
        "this evening",
        "tomorrow",
        "millimetres",
        "millimeters",
    }
)
# Verbs and fillers in reminder texts that say nothing about where the reminder belongs.
TASK_VERBS = frozenset(
    [
        "buy",
        "get",
        "pick",
        "call",
        "return",
        "take",
        "bring",
        "send",
        "pay",
        "book",
        "check",
        "email",
        "text",
        "water",
        "fix",
        "ask",
        "tell",
        "remember",
    ]
)
# Moments a plan reaches that are news even when every code in them is known.
EVENT_WORDS = ("boarding", "final call", "last call")
# Kinds of numbered place: "gate B52", "platform 4", "Court 5", "lot 52". Exactness (what sort of
# place a number names), shared by the parsers of changes, codes and questions.
PLACE_KINDS = (
    "platform", "pier", "gate", "track", "stand", "screen", "bay", "berth", "terminal", "hall", "door", "exit",
    "level", "floor", "table", "room", "seat", "locker", "stop", "court", "studio", "ring",
)  # fmt: skip

# Short forms people type in messages, read as their words wherever words are compared (never
# rewritten where a card quotes its source): "Fam mtg moved to the Garden Rm", "Yr 4 100m".
SHORT_FORMS = {
    "mtg": "meeting",
    "mtgs": "meetings",
    "appt": "appointment",
    "appts": "appointments",
    "rm": "room",
    "fam": "family",
    "yr": "year",
    "yrs": "years",
    "fwd": "forward",
    "tmrw": "tomorrow",
    "tmw": "tomorrow",
    "tmrw's": "tomorrow's",
    "tonite": "tonight",
    "nite": "night",
    "pls": "please",
    "plz": "please",
    "msg": "message",
    "msgs": "messages",
    "ur": "your",
    "bday": "birthday",
    "b'day": "birthday",
    "hosp": "hospital",
    "dept": "department",
    "info": "information",
    "mins": "minutes",
    "hrs": "hours",
    "thurs": "thursday",
    "thur": "thursday",
    "tues": "tuesday",
    "weds": "wednesday",
}
