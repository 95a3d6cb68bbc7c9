"""Phones' first fetches through the front (http/onboarding_bridge.hpp):
many at once, pipelined on several connections, each get their own
device's credentials and exactly its onboarding events; a deleted device
fetching again gets its next credential generation; SIGTERM in the middle
of a burst of first fetches exits cleanly and promptly, every answer
whole and every answered device stored; after a restart, known phones are
answered from what the gateway read back at start, without a fleet round
trip each."""

import hashlib
import hmac
import os
import re
import signal
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(HERE, "..", "sip"))

import siplib  # noqa: E402
from gateway_process import Gateway  # noqa: E402
from phones import credentials  # noqa: E402
from raw_http import Connection, get  # noqa: E402
from siplib import case, gateway  # noqa: E402

MODEL_FILE = "/lang_fr/y000000000066.cfg"
ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def mac_of(n):
    return "805ec1%06x" % n


def ua_of(mac):
    pairs = ":".join(mac[i:i + 2] for i in range(0, 12, 2))
    return f"Yealink SIP-T46S 66.86.0.15 {pairs}"


def first_fetch(mac):
    return get(f"/lang_fr/{mac}.cfg", ua_of(mac))


def password_of(gw, mac, generation):
    """http/credentials.cpp's derive_password, from the gateway's secret."""
    with open(os.path.join(gw.data_dir, "credential-secret")) as f:
        secret = f.read().strip().encode()
    digest = hmac.new(secret, f"{mac}:{generation}".encode(),
                      hashlib.sha256).digest()
    return "".join(ALPHABET[b % len(ALPHABET)] for b in digest[:20])


def events_stored(gw):
    status, body = gw.request("GET", "/metrics", auth=False)
    assert status == 200, status
    return int(re.search(r"^passerelle_store_events_total (\d+)$", body,
                         re.M).group(1))


def metric(gw, name):
    status, body = gw.request("GET", "/metrics", auth=False)
    assert status == 200, status
    return int(re.search(rf"^{name} (\d+)$", body, re.M).group(1))


@case
def known_phones_are_answered_from_memory_after_a_restart(binary):
    macs = [mac_of(0x20000 + i) for i in range(20)]
    with gateway(binary) as gw:
        conn = Connection(gw)
        conn.send(b"".join(first_fetch(m) for m in macs))
        for mac in macs:
            status, _, body = conn.response()
            assert status == 200, (mac, status, body[:200])
        conn.close()
        status, body = gw.request("DELETE", f"/api/v1/devices/{macs[0]}")
        assert status == 200, (status, body)
        gw.stop(timeout=15)
        again = Gateway(binary, data_dir=gw.data_dir)
        try:
            again.start()
            # Read back at start: every onboarded phone but the deleted one.
            assert metric(again, "passerelle_http_onboarded_cache_devices") \
                == len(macs) - 1
            stored = events_stored(again)
            upgraded = ua_of(macs[1]).replace("66.86.0.15", "66.86.0.20")
            conn = Connection(again)
            conn.send(b"".join(first_fetch(m) for m in macs[2:]) +
                      get(f"/lang_fr/{macs[1]}.cfg", upgraded) +
                      first_fetch(macs[0]))
            for mac in macs[2:] + macs[1:2]:
                status, _, body = conn.response()
                assert status == 200, (mac, status, body[:200])
                assert credentials("yealink", body)[1] == \
                    password_of(again, mac, 1), mac
            status, _, body = conn.response()
            assert status == 200, (status, body[:200])
            assert credentials("yealink", body)[1] == \
                password_of(again, macs[0], 2)  # deleted: its next generation
            conn.close()
            # Only the upgraded phone and the deleted one went to the fleet.
            assert metric(again, "passerelle_http_onboardings_total") == 2
            # One event for the new firmware, two for the new generation.
            assert events_stored(again) == stored + 3
            again.stop(timeout=15)
        finally:
            if again.proc and again.proc.poll() is None:
                again.kill()


