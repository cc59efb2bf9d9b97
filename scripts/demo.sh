#!/usr/bin/env bash
# Set up (first run only) and start the live demo (the demo day, on the real clock) on the bundled models.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/glassterm "$@"
