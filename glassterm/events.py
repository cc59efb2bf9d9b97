"""Everything that moves between the parts of glassterm: small, typed, immutable records.

Inputs (events) come from a scene or from the live microphone and look the same to the
assistants. Outputs (cards, replies) go to the HUD and to the headless reporter alike.
Times are virtual seconds since midnight of the scene's date.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Mode = Literal["proactive", "manual"]
MODES: tuple[Mode, ...] = ("proactive", "manual")
DEFAULT_WAKE_WORD = "hey glass"


# Records the calendar and the reminder list hold. Scenes declare them; events carry them.


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    at: int
    title: str
    until: int | None = None
    where: str | None = None
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class Reminder:
    text: str
    near: str | None = None
    at: int | None = None


@dataclass(frozen=True, slots=True)
class Transcript:
    """What ASR made of an utterance, when it went through the speech pipeline."""

    text: str
    audio_seconds: float
    asr_seconds: float  # wall time ASR took on this machine: for latency display, never for decisions
    spoken_text: str | None = None  # what the scene said, when known (shows ASR errors)


# Input events.


@dataclass(frozen=True, slots=True)
class SceneStarted:
    at: float
    title: str
    date: str
    user_name: str | None
    wake_word: str


@dataclass(frozen=True, slots=True)
class CalendarKnown:
    at: float
    entry: CalendarEntry


@dataclass(frozen=True, slots=True)
class ReminderSet:
    at: float
    reminder: Reminder


@dataclass(frozen=True, slots=True)
class LocationChanged:
    at: float
    place: str


@dataclass(frozen=True, slots=True)
class Seen:
    """What a vision model would report from a camera frame, if the assistant looks."""

    at: float
    description: str


@dataclass(frozen=True, slots=True)
class Heard:
    """Ambient speech: other people, radio, announcements. Never addressed to the assistant."""

    at: float
    text: str
    transcript: Transcript | None = None


@dataclass(frozen=True, slots=True)
class Said:
    """The wearer speaks. Addressed only with the wake word or after push-to-talk."""

    at: float
    text: str
    transcript: Transcript | None = None


@dataclass(frozen=True, slots=True)
class ButtonPressed:
    at: float
    button: Literal["talk"] = "talk"


@dataclass(frozen=True, slots=True)
class NotificationArrived:
    at: float
    app: str
    sender: str | None
    text: str


@dataclass(frozen=True, slots=True)
class TimeTick:
    at: float


@dataclass(frozen=True, slots=True)
class SceneEnded:
    at: float


Event = (
    SceneStarted
    | CalendarKnown
    | ReminderSet
    | LocationChanged
    | Seen
    | Heard
    | Said
    | ButtonPressed
    | NotificationArrived
    | TimeTick
    | SceneEnded
)


@dataclass(frozen=True, slots=True)
class Suggestion:
    """What the wearer could say now: a scene's `say` line when the microphone is the wearer (the
    live demo). Played on the session's clock for the HUD, never delivered to the assistants."""

    at: float
    text: str
    push_to_talk: bool = False  # the scene pressed the talk button for it


# Outputs.


@dataclass(frozen=True, slots=True)
class Card:
    """Surfaced on the assistant's own initiative. Title and facts come from `source`."""

    at: float
    mode: Mode
    title: str
    body: str
    source: str  # "calendar", "reminder", "notification", "announcement", "sight"
    key: str  # de-duplication key: one card per key per repeat interval
    urgent: bool = False
    phrased_by: Literal["model", "template"] = "template"
    refused: str | None = None  # why the model's sentence was not used, when the model was asked
    detail: str = ""  # the whole source (the message, the announcement): a page away on the lens
    spoken: str = ""  # what audio-only glasses say instead of showing it: at most 12 words
    news: str = ""  # the changed fact (new time, gate, room) the first line carries, when there is one


@dataclass(frozen=True, slots=True)
class Reply:
    """An answer to addressed speech."""

    at: float
    mode: Mode
    question: str
    text: str
    phrased_by: Literal["model", "template"] = "template"
    refused: str | None = None  # why the model's sentence was not used, when the model was asked
    grounded: bool = True  # False: the model's own answer to a general question, no fact of the day behind it


@dataclass(frozen=True, slots=True)
class TurnLatency:
    """Wall-clock seconds on this machine for one spoken turn (display and bench only), from when
    the listener heard the last speech: endpointing (the silence the VAD waits) is included."""

    to_transcript: float | None
    to_first_token: float | None
    to_first_audio: float | None
    total: float
    to_endpoint: float | None = None  # when the VAD ended the utterance


@dataclass(frozen=True, slots=True)
class Decision:
    """Why a proactive candidate was not shown (yet): the cascade's gates made visible."""

    at: float
    mode: Mode
    key: str
    stage: str  # the gate that stopped it: "dedupe", "hold" (conversation or cool-down) or "budget"
    detail: str


Output = Card | Reply | Decision
