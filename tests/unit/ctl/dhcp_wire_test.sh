#!/bin/sh
# Opt-in check (-DPASSERELLE_CTL_WIRE_TEST=ON): loads the passerelle-ctl
# snippets into real dnsmasq, ISC dhcpd and Kea, each in turn on a veth
# pair between two network namespaces, and reads options 66, 160, 42 and 2
# from their offers to a Yealink, a Cisco and a Poly phone.
# Needs root, python3, dnsmasq, dhcpd and kea-dhcp4; exits 77 (skipped)
# without them. Usage: dhcp_wire_test.sh <passerelle-ctl>
set -u

ctl=$1
here=$(cd "$(dirname "$0")" && pwd)
for tool in ip python3 dnsmasq dhcpd kea-dhcp4; do
  command -v $tool >/dev/null 2>&1 || { echo "skip: no $tool"; exit 77; }
done
[ "$(id -u)" -eq 0 ] || { echo "skip: needs root"; exit 77; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/passerelle-ctl-wire.XXXXXX")
srv=pctls$$
cli=pctlc$$
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  ip netns del $srv 2>/dev/null
  ip netns del $cli 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  cat "$dir/probe" >&2 2>/dev/null
  exit 1
}

ip netns add $srv && ip netns add $cli || { echo "skip: no netns"; exit 77; }
ip -n $srv link add veth0 type veth peer name veth1 netns $cli || exit 77
ip -n $srv addr add 192.0.2.1/24 dev veth0
ip -n $srv link set veth0 up
ip -n $cli addr add 192.0.2.50/24 dev veth1
ip -n $cli link set veth1 up

url=http://gw.example.net:8080
tenant='x"y\z,w'
generic="$url/tenantid/$tenant/lang_fr"
cisco="$generic/\$PSN.xml"
for f in isc kea dnsmasq; do
  "$ctl" dhcp --url=$url --tenant="$tenant" --lang=fr \
    --ntp=10.0.0.1,10.0.0.2 --utc-offset=-18000 --format=$f >"$dir/$f" ||
    fail "passerelle-ctl --format=$f"
done

# probe <vendor class> <option 55>: the offer's options in $dir/probe.
probe() {
  ip netns exec $cli python3 "$here/dhcp_probe.py" veth1 "$1" "$2" \
    >"$dir/probe" || fail "no offer for '$1'"
}

# check <server>: three phones, each gets its URL, NTP and offset.
check() {
  probe "Yealink SIP-T46S" 1,3,6,66,160,42,2
  grep -qxF "66: $generic" "$dir/probe" || fail "$1: Yealink 66"
  grep -qxF "42: 10.0.0.1,10.0.0.2" "$dir/probe" || fail "$1: 42"
  grep -qxF "2: -18000" "$dir/probe" || fail "$1: 2"
  probe "Cisco Systems, Inc. IP Phone CP-8851-3PCC" 1,3,6,66,160,42,2
  grep -qxF "66: $cisco" "$dir/probe" || fail "$1: Cisco 66"
  grep -qxF "160: $cisco" "$dir/probe" || fail "$1: Cisco 160"
  # A phone that leaves 160 out of option 55 still gets it.
  probe "Polycom-VVX400" 1,3,6,42,2
  grep -qxF "160: $generic" "$dir/probe" || fail "$1: Poly 160"
}

# run_server <name> <command...>: starts it in the server namespace.
run_server() {
  name=$1
  shift
  ip netns exec $srv "$@" >"$dir/$name.log" 2>&1 &
  pid=$!
  check "$name"
  kill "$pid"
  wait "$pid" 2>/dev/null
  pid=
  echo "$name: ok"
}

run_server dnsmasq dnsmasq --no-daemon --port=0 --interface=veth0 \
  --bind-interfaces --dhcp-range=192.0.2.100,192.0.2.150,1h \
  --dhcp-leasefile="$dir/dnsmasq.leases" --conf-file="$dir/dnsmasq"

{
  cat "$dir/isc"
  echo 'authoritative;'
  echo 'subnet 192.0.2.0 netmask 255.255.255.0 {'
  echo '  range 192.0.2.100 192.0.2.150;'
  echo '}'
} >"$dir/dhcpd.conf"
touch "$dir/dhcpd.leases"
run_server dhcpd dhcpd -f -4 -cf "$dir/dhcpd.conf" -lf "$dir/dhcpd.leases" \
  -pf "$dir/dhcpd.pid" veth0

python3 - "$dir" <<'PY' || fail "cannot complete the Kea config"
import json, sys
d = sys.argv[1]
doc = json.load(open(d + '/kea'))
dhcp4 = doc['Dhcp4']
dhcp4['interfaces-config'] = {'interfaces': ['veth0']}
dhcp4['lease-database'] = {'type': 'memfile', 'persist': False}
dhcp4['subnet4'] = [{'id': 1, 'subnet': '192.0.2.0/24',
                     'pools': [{'pool': '192.0.2.100 - 192.0.2.150'}]}]
dhcp4['loggers'] = [{'name': 'kea-dhcp4', 'severity': 'WARN',
                     'output_options': [{'output': d + '/kea-dhcp4.log'}]}]
json.dump(doc, open(d + '/kea.json', 'w'))
PY
run_server kea env KEA_PIDFILE_DIR="$dir" KEA_LOCKFILE_DIR="$dir" \
  kea-dhcp4 -c "$dir/kea.json"

echo "dhcp_wire: ok"
