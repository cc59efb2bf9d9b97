"""`glassterm say` and `glassterm devices`: useful output, no traceback, with or without PortAudio."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from asr_helpers import word_error_rate

from glassterm.errors import UserError
from glassterm.speech import commands, devices
from glassterm.speech.asr import Asr
from glassterm.speech.audio import read_wav, resample


@pytest.fixture
def no_portaudio(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make `import sounddevice` fail as it does when libportaudio2 is missing."""

    def missing() -> object:
        raise devices.AudioUnavailable(
            f"PortAudio is not installed (PortAudio library not found); install it with: {devices.PORTAUDIO_FIX}"
        )

    monkeypatch.setattr(devices, "import_sounddevice", missing)


def test_portaudio_status_never_raises_and_names_the_fix(no_portaudio: None, monkeypatch: pytest.MonkeyPatch) -> None:
    ok, message = devices.portaudio_status()
    assert not ok and "sudo apt-get install libportaudio2" in message


def test_import_sounddevice_turns_oserror_into_advice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "sounddevice", raising=False)

    class Broken:
        def find_spec(self, name: str, *args: object) -> None:
            if name == "sounddevice":
                raise OSError("PortAudio library not found")

    monkeypatch.setattr(sys, "meta_path", [Broken(), *sys.meta_path])
    with pytest.raises(devices.AudioUnavailable, match="sudo apt-get install libportaudio2"):
        devices.import_sounddevice()
    assert devices.portaudio_status()[0] is False


def test_devices_without_portaudio_explains_and_exits_1(no_portaudio: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert commands.devices_command() == 1
    assert "libportaudio2" in capsys.readouterr().err


def test_devices_lists_inputs_and_outputs() -> None:
    out = io.StringIO()
    assert commands.devices_command(stdout=out) == 0
    text = out.getvalue()
    assert "inputs:" in text and "outputs:" in text


def test_say_without_portaudio_suggests_out(no_portaudio: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert commands.say_command("hello", None, None) == 1
    err = capsys.readouterr().err
    assert "--out" in err and "libportaudio2" in err and err.count("\n") == 1


def test_say_rejects_bad_input(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="TEXT is empty"):
        commands.say_command("  ", tmp_path / "a.wav", None)
    with pytest.raises(UserError, match="--out must name a .wav file"):
        commands.say_command("hi", tmp_path / "a.mp3", None)
    with pytest.raises(UserError, match="unknown voice preset"):
        commands.say_command("hi", tmp_path / "a.wav", "robot")


@pytest.mark.slow
def test_say_writes_a_wav_that_asr_understands(tmp_path: Path, asr: Asr) -> None:
    out, printed = tmp_path / "hello.wav", io.StringIO()
    assert commands.say_command("Good morning, your first meeting is at nine.", out, "other", stdout=printed) == 0
    assert "wrote" in printed.getvalue() and "other" in printed.getvalue()
    samples, rate = read_wav(out)
    heard = asr.transcribe(resample(samples, rate, 16000)).text
    assert word_error_rate("Good morning, your first meeting is at nine.", heard) <= 0.25


@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")
def test_say_to_a_missing_directory_is_one_line_and_no_traceback(tmp_path, capfd) -> None:  # type: ignore[no-untyped-def]
    import gc

    from glassterm.cli import main

    assert main(["say", "hello", "--out", str(tmp_path / "missing" / "x.wav")]) == 2
    gc.collect()  # a half-made wave writer would print its traceback when collected
    err = capfd.readouterr().err
    assert err.count("\n") == 1 and "cannot write WAV file" in err and "Traceback" not in err
