#!/bin/sh
# Runs the real passerelle-audit binary against a sample data dir and checks
# exit codes and output. Usage: audit_cli_test.sh <passerelle-audit>
# <audit_sample_store>
set -eu

audit=$1
sample=$2
dir=$(mktemp -d "${TMPDIR:-/tmp}/passerelle-audit-cli.XXXXXX")
trap 'rm -rf "$dir"' EXIT
out=$dir/out
err=$dir/err

# fail and expect: tests/support/cli_expect.sh.
. "$(dirname "$0")/../../support/cli_expect.sh"

"$sample" "$dir/var" || fail "cannot write the sample store"

expect 0 "$audit" --version
grep -q '^passerelle-audit [0-9]' "$out" || fail "--version"

expect 0 "$audit" verify --data-dir="$dir/var"
grep -q '^OK events=4 streams=3 positions=4 ' "$out" || fail "verify summary"

# A store dir given directly, and the default ./var.
expect 0 "$audit" verify --data-dir="$dir/var/store"
(cd "$dir" && expect 0 "$audit" verify) || fail "default data dir"

expect 0 "$audit" dump --data-dir="$dir/var" --type=device_deleted
[ "$(wc -l <"$out")" -eq 1 ] || fail "dump --type: one line"
grep -q '"stream":"device/001565aabbcc","seq":2,"position":3' "$out" ||
  fail "dump --type: the deletion"
grep -q '"payload":{"reason":"stolen"}' "$out" || fail "dump payload"

expect 0 "$audit" dump --data-dir="$dir/var" --stream='device/*' \
  --actor=admin:tok-1 --until=2026-03-01T10:00:00Z
[ "$(wc -l <"$out")" -eq 1 ] || fail "dump filters: one line"

expect 0 "$audit" state device/001565aabbcc --data-dir="$dir/var" \
  --at=2026-03-01T10:30:00Z
grep -q '"lifecycle": "provisioned"' "$out" || fail "state --at"
grep -q '"version": 1' "$out" || fail "state --at version"

expect 0 "$audit" state device/001565aabbcc --data-dir="$dir/var"
grep -q '"lifecycle": "deleted"' "$out" || fail "state latest"

expect 1 "$audit" state device/001565aabbcc --data-dir="$dir/var" \
  --at=2026-03-01T08:00:00Z
grep -q 'no events for device/001565aabbcc at 2026-03-01T08:00:00' "$err" ||
  fail "state before the first event"

expect 2 "$audit" state printer/7 --data-dir="$dir/var"
expect 2 "$audit" dump --data-dir="$dir/var" --since=yesterday
expect 2 "$audit" verify --data-dir="$dir/missing"
[ "$(wc -l <"$err")" -eq 1 ] || fail "one-line reason"
expect 2 "$audit" frobnicate
expect 0 "$audit" dump --help

"$sample" --tamper "$dir/var" || fail "cannot tamper"
expect 1 "$audit" verify --data-dir="$dir/var"
grep -q '^BROKEN tenant=default stream=device/001565aabbdd seq=1 ' "$out" ||
  fail "verify names the changed event"

echo "audit_cli: ok"
