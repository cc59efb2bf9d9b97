"""The PulseAudio null sink: a sound card in software, for every test of the real audio path.

A module of its own, imported by the root conftest, so the speech tests and the live HUD tests
share one fixture (it starts the daemon once per test session and stops only what it started).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

NULL_SINK = "glass_sink"


def _pactl(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["pactl", *args], capture_output=True, text=True, timeout=10, check=False)


def _server_socket() -> str:
    for line in _pactl("info").stdout.splitlines():
        if line.startswith("Server String:"):
            address = line.split(":", 1)[1].strip()
            return address if ":" in address else f"unix:{address}"
    return ""


def _cookie() -> str:
    for base in (os.environ.get("XDG_CONFIG_HOME"), str(Path.home() / ".config")):
        if base and (Path(base) / "pulse" / "cookie").is_file():
            return str(Path(base) / "pulse" / "cookie")
    return ""


def _daemon_pid(socket: str) -> int | None:
    """The pid the daemon wrote beside its socket: to stop exactly the daemon this fixture started."""
    try:
        return int((Path(socket.removeprefix("unix:")).parent / "pid").read_text().strip())
    except (OSError, ValueError):
        return None


@pytest.fixture(scope="session")
def null_sink() -> Iterator[str]:
    """PulseAudio with a null sink as default sink, its monitor as default source: a sound card in software.

    Yields the PortAudio input device name that records what `paplay` plays.
    """
    if shutil.which("pulseaudio") is None or shutil.which("pactl") is None:
        pytest.skip("pulseaudio is not installed (apt-get install pulseaudio pulseaudio-utils)")
    started = False
    if _pactl("info").returncode != 0:
        result = subprocess.run(
            ["pulseaudio", "-D", "--exit-idle-time=-1"], capture_output=True, text=True, timeout=20, check=False
        )
        deadline = time.monotonic() + 10
        while _pactl("info").returncode != 0:
            if time.monotonic() > deadline:
                pytest.skip(f"pulseaudio could not start: {result.stderr.strip() or result.returncode}")
            time.sleep(0.2)
        started = True
    module_id: str | None = None
    if NULL_SINK not in _pactl("list", "short", "sinks").stdout:
        loaded = _pactl("load-module", "module-null-sink", f"sink_name={NULL_SINK}")
        if loaded.returncode != 0:
            pytest.skip(f"cannot load module-null-sink: {loaded.stderr.strip()}")
        module_id = loaded.stdout.strip()
    # Pin the client to this server: the root conftest points XDG_CONFIG_HOME at a temporary folder in
    # every test, and PulseAudio clients (the ALSA plugin PortAudio uses) find socket and cookie through it.
    pinned = {"PULSE_SERVER": _server_socket(), "PULSE_COOKIE": _cookie()}
    saved = {name: os.environ.get(name) for name in pinned}
    os.environ.update({name: value for name, value in pinned.items() if value})
    _pactl("set-default-sink", NULL_SINK)
    _pactl("set-default-source", f"{NULL_SINK}.monitor")
    from glassterm.speech.devices import rescan

    rescan()  # PortAudio saw no devices if it started before PulseAudio did
    yield "pulse"
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    pid = _daemon_pid(pinned["PULSE_SERVER"]) if started else None
    if pid is not None:
        os.kill(pid, signal.SIGTERM)
    elif module_id:
        _pactl("unload-module", module_id)


@pytest.fixture
def private_null_sink(null_sink: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A null sink of this test's own, made the default of every PulseAudio client this process
    opens (PULSE_SINK, PULSE_SOURCE): other test runs sharing the daemon play into `glass_sink`,
    and a microphone on it hears their questions too. Yields the sink's name (for paplay --device)."""
    name = f"glass_private_{os.getpid()}"
    loaded = _pactl("load-module", "module-null-sink", f"sink_name={name}")
    if loaded.returncode != 0:
        pytest.skip(f"cannot load module-null-sink: {loaded.stderr.strip()}")
    monkeypatch.setenv("PULSE_SINK", name)
    monkeypatch.setenv("PULSE_SOURCE", f"{name}.monitor")
    try:
        yield name
    finally:
        _pactl("unload-module", loaded.stdout.strip())
