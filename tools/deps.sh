#!/usr/bin/env bash
# Installs the Debian packages Passerelle needs, once. Silent when all of them
# are already there. Usage: tools/deps.sh [build|test|bench]...
set -euo pipefail

build_pkgs=(build-essential cmake pkg-config ccache libcaf-dev librocksdb-dev
  libsrtp2-dev libcpp-httplib-dev nlohmann-json3-dev catch2 libasio-dev
  libssl-dev libsodium-dev zlib1g-dev libbrotli-dev libjemalloc-dev)
# clang, its libFuzzer and sanitizer runtimes and llvm-symbolizer (readable
# stacks) build and run the fuzz targets (tools/fuzz).
test_pkgs=(python3 sip-tester baresip-core openssl procps curl clang
  libclang-rt-14-dev llvm-14)
bench_pkgs=(kamailio nginx-light wrk)

wanted=()
for group in "${@:-build}"; do
  case "$group" in
    build) wanted+=("${build_pkgs[@]}") ;;
    test) wanted+=("${build_pkgs[@]}" "${test_pkgs[@]}") ;;
    bench) wanted+=("${build_pkgs[@]}" "${test_pkgs[@]}" "${bench_pkgs[@]}") ;;
    *) echo "deps.sh: unknown group '$group' (build, test, bench)" >&2; exit 2 ;;
  esac
done

missing=()
for pkg in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
  echo "deps.sh: missing packages: ${missing[*]} (run as root to install)" >&2
  exit 1
fi
echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
