"""What both assistants share: context upkeep, energy charging, and answering when addressed."""

from __future__ import annotations

import contextlib
import dataclasses
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from glassterm.assistant.answer import MODEL_GUESS, answer
from glassterm.assistant.context import Context, Note, Observation, describe_entry, describe_reminder
from glassterm.assistant.encoder import Meaning, SentenceEncoder
from glassterm.assistant.grounding import Phrased, Phraser
from glassterm.assistant.llm import Completion
from glassterm.assistant.policy import Policy
from glassterm.assistant.questions import asks_about_the_day
from glassterm.assistant.requests import NewNote, NewReminder, parse_request
from glassterm.assistant.text import clean_untrusted
from glassterm.assistant.wake import split_wake_word
from glassterm.display import DisplayProfile, display_profile
from glassterm.events import (
    ButtonPressed,
    CalendarKnown,
    Event,
    Heard,
    LocationChanged,
    Mode,
    NotificationArrived,
    Output,
    ReminderSet,
    Reply,
    Said,
    SceneStarted,
    Seen,
)
from glassterm.power.ledger import EnergyLedger, Work, spoken_seconds

PUSH_TO_TALK_SECONDS = 15.0  # speech this soon after the talk button is addressed


def speech_seconds(event: Said | Heard) -> float:
    """Audio length of an utterance: measured when it went through ASR, else estimated from words."""
    if event.transcript is not None:
        return event.transcript.audio_seconds
    return max(spoken_seconds(event.text), 0.5)


