"""Run scenes through the assistants: the one place that wires models, prompts, policy,
device profile and clock together for `play`, `eval` and `bench`."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from glassterm.assistant.grounding import Phraser
from glassterm.assistant.llm import CallLog, ChatModel, Completion
from glassterm.assistant.llm_cache import CachedLLM
from glassterm.assistant.llm_server import DEFAULT_TIMEOUT_S, ServerLLM, is_server_url, parse_server
from glassterm.assistant.policy import Policy, load_policy
from glassterm.assistant.prompts import PromptSet, load_prompts
from glassterm.choices import NO_LLM, llm_disabled, llm_requested
from glassterm.clock import MAX_SPEED, VirtualClock
from glassterm.errors import RuntimeBroken
from glassterm.events import MODES, Mode
from glassterm.models import ModelHub
from glassterm.power.energy import EnergyReport, price
from glassterm.power.profile import DeviceProfile, load_profile
from glassterm.scene.loader import load_scene, scene_files
from glassterm.scene.model import Scene
from glassterm.scene.player import scene_events
from glassterm.scene.scoring import Score, score
from glassterm.scene.wearer import Wearer
from glassterm.session import ModeRun, Session, Transform, build_assistants
from glassterm.speech.turns import vad_config


@dataclass
class Setup:
    """Everything a run needs besides the scene. Models are loaded once and shared."""

    hub: ModelHub
    prompts: PromptSet
    policy: Policy
    profile: DeviceProfile
    use_llm: bool = True
    audio: bool = False
    wearer: Wearer = field(default_factory=Wearer)  # --calendar and --reminders: joined to every day played
    server: ServerLLM | None = None  # --llm http://127.0.0.1:PORT/v1 phrases instead of a loaded GGUF
    call_cache: Path | None = None  # eval: model calls answered from (and kept in) this directory
    _voicer: Transform | None = field(default=None, repr=False)

    @classmethod
    def from_options(
        cls,
        *,
        llm: str | None = None,
        whisper: str | None = None,
        voice: str | None = None,
        encoder: str | None = None,
        prompts: str | Path | None = None,
        policy: str | Path | None = None,
        device: str | Path | None = None,
        audio: bool = False,
        calendar: str | Path | None = None,
        reminders: str | Path | None = None,
        allow_remote: bool = False,
        llm_timeout: float | None = None,
    ) -> Setup:
        wearer = Wearer.load(calendar, reminders)  # the wearer's own files fail before any model is touched
        loaded_policy = load_policy(policy)
        vad_config(loaded_policy, origin=policy)  # its listening knobs too
        use_llm = not llm_disabled(llm)
        requested = llm_requested(llm)
        server = None
        if is_server_url(requested):
            address = parse_server(str(requested), allow_remote=allow_remote)  # before any connection
            server = ServerLLM.connect(address, llm_timeout or DEFAULT_TIMEOUT_S)
        hub = ModelHub.from_flags(
            llm=llm if use_llm and server is None else NO_LLM, whisper=whisper, voice=voice, encoder=encoder
        )
        return cls(
            hub=hub,
            prompts=load_prompts(prompts),
            policy=loaded_policy,
            profile=load_profile(device),
            use_llm=use_llm,
            audio=audio,
            wearer=wearer,
            server=server,
        )

    def fall_back_if_llm_broken(self, *, load: bool = True) -> str | None:
        """Prove the LLM runtime before anything runs; if it crashes, run on the grounded
        templates and return the one line that says why (the caller shows it). `load=False`
        proves it without loading it here: the model will run in worker processes."""
        if not self.use_llm or self.hub.llm_choice is None:
            return None
        try:
            if load:
                self.hub.llm()  # proves the runtime in a child first (see probes), then loads it once
            else:
                from glassterm.probes import ensure_llm_runs

                ensure_llm_runs(self.hub.llm_choice)
        except RuntimeBroken as error:
            self.use_llm = False
            return f"{error}; running on the grounded templates instead (as with --llm none)"
        return None

    def chat_model(self) -> ChatModel | None:
        """The model that phrases, or None on templates alone."""
        if not self.use_llm:
            return None
        model: ChatModel = self.server if self.server is not None else self.hub.llm()
        return CachedLLM(model, self.call_cache) if self.call_cache is not None else model

    def phraser(self, prompts: PromptSet | None = None) -> Phraser:
        return Phraser(self.chat_model(), prompts or self.prompts)

    def transform(self) -> Transform | None:
        if not self.audio:
            return None
        if self._voicer is None:
            from glassterm.speech.scene_audio import SceneVoicer

            self._voicer = SceneVoicer.from_hub(self.hub, vad_config(self.policy)).transform
        return self._voicer


@dataclass
class ModeResult:
    run: ModeRun
    score: Score
    energy: EnergyReport


@dataclass
class SceneResult:
    scene: Scene
    modes: dict[Mode, ModeResult]
    wall_seconds: float
    policy: Policy
    prompts: str
    profile: DeviceProfile  # what the modes' energy was priced on
    calls: list[Completion] = field(default_factory=list)  # every model call of the scene, both modes, in order


def load_scenes(paths: list[str | Path]) -> list[Scene]:
    """Scene files and directories of them (sorted), each checked before anything runs."""
    return [load_scene(path) for path in scene_files(paths)]


def make_session(
    scene: Scene,
    setup: Setup,
    *,
    modes: tuple[Mode, ...] = MODES,
    speed: float = MAX_SPEED,
    policy: Policy | None = None,
    prompts: PromptSet | None = None,
    phraser: Phraser | None = None,
) -> Session:
    assistants = build_assistants(modes, phraser or setup.phraser(prompts), policy or setup.policy, setup.hub.encoder())
    clock = VirtualClock(start=scene.start, speed=speed)
    return Session(scene_events(scene), assistants, clock, transform=setup.transform())


def finish(
    scene: Scene,
    session: Session,
    setup: Setup,
    wall_seconds: float,
    policy: Policy,
    prompts: PromptSet,
    calls: CallLog | None = None,
) -> SceneResult:
    # A run stopped early (quit in the HUD) is priced and scored over what was played.
    played_until = min(max(session.clock.now, scene.start), scene.end) if not session.finished else scene.end
    results: dict[Mode, ModeResult] = {}
    for mode, run in session.runs.items():
        results[mode] = ModeResult(
            run=run,
            score=score(scene, mode, run.cards, run.replies, until=played_until),
            energy=price(run.assistant.ledger, setup.profile, played_until - scene.start),
        )
    logged = list(calls.calls) if calls is not None else []
    return SceneResult(scene, results, wall_seconds, policy, prompts.name, setup.profile, logged)


def play_scene(
    scene: Scene,
    setup: Setup,
    *,
    modes: tuple[Mode, ...] = MODES,
    speed: float = MAX_SPEED,
    policy: Policy | None = None,
    prompts: PromptSet | None = None,
    session_hook: Callable[[Session], None] | None = None,
) -> SceneResult:
    """Play one scene to its end (blocking) and score it."""
    policy = policy or setup.policy
    prompts = prompts or setup.prompts
    model = setup.chat_model()
    calls = CallLog(model) if model is not None else None
    phraser = Phraser(calls, prompts) if calls is not None else setup.phraser(prompts)
    session = make_session(scene, setup, modes=modes, speed=speed, policy=policy, prompts=prompts, phraser=phraser)
    if session_hook is not None:
        session_hook(session)
    started = time.perf_counter()
    session.run()
    return finish(scene, session, setup, time.perf_counter() - started, policy, prompts, calls)
