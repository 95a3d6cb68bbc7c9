#!/usr/bin/env python3
"""Instructions per REGISTER flow of the real gateway, by callgrind.

Starts passerelle under `valgrind --tool=callgrind --instr-atstart=no` on
loopback, provisions --devices devices, registers them once with SIPp
(tools/bench/register/register.xml: REGISTER, 401, REGISTER with digest,
200), then switches instrumentation on, registers them again (the refresh
phase, "phase b" of BENCHMARKS.md: answered on the SIP I/O thread alone),
dumps and stops the gateway. With --phase initial it measures the first
registrations instead ("phase a": each stores a new binding through the
registrar, fleet, device and store actors). Prints the instructions per
flow spent in `hub_state::deliver` (everything from a received datagram
to the answer handed to the socket: Via stamping, parse, classify,
transactions, digest, registrar, response), in the UDP receive handler
around it, in the actors (`scheduled_actor::resume`: the registrar,
fleet, device and store actors, RocksDB's write included), and in the
whole process (which also counts CAF's idle workers and timers, so it
depends on timing). Instruction counts do not depend on machine load.

  flow_instructions.py --passerelle build/gateway/passerelle [--devices 200]
                       [--rate 10] [--phase refresh|initial] [--keep DIR]

Counts retransmissions too: a run that has any says so (its count is off).
"""

import argparse
import csv
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", "..", ".."))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(root, "tools", "bench", "register"))
import provision  # noqa: E402
from bench import free_port  # noqa: E402

SCENARIO = os.path.join(root, "tools", "bench", "register", "register.xml")
REALM = "passerelle.local"
FUNCTIONS = {
    "deliver": "passerelle::sip::transport::hub_state::deliver(",
    "udp receive": "passerelle::sip::transport::udp_endpoint::on_receive(",
    "actors": "caf::scheduled_actor::resume(",
}


def wait_healthy(port, proc, limit=120):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("passerelle exited early")
        try:
            with urllib.request.urlopen(
                    "http://127.0.0.1:%d/healthz" % port, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("passerelle not healthy")


def run_sipp(sip_port, lport, rows, workdir, tag, rate):
    d = os.path.join(workdir, tag)
    os.makedirs(d)
    with open(os.path.join(d, "devices.csv"), "w") as f:
        f.write("SEQUENTIAL\n")
        for user, password, _ in rows:
            f.write("%s;%s;127.0.0.1\n" % (user, password))
    cmd = ["sipp", "127.0.0.1:%d" % sip_port, "-sf", SCENARIO,
           "-inf", "devices.csv", "-key", "domain", REALM,
           "-auth_uri", REALM, "-i", "127.0.0.1", "-p", str(lport),
           "-key", "lport", str(lport), "-m", str(len(rows)),
           "-r", str(rate), "-nostdin", "-trace_stat", "-stf", "stat.csv",
           "-timeout", "600s", "-timeout_error"]
    with open(os.path.join(d, "sipp.out"), "w") as out:
        code = subprocess.call(cmd, cwd=d, stdout=out,
                               stderr=subprocess.STDOUT)
    with open(os.path.join(d, "stat.csv")) as f:
        last = list(csv.DictReader(f, delimiter=";"))[-1]
    return (code, int(last["SuccessfulCall(C)"]), int(last["FailedCall(C)"]),
            int(last["Retransmissions(C)"]))


def inclusive(dump, functions=FUNCTIONS):
    """(program total, {key: inclusive count of the first function whose
    name contains functions[key]}) of a callgrind dump."""
    out = subprocess.run(["callgrind_annotate", "--inclusive=yes",
                          "--threshold=100", dump],
                         capture_output=True, text=True, check=True).stdout
    total = None
    found = {}
    for line in out.splitlines():
        m = re.match(r"\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)", line)
        if m is None:
            continue
        count = int(m.group(1).replace(",", ""))
        name = m.group(2)
        if "PROGRAM TOTALS" in name:
            total = count
        for key, prefix in functions.items():
            if prefix in name and key not in found:
                found[key] = count
    return total, found


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--passerelle", required=True)
    ap.add_argument("--devices", type=int, default=200)
    ap.add_argument("--rate", type=int, default=10, help="flows per second")
    ap.add_argument("--phase", choices=("refresh", "initial"),
                    default="refresh", help="which registrations to count")
    ap.add_argument("--keep", help="keep the work files in this directory")
    a = ap.parse_args()
    work = a.keep or tempfile.mkdtemp(prefix="flow-instructions-")
    os.makedirs(work, exist_ok=True)
    http_port = free_port()
    sip_port = free_port(avoid={http_port})
    sips_port = free_port(avoid={http_port, sip_port})
    token = "f" * 32
    dump = os.path.join(work, "callgrind.out")
    cmd = ["valgrind", "--tool=callgrind", "--instr-atstart=no",
           "--callgrind-out-file=" + dump, a.passerelle,
           "--bind=127.0.0.1", "--data-dir=" + os.path.join(work, "data"),
           "--http-port=%d" % http_port, "--sip-port=%d" % sip_port,
           "--sips-port=%d" % sips_port, "--media-ports=10000-10999",
           "--admin-token=" + token, "--digest-algorithms=MD5",
           "--domain=" + REALM, "--durability=nosync"]
    log = open(os.path.join(work, "gateway.log"), "w")
    proc = subprocess.Popen(cmd, stdout=log, stderr=log)
    try:
        wait_healthy(http_port, proc)
        rows, _ = provision.provision("http://127.0.0.1:%d" % http_port,
                                      token, a.devices, connections=2)
        # The same source port both times: the refresh changes no binding.
        lport = free_port(avoid={http_port, sip_port, sips_port})
        instrument = ["callgrind_control", "-i", "on", str(proc.pid)]
        if a.phase == "initial":
            subprocess.run(instrument, check=True, capture_output=True)
        first = run_sipp(sip_port, lport, rows, work, "register", a.rate)
        if a.phase == "initial":
            measured = first
        else:
            subprocess.run(instrument, check=True, capture_output=True)
            measured = run_sipp(sip_port, lport, rows, work, "refresh",
                                a.rate)
        subprocess.run(["callgrind_control", "-d", str(proc.pid)],
                       check=True, capture_output=True)
        subprocess.run(["callgrind_control", "-i", "off", str(proc.pid)],
                       check=True, capture_output=True)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    print("first registrations%s: sipp exit %d, %d ok, %d failed, "
          "%d retransmissions"
          % ((" (measured)" if a.phase == "initial" else "",) + first))
    if a.phase == "refresh":
        print("refreshes (measured): sipp exit %d, %d ok, %d failed, "
              "%d retransmissions" % measured)
    dumps = sorted(f for f in os.listdir(work)
                   if f.startswith("callgrind.out") and f != "callgrind.out")
    total, found = inclusive(os.path.join(work, dumps[0]))
    flows = measured[1]
    for key in FUNCTIONS:
        if key in found:
            print("%-12s %10.0f instructions per flow" %
                  (key, found[key] / flows))
    print("%-12s %10.0f instructions per flow (timing-dependent)" %
          ("process", total / flows))
    if a.keep:
        print("dump: %s" % os.path.join(work, dumps[0]))
    else:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
