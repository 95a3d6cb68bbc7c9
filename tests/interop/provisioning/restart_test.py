"""Restart and resync by SIP NOTIFY (PROTOCOLS.md §5), observed by SIPp
standing in for the phone: the vendor's Event header, the Cisco-style 401
answered with the line's credentials, and the outcome — accepted, no
answer, not registered — stored on the device and shown by the API."""

import os
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(HERE, "..", "sip"))

import siplib  # noqa: E402
from gateway_process import wait_until  # noqa: E402
from siplib import (StreamPeer, UdpPeer, case, gateway,  # noqa: E402
                    py_register)
from phones import PHONES, credentials, fetch  # noqa: E402

SCENARIOS = os.path.join(HERE, "scenarios")


def onboard(gw, vendor_name):
    """Fetches the phone's per-MAC config: returns (mac, sip dict)."""
    vendor, ua, mac, boot, per_mac = next(p for p in PHONES
                                          if p[0] == vendor_name)
    shared = [fetch(gw, path, ua)[1] for path in boot]
    status, body = fetch(gw, per_mac, ua)
    assert status == 200, (vendor, status, body[:200])
    user, password, _, _ = credentials(vendor, "\n".join(shared + [body]))
    return mac, {"username": user, "password": password,
                 "domain": "passerelle.local"}


