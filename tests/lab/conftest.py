"""The prompt lab's servers: llama-cpp-python's real OpenAI-compatible server on a free loopback
port, and small misbehaving ones (slow, garbage) on the loopback too."""

from __future__ import annotations

import http.server
import ipaddress
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from glassterm.choices import resolve_llm
from glassterm.locations import cache_dir


@pytest.fixture(autouse=True)
def own_call_cache(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Each test its own cache of model calls (XDG_CACHE_HOME), so no test sees another's answers;
    the LLM runtime's verdict is shared, since proving the runtime again is not what these test."""
    probes = cache_dir() / "probes"
    home = tmp_path_factory.mktemp("cache")
    (home / "glassterm").mkdir()
    if probes.is_dir():
        (home / "glassterm" / "probes").symlink_to(probes)
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home / "glassterm" / "llm-calls"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`python -m llama_cpp.server` with the bundled SmolLM2; yields its base URL (…/v1)."""
    port = free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    command = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(resolve_llm().path),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        "1024",
        "--n_threads",
        "2",
        "--seed",
        "0",
    ]
    with log.open("wb") as output:
        server = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while True:
            if server.poll() is not None:
                pytest.fail(f"llama_cpp.server exited with {server.returncode}: {log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{base}/models", timeout=2) as answer:
                    json.load(answer)
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"llama_cpp.server did not answer within 120 s: {log.read_text()[-2000:]}")
                time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


Behaviour = Callable[[http.server.BaseHTTPRequestHandler], None]


@pytest.fixture
def fake_server() -> Iterator[Callable[[Behaviour], str]]:
    """A real HTTP server on the loopback that lists one model and answers chat requests as told:
    the stand-in for a server that is slow or answers garbage, which a real one does not do on cue."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(chat: Behaviour) -> str:
        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                body = json.dumps({"data": [{"id": "odd-model"}]}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                chat(self)

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/v1"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every connection glassterm opens, recorded; any that is not to the loopback fails the test."""
    opened: list[object] = []
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: object) -> None:
        if self.family == socket.AF_UNIX:
            return real_connect(self, address)  # type: ignore[arg-type]  # a local socket file, not the network
        host = address[0] if isinstance(address, tuple) else None
        opened.append(address)
        if host is None or not ipaddress.ip_address(str(host)).is_loopback:
            raise AssertionError(f"glassterm tried to reach the network: {address}")
        real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", connect)
    return opened


def scene_path(name: str) -> Path:
    return Path(__file__).resolve().parent / "scenes" / name
