"""`glassterm lint`: one warning per problem, each naming file, line and key; errors exit 2."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from glassterm.cli import main
from glassterm.scene.lint import lint_file

ROOT = Path(__file__).resolve().parents[2]

CLEAN = textwrap.dedent(
    """\
    version: 1
    scene: Lint
    date: 2026-11-24
    start: "08:00"
    end: "09:00"
    calendar:
      - at: "08:30"
        title: Stand-up
        where: Room B52
    reminders:
      - text: Buy milk
        near: grocery
    timeline:
      - at: "08:05"
        location: Main Street
        see: A grocery store with a green sign
      - at: "08:10"
        say: hey glass, where is the stand-up?
      - at: "08:20"
        press: talk
        say: what time is it
    expect:
      - id: milk
        mode: proactive
        kind: card
        between: ["08:05", "08:08"]
        mentions_any: [milk]
      - id: room
        mode: both
        kind: reply
        between: ["08:10", "08:11"]
        mentions_any: [B52]
      - id: calm
        mode: both
        kind: quiet
        between: ["08:40", "08:50"]
    """
)

# problem: (replacements that make it, the key warned about, words in the warning, text on the line named)
PROBLEMS: dict[str, tuple[tuple[tuple[str, str], ...], str, str, str]] = {
    "mention inside a longer code": (
        (("mentions_any: [B52]", "mentions_any: [B5]"),),
        "expect[1].mentions_any[0]",
        "'B52'",
        "mentions_any: [B5]",
    ),
    "mention inside a longer time": (
        (
            ("where: Room B52", "where: Room B52\n    notes: the bus back is at 18:30"),
            ("mentions_any: [milk]", 'mentions_any: [milk, "8:30"]'),
        ),
        "expect[0].mentions_any[1]",
        "'18:30'",
        'mentions_any: [milk, "8:30"]',
    ),
    "reply window without addressed speech": (
        (("say: hey glass, where is the stand-up?", "say: where is the stand-up?"),),
        "expect[1].between",
        "no addressed",
        'between: ["08:10", "08:11"]',
    ),
    "card window before any trigger": (
        (('between: ["08:05", "08:08"]', 'between: ["08:00", "08:08"]'),),
        "expect[0].between",
        "before anything could trigger",
        'between: ["08:00", "08:08"]',
    ),
    "quiet window over a card window": (
        (('between: ["08:40", "08:50"]', 'between: ["08:06", "08:09"]'),),
        "expect[2].between",
        "overlaps the card window of 'milk'",
        'between: ["08:06", "08:09"]',
    ),
    "near place never appears": ((("near: grocery", "near: pharmacy"),), "reminders[0].near", "never fires", "near:"),
    "calendar entry outside the scene": (
        (('at: "08:30"', 'at: "09:30"'),),
        "calendar[0].at",
        "outside the scene",
        'at: "09:30"',
    ),
}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "lint.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_clean_scene_is_clean(tmp_path: Path) -> None:
    assert lint_file(write(tmp_path, CLEAN)) == []


@pytest.mark.parametrize("name", PROBLEMS)
def test_each_problem_gives_its_warning_naming_file_line_and_key(tmp_path: Path, name: str) -> None:
    replacements, key, words, on_line = PROBLEMS[name]
    text = CLEAN
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    findings = lint_file(write(tmp_path, text))
    assert len(findings) == 1, [str(f) for f in findings]
    finding = findings[0]
    assert (finding.severity, finding.key) == ("warning", key)
    assert words in finding.message
    assert on_line in text.splitlines()[(finding.line or 0) - 1]
    assert str(finding) == f"{tmp_path / 'lint.yaml'}:{finding.line}: warning: {key}: {finding.message}"
    assert "\n" not in str(finding)


def test_a_comment_on_the_entry_excuses_a_meant_absence(tmp_path: Path) -> None:
    text = CLEAN.replace('at: "08:30"', 'at: "09:30"  # after the scene: asked about').replace(
        "near: grocery", "near: pharmacy  # never passed, on purpose"
    )
    assert lint_file(write(tmp_path, text)) == []


def test_lint_exits_0_on_warnings_and_2_on_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    warned = write(tmp_path, CLEAN.replace("near: grocery", "near: pharmacy"))
    assert main(["lint", str(warned)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and out[0].startswith(f"{warned}:12: warning: reminders[0].near: no location")
    broken = tmp_path / "broken.yaml"
    broken.write_text(CLEAN.replace("    location: Main Street\n", "    locaton: Main Street\n"), encoding="utf-8")
    assert main(["lint", str(warned), str(broken)]) == 2
    captured = capsys.readouterr()
    assert f"{broken}:15: error: timeline[0].locaton: unknown key" in captured.out
    assert "Traceback" not in captured.out + captured.err


def test_the_shipped_scenes_lint_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(ROOT / "scenes")]) == 0
    assert capsys.readouterr().out == ""
