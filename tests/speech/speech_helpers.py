"""Helpers for the speech tests (a module of its own: every test folder has a `conftest`)."""

from __future__ import annotations

import numpy as np

from glassterm.speech.audio import Float32Array
from glassterm.speech.vad import FRAME


class EnergyClassifier:
    """Stands in for Silero in fast tests: a frame is speech when it is loud."""

    def __init__(self, threshold: float = 0.05) -> None:
        self.threshold = threshold
        self.calls = 0

    def __call__(self, frame: Float32Array) -> float:
        assert len(frame) == FRAME
        self.calls += 1
        return 1.0 if float(np.sqrt(np.mean(frame**2))) > self.threshold else 0.0


def noise(seconds: float, seed: int = 0, level: float = 0.3) -> Float32Array:
    """Loud noise: 'speech' to the energy classifier."""
    rng = np.random.default_rng(seed)
    return (rng.uniform(-level, level, round(seconds * 16000))).astype(np.float32)
