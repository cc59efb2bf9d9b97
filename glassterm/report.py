"""Reports: the JSON contract of DESIGN.md, a Markdown table, and the live transcript lines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from glassterm.assistant.llm import CallFigures
from glassterm.assistant.text import strip_control
from glassterm.clock import format_hhmmss
from glassterm.errors import UserError
from glassterm.events import (
    ButtonPressed,
    Card,
    Decision,
    Event,
    Heard,
    LocationChanged,
    NotificationArrived,
    Output,
    Reply,
    Said,
    SceneEnded,
    SceneStarted,
    Seen,
)
from glassterm.playback import ModeResult, SceneResult, Setup
from glassterm.power import EnergyLedger, ModeComparison


def model_name(setup: Setup) -> str:
    """The LLM a run used, as reports and transcripts name it."""
    if not setup.use_llm:
        return "none (templates)"
    if setup.server is not None:
        return setup.server.name
    return setup.hub.llm_choice.name if setup.hub.llm_choice else "?"


def run_info(setup: Setup) -> dict[str, object]:
    """What a report says about the run besides its scenes."""
    return {
        "llm": model_name(setup),
        "device_profile": setup.profile.name,
        "policy": setup.policy.name,
        "audio": setup.audio,
    }


def mode_dict(result: ModeResult) -> dict[str, Any]:
    run, energy = result.run, result.energy
    stats = run.assistant.stats
    return {
        "cards": [
            {
                "at": format_hhmmss(c.at),
                "title": c.title,
                "body": c.body,
                "detail": c.detail,
                "source": c.phrased_by,  # model | template (DESIGN.md); what triggered it is `trigger`
                "trigger": c.source,
                "news": c.news,
                "refused": c.refused,
                "urgent": c.urgent,
                "phrased_by": c.phrased_by,
            }
            for c in run.cards
        ],
        "replies": [
            {
                "at": format_hhmmss(r.at),
                "text": r.text,
                "question": r.question,
                "source": r.phrased_by,
                "refused": r.refused,
                "phrased_by": r.phrased_by,
                "grounded": r.grounded,  # false: the model's own answer, no fact of the day behind it
            }
            for r in run.replies
        ],
        "llm_calls": stats["llm_calls"],
        "events_in": stats["events_in"],
        "energy_mwh": round(energy.energy_mwh, 3),
        "battery_pct": round(energy.battery_pct, 3),
        "projected_hours": None if energy.projected_hours == float("inf") else round(energy.projected_hours, 2),
        "projected_hours_range": energy.projected_hours_range.ends(2),
        "battery_pct_range": energy.battery_pct_range.ends(3),
        "score": result.score.as_dict(),
        "energy": energy.to_dict(),
        "work": run.assistant.ledger.snapshot(),
        "cascade": {key: value for key, value in sorted(stats.items())},
    }


def scene_dict(result: SceneResult) -> dict[str, Any]:
    comparison = mode_comparison([result])
    ratio = comparison.battery_life_ratio() if comparison else None
    return {
        "scene": result.scene.title,
        "file": str(result.scene.path),
        "start": format_hhmmss(result.scene.start),
        "end": format_hhmmss(result.scene.end),
        "policy": result.policy.name,
        "prompts": result.prompts,
        "wall_seconds": round(result.wall_seconds, 3),
        "modes": {mode: mode_dict(mode_result) for mode, mode_result in result.modes.items()},
        "model_calls": CallFigures.of(result.calls).to_dict(),  # both modes: cache hits, server failures, latency
        # Proactive's projected hours over manual's, at the profile's values and across its cost ranges.
        "battery_life_ratio": None
        if ratio is None
        else {"low": round(ratio.low, 4), "central": round(ratio.central, 4), "high": round(ratio.high, 4)},
        "sensitivity": [row.to_dict() for row in comparison.sensitivity()] if comparison and ratio else [],
    }


def mode_comparison(results: list[SceneResult]) -> ModeComparison | None:
    """Proactive against manual over these scenes together, or None unless both modes ran and spent time."""
    both = [r for r in results if "proactive" in r.modes and "manual" in r.modes]
    if not both:
        return None
    proactive, proactive_seconds = summed_work([r.modes["proactive"] for r in both])
    manual, manual_seconds = summed_work([r.modes["manual"] for r in both])
    if proactive_seconds <= 0 or manual_seconds <= 0:
        return None
    return ModeComparison(proactive, proactive_seconds, manual, manual_seconds, both[0].profile)


def summed_work(results: list[ModeResult]) -> tuple[EnergyLedger, float]:
    """The work of several runs counted together, and the virtual seconds they cover."""
    total = EnergyLedger()
    for result in results:
        for work, amount in result.run.assistant.ledger.counts.items():
            total.charge(work, amount)
    return total, sum(result.energy.virtual_seconds for result in results)


def report_dict(results: list[SceneResult], **extra: Any) -> dict[str, Any]:
    return {"glassterm_report": 1, **extra, "scenes": [scene_dict(result) for result in results]}


def check_writable(path: str | Path | None) -> None:
    """Fail before a long run, not after it, when an output file cannot be written."""
    if path is None:
        return
    target = Path(path)
    if target.is_dir():
        raise UserError("is a directory; give a file name for the output", file=target)
    if not target.parent.is_dir():
        raise UserError(f"cannot write here: {target.parent} does not exist", file=target)


def write_text(path: str | Path, text: str) -> None:
    target = Path(path)
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UserError(f"cannot write: {error.strerror}", file=target) from None


def write_json(path: str | Path, data: dict[str, Any]) -> None:
    write_text(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def event_line(event: Event) -> str | None:
    line = _event_line(event)
    return strip_control(line) if line is not None else None


def _event_line(event: Event) -> str | None:
    """One transcript line for an input event (None for the quiet bookkeeping ones).

    The marks are single-width text symbols: emoji are drawn two cells wide by many
    terminals but counted as one, which breaks the HUD's borders.
    """
    at = format_hhmmss(event.at)
    match event:
        case SceneStarted():
            return f"{at}  ▶ {event.title} ({event.date})"
        case LocationChanged():
            return f"{at}  ⌂ {event.place}"
        case Seen():
            return f"{at}  ◉ {event.description}"
        case Heard():
            return f"{at}  ∿ {event.text}" + _asr_note(event)
        case Said():
            return f'{at}  » "{event.text}"' + _asr_note(event)
        case ButtonPressed():
            return f"{at}  ● {event.button} pressed"
        case NotificationArrived():
            return f"{at}  ✉ {event.sender or event.app}: {event.text}"
        case SceneEnded():
            return f"{at}  ■ end"
    return None


def _asr_note(event: Heard | Said) -> str:
    if event.transcript is None or event.transcript.spoken_text is None:
        return ""
    return f'   (spoken: "{event.transcript.spoken_text}")'


def output_line(output: Output, *, verbose: bool = False) -> str | None:
    at = format_hhmmss(output.at)
    tag = f"[{output.mode:9}]"
    match output:
        case Card():
            flag = "!" if output.urgent else " "
            return f"{at}  {tag} ▣{flag}{output.title}: {output.body}"
        case Reply():
            return f"{at}  {tag} ↳ {output.text}"
        case Decision() if verbose:
            return f"{at}  {tag}   · {output.stage}: {output.key} ({output.detail})"
    return None
