"""The one shared, lazily loaded instance of each model.

The hub sits above the loaders (`assistant.llm`, `speech.asr`, `speech.tts`, `speech.vad`)
and the runtime probes; they all depend on `glassterm.choices`, never on this module. The
loaders are imported when a model is first asked for, so a command that needs no model does
not pay for numpy, onnxruntime or llama.cpp at start-up.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from glassterm.choices import (
    NO_LLM,
    ModelChoice,
    encoder_disabled,
    resolve_encoder,
    resolve_llm,
    resolve_voice,
    resolve_whisper,
)

if TYPE_CHECKING:
    from glassterm.assistant.encoder import SentenceEncoder
    from glassterm.assistant.llm import LocalLLM
    from glassterm.speech.asr import Asr
    from glassterm.speech.tts import Voice
    from glassterm.speech.vad import SileroVad

Loaded = TypeVar("Loaded")


@dataclass
class ModelHub:
    """One loaded instance of each model, shared by both assistants (never their state).

    Loading is lazy and thread-safe, and each load's wall time is kept for `bench` and `doctor`.
    """

    llm_choice: ModelChoice | None = None
    whisper_choice: ModelChoice | None = None
    voice_choice: ModelChoice | None = None
    encoder_choice: ModelChoice | None = None  # None: tier 1 is off (--encoder none)
    load_seconds: dict[str, float] = field(default_factory=dict)
    _loaded: dict[str, Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def from_flags(
        cls,
        llm: str | None = None,
        whisper: str | None = None,
        voice: str | None = None,
        encoder: str | None = None,
    ) -> ModelHub:
        return cls(
            llm_choice=None if llm == NO_LLM else resolve_llm(llm),
            whisper_choice=resolve_whisper(whisper),
            voice_choice=resolve_voice(voice),
            encoder_choice=None if encoder_disabled(encoder) else resolve_encoder(encoder),
        )

    def _get(self, name: str, loader: Callable[[], Loaded]) -> Loaded:
        with self._lock:
            if name not in self._loaded:
                started = time.perf_counter()
                self._loaded[name] = loader()
                self.load_seconds[name] = time.perf_counter() - started
            loaded: Loaded = self._loaded[name]
            return loaded

    def llm(self) -> LocalLLM:
        """The shared LLM, after its runtime has been proved in a child process (see probes)."""
        from glassterm.assistant.llm import load_llm
        from glassterm.probes import ensure_llm_runs

        choice = self.llm_choice or resolve_llm()
        if "llm" not in self._loaded:
            ensure_llm_runs(choice)  # outside the load timing; a native crash would take the terminal down
        return self._get("llm", lambda: load_llm(choice))

    def asr(self) -> Asr:
        from glassterm.speech.asr import load_asr

        choice = self.whisper_choice or resolve_whisper()
        return self._get("asr", lambda: load_asr(choice))

    def tts(self) -> Voice:
        from glassterm.speech.tts import load_tts

        choice = self.voice_choice or resolve_voice()
        return self._get("tts", lambda: load_tts(choice))

    def vad(self) -> SileroVad:
        from glassterm.speech.vad import load_vad

        return self._get("vad", load_vad)

    def encoder(self) -> SentenceEncoder | None:
        """The shared sentence encoder (tier 1), or None when it is switched off."""
        from glassterm.assistant.encoder import load_encoder

        choice = self.encoder_choice
        if choice is None:
            return None
        return self._get("encoder", lambda: load_encoder(choice))
