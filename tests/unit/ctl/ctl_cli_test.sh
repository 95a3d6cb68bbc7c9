#!/bin/sh
# Runs the real passerelle-ctl binary and checks exit codes and output.
# Usage: ctl_cli_test.sh <passerelle-ctl>
set -eu

ctl=$1
dir=$(mktemp -d "${TMPDIR:-/tmp}/passerelle-ctl-cli.XXXXXX")
trap 'rm -rf "$dir"' EXIT
out=$dir/out
err=$dir/err

# fail and expect: tests/support/cli_expect.sh.
. "$(dirname "$0")/../../support/cli_expect.sh"

# one_line_about <flag>: stderr is a single line naming the flag.
one_line_about() {
  [ "$(wc -l <"$err")" -eq 1 ] || fail "one-line reason for $1"
  grep -q -- "$1" "$err" || fail "reason names $1"
}

expect 0 "$ctl" --version
grep -q '^passerelle-ctl [0-9]' "$out" || fail "--version"

expect 0 "$ctl" --help
grep -q '^Usage: passerelle-ctl <command>' "$out" || fail "--help"

expect 2 "$ctl"
grep -q '^Usage: passerelle-ctl <command>' "$err" || fail "usage on no args"

expect 2 "$ctl" frobnicate --url=http://h
grep -q 'unknown command "frobnicate"' "$err" || fail "unknown command"
grep -q '^Usage: passerelle-ctl <command>' "$err" || fail "usage on unknown"

expect 0 "$ctl" dhcp --help
grep -q -- '--utc-offset=SECS' "$out" || fail "dhcp --help"

url=http://gw.example.net:8080
expect 0 "$ctl" dhcp --url=$url --lang=fr --tenant=acme \
  --ntp=10.0.0.1,10.0.0.2 --utc-offset=3600
[ ! -s "$err" ] || fail "nothing on stderr"
grep -q '^# ==== ISC dhcpd ====$' "$out" || fail "all: ISC banner"
grep -q '^# ==== Kea: merge into kea-dhcp4.conf ====$' "$out" ||
  fail "all: Kea banner"
grep -q '^# ==== dnsmasq ====$' "$out" || fail "all: dnsmasq banner"
grep -qF 'option option-160 code 160 = text;' "$out" || fail "ISC decl"
grep -qF \
  "option option-160 \"$url/tenantid/acme/lang_fr\";" "$out" ||
  fail "ISC option 160"
grep -qF "dhcp-option-force=160,\"$url/tenantid/acme/lang_fr\"" "$out" ||
  fail "dnsmasq option 160"
cisco_url="$url/tenantid/acme/lang_fr/\$PSN.xml"
grep -qF "dhcp-option-force=tag:passerelle-cisco,160,\"$cisco_url\"" "$out" ||
  fail "dnsmasq Cisco option 160"
grep -qF 'dhcp-option=42,10.0.0.1,10.0.0.2' "$out" || fail "dnsmasq 42"
grep -qF 'dhcp-option=2,3600' "$out" || fail "dnsmasq 2"

expect 0 "$ctl" dhcp --url=$url --format=kea
[ "$(head -c 1 "$out")" = "{" ] || fail "kea: JSON only"
if command -v python3 >/dev/null 2>&1; then
  python3 -c 'import json, sys; d = json.load(sys.stdin)["Dhcp4"];
assert d["option-def"][0]["code"] == 160' <"$out" || fail "kea: JSON"
fi

expect 0 "$ctl" dhcp --url=$url --format=isc --utc-offset=-18000
grep -qF 'option time-offset -18000;' "$out" || fail "negative offset"
if grep -q 'dhcp-option' "$out"; then fail "isc: ISC only"; fi

expect 2 "$ctl" dhcp
one_line_about --url
expect 2 "$ctl" dhcp --url=ftp://gw
one_line_about --url
expect 2 "$ctl" dhcp --url=$url --lang=it
one_line_about --lang
expect 2 "$ctl" dhcp --url=$url --tenant=a/b
one_line_about --tenant
expect 2 "$ctl" dhcp --url=$url --ntp=10.0.0.300
one_line_about --ntp
expect 2 "$ctl" dhcp --url=$url --utc-offset=50401
one_line_about --utc-offset
expect 2 "$ctl" dhcp --url=$url --format=xml
one_line_about --format
expect 2 "$ctl" dhcp --url=$url --colour=blue
one_line_about --colour

echo "ctl_cli: ok"
