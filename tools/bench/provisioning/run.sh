#!/usr/bin/env bash
# Provisioning boot storm: Passerelle against nginx serving the same files,
# both driven by wrk on loopback (see BENCHMARKS.md, "Provisioning boot
# storm", and bench.py --help).
#
# Builds passerelle with tools/build.sh (into ./build; PASSERELLE_BUILD_DIR
# picks another dir; PASSERELLE_BIN=/path/to/passerelle skips the build),
# installs nginx-light and wrk with tools/deps.sh bench, runs 3 runs of
# 10,000 MACs (first boot, then a second pass) on both servers and prints a
# Markdown table.
# Usage: tools/bench/provisioning/run.sh [bench.py options...]
#   e.g. --runs 1 --devices 2000, --connections 64, --durability nosync,
#        --prefix /lang_fr/, --json FILE, --keep
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
. "$root/tools/bench/common.sh"

"$root/tools/deps.sh" bench >&2
bench_passerelle
bench_workdir bench-provisioning.tmp "$@"
bench_header
echo "nginx: $(nginx -v 2>&1 | cut -d/ -f2), wrk: $(wrk -v 2>&1 | head -1 | cut -d' ' -f2)"
echo
python3 "$here/bench.py" --passerelle "$bin" --workdir "$work" "${args[@]}"
