"""Reading typed fields out of a parsed profile TOML, with errors that name the file, line and key.

tomllib keeps no positions, so `Locator` finds a key's line in the text for the message.
"""

from __future__ import annotations

import math
import re
from typing import Any

from glassterm.errors import UserError


class Locator:
    """Finds the line of a key in the TOML text, for error messages."""

    def __init__(self, text: str, file: str) -> None:
        self.lines = text.splitlines()
        self.file = file

    def line_of(self, dotted_key: str) -> int | None:
        parts = dotted_key.split(".")
        # A table header names the key directly: [costs.asr_audio_s] or [battery].
        header = re.compile(r"^\s*\[\s*" + r"\s*\.\s*".join(re.escape(p) for p in parts) + r"\s*\]")
        for number, line in enumerate(self.lines, start=1):
            if header.match(line):
                return number
        # Otherwise look for `last = ...` under the table of the prefix (or at top level).
        table_line = 0
        if len(parts) > 1:
            table_line = self.line_of(".".join(parts[:-1])) or 0
        assign = re.compile(r"^\s*" + re.escape(parts[-1]) + r"\s*=")
        for number, line in enumerate(self.lines[table_line:], start=table_line + 1):
            if number > table_line + 1 and table_line and re.match(r"^\s*\[", line):
                break
            if assign.match(line):
                return number
        # Dotted keys written inline, e.g. costs.asr_audio_s.value = 1
        inline = re.compile(r"^\s*" + r"\s*\.\s*".join(re.escape(p) for p in parts) + r"\s*[.=]")
        for number, line in enumerate(self.lines, start=1):
            if inline.match(line):
                return number
        return table_line or None

    def error(self, message: str, *, key: str) -> UserError:
        return UserError(message, file=self.file, line=self.line_of(key), key=key)


def required_str(table: dict[str, Any], key: str, where: Locator, *, prefix: str = "") -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise where.error("must be a non-empty string", key=prefix + key)
    return value.strip()


def optional_str(table: dict[str, Any], key: str, where: Locator, *, prefix: str) -> str | None:
    if key not in table:
        return None
    value = table[key]
    if not isinstance(value, str) or not value.strip():
        raise where.error("must be a non-empty string", key=prefix + key)
    return value.strip()


def number(table: dict[str, Any], key: str, where: Locator, *, prefix: str, positive: bool = False) -> float:
    value = table.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise where.error("must be a number", key=prefix + key)
    if value < 0 or (positive and value == 0):
        raise where.error("must be " + ("greater than 0" if positive else "0 or more"), key=prefix + key)
    return float(value)


def provenance(table: dict[str, Any], where: Locator, *, prefix: str) -> tuple[str | None, str | None]:
    source = optional_str(table, "source", where, prefix=prefix)
    reason = optional_str(table, "estimate_reason", where, prefix=prefix)
    if source is None and reason is None:
        raise where.error(
            "figure has neither a `source` nor an `estimate_reason`; say where the number comes from or why it is estimated",
            key=prefix.rstrip("."),
        )
    return source, reason
