"""Scene and model text is shown literally: never parsed as markup."""

from __future__ import annotations

from hud_helpers import events_until, hhmm

from glassterm.display import DISPLAYS, display_profile
from glassterm.errors import UserError
from glassterm.events import NotificationArrived, Reply
from glassterm.hud.app import GlassApp
from glassterm.hud.widgets.lens import Lens, LensItem, layout_lines, paginate
from glassterm.hud.widgets.timeline import Timeline
from glassterm.hud.widgets.transcript import Transcript


def log_text(log) -> str:  # type: ignore[no-untyped-def]
    """The log's text with wrapping undone (lines wrap to the panel's width)."""
    return " ".join(" ".join("".join(segment.text for segment in strip) for strip in log.lines).split())


async def test_markup_in_scene_and_model_text_shows_literally(setup, scene) -> None:  # type: ignore[no-untyped-def]
    app = GlassApp(setup, scene=scene, autoplay=False)
    async with app.run_test(size=(120, 40)) as pilot:
        events = events_until(scene, hhmm("08:26"))
        events.append(NotificationArrived(at=hhmm("08:26"), app="Messages", sender="Anna", text="[red]x[/red] is late"))
        app.seed(events, now=hhmm("08:26:01"))
        await pilot.pause()
        lens = app.lens("proactive")
        assert "[red]x[/red]" in lens.visible_text
        timeline = log_text(app.query_one(Timeline))
        assert '"[red]x[/red]' in timeline and '[bold]SALE[/bold]"' in timeline
        assert "[red]x[/red] is late" in log_text(app.query_one(Transcript))
        # and a model reply with markup in it, straight onto the manual lens
        app.lens("manual").show(
            LensItem.from_output(Reply(at=hhmm("08:26"), mode="manual", question="q", text="[blink]hi[/blink]"))
        )
        await pilot.pause()
        assert "[blink]hi[/blink]" in app.lens("manual").visible_text


def test_text_wraps_to_the_profile_and_pages() -> None:
    profile = DISPLAYS["even-g1"]
    item = LensItem("card", "Title", "word " * 120, 0.0)
    lines = layout_lines(item, profile.columns)
    assert all(len(line) <= profile.columns for line, _ in lines)
    pages = paginate(lines, profile.lines)
    assert len(pages) > 1 and all(len(page) <= profile.lines for page in pages)


def test_display_profile_by_name_and_environment(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert display_profile().name == "even-g1"
    monkeypatch.setenv("GLASSTERM_DISPLAY", "even-g2")
    assert display_profile().lines == 8
    try:
        display_profile("hololens")
    except UserError as error:
        assert "even-g1" in str(error)
    else:
        raise AssertionError("unknown profile accepted")


async def test_lens_queue_and_dismiss_messages(setup, scene) -> None:  # type: ignore[no-untyped-def]
    app = GlassApp(setup, scene=scene, autoplay=False)
    async with app.run_test(size=(120, 40)) as pilot:
        lens: Lens = app.lens("proactive")
        lens.now = 100.0
        lens.show(LensItem("card", "One", "first", 100.0))
        lens.show(LensItem("card", "Two", "second", 100.0))
        assert "One" in lens.visible_text and lens.border_subtitle == "+1"
        assert lens.dismiss()
        await pilot.pause()
        assert "Two" in lens.visible_text


async def test_an_error_message_with_markup_characters_is_shown_not_parsed(setup, scene) -> None:  # type: ignore[no-untyped-def]
    from glassterm.hud.messages import Notice

    app = GlassApp(setup, scene=scene, autoplay=False)
    async with app.run_test(size=(120, 40)) as pilot:
        app.post_message(Notice("bad placeholder {facts[/b]}", "error"))
        await pilot.pause()
        shown = list(app._notifications)
        assert shown and all(note.markup is False for note in shown)  # a "[/b]" in an error never parses
