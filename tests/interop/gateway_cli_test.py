"""The passerelle binary's command line, HTTP basics and admin API errors,
against the real process."""

import json
import re
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile

from gateway_process import Gateway, free_port

CASES = []


def case(fn):
    CASES.append(fn)
    return fn


def run(binary, *args, timeout=30):
    return subprocess.run([binary, *args], capture_output=True, text=True,
                          timeout=timeout)


@case
def version_and_help(binary):
    out = run(binary, "--version")
    assert out.returncode == 0 and out.stdout.startswith("passerelle "), out
    out = run(binary, "--help")
    assert out.returncode == 0
    assert "--data-dir" in out.stdout + out.stderr


@case
def bad_flags_exit_nonzero_with_one_line(binary):
    for args, needle in [(["--bogus=1"], "unknown flag --bogus=1"),
                         (["--http-port=99999"], "--http-port"),
                         (["--media-ports=9-1"], "--media-ports"),
                         (["--durability=maybe"], "--durability"),
                         (["--sip-port=8080"], "must differ"),
                         (["stray"], "unexpected argument")]:
        out = run(binary, "--data-dir=/nonexistent/never", *args)
        assert out.returncode != 0, args
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and needle in lines[0], (args, out.stderr)


@case
def unusable_data_dir_and_busy_port(binary):
    with tempfile.NamedTemporaryFile() as f:
        out = run(binary, f"--data-dir={f.name}/sub", "--bind=127.0.0.1")
        assert out.returncode == 1 and "data dir" in out.stderr, out.stderr
    gw = Gateway(binary).start()
    try:
        other = tempfile.mkdtemp(prefix="passerelle-it-")
        out = run(binary, "--bind=127.0.0.1", f"--data-dir={other}",
                  f"--http-port={gw.http_port}",
                  f"--sip-port={free_port()}", f"--sips-port={free_port()}",
                  "--media-ports=10000-10999")
        assert out.returncode == 1 and "cannot listen" in out.stderr, out
        out = run(binary, "--bind=127.0.0.1", f"--data-dir={gw.data_dir}",
                  f"--http-port={free_port()}",
                  f"--sip-port={free_port()}", f"--sips-port={free_port()}",
                  "--media-ports=10000-10999")
        assert out.returncode == 1 and "another passerelle" in out.stderr, out
    finally:
        gw.cleanup()


@case
def generated_token_is_private_and_stable(binary):
    data = tempfile.mkdtemp(prefix="passerelle-it-")
    gw = Gateway(binary, data_dir=data, token=None)
    gw.args = lambda: [binary, "--bind=127.0.0.1", f"--data-dir={data}",
                       f"--http-port={gw.http_port}",
                       f"--sip-port={gw.sip_port}",
                       f"--sips-port={gw.sips_port}",
                       "--media-ports=10000-10999"]
    env_token = os.environ.pop("PASSERELLE_ADMIN_TOKEN", None)
    try:
        gw.start()
        path = os.path.join(data, "admin-token")
        assert oct(os.stat(path).st_mode & 0o777) == "0o600"
        token = open(path).read().strip()
        assert token in gw.log(), "a generated token is printed once"
        status, _ = gw.request("GET", "/api/v1/devices/001565aabbcc",
                               token=token)
        assert status == 404, status
        assert gw.stop() == 0
        gw.start()
        assert open(path).read().strip() == token
        assert gw.log().count(token) == 1, "printed only when generated"
    finally:
        if env_token:
            os.environ["PASSERELLE_ADMIN_TOKEN"] = env_token
        gw.cleanup()
        subprocess.run(["rm", "-rf", data])


@case
def health_and_metrics(binary):
    gw = Gateway(binary).start()
    try:
        status, body = gw.request("GET", "/healthz", auth=False)
        assert status == 200
        health = json.loads(body)
        assert health["status"] == "ok" and health["store"]["durability"] == "sync"
        gw.request("POST", "/api/v1/devices", {"mac": "001565000001"})
        status, text = gw.request("GET", "/metrics", auth=False)
        assert status == 200
        assert "passerelle_store_events_total 1\n" in text, text
        assert "passerelle_store_commit_seconds_count" in text
        assert "passerelle_store_append_seconds_bucket" in text
        # Memory gauges: the one event sits in a memtable; the registrar
        # knows the new account already, and holds no binding yet.
        memtable = re.search(r"^passerelle_store_memtable_bytes (\d+)$",
                             text, re.M)
        assert memtable and int(memtable.group(1)) > 0, text
        assert "passerelle_registrar_accounts 1\n" in text, text
        assert "passerelle_registrar_bindings 0\n" in text, text
    finally:
        gw.cleanup()


