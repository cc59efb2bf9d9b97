"""The scene loader: good scenes load; every bad input is one clear line naming file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scene_cases import BAD, GOOD

from glassterm.cli import main
from glassterm.errors import UserError
from glassterm.events import ButtonPressed, CalendarKnown, ReminderSet, Said, SceneEnded, TimeTick
from glassterm.scene.loader import load_scene, parse_scene
from glassterm.scene.player import scene_events

ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "scene.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def error_for(tmp_path: Path, text: str) -> UserError:
    with pytest.raises(UserError) as caught:
        load_scene(write(tmp_path, text))
    return caught.value


def test_good_scene_loads_with_unquoted_times(tmp_path: Path) -> None:
    scene = load_scene(write(tmp_path, GOOD))
    assert scene.start == 7 * 3600 + 45 * 60  # not YAML 1.1's base-60 integer
    assert scene.end == scene.timeline[-1].at + 300  # default: last entry + 5 minutes
    assert scene.wake_word == "hey glass"


@pytest.mark.parametrize("path", sorted((ROOT / "scenes").glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_scenes_load(path: Path) -> None:
    scene = load_scene(path)
    assert scene.timeline and scene.expectations


def test_shipped_scenes_exercise_every_key() -> None:
    texts = "\n".join(p.read_text() for p in (ROOT / "scenes").glob("*.yaml"))
    for key in (
        "version:",
        "scene:",
        "date:",
        "start:",
        "end:",
        "user:",
        "name:",
        "wake_word:",
        "calendar:",
        "until:",
        "title:",
        "where:",
        "notes:",
        "reminders:",
        "text:",
        "near:",
        "timeline:",
        "location:",
        "see:",
        "hear:",
        "say:",
        "notification:",
        "app:",
        "from:",
        "press: talk",
        "expect:",
        "id:",
        "mode:",
        "kind: card",
        "kind: reply",
        "kind: quiet",
        "between:",
        "mentions_any:",
    ):
        assert key in texts, key


@pytest.mark.parametrize("name", BAD)
def test_bad_input_names_file_line_and_key(tmp_path: Path, name: str) -> None:
    text, line, key, words = BAD[name]
    error = error_for(tmp_path, text)
    message = str(error)
    assert "\n" not in message
    assert message.startswith(str(tmp_path / "scene.yaml"))
    assert words in message
    assert error.line == line, message
    assert error.key == key, message


@pytest.mark.parametrize("name", ["empty file", "unknown top key", "bad time", "backwards", "window ends before start"])
def test_cli_exits_2_with_one_line_and_no_traceback(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, BAD[name][0])
    assert main(["play", str(path), "--headless", "--llm", "none"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert str(path) in err


def test_missing_path_and_directory_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["play", str(tmp_path / "nope.yaml"), "--headless"]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main(["play", str(tmp_path), "--headless"]) == 2
    assert "is a directory" in capsys.readouterr().err


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "scene.yaml"
    path.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(UserError, match="UTF-8"):
        load_scene(path)


def test_player_orders_press_before_say_and_ticks_every_minute(tmp_path: Path) -> None:
    scene = load_scene(write(tmp_path, GOOD))
    events = scene_events(scene)
    kinds = [type(e) for e in events]
    assert kinds.index(ButtonPressed) < kinds.index(Said)
    assert isinstance(events[-1], SceneEnded) and events[-1].at == scene.end
    ticks = [e.at for e in events if isinstance(e, TimeTick)]
    assert ticks == list(range(7 * 3600 + 46 * 60, scene.end + 1, 60))
    assert [e.at for e in events] == sorted(e.at for e in events)
    assert not any(isinstance(e, (CalendarKnown, ReminderSet)) for e in events)  # none declared


yaml_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=12),
    st.sampled_from(["07:45", "25:61", "1", "both", "card"]),
)
keys = st.sampled_from(
    [
        "version",
        "scene",
        "date",
        "start",
        "end",
        "user",
        "calendar",
        "reminders",
        "timeline",
        "expect",
        "at",
        "say",
        "see",
        "between",
        "mentions_any",
        "id",
        "mode",
        "kind",
        "text",
        "near",
        "title",
        "junk",
    ]
)
documents = st.recursive(
    yaml_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=6), max_leaves=25
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_random_documents_raise_only_the_loaders_error(document: object) -> None:
    text = yaml.safe_dump(document)
    try:
        parse_scene(text, Path("fuzz.yaml"))
    except UserError as error:
        assert "\n" not in str(error)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_random_text_raises_only_the_loaders_error(text: str) -> None:
    try:
        parse_scene(text, Path("fuzz.yaml"))
    except UserError:
        pass


def test_control_characters_never_leave_the_loader(tmp_path: Path) -> None:
    # A terminal escape, a C1 control, and bidi overrides/isolates that would reorder the HUD's text.
    text = GOOD.replace("location: Home", 'location: "Home\\e]0;PWNED\\a \\x9b31m \\u202egnp.exe\\u2066x\\u2069"')
    scene = load_scene(write(tmp_path, text))
    place = scene.timeline[0].location or ""
    assert place.startswith("Home") and "gnp.exe" in place
    bidi = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F or ord(ch) in bidi for ch in place)
