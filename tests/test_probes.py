"""Each model runtime is proved in a child process: a native crash is a line, never a dead terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from glassterm.choices import resolve_llm, resolve_voice, resolve_whisper
from glassterm.probes import probe_llm, probe_speech

# A stand-in for llama-cpp-python that dies in native code the way 0.3.36 does on AMX CPUs.
# The real crash cannot be produced on a CPU without AMX, so this is the one place a fake runs.
CRASHING_LLAMA = """
import ctypes

class Llama:
    def __init__(self, *args, **kwargs):
        ctypes.string_at(0)  # SIGSEGV, as a bad native decode would
"""


@pytest.mark.slow
def test_bundled_model_decodes_a_multi_token_prompt_in_a_child() -> None:
    # This is the test that fails (with the signal's name) on a llama-cpp-python that crashes
    # in batch decode; the child runs the very loader and generation the app uses.
    result = probe_llm(resolve_llm())
    assert result.ok, result.line()
    prompt_tokens = int(result.detail.split("-token prompt")[0].rsplit(" ", 1)[-1])
    assert prompt_tokens > 8 and result.detail.startswith(("1 tokens", "2", "3", "4", "5", "6", "7", "8"))


@pytest.mark.slow
def test_speech_round_trip_runs_in_a_child() -> None:
    result = probe_speech(resolve_whisper(), resolve_voice())
    assert result.ok, result.line()
    assert "testing" in result.detail.lower() and "VAD cut" in result.detail


@pytest.fixture
def crashing_runtime(tmp_path: Path) -> dict[str, str]:
    shim = tmp_path / "shim" / "llama_cpp"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text(CRASHING_LLAMA)
    env = dict(os.environ)
    env["PYTHONPATH"] = str(shim.parent) + os.pathsep + env.get("PYTHONPATH", "")
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")  # no remembered verdict
    env["PYTHONFAULTHANDLER"] = ""
    return env


def _glassterm(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "glassterm", *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.mark.slow
def test_doctor_reports_a_crashing_llm_runtime_and_fails(crashing_runtime: dict[str, str]) -> None:
    done = _glassterm(crashing_runtime, "doctor")
    assert done.returncode == 1, done.stdout + done.stderr
    line = next(line for line in done.stdout.splitlines() if "LLM runs" in line)
    assert line.lstrip().startswith("✗") and "SIGSEGV" in line and "setup.sh" in line
    assert "Traceback" not in done.stdout + done.stderr


@pytest.mark.slow
def test_play_falls_back_to_templates_when_the_llm_runtime_crashes(crashing_runtime: dict[str, str]) -> None:
    scene = Path(__file__).parent.parent / "scenes" / "commute.yaml"
    done = _glassterm(crashing_runtime, "play", str(scene), "--headless", "--mode", "proactive")
    assert done.returncode == 0, done.stderr
    notes = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(notes) == 1 and "SIGSEGV" in notes[0] and "grounded templates" in notes[0]
    assert "llm=none" in done.stdout and "cards" in done.stdout


@pytest.mark.slow
def test_bench_stops_with_one_line_when_the_llm_runtime_crashes(crashing_runtime: dict[str, str]) -> None:
    done = _glassterm(crashing_runtime, "bench", "--quick")
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0 and "SIGSEGV" in done.stderr and "llama-cpp-python" in done.stderr
