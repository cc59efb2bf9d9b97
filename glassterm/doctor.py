"""`glassterm doctor`: what is installed and usable, and the fix for anything that is not."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable

from glassterm.choices import (
    ModelChoice,
    encoder_disabled,
    llm_disabled,
    resolve_encoder,
    resolve_llm,
    resolve_voice,
    resolve_whisper,
)
from glassterm.errors import EXIT_FAILURE, EXIT_OK, UserError
from glassterm.probes import ProbeResult, probe_llm, probe_speech


def _size(choice: ModelChoice) -> str:
    path = choice.path
    total = sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size
    return f"{total / 1e6:.0f} MB"


def doctor_command(
    llm: str | None = None, whisper: str | None = None, voice: str | None = None, encoder: str | None = None
) -> int:
    """Check the models a run with these flags (or the environment, or the config) would use."""
    ok = True
    print(f"glassterm doctor (Python {sys.version.split()[0]})")
    checks: list[tuple[str, Callable[[], ModelChoice]]] = [
        ("ASR", lambda: resolve_whisper(whisper)),
        ("TTS voice", lambda: resolve_voice(voice)),
    ]
    if llm_disabled(llm):
        print(f"  - {'LLM':16} none: cards and replies are the grounded templates")
    else:
        checks.insert(0, ("LLM", lambda: resolve_llm(llm)))
    if encoder_disabled(encoder):
        print(f"  - {'encoder':16} none: the word rules decide alone (tier 1 off)")
    else:
        checks.append(("encoder", lambda: resolve_encoder(encoder)))
    resolved: dict[str, ModelChoice] = {}
    for label, resolve in checks:
        try:
            choice = resolve()
            resolved[label] = choice
            print(f"  ✓ {label:16} {choice.name}: {choice.path} ({_size(choice)}, {choice.origin})")
        except UserError as error:
            ok = False
            print(f"  ✗ {label:16} {error}")
    for module, role, fix in (
        ("llama_cpp", "LLM runtime", "scripts/setup.sh (it builds the locked llama-cpp-python)"),
        ("faster_whisper", "ASR + VAD runtime", "pip install faster-whisper"),
        ("piper", "TTS runtime", "pip install piper-tts"),
        ("textual", "HUD", "pip install textual"),
    ):
        if importlib.util.find_spec(module) is None:
            ok = False
            print(f"  ✗ {role:16} python module {module} missing: {fix}")
        else:
            print(f"  ✓ {role:16} {module}")
    # Importing proves little (a runtime can import and crash at its first decode): really run
    # each one, in a child process, so a crash is a ✗ line here and never a dead terminal.
    probes: list[tuple[str, Callable[[], ProbeResult]]] = []
    if "LLM" in resolved and importlib.util.find_spec("llama_cpp"):
        probes.append(("LLM runs", lambda: probe_llm(resolved["LLM"])))
    if (
        {"ASR", "TTS voice"} <= set(resolved)
        and importlib.util.find_spec("faster_whisper")
        and importlib.util.find_spec("piper")
    ):
        probes.append(("speech runs", lambda: probe_speech(resolved["ASR"], resolved["TTS voice"])))
    if "encoder" in resolved:
        probes.append(("encoder runs", lambda: _probe_encoder(resolved["encoder"])))
    for label, run in probes:
        result = run()
        ok = ok and result.ok
        print(f"  {'✓' if result.ok else '✗'} {label:16} {result.line()}")
    from glassterm.speech.devices import portaudio_status

    audio_ok, message = portaudio_status()
    mark = "✓" if audio_ok else "!"
    print(f"  {mark} {'audio':16} {message}")
    if not audio_ok:
        print("               the demo still runs: type what you would say (keyboard fallback)")
    print("ready: run `glassterm` for the live demo" if ok else "not ready: fix the ✗ lines above")
    return EXIT_OK if ok else EXIT_FAILURE


def _probe_encoder(choice: ModelChoice) -> ProbeResult:
    """Encode two sentences that mean the same thing in other words: onnxruntime does not take
    the process down on a bad file, so this runs here, not in a child."""
    import time

    from glassterm.assistant.encoder import load_encoder
    from glassterm.probes import package_version

    runtime = f"onnxruntime {package_version('onnxruntime')}"
    started = time.perf_counter()
    try:
        vectors = load_encoder(choice).vectors(["The meeting moved to three.", "The meeting is now at 15:00."])
    except UserError as error:
        return ProbeResult(runtime, False, str(error))
    seconds = time.perf_counter() - started
    return ProbeResult(runtime, True, f"2 sentences in {seconds:.2f} s, similarity {vectors[0] @ vectors[1]:.2f}")
