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
build="${PASSERELLE_BUILD_DIR:-$root/build}"

"$root/tools/deps.sh" bench >&2

if [[ -n "${PASSERELLE_BIN:-}" ]]; then
  bin="$PASSERELLE_BIN"
else
  # tools/build.sh filters cmake's output and may exit 0 on a failed build.
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
  echo "run.sh: needs 2 cores (server on core 0, wrk on core 1)" >&2
  exit 1
fi

keep=0
args=()
for a in "$@"; do
  if [[ "$a" == "--keep" ]]; then keep=1; else args+=("$a"); fi
done
work="$build/bench-provisioning.tmp"
rm -rf "$work"
if [[ $keep -eq 0 ]]; then trap 'rm -rf "$work"' EXIT; fi

echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo |
  cut -d: -f2 | xargs), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "passerelle: $bin ($("$bin" --version 2>/dev/null || echo '?')," \
  "git $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')" \
  "$(git -C "$root" diff --quiet HEAD 2>/dev/null || echo '+ local changes'))"
echo "nginx: $(nginx -v 2>&1 | cut -d/ -f2), wrk: $(wrk -v 2>&1 | head -1 | cut -d' ' -f2)"
echo
python3 "$here/bench.py" --passerelle "$bin" --workdir "$work" "${args[@]}"