class Assistant:
    mode: Mode
    wake_word_spotting: bool  # manual listens for its wake word on a low-power spotter

    def __init__(
        self,
        phraser: Phraser,
        policy: Policy,
        ledger: EnergyLedger | None = None,
        display: DisplayProfile | None = None,
        encoder: SentenceEncoder | None = None,
    ) -> None:
        self.phraser = phraser
        self.policy = policy
        self.display = display or display_profile()  # cards are written to fit one page of it
        self.ledger = ledger or EnergyLedger()
        self.context = Context(meaning=Meaning(encoder, self.ledger))  # tier 1, charged to this assistant
        self.stats: Counter[str] = Counter()
        self.current_view: str | None = None  # what the camera would see if it looked now
        self._last_charge_at: float | None = None
        self._talk_pressed_at: float | None = None
        # Speech out: the grounded answer, handed over as soon as retrieval has it, so speaking
        # starts before the model has phrased anything (and cannot be made wrong by it).
        self.on_reply_text: Callable[[str], None] | None = None
        self.on_model_text: Callable[[str], None] | None = None  # the model's pieces as they stream
        self.on_llm_busy: Callable[[bool], None] | None = None  # the HUD's "LLM busy" light

    # The one entry point.
    def handle(self, event: Event) -> list[Output]:
        self.stats["events_in"] += 1
        self._charge_listening(event.at)
        self.context.now = event.at
        self._remember(event)
        encoded_before = self.ledger.counts[Work.ENCODER_PASSES]
        outputs = self.react(event)
        if self.ledger.counts[Work.ENCODER_PASSES] > encoded_before:
            self.stats["stage_encoder_events"] += 1  # how many events reached tier 1
        return outputs

    def react(self, event: Event) -> list[Output]:
        raise NotImplementedError

    def _charge_listening(self, at: float) -> None:
        if self._last_charge_at is not None and at > self._last_charge_at:
            self.ledger.listen(at - self._last_charge_at, wake_word=self.wake_word_spotting)
        self._last_charge_at = at if self._last_charge_at is None else max(at, self._last_charge_at)

    def _remember(self, event: Event) -> None:
        context = self.context
        match event:
            case SceneStarted():
                context.date, context.user_name, context.wake_word = event.date, event.user_name, event.wake_word
            case CalendarKnown():
                context.calendar.append(event.entry)
            case ReminderSet():
                context.reminders.append(event.reminder)
            case LocationChanged():
                context.place = clean_untrusted(event.place, 120)
                self.current_view = None  # the old view is behind us
            case Seen():
                self.current_view = clean_untrusted(event.description)
            case NotificationArrived():
                sender = clean_untrusted(event.sender, 60) if event.sender else None
                context.notes.append(
                    Note(event.at, clean_untrusted(event.app, 40), sender, clean_untrusted(event.text))
                )
            case ButtonPressed():
                self._talk_pressed_at = event.at

    # Addressed speech.
    def addressed_request(self, event: Said) -> str | None:
        """The request in `event` if it is addressed to the assistant, else None."""
        request = split_wake_word(event.text, self.context.wake_word)
        if request is not None:
            return request
        if self._talk_pressed_at is not None and 0 <= event.at - self._talk_pressed_at <= PUSH_TO_TALK_SECONDS:
            self._talk_pressed_at = None  # one press, one utterance
            return event.text.strip()
        return None

    def look(self) -> str | None:
        """One camera frame through the vision model: costs a capture and a vision pass, returns what is in view."""
        self.ledger.charge(Work.CAMERA_LOOKS, 1)
        self.ledger.charge(Work.VISION_PASSES, 1)
        self.stats["camera_looks"] += 1
        if self.current_view and (not self.context.seen or self.context.seen[-1].text != self.current_view):
            self.context.seen.append(Observation(self.context.now, self.current_view))
        return self.current_view

    def transcribe(self, event: Said | Heard) -> None:
        self.ledger.charge(Work.ASR_AUDIO_S, speech_seconds(event))

    def reply_to(self, event: Said, request: str) -> Reply:
        self.stats["replies"] += 1
        understood = self._apply_request(request, event.at)
        if understood is not None:
            return self._reply(event, request, understood, [understood])
        found = answer(request, self.context, None)
        if found.needs_look and self.current_view is not None:
            # What is in front of the wearer may answer it: one camera look, paid for.
            found = answer(request, self.context, self.look())
        if found.unknown:
            return self._unknown_reply(event, request, found.template)
        return self._reply(event, request, found.template, found.facts)

    def _unknown_reply(self, event: Said, request: str, unknown: str) -> Reply:
        """A question nothing of the day answers. A general one gets the model's own answer,
        marked as such (no fact can check it); one about the wearer's day, or with no model,
        is told plainly that nothing known answers it (the model has nothing to reword)."""
        guess = Phrased("", False, None)
        context = self.context
        known = " ".join(
            [describe_entry(entry) for entry in context.calendar]
            + [describe_reminder(reminder) for reminder in context.reminders]
            + [note.describe() for note in context.notes]
            + [observation.text for observation in (*context.heard, *context.seen, *context.user_notes)]
        )
        if not asks_about_the_day(request, known) and self.policy.use_llm_for_replies and self.phraser.llm is not None:
            with self.thinking():
                guess = self.phraser.general(request)
            if guess.completion is not None:
                self.charge_llm(guess.completion)
        text = f"{MODEL_GUESS}{guess.text}" if guess.by_model else unknown
        if self.on_reply_text is not None:
            self.on_reply_text(text)
        return self._delivered(
            event, request, Phrased(text, guess.by_model, None, guess.refused), grounded=not guess.by_model
        )

    def _apply_request(self, request: str, at: float) -> str | None:
        """Carry out "remind me ..." or "take a note ...": the confirmation to say, or None."""
        match parse_request(request, at):
            case NewReminder(reminder=reminder, caveat=caveat):
                near = clean_untrusted(reminder.near, 80) if reminder.near else None
                reminder = dataclasses.replace(reminder, text=clean_untrusted(reminder.text, 120), near=near)
                self.context.reminders.append(reminder)
                if caveat:
                    return f"Noted: {describe_reminder(reminder)}. {caveat}"
                return f"OK, I will remind you: {describe_reminder(reminder)}."
            case NewNote(text=note):
                self.context.user_notes.append(Observation(at, clean_untrusted(note)))
                return f"Noted: {clean_untrusted(note)}."
        return None

    def _reply(self, event: Said, request: str, template: str, facts: list[str]) -> Reply:
        if self.on_reply_text is not None:
            self.on_reply_text(template)
        phrased = self.phrase("reply", template, facts, question=request, on_text=self.on_model_text)
        return self._delivered(event, request, phrased)

    def _delivered(self, event: Said, request: str, phrased: Phrased, *, grounded: bool = True) -> Reply:
        """The reply as the wearer gets it, spoken and shown, each charged."""
        text = clean_untrusted(phrased.text, 300)
        self.ledger.charge(Work.TTS_AUDIO_S, spoken_seconds(text))
        self.ledger.charge(Work.DISPLAY_ON_S, self.policy.card_seconds)
        return Reply(
            at=event.at,
            mode=self.mode,
            question=clean_untrusted(request, 200),
            text=text,
            phrased_by="model" if phrased.by_model else "template",
            refused=phrased.refused,
            grounded=grounded,
        )

    def phrase(self, which: str, template: str, facts: list[str], **kwargs: Any) -> Phrased:
        """Reword `template` with the model when the policy allows, charging what the model did."""
        use_llm = self.policy.use_llm_for_replies if which == "reply" else self.policy.use_llm_for_cards
        if not use_llm or self.phraser.llm is None:
            return Phrased(template, False, None)
        with self.thinking():
            phrased = self.phraser.phrase(which, template, facts, **kwargs)
        if phrased.completion is not None:
            self.charge_llm(phrased.completion)
        return phrased

    @contextlib.contextmanager
    def thinking(self) -> Iterator[None]:
        """Around every model call: tells whoever listens that this assistant is busy."""
        if self.on_llm_busy is not None:
            self.on_llm_busy(True)
        try:
            yield
        finally:
            if self.on_llm_busy is not None:
                self.on_llm_busy(False)

    def charge_llm(self, completion: Completion) -> None:
        self.stats["llm_calls"] += 1
        self.ledger.charge(Work.LLM_PROMPT_TOKENS, completion.prompt_tokens)
        self.ledger.charge(Work.LLM_GENERATED_TOKENS, completion.generated_tokens)
