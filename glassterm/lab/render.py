"""A sweep's results for the terminal, the JSON report and Markdown (HTML is in `lab.html`)."""

from __future__ import annotations

from typing import Any, TextIO

from glassterm.clock import format_hhmmss
from glassterm.evaluation import markdown, print_comparison, print_rows, print_table
from glassterm.lab.compare import Row, Shown, VariantSummary, side_by_side, summarise
from glassterm.lab.variants import SHIPPED_PROMPTS, VariantRun
from glassterm.report import report_dict

DIFFERS = "≠"  # marks an output other than the first variant's at the same moment


def code(index: int) -> str:
    """A short name for variant `index` in table headers: A, B, ... Z, then V27, V28, ..."""
    return chr(ord("A") + index) if index < 26 else f"V{index + 1}"


def _first_token(summary: VariantSummary) -> str:
    first = summary.calls.median_first_token_s
    return "–" if first is None else f"{first:.2f}"


def _failures(summary: VariantSummary) -> str:
    return ", ".join(f"{why} {count}" for why, count in sorted(summary.calls.failures.items())) or "none"


# --- terminal -------------------------------------------------------------------------------

TOTAL_COLUMNS = ["variant", "mode", "hits", "miss", "f.a.", "prec", "recall", "model", "tokens", "mWh"]
CALL_COLUMNS = ["variant", "llm", "calls", "cached", "1st tok s"]


def print_lab(runs: list[VariantRun], out: TextIO) -> None:
    """Each variant's table as `eval` always printed it, then each later variant against the first,
    then every variant's totals in one table."""
    for index, run in enumerate(runs):
        if index:
            print(file=out)
        print_table(run.results, out, label=f"{code(index)}: {run.variant.label}, llm={run.llm}")
    if len(runs) < 2:
        return
    for index, run in enumerate(runs[1:], start=1):
        print(file=out)
        print_comparison(runs[0].results, run.results, out, code(0), code(index))
    summaries = [summarise(run) for run in runs]
    rows = [
        [
            code(index),
            m.mode,
            str(m.totals.hits),
            str(m.totals.misses),
            str(m.totals.false_alarms),
            f"{m.totals.precision:.2f}",
            f"{m.totals.recall:.2f}",
            f"{m.used}/{m.asked}",
            str(m.prompt_tokens + m.generated_tokens),
            f"{m.energy_mwh:.1f}",
        ]
        for index, summary in enumerate(summaries)
        for m in summary.modes
    ]
    print(f"\n── every variant, all scenes ({len(runs[0].results)}) ──", file=out)
    print_rows(out, TOTAL_COLUMNS, rows)
    calls = [
        [code(i), s.llm, str(s.calls.calls), str(s.calls.cache_hits), _first_token(s)] for i, s in enumerate(summaries)
    ]
    print_rows(out, CALL_COLUMNS, calls)
    for index, summary in enumerate(summaries):
        print(f"{code(index)}: {summary.label}" + _failure_note(summary), file=out)


def _failure_note(summary: VariantSummary) -> str:
    return f" (server failures, template shown: {_failures(summary)})" if summary.calls.failures else ""


# --- JSON -----------------------------------------------------------------------------------


def lab_report(runs: list[VariantRun], **info: Any) -> dict[str, Any]:
    """The report of DESIGN.md: top-level `scenes` is the first variant's, `variants` has them all."""
    data = report_dict(runs[0].results, **info)
    data["variants"] = [
        {
            "label": run.variant.label,
            "prompts": run.variant.spec.prompts or SHIPPED_PROMPTS,
            "llm": run.llm,
            "policy": run.variant.policy.name,
            "policy_spec": run.variant.spec.policy,
            "model_calls": summarise(run).calls.to_dict(),
            "scenes": report_dict(run.results)["scenes"],
        }
        for run in runs
    ]
    if len(runs) == 2:
        data["variant"] = report_dict(runs[1].results, label=runs[1].variant.label)  # the key before `variants`
    return data


# --- Markdown -------------------------------------------------------------------------------


def _md(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _md_cell(row: Row, index: int) -> str:
    shown = row.cells[index]
    mark = f"**{DIFFERS}** " if index and row.differs(index) else ""
    if shown is None:
        return f"{mark}–"
    return mark + _md(_words(shown, row.kind == "card")) + f" · _{_source(shown)}_"


def _words(shown: Shown, card: bool) -> str:
    return f"**{shown.head}** {shown.text}" if card else f"{shown.head} → {shown.text}"


def _source(shown: Shown) -> str:
    return shown.source + (f", refused: {shown.refused}" if shown.refused else "")


def lab_markdown(runs: list[VariantRun]) -> str:
    parts = [markdown(run.results, f"{code(i)}: {run.variant.label}") for i, run in enumerate(runs)]
    summaries = [summarise(run) for run in runs]
    lines = [
        "## Variants",
        "",
        (
            "| variant | llm | mode | hits | misses | false alarms | precision | recall | model's sentence used "
            "| prompt tokens | generated tokens | mWh |"
        ),
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for index, summary in enumerate(summaries):
        for m in summary.modes:
            t = m.totals
            lines.append(
                f"| {code(index)}: {_md(summary.label)} | {_md(summary.llm)} | {m.mode} | {t.hits} | {t.misses} "
                f"| {t.false_alarms} | {t.precision:.2f} | {t.recall:.2f} | {m.used}/{m.asked} | {m.prompt_tokens} "
                f"| {m.generated_tokens} | {m.energy_mwh:.1f} |"
            )
    lines += [
        "",
        "| variant | model calls | cache hits | median first token (s) | server failures (template shown) |",
        "|---|---|---|---|---|",
        *(
            f"| {code(i)} | {s.calls.calls} | {s.calls.cache_hits} | {_first_token(s)} | {_md(_failures(s))} |"
            for i, s in enumerate(summaries)
        ),
        "",
        *side_by_side_markdown(runs),
    ]
    return "\n".join(parts) + "\n" + "\n".join(lines) + "\n"


def side_by_side_markdown(runs: list[VariantRun]) -> list[str]:
    """Every card and reply, per scene and moment, one column per variant."""
    heads = " | ".join(f"{code(i)}: {_md(run.variant.label)}" for i, run in enumerate(runs))
    lines = ["## Cards and replies side by side", ""]
    if len(runs) > 1:
        lines += [f"{DIFFERS} marks an output other than {code(0)}'s at the same moment.", ""]
    for scene in side_by_side(runs):
        lines += [f"### {_md(scene.title)}", "", f"| at | mode | kind | {heads} |", "|---" * (3 + len(runs)) + "|"]
        for row in scene.rows:
            cells = " | ".join(_md_cell(row, i) for i in range(len(runs)))
            lines.append(f"| {format_hhmmss(row.at)} | {row.mode} | {row.kind} | {cells} |")
        if not scene.rows:
            lines.append(f"| – | – | – |{' – |' * len(runs)}")
        lines.append("")
    return lines
