#!/usr/bin/env python3
"""Provisioning boot storm: Passerelle against nginx, both driven by wrk.

Phase (a): TOTAL distinct Yealink MACs each ask for their per-MAC file
once, over keep-alive connections (every request onboards a new device in
Passerelle: two events stored, fsynced in sync mode, before the answer).
Phase (b): the same MACs again (render only, no event). Phase (c): TOTAL
new MACs each walk a factory-reset Yealink's boot sequence, <mac>.boot
(rendered, no event) and, once it is answered, <mac>.cfg (onboards). Phase
(d): the gateway restarts on its data, then phase (a)'s MACs fetch again,
as after a power cut (known phones; no event; the restart's time to an
open port and the RSS then are printed). nginx serves the files
Passerelle rendered, pre-rendered into a directory, same paths, same wrk
script, and restarts before its phase (d). Server on core 0, wrk on core 1 (taskset). Each run starts a
fresh Passerelle data dir; runs alternate the two servers.

Requests/s = answers / (last answer - first send), from the wrk script's
own clock; latency percentiles from the script's per-request times (the
MAC in the answer matches it to its request). Server CPU = utime+stime
from /proc/PID/stat over the phase (nginx: its worker).
"""
import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CLK_TCK = os.sysconf("SC_CLK_TCK")
UA_HEAD = "Yealink SIP-T46S 66.86.0.15 "


def mac_of(n):
    return "805ec0%06x" % n


