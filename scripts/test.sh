#!/usr/bin/env bash
# Set up (first run only) and run every test: architecture contract, then pytest with the
# real models and the real audio path through a PulseAudio null sink.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${GLASSTERM_VENV:-.venv}"
scripts/setup.sh --test
scripts/null-sink.sh || echo "test: no PulseAudio; the audio-device tests will say why they skip"
"$VENV"/bin/lint-imports
exec "$VENV"/bin/python -m pytest "$@"
