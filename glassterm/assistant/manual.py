"""The manual assistant (Meta Ray-Ban style): acts only when addressed, never on its own."""

from __future__ import annotations

from glassterm.assistant.base import Assistant
from glassterm.events import Event, Output, Said


class ManualAssistant(Assistant):
    mode = "manual"
    wake_word_spotting = True

    def react(self, event: Event) -> list[Output]:
        if not isinstance(event, Said):
            return []
        request = self.addressed_request(event)
        if request is None:
            return []  # the wake-word spotter heard no wake word: nothing is transcribed
        self.transcribe(event)
        if not request:
            return []
        return [self.reply_to(event, request)]
