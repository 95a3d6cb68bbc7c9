#!/usr/bin/env bash
# REGISTER benchmark: Passerelle against Kamailio 5.6, both driven by SIPp on
# loopback (see BENCHMARKS.md, "REGISTER", and bench.py --help).
#
# Builds passerelle with tools/build.sh (into ./build; PASSERELLE_BUILD_DIR
# picks another dir; PASSERELLE_BIN=/path/to/passerelle skips the build),
# installs sip-tester and kamailio with tools/deps.sh bench, runs 3 runs of
# 100k devices on both servers and prints Markdown tables.
# Usage: tools/bench/register/run.sh [bench.py options...] [--keep]
#   e.g. --runs 1 --devices 20000, --durability nosync, --json FILE,
#        --phase-c, --passerelle-args=--scheduler.max-threads=1;
#   --keep leaves the work dir (logs, SIPp files) under the build dir;
#   --help lists bench.py's options.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
for a in "$@"; do
  if [[ "$a" == "--help" || "$a" == "-h" ]]; then
    exec python3 "$here/bench.py" --help
  fi
done
root=$(cd "$here/../../.." && pwd)
build="${PASSERELLE_BUILD_DIR:-$root/build}"

"$root/tools/deps.sh" bench >&2

if [[ -n "${PASSERELLE_BIN:-}" ]]; then
  bin="$PASSERELLE_BIN"
else
  # tools/build.sh before f262cc2 exited 0 on a failed build: look at what
  # it printed too.
  log=$(PASSERELLE_BUILD_DIR="$build" "$root/tools/build.sh" \
    --target passerelle 2>&1) || { echo "$log" >&2; exit 1; }
  if grep -qE '(^|[^a-z])error:|\*\*\* \[' <<<"$log"; then
    echo "$log" >&2
    echo "run.sh: building passerelle failed" >&2
    exit 1
  fi
  bin="$build/gateway/passerelle"
fi
[[ -x "$bin" ]] || { echo "run.sh: no passerelle binary at $bin" >&2; exit 1; }
if [[ $(nproc) -lt 2 ]]; then
  echo "run.sh: needs 2 cores (server on core 0, SIPp on core 1)" >&2
  exit 1
fi

keep=0
args=()
for a in "$@"; do
  if [[ "$a" == "--keep" ]]; then keep=1; else args+=("$a"); fi
done
work="$build/bench-register.tmp"
rm -rf "$work"
if [[ $keep -eq 0 ]]; then trap 'rm -rf "$work"' EXIT; fi

echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo |
  cut -d: -f2 | xargs), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "passerelle: $bin ($("$bin" --version 2>/dev/null || echo '?')," \
  "git $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')" \
  "$(git -C "$root" diff --quiet HEAD 2>/dev/null || echo '+ local changes'))"
echo "kamailio: $(kamailio -v 2>/dev/null | head -1)"
echo "sipp: $(sipp -v 2>/dev/null | grep -m1 -o 'v[0-9.]*[^ ]*')"
echo
python3 "$here/bench.py" --passerelle "$bin" --workdir "$work" "${args[@]}"
