"""`--llm http://127.0.0.1:PORT/v1`: a real OpenAI-compatible server (llama-cpp-python's, with the
bundled SmolLM2) phrases the cards; only the loopback unless allowed; a server that is down, slow
or answers garbage is one line or the template with the reason, never a hang."""

from __future__ import annotations

import http.server
import json
import time
from pathlib import Path

import pytest
from conftest import free_port, scene_path

from glassterm.assistant.llm_server import ServerLLM, parse_server
from glassterm.cli import main
from glassterm.errors import UserError

SHORT = scene_path("short.yaml")


@pytest.mark.slow
def test_two_prompt_sets_through_a_real_server_side_by_side(
    llama_server: str, tmp_path: Path, loopback_only: list[object], capsys: pytest.CaptureFixture[str]
) -> None:
    terse = tmp_path / "terse"
    terse.mkdir()
    (terse / "card.txt").write_text("<facts>\n{facts}\n</facts>\nSay this in at most {max_words} words.\n")
    report, page = tmp_path / "r.json", tmp_path / "r.html"
    # A generous timeout: on 2 shared cores a busy machine once took the server past 60 s.
    argv = ["eval", str(SHORT), "--llm", llama_server, "--prompts", str(terse), "--no-cache", "--llm-timeout", "300"]
    assert main([*argv, "--json", str(report), "--html", str(page)]) == 0
    data = json.loads(report.read_text())
    assert len(data["variants"]) == 2
    for variant in data["variants"]:
        assert variant["llm"] == f"SmolLM2-135M-Instruct.Q4_1.gguf @ {llama_server}"
        calls = variant["model_calls"]
        # llama-cpp-python's server sends no usage while streaming: counts are estimated, and said so.
        assert calls["calls"] == 3 and calls["failures"] == {} and calls["tokens_estimated"] == 3
        assert calls["median_first_token_s"] > 0
        work = variant["scenes"][0]["modes"]["proactive"]["work"]
        assert work["llm_prompt_tokens"] > 0 and work["llm_generated_tokens"] > 0
        outputs = [o for m in variant["scenes"][0]["modes"].values() for o in m["cards"] + m["replies"]]
        assert all(o["source"] == "model" or o["refused"] for o in outputs)  # every one was asked
    html = page.read_text()
    assert "A: prompts shipped" in html and f"B: prompts {terse}" in html
    # Nothing but the loopback server was reached.
    assert loopback_only and {address[1] for address in loopback_only} == {int(llama_server.split(":")[2][:-3])}  # type: ignore[index]
    assert "server failures" not in capsys.readouterr().out


def test_a_remote_address_is_refused_before_any_connection(
    loopback_only: list[object], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", str(SHORT), "--llm", "http://192.0.2.7:8080/v1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "192.0.2.7 is not a loopback address" in err and "--allow-remote" in err
    assert loopback_only == []
    # Allowed, it is accepted (not connected to here: nothing of ours is there).
    assert parse_server("http://192.0.2.7:8080/v1?model=qwen", allow_remote=True).model == "qwen"
    for spec in ("http://localhost:8080/v1", "http://[::1]:8080/v1", "http://127.0.0.2:9/v1"):
        assert parse_server(spec).port in (8080, 9)
    with pytest.raises(UserError, match="not a loopback"):
        parse_server("http://glasses.example:8080/v1")  # a name is not even looked up


def test_a_server_that_is_down_is_one_line_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    port = free_port()  # nothing listens there
    assert main(["eval", str(SHORT), "--llm", f"http://127.0.0.1:{port}/v1"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"LLM server http://127.0.0.1:{port}/v1 is not reachable" in err
    assert "Traceback" not in err


def _sse(handler: http.server.BaseHTTPRequestHandler, lines: list[bytes]) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/event-stream")
    handler.end_headers()
    for line in lines:
        handler.wfile.write(line + b"\n\n")


def test_garbage_from_the_server_leaves_the_template_with_the_reason(fake_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url = fake_server(lambda handler: _sse(handler, [b"data: <html>oops</html>"]))
    report = tmp_path / "r.json"
    assert main(["eval", str(SHORT), "--llm", url, "--json", str(report)]) == 0
    data = json.loads(report.read_text())
    modes = data["scenes"][0]["modes"]
    outputs = [o for m in modes.values() for o in m["cards"] + m["replies"]]
    assert outputs and all(o["source"] == "template" for o in outputs)
    assert all(o["refused"].startswith("server answered garbage in its stream: <html>oops") for o in outputs)
    assert modes["proactive"]["score"]["hits"] == 2  # the templates still carry the facts


def test_a_slow_server_times_out_and_is_then_left_alone(fake_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    def stall(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream")
        handler.end_headers()
        handler.wfile.flush()
        time.sleep(3)  # far past the timeout: the client must not wait for it

    url = fake_server(stall)
    server = ServerLLM.connect(parse_server(url), timeout_s=0.5)
    started = time.perf_counter()
    answers = [server.complete("system", f"user {n}") for n in range(5)]
    assert time.perf_counter() - started < 2.5  # three timeouts of 0.5 s, then not asked: no hang
    assert [a.failure for a in answers[:3]] == ["server timed out: no answer within 0.5 s"] * 3
    assert all(a.failure and a.failure.startswith("server not asked after 3 failures") for a in answers[3:])
    assert all(a.text == "" for a in answers)
    # Through eval: the run finishes on templates, each with the reason.
    report = tmp_path / "r.json"
    argv = ["eval", str(SHORT), "--llm", url, "--llm-timeout", "0.5", "--json", str(report)]
    assert main(argv) == 0
    reasons = [
        o["refused"] for m in json.loads(report.read_text())["scenes"][0]["modes"].values() for o in m["replies"]
    ]
    assert reasons and all("timed out" in r or "not asked" in r for r in reasons)


def test_the_model_is_the_one_named_or_the_one_listed(fake_server) -> None:  # type: ignore[no-untyped-def]
    url = fake_server(lambda handler: None)
    assert ServerLLM.connect(parse_server(f"{url}?model=other")).model == "other"
    assert ServerLLM.connect(parse_server(url)).model == "odd-model"
