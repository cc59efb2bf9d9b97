"""voices/: the presets from the checkout and from an installed wheel; `--voice PATH` with a real voice."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib import resources
from pathlib import Path

import pytest
from asr_helpers import word_error_rate

from glassterm.choices import resolve_voice
from glassterm.cli import main
from glassterm.speech.audio import read_wav, resample
from glassterm.speech.tts import load_preset, preset_names

ROOT = Path(__file__).resolve().parent.parent


def test_the_presets_come_from_the_top_level_voices_folder() -> None:
    assert preset_names() == ["other", "wearer"]
    shipped = sorted(path.stem for path in (ROOT / "voices").glob("*.toml"))
    assert shipped == preset_names()
    assert Path(str(resources.files("glassterm.voices"))).resolve() == (ROOT / "voices").resolve()
    assert load_preset("other").pitch_semitones == -3.0
    assert not (ROOT / "glassterm" / "voices").exists()  # one copy of the presets


def test_every_package_is_listed_for_the_wheel() -> None:
    """pyproject lists the packages (a mapped folder cannot be found): a new one must be added."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    found = {".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "glassterm").rglob("__init__.py")} | {
        "glassterm.voices"
    }
    assert set(setuptools["packages"]) == found
    assert setuptools["package-dir"] == {"glassterm.voices": "voices"}


@pytest.mark.slow
def test_a_built_wheel_carries_the_presets_and_the_voices_readme(tmp_path: Path) -> None:
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("glassterm-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"glassterm/voices/wearer.toml", "glassterm/voices/other.toml", "glassterm/voices/README.md"} <= names
    assert "glassterm/voices/__init__.py" in names and not any(name.startswith("voices/") for name in names)


@pytest.fixture(scope="module")
def own_voice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled voice as a user's own: its two files copied to a folder of theirs."""
    bundled = resolve_voice().path
    folder = tmp_path_factory.mktemp("my-voices")
    copy = folder / "en_US-mine-medium.onnx"
    shutil.copyfile(bundled, copy)
    shutil.copyfile(bundled.with_name(bundled.name + ".json"), copy.with_name(copy.name + ".json"))
    return copy


@pytest.mark.slow
def test_say_speaks_with_a_voice_given_by_path(
    own_voice: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from glassterm.models import ModelHub

    out = tmp_path / "said.wav"
    text = "Your train is running on time this morning."
    assert main(["say", text, "--voice", str(own_voice), "--out", str(out)]) == 0
    assert "en_US-mine-medium" in capsys.readouterr().out
    samples, rate = read_wav(out)
    heard = ModelHub.from_flags(llm="none").asr().transcribe(resample(samples, rate, 16000)).text
    assert word_error_rate(text, heard) <= 0.25, heard
    hub = ModelHub.from_flags(llm="none", voice=str(own_voice))
    assert hub.voice_choice is not None and hub.voice_choice.path == own_voice
    assert hub.tts().model_name == "en_US-mine-medium"


def _broken_copies(folder: Path, own: Path) -> dict[str, tuple[Path, str]]:
    """Ways a voice path goes wrong, each with what its one line must name."""
    config = own.with_name(own.name + ".json").read_text(encoding="utf-8")
    cases: dict[str, tuple[Path, str]] = {}

    def voice(name: str, model: bytes | None, json_text: str | None) -> Path:
        path = folder / f"{name}.onnx"
        if model is not None:
            path.write_bytes(model)
        if json_text is not None:
            path.with_name(path.name + ".json").write_text(json_text, encoding="utf-8")
        return path

    cases["missing"] = (folder / "nowhere.onnx", "not found")
    cases["no config"] = (voice("lonely", own.read_bytes()[:4096], None), "no config beside it")
    cases["not onnx"] = (voice("text", b"this is not a model\n", config), "not a Piper voice model")
    cases["cut short"] = (voice("cut", own.read_bytes()[:4096], config), "not a Piper voice model")
    cases["config not json"] = (voice("badjson", own.read_bytes()[:16], '{\n  "audio": {,\n}'), ":2:")
    cases["config lacks a key"] = (
        voice("nokey", own.read_bytes()[:16], '{"audio": {"sample_rate": 22050}}'),
        "num_symbols",
    )
    return cases


@pytest.mark.slow
@pytest.mark.parametrize(
    "case", ["missing", "no config", "not onnx", "cut short", "config not json", "config lacks a key"]
)
def test_a_missing_or_broken_voice_is_one_line_and_exit_2(
    own_voice: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str], case: str
) -> None:
    path, named = _broken_copies(tmp_path, own_voice)[case]
    done = subprocess.run(
        [sys.executable, "-m", "glassterm", "say", "hello", "--voice", str(path), "--out", str(tmp_path / "o.wav")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2 and len(lines) == 1, done.stderr
    assert named in lines[0] and path.name in lines[0] and "Traceback" not in done.stderr
    assert not (tmp_path / "o.wav").exists()


def test_a_voice_that_is_not_onnx_is_refused_before_anything_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wav = tmp_path / "voice.wav"
    wav.write_bytes(b"RIFF")
    scene = str(ROOT / "scenes" / "commute.yaml")
    assert main(["play", scene, "--headless", "--llm", "none", "--voice", str(wav)]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "voice.wav" in line and "not a Piper .onnx file" in line
