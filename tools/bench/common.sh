# Shared by tools/bench/*/run.sh (sourced, not run). Needs $root.
#
# bench_passerelle: sets $bin to $PASSERELLE_BIN, or builds passerelle with
#   tools/build.sh into $build ($PASSERELLE_BUILD_DIR or ./build); checks
#   the machine has the 2 cores the benchmarks pin to.
# bench_workdir NAME ARGS...: sets $work to a fresh $build/NAME, removed on
#   exit unless ARGS hold --keep; sets $args to ARGS without --keep.
# bench_header: prints the machine and the passerelle binary.

build="${PASSERELLE_BUILD_DIR:-$root/build}"

bench_passerelle() {
  if [[ -n "${PASSERELLE_BIN:-}" ]]; then
    bin="$PASSERELLE_BIN"
  else
    PASSERELLE_BUILD_DIR="$build" "$root/tools/build.sh" \
      --target passerelle >&2
    bin="$build/gateway/passerelle"
  fi
  [[ -x "$bin" ]] || { echo "run.sh: no passerelle binary at $bin" >&2; exit 1; }
  if [[ $(nproc) -lt 2 ]]; then
    echo "run.sh: needs 2 cores (server on core 0, load on core 1)" >&2
    exit 1
  fi
}

bench_workdir() {
  local name=$1 keep=0 a
  shift
  args=()
  for a in "$@"; do
    if [[ "$a" == "--keep" ]]; then keep=1; else args+=("$a"); fi
  done
  work="$build/$name"
  rm -rf "$work"
  if [[ $keep -eq 0 ]]; then trap 'rm -rf "$work"' EXIT; fi
}

bench_header() {
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo |
    cut -d: -f2 | xargs), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "passerelle: $bin ($("$bin" --version 2>/dev/null || echo '?')," \
    "git $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')" \
    "$(git -C "$root" diff --quiet HEAD 2>/dev/null || echo '+ local changes'))"
}
