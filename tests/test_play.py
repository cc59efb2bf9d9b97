"""`glassterm play --headless` end to end with the real model, the report contract, and no network."""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path

import pytest

from glassterm.cli import main

ROOT = Path(__file__).resolve().parent.parent
HHMMSS = re.compile(r"^\d\d:\d\d:\d\d$")


def validate_report(data: dict) -> None:  # type: ignore[type-arg]
    """The report fields DESIGN.md promises (more may be added, none renamed)."""
    assert isinstance(data["scenes"], list) and data["scenes"]
    for scene in data["scenes"]:
        assert isinstance(scene["scene"], str) and isinstance(scene["file"], str)
        assert set(scene["modes"]) <= {"proactive", "manual"} and scene["modes"]
        for row in scene["sensitivity"]:
            assert isinstance(row["cost"], str) and row["ratio_low"] <= row["ratio_high"]
        assert bool(scene["sensitivity"]) == (set(scene["modes"]) == {"proactive", "manual"})
        for mode in scene["modes"].values():
            for card in mode["cards"]:
                assert HHMMSS.match(card["at"]) and isinstance(card["title"], str) and isinstance(card["body"], str)
            for reply in mode["replies"]:
                assert HHMMSS.match(reply["at"]) and isinstance(reply["text"], str)
            for key in ("llm_calls", "events_in"):
                assert isinstance(mode[key], int) and mode[key] >= 0
            for key in ("energy_mwh", "battery_pct"):
                assert isinstance(mode[key], float) and mode[key] > 0
            assert mode["projected_hours"] is None or mode["projected_hours"] > 0
            low, high = mode["projected_hours_range"]
            assert mode["projected_hours"] is None or low <= mode["projected_hours"] <= (high or float("inf"))
            score = mode["score"]
            for key in ("hits", "misses", "false_alarms"):
                assert isinstance(score[key], int)
            assert 0 <= score["precision"] <= 1 and 0 <= score["recall"] <= 1


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Any attempt to open a network connection fails the test."""
    attempts: list[object] = []

    def refuse(self, address):  # type: ignore[no-untyped-def]
        attempts.append(address)
        raise AssertionError(f"glassterm tried to reach the network: {address}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: refuse(None, a))
    return attempts


@pytest.mark.slow
def test_play_headless_with_the_real_model_offline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_network: list[object]
) -> None:
    report = tmp_path / "report.json"
    assert (
        main(["play", str(ROOT / "scenes" / "commute.yaml"), "--headless", "--speed", "max", "--report", str(report)])
        == 0
    )
    out = capsys.readouterr().out
    assert "[proactive] ▣" in out and "[manual   ] ↳" in out  # the transcript shows both as they act
    data = json.loads(report.read_text())
    validate_report(data)
    modes = data["scenes"][0]["modes"]
    assert modes["manual"]["cards"] == [] and modes["manual"]["score"]["false_alarms"] == 0
    assert modes["proactive"]["llm_calls"] >= 1
    assert modes["proactive"]["score"]["recall"] >= 0.8
    assert no_network == []


def test_play_one_mode_at_a_set_speed_without_the_model(tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    assert (
        main(
            [
                "play",
                str(ROOT / "scenes" / "commute.yaml"),
                "--headless",
                "--llm",
                "none",
                "--mode",
                "manual",
                "--speed",
                "max",
                "--report",
                str(report),
            ]
        )
        == 0
    )
    data = json.loads(report.read_text())
    validate_report(data)
    assert list(data["scenes"][0]["modes"]) == ["manual"]


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["play", "scenes/commute.yaml", "--headless", "--speed", "fast"], "speed"),
        (["play", "scenes/commute.yaml", "--headless", "--mode", "sideways"], "invalid choice"),
        (["play", "scenes/commute.yaml", "--headless", "--llm", "/no/such.gguf"], "not found"),
        (["play", "scenes/commute.yaml", "--headless", "--policy", "/no/policy.toml"], "does not exist"),
        (["play", "scenes/commute.yaml", "--headless", "--device", "/no/profile.toml"], "profile"),
        (["eval", "/no/such/dir"], "does not exist"),
        (["frobnicate"], "invalid choice"),
        (
            ["play", "scenes/commute.yaml", "--headless", "--llm", "none", "--report", "/no/dir/r.json"],
            "does not exist",
        ),
        (["eval", "scenes/commute.yaml", "--llm", "none", "--markdown", "/no/dir/x.md"], "does not exist"),
        (["bench", "--json", "/no/dir/b.json"], "does not exist"),
    ],
)
def test_bad_flags_exit_2_with_one_line(
    argv: list[str], words: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err and "Traceback" not in err


def test_bad_policy_file_names_line_and_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = tmp_path / "p.toml"
    policy.write_text("cooldown_s = 30\nbudget_per_hr = 3\n")
    assert (
        main(["play", str(ROOT / "scenes" / "commute.yaml"), "--headless", "--llm", "none", "--policy", str(policy)])
        == 2
    )
    assert f"{policy}:2: budget_per_hr: unknown policy knob" in capsys.readouterr().err


@pytest.mark.slow
def test_play_with_audio_hears_the_scene_through_asr_and_scores_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "audio.json"
    argv = [
        "play",
        str(ROOT / "scenes" / "commute.yaml"),
        "--headless",
        "--audio",
        "--llm",
        "none",
        "--report",
        str(report),
    ]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "(spoken: " in out  # the transcript shows what ASR heard beside what the scene said
    data = json.loads(report.read_text())
    validate_report(data)
    manual = data["scenes"][0]["modes"]["manual"]
    # The wake word and the push-to-talk question survive Piper -> VAD -> tiny.en.
    assert manual["score"]["hits"] == 2 and manual["score"]["false_alarms"] == 0
    assert manual["work"]["asr_audio_s"] > 0


def test_eval_compares_a_policy_with_the_shipped_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = tmp_path / "no-budget.toml"
    policy.write_text("budget_per_hour = 0\n")  # no room for non-urgent cards: recall must fall
    report, table = tmp_path / "eval.json", tmp_path / "eval.md"
    scene = str(ROOT / "scenes" / "commute.yaml")
    argv = ["eval", scene, "--llm", "none", "--policy", str(policy), "--json", str(report), "--markdown", str(table)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("ALL") and "proactive" in line and "→" in line)
    before, after = (int(n) for n in row.split()[2].split("→"))
    assert after < before
    data = json.loads(report.read_text())
    validate_report(data)
    # The score table's totals row, read the way scripts read it: all eleven cells on one line, the report's numbers.
    cells = next(line.split() for line in out.splitlines() if line.split()[:2] == ["ALL", "proactive"])
    shipped = data["scenes"][0]["modes"]["proactive"]
    assert len(cells) == 11
    assert [int(n) for n in cells[2:5]] == [shipped["score"][key] for key in ("hits", "misses", "false_alarms")]
    assert float(cells[-1]) == pytest.approx(shipped["battery_pct"], abs=5e-4)
    validate_report(data["variant"])
    assert "## no-budget" not in table.read_text() and f"policy {policy}" in table.read_text()


@pytest.mark.parametrize(
    ("knobs", "words"),
    [("policy = 3\n", "must be a table"), ("card_seconds = inf\n", "finite"), ("cooldown_s = nan\n", "finite")],
)
def test_policy_values_a_run_cannot_use_are_refused(
    tmp_path: Path, knobs: str, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = tmp_path / "p.toml"
    policy.write_text(knobs)
    assert (
        main(["play", str(ROOT / "scenes" / "commute.yaml"), "--headless", "--llm", "none", "--policy", str(policy)])
        == 2
    )
    assert words in capsys.readouterr().err


def test_llm_none_beats_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLASSTERM_LLM", "/no/such/model.gguf")
    assert main(["play", str(ROOT / "scenes" / "commute.yaml"), "--headless", "--llm", "none"]) == 0
    monkeypatch.setenv("GLASSTERM_LLM", "none")
    assert main(["play", str(ROOT / "scenes" / "commute.yaml"), "--headless"]) == 0


def test_a_run_stopped_early_is_priced_and_scored_over_what_was_played(setup_templates) -> None:  # type: ignore[no-untyped-def]
    from glassterm.playback import finish, make_session
    from glassterm.scene.loader import load_scene

    scene = load_scene(ROOT / "scenes" / "commute.yaml")
    session = make_session(scene, setup_templates)
    stop_at = scene.start + 20 * 60  # quit at 08:05, before most windows open
    for event in session.events:
        if event.at > stop_at:
            break
        session.clock.set(event.at)
        session.deliver(event)
        session.position += 1
    result = finish(scene, session, setup_templates, 0.0, setup_templates.policy, setup_templates.prompts)
    proactive = result.modes["proactive"]
    assert proactive.energy.virtual_seconds == pytest.approx(stop_at - scene.start)
    assert proactive.score.misses == 0  # windows that had not opened are not misses
    assert proactive.energy.projected_hours < 30  # priced over 20 minutes, not 90


def test_eval_reports_how_cards_read_and_lists_every_card_and_reply(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report, table = tmp_path / "eval.json", tmp_path / "eval.md"
    scene = str(ROOT / "scenes" / "office.yaml")
    assert main(["eval", scene, "--llm", "none", "--json", str(report), "--markdown", str(table)]) == 0
    line = next(
        line for line in capsys.readouterr().out.splitlines() if line.startswith("proactive: ") and "cards" in line
    )
    data = json.loads(report.read_text())["scenes"][0]["modes"]
    cards = data["proactive"]["cards"]
    assert line.startswith(f"proactive: {len(cards)} cards, 100% fit one page of Even G1")
    assert "change on line 1 in 4/4 right cards" in line and "model's sentence used 0/0" in line
    assert "expected fact on line 1 in 5/5 right cards" in line
    md = table.read_text()
    for output in cards:
        assert f"**{output['title']}**" in md
    for reply in data["manual"]["replies"]:
        assert reply["text"][:60] in md


def test_eval_counts_right_cards_whose_first_line_holds_the_fact_their_author_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scene = tmp_path / "s.yaml"
    scene.write_text(
        """version: 1
scene: t
date: 2026-11-24
start: "08:00"
calendar:
  - {at: "09:00", title: Design review, where: Room 4B}
timeline:
  - at: "08:01"
    notification: {app: Mail, from: Anna, text: "Design review moved to Room 5C. Bring the prototype and the spare battery."}
  - at: "08:30"
    notification: {app: Mail, from: Ben, text: "Your lunch booking moved to Kiosk 7. Sorry, the usual place flooded and the chef went home early."}
expect:
  - {id: room, mode: proactive, kind: card, between: ["08:01", "08:03"], mentions_any: [5C]}
  - {id: lunch, mode: proactive, kind: card, between: ["08:30", "08:32"], mentions_any: [Ben]}
"""
    )
    assert main(["eval", str(scene), "--llm", "none"]) == 0
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.startswith("proactive: ") and "cards," in line)
    # Both cards are right; only the first carries its author's fact on line 1 (Ben signs line 2).
    assert "expected fact on line 1 in 1/2 right cards" in line
