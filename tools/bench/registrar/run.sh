#!/usr/bin/env bash
# Builds passerelle-bench-sweep (tools/build.sh, into ./build) and runs it:
# how long the registrar's expiry sweep and /metrics gauges hold the SIP
# lock with nothing due, against a walk over every account.
# Usage: tools/bench/registrar/run.sh [accounts...]   (default 100000 1000000)
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
build="${PASSERELLE_BUILD_DIR:-$root/build}"
PASSERELLE_BUILD_DIR="$build" "$root/tools/build.sh" \
  --target passerelle-bench-sweep >&2
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo |
  cut -d: -f2 | xargs), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
"$build/tools/bench/registrar/passerelle-bench-sweep" "$@"
