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
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(HERE, "..", "sip"))

import siplib  # noqa: E402
from gateway_process import wait_until  # noqa: E402
from siplib import UdpPeer, case, gateway, py_register  # noqa: E402
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


def command(gw, mac, what):
    status, body = gw.request("POST", f"/api/v1/devices/{mac}/{what}", {},
                              timeout=30)
    assert status == 200, (status, body)
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
    with gateway(binary) as gw:
        mac, sip = onboard(gw, "audiocodes")
        assert command(gw, mac, "resync")["outcome"] == "not_registered"
        peer = UdpPeer(gw.sip_port)
        _, final = py_register(peer, sip, algorithm="SHA-256")
        assert final is not None and final.status == 200
        peer.close()  # the phone is gone: nobody answers the NOTIFY
        started = time.monotonic()
        result = command(gw, mac, "resync")
        assert result["outcome"] == "no_answer", result
        assert time.monotonic() - started < 20
        view = siplib.device(gw, mac)
        assert view["last_command"]["outcome"] == "no_answer", view
        status, _ = gw.request("POST", "/api/v1/devices/001565000000/restart",
                               {})
        assert status == 404, status
        status, _ = gw.request("POST", f"/api/v1/devices/{mac}/restart", {},
                               token="wrong" * 8)
        assert status == 401, status


if __name__ == "__main__":
    siplib.require_tools("sipp")
    sys.exit(siplib.run_cases(siplib.CASES, sys.argv[1]))
