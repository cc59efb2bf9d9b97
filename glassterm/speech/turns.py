"""End of turn: when the wearer has finished speaking, decided from the words heard so far.

The listening pipeline transcribes an utterance after a short silence (`complete_silence_ms`);
if it is addressed to the assistant and its words form a whole request the turn ends there,
otherwise the pipeline waits for the long silence (`end_silence_ms`). A wrong "complete" cuts the wearer off and a wrong "incomplete" only
makes them wait the long silence, so the check says complete only when nothing in the words
says the sentence goes on.

pipecat's Smart Turn (an audio end-of-turn model, shipped in `pipecat-ai`) was weighed instead:
on Piper's voice it heard "I need to" and "remind me to call" as finished (0.92, 0.98) and took
about 135 ms a check on one core here, so words decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from glassterm.assistant.policy import _line_of
from glassterm.assistant.wake import split_wake_word
from glassterm.errors import UserError
from glassterm.events import DEFAULT_WAKE_WORD
from glassterm.speech.vad import VadConfig

if TYPE_CHECKING:
    from glassterm.assistant.policy import Policy


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words a request cannot end on, even when ASR put a question mark after it: articles,
# possessives, conjunctions and hesitations ("when is my ...", "the keys and ...", "uh ...").
_NEVER_LAST = _words("a an the my your our their its this these those and or but nor because um uh er erm uhm hmm")
# Words a statement rarely ends on, though a question may ("who should I talk to?", "which
# gate does it leave from?"): only a question mark from ASR lets the turn end on them.
_RARELY_LAST = _words(
    """to of for with at in on from by about into onto near than if that when where while until before after
    is are was were am be will would can could should must shall may might do does did have has
    i i'm i'll i'd we we're we'll let's want need like"""
)
# A request's opening words alone ("take a note: ...", "remind me to ..."): what was asked follows
# (the requests themselves are parsed in assistant/requests.py).
_OPENER = re.compile(
    r"^(?:please )?(?:can you )?(?:remind me(?: to| that| about)?|(?:take|make) a note(?: that)?|note (?:that|down)"
    r"|set a reminder(?: to| for)?|remember(?: that)?)$"
)
_OPEN_ENDING = re.compile(r"(\.\.\.|…|[,;:\-–—])\s*$")  # ASR's own mark that the speaker trailed off
_WORD = re.compile(r"[a-z0-9']+")


@dataclass(frozen=True, slots=True)
class TurnCheck:
    """Which turns may end early, and whether their words are complete.

    Only speech addressed to the assistant (it starts with the wake word) ends early: nobody waits
    for an answer to the rest, and a sentence said to a friend is better heard whole, pauses and all.
    """

    wake_word: str = DEFAULT_WAKE_WORD

    def addressed(self, text: str) -> bool:
        return split_wake_word(text, self.wake_word) is not None

    def complete(self, text: str) -> bool:
        """Do these words end the turn? The wake word alone does not: the request follows it."""
        request = split_wake_word(text, self.wake_word)
        words = _WORD.findall((text if request is None else request).lower())
        if not words or _OPEN_ENDING.search(text):
            return False
        last = words[-1]
        if last in _NEVER_LAST or _OPENER.match(" ".join(words)):
            return False
        return last not in _RARELY_LAST or text.rstrip().endswith("?")


def vad_config(policy: Policy, origin: str | Path | None = None) -> VadConfig:
    """The VAD settings a policy asks for; UserError naming `origin`, the policy file, when they cannot work
    (the policy loader checks each knob's type and sign, this how they fit together)."""
    start, stop = policy.vad_start_threshold, policy.vad_stop_threshold
    problem: tuple[str, str] | None = None
    if not 0 < start <= 1:
        problem = ("vad_start_threshold", f"must be above 0 and at most 1, got {start}")
    elif not 0 < stop <= start:
        problem = ("vad_stop_threshold", f"must be above 0 and at most vad_start_threshold ({start}), got {stop}")
    elif policy.vad_complete_silence_ms > policy.vad_end_silence_ms:
        problem = ("vad_complete_silence_ms", "must be at most vad_end_silence_ms (the silence that always ends)")
    elif not 32 <= policy.vad_end_silence_ms <= 10_000:
        problem = ("vad_end_silence_ms", f"must be from 32 to 10000 ms, got {policy.vad_end_silence_ms}")
    if problem is not None:
        key, message = problem
        path = Path(origin) if origin is not None and Path(origin).is_file() else None
        raise UserError(message, file=path, key=key, line=_line_of(path, key) if path else None)
    return VadConfig(
        threshold=start,
        neg_threshold=stop,
        complete_silence_ms=round(policy.vad_complete_silence_ms),
        end_silence_ms=round(policy.vad_end_silence_ms),
    )
