"""The one exception type a user can cause, and the exit codes the CLI contract promises."""

from __future__ import annotations

from pathlib import Path

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
