#!/usr/bin/env bash
# Configures (once) and builds Passerelle incrementally into ./build.
# Usage: tools/build.sh [cmake --build args...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="${PASSERELLE_BUILD_DIR:-$root/build}"
if [[ ! -f "$build/CMakeCache.txt" ]]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
# Progress lines are noise; errors and warnings are not. The build's own
# exit status decides (grep finding nothing to print is not a failure).
set +e
cmake --build "$build" --parallel "$(nproc)" "$@" 2>&1 \
  | grep -vE '^\[ *[0-9]+%\]|^Consolidate|^-- '
status=${PIPESTATUS[0]}
set -e
exit "$status"
