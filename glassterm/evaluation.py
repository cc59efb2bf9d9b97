"""`glassterm eval`: score scenes per mode; the prompt lab (`glassterm.lab`) compares variants side by side."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import mean
from typing import TextIO

from rich.console import Console
from rich.table import Table

from glassterm.events import MODES, Mode
from glassterm.glance import glance
from glassterm.playback import SceneResult
from glassterm.power import price, sensitivity_lines
from glassterm.report import mode_comparison, summed_work


@dataclass(frozen=True, slots=True)
class Totals:
    hits: int
    misses: int
    false_alarms: int
    cards: int
    card_hits: int
    llm_calls: int
    events_in: int
    encoder_events: int  # events that reached tier 1
    mean_lateness: float | None
    battery_pct: float

    @property
    def precision(self) -> float:
        return self.card_hits / self.cards if self.cards else 1.0

    @property
    def recall(self) -> float:
        wanted = self.hits + self.misses
        return self.hits / wanted if wanted else 1.0

    @property
    def llm_share(self) -> float:
        return self.llm_calls / self.events_in if self.events_in else 0.0


def totals(results: list[SceneResult], mode: Mode) -> Totals:
    scores = [r.modes[mode].score for r in results if mode in r.modes]
    runs = [r.modes[mode].run for r in results if mode in r.modes]
    lateness = [m.lateness for s in scores for m in s.matched]
    card_hits = sum(
        1
        for r in results
        if mode in r.modes
        for m in r.modes[mode].score.matched
        if any(e.id == m.expectation and e.kind == "card" for e in r.scene.expectations)
    )
    return Totals(
        hits=sum(s.hits for s in scores),
        misses=sum(s.misses for s in scores),
        false_alarms=sum(s.false_alarms for s in scores),
        cards=sum(len(run.cards) for run in runs),
        card_hits=card_hits,
        llm_calls=sum(run.assistant.stats["llm_calls"] for run in runs),
        encoder_events=sum(run.assistant.stats["stage_encoder_events"] for run in runs),
        events_in=sum(run.assistant.stats["events_in"] for run in runs),
        mean_lateness=mean(lateness) if lateness else None,
        battery_pct=sum(r.modes[mode].energy.battery_pct for r in results if mode in r.modes),
    )


COLUMNS = ["scene", "mode", "hits", "miss", "f.a.", "prec", "recall", "late s", "llm", "events", "batt %"]
COMPARISON_COLUMNS = ["scene", "mode", "hits", "f.a.", "prec", "recall", "late s", "llm", "batt %"]
_WIDE = 200  # wider than any table here: Rich takes a pipe for 80 columns and would fold rows that scripts read


def print_rows(out: TextIO, columns: list[str], rows: list[list[str]]) -> None:
    """A table of scene, mode and numbers, by Rich. No box and no left margin, one line per row and
    single spaces between columns, so `line.split()` reads the cells and "ALL" starts its line."""
    table = Table(box=None, pad_edge=False, padding=(0, 1, 0, 0), header_style="bold")
    table.add_column(columns[0], no_wrap=True, max_width=28, overflow="ellipsis")
    table.add_column(columns[1], no_wrap=True)
    for column in columns[2:]:
        table.add_column(column, justify="right", no_wrap=True)
    for row in rows:
        table.add_row(*row)
    # Scene titles are the user's text: "[b]" or ":bus:" in one is printed as written.
    Console(file=out, width=_WIDE, markup=False, emoji=False, highlight=False).print(table)


def _cells(
    name: str,
    mode: str,
    hits: int,
    misses: int,
    fa: int,
    precision: float,
    recall: float,
    lateness: float | None,
    llm: int,
    events: int,
    battery: float,
) -> list[str]:
    late = f"{lateness:.0f}" if lateness is not None else "–"
    return [
        name,
        mode,
        str(hits),
        str(misses),
        str(fa),
        f"{precision:.2f}",
        f"{recall:.2f}",
        late,
        str(llm),
        str(events),
        f"{battery:.3f}",
    ]


def print_table(results: list[SceneResult], out: TextIO, label: str = "") -> None:
    if label:
        print(f"── {label} ──", file=out)
    rows: list[list[str]] = []
    for result in results:
        for mode, mode_result in result.modes.items():
            s, stats = mode_result.score, mode_result.run.assistant.stats
            rows.append(
                _cells(
                    result.scene.title,
                    mode,
                    s.hits,
                    s.misses,
                    s.false_alarms,
                    s.precision,
                    s.recall,
                    s.mean_lateness,
                    stats["llm_calls"],
                    stats["events_in"],
                    mode_result.energy.battery_pct,
                )
            )
    for mode in MODES:
        if any(mode in r.modes for r in results):
            t = totals(results, mode)
            rows.append(
                _cells(
                    "ALL",
                    mode,
                    t.hits,
                    t.misses,
                    t.false_alarms,
                    t.precision,
                    t.recall,
                    t.mean_lateness,
                    t.llm_calls,
                    t.events_in,
                    t.battery_pct,
                )
            )
    print_rows(out, COLUMNS, rows)
    for mode in MODES:
        if any(mode in r.modes for r in results):
            t = totals(results, mode)
            print(
                f"{mode}: encoder on {t.encoder_events / max(t.events_in, 1):.1%} of events received"
                f" ({t.encoder_events}/{t.events_in}), LLM on {t.llm_share:.1%} ({t.llm_calls}/{t.events_in})",
                file=out,
            )
    for mode in MODES:
        if any(mode in r.modes for r in results):
            print(glance(results, mode).line(mode), file=out)
    for line in energy_lines(results):
        print(line, file=out)


def energy_lines(results: list[SceneResult]) -> list[str]:
    """Projected battery life per mode with its range, and what decides the proactive/manual ratio,
    over all the scenes together (one scene: that scene, e.g. the full day)."""
    comparison = mode_comparison(results)
    if comparison is None:
        return []
    over = results[0].scene.title if len(results) == 1 else f"{len(results)} scenes together"
    lines = [f"energy over {over}, {comparison.profile.name} profile:"]
    for mode in MODES:
        work, seconds = summed_work([r.modes[mode] for r in results if mode in r.modes])
        hours = price(work, comparison.profile, seconds).projected_hours_range
        lines.append(f"  {mode:9} projected {hours.central:.1f} h ({hours.low:.1f}-{hours.high:.1f})")
    return lines + sensitivity_lines(comparison)


def print_comparison(
    base: list[SceneResult], other: list[SceneResult], out: TextIO, base_label: str, other_label: str
) -> None:
    print(f"── {base_label} → {other_label} ──", file=out)
    rows = [
        _comparison_cells(a.scene.title, mode, totals([a], mode), totals([b], mode))
        for a, b in zip(base, other, strict=True)
        for mode in a.modes
    ]
    rows += [
        _comparison_cells("ALL", mode, totals(base, mode), totals(other, mode))
        for mode in MODES
        if any(mode in r.modes for r in base)
    ]
    print_rows(out, COMPARISON_COLUMNS, rows)


def _comparison_cells(name: str, mode: str, a: Totals, b: Totals) -> list[str]:
    late_a = "–" if a.mean_lateness is None else f"{a.mean_lateness:.0f}"
    late_b = "–" if b.mean_lateness is None else f"{b.mean_lateness:.0f}"
    return [
        name,
        mode,
        _delta(a.hits, b.hits),
        _delta(a.false_alarms, b.false_alarms),
        _delta(a.precision, b.precision),
        _delta(a.recall, b.recall),
        f"{late_a}→{late_b}",
        _delta(a.llm_calls, b.llm_calls),
        f"{a.battery_pct:.2f}→{b.battery_pct:.2f}",
    ]


def _delta(a: float, b: float) -> str:
    if isinstance(a, int) and isinstance(b, int):
        return f"{a}→{b}"
    return f"{a:.2f}→{b:.2f}"


def markdown(results: list[SceneResult], label: str) -> str:
    lines = [
        f"## {label}",
        "",
        "| scene | mode | hits | misses | false alarms | precision | recall | mean lateness (s) | LLM calls | events in | battery % |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        for mode, r in result.modes.items():
            s = r.score
            late = f"{s.mean_lateness:.0f}" if s.mean_lateness is not None else "–"
            lines.append(
                f"| {result.scene.title} | {mode} | {s.hits} | {s.misses} | {s.false_alarms} | {s.precision:.2f} | {s.recall:.2f} | {late} | {r.run.assistant.stats['llm_calls']} | {r.run.assistant.stats['events_in']} | {r.energy.battery_pct:.3f} |"
            )
    for mode in MODES:
        if any(mode in r.modes for r in results):
            t = totals(results, mode)
            late = f"{t.mean_lateness:.0f}" if t.mean_lateness is not None else "–"
            lines.append(
                f"| **all** | {mode} | {t.hits} | {t.misses} | {t.false_alarms} | {t.precision:.2f} | {t.recall:.2f} | {late} | {t.llm_calls} | {t.events_in} | {t.battery_pct:.3f} |"
            )
    lines += ["", *(f"- {glance(results, mode).line(mode)}" for mode in MODES if any(mode in r.modes for r in results))]
    energy = energy_lines(results)
    if energy:
        lines += ["", "```", *energy, "```"]
    return "\n".join(lines) + "\n"
