"""What each subcommand does, once the CLI has parsed it."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from glassterm.clock import HUD_SPEED, MAX_SPEED
from glassterm.errors import EXIT_FAILURE, EXIT_OK
from glassterm.events import MODES, Mode
from glassterm.playback import Setup, load_scenes, play_scene
from glassterm.power import hours_text
from glassterm.report import (
    check_writable,
    event_line,
    mode_comparison,
    model_name,
    output_line,
    report_dict,
    run_info,
    write_json,
    write_text,
)
from glassterm.scene.loader import load_scene
from glassterm.session import Session


def _setup(args: argparse.Namespace, *, prompts: str | None = None, policy: str | None = None) -> Setup:
    setup = Setup.from_options(
        llm=args.llm,
        whisper=args.whisper,
        voice=args.voice,
        encoder=args.encoder,
        prompts=prompts,
        policy=policy,
        device=args.device,
        audio=getattr(args, "audio", False),
        calendar=args.calendar,
        reminders=args.reminders,
        allow_remote=args.allow_remote,
        llm_timeout=args.llm_timeout,
    )
    note = setup.fall_back_if_llm_broken()
    if note:
        print(f"glassterm: {note}", file=sys.stderr)
    return setup


def _modes(choice: str) -> tuple[Mode, ...]:
    return MODES if choice == "both" else (choice,)  # type: ignore[return-value]


def play(args: argparse.Namespace) -> int:
    scene = load_scene(args.scene)  # bad scenes fail before any model loads
    check_writable(args.report)
    if args.display or not args.headless:
        from glassterm.display import display_profile

        display_profile(args.display)  # a typo (flag or GLASSTERM_DISPLAY) fails before anything runs
    setup = _setup(args, prompts=args.prompts, policy=args.policy)
    scene = setup.wearer.join(scene)
    modes = _modes(args.mode)
    if not args.headless:
        from glassterm.hud.app import run_hud

        return run_hud(
            display=args.display,
            scene=scene,
            setup=setup,
            modes=modes,
            speed=args.speed or HUD_SPEED,
            report=args.report,
            prompts_dir=args.prompts,
        )

    def attach(session: Session) -> None:
        def on_event(event: object) -> None:
            line = event_line(event)  # type: ignore[arg-type]
            if line:
                print(line, flush=True)  # event_line has stripped control characters

        def on_output(output: object) -> None:
            line = output_line(output, verbose=args.verbose)  # type: ignore[arg-type]
            if line:
                print(line, flush=True)

        session.on_event.append(on_event)
        session.on_output.append(on_output)

    print(
        f"glassterm: {scene.title} — models: llm={model_name(setup)}, policy={setup.policy.name}, device={setup.profile.name}",
        flush=True,
    )
    result = play_scene(scene, setup, modes=modes, speed=args.speed or MAX_SPEED, session_hook=attach)
    for mode, mode_result in result.modes.items():
        s, e = mode_result.score, mode_result.energy
        hours = hours_text(e.projected_hours_range)
        print(
            f"{mode:9}: {len(mode_result.run.cards)} cards, {len(mode_result.run.replies)} replies, "
            f"{mode_result.run.assistant.stats['llm_calls']} LLM calls; {e.energy_mwh:.1f} mWh = {e.battery_pct:.2f}% battery, "
            f"projected {hours}; score: {s.hits} hits, {s.misses} misses, {s.false_alarms} false alarms"
        )
    comparison = mode_comparison([result])
    ratio = comparison.battery_life_ratio() if comparison else None
    if comparison and ratio:
        decides = comparison.sensitivity()[0].cost.work.value
        print(
            f"proactive keeps {ratio.central:.2f} of manual battery life ({ratio.low:.2f}-{ratio.high:.2f} across "
            f"the profile's cost ranges); the figure that moves it most: {decides}"
        )
    if args.report:
        write_json(args.report, report_dict([result], **run_info(setup)))
        print(f"report written to {args.report}")
    return EXIT_OK


def _listed(value: str | list[str] | None) -> list[str]:
    """A flag `eval` takes more than once; given before the subcommand it is one string."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def evaluate(args: argparse.Namespace) -> int:
    from glassterm.lab.html import lab_html
    from glassterm.lab.render import lab_markdown, lab_report, print_lab
    from glassterm.lab.sweep import Fanout, run_sweep
    from glassterm.lab.units import RunOptions
    from glassterm.lab.variants import load_variants, variant_specs
    from glassterm.scene.wearer import Wearer

    scenes = load_scenes(args.scenes)
    for output in (args.json, args.markdown, args.html):
        check_writable(output)
    wearer = Wearer.load(args.calendar, args.reminders)
    scenes = [wearer.join(scene) for scene in scenes]  # each scene's own date, before anything runs
    specs = variant_specs(
        _listed(getattr(args, "prompts", None)), _listed(args.llm), _listed(getattr(args, "policy", None))
    )
    variants = load_variants(specs)  # every prompt set and policy read: a bad one is exit 2 before any model loads
    options = RunOptions(
        whisper=args.whisper,
        voice=args.voice,
        encoder=args.encoder,
        device=args.device,
        audio=args.audio,
        allow_remote=args.allow_remote,
        llm_timeout=args.llm_timeout,
        cache=args.cache,
    )
    sweep = run_sweep(
        scenes,
        variants,
        options,
        note=lambda line: print(f"glassterm: {line}", file=sys.stderr),
        fanout=Fanout(workers=args.workers, ray=args.ray),
    )
    for failure in sweep.failures:
        print(f"glassterm: {failure.line()}", file=sys.stderr)
    runs = sweep.runs
    if not runs[0].results:
        print("glassterm: no scene finished under every variant; no report written", file=sys.stderr)
        return EXIT_FAILURE
    print_lab(runs, sys.stdout)
    info = {
        "llm": runs[0].llm,
        "device_profile": runs[0].results[0].profile.name,
        "policy": runs[0].variant.policy.name,
        "audio": args.audio,
        "failed_units": [
            {
                "scene": f.unit.scene.title,
                "file": str(f.unit.scene.path),
                "variant": f.unit.variant.label,
                "reason": f.reason,
            }
            for f in sweep.failures
        ],
    }
    if args.json:
        write_json(args.json, lab_report(runs, **info))
    if args.markdown:
        write_text(args.markdown, lab_markdown(runs))
    if args.html:
        write_text(args.html, lab_html(runs))
    if sweep.failures:
        print(
            f"glassterm: {len(sweep.failures)} unit(s) failed; their scenes are left out of the reports",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    return EXIT_OK


def live(args: argparse.Namespace) -> int:
    from glassterm.scene.today import live_scene

    scene = live_scene(args.scene)  # the demo day unless --scene says otherwise; a bad file fails first
    setup = _setup(args, prompts=args.prompts, policy=args.policy)
    setup.wearer.on(dt.date.today())  # a calendar that cannot be expanded fails here, not in the HUD
    from glassterm.display import display_profile
    from glassterm.hud.app import run_live

    display_profile(args.display)
    return run_live(
        setup=setup,
        scene=scene,
        mic=args.mic,
        keyboard=args.keyboard,
        barge_in=args.barge_in,
        hear_aloud=args.hear_aloud,
        display=args.display,
    )


def schema() -> int:
    from glassterm.scene.schema import schema_text

    sys.stdout.write(schema_text())
    return EXIT_OK


def lint(paths: list[str]) -> int:
    from glassterm.scene.lint import lint_command

    return lint_command(paths)
