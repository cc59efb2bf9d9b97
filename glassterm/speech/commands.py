"""`glassterm say` and `glassterm devices`: thin commands over the speech stages.

Bad input raises UserError (the CLI prints it and exits 2); a machine without audio prints one
line saying what to do and returns 1. Never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from glassterm.errors import UserError
from glassterm.speech.audio import write_wav
from glassterm.speech.devices import NULL_SINK_HINT, AudioDevice, AudioUnavailable, list_devices, portaudio_status
from glassterm.speech.tts import DEFAULT_PRESET, Voice, load_tts


def voice_for_flag(voice_flag: str | None) -> Voice:
    """`--voice`: a preset name (wearer, other), a preset .toml, or a Piper .onnx file."""
    from glassterm.choices import resolve_voice

    if voice_flag and voice_flag.endswith(".onnx"):
        return load_tts(resolve_voice(voice_flag))
    voice = load_tts(resolve_voice(None))
    return voice.with_preset(voice_flag or DEFAULT_PRESET)


def say_command(text: str, out: Path | None, voice_flag: str | None, *, stdout: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    if not text.strip():
        raise UserError("nothing to say: TEXT is empty", key="TEXT")
    if out is not None and out.suffix.lower() != ".wav":
        raise UserError("--out must name a .wav file", file=out, key="--out")
    if out is None:
        ok, message = portaudio_status()
        if not ok:
            print(f"glassterm say: cannot play audio: {message}; or write a file with --out FILE.wav", file=sys.stderr)
            return 1
    voice = voice_for_flag(voice_flag)
    if out is not None:
        audio = voice.synthesize(text)
        if len(audio.samples) == 0:
            raise UserError("the voice produced no audio for this text", key="TEXT")
        write_wav(out, audio)
        print(
            f"wrote {out} ({audio.seconds:.1f} s, {audio.sample_rate} Hz, voice {voice.model_name}/{voice.preset.name})",
            file=stdout,
        )
        return 0
    from glassterm.speech.sinks import SpeakerSink

    try:
        sink = SpeakerSink(sample_rate=voice.sample_rate)
    except AudioUnavailable as error:
        print(f"glassterm say: {error}; or write a file with --out FILE.wav", file=sys.stderr)
        return 1
    try:
        for audio in voice.sentences(text):  # the first sentence plays while the next is synthesised
            sink.play(audio)
        sink.wait()
    finally:
        sink.close()
    return 0


def devices_command(*, stdout: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    ok, message = portaudio_status()
    try:
        devices = list_devices()
    except AudioUnavailable as error:
        print(f"glassterm devices: {error}", file=sys.stderr)
        return 1
    print(f"PortAudio: {message}", file=stdout)
    for title, group in (("inputs", devices.inputs), ("outputs", devices.outputs)):
        print(f"{title}:", file=stdout)
        if not group:
            print("  (none)", file=stdout)
        for device in group:
            print(_device_line(device, title == "inputs"), file=stdout)
    if not ok or not devices.inputs:
        print(f"hint: {NULL_SINK_HINT}", file=stdout)
    return 0


def _device_line(device: AudioDevice, is_input: bool) -> str:
    channels = device.input_channels if is_input else device.output_channels
    mark = "*" if device.is_default else " "
    return f"  {mark} {device.index:>3}  {device.name}  ({device.host_api}, {channels} ch, {device.default_sample_rate:.0f} Hz)"
