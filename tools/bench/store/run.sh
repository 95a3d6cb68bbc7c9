#!/usr/bin/env bash
# Builds passerelle-bench-store (tools/build.sh, into ./build) and runs it
# with the defaults used in BENCHMARKS.md; stores live under the build dir.
# Usage: tools/bench/store/run.sh [passerelle-bench-store options...]
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
build="${PASSERELLE_BUILD_DIR:-$root/build}"
PASSERELLE_BUILD_DIR="$build" "$root/tools/build.sh" \
  --target passerelle-bench-store >&2
tmp="$build/bench-store.tmp"
trap 'rm -rf "$tmp"' EXIT
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo |
  cut -d: -f2 | xargs), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
"$build/tools/bench/store/passerelle-bench-store" --dir "$tmp" "$@"
