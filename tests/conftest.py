"""Shared fixtures: the real models load once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
from pulse_helpers import null_sink  # noqa: F401  (the fixture, for every test folder)

ROOT = Path(__file__).resolve().parent.parent
SCENES = ROOT / "scenes"


@pytest.fixture(autouse=True)
def _isolated_config(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep the developer's own config and model variables out of tests."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    for name in ("GLASSTERM_LLM", "GLASSTERM_WHISPER", "GLASSTERM_VOICE", "GLASSTERM_ENCODER", "GLASSTERM_CONFIG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def hub():  # type: ignore[no-untyped-def]
    from glassterm.models import ModelHub

    return ModelHub.from_flags()


@pytest.fixture(scope="session")
def llm(hub):  # type: ignore[no-untyped-def]
    return hub.llm()


@pytest.fixture(scope="session")
def setup_real(hub):  # type: ignore[no-untyped-def]
    """A run setup with the real bundled LLM (shared across tests: it loads once)."""
    from glassterm.assistant.policy import Policy
    from glassterm.assistant.prompts import load_prompts
    from glassterm.playback import Setup
    from glassterm.power.profile import load_profile

    return Setup(hub=hub, prompts=load_prompts(), policy=Policy(), profile=load_profile())


@pytest.fixture
def setup_templates():  # type: ignore[no-untyped-def]
    """A run setup without the model: cards and replies are the grounded templates."""
    from glassterm.assistant.policy import Policy
    from glassterm.assistant.prompts import load_prompts
    from glassterm.models import ModelHub
    from glassterm.playback import Setup
    from glassterm.power.profile import load_profile

    return Setup(hub=ModelHub(), prompts=load_prompts(), policy=Policy(), profile=load_profile(), use_llm=False)