def colons(mac):
    return ":".join(mac[i:i + 2] for i in range(0, 12, 2))


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def wait_port(port, proc, timeout=120.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    proc.kill()
    proc.wait()
    raise RuntimeError(f"port {port} did not open within {timeout:.0f}s")


def stop(proc, sig=signal.SIGTERM, timeout=20.0):
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    k = min(len(sorted_values) - 1, max(0, int(round(p / 100 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


PHASES = {
    # phase: (storm.lua mode, first MAC number, requests per MAC)
    "a": ("cfg", 0, 1),
    "b": ("cfg", 0, 1),
    "c": ("boot", None, 2),  # MACs after phase (a)'s
    "d": ("cfg", 0, 1),  # after a restart of the server
}


def run_wrk(args, port, outdir, cpu_pid, phase):
    """One phase: returns a dict of results."""
    mode, first_mac, per_mac = PHASES[phase]
    if first_mac is None:
        first_mac = args.devices
    expected = args.devices * per_mac
    shutil.rmtree(outdir, ignore_errors=True)
    os.makedirs(outdir)
    cmd = ["taskset", "-c", args.load_core, "wrk", "-t", str(args.threads),
           "-c", str(args.connections), "-d", "3600s", "-T", "60s",
           "-s", os.path.join(HERE, "storm.lua"), f"http://127.0.0.1:{port}/",
           "--", str(args.devices), str(args.threads), outdir, args.prefix,
           mode, str(first_mac)]
    cpu0 = cpu_seconds(cpu_pid)
    wall0 = time.monotonic()
    wrk = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True)
    files = [os.path.join(outdir, f"thread-{i}.txt") for i in range(args.threads)]
    complete = False
    while time.monotonic() - wall0 < args.phase_timeout:
        if all(os.path.exists(f) for f in files):
            time.sleep(0.05)  # let the last writer close its file
            complete = True
            break
        if wrk.poll() is not None:
            break
        time.sleep(0.02)
    cpu1 = cpu_seconds(cpu_pid)
    stop(wrk, signal.SIGINT)
    out = wrk.stdout.read()
    firsts, lasts, lat, statuses = [], [], [], {}
    answered = unmatched = early = 0
    for f in files:
        if not os.path.exists(f):
            continue
        with open(f) as fh:
            for line in fh:
                parts = line.split()
                if not parts:
                    continue
                if parts[0] == "first":
                    firsts.append(float(parts[1]))
                elif parts[0] == "last":
                    lasts.append(float(parts[1]))
                elif parts[0] == "answered":
                    answered += int(parts[1])
                elif parts[0] == "unmatched":
                    unmatched += int(parts[1])
                elif parts[0] == "early":
                    early += int(parts[1])
                elif parts[0] == "status":
                    statuses[int(parts[1])] = statuses.get(int(parts[1]), 0) + int(parts[2])
                else:
                    lat.append(float(parts[0]))
    lat.sort()
    secs = (max(lasts) - min(firsts)) / 1e6 if firsts else float("nan")
    errors = [l.strip() for l in out.splitlines()
              if l.strip().startswith(("Socket errors", "Non-2xx"))]
    bad = sum(n for code, n in statuses.items() if not 200 <= code < 300)
    if not complete:
        errors.append(f"incomplete: {answered}/{expected} answered "
                      f"within {args.phase_timeout}s")
    if bad:
        errors.append("statuses " + ",".join(f"{c}:{n}" for c, n in sorted(statuses.items())))
    if unmatched:
        errors.append(f"{unmatched} answers without a known MAC")
    return {
        "answered": answered,
        "seconds": secs,
        "rps": answered / secs if secs else float("nan"),
        "p50_ms": percentile(lat, 50) / 1000,
        "p99_ms": percentile(lat, 99) / 1000,
        "max_ms": lat[-1] / 1000 if lat else float("nan"),
        "cpu_s": cpu1 - cpu0,
        "per_cpu_s": answered / (cpu1 - cpu0) if cpu1 > cpu0 else float("nan"),
        "cores": (cpu1 - cpu0) / secs if secs else float("nan"),
        "errors": errors,
        # "boot" mode: .cfg requests sent before their .boot's answer (the
        # last few MACs only; see storm.lua).
        "early": early,
    }


def start_passerelle(args, datadir):
    cmd = ["taskset", "-c", args.server_core, args.passerelle,
           "--bind=127.0.0.1", f"--data-dir={datadir}",
           f"--http-port={args.http_port}", f"--sip-port={args.sip_port}",
           f"--sips-port={args.sip_port + 1}", "--media-ports=10000-10999",
           "--admin-token=" + "provbench-admin-token-0123456789abcdef",
           f"--durability={args.durability}"] + args.passerelle_args
    log = open(datadir + ".log", "a")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    wait_port(args.http_port, proc)
    return proc


def render_files(args, root):
    """Fetch every MAC's file from the running Passerelle (render-only now).

    One connection per request (Connection: close): on a keep-alive
    connection each answer waits ~40 ms for the client's delayed ACK (see
    BENCHMARKS.md), which would make this step take minutes.
    """
    os.makedirs(root, exist_ok=True)
    os.chmod(root, 0o755)
    sizes = []
    files = [(n, "cfg") for n in range(args.devices)]
    if "c" in args.phases:
        files += [(n, kind) for n in range(args.devices, 2 * args.devices)
                  for kind in ("boot", "cfg")]
    for n, kind in files:
        mac = mac_of(n)
        conn = http.client.HTTPConnection("127.0.0.1", args.http_port, timeout=30)
        conn.request("GET", f"{args.prefix}{mac}.{kind}",
                     headers={"User-Agent": UA_HEAD + colons(mac),
                              "Connection": "close"})
        resp = conn.getresponse()
        body = resp.read()
        conn.close()
        if resp.status != 200:
            raise RuntimeError(f"rendering {mac}.{kind}: HTTP {resp.status}")
        path = os.path.join(root, args.prefix.strip("/"), f"{mac}.{kind}")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(body)
        os.chmod(path, 0o644)
        sizes.append(len(body))
    return sizes


def start_nginx(args, prefix, root):
    os.makedirs(prefix, exist_ok=True)
    os.chmod(prefix, 0o755)
    with open(os.path.join(HERE, "nginx.conf.in")) as f:
        conf = f.read()
    conf = (conf.replace("@PREFIX@", prefix).replace("@ROOT@", root)
            .replace("@PORT@", str(args.nginx_port)))
    path = os.path.join(prefix, "nginx.conf")
    with open(path, "w") as f:
        f.write(conf)
    proc = subprocess.Popen(["taskset", "-c", args.server_core, "nginx",
                             "-p", prefix, "-c", path],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wait_port(args.nginx_port, proc)
    workers = []
    deadline = time.monotonic() + 5
    while not workers and time.monotonic() < deadline:
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as fh:
                        ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
                except OSError:
                    continue
                if ppid == proc.pid:
                    workers.append(int(entry))
        time.sleep(0.05)
    if len(workers) != 1:
        raise RuntimeError(f"expected one nginx worker, found {workers}")
    return proc, workers[0]


def fmt_range(values, f="{:.0f}"):
    values = [v for v in values if v == v]
    if not values:
        return "n/a"
    med = statistics.median(values)
    return f"{f.format(med)} ({f.format(min(values))}–{f.format(max(values))})"


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--passerelle", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--devices", type=int, default=10000)
    ap.add_argument("--connections", type=int, default=8,
                    help="keep-alive connections (phones fetching at once)")
    ap.add_argument("--threads", type=int, default=1, help="wrk threads")
    ap.add_argument("--durability", default="sync", choices=["sync", "nosync"])
    ap.add_argument("--prefix", default="/", help="path prefix, e.g. /lang_fr/")
    ap.add_argument("--http-port", type=int, default=18480)
    ap.add_argument("--sip-port", type=int, default=15460)
    ap.add_argument("--nginx-port", type=int, default=18481)
    ap.add_argument("--server-core", default="0")
    ap.add_argument("--load-core", default="1")
    ap.add_argument("--phase-timeout", type=float, default=600)
    ap.add_argument("--passerelle-args", action="append", default=[])
    ap.add_argument("--skip-nginx", action="store_true")
    ap.add_argument("--phases", default="abcd",
                    help="which of a, b, c, d to run (in that order)")
    ap.add_argument("--json", help="write all per-run results here")
    args = ap.parse_args()
    if not args.prefix.startswith("/") or not args.prefix.endswith("/"):
        ap.error("--prefix must start and end with /")

    os.makedirs(args.workdir, exist_ok=True)
    os.chmod(args.workdir, 0o755)
    root = os.path.join(args.workdir, "nginx-root")
    if not args.phases or set(args.phases) - set(PHASES):
        ap.error("--phases takes letters among a, b, c, d")
    phases = [p for p in PHASES if p in args.phases]
    results = {f"{server} {p}": [] for server in ("passerelle", "nginx")
               for p in phases}
    sizes = None
    for run in range(args.runs):
        datadir = os.path.join(args.workdir, f"data-{run}")
        shutil.rmtree(datadir, ignore_errors=True)
        gw = start_passerelle(args, datadir)
        try:
            for phase in phases:
                restart = None
                if phase == "d":
                    stop(gw)
                    began = time.monotonic()
                    gw = start_passerelle(args, datadir)
                    # Until the HTTP port opens: the log read back, the
                    # registrar and the onboarding cache filled.
                    restart = (time.monotonic() - began, rss_kb(gw.pid))
                r = run_wrk(args, args.http_port,
                            os.path.join(args.workdir, "wrk-out"), gw.pid, phase)
                if restart:
                    r["restart_s"], r["rss_after_restart_kb"] = restart
                results[f"passerelle {phase}"].append(r)
                print(f"run {run + 1} passerelle ({phase}): {r['rps']:.0f} req/s, "
                      f"p99 {r['p99_ms']:.2f} ms, {r['per_cpu_s']:.0f} req/CPU-s"
                      + (f", {r['early']} early .cfg" if r["early"] else "")
                      + (f", restart {r['restart_s']:.2f} s, RSS then "
                         f"{r['rss_after_restart_kb'] / 1024:.1f} MB"
                         if "restart_s" in r else "")
                      + (f", ERRORS: {'; '.join(r['errors'])}" if r["errors"] else ""),
                      file=sys.stderr, flush=True)
            if sizes is None and not args.skip_nginx:
                shutil.rmtree(root, ignore_errors=True)
                sizes = render_files(args, root)
        finally:
            stop(gw)
        if gw.returncode not in (0, -signal.SIGTERM):
            print(f"passerelle exited with {gw.returncode}", file=sys.stderr)
        if args.skip_nginx:
            continue
        ng, worker = start_nginx(args, os.path.join(args.workdir, "nginx"), root)
        try:
            for phase in phases:
                if phase == "d":
                    stop(ng, signal.SIGQUIT)
                    ng, worker = start_nginx(
                        args, os.path.join(args.workdir, "nginx"), root)
                r = run_wrk(args, args.nginx_port,
                            os.path.join(args.workdir, "wrk-out"), worker, phase)
                results[f"nginx {phase}"].append(r)
                print(f"run {run + 1} nginx ({phase}): {r['rps']:.0f} req/s, "
                      f"p99 {r['p99_ms']:.2f} ms, {r['per_cpu_s']:.0f} req/CPU-s"
                      + (f", {r['early']} early .cfg" if r["early"] else "")
                      + (f", ERRORS: {'; '.join(r['errors'])}" if r["errors"] else ""),
                      file=sys.stderr, flush=True)
        finally:
            stop(ng, signal.SIGQUIT)

    print(f"{args.devices} distinct MACs, {args.connections} keep-alive connections, "
          f"wrk -t{args.threads} on core {args.load_core}, server on core "
          f"{args.server_core}, Passerelle --durability={args.durability}, "
          f"{args.runs} runs (median, range)")
    if sizes:
        print(f"file sizes: {min(sizes)}–{max(sizes)} bytes "
              f"(mean {statistics.mean(sizes):.0f})")
    print()
    print("| server | phase | requests/s | p50 ms | p99 ms | requests/server CPU-s "
          "| server cores | errors |")
    print("|---|---|---|---|---|---|---|---|")
    names = {"a": "(a) first boot, onboards", "b": "(b) second pass, render",
             "c": "(c) boot sequence, new MACs (.boot, then .cfg onboards)",
             "d": "(d) after a gateway restart: known phones"}
    nginx_names = {"a": "(a) first pass", "b": "(b) second pass",
                   "c": "(c) boot sequence (.boot, .cfg)",
                   "d": "(d) after a restart"}
    for key, rs in results.items():
        if not rs:
            continue
        server, phase = key.split()
        label = names[phase] if server == "passerelle" else nginx_names[phase]
        errs = sorted({e for r in rs for e in r["errors"]})
        print(f"| {server} | {label} | {fmt_range([r['rps'] for r in rs])} "
              f"| {fmt_range([r['p50_ms'] for r in rs], '{:.2f}')} "
              f"| {fmt_range([r['p99_ms'] for r in rs], '{:.2f}')} "
              f"| {fmt_range([r['per_cpu_s'] for r in rs])} "
              f"| {fmt_range([r['cores'] for r in rs], '{:.2f}')} "
              f"| {'; '.join(errs) if errs else 'none'} |")
    restarts = [r for r in results.get("passerelle d", []) if "restart_s" in r]
    if restarts:
        print()
        onboarded = args.devices * (("a" in phases) + ("c" in phases))
        print(f"Passerelle's restart before phase (d), {onboarded} phones "
              f"onboarded: "
              f"{fmt_range([r['restart_s'] for r in restarts], '{:.2f}')} s "
              f"to an open port, RSS then "
              f"{fmt_range([r['rss_after_restart_kb'] / 1024 for r in restarts], '{:.1f}')} MB.")
    if not args.skip_nginx:
        print()
        for phase in phases:
            p = statistics.median(r["rps"] for r in results[f"passerelle {phase}"])
            n = statistics.median(r["rps"] for r in results[f"nginx {phase}"])
            pc = statistics.median(r["per_cpu_s"] for r in results[f"passerelle {phase}"])
            nc = statistics.median(r["per_cpu_s"] for r in results[f"nginx {phase}"])
            print(f"Phase ({phase}): Passerelle / nginx = {p / n:.2f}× requests/s, "
                  f"{pc / nc:.2f}× requests per server CPU-second (target ≥ 0.7×).")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
