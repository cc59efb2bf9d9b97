"""The on-disk cache of model calls: a re-run asks the model only what changed, the report counts
the hits, `--no-cache` skips it, and it lives under XDG_CACHE_HOME."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import scene_path

from glassterm.cli import main

SHORT = scene_path("short.yaml")
SHIPPED_CARD = Path(__file__).resolve().parents[2] / "glassterm" / "prompts" / "card.txt"


def _run(tmp_path: Path, name: str, *flags: str) -> dict:  # type: ignore[type-arg]
    report = tmp_path / f"{name}.json"
    assert main(["eval", str(SHORT), *flags, "--json", str(report)]) == 0
    return json.loads(report.read_text())  # type: ignore[no-any-return]


def _mine(data: dict, prompts: Path) -> dict:  # type: ignore[type-arg]
    return next(v for v in data["variants"] if v["prompts"] == str(prompts))  # type: ignore[no-any-return]


def _outputs(variant: dict) -> list[tuple[str, str, str]]:  # type: ignore[type-arg]
    modes = variant["scenes"][0]["modes"]
    return [
        (o["at"], o.get("title", o.get("question", "")), o.get("body", o.get("text", "")))
        for m in modes.values()
        for o in m["cards"] + m["replies"]
    ]


@pytest.mark.slow
def test_a_re_run_asks_the_model_only_what_changed(
    tmp_path: Path, own_call_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    prompts = tmp_path / "mine"
    prompts.mkdir()
    (prompts / "card.txt").write_text(SHIPPED_CARD.read_text())
    first = _run(tmp_path, "first", "--prompts", str(prompts), "--prompts", "shipped")
    # Both modes ask the same question: the second asking is a hit. B has the same prompts: it asks nothing new.
    assert [v["model_calls"]["cache_hits"] for v in first["variants"]] == [1, 3]
    assert len(list(own_call_cache.rglob("*.json"))) == 2  # under XDG_CACHE_HOME: the card and the reply
    again = _run(tmp_path, "again", "--prompts", str(prompts))
    calls = _mine(again, prompts)["model_calls"]
    assert calls["calls"] == 3 and calls["cache_hits"] == 3
    assert _outputs(again) == _outputs(first)  # the same cards and replies, the same energy
    assert (
        again["scenes"][0]["modes"]["proactive"]["energy_mwh"] == first["scenes"][0]["modes"]["proactive"]["energy_mwh"]
    )
    capsys.readouterr()
    # One prompt changed: only the card is asked again, the two replies come from the cache.
    (prompts / "card.txt").write_text(SHIPPED_CARD.read_text() + "\nBe brief.\n")
    changed = _run(tmp_path, "changed", "--prompts", str(prompts))
    assert _mine(changed, prompts)["model_calls"]["cache_hits"] == 2
    out = capsys.readouterr().out
    row = next(line.split() for line in out.splitlines() if line.startswith("B ") and "smollm2" in line)
    assert row[2:4] == ["3", "2"]  # calls, cached
    skipped = _run(tmp_path, "skipped", "--prompts", str(prompts), "--no-cache")
    assert _mine(skipped, prompts)["model_calls"]["cache_hits"] == 0
    assert len(list(own_call_cache.rglob("*.json"))) == 3  # 2, then the changed card: --no-cache kept nothing


@pytest.mark.slow
def test_an_answer_depends_on_its_prompt_alone(llm) -> None:  # type: ignore[no-untyped-def]
    """What the cache and the workers rely on: asked again, right after itself or after another
    prompt, the bundled model gives the same answer with the same token counts. (This prompt, from
    the campus scene, got another answer when llama.cpp reused the previous call's tokens.)"""
    system = (SHIPPED_CARD.parent / "system.txt").read_text().strip()
    lecture = (
        'Question: "when does this lecture end?"\n<facts>\nCHEM 201 lecture: Organic Chemistry at 09:00-09:50 in '
        "Wolfson Lecture Theatre, room G.12\n</facts>\nAnswer the question in one plain sentence of at most 18 "
        "words. Keep every name, time and number. Write only the sentence."
    )
    other = 'The wearer asked: "what time is it"\n<facts>\nIt is 08:41.\n</facts>\nAnswer in one short sentence.'
    answers = [llm.complete(system, prompt, max_tokens=44) for prompt in (lecture, lecture, other, lecture)]
    kept = {(a.text, a.prompt_tokens, a.generated_tokens) for a in (answers[0], answers[1], answers[3])}
    assert len(kept) == 1
