#!/usr/bin/env python3
"""Creates devices on a running Passerelle through the admin API.

POST /api/v1/devices {"mac": ...} over several keep-alive connections
(stdlib http.client, one thread each) and collects the SIP credentials the
gateway issues. Used by bench.py; runs alone too:

  provision.py --url http://127.0.0.1:8080 --token T --count 1000 --out creds.csv

writes `mac;password` lines. MACs are `02` (locally administered) followed
by the 10-hex-digit index, so runs are reproducible and never clash with a
vendor prefix.
"""

import argparse
import http.client
import json
import socket
import sys
import threading
import time
import urllib.parse


def mac_of(index):
    return "02%010x" % index


class ProvisionError(RuntimeError):
    pass


def _quickack(conn):
    # Before 67415e5 the admin API wrote a response's headers and body in
    # two segments without TCP_NODELAY, so Nagle held the body until the
    # first segment was ACKed, which a delayed ACK postpones by ~40 ms
    # (176 devices/s over 8 connections). Immediate ACKs sidestep that on
    # older builds and cost nothing on newer ones (Linux; the kernel clears
    # the flag again, hence every request).
    quickack = getattr(socket, "TCP_QUICKACK", None)
    if quickack is not None and conn.sock is not None:
        conn.sock.setsockopt(socket.IPPROTO_TCP, quickack, 1)


def _worker(host, port, token, macs, out, errors, retries=3):
    conn = None
    headers = {"Authorization": "Bearer " + token,
               "Content-Type": "application/json"}
    for mac in macs:
        body = json.dumps({"mac": mac})
        for attempt in range(retries + 1):
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(host, port, timeout=30)
                conn.request("POST", "/api/v1/devices", body, headers)
                _quickack(conn)
                resp = conn.getresponse()
                data = resp.read()
                if resp.will_close:
                    # The server ends keep-alive after 1000 requests.
                    conn.close()
                    conn = None
                break
            except (http.client.HTTPException, OSError) as exc:
                if conn is not None:
                    conn.close()
                conn = None
                if attempt == retries:
                    errors.append("%s: %r" % (mac, exc))
                    return
                time.sleep(0.05)
        if resp.status != 201:
            # 409 after a retry would mean the first attempt went through
            # and its password is lost: report it rather than guess.
            errors.append("%s: HTTP %d %s" % (mac, resp.status,
                                              data[:200].decode(errors="replace")))
            return
        sip = json.loads(data)["sip"]
        out.append((sip["username"], sip["password"], sip["domain"]))
    if conn is not None:
        conn.close()


def provision(url, token, count, first=1, connections=8):
    """Creates `count` devices; returns (credentials, seconds).

    credentials: list of (username, password, domain) in MAC order.
    """
    parsed = urllib.parse.urlsplit(url)
    host, port = parsed.hostname, parsed.port or 80
    macs = [mac_of(first + i) for i in range(count)]
    chunks = [macs[i::connections] for i in range(connections)]
    outs = [[] for _ in chunks]
    errors = []
    threads = [threading.Thread(target=_worker,
                                args=(host, port, token, chunk, out, errors))
               for chunk, out in zip(chunks, outs)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.monotonic() - start
    if errors:
        raise ProvisionError("%d device(s) not created, first: %s"
                             % (len(errors), errors[0]))
    creds = sorted((c for out in outs for c in out), key=lambda c: c[0])
    if len(creds) != count:
        raise ProvisionError("created %d of %d devices" % (len(creds), count))
    return creds, seconds


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", required=True)
    ap.add_argument("--token", required=True)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--first", type=int, default=1)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    creds, seconds = provision(a.url, a.token, a.count, a.first, a.connections)
    with open(a.out, "w") as f:
        for user, password, _ in creds:
            f.write("%s;%s\n" % (user, password))
    print("created %d devices in %.1f s (%.0f/s)"
          % (len(creds), seconds, len(creds) / seconds), file=sys.stderr)


if __name__ == "__main__":
    main()
