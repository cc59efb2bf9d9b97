"""`glassterm eval` with several prompt sets, models and policies: every combination on every scene,
the JSON `variants`, and the outputs side by side in Markdown and self-contained HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from glassterm.cli import main

ROOT = Path(__file__).resolve().parents[2]
SHORT = Path(__file__).resolve().parent / "scenes" / "short.yaml"
COMMUTE = ROOT / "scenes" / "commute.yaml"
REFUSALS = {
    "empty",
    "too long",
    "lost a fact",
    "added a fact",
    "talked about its prompt",
    "repeats itself",
    "echo of the template",
    "lost the point",
    "added words",
}


def without_wall_time(scenes: list[dict]) -> list[dict]:  # type: ignore[type-arg]
    return [{k: v for k, v in scene.items() if k not in ("wall_seconds", "model_calls")} for scene in scenes]


def outputs(scene: dict) -> list[dict]:  # type: ignore[type-arg]
    return [o for mode in scene["modes"].values() for o in mode["cards"] + mode["replies"]]


def test_every_combination_runs_on_every_scene(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    no_budget = tmp_path / "no-budget.toml"
    no_budget.write_text("budget_per_hour = 0\n")
    report, md, page = tmp_path / "r.json", tmp_path / "r.md", tmp_path / "r.html"
    argv = ["eval", str(SHORT), str(COMMUTE), "--llm", "none", "--policy", str(no_budget), "--policy", "naive"]
    assert main([*argv, "--json", str(report), "--markdown", str(md), "--html", str(page)]) == 0
    captured = capsys.readouterr()
    out = captured.out
    assert "[6/6] commute.yaml × policy naive" in captured.err  # a line a finished unit, on stderr
    data = json.loads(report.read_text())
    variants = data["variants"]
    # The default cascade leads as the baseline, then the two given, each on both scenes.
    assert [v["policy"] for v in variants] == ["cascade", "no-budget", "naive"]
    assert {v["prompts"] for v in variants} == {"shipped"} and {v["llm"] for v in variants} == {"none (templates)"}
    for variant in variants:
        assert [s["file"] for s in variant["scenes"]] == [str(SHORT), str(COMMUTE)]  # in the order given
        for scene in variant["scenes"]:
            for output in outputs(scene):
                assert output["source"] == "template" and "refused" in output
    assert without_wall_time(data["scenes"]) == without_wall_time(variants[0]["scenes"])
    commute = [v["scenes"][1]["modes"]["proactive"]["score"]["hits"] for v in variants]
    assert commute[1] < commute[0] and commute[2] < commute[0]  # no budget and naive-without-a-model do less
    # The terminal: each variant's table, each against the first, then every variant's totals.
    assert "── A → B ──" in out and "── A → C ──" in out
    totals = [line.split() for line in out.splitlines() if re.match(r"^[ABC] +(proactive|manual) ", line)]
    assert [(row[0], row[1]) for row in totals] == [(c, m) for c in "ABC" for m in ("proactive", "manual")]
    # Markdown: one column per variant, outputs the others lack marked.
    text = md.read_text()
    assert f"| at | mode | kind | A: policy cascade | B: policy {no_budget} | C: policy naive |" in text
    umbrella = next(line for line in text.splitlines() if "Umbrella on the coat rack" in line)
    assert umbrella.count("**≠** –") == 2  # only the cascade raised the umbrella card
    same = next(line for line in text.splitlines() if "when is my first meeting?" in line and "| manual |" in line)
    assert "≠" not in same  # the manual reply is the same in every variant
    html = page.read_text()
    assert html.count('class="differs') >= 2 and "A: policy cascade" in html


def test_html_is_self_contained_and_escapes_scene_text(tmp_path: Path) -> None:
    scene = tmp_path / "odd.yaml"
    text = SHORT.read_text().replace("scene: Before the design review", 'scene: "<script>alert(1)</script> & co"')
    scene.write_text(text.replace("title: Design review with Anna", "title: <b>Design review</b> with Anna"))
    page = tmp_path / "r.html"
    assert main(["eval", str(scene), "--llm", "none", "--html", str(page)]) == 0
    html = page.read_text()
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    assert "<b>Design" not in html and "&lt;b&gt;Design review&lt;/b&gt;" in html
    # The HUD's battery chart, inline, with the scene's title escaped in it too.
    assert html.count("<svg") == 1 and "Battery left: &lt;script&gt;" in html
    # No network, no CDN: nothing is fetched from anywhere.
    assert not re.search(r"\b(src|href)\s*=|@import|url\(|https?://", html)


def test_a_bad_second_prompt_directory_is_exit_2_before_anything_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good"
    good.mkdir()
    (good / "card.txt").write_text("{facts}\n")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "card.txt").write_text("{facts} and {weather}\n")
    assert main(["eval", str(SHORT), "--llm", "none", "--prompts", str(good), "--prompts", str(bad)]) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and f"{bad / 'card.txt'}:1: weather: unknown placeholder" in captured.err
    assert captured.out == ""  # not one scene ran


@pytest.mark.slow
def test_two_prompt_sets_with_the_real_model_side_by_side(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    terse = tmp_path / "terse"
    terse.mkdir()
    (terse / "card.txt").write_text("<facts>\n{facts}\n</facts>\nSay this in at most {max_words} words, plainly.\n")
    (terse / "reply.txt").write_text("<facts>\n{facts}\n</facts>\nAnswer {question} in at most {max_words} words.\n")
    report, md = tmp_path / "r.json", tmp_path / "r.md"
    argv = ["eval", str(SHORT), "--prompts", str(terse), "--no-cache", "--json", str(report), "--markdown", str(md)]
    assert main(argv) == 0
    data = json.loads(report.read_text())
    shipped, other = data["variants"]
    assert (shipped["prompts"], other["prompts"]) == ("shipped", str(terse))
    assert shipped["llm"] == other["llm"] == "smollm2"
    for variant in data["variants"]:
        calls = variant["model_calls"]
        assert calls["calls"] == 3 and calls["cache_hits"] == 0 and calls["median_first_token_s"] > 0
        for output in outputs(variant["scenes"][0]):
            assert output["source"] in ("model", "template")
            assert output["source"] == "model" or output["refused"] in REFUSALS  # asked, and why it was refused
        tokens = variant["scenes"][0]["modes"]["proactive"]["work"]
        assert tokens["llm_prompt_tokens"] > 0 and tokens["llm_generated_tokens"] > 0
    # The two prompt sets asked different things: the prompt tokens differ.
    assert (
        shipped["scenes"][0]["modes"]["proactive"]["work"]["llm_prompt_tokens"]
        != other["scenes"][0]["modes"]["proactive"]["work"]["llm_prompt_tokens"]
    )
    out = capsys.readouterr().out
    first_token = next(line.split() for line in out.splitlines() if line.startswith("A ") and "smollm2" in line)
    assert first_token[2] == "3" and float(first_token[-1]) > 0
    assert "| A: prompts shipped | B: prompts " in md.read_text()
