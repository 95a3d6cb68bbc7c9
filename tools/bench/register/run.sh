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
. "$root/tools/bench/common.sh"

"$root/tools/deps.sh" bench >&2
bench_passerelle
bench_workdir bench-register.tmp "$@"
bench_header
echo "kamailio: $(kamailio -v 2>/dev/null | head -1)"
echo "sipp: $(sipp -v 2>/dev/null | grep -m1 -o 'v[0-9.]*[^ ]*')"
echo
python3 "$here/bench.py" --passerelle "$bin" --workdir "$work" "${args[@]}"
