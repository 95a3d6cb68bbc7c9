#!/usr/bin/env bash
# Configures (once) and builds Passerelle incrementally into ./build.
# Usage: tools/build.sh [cmake --build args...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="${PASSERELLE_BUILD_DIR:-$root/build}"
if [[ ! -f "$build/CMakeCache.txt" ]]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$build" --parallel "$(nproc)" "$@" | grep -vE '^\[ *[0-9]+%\]|^Consolidate|^-- ' || true
exit "${PIPESTATUS[0]}"
