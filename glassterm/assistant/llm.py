"""The LLM backend: llama-cpp-python, one shared instance, streaming, bounded context.

The chat template comes from the GGUF's metadata (llama-cpp-python reads it). Calls are
serialised with a lock because both assistants share the one loaded model.
"""

from __future__ import annotations

import os
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from glassterm.choices import ModelChoice
from glassterm.errors import UserError

CONTEXT_TOKENS = 1024  # prompts are a few facts; a small window keeps memory and prefill low
# Threads per loaded model. The prompt lab's workers set it so N processes share the cores
# instead of each spinning up a thread per core (llama.cpp slows badly when oversubscribed).
THREADS_VARIABLE = "GLASSTERM_LLM_THREADS"


def llm_threads() -> int:
    try:
        asked = int(os.environ.get(THREADS_VARIABLE, "0"))
    except ValueError:
        asked = 0
    return asked if asked > 0 else max(1, min(4, os.cpu_count() or 1))


@dataclass(frozen=True, slots=True)
class Completion:
    text: str
    prompt_tokens: int
    generated_tokens: int
    first_token_seconds: float | None  # wall time on this machine: for latency and bench only
    seconds: float
    cached: bool = False  # answered from the on-disk cache of model calls (times are the original call's)
    failure: str | None = None  # why a server gave no sentence (down, slow, garbage): the template is shown
    tokens_estimated: bool = False  # the server sent no usage: generated = streamed pieces, prompt ~ 4 chars a token


@dataclass(frozen=True, slots=True)
class CallFigures:
    """What a run's model calls add up to, for the reports."""

    calls: int
    cache_hits: int
    failures: dict[str, int]  # why a server gave no sentence, by reason (the template was shown)
    median_first_token_s: float | None  # over calls that streamed a token; a cached call keeps its first time
    tokens_estimated: int  # calls whose token counts the server did not send

    @classmethod
    def of(cls, completions: list[Completion]) -> CallFigures:
        first = [c.first_token_seconds for c in completions if c.first_token_seconds is not None]
        failures: dict[str, int] = {}
        for completion in completions:
            if completion.failure:
                failures[completion.failure] = failures.get(completion.failure, 0) + 1
        return cls(
            calls=len(completions),
            cache_hits=sum(c.cached for c in completions),
            failures=failures,
            median_first_token_s=statistics.median(first) if first else None,
            tokens_estimated=sum(c.tokens_estimated for c in completions),
        )

    def to_dict(self) -> dict[str, object]:
        first = self.median_first_token_s
        return {
            "calls": self.calls,
            "cache_hits": self.cache_hits,
            "failures": self.failures,
            "median_first_token_s": None if first is None else round(first, 4),
            "tokens_estimated": self.tokens_estimated,
        }


class ChatModel(Protocol):
    """What phrasing needs from a model: the bundled llama.cpp one, a server, or either behind the cache."""

    @property
    def name(self) -> str: ...

    @property
    def identity(self) -> str:
        """What the model's answers depend on besides the prompt: the cache's key for the model."""
        ...

    def complete(
        self,
        system: str,
        user: str,
        *,
        max_tokens: int = 48,
        stop: tuple[str, ...] = ("\n\n",),
        on_text: Callable[[str], None] | None = None,
    ) -> Completion: ...


@dataclass
class CallLog:
    """A model that keeps every completion it returns: one per played scene, for its report."""

    model: ChatModel
    calls: list[Completion] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.model.name

    @property
    def identity(self) -> str:
        return self.model.identity

    def complete(
        self,
        system: str,
        user: str,
        *,
        max_tokens: int = 48,
        stop: tuple[str, ...] = ("\n\n",),
        on_text: Callable[[str], None] | None = None,
    ) -> Completion:
        completion = self.model.complete(system, user, max_tokens=max_tokens, stop=stop, on_text=on_text)
        self.calls.append(completion)
        return completion


class LocalLLM:
    def __init__(self, llama: Any, choice: ModelChoice) -> None:
        self._llama = llama
        self.choice = choice
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self.choice.name

    @property
    def identity(self) -> str:
        stat = self.choice.path.stat()
        return f"gguf:{self.choice.path.name}:{stat.st_size}:{stat.st_mtime_ns}"

    def complete(
        self,
        system: str,
        user: str,
        *,
        max_tokens: int = 48,
        stop: tuple[str, ...] = ("\n\n",),
        on_text: Callable[[str], None] | None = None,
    ) -> Completion:
        """Greedy, streamed chat completion. `on_text` receives each piece as it arrives."""
        messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
        pieces: list[str] = []
        first_token: float | None = None
        with self._lock:
            started = time.perf_counter()
            # Forget the last prompt: reusing its tokens changes how this one is batched, and so,
            # now and then, the greedy answer. An answer must depend on its prompt alone (the
            # cache of model calls and the prompt lab's workers rely on it).
            self._llama.reset()
            stream = self._llama.create_chat_completion(
                messages=messages,
                max_tokens=max_tokens,
                temperature=0.0,
                top_k=1,
                repeat_penalty=1.1,
                stop=list(stop),
                stream=True,
            )
            for chunk in stream:
                piece = chunk["choices"][0]["delta"].get("content") or ""
                if not piece:
                    continue
                if first_token is None:
                    first_token = time.perf_counter() - started
                pieces.append(piece)
                if on_text is not None:
                    on_text(piece)
            seconds = time.perf_counter() - started
            text = "".join(pieces)
            generated = len(self._llama.tokenize(text.encode("utf-8"), add_bos=False, special=False)) if text else 0
            # After a call the context holds exactly prompt + generated tokens.
            prompt_tokens = max(int(self._llama.n_tokens) - generated, 0)
        return Completion(text, prompt_tokens, generated, first_token, seconds)


_QUIET_LOG: Any = None  # the C callback must outlive every call into llama.cpp


def _silence_native_log() -> None:
    """llama.cpp writes notes ("n_ctx_per_seq < n_ctx_train") straight to stderr even with
    verbose=False, over the HUD and into `play`'s output: route its log to nothing."""
    global _QUIET_LOG
    if _QUIET_LOG is not None:
        return
    import ctypes

    import llama_cpp

    if not hasattr(llama_cpp, "llama_log_set"):
        return  # an older or stripped-down runtime: its notes stay, nothing else changes

    @llama_cpp.llama_log_callback  # type: ignore[untyped-decorator]  # ctypes CFUNCTYPE has no types
    def quiet(level: int, text: bytes, user_data: ctypes.c_void_p) -> None:
        pass

    llama_cpp.llama_log_set(quiet, ctypes.c_void_p(0))
    _QUIET_LOG = quiet


def load_llm(choice: ModelChoice) -> LocalLLM:
    try:
        from llama_cpp import Llama

        _silence_native_log()
    except ImportError as error:  # pragma: no cover - depends on the install
        raise UserError(
            f"llama-cpp-python is not installed ({error})",
            fix="scripts/setup.sh builds and installs the locked llama-cpp-python",
        ) from None
    try:
        llama = Llama(
            model_path=str(choice.path),
            n_ctx=CONTEXT_TOKENS,
            n_threads=llm_threads(),
            n_batch=256,
            seed=0,
            verbose=False,
        )
    except (ValueError, RuntimeError) as error:
        raise UserError(f"cannot load the LLM {choice.path} (from {choice.origin}): {error}") from None
    return LocalLLM(llama, choice)
