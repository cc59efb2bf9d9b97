"""Tier 1 of the cascade: a small sentence encoder says what is about what.

Word rules carry exactness (times, codes, "was X, now Y"); they cannot carry meaning: a
window of kibble and leads is a pet shop, "what's on after this?" asks for the next plan.
The encoder (all-MiniLM-L6-v2, int8 ONNX, 23 MB, about 4 ms a sentence on 2 cores) turns
texts into unit vectors whose dot product says how close their meanings are. It is a
signal, never an answer: callers combine it with what parsing extracts and abstain below
a threshold.

One `SentenceEncoder` is loaded and shared (models are shared, state never is); each
assistant reads it through its own `Meaning`, which charges every sentence it needs to its
own ledger once, as its own glasses would encode it once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import numpy as np

from glassterm.choices import ModelChoice
from glassterm.errors import UserError
from glassterm.power.ledger import EnergyLedger, Work

MAX_CHARS = 1000  # a sentence's meaning is in its first words; 200 kB of text must not cost seconds
MAX_TOKENS = 128  # all-MiniLM-L6-v2 was trained on 128 word pieces
CACHE_SENTENCES = 8192  # a day's distinct sentences: a sentence is never encoded twice in a run
DIMENSIONS = 384


class SentenceEncoder:
    """A loaded encoder: texts in, unit vectors out, each text run through the model once."""

    def __init__(self, session: Any, tokenizer: Any, choice: ModelChoice) -> None:
        self._session = session
        self._tokenizer = tokenizer
        self._inputs = {item.name for item in session.get_inputs()}
        self.choice = choice
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self.sentences_run = 0  # for bench: sentences the model actually ran on

    @property
    def name(self) -> str:
        return self.choice.name

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors for `texts` (a zero vector for an empty one), from the cache when seen."""
        keys = [_prepared(text) for text in texts]
        with self._lock:
            missing = list(dict.fromkeys(key for key in keys if key and key not in self._cache))
            if missing:
                for key, vector in zip(missing, self._run(missing), strict=True):
                    self._cache[key] = vector
                while len(self._cache) > CACHE_SENTENCES:
                    self._cache.popitem(last=False)
            zero = np.zeros(DIMENSIONS, dtype=np.float32)
            rows = [self._cache[key] if key else zero for key in keys]
            for key in keys:
                if key:
                    self._cache.move_to_end(key)
        return np.stack(rows) if rows else np.zeros((0, DIMENSIONS), dtype=np.float32)

    def _run(self, texts: list[str]) -> list[np.ndarray]:
        encoded = self._tokenizer.encode_batch(texts)
        ids = np.array([item.ids for item in encoded], dtype=np.int64)
        mask = np.array([item.attention_mask for item in encoded], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feed["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feed)[0]
        # Mean of the word-piece vectors over real tokens, as sentence-transformers pools it.
        pooled = (hidden * mask[..., None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        self.sentences_run += len(texts)
        return list((pooled / np.maximum(norms, 1e-9)).astype(np.float32))


def _prepared(text: str) -> str:
    """What the model reads: printable, single-spaced, bounded."""
    printable = "".join(ch if ch.isprintable() else " " for ch in text[: MAX_CHARS * 2])
    return " ".join(printable.split())[:MAX_CHARS]


class Meaning:
    """One assistant's view of the shared encoder: similarities, with every new sentence
    charged to its ledger. Without an encoder every similarity is None: the rules decide alone."""

    def __init__(self, encoder: SentenceEncoder | None = None, ledger: EnergyLedger | None = None) -> None:
        self.encoder = encoder
        self.ledger = ledger
        self._charged: set[str] = set()

    @property
    def available(self) -> bool:
        return self.encoder is not None

    def similarities(self, query: str, texts: Sequence[str]) -> list[float] | None:
        """Cosine similarity of `query` to each of `texts`, or None without an encoder."""
        if self.encoder is None:
            return None
        self._charge([query, *texts])
        vectors = self.encoder.vectors([query, *texts])
        return [float(score) for score in vectors[1:] @ vectors[0]]

    def similarity(self, a: str, b: str) -> float | None:
        scores = self.similarities(a, [b])
        return scores[0] if scores is not None else None

    def _charge(self, texts: Sequence[str]) -> None:
        for text in texts:
            key = _prepared(text)
            if key and key not in self._charged:
                self._charged.add(key)
                if self.ledger is not None:
                    self.ledger.charge(Work.ENCODER_PASSES, 1)


def load_encoder(choice: ModelChoice) -> SentenceEncoder:
    """Load the ONNX encoder and its word-piece tokenizer (onnxruntime and tokenizers come
    with faster-whisper). A file that is not a model is a user error, not a traceback."""
    import onnxruntime
    import tokenizers

    tokenizer_path = choice.companion
    if tokenizer_path is None or not tokenizer_path.is_file():
        raise UserError(f"encoder {choice.path} has no tokenizer.json beside it (from {choice.origin})")
    try:
        tokenizer = tokenizers.Tokenizer.from_file(str(tokenizer_path))
    except Exception as error:  # noqa: BLE001  the tokenizers library raises a bare Exception
        raise UserError(f"cannot read the encoder's tokenizer {tokenizer_path}: {error}") from None
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.enable_padding()
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 2  # the glasses-class budget this laptop stands in for
    options.log_severity_level = 3
    try:
        session = onnxruntime.InferenceSession(str(choice.path), options, providers=["CPUExecutionProvider"])
    except Exception as error:  # noqa: BLE001  onnxruntime reports a broken file as its own generic error
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise UserError(f"not a usable ONNX encoder: {choice.path} (from {choice.origin}): {first[:160]}") from None
    return SentenceEncoder(session, tokenizer, choice)
