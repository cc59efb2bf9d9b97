"""A model the user already serves: any OpenAI-compatible chat server (llama.cpp's server,
`python -m llama_cpp.server`, Ollama, vLLM, LM Studio), streamed, with timeouts.

Only loopback addresses are accepted unless the user allows remote ones: nothing leaves the
machine by default. The standard library's http.client is enough for one streamed POST, and
unlike urllib it never sends a request through a proxy from the environment.

A server that is down when the run starts is one line and exit 1. One that fails during a run
(down, slow, garbage) costs that call only: the template is shown with the reason, and after a
few failures in a row the server is not asked again, so a dead server never stalls a sweep.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import socket
import ssl
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import parse_qs, urlsplit

from glassterm.assistant.llm import Completion
from glassterm.errors import RuntimeBroken, UserError

DEFAULT_TIMEOUT_S = 60.0  # for one call; a first token from a cold model on 2 cores takes seconds
CONNECT_TIMEOUT_S = 5.0
GIVE_UP_AFTER = 3  # failures in a row before the server is no longer asked in this run
_MAX_ERROR_BODY = 300


def is_server_url(value: str | None) -> bool:
    return bool(value) and str(value).startswith(("http://", "https://"))


@dataclass(frozen=True, slots=True)
class ServerAddress:
    base_url: str  # up to and including /v1, without the ?model= of the flag
    scheme: str
    host: str
    port: int
    path: str
    model: str | None  # ?model=NAME; None: the one model the server lists


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        try:
            addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
        except OSError:
            return False
        return bool(addresses) and all(ipaddress.ip_address(str(a).split("%")[0]).is_loopback for a in addresses)
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a name other than localhost: not resolved here (that would be a DNS query)


def parse_server(spec: str, *, allow_remote: bool = False) -> ServerAddress:
    """`http://127.0.0.1:PORT/v1[?model=NAME]`, checked without connecting."""
    parts = urlsplit(spec)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UserError(f"not a server address: {spec!r}", key="--llm", fix="give http://127.0.0.1:PORT/v1")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise UserError(f"bad port in {spec!r}", key="--llm") from None
    if not allow_remote and not _is_loopback(parts.hostname):
        raise UserError(
            f"{parts.hostname} is not a loopback address: nothing leaves this machine unless you allow it",
            key="--llm",
            fix="serve the model on 127.0.0.1, or add --allow-remote",
        )
    model = parse_qs(parts.query).get("model", [None])[0]
    path = parts.path.rstrip("/") or "/v1"
    base = f"{parts.scheme}://{parts.netloc}{path}"
    return ServerAddress(base, parts.scheme, parts.hostname, port, path, model)


class _Failure(Exception):
    """One call that got no usable answer; the message is the reason the report records."""


class ServerLLM:
    """Chat completions from a server, behind the same `complete` as the bundled model."""

    def __init__(self, address: ServerAddress, model: str, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
        self.address = address
        self.model = model
        self.timeout_s = timeout_s
        self._failures_in_a_row = 0
        self._last_failure = ""

    @property
    def name(self) -> str:
        return f"{PurePosixPath(self.model).name} @ {self.address.base_url}"

    @property
    def identity(self) -> str:
        return f"server:{self.address.base_url}:{self.model}"

    @classmethod
    def connect(cls, address: ServerAddress, timeout_s: float = DEFAULT_TIMEOUT_S) -> ServerLLM:
        """Ask the server which models it serves; a server that cannot answer is one line (exit 1)."""
        where = f"LLM server {address.base_url}"
        try:
            status, body = _get(address, "/models", min(timeout_s, 10.0))
            if status != 200:
                raise _Failure(f"answered HTTP {status} to GET /models: {_snippet(body)}")
            try:
                listed = [str(item["id"]) for item in json.loads(body)["data"]]
            except (ValueError, KeyError, TypeError):
                raise _Failure(
                    f"answered GET /models with something else than a model list: {_snippet(body)}"
                ) from None
        except _Failure as failure:
            raise RuntimeBroken(f"{where} {failure}") from None
        if address.model is not None:
            return cls(address, address.model, timeout_s)
        if len(listed) != 1:
            raise UserError(
                f"{where} serves {len(listed)} models ({', '.join(listed[:5]) or 'none'}); name one",
                key="--llm",
                fix=f"{address.base_url}?model=NAME",
            )
        return cls(address, listed[0], timeout_s)

    def complete(
        self,
        system: str,
        user: str,
        *,
        max_tokens: int = 48,
        stop: tuple[str, ...] = ("\n\n",),
        on_text: Callable[[str], None] | None = None,
    ) -> Completion:
        """Greedy and streamed, like the bundled model. Never raises for what the server does:
        a failed call comes back empty, with `failure` saying why."""
        started = time.perf_counter()
        if self._failures_in_a_row >= GIVE_UP_AFTER:
            failure = f"server not asked after {GIVE_UP_AFTER} failures in a row ({self._last_failure})"
            return Completion("", 0, 0, None, 0.0, failure=failure)
        request = {
            "model": self.model,
            "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}],
            "max_tokens": max_tokens,
            "temperature": 0.0,
            "seed": 0,
            "stop": list(stop),
            "stream": True,
            "stream_options": {"include_usage": True},
        }
        pieces: list[str] = []
        first_token: float | None = None
        usage: dict[str, int] | None = None
        try:
            for chunk in self._stream(request, started):
                usage = _usage(chunk) or usage
                piece = _piece(chunk)
                if not piece:
                    continue
                if first_token is None:
                    first_token = time.perf_counter() - started
                pieces.append(piece)
                if on_text is not None:
                    on_text(piece)
        except _Failure as failure:
            self._failures_in_a_row += 1
            self._last_failure = str(failure)
            return Completion("", 0, 0, first_token, time.perf_counter() - started, failure=str(failure))
        self._failures_in_a_row = 0
        text = "".join(pieces)
        seconds = time.perf_counter() - started
        if usage is not None:
            return Completion(text, usage["prompt_tokens"], usage["completion_tokens"], first_token, seconds)
        # No usage (llama-cpp-python's server sends none when streaming): one piece is one token
        # for llama.cpp-based servers, and a prompt is about four characters a token.
        estimate = (len(system) + len(user) + 3) // 4
        return Completion(text, estimate, len(pieces), first_token, seconds, tokens_estimated=True)

    def _stream(self, request: dict[str, object], started: float) -> Iterator[dict[str, object]]:
        """The server's chunks: server-sent events, or one JSON answer from a server that ignores `stream`."""
        connection = _connection(self.address, self.timeout_s)
        try:
            try:
                connection.request(
                    "POST",
                    f"{self.address.path}/chat/completions",
                    body=json.dumps(request).encode(),
                    headers={"Content-Type": "application/json", "Accept": "text/event-stream"},
                )
                response = connection.getresponse()
                if response.status != 200:
                    raise _Failure(
                        f"server answered HTTP {response.status}: {_snippet(response.read(_MAX_ERROR_BODY))}"
                    )
                if "text/event-stream" not in (response.getheader("Content-Type") or ""):
                    yield _json(response.read(), "answer")
                    return
                while True:
                    if time.perf_counter() - started > self.timeout_s:
                        raise _Failure(f"server timed out: no full answer within {self.timeout_s:g} s")
                    line = response.readline()
                    if not line:
                        return  # the stream ended without [DONE]: keep what came
                    data = line.strip()
                    if not data.startswith(b"data:"):
                        continue  # blank separators, comments, event names
                    data = data[5:].strip()
                    if data == b"[DONE]":
                        return
                    yield _json(data, "stream")
            except TimeoutError:
                raise _Failure(f"server timed out: no answer within {self.timeout_s:g} s") from None
            except (OSError, http.client.HTTPException) as error:
                raise _Failure(f"server unreachable: {_reason(error)}") from None
        finally:
            connection.close()


