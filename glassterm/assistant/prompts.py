"""Prompt files: shipped in the package, overridable per run with `--prompts DIR`."""

from __future__ import annotations

import string
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from glassterm.errors import UserError

# Each prompt file and the placeholders it may use.
PROMPT_FIELDS: dict[str, frozenset[str]] = {
    "system": frozenset(),
    "card": frozenset({"facts", "max_words"}),
    "reply": frozenset({"facts", "question", "max_words"}),
    "judge": frozenset({"now", "event", "context"}),
    # A question nothing known today answers: asked without the glasses' facts-only rules,
    # which make a small model talk about its prompt instead of answering.
    "general_system": frozenset(),
    "general": frozenset({"question", "max_words"}),
}


@dataclass(frozen=True, slots=True)
class PromptSet:
    name: str
    system: str
    card: str
    reply: str
    judge: str
    general_system: str
    general: str

    def render(self, which: str, **values: str) -> str:
        return str(getattr(self, which)).format_map(values)


def load_prompts(directory: str | Path | None = None) -> PromptSet:
    """The shipped prompts, with any file in `directory` taking the place of its namesake."""
    texts: dict[str, str] = {}
    shipped = resources.files("glassterm") / "prompts"
    override = Path(directory) if directory else None
    if override is not None and not override.is_dir():
        raise UserError("prompt directory does not exist", file=override, fix="give a directory of .txt prompt files")
    for name, allowed in PROMPT_FIELDS.items():
        candidate = override / f"{name}.txt" if override is not None else None
        if candidate is not None and candidate.exists():
            try:
                text = candidate.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise UserError(f"cannot read prompt: {error}", file=candidate) from None
            source = candidate
        else:
            text = (shipped / f"{name}.txt").read_text(encoding="utf-8")
            source = Path(f"glassterm/prompts/{name}.txt")
        _check_placeholders(text, allowed, source)
        if not text.strip():
            raise UserError("prompt file is empty", file=source)
        texts[name] = text.strip()
    if override is not None and not any((override / f"{name}.txt").exists() for name in PROMPT_FIELDS):
        raise UserError(
            f"holds none of the prompt files ({', '.join(f'{n}.txt' for n in PROMPT_FIELDS)})", file=override
        )
    return PromptSet(name=override.name if override is not None else "shipped", **texts)


def _check_placeholders(text: str, allowed: frozenset[str], source: Path) -> None:
    for line_number, line in enumerate(text.splitlines(), start=1):
        try:
            parsed = list(string.Formatter().parse(line))
        except ValueError as error:
            raise UserError(
                f"broken placeholder: {error} (write {{{{ and }}}} for literal braces)", file=source, line=line_number
            ) from None
        for _, field, _, _ in parsed:
            if field is not None and field not in allowed:
                raise UserError(
                    f"unknown placeholder {{{field}}}; this prompt may use {', '.join(sorted(allowed)) or 'none'}",
                    file=source,
                    line=line_number,
                    key=field,
                )
