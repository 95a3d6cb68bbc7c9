#!/usr/bin/env bash
# Builds passerelle-bench-sip-syntax (tools/build.sh, into ./build) and runs
# it: ns per REGISTER through parse, classify and the registrar's reads.
# Usage: tools/bench/sip_syntax/run.sh [Google Benchmark options...]
#   e.g. --benchmark_repetitions=9 --benchmark_report_aggregates_only=true
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
build="${PASSERELLE_BUILD_DIR:-$root/build}"
PASSERELLE_BUILD_DIR="$build" "$root/tools/build.sh" \
  --target passerelle-bench-sip-syntax >&2
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo |
  cut -d: -f2 | xargs), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
"$build/tools/bench/sip_syntax/passerelle-bench-sip-syntax" "$@"
