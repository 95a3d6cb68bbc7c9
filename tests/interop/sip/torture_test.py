"""RFC 4475 torture messages against the real passerelle binary over UDP.

Every `.dat` of <shared>/testdata/rfc4475 (PASSERELLE_SHARED_DIR, else
<repo>/../shared) is sent byte for byte from a fresh UDP socket; the
answer is checked against the last column of EXPECTED.tsv:

- a row naming status codes ("400 (...)", "405 (or 501), never 400")
  expects one of them (a "never" code is excluded);
- a row about a response ("parse response", "response: drop", "... drop")
  expects no answer at all;
- any other row ("parse; ...", "process ...") expects some final answer
  other than 400.

After each message an OPTIONS probe must get its 200, so that "no answer"
is proven against a live server (and a message that kills or wedges the
gateway is caught). A few rows carry extra checks (EXTRA). Prints one
line per file, then a table of mismatches.

Usage: torture_test.py <passerelle binary>
"""

import os
import re
import sys
import time

import siplib
from siplib import UdpPeer, gateway, options_probe

ANSWER_WAIT = 3.0   # for a final answer to a request that gets one
SILENCE_WAIT = 0.3  # before the probe, when nothing must come back


def load_expected(directory):
    rows = []
    with open(os.path.join(directory, "EXPECTED.tsv"), encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            rows.append((cols[0], cols[2], cols[-1]))
    return rows


def expectation(text):
    """(kind, allowed codes, forbidden codes) from the last column:
    kind is "none", "codes" or "answer"."""
    low = text.lower()
    forbidden = {int(c) for c in re.findall(r"never (\d{3})", low)}
    if low.startswith("response") or low.startswith("parse response") or \
            re.search(r"\bdrop\b", low):
        return "none", set(), forbidden
    rest = re.sub(r"never \d{3}", "", text)
    codes = {int(c) for c in re.findall(r"(?<![\d.])([1-6]\d\d)(?![\d.])",
                                        rest)}
    if codes:
        if "answer" in low.split(";")[0] or low.startswith("options with"):
            # zeromf: "addressed to us: answer; when forwarding: 483".
            codes.add(200)
        return "codes", codes, forbidden
    return "answer", set(), forbidden | {400}


def header_has(resp, name, *needles):
    value = ", ".join(resp.all(name))
    return bool(value) and all(n.lower() in value.lower() for n in needles)


# Checks beyond the status code, from the row's own words.
EXTRA = {
    "regaut01.dat": ("401 carries a Digest challenge",
                     lambda r: header_has(r, "www-authenticate", "Digest")),
    "bext01.dat": ("420 lists both unknown options in Unsupported",
                   lambda r: r.status != 420 or header_has(
                       r, "unsupported", "nothingSupportsThis",
                       "nothingSupportsThisEither")),
    "invut.dat": ("415 carries Accept",
                  lambda r: r.status != 415 or header_has(r, "accept")),
}


def send_one(gw, path):
    """Sends one file; returns (final responses, all responses, probe)."""
    peer = UdpPeer(gw.sip_port)
    try:
        with open(path, "rb") as f:
            peer.send(f.read())
        seen = []
        return collect(peer, seen)
    finally:
        peer.close()


def collect(peer, seen):
    deadline = time.monotonic() + ANSWER_WAIT
    while time.monotonic() < deadline:
        msg = peer.receive(min(SILENCE_WAIT, deadline - time.monotonic()))
        if msg is None:
            if not seen:
                break  # silence so far: let the probe decide
            if any(m.status and m.status >= 200 for m in seen):
                break
            continue
        seen.append(msg)
        if msg.status and msg.status >= 200:
            break
    probe = options_probe_collecting(peer, seen)
    finals = []
    for m in seen:
        if m.status and m.status >= 200 and \
                (m.status, m.get("cseq")) not in [(f.status, f.get("cseq"))
                                                  for f in finals]:
            finals.append(m)
    return finals, seen, probe


def options_probe_collecting(peer, seen):
    """The probe; whatever else arrives meanwhile goes to `seen`."""
    receive = peer.receive

    def receive_and_keep(timeout):
        msg = receive(timeout)
        if msg is not None and not (msg.call_id or "").startswith("probe-"):
            seen.append(msg)
        return msg
    peer.receive = receive_and_keep
    try:
        return options_probe(peer)
    finally:
        peer.receive = receive


def judge(name, kind, codes, forbidden, finals, seen):
    """Returns None when the answer is right, else why not."""
    statuses = [m.status for m in finals]
    if kind == "none":
        if seen:
            return f"expected no answer, got {[m.start for m in seen]}"
        return None
    if not finals:
        got = [m.start for m in seen] or "nothing"
        return f"expected a final answer, got {got}"
    if name == "dblreq.dat":
        methods = {m.cseq_method for m in seen}
        if methods != {"REGISTER"}:
            return f"the bytes past Content-Length were read: {methods}"
    first = finals[0]
    if len({m.status for m in finals}) > 1:
        return f"several final answers: {statuses}"
    if kind == "codes" and first.status not in codes:
        return f"expected {sorted(codes)}, got {first.start}"
    if first.status in forbidden:
        return f"must not be {first.status}: {first.start}"
    if first.status == 405 and not first.get("allow"):
        return "405 without Allow"
    if name in EXTRA:
        what, check = EXTRA[name]
        if not check(first):
            return f"{what}: no\n{first.text()}"
    return None


def describe(kind, codes, forbidden):
    if kind == "none":
        return "no answer"
    if kind == "codes":
        return " or ".join(str(c) for c in sorted(codes))
    return "not " + "/".join(str(c) for c in sorted(forbidden))


def main(binary):
    directory = os.path.join(siplib.shared_dir(), "testdata", "rfc4475")
    rows = load_expected(directory)
    files = sorted(f for f in os.listdir(directory) if f.endswith(".dat"))
    listed = {r[0] for r in rows}
    unlisted = [f for f in files if f not in listed]
    passed, failed, mismatches = 0, 0, []
    with gateway(binary) as gw:
        peer = UdpPeer(gw.sip_port)
        try:
            probe = options_probe(peer)
            assert probe is not None and probe.status == 200, \
                f"OPTIONS before the torture run: {probe and probe.text()}"
        finally:
            peer.close()
        for name, cls, text in rows:
            kind, codes, forbidden = expectation(text)
            path = os.path.join(directory, name)
            if not os.path.exists(path):
                failed += 1
                mismatches.append((name, describe(kind, codes, forbidden),
                                   "file missing", ""))
                print(f"FAIL {name}: file missing")
                continue
            finals, seen, probe = send_one(gw, path)
            why = judge(name, kind, codes, forbidden, finals, seen)
            if probe is None or probe.status != 200:
                alive = gw.proc.poll() is None
                why = (why + "; " if why else "") + (
                    "the OPTIONS probe got no 200 afterwards" if alive else
                    f"the gateway exited ({gw.proc.returncode})")
            got = ", ".join(m.start for m in finals) or \
                ("silence" if not seen else seen[0].start)
            if why:
                failed += 1
                mismatches.append((name, describe(kind, codes, forbidden),
                                   got, why))
                print(f"FAIL {name} [{cls}]: {why}")
            else:
                passed += 1
                print(f"ok   {name} [{cls}]: {got}")
            if gw.proc.poll() is not None:
                raise AssertionError(f"gateway died on {name}")
    if unlisted:
        print(f"note: .dat files without a row in EXPECTED.tsv: {unlisted}")
    if mismatches:
        print("\nMismatches:")
        print(f"{'file':<16} {'expected':<22} {'got':<40} why")
        for name, want, got, why in mismatches:
            first_line = why.splitlines()[0]
            print(f"{name:<16} {want:<22} {got[:40]:<40} {first_line}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1]))
    except AssertionError as e:
        print(f"FAIL torture run: {e}")
        print("0 passed, 1 failed")
        sys.exit(1)