@case
def concurrent_first_fetches_get_their_own_credentials(binary):
    connections, per_connection = 8, 40
    with gateway(binary) as gw:
        before = events_stored(gw)
        conns = [Connection(gw, timeout=30) for _ in range(connections)]
        macs = [[mac_of(c * per_connection + i) for i in range(per_connection)]
                for c in range(connections)]
        # Everything sent before anything is read: the first fetches are
        # all under way at once. Each is followed by a file answered at
        # once, which must still come after it.
        for conn, batch in zip(conns, macs):
            conn.send(b"".join(first_fetch(m) + get(MODEL_FILE, ua_of(m))
                               for m in batch))
        passwords = {}
        for conn, batch in zip(conns, macs):
            for mac in batch:
                status, _, body = conn.response()
                assert status == 200, (mac, status, body[:200])
                user, password, _, _ = credentials("yealink", body)
                assert user == mac, (user, mac)
                assert password == password_of(gw, mac, 1), mac
                passwords[mac] = password
                status, _, body = conn.response()
                assert status == 200 and "account.1.password" not in body, \
                    (mac, status, body[:200])
        assert len(set(passwords.values())) == connections * per_connection
        # device_provisioned + device_onboarded each, stored before the
        # answer went out.
        assert events_stored(gw) - before == 2 * len(passwords), \
            (events_stored(gw) - before, len(passwords))
        # Again, pipelined: the same credentials, and nothing recorded.
        for conn, batch in zip(conns, macs):
            conn.send(b"".join(first_fetch(m) for m in batch))
        for conn, batch in zip(conns, macs):
            for mac in batch:
                status, _, body = conn.response()
                assert status == 200, (mac, status)
                assert credentials("yealink", body)[1] == passwords[mac]
        assert events_stored(gw) - before == 2 * len(passwords)
        for conn in conns:
            conn.close()


@case
def a_deleted_device_gets_its_next_generation(binary):
    mac = mac_of(0xabc)
    with gateway(binary) as gw:
        conn = Connection(gw)
        for generation in (1, 2, 3):
            # Twice, pipelined: the second may be answered from memory.
            conn.send(first_fetch(mac) * 2)
            for _ in range(2):
                status, _, body = conn.response()
                assert status == 200, (generation, status, body[:200])
                assert credentials("yealink", body)[1] == \
                    password_of(gw, mac, generation), generation
            view = siplib.device(gw, mac)
            assert view["state"] == "provisioned" and view["onboarded"], view
            status, body = gw.request("DELETE", f"/api/v1/devices/{mac}")
            assert status == 200, (status, body)
        conn.close()


@case
def sigterm_during_a_burst_of_first_fetches_exits_promptly(binary):
    connections, per_connection = 16, 150
    with gateway(binary) as gw:
        conns = [Connection(gw, timeout=20) for _ in range(connections)]
        macs = [[mac_of(0x10000 + c * per_connection + i)
                 for i in range(per_connection)] for c in range(connections)]
        for conn, batch in zip(conns, macs):
            conn.send(b"".join(first_fetch(m) for m in batch))
        # Under way: one answer in.
        first = conns[0].response()
        assert first[0] == 200, first
        started = time.monotonic()
        gw.proc.send_signal(signal.SIGTERM)
        assert gw.proc.wait(timeout=15) == 0, gw.log()[-2000:]
        took = time.monotonic() - started
        assert took < 8.0, took
        assert "stopped at position" in gw.log()
        # Every connection was closed after whole answers, in order.
        answered = []
        for i, (conn, batch) in enumerate(zip(conns, macs)):
            got = ([first] if i == 0 else []) + conn.responses_until_closed()
            assert len(got) < len(batch), len(got)  # stopped mid-burst
            for mac, (status, _, body) in zip(batch, got):
                assert status in (200, 503), (mac, status, body[:200])
                if status == 200:
                    assert credentials("yealink", body)[0] == mac
                    answered.append(mac)
            conn.close()
        # What was answered is stored: the same gateway data again.
        again = Gateway(binary, data_dir=gw.data_dir)
        try:
            again.start()
            for mac in answered[::max(1, len(answered) // 20)]:
                view = siplib.device(again, mac)
                assert view["onboarded"], view
            again.stop(timeout=15)
        finally:
            if again.proc and again.proc.poll() is None:
                again.kill()
        print(f"     {len(answered)} answered before SIGTERM, "
              f"exit in {took:.2f} s")


if __name__ == "__main__":
    sys.exit(siplib.run_cases(siplib.CASES, sys.argv[1]))
