"""The HTTP port's front (http/phone_front.hpp) against the real gateway,
on raw sockets: phone fetches and admin requests share one keep-alive
connection, pipelined requests are answered in order, HTTP/1.0 closes,
an oversized head gets a 4xx, idle connections are closed, one address
holds only its share of connections, the phone's address reaches the
onboarding event and the request counter."""

import json
import os
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(HERE, "..", "sip"))

import siplib  # noqa: E402
from phones import PHONES, credentials  # noqa: E402
from raw_http import Connection, admin_get, get  # noqa: E402
from gateway_process import wait_until  # noqa: E402
from siplib import case, gateway  # noqa: E402

YEALINK = PHONES[0]  # (vendor, ua, mac, boot, per_mac)


def counters(gw):
    """The HTTP request counters from /metrics: total, answered by the
    front, connections handed to httplib."""
    status, body = gw.request("GET", "/metrics", auth=False)
    assert status == 200, status
    value = lambda name: int(re.search(rf"^passerelle_http_{name} (\d+)$",
                                       body, re.M).group(1))
    return (value("requests_total"), value("front_requests_total"),
            value("handed_connections_total"))


@case
def phone_and_admin_share_a_keep_alive_connection(binary):
    vendor, ua, mac, _, per_mac = YEALINK
    with gateway(binary) as gw:
        c = Connection(gw)
        c.send(get(per_mac, ua))
        status, headers, body = c.response()
        assert status == 200, (status, body[:200])
        assert headers.get("connection") != "close", headers
        password = credentials(vendor, body)[1]
        # The same connection, now for the admin API (httplib's routes).
        c.send(admin_get(gw, f"/api/v1/devices/{mac}"))
        status, _, body = c.response()
        assert status == 200, (status, body)
        view = json.loads(body)
        assert view["onboarded"], view
        # The address the phone fetched from, recorded by onboarding.
        assert view["phone"]["source_ip"] == "127.0.0.1", view
        c.send(admin_get(gw, f"/api/v1/devices/{mac}", token="w" * 32))
        status, headers, body = c.response()
        assert status == 401 and "www-authenticate" in headers, (status, body)
        # And a phone fetch again: the same credentials.
        c.send(get(per_mac, ua))
        status, _, body = c.response()
        assert status == 200 and credentials(vendor, body)[1] == password
        c.close()


@case
def pipelined_requests_are_answered_in_order(binary):
    vendor, ua, mac, boot, per_mac = YEALINK
    other_mac = "805ec0d57d99"
    other_ua = ua.replace("80:5e:c0:d5:7d:72", "80:5e:c0:d5:7d:99")
    with gateway(binary) as gw:
        c = Connection(gw)
        # First fetches need the fleet (answered later); the model file
        # and the 404 behind them do not, and must still come after.
        c.send(get(per_mac, ua) + get(boot[1], ua) +
               get(f"/lang_fr/{other_mac}.cfg", other_ua) +
               get("/nothing-here.cfg", ua) + get(per_mac, ua))
        answers = [c.response() for _ in range(5)]
        assert [a[0] for a in answers] == [200, 200, 200, 404, 200], \
            [(a[0], a[2][:80]) for a in answers]
        assert credentials(vendor, answers[0][2])[0] == mac
        assert "account.1.user_name" not in answers[1][2], answers[1][2][:200]
        assert credentials(vendor, answers[2][2])[0] == other_mac
        assert answers[4][2] == answers[0][2]
        # Pipelined across the hand-over to httplib, which keeps order.
        c.send(get(per_mac, ua) + get("/healthz") + get(per_mac, ua) +
               admin_get(gw, f"/api/v1/devices/{other_mac}"))
        answers = [c.response() for _ in range(4)]
        assert [a[0] for a in answers] == [200, 200, 200, 200], \
            [(a[0], a[2][:80]) for a in answers]
        assert '"status":"ok"' in answers[1][2], answers[1][2]
        assert answers[2][2] == answers[0][2]
        assert f'"mac":"{other_mac}"' in answers[3][2], answers[3][2]
        c.close()
        # A burst larger than a read buffer, answers alternating.
        c = Connection(gw)
        c.send((get(boot[1], ua) + get("/nothing-here.cfg", ua)) * 60)
        statuses = [c.response()[0] for _ in range(120)]
        assert statuses == [200, 404] * 60, statuses
        c.close()


@case
def http_1_0_closes_unless_kept_alive(binary):
    vendor, ua, mac, _, per_mac = YEALINK
    with gateway(binary) as gw:
        c = Connection(gw)
        c.send(get(per_mac, ua, version="1.0"))
        status, headers, _ = c.response()
        assert status == 200 and headers.get("connection") == "close", \
            (status, headers)
        assert c.closed_by_peer()
        c.close()
        c = Connection(gw)
        c.send(get(per_mac, ua, version="1.0",
                   extra="Connection: keep-alive\r\n"))
        assert c.response()[0] == 200
        c.send(get(per_mac, ua, extra="Connection: close\r\n"))
        status, headers, _ = c.response()
        assert status == 200 and headers.get("connection") == "close"
        assert c.closed_by_peer()
        c.close()


