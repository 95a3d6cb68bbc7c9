"""Starts and stops a real passerelle process for process-level tests."""

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time


_handed_out = set()


def free_port(kind=socket.SOCK_STREAM):
    """A port the kernel just handed out on loopback (TCP and UDP free),
    never the same twice in one test process."""
    while True:
        with socket.socket(socket.AF_INET, kind) as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        try:
            if port in _handed_out:
                continue
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
                u.bind(("127.0.0.1", port))
            _handed_out.add(port)
            return port
        except OSError:
            continue


def wait_until(predicate, timeout=30.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


class Gateway:
    """One passerelle process on loopback with its own data dir."""

    def __init__(self, binary, data_dir=None, token="t" * 32, extra=()):
        self.binary = binary
        self.owns_dir = data_dir is None
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="passerelle-it-")
        self.token = token
        self.http_port = free_port()
        self.sip_port = free_port()
        self.sips_port = free_port()
        self.extra = list(extra)
        self.proc = None
        self.log_path = os.path.join(self.data_dir, "gateway.log")

    def args(self):
        return [self.binary, "--bind=127.0.0.1",
                f"--data-dir={self.data_dir}",
                f"--http-port={self.http_port}",
                f"--sip-port={self.sip_port}",
                f"--sips-port={self.sips_port}",
                # Below the kernel's ephemeral range, where free_port() draws.
                "--media-ports=10000-10999",
                f"--admin-token={self.token}"] + self.extra

    def start(self):
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(self.args(), stdout=log, stderr=log)
        wait_until(self.healthy, what="gateway /healthz")
        return self

    def healthy(self):
        if self.proc.poll() is not None:
            raise AssertionError(f"gateway exited with {self.proc.returncode}: "
                                 + self.log())
        try:
            status, body = self.request("GET", "/healthz", auth=False)
            return status == 200 and json.loads(body)["status"] == "ok"
        except OSError:
            return False

    def request(self, method, path, body=None, auth=True, token=None,
                timeout=10):
        conn = http.client.HTTPConnection("127.0.0.1", self.http_port,
                                          timeout=timeout)
        headers = {}
        if auth:
            headers["Authorization"] = f"Bearer {token or self.token}"
        if body is not None:
            body = json.dumps(body) if not isinstance(body, (str, bytes)) else body
            headers["Content-Type"] = "application/json"
        try:
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            return resp.status, resp.read().decode()
        finally:
            conn.close()

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self, sig=signal.SIGTERM, timeout=30):
        self.proc.send_signal(sig)
        return self.proc.wait(timeout=timeout)

    def log(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def cleanup(self):
        if self.proc and self.proc.poll() is None:
            self.kill()
        if self.owns_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)
