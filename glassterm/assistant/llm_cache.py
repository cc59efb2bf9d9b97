"""An on-disk cache of model calls, so re-running a sweep asks the model only what changed.

A call is keyed by the model (its file, or a server's address and model name), the system and
user prompts (which hold the facts) and the generation limits; decoding is greedy everywhere, so
the same key gets the same answer. One small JSON file per call, written atomically, so several
worker processes can share the directory. Failed server calls are not kept.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from glassterm.assistant.llm import ChatModel, Completion
from glassterm.locations import cache_dir

FORMAT = 1  # bump when what a call depends on changes (sampling, the Completion fields)


def call_cache_dir() -> Path:
    return cache_dir() / "llm-calls"


class CachedLLM:
    def __init__(self, model: ChatModel, directory: Path | None = None) -> None:
        self.model = model
        self.directory = directory or call_cache_dir()

    @property
    def name(self) -> str:
        return self.model.name

    @property
    def identity(self) -> str:
        return self.model.identity

    def _path(self, system: str, user: str, max_tokens: int, stop: tuple[str, ...]) -> Path:
        key = json.dumps([FORMAT, self.model.identity, system, user, max_tokens, list(stop)], ensure_ascii=False)
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        return self.directory / digest[:2] / f"{digest}.json"

    def complete(
        self,
        system: str,
        user: str,
        *,
        max_tokens: int = 48,
        stop: tuple[str, ...] = ("\n\n",),
        on_text: Callable[[str], None] | None = None,
    ) -> Completion:
        path = self._path(system, user, max_tokens, stop)
        kept = _read(path)
        if kept is not None:
            if on_text is not None and kept.text:
                on_text(kept.text)  # whoever streams (the HUD, speech) still gets the text, in one piece
            return kept
        completion = self.model.complete(system, user, max_tokens=max_tokens, stop=stop, on_text=on_text)
        if completion.failure is None:
            _write(path, completion)
        return completion


def _read(path: Path) -> Completion | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        fields = {name: data[name] for name in Completion.__dataclass_fields__ if name in data}
        return Completion(**{**fields, "cached": True})
    except (OSError, ValueError, TypeError):
        return None  # missing, half-written by a crashed run, or an older format: ask the model


def _write(path: Path, completion: Completion) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(asdict(completion), out, ensure_ascii=False)
        os.replace(temporary, path)  # atomic: another process sees the whole entry or none
    except OSError:
        pass  # an unwritable cache costs a model call next time, nothing more
