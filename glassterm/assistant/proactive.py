"""The proactive assistant (Qwen/Quark style): surfaces cards on its own, through a cascade.

Stage 1, triggers: cheap signals propose candidates (triggers.py).
Stage 2, gates: de-duplication, inhibition by newer facts, holding while the wearer talks
to someone, a cool-down between cards and an hourly budget (Alertmanager's lessons).
Stage 3, the model: only candidates that pass are phrased by the LLM, and checked.
`stats` counts what reached each stage, so the cascade's saving can be shown.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from glassterm.assistant.base import Assistant
from glassterm.assistant.cards import Candidate, spoken_words
from glassterm.assistant.context import Observation
from glassterm.assistant.grounding import safe_data
from glassterm.assistant.news import fact_keys
from glassterm.assistant.reminders import reminders_due
from glassterm.assistant.text import clean_untrusted
from glassterm.assistant.triggers import calendar_due, heard_candidates, notification_candidate, sight_candidates
from glassterm.clock import format_hhmm
from glassterm.display import fit_body
from glassterm.events import (
    Card,
    Decision,
    Event,
    Heard,
    LocationChanged,
    NotificationArrived,
    Output,
    Said,
    Seen,
    TimeTick,
)
from glassterm.power.ledger import Work, spoken_seconds

RECENT_CARD_TEXTS = 12  # MentraOS drops duplicates of the last 12 insights


@dataclass(frozen=True, slots=True)
class Held:
    candidate: Candidate
    since: float


class ProactiveAssistant(Assistant):
    mode = "proactive"
    wake_word_spotting = False  # it transcribes speech for context anyway

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._next_look_at: float | None = None
        self._last_look_at: float | None = None
        self._shown_at: dict[str, float] = {}
        self._told: dict[str, set[str]] = {}  # plan key -> facts already shown about it
        self._news_shown_at: dict[str, float] = {}  # plan key -> when a card last brought news of it
        self._recent_texts: deque[str] = deque(maxlen=RECENT_CARD_TEXTS)
        self._card_times: deque[float] = deque()
        self._last_card_at: float | None = None
        self._conversation_until = -1.0
        self._held: list[Held] = []
        self._reported: set[tuple[str, str]] = set()

    def react(self, event: Event) -> list[Output]:
        outputs: list[Output] = []
        candidates = self._sense(event, outputs)
        if isinstance(event, Said):
            request = self.addressed_request(event)
            self.transcribe(event)
            if request:
                outputs.append(self.reply_to(event, request))
            elif request is None:
                # Talking to someone else: a reason to hold cards, never to reply.
                self._conversation_until = event.at + self.policy.conversation_hold_s
        if self.policy.naive:
            return outputs + self._naive(event, candidates)
        if candidates:
            self.stats["stage_trigger_events"] += 1
            self.stats["stage_trigger_candidates"] += len(candidates)
        for candidate in candidates:
            outputs += self._gate(candidate, event.at)
        outputs += self._release_held(event.at)
        return outputs

    # Stage 1: sensing and triggers.
    def _sense(self, event: Event, outputs: list[Output]) -> list[Candidate]:
        context = self.context
        candidates: list[Candidate] = []
        if isinstance(event, LocationChanged) and self.policy.look_on_place_change:
            self._next_look_at = event.at  # look at the new place as soon as there is something to see
            candidates += sight_candidates(context, context.place or "", seen=False)
        looked = self._maybe_look(event)
        if looked:
            candidates += sight_candidates(context, looked)
        match event:
            case NotificationArrived():
                found = notification_candidate(
                    context,
                    event.at,
                    clean_untrusted(event.app, 40),
                    event.sender and clean_untrusted(event.sender, 60),
                    clean_untrusted(event.text),
                )
                candidates += [found] if found else []
            case Heard():
                if self.policy.transcribe_ambient:
                    self.transcribe(event)
                    text = clean_untrusted(event.text)
                    context.heard.append(Observation(event.at, text))
                    if event.at <= self._conversation_until:
                        self._conversation_until = event.at + self.policy.conversation_hold_s
                    candidates += heard_candidates(context, event.at, text)
        candidates += calendar_due(context, self.policy)
        candidates += reminders_due(context, self.policy)
        return candidates

    def _maybe_look(self, event: Event) -> str | None:
        """Look when a look is due (interval passed, or the place changed); a look costs energy.

        Returns what is in view if it is new. A change of place makes the look due at once but
        takes it on the next event, so a sight reported with the new place is the one seen.
        """
        policy = self.policy
        if self._next_look_at is None:
            self._next_look_at = event.at + policy.look_interval_s
            return None
        if isinstance(event, Seen) and policy.look_on_view_change:
            # The view changed (a cheap signal says so, not the camera): look as soon as allowed.
            earliest = self._last_look_at + policy.min_look_gap_s if self._last_look_at is not None else event.at
            self._next_look_at = min(self._next_look_at, max(event.at, earliest))
        if isinstance(event, LocationChanged) or event.at < self._next_look_at:
            return None
        previous = self.context.seen[-1].text if self.context.seen else None
        view = self.look()
        self._last_look_at = event.at
        self._next_look_at = event.at + policy.look_interval_s
        return view if view and view != previous else None

    # Stage 2: gates.
    def _gate(self, candidate: Candidate, now: float) -> list[Output]:
        policy = self.policy
        last = self._shown_at.get(candidate.key)
        if last is not None and now - last < policy.repeat_interval_min * 60:
            return self._decide(candidate, now, "dedupe", "shown already")
        if any(held.candidate.key == candidate.key for held in self._held):
            return []
        if candidate.text in self._recent_texts:
            return self._decide(candidate, now, "dedupe", "same text shown recently")
        told = self._told.get(candidate.about)
        if candidate.source in ("announcement", "sight") and told and fact_keys(candidate.news_text) <= told:
            # "Platform 4 is at the far end" after the card that said platform 4: nothing new.
            return self._decide(candidate, now, "dedupe", "nothing new about it")
        news_at = self._news_shown_at.get(candidate.about)
        if (
            candidate.source == "calendar"
            and news_at is not None
            and now - news_at < policy.calendar_quiet_after_news_min * 60
        ):
            return self._decide(candidate, now, "dedupe", f"its news was shown at {format_hhmm(news_at)}")
        self.stats["stage_gates_passed_dedupe"] += 1
        if not candidate.urgent:
            if now <= self._conversation_until or (
                self._last_card_at is not None and now - self._last_card_at < policy.cooldown_s
            ):
                self._held.append(Held(candidate, now))
                reason = "conversation in progress" if now <= self._conversation_until else "cool-down"
                return self._decide(candidate, now, "hold", reason)
            if self._over_budget(now):
                return self._decide(candidate, now, "budget", f"{policy.budget_per_hour} cards this hour")
        return self._show(candidate, now)

    def _over_budget(self, now: float) -> bool:
        while self._card_times and now - self._card_times[0] >= 3600:
            self._card_times.popleft()
        return len(self._card_times) >= self.policy.budget_per_hour

    def _release_held(self, now: float) -> list[Output]:
        if not self._held or now <= self._conversation_until:
            return []
        outputs: list[Output] = []
        waiting = sorted(self._held, key=lambda held: (not held.candidate.urgent, held.since))
        self._held = []
        for held in waiting:
            if now - held.since > self.policy.max_hold_min * 60:
                outputs += self._decide(held.candidate, now, "hold", "held too long, dropped")
                continue
            if self._last_card_at is not None and now - self._last_card_at < self.policy.cooldown_s:
                self._held.append(held)
                continue
            if self._over_budget(now):
                outputs += self._decide(held.candidate, now, "budget", "over budget")
                continue
            outputs += self._show(held.candidate, now)
        return outputs

    # Stage 3: the model phrases, the facts stay.
    def _show(self, candidate: Candidate, now: float) -> list[Output]:
        self.stats["stage_llm"] += 1
        title = clean_untrusted(candidate.title, 80)
        # The model may reword the body, never the first line: that is the change itself.
        room = self.display.lines * self.display.columns - len(title)
        wordy = len(f"{title} {candidate.template}".split()) > self.policy.phrase_cards_over_words
        phrased = (
            self.phrase("card", candidate.template, candidate.facts, max_chars=room)
            if candidate.template and wordy
            else None
        )
        body = fit_body(title, clean_untrusted(phrased.text if phrased else candidate.template, 180), self.display)
        card = Card(
            at=now,
            mode="proactive",
            title=title,
            body=body,
            source=candidate.source,
            key=candidate.key,
            urgent=candidate.urgent,
            phrased_by="model" if phrased and phrased.by_model else "template",
            refused=phrased.refused if phrased else None,
            detail=clean_untrusted(candidate.detail, 600),
            spoken=spoken_words(title),
            news=candidate.news,
        )
        self._remember_shown(candidate, now)
        self._charge_delivery(card)
        self.stats["cards"] += 1
        return [card]

    def _charge_delivery(self, card: Card) -> None:
        """Both ways a card can reach the wearer; the device profile prices the one it has."""
        self.ledger.charge(Work.DISPLAY_ON_S, self.policy.card_seconds)
        self.ledger.charge(Work.CARD_VOICE_S, spoken_seconds(card.spoken))  # audio-only glasses say the headline

    def _remember_shown(self, candidate: Candidate, now: float) -> None:
        self._shown_at[candidate.key] = now
        if candidate.about:
            # A plan's own card ("Boarding: EZY 2153 at 09:55") announces no event: its title names it.
            announced = candidate.source in ("announcement", "sight", "notification")
            if announced:
                self._news_shown_at[candidate.about] = now
            self._told.setdefault(candidate.about, set()).update(fact_keys(candidate.news_text, events=announced))
        self._recent_texts.append(candidate.text)
        self._last_card_at = now
        if not candidate.urgent:
            self._card_times.append(now)

    def _decide(self, candidate: Candidate, now: float, stage: str, detail: str) -> list[Output]:
        self.stats[f"decided_{stage}"] += 1
        if (candidate.key, stage) in self._reported:
            return []  # a calendar entry stays due for minutes: say why it is quiet once
        self._reported.add((candidate.key, stage))
        return [Decision(at=now, mode="proactive", key=candidate.key, stage=stage, detail=detail)]

    # The baseline: the model judges every event, no cheap stage in front of it.
    def _naive(self, event: Event, candidates: list[Candidate]) -> list[Output]:
        if isinstance(event, TimeTick) and not candidates:
            return []  # minute ticks with nothing due are not asked about (it would only cost more)
        description = safe_data(_describe_event(event))
        prompt = self.phraser.prompts.render(
            "judge", now=format_hhmm(event.at), event=description, context="\n".join(self.context.facts())
        )
        if self.phraser.llm is None:
            return []
        with self.thinking():
            completion = self.phraser.llm.complete(self.phraser.prompts.system, prompt, max_tokens=3)
        self.charge_llm(completion)
        if not completion.text.strip().lower().startswith("yes"):
            return []
        chosen = candidates or [
            Candidate(
                key=f"event:{int(event.at)}:{type(event).__name__}",
                source="event",
                title=type(event).__name__,
                template=description,
            )
        ]
        outputs: list[Output] = []
        for candidate in chosen:
            if candidate.key in self._shown_at:
                continue
            card = Card(
                at=event.at,
                mode="proactive",
                title=clean_untrusted(candidate.title, 60),
                body=clean_untrusted(candidate.template, 180),
                source=candidate.source,
                key=candidate.key,
            )
            self._shown_at[candidate.key] = event.at
            self._charge_delivery(card)
            self.stats["cards"] += 1
            outputs.append(card)
        return outputs


def _describe_event(event: Event) -> str:
    match event:
        case LocationChanged():
            return f"Arrived at {event.place}"
        case Seen():
            return f"Camera sees: {event.description}"
        case Heard():
            return f"Heard nearby: {event.text}"
        case Said():
            return f"The wearer said: {event.text}"
        case NotificationArrived():
            return f"Notification from {event.sender or event.app}: {event.text}"
        case TimeTick():
            return f"It is {format_hhmm(event.at)}"
        case _:
            return type(event).__name__
