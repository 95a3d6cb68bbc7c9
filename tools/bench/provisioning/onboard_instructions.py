#!/usr/bin/env python3
"""Instructions per first configuration fetch of the real gateway, by callgrind.

Starts passerelle under `valgrind --tool=callgrind --instr-atstart=no` on
loopback, switches instrumentation on, lets wrk (storm.lua, as the boot
storm's phase (a)) fetch --devices distinct Yealink MACs' <mac>.cfg once
each over --connections keep-alive connections, dumps and stops the
gateway. Every fetch onboards a new device: the front hands it to the
onboarding bridge, credentials are derived, the fleet spawns the device
actor, which stores two events, then the file is rendered and answered.
With --mode boot each MAC first fetches <mac>.boot (rendered, no event),
as phase (c) does; the figures are then per MAC, two requests each.

Prints the instructions per MAC in the whole process and, inclusive, in
the actors (`scheduled_actor::resume`: bridge, fleet, device and store
actors, RocksDB's write included), the store's stage and commit, the
credential derivation, the renderer and the front's request handling.
Instruction counts do not depend on machine load, but the store's group
commit batches by timing, and valgrind's CPU has no SHA extensions, so
SHA-256 costs several times what it costs natively.

  onboard_instructions.py --passerelle build/gateway/passerelle
                          [--devices 1000] [--connections 8]
                          [--mode cfg|boot] [--keep DIR]
"""

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", "..", ".."))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(root, "tools", "bench", "register"))
sys.path.insert(0, os.path.join(root, "tools", "bench", "sip_syntax"))
from bench import free_port  # noqa: E402
from flow_instructions import inclusive  # noqa: E402

FUNCTIONS = {
    "actors": "caf::scheduled_actor::resume(",
    "store stage": "passerelle::storage::event_store::stage(",
    "store commit": "passerelle::storage::event_store::commit(",
    "credentials": "passerelle::http::derive_credentials(",
    "render": "passerelle::provisioning::render(",
    "front": "passerelle::http::front_connection::step(",
}


def wait_port(port, proc, limit=300):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("passerelle exited early")
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("passerelle did not open its HTTP port")


def storm(port, devices, connections, mode, outdir):
    """Runs wrk until every MAC is answered; returns the status counts."""
    os.makedirs(outdir)
    cmd = ["wrk", "-t", "1", "-c", str(connections), "-d", "3600s",
           "-T", "60s", "-s", os.path.join(here, "storm.lua"),
           "http://127.0.0.1:%d/" % port, "--", str(devices), "1", outdir,
           "/", mode, "0"]
    wrk = subprocess.Popen(cmd, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    done = os.path.join(outdir, "thread-0.txt")
    deadline = time.monotonic() + 1800
    while not os.path.exists(done):
        if wrk.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("wrk stopped before every MAC was answered")
        time.sleep(0.2)
    time.sleep(0.1)  # let it close the file
    wrk.send_signal(signal.SIGINT)
    wrk.wait()
    statuses = {}
    with open(done) as f:
        for line in f:
            parts = line.split()
            if parts and parts[0] == "status":
                statuses[int(parts[1])] = int(parts[2])
    return statuses


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--passerelle", required=True)
    ap.add_argument("--devices", type=int, default=1000)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--mode", choices=("cfg", "boot"), default="cfg")
    ap.add_argument("--keep", help="keep the work files in this directory")
    a = ap.parse_args()
    work = a.keep or tempfile.mkdtemp(prefix="onboard-instructions-")
    os.makedirs(work, exist_ok=True)
    http_port = free_port()
    sip_port = free_port(avoid={http_port})
    sips_port = free_port(avoid={http_port, sip_port})
    dump = os.path.join(work, "callgrind.out")
    cmd = ["valgrind", "--tool=callgrind", "--instr-atstart=no",
           "--callgrind-out-file=" + dump, a.passerelle,
           "--bind=127.0.0.1", "--data-dir=" + os.path.join(work, "data"),
           "--http-port=%d" % http_port, "--sip-port=%d" % sip_port,
           "--sips-port=%d" % sips_port, "--media-ports=10000-10999",
           "--admin-token=" + "f" * 32, "--durability=nosync"]
    log = open(os.path.join(work, "gateway.log"), "w")
    proc = subprocess.Popen(cmd, stdout=log, stderr=log)
    try:
        wait_port(http_port, proc)
        subprocess.run(["callgrind_control", "-i", "on", str(proc.pid)],
                       check=True, capture_output=True)
        statuses = storm(http_port, a.devices, a.connections, a.mode,
                         os.path.join(work, "wrk"))
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
    print("statuses: " + ", ".join("%d: %d" % kv for kv in sorted(statuses.items())))
    if set(statuses) != {200}:
        print("not every fetch was answered 200: the counts are off")
    dumps = sorted(f for f in os.listdir(work)
                   if f.startswith("callgrind.out") and f != "callgrind.out")
    total, found = inclusive(os.path.join(work, dumps[0]), FUNCTIONS)
    for key in FUNCTIONS:
        if key in found:
            print("%-13s %9.0f instructions per MAC" %
                  (key, found[key] / a.devices))
    print("%-13s %9.0f instructions per MAC (timing-dependent)" %
          ("process", total / a.devices))
    if a.keep:
        print("dump: %s" % os.path.join(work, dumps[0]))
    else:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
