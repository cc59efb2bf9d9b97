"""The command line: parse, build, call one function. Logic lives below it.

Exit codes: 0 success, 2 bad input (one line naming file, line and key), 1 anything else.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from glassterm import __version__
from glassterm.errors import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, RuntimeBroken, UserError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # One line and exit 2, like every other bad input.
        raise UserError(f"{self.prog}: {message} (see {self.prog} --help)")


def _model_flags(parser: argparse.ArgumentParser, *, top_level: bool = False, llm_repeats: bool = False) -> None:
    # Subcommands suppress their defaults so a flag given before the subcommand survives.
    default = None if top_level else argparse.SUPPRESS
    group = parser.add_argument_group(
        "models (default: the bundled ones; env GLASSTERM_LLM/WHISPER/VOICE/ENCODER or config.toml also work)"
    )
    group.add_argument(
        "--llm",
        default=default,
        action="append" if llm_repeats else "store",
        help="smollm2 | gemma3-270m | PATH.gguf | http://127.0.0.1:PORT/v1[?model=NAME] (an OpenAI-compatible "
        "server) | none (templates only, no model)" + ("; give it again to compare models" if llm_repeats else ""),
    )
    group.add_argument(
        "--allow-remote",
        action="store_true",
        default=False if top_level else argparse.SUPPRESS,
        help="let --llm http://HOST:PORT/v1 be another machine (default: loopback only, nothing leaves this one)",
    )
    group.add_argument(
        "--llm-timeout", type=float, default=default, metavar="S", help="seconds a server may take for one call (60)"
    )
    group.add_argument(
        "--encoder",
        default=default,
        help="minilm (bundled sentence encoder, tier 1) | PATH.onnx with tokenizer.json beside it | none (word rules only)",
    )
    group.add_argument("--whisper", default=default, help="tiny.en (bundled) | DIR of a faster-whisper model")
    group.add_argument("--voice", default=default, help="PATH.onnx of a Piper voice")
    group.add_argument(
        "--device", default=default, help="device profile: display-glasses (default), audio-glasses or PATH.toml"
    )


def _wearer_flags(parser: argparse.ArgumentParser, *, top_level: bool = False) -> None:
    default = None if top_level else argparse.SUPPRESS  # as with _model_flags: given before the subcommand survives
    group = parser.add_argument_group("your own day (joined to the scene's, or to today's in the live demo)")
    group.add_argument(
        "--calendar",
        default=default,
        metavar="FILE.ics",
        help="iCalendar file: its events of the day join the calendar",
    )
    group.add_argument(
        "--reminders", default=default, metavar="FILE.yaml", help="standing reminders: a YAML list of text, at, near"
    )


def _speed(text: str) -> float:
    from glassterm.clock import parse_speed

    try:
        return parse_speed(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _workers(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes (1 or more)")
    return count


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="glassterm", description="AI smart glasses in a terminal: proactive and manual assistants side by side."
    )
    parser.add_argument("--version", action="version", version=f"glassterm {__version__}")
    _model_flags(parser, top_level=True)
    _wearer_flags(parser, top_level=True)
    parser.add_argument("--prompts", help="directory of prompt files overriding the shipped ones")
    parser.add_argument("--policy", help="proactive policy: cascade (default), naive, or FILE.toml")
    parser.add_argument("--mic", help="input device name or index for the live demo")
    parser.add_argument("--keyboard", action="store_true", help="live demo without a microphone: type what you say")
    parser.add_argument(
        "--barge-in",
        action="store_true",
        help="live demo: keep listening while answering, so speaking interrupts the answer (use headphones)",
    )
    parser.add_argument(
        "--scene",
        metavar="FILE.yaml|none",
        help="live demo: live in this scene, mapped to now (default: the shipped demo day; none: today alone)",
    )
    parser.add_argument(
        "--hear-aloud",
        action="store_true",
        help="live demo: speak the scene's hear lines (announcements, people) through the speaker",
    )
    parser.add_argument("--display", help="lens display profile: even-g1 (default), even-g2, vuzix-z100, frame")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    play = commands.add_parser("play", help="play a scene in the HUD, or headless")
    play.add_argument("scene", help="scene file (YAML, format v1)")
    play.add_argument("--headless", action="store_true", help="print a transcript instead of opening the HUD")
    play.add_argument(
        "--speed", type=_speed, default=None, help="1, 10, ... or max (default: max headless, 10 in the HUD)"
    )
    play.add_argument("--mode", choices=("both", "proactive", "manual"), default="both")
    play.add_argument(
        "--audio",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="speak say/hear lines and hear them through VAD and ASR",
    )
    play.add_argument("--report", help="write the report JSON here")
    play.add_argument("--verbose", "-v", action="store_true", help="also print the cascade's decisions")
    play.add_argument(
        "--display",
        default=argparse.SUPPRESS,
        help="lens display profile: even-g1 (default), even-g2, vuzix-z100, frame",
    )
    _model_flags(play)
    _wearer_flags(play)
    play.add_argument(
        "--prompts", default=argparse.SUPPRESS, help="directory of prompt files overriding the shipped ones"
    )
    play.add_argument(
        "--policy", default=argparse.SUPPRESS, help="proactive policy: cascade (default), naive, or FILE.toml"
    )

    evaluate = commands.add_parser("eval", help="score scenes with expectations")
    evaluate.add_argument("scenes", nargs="*", default=["scenes"], help="scene files or directories (default: scenes/)")
    evaluate.add_argument(
        "--prompts",
        default=argparse.SUPPRESS,
        action="append",
        help="compare this prompt directory with the shipped prompts (again for more; 'shipped' names them)",
    )
    evaluate.add_argument(
        "--policy",
        default=argparse.SUPPRESS,
        action="append",
        help="compare this policy (FILE.toml or naive) with the default (again for more; 'cascade' names it)",
    )
    evaluate.add_argument("--audio", action=argparse.BooleanOptionalAction, default=False)
    evaluate.add_argument("--json", help="write the report JSON here")
    evaluate.add_argument("--markdown", help="write the Markdown report here: scores, then outputs side by side")
    evaluate.add_argument("--html", help="write a self-contained HTML report here: the variants side by side")
    fanout = evaluate.add_mutually_exclusive_group()
    fanout.add_argument(
        "--workers", type=_workers, default=0, metavar="N", help="run the (scene, variant) units in N local processes"
    )
    fanout.add_argument(
        "--ray",
        metavar="ADDRESS",
        help="run the units on a Ray cluster (ray://HOST:10001, HOST:6379, auto) or 'local' to start one here; "
        "needs pip install 'glassterm[ray]'",
    )
    evaluate.add_argument(
        "--no-cache",
        dest="cache",
        action="store_false",
        help="ask the model every time (default: calls seen before come from the cache in ~/.cache/glassterm)",
    )
    _model_flags(evaluate, llm_repeats=True)
    _wearer_flags(evaluate)

    bench = commands.add_parser("bench", help="measure speed and memory on this machine")
    bench.add_argument("--json", help="write the measurements here")
    bench.add_argument("--quick", action="store_true", help="fewer repetitions")
    _model_flags(bench)

    doctor = commands.add_parser("doctor", help="what is installed and usable, with fixes")
    _model_flags(doctor)
    say = commands.add_parser("say", help="speak a text with the Piper voice")
    say.add_argument("text")
    say.add_argument("--out", help="write a WAV file instead of playing it")
    say.add_argument("--voice", default=argparse.SUPPRESS, help="PATH.onnx of a Piper voice")
    commands.add_parser("devices", help="list audio inputs and outputs")
    commands.add_parser("schema", help="print the JSON Schema of scene format v1 (for editors)")
    lint = commands.add_parser("lint", help="check scenes: the loader's errors (exit 2) and warnings (exit 0)")
    lint.add_argument("scenes", nargs="+", help="scene files or directories")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return _dispatch(args)
    except UserError as error:
        print(f"glassterm: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except RuntimeBroken as error:
        print(f"glassterm: {error}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("glassterm: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:  # noqa: BLE001  the last line of defence: one line, traceback on request
        print(f"glassterm: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        if os.environ.get("GLASSTERM_DEBUG"):
            traceback.print_exc()
        else:
            print("glassterm: run again with GLASSTERM_DEBUG=1 for the traceback", file=sys.stderr)
        return EXIT_FAILURE


def _dispatch(args: argparse.Namespace) -> int:
    from glassterm import commands

    match args.command:
        case None:
            return commands.live(args)
        case "play":
            return commands.play(args)
        case "eval":
            return commands.evaluate(args)
        case "bench":
            from glassterm.bench import bench_command

            return bench_command(args)
        case "doctor":
            from glassterm.doctor import doctor_command

            return doctor_command(args.llm, args.whisper, args.voice, args.encoder)
        case "say":
            from glassterm.speech.commands import say_command

            return say_command(args.text, Path(args.out) if args.out else None, args.voice)
        case "schema":
            return commands.schema()
        case "lint":
            return commands.lint(args.scenes)
        case "devices":
            from glassterm.speech.commands import devices_command

            return devices_command()
    return EXIT_FAILURE
