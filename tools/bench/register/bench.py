#!/usr/bin/env python3
"""REGISTER benchmark: Passerelle against Kamailio 5.6, both driven by SIPp.

Per run: start Passerelle (pinned to core 0), create N devices through the
admin API (setup, timed), then
  phase a: N initial registrations (REGISTER, 401, REGISTER + digest, 200),
           every one a new binding (a stored `registration_bound` event);
  phase b: N refreshes of the same devices from the same source, which
           change nothing and are answered from memory;
  (--phase-c) idle until Passerelle's device actors have passivated, then
  phase c: N registrations with a new contact (another source port), each
           a binding to store (Passerelle respawns the device actor first);
stop it; start Kamailio (pinned to core 0, registrar + usrloc in memory,
digest against an htable of the same MAC -> HA1 pairs), run the same
phases with the same SIPp scenario and stop it. SIPp is pinned to core 1.
Passerelle's phases a and b start at once: its device actors passivate 60 s
after their last use, and a later start would measure their re-activation.

Every device sends from its own source address: 127.1.x.y (a pool of --ips
addresses, device i on address i mod --ips) and the SIPp process's fixed
port, with SIPp's `-t ui`. One source address for all (SIPp's default)
meets Passerelle's per-address flood limit (200 messages/s); the
--single-source-probe run shows what that gives.

Reports per second, per server CPU-second (utime+stime of the server's
processes over the phase, /proc/PID/stat), SIPp's own CPU, latency
percentiles (SIPp -trace_rtt: whole ms, and SIPp's clock moves in 4 ms
steps on this machine), failures and
retransmissions, and memory: RSS for Passerelle (one process), PSS summed
over Kamailio's processes (/proc/PID/smaps_rollup).
"""

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import provision  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIO = os.path.join(HERE, "register.xml")
KAMAILIO_CFG = os.path.join(HERE, "kamailio-register.cfg")
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def log(*args):
    print(*args, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- /proc ----

def _stat_fields(pid):
    with open("/proc/%d/stat" % pid) as f:
        text = f.read()
    # comm may hold spaces: fields start after the last ')'.
    return text[text.rindex(")") + 2:].split()


def descendants(pid):
    """pid and every live descendant."""
    children = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            ppid = int(_stat_fields(int(name))[1])
        except (OSError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        try:
            f = _stat_fields(pid)
        except OSError:
            continue
        total += int(f[11]) + int(f[12])  # utime, stime
    return total / CLK_TCK


def busy_seconds():
    """Non-idle CPU time of the whole machine (all cores)."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal (guest is in user)
    return (sum(fields[:8]) - fields[3] - fields[4]) / CLK_TCK


def wait_quiet(own_pids, limit=0.15, seconds=3, max_wait=600):
    """Waits until the machine, apart from `own_pids`, has used less than
    `limit` cores for `seconds` consecutive seconds (other jobs compiling
    skew a 2-core benchmark). Returns the seconds waited, or None when it
    gave up after `max_wait`."""
    started = time.monotonic()
    quiet = 0
    while quiet < seconds:
        if time.monotonic() - started > max_wait:
            return None
        b0, c0 = busy_seconds(), cpu_seconds(own_pids)
        time.sleep(1)
        b1, c1 = busy_seconds(), cpu_seconds(own_pids)
        quiet = quiet + 1 if (b1 - b0) - (c1 - c0) < limit else 0
    return time.monotonic() - started


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def pss_kb(pids):
    total = 0
    for pid in pids:
        try:
            with open("/proc/%d/smaps_rollup" % pid) as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            pass
    return total


# -------------------------------------------------------------- helpers ----

def free_port(avoid=()):
    """A port free for both UDP and TCP on 127.0.0.1."""
    while True:
        port = random.randint(20000, 29999)
        if port in avoid:
            continue
        ok = True
        for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
            s = socket.socket(socket.AF_INET, kind)
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                ok = False
            finally:
                s.close()
        if ok:
            return port


def sip_ping(port, timeout):
    """Waits until an OPTIONS to 127.0.0.1:port gets a 200."""
    deadline = time.monotonic() + timeout
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    s.settimeout(0.2)
    lport = s.getsockname()[1]
    n = 0
    try:
        while time.monotonic() < deadline:
            n += 1
            msg = ("OPTIONS sip:ping@127.0.0.1:%d SIP/2.0\r\n"
                   "Via: SIP/2.0/UDP 127.0.0.1:%d;branch=z9hG4bK-ping%d\r\n"
                   "Max-Forwards: 70\r\n"
                   "From: <sip:ping@127.0.0.1>;tag=p%d\r\n"
                   "To: <sip:ping@127.0.0.1>\r\n"
                   "Call-ID: ping-%d-%d@127.0.0.1\r\n"
                   "CSeq: %d OPTIONS\r\n"
                   "Content-Length: 0\r\n\r\n"
                   % (port, lport, n, n, os.getpid(), n, n))
            s.sendto(msg.encode(), ("127.0.0.1", port))
            try:
                data = s.recv(65535)
                if data.startswith(b"SIP/2.0 200"):
                    return True
            except OSError:
                time.sleep(0.1)
        return False
    finally:
        s.close()


def stop_process(proc, name, grace=30):
    """SIGTERM the process we started (by PID), SIGKILL after `grace` s."""
    if proc.poll() is not None:
        return proc.returncode
    proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(grace)
    except subprocess.TimeoutExpired:
        log("%s did not stop in %d s after SIGTERM; SIGKILL" % (name, grace))
        proc.kill()
        return proc.wait()


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    k = max(0, min(len(sorted_values) - 1,
                   int(round(p / 100.0 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


def source_ip(index, ips):
    j = index % ips
    return "127.1.%d.%d" % (j // 250, j % 250 + 1)


# --------------------------------------------------------------- servers ---

class Server:
    """What both servers share: a stderr log (`self.stderr`, opened on
    `self.stderr_path`)."""

    def stderr_tail(self, lines=20):
        if not self.stderr.closed:
            self.stderr.flush()
        try:
            with open(self.stderr_path) as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return ""


class Passerelle(Server):
    name = "passerelle"

    def __init__(self, binary, workdir, realm, durability, extra_args=()):
        self.dir = os.path.join(workdir, "passerelle")
        shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(self.dir)
        self.token = "%032x%016x" % (random.getrandbits(128),
                                     random.getrandbits(64))
        self.realm = realm
        self.http_port = free_port()
        self.sip_port = free_port({self.http_port})
        self.sips_port = free_port({self.http_port, self.sip_port})
        cmd = ["taskset", "-c", "0", binary, "--bind=127.0.0.1",
               "--data-dir=" + os.path.join(self.dir, "data"),
               "--http-port=%d" % self.http_port,
               "--sip-port=%d" % self.sip_port,
               "--sips-port=%d" % self.sips_port,
               "--media-ports=10000-10999",
               "--admin-token=" + self.token,
               "--digest-algorithms=MD5",
               "--domain=" + realm,
               "--durability=" + durability] + list(extra_args)
        self.cmd = cmd
        self.stdout = open(os.path.join(self.dir, "stdout.log"), "w")
        self.stderr_path = os.path.join(self.dir, "stderr.log")
        self.stderr = open(self.stderr_path, "w")
        self.proc = subprocess.Popen(cmd, stdout=self.stdout,
                                     stderr=self.stderr)
        self.pid = self.proc.pid  # taskset execs the binary: same pid
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise

    def _wait_ready(self):
        deadline = time.monotonic() + 30
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError("passerelle exited (%d): %s" % (
                    self.proc.returncode, self.stderr_tail()))
            try:
                with urllib.request.urlopen(
                        "http://127.0.0.1:%d/healthz" % self.http_port,
                        timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("passerelle not healthy after 30 s")
            time.sleep(0.1)
        if not sip_ping(self.sip_port, 10):
            raise RuntimeError("passerelle does not answer OPTIONS")

    def pids(self):
        return [self.pid]

    def cpu(self):
        return cpu_seconds(self.pids())

    def memory_kb(self):
        return rss_kb(self.pid)

    def metrics(self):
        with urllib.request.urlopen(
                "http://127.0.0.1:%d/metrics" % self.http_port,
                timeout=10) as r:
            text = r.read().decode()
        out = {}
        for line in text.splitlines():
            if line and not line.startswith("#"):
                key, _, value = line.rpartition(" ")
                try:
                    out[key] = float(value)
                except ValueError:
                    pass
        return out

    def counters(self):
        m = self.metrics()
        return {
            "events": m.get("passerelle_store_events_total", 0),
            "batches": m.get("passerelle_store_batches_total", 0),
            "rate_limited": m.get(
                'passerelle_sip_messages_dropped_total{reason="rate_limited"}',
                0),
            "sip_in": m.get(
                'passerelle_sip_messages_received_total{transport="udp"}', 0),
        }

    def stop(self):
        rc = stop_process(self.proc, "passerelle")
        self.stdout.close()
        self.stderr.close()
        return rc


class Kamailio(Server):
    name = "kamailio"

    def __init__(self, workdir, realm, creds, binary="kamailio"):
        self.dir = os.path.join(workdir, "kamailio")
        shutil.rmtree(self.dir, ignore_errors=True)
        dbdir = os.path.join(self.dir, "db")
        rundir = os.path.join(self.dir, "run")
        os.makedirs(dbdir)
        os.makedirs(rundir)
        self.ctl = os.path.join(rundir, "kamailio_ctl")
        self.sip_port = free_port()
        # db_text tables: the version table and ha1 (htable's columns).
        with open(os.path.join(dbdir, "version"), "w") as f:
            f.write("table_name(string) table_version(int)\n"
                    "version:1\nha1:2\n")
        with open(os.path.join(dbdir, "ha1"), "w") as f:
            f.write("key_name(string) key_type(int) value_type(int) "
                    "key_value(string) expires(int)\n")
            for user, password, _ in creds:
                f.write("%s:0:0:%s:0\n"
                        % (user, provision_ha1(user, realm, password)))
        with open(KAMAILIO_CFG) as f:
            cfg = f.read()
        cfg = (cfg.replace("@PORT@", str(self.sip_port))
               .replace("@CTL@", self.ctl).replace("@DBDIR@", dbdir))
        cfg_path = os.path.join(self.dir, "kamailio.cfg")
        with open(cfg_path, "w") as f:
            f.write(cfg)
        self.cmd = ["taskset", "-c", "0", binary, "-f", cfg_path, "-DD", "-E",
                    "-m", "512", "-M", "16", "-x", "tlsf",
                    "-A", "UL_HASH_SIZE=14", "-Y", rundir,
                    "-P", os.path.join(rundir, "kamailio.pid")]
        self.stderr_path = os.path.join(self.dir, "stderr.log")
        self.stderr = open(self.stderr_path, "w")
        started = time.monotonic()
        self.proc = subprocess.Popen(self.cmd, stdout=self.stderr,
                                     stderr=self.stderr)
        self.pid = self.proc.pid
        if not sip_ping(self.sip_port, 60):
            tail = self.stderr_tail()
            self.stop()
            raise RuntimeError("kamailio does not answer OPTIONS: " + tail)
        self.startup_seconds = time.monotonic() - started
        # Every worker has forked and the htable is loaded; the process
        # set does not change afterwards.
        time.sleep(0.5)
        self._pids = descendants(self.pid)
        loaded = self.rpc("htable.stats")
        self.htable_items = None
        for line in loaded.splitlines():
            parts = line.replace(":", " ").split()
            if len(parts) == 2 and parts[0] == "all":
                self.htable_items = int(parts[1])
        if creds and self.htable_items != len(creds):
            self.stop()
            raise RuntimeError("kamailio loaded %s of %d credentials: %s" % (
                self.htable_items, len(creds), self.stderr_tail()))

    def pids(self):
        return self._pids

    def cpu(self):
        return cpu_seconds(self._pids)

    def memory_kb(self):
        return pss_kb(self._pids)

    def rpc(self, *args):
        try:
            return subprocess.run(["kamcmd", "-s", "unix:" + self.ctl]
                                  + list(args), capture_output=True,
                                  text=True, timeout=30).stdout
        except (OSError, subprocess.TimeoutExpired):
            return ""

    def counters(self):
        out = {}
        text = self.rpc("stats.get_statistics", "usrloc:")
        for line in text.splitlines():
            name, _, value = line.partition("=")
            if name.strip() == "usrloc:location_contacts":
                out["contacts"] = int(value)
        shm = self.rpc("core.shmmem")
        for line in shm.splitlines():
            parts = line.replace(":", " ").split()
            if len(parts) == 2 and parts[0] == "real_used":
                out["shm_real_used"] = int(parts[1])
        return out

    def stop(self):
        rc = stop_process(self.proc, "kamailio")
        self.stderr.close()
        return rc


def provision_ha1(user, realm, password):
    return hashlib.md5(("%s:%s:%s" % (user, realm, password)).encode()
                       ).hexdigest()


# ----------------------------------------------------------------- SIPp ----

def rtt_freq_for(values):
    """Largest divisor of `values` up to 1000: SIPp drops the last partial
    batch of its -trace_rtt dump."""
    for f in range(min(1000, values), 0, -1):
        if values % f == 0:
            return f
    return 1


def run_sipp(server_port, creds, args, workdir, tag, single_source=False,
             duration=None, quiet_wait=0, port_offset=0):
    """Runs one phase; returns a dict of measurements.

    creds: list of (user, password, domain); device i of the list sends
    from source_ip(i, args.ips) unless single_source.
    """
    phase_dir = os.path.join(workdir, tag)
    shutil.rmtree(phase_dir, ignore_errors=True)
    os.makedirs(phase_dir)
    procs = args.sipp_procs
    plans = []
    for p in range(procs):
        pdir = os.path.join(phase_dir, "sipp%d" % p)
        os.makedirs(pdir)
        lport = args.sipp_port + port_offset + p
        rows = []
        for i in range(p, len(creds), procs):
            user, password, _ = creds[i]
            ip = "127.0.0.1" if single_source else source_ip(i, args.ips)
            # (with one source, each SIPp process is one socket: its port)
            rows.append("%s;%s;%s" % (user, password, ip))
        with open(os.path.join(pdir, "devices.csv"), "w") as f:
            f.write("SEQUENTIAL\n" + "\n".join(rows) + "\n")
        users = max(1, args.users // procs)
        cmd = ["taskset", "-c", args.sipp_cpu, "sipp",
               "127.0.0.1:%d" % server_port,
               "-sf", SCENARIO, "-inf", "devices.csv",
               "-key", "domain", args.realm, "-auth_uri", args.realm,
               "-p", str(lport), "-key", "lport", str(lport),
               "-users", str(users),
               "-buff_size", "4194304", "-nostdin",
               "-trace_stat", "-stf", "stat.csv", "-fd", "1",
               "-trace_err", "-error_file", "errors.log",
               "-trace_rtt", "-rtt_freq", str(rtt_freq_for(2 * len(rows)))]
        if single_source:
            cmd += ["-i", "127.0.0.1"]
        else:
            cmd += ["-t", "ui", "-ip_field", "2", "-max_socket", "4096"]
        if duration:
            cmd += ["-timeout", "%ds" % duration]
        else:
            cmd += ["-m", str(len(rows)),
                    "-timeout", "%ds" % args.phase_timeout, "-timeout_error"]
        plans.append((pdir, cmd, len(rows)))
    server = args._server
    waited = wait_quiet(server.pids(), max_wait=quiet_wait)
    if waited is None:
        log("    machine still busy after %d s; measuring anyway"
            % quiet_wait)
    elif waited > 5:
        log("    waited %.0f s for other jobs to quiet down" % waited)
    cpu0 = server.cpu()
    busy0 = busy_seconds()
    started = time.monotonic()
    running = []
    for pdir, cmd, _ in plans:
        out = open(os.path.join(pdir, "sipp.out"), "w")
        running.append((subprocess.Popen(cmd, cwd=pdir, stdout=out,
                                         stderr=subprocess.STDOUT), out))
    sipp_cpu = 0.0
    codes = []
    for proc, out in running:
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        codes.append(proc.returncode)
        sipp_cpu += usage.ru_utime + usage.ru_stime
        out.close()
    wall = time.monotonic() - started
    cpu1 = server.cpu()
    busy1 = busy_seconds()
    res = {"sipp_exit": codes, "wall_s": wall,
           "server_cpu_s": cpu1 - cpu0, "sipp_cpu_s": sipp_cpu,
           "devices": len(creds), "succeeded": 0, "failed": 0,
           "retransmissions": 0, "failures": {}, "errors": []}
    first_start, last_end = None, None
    flow, auth = [], []
    for pdir, _, _ in plans:
        stat = os.path.join(pdir, "stat.csv")
        if not os.path.exists(stat):
            res["errors"].append("%s: no stat file" % pdir)
            continue
        with open(stat) as f:
            lines = [l.rstrip("\n") for l in f if l.strip()]
        header = lines[0].split(";")
        last = dict(zip(header, lines[-1].split(";")))
        t_start = float(last["StartTime"].split("\t")[-1])
        t_end = float(last["CurrentTime"].split("\t")[-1])
        first_start = t_start if first_start is None else min(first_start,
                                                              t_start)
        last_end = t_end if last_end is None else max(last_end, t_end)
        res["succeeded"] += int(last["SuccessfulCall(C)"])
        res["failed"] += int(last["FailedCall(C)"])
        res["retransmissions"] += int(last["Retransmissions(C)"])
        for k, v in last.items():
            if k.startswith("Failed") and k.endswith("(C)") and v != "0" \
                    and k != "FailedCall(C)":
                res["failures"][k] = res["failures"].get(k, 0) + int(v)
            if k in ("OutOfCallMsgs(C)", "DeadCallMsgs(C)") and v != "0":
                res["failures"][k] = res["failures"].get(k, 0) + int(v)
        for name in os.listdir(pdir):
            if name.endswith("_rtt.csv"):
                with open(os.path.join(pdir, name)) as f:
                    next(f, None)
                    for line in f:
                        parts = line.strip().split(";")
                        if len(parts) == 3:
                            (flow if parts[2] == "flow" else auth).append(
                                float(parts[1]))
        err = os.path.join(pdir, "errors.log")
        if os.path.exists(err) and os.path.getsize(err) > 0:
            with open(err, errors="replace") as f:
                res["errors"].append("%s/errors.log: %s" % (
                    os.path.basename(pdir), f.read(3000)))
    # SIPp's own span (first call to end of run) excludes its start-up
    # (reading the injection file, opening sockets).
    span = (last_end - first_start) if first_start is not None else wall
    res["span_s"] = span if span > 0 else wall
    res["rate"] = res["succeeded"] / res["span_s"]
    res["per_cpu_s"] = (res["succeeded"] / res["server_cpu_s"]
                        if res["server_cpu_s"] > 0 else None)
    res["server_cores"] = res["server_cpu_s"] / res["span_s"]
    res["sipp_cores"] = res["sipp_cpu_s"] / res["span_s"]
    # Everything else the machine did meanwhile (should be ~0).
    res["other_cores"] = max(0.0, (busy1 - busy0 - res["server_cpu_s"]
                                   - sipp_cpu) / wall)
    flow.sort()
    auth.sort()
    res["latency_ms"] = {
        "samples": len(flow),
        "flow_p50": percentile(flow, 50), "flow_p99": percentile(flow, 99),
        "flow_max": flow[-1] if flow else None,
        "auth_p50": percentile(auth, 50), "auth_p99": percentile(auth, 99),
    }
    return res


# --------------------------------------------------------------- phases ----

PHASES = {
    "a": "a: initial",
    "b": "b: refresh",
    "c": "c: new contact",
}


def run_phase(server, creds, args, workdir, phase, quiet_wait, port_offset=0):
    log("  %s phase %s: %d devices, %d users" % (
        server.name, PHASES[phase], len(creds), args.users))
    res = run_sipp(server.sip_port, creds, args, workdir,
                   "%s-%s" % (server.name, phase),
                   single_source=args.sources == "single",
                   quiet_wait=quiet_wait, port_offset=port_offset)
    time.sleep(1)
    res["mem_after_kb"] = server.memory_kb()
    res["counters_after"] = server.counters()
    log("    %d ok, %d failed, %d retrans, %.0f/s, %.0f per CPU-s, "
        "server %.2f cores, sipp %.2f cores, other %.2f cores, p99 %s ms, "
        "mem %d kB"
        % (res["succeeded"], res["failed"], res["retransmissions"],
           res["rate"], res["per_cpu_s"] or 0, res["server_cores"],
           res["sipp_cores"], res["other_cores"],
           res["latency_ms"]["flow_p99"], res["mem_after_kb"]))
    for e in res["errors"]:
        log("    SIPp: " + e[:1500])
    if res["failed"] or any(res["sipp_exit"]):
        log("    server stderr tail:\n" + server.stderr_tail())
    return res


def wait_idle(server, args):
    """Lets Passerelle idle until its device actors have passivated (60 s
    after their last use) and it has stopped using the CPU; returns
    (seconds, CPU-seconds used meanwhile)."""
    started = time.monotonic()
    cpu0 = server.cpu()
    time.sleep(args.idle_min)
    calm = 0
    while calm < 10 and time.monotonic() - started < args.idle_max:
        c = server.cpu()
        time.sleep(1)
        # An idle Passerelle still uses a few % (CAF workers polling).
        calm = calm + 1 if server.cpu() - c < 0.10 else 0
    return time.monotonic() - started, server.cpu() - cpu0


def run_server(server, creds, args, workdir, run):
    """Phases a, b (and c) on a started server; returns the measurements.

    Passerelle's phases a and b start right away (short quiet wait): its
    device actors passivate 60 s after their last use, so a longer gap
    would measure their re-activation instead (phase c does that)."""
    args._server = server
    passerelle = server.name == "passerelle"
    short = min(args.quiet_wait, 5) if passerelle else args.quiet_wait
    out = {"phases": {}}
    time.sleep(1)
    out["mem_before_kb"] = server.memory_kb()
    out["counters_before"] = server.counters()
    for phase in ("a", "b"):
        out["phases"][phase] = run_phase(server, creds, args, workdir, phase,
                                         short)
    if passerelle and args.single_source_probe and run == 1:
        out["single_source"] = single_source_probe(server, creds, args,
                                                   workdir)
    if not args.phase_c:
        return out
    if passerelle:
        log("  idle until the device actors have passivated")
        out["idle_s"], out["idle_cpu_s"] = wait_idle(server, args)
        out["mem_idle_kb"] = server.memory_kb()
        out["counters_idle"] = server.counters()
        log("    %.0f s, %.1f CPU-s meanwhile, mem %d kB"
            % (out["idle_s"], out["idle_cpu_s"], out["mem_idle_kb"]))
    # Another SIPp port: every device's source and Contact change, so each
    # REGISTER adds a binding that must be stored (Passerelle: the device
    # actor is respawned and recovers from the log first).
    out["phases"]["c"] = run_phase(server, creds, args, workdir, "c",
                                   args.quiet_wait, port_offset=100)
    return out


def single_source_probe(server, creds, args, workdir):
    args._server = server
    before = server.counters()
    res = run_sipp(server.sip_port, creds, args, workdir,
                   "%s-single-source" % server.name, single_source=True,
                   duration=args.single_source_probe, quiet_wait=5,
                   port_offset=200)
    res["counters_before"] = before
    res["counters_after"] = server.counters()
    log("  %s single source (127.0.0.1, one socket), %d s: %d ok (%.0f/s), "
        "%d failed, %d retrans, rate-limited drops %s"
        % (server.name, args.single_source_probe, res["succeeded"],
           res["rate"], res["failed"], res["retransmissions"],
           res["counters_after"].get("rate_limited", 0)
           - before.get("rate_limited", 0)))
    return res


def one_run(run, args, workdir):
    log("run %d" % run)
    result = {}
    waited = wait_quiet([], max_wait=args.quiet_wait)
    if waited is None:
        log("  machine still busy after %d s; going on" % args.quiet_wait)
    gw = Passerelle(args.passerelle, workdir, args.realm, args.durability,
                    args.passerelle_args.split())
    try:
        empty = gw.memory_kb()
        log("  provisioning %d devices over HTTP (%d connections)"
            % (args.devices, args.http_connections))
        creds, seconds = provision.provision(
            "http://127.0.0.1:%d" % gw.http_port, gw.token, args.devices,
            connections=args.http_connections)
        log("    %.1f s (%.0f devices/s)" % (seconds, args.devices / seconds))
        # Without "passerelle" in --servers it only issues the credentials.
        r = (run_server(gw, creds, args, workdir, run)
             if "passerelle" in args.servers else {})
        r["mem_empty_kb"] = empty
        r["provision_s"] = seconds
        result["passerelle"] = r
    finally:
        t = time.monotonic()
        rc = gw.stop()
        result.setdefault("passerelle", {})["exit"] = rc
        result["passerelle"]["stop_s"] = time.monotonic() - t
        result["passerelle"]["stderr_tail"] = gw.stderr_tail(40)
        log("  passerelle stopped in %.1f s (exit %s)"
            % (result["passerelle"]["stop_s"], rc))
    if "kamailio" in args.servers:
        # Baseline: the same configuration with no credentials loaded.
        kam = Kamailio(workdir, args.realm, [], args.kamailio)
        try:
            time.sleep(1)
            empty = kam.memory_kb()
        finally:
            kam.stop()
        kam = Kamailio(workdir, args.realm, creds, args.kamailio)
        try:
            log("  kamailio up in %.1f s, htable items: %s"
                % (kam.startup_seconds, kam.htable_items))
            r = run_server(kam, creds, args, workdir, run)
            r["htable_items"] = kam.htable_items
            r["mem_empty_kb"] = empty
            result["kamailio"] = r
        finally:
            kam.stop()
    return result


# --------------------------------------------------------------- report ----

def fmt_num(x):
    if x is None:
        return "–"
    if abs(x) >= 10000:
        return "%.1fk" % (x / 1000)
    if abs(x) >= 100:
        return "%.0f" % x
    if abs(x) >= 10:
        return "%.1f" % x
    return "%.2f" % x


def med_range(values, fmt=fmt_num):
    values = [v for v in values if v is not None]
    if not values:
        return "–"
    if len(values) == 1:
        return fmt(values[0])
    return "%s (%s–%s)" % (fmt(statistics.median(values)), fmt(min(values)),
                           fmt(max(values)))


def counters_before(r, phase):
    """The server's counters just before `phase` of one run."""
    if phase == "a":
        return r["counters_before"]
    if phase == "c" and "counters_idle" in r:
        return r["counters_idle"]
    return r["phases"]["b" if phase == "c" else "a"]["counters_after"]


def report(runs, args):
    lines = []
    n = args.devices
    lines.append("| server | phase | REGISTER/s | per server CPU-s | server "
                 "cores | SIPp cores | p50 ms | p99 ms | p99 auth leg ms | "
                 "failed (all runs) | retrans (all runs) | bindings stored | "
                 "other cores |")
    lines.append("|---|---|" + "--:|" * 11)
    for server in args.servers:
        for phase in PHASES:
            rs = [r[server] for r in runs
                  if server in r and phase in r[server].get("phases", {})]
            if not rs:
                continue
            ps = [r["phases"][phase] for r in rs]
            # Bindings stored in the phase: events appended (Passerelle),
            # usrloc contacts added (Kamailio).
            key = "events" if server == "passerelle" else "contacts"
            stored = [r["phases"][phase]["counters_after"][key]
                      - counters_before(r, phase)[key] for r in rs
                      if key in r["phases"][phase]["counters_after"]
                      and key in counters_before(r, phase)]
            lat = [p["latency_ms"] for p in ps]
            lines.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |"
                         " %s | %s | %s |" % (
                             server, PHASES[phase],
                             med_range([p["rate"] for p in ps]),
                             med_range([p["per_cpu_s"] for p in ps]),
                             med_range([p["server_cores"] for p in ps]),
                             med_range([p["sipp_cores"] for p in ps]),
                             med_range([l["flow_p50"] for l in lat]),
                             med_range([l["flow_p99"] for l in lat]),
                             med_range([l["auth_p99"] for l in lat]),
                             "%d" % sum(n - p["succeeded"] for p in ps),
                             "%d" % sum(p["retransmissions"] for p in ps),
                             med_range(stored, lambda x: "%d" % x),
                             med_range([p["other_cores"] for p in ps])))
    lines.append("")
    lines.append("| server | memory | empty | before a | after a | after b | "
                 "after idle | after c | per device: a − before a | "
                 "per device: after a − empty | per device: after idle − "
                 "empty |")
    lines.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    mb = lambda kb: "%.1f MB" % (kb / 1024.0)
    per = lambda x: "%.0f B" % x
    for server in args.servers:
        rs = [r[server] for r in runs if server in r and "phases" in r[server]
              and "a" in r[server]["phases"]]
        if not rs:
            continue
        after_a = [r["phases"]["a"]["mem_after_kb"] for r in rs]
        lines.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |"
                     % (
            server, "RSS" if server == "passerelle" else "PSS (all processes)",
            med_range([r.get("mem_empty_kb") for r in rs], mb),
            med_range([r["mem_before_kb"] for r in rs], mb),
            med_range(after_a, mb),
            med_range([r["phases"]["b"]["mem_after_kb"] for r in rs
                       if "b" in r["phases"]], mb),
            med_range([r.get("mem_idle_kb") for r in rs], mb),
            med_range([r["phases"]["c"]["mem_after_kb"] for r in rs
                       if "c" in r["phases"]], mb),
            med_range([(a - r["mem_before_kb"]) * 1024.0 / n
                       for a, r in zip(after_a, rs)], per),
            med_range([(a - r["mem_empty_kb"]) * 1024.0 / n
                       for a, r in zip(after_a, rs) if "mem_empty_kb" in r],
                      per),
            med_range([(r["mem_idle_kb"] - r["mem_empty_kb"]) * 1024.0 / n
                       for r in rs if "mem_idle_kb" in r], per)))
    idle = [r["passerelle"] for r in runs
            if "idle_s" in r.get("passerelle", {})]
    if idle:
        lines.append("")
        lines.append("Passerelle idle before phase c (device actors "
                     "passivate): %s s, %s CPU-s used meanwhile. Stop "
                     "(SIGTERM) took %s s; exit codes %s." % (
                         med_range([r["idle_s"] for r in idle],
                                   lambda x: "%.0f" % x),
                         med_range([r["idle_cpu_s"] for r in idle],
                                   lambda x: "%.1f" % x),
                         med_range([r.get("stop_s") for r in idle],
                                   lambda x: "%.1f" % x),
                         ", ".join(str(r.get("exit")) for r in idle)))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(
        description="REGISTER benchmark, Passerelle vs Kamailio (SIPp)")
    ap.add_argument("--passerelle", required=True, help="passerelle binary")
    ap.add_argument("--kamailio", default="kamailio")
    ap.add_argument("--servers", default="passerelle,kamailio")
    ap.add_argument("--devices", type=int, default=100000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--users", type=int, default=200,
                    help="SIPp closed-loop users (split over processes)")
    ap.add_argument("--sipp-procs", type=int, default=1)
    ap.add_argument("--sipp-cpu", default="1", help="taskset list for SIPp")
    ap.add_argument("--sipp-port", type=int, default=25070,
                    help="first SIPp local port (one per process)")
    ap.add_argument("--sources", default="spread", choices=("spread", "single"),
                    help="spread: every device sends from 127.1.x.y (--ips "
                         "addresses, SIPp -t ui); single: all from 127.0.0.1, "
                         "one socket per SIPp process (then raise "
                         "Passerelle's --sip-messages-per-second)")
    ap.add_argument("--ips", type=int, default=1000,
                    help="source addresses 127.1.x.y the devices spread over")
    ap.add_argument("--durability", default="sync", choices=("sync", "nosync"))
    ap.add_argument("--passerelle-args", default="",
                    help="extra passerelle flags, space-separated (use "
                         "--passerelle-args=--scheduler.max-threads=1)")
    ap.add_argument("--realm", default="passerelle.local")
    ap.add_argument("--http-connections", type=int, default=8)
    ap.add_argument("--phase-timeout", type=int, default=900)
    ap.add_argument("--phase-c", action="store_true",
                    help="after phase b, let Passerelle idle until its device "
                         "actors have passivated, then register every device "
                         "with a new contact (phase c, both servers)")
    ap.add_argument("--idle-min", type=int, default=70,
                    help="seconds Passerelle idles at least before phase c "
                         "(device actors passivate 60 s after last use)")
    ap.add_argument("--idle-max", type=int, default=900,
                    help="then until it has used no CPU for 10 s, at most "
                         "this long")
    ap.add_argument("--quiet-wait", type=int, default=600,
                    help="seconds to wait for other jobs to leave the CPUs "
                         "before each phase")
    ap.add_argument("--single-source-probe", type=int, default=20,
                    help="seconds of one-address SIPp against Passerelle "
                         "after run 1 (0: skip)")
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--json", help="write every measurement here")
    args = ap.parse_args()
    args.servers = [s for s in args.servers.split(",") if s]
    os.makedirs(args.workdir, exist_ok=True)
    runs = []
    for run in range(1, args.runs + 1):
        runs.append(one_run(run, args, args.workdir))
        if args.json:
            with open(args.json, "w") as f:
                json.dump({"args": {k: v for k, v in vars(args).items()
                                    if not k.startswith("_")},
                           "runs": runs}, f, indent=1, default=str)
    print(report(runs, args))
    ss = [r["passerelle"]["single_source"] for r in runs
          if "single_source" in r.get("passerelle", {})]
    if ss:
        s = ss[0]
        print()
        print("Single source (all devices from 127.0.0.1, one socket, %d "
              "users, %d s) against Passerelle: %d registrations (%.0f/s), "
              "%d failed, %d retransmissions, %d messages dropped by the "
              "per-address rate limit."
              % (args.users, args.single_source_probe, s["succeeded"],
                 s["rate"], s["failed"], s["retransmissions"],
                 s["counters_after"]["rate_limited"]
                 - s["counters_before"]["rate_limited"]))
    prov = [r["passerelle"]["provision_s"] for r in runs
            if "provision_s" in r.get("passerelle", {})]
    if prov:
        print()
        print("Setup: %d devices created over HTTP in %s s (%d keep-alive "
              "connections)." % (args.devices,
                                 med_range(prov, lambda x: "%.1f" % x),
                                 args.http_connections))
    bad = sum(r[s]["phases"][p]["failed"]
              + (args.devices - r[s]["phases"][p]["succeeded"])
              for r in runs for s in args.servers
              if s in r and "phases" in r[s] for p in r[s]["phases"])
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
