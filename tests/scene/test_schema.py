"""The JSON Schema: generated from the loader's tables, valid, shipped, and it agrees with the loader."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from scene_cases import BAD, GOOD

from glassterm.cli import main
from glassterm.errors import UserError
from glassterm.scene.loader import parse_scene
from glassterm.scene.schema import SCHEMA_FILE, scene_schema, schema_text, shipped_schema_text

ROOT = Path(__file__).resolve().parents[2]
SCENES = sorted((ROOT / "scenes").glob("*.yaml"))
# What one table cannot say and the loader checks in code (SCENES.md, "The schema").
NOT_IN_SCHEMA = {
    "not yaml",  # no document to validate
    "backwards",  # timeline order
    "window ends before start",  # between[0] <= between[1]
    "duplicate id",  # unique ids across entries
    "event after end",  # timeline against `end`
    "window outside scene",  # windows against the scene's span
}
_INT = re.compile(r"[-+]?[0-9]+")


def yaml12(node: yaml.Node | None) -> Any:
    """A document as an editor's YAML 1.2 language server sees it: 07:45 is text, not base 60."""
    if node is None:
        return None
    if isinstance(node, yaml.MappingNode):
        return {yaml12(k): yaml12(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [yaml12(item) for item in node.value]
    if node.style:  # quoted or block text
        return node.value
    if node.value in ("", "~", "null", "Null", "NULL"):
        return None
    if node.value in ("true", "True", "TRUE", "false", "False", "FALSE"):
        return node.value.lower() == "true"
    return int(node.value) if _INT.fullmatch(node.value) else node.value


def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(scene_schema())


def test_the_schema_is_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(scene_schema())


def test_shipped_copies_are_what_the_loaders_tables_generate() -> None:
    # Regenerate with: glassterm schema > docs/scene-v1.schema.json (and glassterm/scene/).
    assert shipped_schema_text() == schema_text()
    assert (ROOT / "docs" / SCHEMA_FILE).read_text(encoding="utf-8") == schema_text()


def test_glassterm_schema_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == scene_schema()


@pytest.mark.parametrize("path", SCENES, ids=lambda p: p.name)
def test_schema_accepts_every_shipped_scene_and_each_names_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema=../docs/{SCHEMA_FILE}\n")
    errors = [error.message for error in validator().iter_errors(yaml12(yaml.compose(text)))]
    assert not errors


def test_schema_accepts_the_loaders_good_scene() -> None:
    assert validator().is_valid(yaml12(yaml.compose(GOOD)))


@pytest.mark.parametrize("name", sorted(set(BAD) - NOT_IN_SCHEMA))
def test_schema_rejects_the_loaders_bad_input(name: str) -> None:
    assert not validator().is_valid(yaml12(yaml.compose(BAD[name][0])))


@pytest.mark.parametrize(
    "change",
    [
        ("    location: Home\n", "    notification: {from: Anna}\n"),  # a notification needs text
        ('    mentions_any: ["7:55"]\n', ""),  # a reply needs words to look for
        ('    mentions_any: ["7:55"]\n', "    mentions_any: []\n"),
        ('between: ["07:55", "07:56"]', 'between: ["07:55"]'),
        ("kind: reply", "kind: sometimes"),
        ("scene: Test", "scene: ''"),
    ],
)
def test_schema_rejects_what_the_loader_rejects(change: tuple[str, str]) -> None:
    text = GOOD.replace(*change)
    assert text != GOOD
    with pytest.raises(UserError):
        parse_scene(text, Path("scene.yaml"))
    assert not validator().is_valid(yaml12(yaml.compose(text)))


def test_every_bad_case_is_either_rejected_by_the_schema_or_named_as_beyond_it() -> None:
    # A new bad-input case in the loader's tests must be decided here, not slip by.
    assert NOT_IN_SCHEMA <= set(BAD)
    for name in NOT_IN_SCHEMA - {"not yaml"}:
        assert validator().is_valid(yaml12(yaml.compose(BAD[name][0]))), name
