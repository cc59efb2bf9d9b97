"""ctrl+r with the real model: the card on the lens is asked again with the reloaded prompts, and
the previous prompt and its text are shown beside the new ones."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hud_helpers import events_until, hhmm, until

from glassterm.hud.app import GlassApp
from glassterm.hud.widgets.prompt_diff import PromptComparison

SIZE = (120, 40)
SHIPPED_CARD = Path(__file__).resolve().parents[2] / "glassterm" / "prompts" / "card.txt"


def terse_prompts(tmp_path: Path) -> Path:
    prompts = tmp_path / "terse"
    prompts.mkdir()
    (prompts / "card.txt").write_text("<facts>\n{facts}\n</facts>\nSay this in at most {max_words} words.\n")
    return prompts


def app_at_the_umbrella_card(setup_real, scene, prompts: Path) -> GlassApp:  # type: ignore[no-untyped-def]
    setup = dataclasses.replace(setup_real)  # the reload changes the setup's prompts: not the shared one's
    return GlassApp(setup, scene=scene, autoplay=False, speed=10.0, prompts_dir=prompts)


@pytest.mark.slow
async def test_ctrl_r_shows_the_card_under_the_old_and_the_new_prompts(setup_real, scene, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = app_at_the_umbrella_card(setup_real, scene, terse_prompts(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        app.seed(events_until(scene, hhmm("07:50")), now=hhmm("07:50:02"))
        await pilot.pause()
        card = app.lens("proactive").current
        assert card is not None and card.kind == "card" and card.title == "Weather"
        await pilot.press("ctrl+r")
        await until(pilot, lambda: isinstance(app.screen, PromptComparison), timeout=60)
        screen = app.screen
        assert isinstance(screen, PromptComparison)
        before, after = screen.before, screen.after
        assert (before.prompts, after.prompts) == ("shipped", "terse")
        assert before.shown == card.body or before.shown in card.body  # what the lens showed, from the old prompt
        assert "Tell the wearer this" in before.user and "Say this in at most" in after.user
        assert before.facts == after.facts and "Umbrella" in " ".join(before.facts)
        shown = screen.query_one("#compare-after").render().plain  # type: ignore[attr-defined]
        assert "after: prompts terse" in shown and "Say this in at most 18 words." in shown
        assert "before: prompts shipped" in screen.query_one("#compare-before").render().plain  # type: ignore[attr-defined]
        await pilot.press("escape")
        assert not isinstance(app.screen, PromptComparison)


async def test_ctrl_r_without_a_model_compares_nothing(setup, scene, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = GlassApp(setup, scene=scene, autoplay=False, speed=10.0, prompts_dir=terse_prompts(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        app.seed(events_until(scene, hhmm("07:50")), now=hhmm("07:50:02"))
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert app.lens("proactive").current is not None
        assert not isinstance(app.screen, PromptComparison)  # a template card: no model was asked
        assert any("reloaded (terse)" in n.message for n in app._notifications)


@pytest.mark.slow
def test_prompt_comparison_snapshot(snap_compare, setup_real, scene, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = app_at_the_umbrella_card(setup_real, scene, terse_prompts(tmp_path))

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        app.seed(events_until(scene, hhmm("07:50")), now=hhmm("07:50:02"))
        await pilot.pause()
        await pilot.press("ctrl+r")
        await until(pilot, lambda: isinstance(app.screen, PromptComparison), timeout=60)
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