class SippPhone:
    """SIPp running a phone (UAS) scenario in the background on `port`."""

    def __init__(self, gw, scenario, sip, port):
        self.work = tempfile.mkdtemp(prefix="passerelle-phone-")
        csv = os.path.join(self.work, "phone.csv")
        with open(csv, "w") as f:
            f.write(f"SEQUENTIAL\n{sip['username']};{sip['password']};"
                    f"{sip['domain']};\n")
        self.log = os.path.join(self.work, "phone.log")
        self.proc = subprocess.Popen(
            ["sipp", "-sf", os.path.join(SCENARIOS, scenario), "-inf", csv,
             "-i", "127.0.0.1", "-p", str(port), "-m", "1",
             "-nostdin", "-timeout", "40s",
             "-trace_logs", "-log_file", self.log, "-trace_err",
             "-error_file", os.path.join(self.work, "errors.log"),
             f"127.0.0.1:{gw.sip_port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            cwd=self.work)

    def finish(self):
        rc = self.proc.wait(timeout=60)
        return rc, self.read("phone.log"), self.read("errors.log")

    def read(self, name):
        try:
            with open(os.path.join(self.work, name), errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def cleanup(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.work, ignore_errors=True)


def command(gw, mac, what, expect=(200,)):
    status, body = gw.request("POST", f"/api/v1/devices/{mac}/{what}", {},
                              timeout=30)
    assert status in expect, (status, body)
    return json.loads(body)


def phone_listening(port):
    """SIPp has bound the port (a bind of ours fails)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.bind(("127.0.0.1", port))
            return False
        except OSError:
            return True


def registered(gw, mac):
    return wait_until(lambda: siplib.bindings(siplib.device(gw, mac)),
                      what=f"{mac} registered")


def register_from(gw, sip):
    """Registers like a phone over UDP; returns the port it used, which the
    gateway now sends to (the binding's source, NAT-style)."""
    peer = UdpPeer(gw.sip_port)
    try:
        _, final = py_register(peer, sip, algorithm="SHA-256")
        assert final is not None and final.status == 200, final
        return peer.local_port
    finally:
        peer.close()


def observe(gw, vendor, scenario, what, expect_event):
    mac, sip = onboard(gw, vendor)
    port = register_from(gw, sip)
    registered(gw, mac)
    # SIPp takes over the phone's port and answers as the phone.
    phone = SippPhone(gw, scenario, sip, port)
    try:
        wait_until(lambda: phone_listening(port), what="SIPp listening")
        result = command(gw, mac, what)
        rc, log, errors = phone.finish()
        assert rc == 0, f"SIPp phone failed ({rc}):\n{errors}\n{log}"
        assert f"Event: {expect_event}" in log, log
        assert result["outcome"] == "accepted", result
        assert result["status"] == 200, result
        last = siplib.device(gw, mac)["last_command"]
        assert last == {"command": what, "outcome": "accepted",
                        "status": 200}, last
        return log
    finally:
        phone.cleanup()


@case
def yealink_restart_is_check_sync_reboot(binary):
    with gateway(binary) as gw:
        observe(gw, "yealink", "phone_restart.xml", "restart",
                "check-sync;reboot=true")


@case
def poly_resync_is_check_sync_no_reboot(binary):
    with gateway(binary) as gw:
        observe(gw, "poly", "phone_restart.xml", "resync",
                "check-sync;reboot=false")


@case
def cisco_challenge_is_answered_with_line_credentials(binary):
    with gateway(binary) as gw:
        log = observe(gw, "cisco", "phone_restart_challenge.xml", "restart",
                      "reboot_now")
        assert "authok:true" in log, log


@case
def outcomes_not_registered_and_no_answer(binary):
    # T1 = 50 ms: the NOTIFY transaction gives up after 64*T1 = 3.2 s
    # (timer F) instead of 32 s, and the API waits 16*T1 = 0.8 s.
    with gateway(binary, extra=["--sip-t1=50"]) as gw:
        mac, sip = onboard(gw, "audiocodes")
        result = command(gw, mac, "resync")
        assert result["outcome"] == "not_registered", result
        assert siplib.device(gw, mac)["last_command"]["outcome"] == \
            "not_registered"
        peer = UdpPeer(gw.sip_port)
        _, final = py_register(peer, sip, algorithm="SHA-256")
        assert final is not None and final.status == 200
        # The phone is gone but its port still takes datagrams: the
        # NOTIFY is retransmitted (timer E) until timer F.
        sink = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        port = peer.local_port
        peer.close()
        sink.bind(("127.0.0.1", port))
        sink.settimeout(0.2)
        try:
            started = time.monotonic()
            result = command(gw, mac, "restart", expect=(202,))
            assert result["outcome"] == "pending", result
            last = wait_until(
                lambda: (siplib.device(gw, mac)["last_command"]["outcome"]
                         == "no_answer") and
                siplib.device(gw, mac)["last_command"],
                what="no_answer stored")
            elapsed = time.monotonic() - started
            assert last == {"command": "restart", "outcome": "no_answer",
                            "status": 0}, last
            assert 3.0 <= elapsed < 20, elapsed
            sent = []
            while True:
                try:
                    sent.append(sink.recv(65535))
                except socket.timeout:
                    break
        finally:
            sink.close()
        # RFC 3261 17.1.2.2 with T1 = 50 ms and T2 = 4 s: sent at 0, 50,
        # 150, 350, 750, 1550 and 3150 ms (the same request each time), and
        # timer F fires at 3200 ms, before the last one if timer E's
        # rearming drifted by 50 ms in all.
        assert len(sent) in (6, 7), [len(sent), sent[:1]]
        assert len(set(sent)) == 1, sent
        assert sent[0].startswith(b"NOTIFY "), sent[0][:80]
        status, _ = gw.request("POST", "/api/v1/devices/001565000000/restart",
                               {})
        assert status == 404, status
        status, _ = gw.request("POST", f"/api/v1/devices/{mac}/restart", {},
                               token="wrong" * 8)
        assert status == 401, status


def answer(request, status):
    """The phone's final answer to `request` (RFC 3261 8.2.6)."""
    lines = [f"SIP/2.0 {status} OK"]
    for name in ("via", "from", "to", "call-id", "cseq"):
        value = request.get(name)
        if name == "to":
            value += ";tag=phone"
        lines.append(f"{name.title()}: {value}")
    return ("\r\n".join(lines + ["Content-Length: 0", "", ""])).encode()


@case
def tls_phone_answers_on_its_connection_then_leaves(binary):
    with gateway(binary) as gw:
        mac, sip = onboard(gw, "yealink")
        peer = StreamPeer(gw.sips_port, tls=True)
        _, final = py_register(peer, sip, algorithm="SHA-256")
        assert final is not None and final.status == 200, final
        registered(gw, mac)
        seen = []

        def phone():
            notify = peer.receive(10)
            seen.append(notify)
            if notify is not None:
                peer.send(answer(notify, 200))

        thread = threading.Thread(target=phone)
        thread.start()
        result = command(gw, mac, "resync")
        thread.join()
        notify = seen[0]
        assert notify is not None and notify.method == "NOTIFY", seen
        assert notify.get("event") == "check-sync;reboot=false", notify.text()
        assert notify.get("via").startswith("SIP/2.0/TLS "), notify.text()
        assert result == {"mac": mac, "command": "resync",
                          "outcome": "accepted", "status": 200}, result
        # Its connection gone, the phone cannot be reached (RFC 5626: no
        # new connection to a phone behind NAT): the transaction ends on
        # the transport error (RFC 3261 17.1.4), not after timer F.
        peer.close()
        started = time.monotonic()
        result = command(gw, mac, "restart")
        assert result["outcome"] == "no_answer", result
        assert time.monotonic() - started < 5
        last = siplib.device(gw, mac)["last_command"]
        assert last == {"command": "restart", "outcome": "no_answer",
                        "status": 0}, last


if __name__ == "__main__":
    siplib.require_tools("sipp")
    sys.exit(siplib.run_cases(siplib.CASES, sys.argv[1]))
