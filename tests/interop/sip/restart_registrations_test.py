"""Registrations survive a gateway restart: the registrar rebuilds its
index from the event store at start, so a phone registered before the
restart can still be reached by a restart command, and a binding that
expired while the gateway was down is recorded as expired.

Usage: restart_registrations_test.py <passerelle binary>
"""

import json
import os
import shutil
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))

import siplib  # noqa: E402
from gateway_process import Gateway, wait_until  # noqa: E402
from siplib import (UdpPeer, case, device, provision, py_register,  # noqa
                    wait_bindings)

MIN_EXPIRES = 60


def answer_notify(peer, timeout):
    """Waits for a NOTIFY on `peer` and answers it 200; returns it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        msg = peer.receive(deadline - time.monotonic())
        if msg is None or msg.status is not None:
            continue
        if msg.method != "NOTIFY":
            continue
        headers = [f"{name}: {msg.get(name)}"
                   for name in ("Via", "From", "To", "Call-ID", "CSeq")]
        peer.send(("SIP/2.0 200 OK\r\n" + "\r\n".join(headers) +
                   "\r\nContent-Length: 0\r\n\r\n").encode())
        return msg
    raise AssertionError("no NOTIFY reached the phone")


def command(gw, mac, what):
    status, body = gw.request("POST", f"/api/v1/devices/{mac}/{what}", {})
    return status, json.loads(body) if body else {}


@case
def registrations_survive_a_restart(binary):
    data_dir = tempfile.mkdtemp(prefix="passerelle-it-")
    gw = Gateway(binary, data_dir=data_dir)
    stays, lapses = "0015650000aa", "0015650000bb"
    peer = lapse_peer = None
    try:
        gw.start()
        stays_sip, lapses_sip = provision(gw, stays), provision(gw, lapses)
        peer, lapse_peer = UdpPeer(gw.sip_port), UdpPeer(gw.sip_port)
        _, ok = py_register(peer, stays_sip, expires=3600)
        assert ok is not None and ok.status == 200, ok and ok.text()
        _, ok = py_register(lapse_peer, lapses_sip, expires=MIN_EXPIRES)
        assert ok is not None and ok.status == 200, ok and ok.text()
        lapses_at = time.time() + MIN_EXPIRES
        assert gw.stop() == 0, gw.log()[-2000:]

        # Down until the short binding has expired, then back up.
        wait_until(lambda: time.time() > lapses_at + 1,
                   timeout=MIN_EXPIRES + 10, what="the binding to expire")
        gw.start()

        # The long binding is still known live: a restart reaches it.
        regs = siplib.bindings(device(gw, stays))
        assert len(regs) == 1, regs
        status, outcome = {}, {}
        done = threading.Event()

        def ask():
            status["code"], outcome["body"] = command(gw, stays, "restart")
            done.set()

        asker = threading.Thread(target=ask)
        asker.start()
        notify = answer_notify(peer, timeout=10)
        asker.join(timeout=15)
        assert done.is_set(), "restart command never answered"
        assert "check-sync" in (notify.get("Event") or ""), notify.text()
        assert status["code"] == 200, (status, outcome)
        text = json.dumps(outcome["body"])
        assert "accepted" in text, outcome

        # The lapsed one is swept and stored as expired.
        wait_bindings(gw, lapses, lambda regs: not regs,
                      "the lapsed binding to be removed", timeout=15)
        after = device(gw, lapses)
        assert after["version"] == 3, after  # provisioned, bound, removed
        assert gw.stop() == 0, gw.log()[-2000:]
    except Exception as e:
        raise AssertionError(f"{e}\n--- gateway log (tail) ---\n"
                             f"{gw.log()[-4000:]}") from e
    finally:
        for p in (peer, lapse_peer):
            if p:
                p.close()
        gw.cleanup()
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(siplib.run_cases(siplib.CASES, sys.argv[1]))
