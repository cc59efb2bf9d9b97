"""The exception a user can cause, the one a broken runtime raises, and the CLI's exit codes."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2


class UserError(Exception):
    """Bad input from the user: a scene, flag, file or model path.

    The message is one line naming the file, the line and the key where they are known,
    so the CLI can print it as is and exit 2.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        key: str | None = None,
        fix: str | None = None,
    ) -> None:
        self.file = str(file) if file is not None else None
        self.line = line
        self.key = key or None
        self.fix = fix
        self.reason = message
        super().__init__(self._render())

    def _render(self) -> str:
        where = ""
        if self.file is not None:
            where = self.file + (f":{self.line}" if self.line is not None else "") + ": "
        key = f"{self.key}: " if self.key else ""
        fix = f" ({self.fix})" if self.fix else ""
        return f"{where}{key}{self.reason}{fix}".replace("\n", " ")


class RuntimeBroken(Exception):
    """A model runtime that cannot run on this machine (a native crash in a probe, a hang).

    Not the user's input: exit 1, with one line naming the runtime, what happened and the fix.
    """


def parse_toml(text: str, file: str | Path) -> dict[str, Any]:
    """TOML text to a dict, or a UserError naming the file and line (tomllib 3.11 keeps the line only in its message)."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        line = getattr(error, "lineno", None)
        if not isinstance(line, int):
            found = re.search(r"at line (\d+)", message)
            line = int(found.group(1)) if found else None
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", message).strip() or message
        raise UserError(f"not valid TOML: {reason}", file=file, line=line) from None


def read_text(path: Path, what: str, *, directory_fix: str = "") -> str:
    """A user's UTF-8 text file, or a UserError naming it: missing, a directory, unreadable, not text.

    `what` names the file in the messages ("scene file", "calendar file").
    """
    if not path.exists():
        raise UserError(f"{what} does not exist", file=path)
    if path.is_dir():
        raise UserError(f"is a directory, not a {what}{directory_fix}", file=path)
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UserError("is not UTF-8 text", file=path) from None
    except OSError as error:
        raise UserError(f"cannot read: {error.strerror}", file=path) from None


def read_toml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"cannot read: {error}", file=path) from None
    return parse_toml(text, path)