def _connection(address: ServerAddress, timeout_s: float) -> http.client.HTTPConnection:
    if address.scheme == "https":
        return http.client.HTTPSConnection(
            address.host, address.port, timeout=timeout_s, context=ssl.create_default_context()
        )
    return http.client.HTTPConnection(address.host, address.port, timeout=timeout_s)


def _get(address: ServerAddress, path: str, timeout_s: float) -> tuple[int, bytes]:
    connection = _connection(address, min(timeout_s, CONNECT_TIMEOUT_S * 2))
    try:
        connection.request("GET", f"{address.path}{path}", headers={"Accept": "application/json"})
        response = connection.getresponse()
        return response.status, response.read(1_000_000)
    except TimeoutError:
        raise _Failure(f"is not answering (no answer within {timeout_s:g} s)") from None
    except (OSError, http.client.HTTPException) as error:
        raise _Failure(f"is not reachable: {_reason(error)} (is it running on that port?)") from None
    finally:
        connection.close()


def _json(data: bytes, what: str) -> dict[str, object]:
    try:
        chunk = json.loads(data)
    except ValueError:
        raise _Failure(f"server answered garbage in its {what}: {_snippet(data)}") from None
    if not isinstance(chunk, dict) or ("choices" not in chunk and "usage" not in chunk):
        raise _Failure(f"server answered garbage in its {what}: {_snippet(data)}")
    return chunk


def _piece(chunk: dict[str, object]) -> str:
    choices = chunk.get("choices")
    if not isinstance(choices, list) or not choices:
        return ""
    choice = choices[0]
    if not isinstance(choice, dict):
        raise _Failure(f"server answered garbage: {_snippet(json.dumps(chunk).encode())}")
    part = choice.get("delta") or choice.get("message") or {}
    content = part.get("content") if isinstance(part, dict) else None
    return content if isinstance(content, str) else ""


def _usage(chunk: dict[str, object]) -> dict[str, int] | None:
    usage = chunk.get("usage")
    if not isinstance(usage, dict):
        return None
    prompt, completion = usage.get("prompt_tokens"), usage.get("completion_tokens")
    if isinstance(prompt, int) and isinstance(completion, int):
        return {"prompt_tokens": prompt, "completion_tokens": completion}
    return None


def _snippet(data: bytes) -> str:
    text = " ".join(data[:_MAX_ERROR_BODY].decode("utf-8", "replace").split())
    return (text[:80] + "…") if len(text) > 80 else (text or "(empty)")


def _reason(error: BaseException) -> str:
    return getattr(error, "strerror", None) or str(error) or type(error).__name__
