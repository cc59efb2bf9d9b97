#!/usr/bin/env bash
# Set up (first run only) and run every test: lint, format, types and the architecture
# contracts first (seconds), then pytest with the real models and the real audio path
# through a PulseAudio null sink.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${GLASSTERM_VENV:-.venv}"
scripts/setup.sh --test
scripts/null-sink.sh || echo "test: no PulseAudio; the audio-device tests will say why they skip"
"$VENV"/bin/ruff check .
"$VENV"/bin/ruff format --check .
"$VENV"/bin/mypy  # files and strictness from pyproject.toml: strict for the core, the defaults for the HUD
"$VENV"/bin/lint-imports
exec "$VENV"/bin/python -m pytest "$@"
