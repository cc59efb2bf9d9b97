"""The JSON Schema of scene format v1, generated from the loader's own tables (scene/format.py).

For editors (the YAML language server validates and completes with it) and other tools. It
says what one table can say; the loader also checks order and cross-field rules (times in
order, windows inside the scene, unique ids), so `glassterm lint` is the final word.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from glassterm.scene.format import SCENE, VERSION, Choice, ListOf, RequiredWhen, Table, Value

SCHEMA_FILE = "scene-v1.schema.json"  # in the package and in docs/

# What parse_hhmm reads: H or HH, then :M or :MM, optionally :S or :SS, 00:00 to 23:59:59.
TIME_PATTERN = r"^\s*([01]?[0-9]|2[0-3]):[0-5]?[0-9](:[0-5]?[0-9])?\s*$"
DATE_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
# The loader reads any scalar as the text it is written as (a code like 4817 is text), not empty.
TEXT: dict[str, Any] = {"type": ["string", "number", "boolean"], "pattern": r"\S"}


def _value(value: Value, doc: str = "") -> dict[str, Any]:
    schema: dict[str, Any]
    if value == "text":
        schema = dict(TEXT)
    elif value == "time":
        schema = {"type": "string", "pattern": TIME_PATTERN}
    elif value == "date":
        schema = {"type": "string", "pattern": DATE_PATTERN}
    elif value == "version":
        schema = {"enum": [VERSION, str(VERSION)]}
    elif isinstance(value, Choice):
        schema = {"enum": list(value.options)}
    elif isinstance(value, ListOf):
        schema = _list(value)
    else:
        schema = _table(value)
    if doc:
        schema["description"] = doc
    return schema


def _list(value: ListOf) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": ["array", "null"] if value.nullable else "array", "items": _value(value.item)}
    if value.exact_items is not None:
        schema["minItems"] = schema["maxItems"] = value.exact_items
    elif value.min_items:
        schema["minItems"] = value.min_items
    return schema


def _required_when(rule: RequiredWhen) -> dict[str, Any]:
    return {
        "if": {"properties": {rule.key: {"enum": list(rule.values)}}, "required": [rule.key]},
        "then": {"required": [rule.then], "properties": {rule.then: {"minItems": 1}}},
    }


def _table(table: Table) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {key.name: _value(key.value, key.doc) for key in table.keys},
        "additionalProperties": False,
    }
    required = [key.name for key in table.keys if key.required]
    if required:
        schema["required"] = required
    if table.doc:
        schema["description"] = table.doc
    if table.at_least_one_of:
        schema["anyOf"] = [{"required": [name]} for name in table.at_least_one_of]
    if table.required_when:
        schema["allOf"] = [_required_when(rule) for rule in table.required_when]
    return schema


def scene_schema() -> dict[str, Any]:
    """The schema of scene format v1 as a JSON-ready dict."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "glassterm scene, format v1",
        **_table(SCENE),
    }


def schema_text() -> str:
    return json.dumps(scene_schema(), indent=2, ensure_ascii=False) + "\n"


def shipped_schema_text() -> str:
    """The copy shipped in the package (a test keeps it equal to what the tables generate)."""
    return resources.files("glassterm.scene").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
