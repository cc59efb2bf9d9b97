"""The proactive policy: every knob of the cascade in one typed record, settable per run.

`--policy FILE.toml` overrides any subset of the fields; `--policy naive` is the baseline
that asks the LLM about every incoming event (to show what the cascade saves).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from pathlib import Path

from glassterm.errors import UserError, read_toml


@dataclass(frozen=True, slots=True)
class Policy:
    name: str = "cascade"
    naive: bool = False  # ask the LLM whether to show something on every event (baseline)
    # Sensing.
    look_interval_s: float = 120.0  # camera looks this often, plus on every change of place
    look_on_place_change: bool = True
    look_on_view_change: bool = True  # a cheap scene-change signal (frame difference, IMU) triggers a look
    min_look_gap_s: float = 20.0  # but never more than one look this often
    transcribe_ambient: bool = True  # run ASR on speech around the wearer, for context
    # Triggers.
    calendar_lead_min: float = 10.0  # card this long before a calendar entry
    calendar_urgent_min: float = 5.0  # inside this many minutes a calendar card is urgent
    # No lead card for an entry whose news the wearer was shown this recently ("Fight call 18:00 →
    # 18:15" at 17:50 makes "Fight call now 18:15" at 18:05 a repeat); 0 turns it off.
    calendar_quiet_after_news_min: float = 0.0
    reminder_grace_min: float = 20.0  # a timed reminder is still worth showing this long after
    # Gates.
    repeat_interval_min: float = 240.0  # the same card not again for this long (Alertmanager's repeat_interval)
    cooldown_s: float = 60.0  # quiet time between two non-urgent cards
    budget_per_hour: int = 6  # non-urgent cards per rolling hour
    conversation_hold_s: float = 45.0  # hold non-urgent cards while the wearer talks to someone
    max_hold_min: float = 10.0  # a held card older than this is dropped, not shown late
    # Delivery.
    card_seconds: float = 10.0  # how long a card stays lit
    use_llm_for_cards: bool = True  # let the model phrase card bodies (checked against the facts)
    # A card this short already reads at a glance: the model, which may only make it shorter or
    # clearer, is not asked (its call costs more than the words it could save).
    phrase_cards_over_words: int = 12
    use_llm_for_replies: bool = True
    # Listening (speech/turns.py). Silero's speech probability per 32 ms frame starts an utterance at
    # `vad_start_threshold` and, once started, counts a frame as silence below `vad_stop_threshold`.
    # After `vad_complete_silence_ms` of silence the words so far are transcribed: a whole request ends
    # the turn there; otherwise (or with the two silences equal) `vad_end_silence_ms` of silence does.
    vad_start_threshold: float = 0.5
    vad_stop_threshold: float = 0.35
    vad_complete_silence_ms: float = 160.0
    vad_end_silence_ms: float = 700.0


NAIVE = Policy(name="naive", naive=True, cooldown_s=0.0, budget_per_hour=1000, conversation_hold_s=0.0)


def load_policy(spec: str | Path | None) -> Policy:
    """None for the default cascade, 'naive' for the baseline, or a TOML file of overrides."""
    if spec is None or str(spec) in ("", "cascade", "default"):
        return Policy()
    if str(spec) == "naive":
        return NAIVE
    path = Path(spec)
    if not path.is_file():
        raise UserError("policy file does not exist (give a .toml file, 'naive' or 'cascade')", file=path)
    data = read_toml(path)
    table = data.get("policy", data)
    if not isinstance(table, dict):
        raise UserError(
            "must be a table of knobs (name = value)", file=path, key="policy", line=_line_of(path, "policy")
        )
    fields = {field.name: field for field in dataclasses.fields(Policy)}
    overrides: dict[str, object] = {"name": path.stem}
    for key, value in table.items():
        if key not in fields:
            raise UserError(
                f"unknown policy knob (known: {', '.join(fields)})", file=path, key=key, line=_line_of(path, key)
            )
        default = getattr(Policy(), key)
        if isinstance(default, bool) != isinstance(value, bool) or not isinstance(
            value, (type(default), int if isinstance(default, float) else type(default))
        ):
            raise UserError(
                f"must be {type(default).__name__}, not {type(value).__name__}",
                file=path,
                key=key,
                line=_line_of(path, key),
            )
        if (
            isinstance(value, (int, float))
            and not isinstance(value, bool)
            and not (math.isfinite(value) and value >= 0)
        ):
            raise UserError("must be a finite number, not negative", file=path, key=key, line=_line_of(path, key))
        overrides[key] = float(value) if isinstance(default, float) else value
    return dataclasses.replace(Policy(), **overrides)  # type: ignore[arg-type]


def _line_of(path: Path, key: str) -> int | None:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip().startswith(key) and "=" in line:
            return number
    return None
