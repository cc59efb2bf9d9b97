"""The LLM backend: llama-cpp-python, one shared instance, streaming, bounded context.

The chat template comes from the GGUF's metadata (llama-cpp-python reads it). Calls are
serialised with a lock because both assistants share the one loaded model.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from glassterm.choices import ModelChoice
from glassterm.errors import UserError

CONTEXT_TOKENS = 1024  # prompts are a few facts; a small window keeps memory and prefill low


@dataclass(frozen=True, slots=True)
class Completion:
    text: str
    prompt_tokens: int
    generated_tokens: int
    first_token_seconds: float | None  # wall time on this machine: for latency and bench only
    seconds: float


class LocalLLM:
    def __init__(self, llama: Any, choice: ModelChoice) -> None:
        self._llama = llama
        self.choice = choice
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self.choice.name

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
            n_threads=max(1, min(4, os.cpu_count() or 1)),
            n_batch=256,
            seed=0,
            verbose=False,
        )
    except (ValueError, RuntimeError) as error:
        raise UserError(f"cannot load the LLM {choice.path} (from {choice.origin}): {error}") from None
    return LocalLLM(llama, choice)