@case
def admin_api_answers(binary):
    gw = Gateway(binary).start()
    try:
        status, body = gw.request("POST", "/api/v1/devices",
                                  {"mac": "00:15:65:AA:BB:CC"})
        assert status == 201, body
        created = json.loads(body)
        assert created["mac"] == "001565aabbcc"
        sip = created["sip"]
        assert sip["username"] and len(sip["password"]) >= 16
        assert sip["port"] == gw.sip_port and sip["tls_port"] == gw.sips_port
        status, body = gw.request("GET", "/api/v1/devices/001565AABBCC")
        assert status == 200 and "password" not in body, body
        assert json.loads(body)["state"] == "provisioned"
        expect = [
            ("POST", "/api/v1/devices", {"mac": "001565aabbcc"}, True, 409),
            ("POST", "/api/v1/devices", {"mac": "zz"}, True, 400),
            ("POST", "/api/v1/devices", "{not json", True, 400),
            ("POST", "/api/v1/devices", {"mac": 5}, True, 400),
            ("GET", "/api/v1/devices/00156500ffff", None, True, 404),
            ("GET", "/api/v1/devices/nope", None, True, 400),
            ("GET", "/api/v1/devices/001565aabbcc", None, False, 401),
            ("GET", "/api/v1/nothing", None, True, 404),
        ]
        for method, path, body, auth, code in expect:
            status, text = gw.request(method, path, body, auth=auth)
            assert status == code, (method, path, body, status, text)
            assert "error" in json.loads(text), text
        status, _ = gw.request("DELETE", "/api/v1/devices/001565aabbcc")
        assert status == 200
        status, _ = gw.request("GET", "/api/v1/devices/001565aabbcc")
        assert status == 404
        status, _ = gw.request("POST", "/api/v1/devices", "x" * 100_000)
        assert status == 413, status
    finally:
        gw.cleanup()


@case
def wrong_tokens_get_banned(binary):
    gw = Gateway(binary).start()
    try:
        codes = [gw.request("GET", "/api/v1/devices/001565aabbcc",
                            token="wrong")[0] for _ in range(12)]
        assert codes[:10] == [401] * 10 and codes[10:] == [429, 429], codes
        # Even the right token is refused while the address is banned.
        assert gw.request("GET", "/api/v1/devices/001565aabbcc")[0] == 429
        assert gw.log().count("admin auth failed from 127.0.0.1") == 10
    finally:
        gw.cleanup()


def open_files_limits(pid):
    with open(f"/proc/{pid}/limits") as f:
        for line in f:
            if line.startswith("Max open files"):
                soft, hard = line.split()[3:5]
                return soft, hard
    raise AssertionError("no open files line in /proc/PID/limits")


@case
def open_files_limit_is_raised(binary):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    low = min(256, hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (low, hard))
    try:
        gw = Gateway(binary).start()  # inherits the low soft limit
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    try:
        got_soft, got_hard = open_files_limits(gw.proc.pid)
        assert got_soft == got_hard, (got_soft, got_hard)
        expected = "unlimited" if hard == resource.RLIM_INFINITY else str(hard)
        assert got_soft == expected, (got_soft, expected)
        warned = "open files allowed (ulimit -n)" in gw.log()
        assert warned == (hard != resource.RLIM_INFINITY and hard < 65536), \
            gw.log()
    finally:
        gw.stop()
        gw.cleanup()


@case
def sigint_and_sigterm_stop_cleanly(binary):
    for sig in (signal.SIGINT, signal.SIGTERM):
        gw = Gateway(binary).start()
        try:
            gw.request("POST", "/api/v1/devices", {"mac": "001565000002"})
            assert gw.stop(sig) == 0
            assert "stopped at position 1" in gw.log(), gw.log()
        finally:
            gw.cleanup()


def main(binary):
    passed, failed = 0, 0
    for fn in CASES:
        try:
            fn(binary)
            passed += 1
            print(f"ok   {fn.__name__}")
        except Exception as e:  # report every case, then fail
            failed += 1
            print(f"FAIL {fn.__name__}: {e!r}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
