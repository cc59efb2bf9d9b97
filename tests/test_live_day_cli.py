"""`glassterm [--scene FILE|none] [--hear-aloud]`: which day the live demo lives in, and a bad
scene file is one line and exit 2 before any model or the HUD starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from glassterm.cli import main
from glassterm.scene.loader import load_scene
from glassterm.scene.today import DEMO_DAY


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """What the live HUD would have been opened with (the HUD itself is tested through the pilot)."""
    import glassterm.hud.app

    seen: dict[str, object] = {}

    def run_live(**options: object) -> int:
        seen.update(options)
        return 0

    monkeypatch.setattr(glassterm.hud.app, "run_live", run_live)
    return seen


def test_the_live_demo_lives_in_the_demo_day_unless_told_otherwise(tmp_path: Path, opened: dict[str, object]) -> None:
    assert main(["--llm", "none", "--keyboard"]) == 0
    assert opened["scene"] == load_scene(DEMO_DAY) and opened["hear_aloud"] is False

    assert main(["--llm", "none", "--scene", "none"]) == 0
    assert opened["scene"] is None  # today alone: the wearer's own files and the microphone

    mine = tmp_path / "mine.yaml"
    mine.write_text(DEMO_DAY.read_text(encoding="utf-8").replace("Demo day at the studio", "Mine"), encoding="utf-8")
    assert main(["--llm", "none", "--scene", str(mine), "--hear-aloud"]) == 0
    assert opened["scene"].title == "Mine" and opened["hear_aloud"] is True  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (None, ": scene file does not exist"),
        ("version: 1\nscene: Broken\ndate: 2026-11-24\nstart: 9h\ntimeline: []\n", ":4: start: "),
    ],
)
def test_a_bad_scene_is_one_line_and_exit_2_before_anything_opens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], opened: dict[str, object], text: str | None, where: str
) -> None:
    scene = tmp_path / "broken.yaml"
    if text is not None:
        scene.write_text(text, encoding="utf-8")
    assert main(["--llm", "none", "--keyboard", "--scene", str(scene)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and opened == {}
    assert err.count("\n") == 1 and err.startswith(f"glassterm: {scene}{where}"), err
