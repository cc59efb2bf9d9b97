"""Audio devices through PortAudio, with a plain explanation when PortAudio is missing."""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

PORTAUDIO_FIX = "sudo apt-get install libportaudio2"
NULL_SINK_HINT = (
    "no sound card? run PulseAudio with a null sink: pulseaudio -D --exit-idle-time=-1; "
    "pactl load-module module-null-sink sink_name=glass_sink; pactl set-default-sink glass_sink; "
    "pactl set-default-source glass_sink.monitor"
)


class AudioUnavailable(Exception):
    """No usable audio path (PortAudio missing, no such device, device busy). The message says what to do."""


def import_sounddevice() -> ModuleType:
    """sounddevice, or AudioUnavailable: it raises OSError at import when libportaudio2 is missing."""
    try:
        import sounddevice
    except OSError as error:
        raise AudioUnavailable(f"PortAudio is not installed ({error}); install it with: {PORTAUDIO_FIX}") from None
    except ImportError as error:
        raise AudioUnavailable(f"the sounddevice package is missing ({error}); pip install sounddevice") from None
    module: ModuleType = sounddevice  # untyped: mypy sees Any
    return module


def portaudio_status() -> tuple[bool, str]:
    """(usable, one-line explanation). Never raises."""
    try:
        sd = import_sounddevice()
        version = sd.get_portaudio_version()[1]
        devices = sd.query_devices()
    except AudioUnavailable as error:
        return False, str(error)
    except Exception as error:  # noqa: BLE001  PortAudio failing in any way must be reported, never crash `doctor`
        return False, f"PortAudio failed: {error}"
    if len(devices) == 0:
        return False, f"{version} is installed but sees no audio devices ({NULL_SINK_HINT})"
    return True, f"{version}, {len(devices)} devices"


@dataclass(frozen=True, slots=True)
class AudioDevice:
    index: int
    name: str
    host_api: str
    input_channels: int
    output_channels: int
    default_sample_rate: float
    is_default: bool


@dataclass(frozen=True, slots=True)
class DeviceList:
    inputs: tuple[AudioDevice, ...]
    outputs: tuple[AudioDevice, ...]


def list_devices() -> DeviceList:
    """Input and output devices. Raises AudioUnavailable when PortAudio is missing or broken."""
    sd = import_sounddevice()
    try:
        raw = sd.query_devices()
        host_apis = sd.query_hostapis()
        default_in, default_out = sd.default.device
    except Exception as error:  # noqa: BLE001  sounddevice raises several types here; all mean the same to a user
        raise AudioUnavailable(f"PortAudio failed to list devices: {error}") from None
    inputs: list[AudioDevice] = []
    outputs: list[AudioDevice] = []
    for index, info in enumerate(raw):
        name, host_api = str(info["name"]), str(host_apis[info["hostapi"]]["name"])
        ins, outs, rate = (
            int(info["max_input_channels"]),
            int(info["max_output_channels"]),
            float(info["default_samplerate"]),
        )
        if ins:
            inputs.append(AudioDevice(index, name, host_api, ins, outs, rate, is_default=index == default_in))
        if outs:
            outputs.append(AudioDevice(index, name, host_api, ins, outs, rate, is_default=index == default_out))
    return DeviceList(tuple(inputs), tuple(outputs))


def device_spec(device: str | int | None) -> str | int | None:
    """A device as the user wrote it: an index ("3") or a name PortAudio matches by substring ("pulse")."""
    if isinstance(device, str) and device.strip().isdigit():
        return int(device)
    return device


def rescan() -> None:
    """Re-read the device list: PortAudio takes it once at start-up, so a PulseAudio started later is unseen.

    Only call this with no stream open: re-initialising PortAudio invalidates them.
    """
    sd = import_sounddevice()
    sd._terminate()
    sd._initialize()
