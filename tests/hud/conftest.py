"""HUD fixtures: a small scene, a template-only setup (no LLM), and apps that do not play by themselves."""

from __future__ import annotations

from pathlib import Path

import pytest

from glassterm.playback import Setup
from glassterm.scene.loader import load_scene
from glassterm.scene.model import Scene

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _hud_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GLASSTERM_DISPLAY", raising=False)


@pytest.fixture
def setup() -> Setup:
    return Setup.from_options(llm="none")


@pytest.fixture
def scene() -> Scene:
    return load_scene(FIXTURES / "commute.yaml")
