"""Where glassterm's own data and the user's config live (XDG base directories)."""

from __future__ import annotations

import os
from pathlib import Path


def config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "glassterm"


def config_file() -> Path:
    return Path(os.environ.get("GLASSTERM_CONFIG") or config_dir() / "config.toml")


def cache_dir() -> Path:
    """What glassterm can rebuild: runtime verdicts, model-call caches."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "glassterm"