@case
def oversized_or_malformed_heads_get_4xx(binary):
    vendor, ua, mac, _, per_mac = YEALINK
    with gateway(binary) as gw:
        for extra in ["X-Pad: " + "a" * 16000 + "\r\n",
                      "User-Agent: " + "b" * 9000 + "\r\n"]:
            c = Connection(gw)
            c.send(get(per_mac, extra=extra))
            status, _, body = c.response()
            assert 400 <= status < 500, (status, body[:200])
            c.close()
        c = Connection(gw)
        c.send(b"GET /" + b"c" * 9000 + b".cfg HTTP/1.1\r\n\r\n")
        status, _, body = c.response()
        assert 400 <= status < 500, (status, body[:200])
        c.close()
        c = Connection(gw)
        c.send(b"GET /805ec0d57d72.cfg HTTP/1.1\r\nHost : x\r\n\r\n")
        status, _, body = c.response()
        assert 400 <= status < 500, (status, body[:200])
        c.close()
        # Still serving, phones and admins alike.
        c = Connection(gw)
        c.send(get(per_mac, ua) + admin_get(gw, f"/api/v1/devices/{mac}"))
        assert [c.response()[0] for _ in range(2)] == [200, 200]
        c.close()


@case
def idle_connections_are_closed(binary):
    vendor, ua, mac, _, per_mac = YEALINK
    with gateway(binary) as gw:
        # Never a request; and one answered, then nothing.
        silent = Connection(gw, timeout=20)
        answered = Connection(gw, timeout=20)
        answered.send(get(per_mac, ua))
        assert answered.response()[0] == 200
        started = time.monotonic()
        assert silent.closed_by_peer()
        assert answered.closed_by_peer()
        waited = time.monotonic() - started
        # The keep-alive timeout is 5 s; checked once a second.
        assert 3.0 < waited < 12.0, waited
        silent.close()
        answered.close()
        # A half-sent head is given the read timeout, then closed too.
        partial = Connection(gw, timeout=30)
        partial.send(b"GET /805ec0d57d72.cfg HTTP/1.1\r\nHost: x\r\n")
        assert partial.closed_by_peer()
        partial.close()


@case
def one_address_holds_only_its_share_of_connections(binary):
    vendor, ua, mac, _, per_mac = YEALINK
    with gateway(binary, extra=["--http-max-connections-per-ip=3"]) as gw:
        held = [Connection(gw) for _ in range(3)]
        extra = Connection(gw)  # accepted after the three, and closed
        assert extra.closed_by_peer()
        extra.close()
        for c in held:  # the three are served as before
            c.send(get(per_mac, ua))
            assert c.response()[0] == 200
        for c in held:
            c.close()

        def refused():
            try:  # refused too until the front has seen the closes
                status, body = gw.request("GET", "/metrics", auth=False)
            except OSError:
                return None
            found = re.search(
                r"^passerelle_http_refused_connections_total (\d+)$",
                body, re.M)
            return int(found.group(1)) if status == 200 and found else None

        count = wait_until(refused, what="a connection accepted again")
        assert count >= 1, count


@case
def front_answers_are_counted_and_shutdown_is_clean(binary):
    vendor, ua, mac, _, per_mac = YEALINK
    with gateway(binary) as gw:
        total, front, handed = counters(gw)
        c = Connection(gw)
        for _ in range(5):
            c.send(get(per_mac, ua))
            assert c.response()[0] == 200
        # The front answered the phone; httplib the /metrics requests, each
        # on its own connection. Every request counts in the total.
        assert counters(gw) == (total + 6, front + 5, handed + 1)
        # Phone fetches the front does not take are httplib's.
        c.send(get(per_mac, ua, extra="Accept-Encoding: gzip\r\n"))
        status, headers, _ = c.response()
        assert status == 200 and headers.get("content-encoding") == "gzip", \
            headers
        assert counters(gw) == (total + 8, front + 5, handed + 3)
        # An idle front connection and an idle handed-over one do not hold
        # up SIGTERM.
        handed = Connection(gw)
        handed.send(get("/healthz"))
        assert handed.response()[0] == 200
        assert gw.stop(timeout=15) == 0, gw.log()[-2000:]
        assert c.closed_by_peer() and handed.closed_by_peer()
        c.close()
        handed.close()


if __name__ == "__main__":
    sys.exit(siplib.run_cases(siplib.CASES, sys.argv[1]))
