"""A sweep as one self-contained HTML file: no script, no font, no stylesheet from anywhere else.

Every scene, card, reply and model text is escaped: it is data, never markup.
"""

from __future__ import annotations

from html import escape

from glassterm.clock import format_hhmmss
from glassterm.lab.compare import Row, VariantSummary, side_by_side, summarise
from glassterm.lab.render import DIFFERS, code
from glassterm.lab.variants import VariantRun
from glassterm.power.chart import battery_picture, battery_svg

STYLE = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #1b1f24; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #c9d1d9; padding: 4px 8px; vertical-align: top; text-align: left; }
th { background: #f3f5f7; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.differs { background: #fff4c2; }
td.none { color: #8b949e; }
.source { display: block; font-size: 12px; color: #57606a; }
.model { color: #1a7f37; }
.head { font-weight: 600; }
"""


def battery_chart(runs: list[VariantRun]) -> str:
    """The HUD's battery chart for each scene of the first variant, both modes on one scale
    (the battery left from the scene's start to its end, and when each would be empty)."""
    if not runs:
        return ""
    charts = []
    for result in runs[0].results:
        start = float(result.scene.start)
        used = {
            mode: [(start, 0.0), (start + run.energy.virtual_seconds, run.energy.battery_pct)]
            for mode, run in result.modes.items()
        }
        hours = {mode: run.energy.projected_hours for mode, run in result.modes.items()}
        picture = battery_picture(used, hours, start=start, end=float(result.scene.end))
        svg = battery_svg(picture, title=f"Battery left: {result.scene.title}")
        # Inline in HTML the namespace is implied; dropping it leaves no address in the page at all.
        charts.append(svg.replace(' xmlns="http://www.w3.org/2000/svg"', "", 1))
    return "<h2>Battery</h2>" + "".join(f"<figure>{chart}</figure>" for chart in charts)


def _summary_table(summaries: list[VariantSummary]) -> str:
    head = (
        "<tr><th>variant</th><th>llm</th><th>mode</th><th>hits</th><th>misses</th><th>false alarms</th>"
        "<th>precision</th><th>recall</th><th>model's sentence used</th><th>prompt tokens</th>"
        "<th>generated tokens</th><th>mWh</th><th>model calls</th><th>cache hits</th>"
        "<th>median first token (s)</th><th>server failures</th></tr>"
    )
    rows = []
    for index, summary in enumerate(summaries):
        first = summary.calls.median_first_token_s
        failures = ", ".join(f"{why} {n}" for why, n in sorted(summary.calls.failures.items())) or "none"
        for number, m in enumerate(summary.modes):
            t = m.totals
            per_variant = (
                f'<td class="num" rowspan="{len(summary.modes)}">{summary.calls.calls}</td>'
                f'<td class="num" rowspan="{len(summary.modes)}">{summary.calls.cache_hits}</td>'
                f'<td class="num" rowspan="{len(summary.modes)}">{"–" if first is None else f"{first:.2f}"}</td>'
                f'<td rowspan="{len(summary.modes)}">{escape(failures)}</td>'
                if number == 0
                else ""
            )
            rows.append(
                f"<tr><td>{code(index)}: {escape(summary.label)}</td><td>{escape(summary.llm)}</td>"
                f"<td>{m.mode}</td>"
                + "".join(
                    f'<td class="num">{value}</td>'
                    for value in (
                        t.hits,
                        t.misses,
                        t.false_alarms,
                        f"{t.precision:.2f}",
                        f"{t.recall:.2f}",
                        f"{m.used}/{m.asked}",
                        m.prompt_tokens,
                        m.generated_tokens,
                        f"{m.energy_mwh:.1f}",
                    )
                )
                + per_variant
                + "</tr>"
            )
    return f"<table>{head}{''.join(rows)}</table>"


def _cell(row: Row, index: int) -> str:
    shown = row.cells[index]
    differs = index > 0 and row.differs(index)
    classes = " ".join(c for c in ("differs" if differs else "", "none" if shown is None else "") if c)
    attribute = f' class="{classes}"' if classes else ""
    mark = f"{DIFFERS} " if differs else ""
    if shown is None:
        return f"<td{attribute}>{mark}–</td>"
    joiner = " " if row.kind == "card" else " → "
    source = escape(shown.source) + (f", refused: {escape(shown.refused)}" if shown.refused else "")
    source_class = "source model" if shown.source == "model" else "source"
    return (
        f'<td{attribute}>{mark}<span class="head">{escape(shown.head)}</span>{joiner}{escape(shown.text)}'
        f'<span class="{source_class}">{source}</span></td>'
    )


def lab_html(runs: list[VariantRun], title: str = "glassterm prompt lab") -> str:
    summaries = [summarise(run) for run in runs]
    heads = "".join(f"<th>{code(i)}: {escape(run.variant.label)}</th>" for i, run in enumerate(runs))
    scenes = []
    for scene in side_by_side(runs):
        rows = "".join(
            f"<tr><td>{format_hhmmss(row.at)}</td><td>{row.mode}</td><td>{row.kind}</td>"
            + "".join(_cell(row, i) for i in range(len(runs)))
            + "</tr>"
            for row in scene.rows
        )
        empty = f'<tr><td colspan="{3 + len(runs)}" class="none">no cards or replies</td></tr>'
        scenes.append(
            f"<h3>{escape(scene.title)}</h3><table><tr><th>at</th><th>mode</th><th>kind</th>{heads}</tr>"
            f"{rows or empty}</table>"
        )
    legend = (
        f"<p>{DIFFERS} and yellow: an output other than {code(0)}'s at the same moment.</p>" if len(runs) > 1 else ""
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
        f"<h1>{escape(title)}</h1><h2>Variants</h2>{_summary_table(summaries)}{battery_chart(runs)}"
        f"<h2>Cards and replies side by side</h2>{legend}{''.join(scenes)}</body></html>\n"
    )
