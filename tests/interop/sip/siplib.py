"""Shared pieces of the SIP interop tests: a small SIP peer on plain
sockets, digest answers, SIPp runs, a relay that hides the SHA-256
challenge from SIPp 3.6.1, admin API shortcuts and the case runner.
Python stdlib only; loopback only."""

import contextlib
import hashlib
import json
import os
import re
import select
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from gateway_process import Gateway, free_port, wait_until  # noqa: E402,F401

SCENARIOS = os.path.join(HERE, "scenarios")
LOCAL = "127.0.0.1"

# ---------------------------------------------------------------- cases

CASES = []


def case(fn):
    CASES.append(fn)
    return fn


def require_tools(*names):
    """Fails at once, with the fix, when a peer program is missing."""
    missing = [n for n in names if shutil.which(n) is None]
    if missing:
        print(f"FAIL setup: {', '.join(missing)} not installed "
              "(run tools/deps.sh test)")
        print("0 passed, 1 failed")
        sys.exit(1)


def run_cases(cases, *args):
    """Runs every case (or those named by PASSERELLE_SIP_CASES, comma
    separated), prints one line each, then `N passed, M failed`."""
    only = {c for c in os.environ.get("PASSERELLE_SIP_CASES", "").split(",")
            if c}
    passed, failed = 0, 0
    for fn in cases:
        if only and fn.__name__ not in only:
            continue
        started = time.monotonic()
        try:
            fn(*args)
            passed += 1
            print(f"ok   {fn.__name__} ({time.monotonic() - started:.1f} s)",
                  flush=True)
        except Exception as e:  # report every case, then fail
            failed += 1
            detail = str(e) if isinstance(e, AssertionError) else \
                traceback.format_exc()
            print(f"FAIL {fn.__name__}: {detail}", flush=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


@contextlib.contextmanager
def gateway(binary, extra=()):
    """A fresh gateway for one case; on failure its log tail is appended
    to the assertion."""
    gw = Gateway(binary, extra=extra)
    try:
        gw.start()
        yield gw
    except Exception as e:
        log = ""
        try:
            log = gw.log()[-4000:]
        except OSError:
            pass
        raise AssertionError(f"{e}\n--- gateway log (tail) ---\n{log}") \
            from e
    finally:
        gw.cleanup()


# ---------------------------------------------------------------- admin API

def provision(gw, mac):
    """Creates a device; returns its `sip` credentials."""
    status, body = gw.request("POST", "/api/v1/devices", {"mac": mac})
    assert status == 201, f"POST /api/v1/devices {mac}: {status} {body}"
    sip = json.loads(body)["sip"]
    assert sip["username"] and sip["password"] and sip["domain"], sip
    return sip


def device(gw, mac):
    status, body = gw.request("GET", f"/api/v1/devices/{mac}")
    assert status == 200, f"GET device {mac}: {status} {body}"
    return json.loads(body)


def bindings(view):
    """The registrations of a device view, as a list, whichever shape the
    API uses (`registrations: [...]` or `registration: {...}|null`)."""
    if "registrations" in view and view["registrations"] is not None:
        regs = view["registrations"]
        return regs if isinstance(regs, list) else [regs]
    reg = view.get("registration")
    if reg is None:
        return []
    return reg if isinstance(reg, list) else [reg]


def wait_bindings(gw, mac, predicate, what, timeout=10.0):
    """Waits until `predicate(bindings)` holds; returns the bindings. The
    assertion names the last view seen."""
    last = {}

    def check():
        last["view"] = device(gw, mac)
        regs = bindings(last["view"])
        return (regs,) if predicate(regs) else None

    try:
        result = wait_until(check, timeout=timeout, what=what)
    except AssertionError:
        raise AssertionError(f"timed out waiting for {what}; last view: "
                             f"{json.dumps(last.get('view'))}") from None
    return result[0]


def binding_text(b):
    return json.dumps(b) if not isinstance(b, str) else b


def binding_remaining(b):
    """Seconds left before a binding expires, from what the API shows
    (`expires_at_ns` wall clock, `expires_at` seconds, or `expires`)."""
    if not isinstance(b, dict):
        return None
    if "expires_at_ns" in b:
        return b["expires_at_ns"] / 1e9 - time.time()
    if isinstance(b.get("expires_at"), (int, float)):
        return b["expires_at"] - time.time()
    if isinstance(b.get("expires"), (int, float)):
        return float(b["expires"])
    return None


# ---------------------------------------------------------------- SIP text

COMPACT = {"v": "via", "f": "from", "t": "to", "i": "call-id", "m": "contact",
           "l": "content-length", "c": "content-type", "k": "supported",
           "e": "content-encoding", "s": "subject", "o": "event"}


class SipMessage:
    """A parsed message: start line, (lowercase name, value) headers with
    compact names expanded, body."""

    def __init__(self, raw):
        self.raw = raw
        head, _, self.body = raw.partition(b"\r\n\r\n")
        lines = head.decode("utf-8", "replace").split("\r\n")
        self.start = lines[0]
        self.headers = []
        for line in lines[1:]:
            if line[:1] in (" ", "\t") and self.headers:
                name, value = self.headers[-1]
                self.headers[-1] = (name, value + " " + line.strip())
                continue
            name, _, value = line.partition(":")
            name = name.strip().lower()
            self.headers.append((COMPACT.get(name, name), value.strip()))
        parts = self.start.split(" ", 2)
        self.status = None
        self.method = None
        if parts[0] == "SIP/2.0" and len(parts) > 1 and parts[1].isdigit():
            self.status = int(parts[1])
        else:
            self.method = parts[0]

    def get(self, name):
        values = self.all(name)
        return values[0] if values else None

    def all(self, name):
        name = name.lower()
        return [v for n, v in self.headers if n == name]

    @property
    def call_id(self):
        return self.get("call-id")

    @property
    def cseq_method(self):
        cseq = self.get("cseq") or ""
        parts = cseq.split()
        return parts[1] if len(parts) > 1 else ""

    def text(self):
        return self.raw.decode("utf-8", "replace")

    def __repr__(self):
        return f"<{self.start}>"


def new_id():
    return uuid.uuid4().hex


def make_request(method, ruri, *, transport, local_port, call_id, cseq=1,
                 user="probe", domain="passerelle.local", from_tag=None,
                 extra=(), body=b""):
    """A request with a fresh branch, rport asked for."""
    lines = [f"{method} {ruri} SIP/2.0",
             f"Via: SIP/2.0/{transport} {LOCAL}:{local_port}"
             f";branch=z9hG4bK{new_id()};rport",
             "Max-Forwards: 70",
             f"From: <sip:{user}@{domain}>;tag={from_tag or new_id()[:12]}",
             f"To: <sip:{user}@{domain}>",
             f"Call-ID: {call_id}",
             f"CSeq: {cseq} {method}",
             *extra,
             f"Content-Length: {len(body)}", "", ""]
    return "\r\n".join(lines).encode() + body


def split_stream(buffer):
    """Frames complete messages out of a stream buffer (RFC 3261 18.3);
    returns (messages, rest). Leading CRLF keep-alives are dropped."""
    out = []
    while True:
        stripped = buffer.lstrip(b"\r\n")
        if len(stripped) != len(buffer):
            buffer = stripped
        end = buffer.find(b"\r\n\r\n")
        if end < 0:
            return out, buffer
        head = buffer[:end].decode("utf-8", "replace")
        m = re.search(r"(?im)^(?:content-length|l)[ \t]*:[ \t]*(\d+)", head)
        length = int(m.group(1)) if m else 0
        total = end + 4 + length
        if len(buffer) < total:
            return out, buffer
        out.append(buffer[:total])
        buffer = buffer[total:]


# ---------------------------------------------------------------- peers

class UdpPeer:
    transport = "UDP"

    def __init__(self, port):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((LOCAL, 0))
        self.local_port = self.sock.getsockname()[1]
        self.target = (LOCAL, port)
        self.reliable = False

    def send(self, data):
        self.sock.sendto(data, self.target)

    def receive(self, timeout):
        """One message, or None after `timeout` seconds."""
        ready, _, _ = select.select([self.sock], [], [], max(timeout, 0))
        if not ready:
            return None
        data, _ = self.sock.recvfrom(65535)
        return SipMessage(data)

    def close(self):
        self.sock.close()


class StreamPeer:
    """A TCP or TLS connection to the gateway (TLS without verification
    unless `cafile` is given)."""

    def __init__(self, port, tls=False, cafile=None, server_name=None):
        raw = socket.create_connection((LOCAL, port), timeout=5)
        self.transport = "TLS" if tls else "TCP"
        if tls:
            ctx = ssl.create_default_context(cafile=cafile)
            if cafile is None:
                ctx.check_hostname = False
                ctx.verify_mode = ssl.CERT_NONE
            else:
                ctx.check_hostname = server_name is not None
            raw = ctx.wrap_socket(raw, server_hostname=server_name or LOCAL)
        self.sock = raw
        self.local_port = raw.getsockname()[1]
        self.buffer = b""
        self.pending = []
        self.reliable = True

    def send(self, data):
        self.sock.sendall(data)

    def receive(self, timeout):
        deadline = time.monotonic() + timeout
        while not self.pending:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65535)
            except (socket.timeout, ssl.SSLWantReadError):
                return None
            if not chunk:
                return None
            messages, self.buffer = split_stream(self.buffer + chunk)
            self.pending.extend(messages)
        return SipMessage(self.pending.pop(0))

    def close(self):
        with contextlib.suppress(OSError):
            self.sock.close()


def transact(peer, data, call_id, timeout=5.0):
    """Sends a request (retransmitted over UDP as RFC 3261 17.1.2 does);
    returns (final response or None, every response with that Call-ID)."""
    seen = []
    deadline = time.monotonic() + timeout
    interval = 0.5
    next_send = time.monotonic()
    while time.monotonic() < deadline:
        if time.monotonic() >= next_send:
            peer.send(data)
            if peer.reliable:
                next_send = deadline + 1
            else:
                next_send = time.monotonic() + interval
                interval = min(interval * 2, 4.0)
        wait = min(next_send, deadline) - time.monotonic()
        msg = peer.receive(max(wait, 0.01))
        if msg is None or msg.call_id != call_id:
            continue
        seen.append(msg)
        if msg.status and msg.status >= 200:
            return msg, seen
    return None, seen


def options_probe(peer, domain="passerelle.local", timeout=5.0):
    """OPTIONS to the gateway; returns its final response or None."""
    call_id = "probe-" + new_id()
    data = make_request("OPTIONS", f"sip:{domain}", transport=peer.transport,
                        local_port=peer.local_port, call_id=call_id,
                        domain=domain, extra=["Accept: application/sdp"])
    final, _ = transact(peer, data, call_id, timeout)
    return final


# ---------------------------------------------------------------- digest

def auth_params(value):
    """The parameters of one `Digest ...` challenge, names lowercased."""
    value = value.strip()
    scheme, _, rest = value.partition(" ")
    params = {"scheme": scheme}
    param = r'([A-Za-z0-9_-]+)\s*=\s*("((?:[^"\\]|\\.)*)"|[^,\s]*)'
    for m in re.finditer(param, rest):
        params[m.group(1).lower()] = m.group(3) if m.group(3) is not None \
            else m.group(2)
    return params


HASHES = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}


def digest_answer(challenge, user, password, method, uri, nc=1, cnonce=None):
    """The Authorization value answering `challenge` (dict), qop=auth."""
    algorithm = challenge.get("algorithm", "MD5").upper()
    h = lambda s: HASHES[algorithm](s.encode()).hexdigest()  # noqa: E731
    realm, nonce = challenge["realm"], challenge["nonce"]
    cnonce = cnonce or new_id()[:16]
    ha1 = h(f"{user}:{realm}:{password}")
    ha2 = h(f"{method}:{uri}")
    ncv = f"{nc:08x}"
    response = h(f"{ha1}:{nonce}:{ncv}:{cnonce}:auth:{ha2}")
    parts = [f'username="{user}"', f'realm="{realm}"', f'nonce="{nonce}"',
             f'uri="{uri}"', f"algorithm={challenge.get('algorithm', 'MD5')}",
             "qop=auth", f"nc={ncv}", f'cnonce="{cnonce}"',
             f'response="{response}"']
    if "opaque" in challenge:
        parts.append(f'opaque="{challenge["opaque"]}"')
    return "Digest " + ", ".join(parts)


def py_register(peer, sip, *, expires=120, contact=None, algorithm="SHA-256",
                password=None, call_id=None):
    """REGISTER, then the answer to the challenge for `algorithm`.
    Returns (first response, final response)."""
    call_id = call_id or new_id()
    user, domain = sip["username"], sip["domain"]
    transport = peer.transport
    contact = contact or (f"<sip:{user}@{LOCAL}:{peer.local_port};"
                          f"transport={transport.lower()}>")
    common = dict(transport=transport, local_port=peer.local_port,
                  call_id=call_id, user=user, domain=domain,
                  from_tag="py" + call_id[:8])
    extra = [f"Contact: {contact}", f"Expires: {expires}"]
    first, _ = transact(peer, make_request("REGISTER", f"sip:{domain}", cseq=1,
                                           extra=extra, **common), call_id)
    if first is None or first.status != 401:
        return first, first
    challenges = [auth_params(v) for v in first.all("www-authenticate")]
    chosen = [c for c in challenges
              if c.get("algorithm", "MD5").upper() == algorithm.upper()]
    assert chosen, f"no {algorithm} challenge in\n{first.text()}"
    answer = digest_answer(chosen[0], user, password or sip["password"],
                           "REGISTER", f"sip:{domain}")
    final, _ = transact(peer, make_request(
        "REGISTER", f"sip:{domain}", cseq=2,
        extra=extra + [f"Authorization: {answer}"], **common), call_id)
    return first, final


# ---------------------------------------------------------------- SIPp

class SippRun:
    def __init__(self, args, rc, stdout, files):
        self.args = args
        self.rc = rc
        self.stdout = stdout
        self.logs = files.get("logs", "")
        self.messages = files.get("messages", "")
        self.errors = files.get("errors", "")

    def outcome(self):
        found = re.findall(r"outcome=(\S+)", self.logs)
        return found[-1] if found else None

    def logged(self, name):
        found = re.findall(rf"{re.escape(name)}=(\S*)", self.logs)
        return found[-1] if found else None

    def trace(self):
        tail = "\n".join(self.stdout.strip().splitlines()[-15:])
        return (f"$ {' '.join(self.args)}\nrc={self.rc}\n"
                f"--- sipp errors ---\n{self.errors.strip()}\n"
                f"--- sipp <log> ---\n{self.logs.strip()}\n"
                f"--- sipp messages ---\n{self.messages.strip()}\n"
                f"--- sipp stdout (tail) ---\n{tail}")


def run_sipp(port, scenario, sip, *, password=None, transport="u1",
             local_port=None, keys=(), timeout_s=20):
    """One SIPp call (`-m 1`) of `scenario` against 127.0.0.1:`port`, the
    credentials given through `-inf`; traces read back into the result."""
    work = tempfile.mkdtemp(prefix="passerelle-sipp-")
    try:
        csv = os.path.join(work, "credentials.csv")
        with open(csv, "w") as f:
            f.write("SEQUENTIAL\n")
            f.write(f"{sip['username']};{password or sip['password']};"
                    f"{sip['domain']};\n")
        files = {k: os.path.join(work, f"{k}.log")
                 for k in ("logs", "messages", "errors")}
        args = ["sipp", "-sf", os.path.join(SCENARIOS, scenario),
                "-inf", csv, "-m", "1", "-timeout", f"{timeout_s}s",
                "-buff_size", "4194304", "-nostdin",
                "-i", LOCAL, "-p", str(local_port or free_port()),
                "-t", transport, "-auth_uri", sip["domain"],
                "-trace_err", "-error_file", files["errors"],
                "-trace_msg", "-message_file", files["messages"],
                "-trace_logs", "-log_file", files["logs"]]
        for name, value in keys:
            args += ["-key", name, str(value)]
        args.append(f"{LOCAL}:{port}")
        try:
            out = subprocess.run(args, cwd=work, capture_output=True,
                                 text=True, errors="replace",
                                 timeout=timeout_s + 30)
            rc, stdout = out.returncode, out.stdout + out.stderr
        except subprocess.TimeoutExpired as e:
            rc, stdout = "timeout", str(e.stdout or "")
        texts = {}
        for name, path in files.items():
            with contextlib.suppress(OSError), \
                    open(path, errors="replace") as f:
                texts[name] = f.read()
        return SippRun(args, rc, stdout, texts)
    finally:
        shutil.rmtree(work, ignore_errors=True)


# ---------------------------------------------------------------- relay

def strip_sha256_challenges(data):
    """Removes the WWW-/Proxy-Authenticate lines offering SHA-256 from a
    401/407; returns (bytes, lines removed)."""
    if not re.match(rb"SIP/2\.0 40[17] ", data):
        return data, 0
    head, sep, body = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    kept = [line for line in lines
            if not (re.match(rb"(?i)(www|proxy)-authenticate\s*:", line) and
                    re.search(rb'(?i)algorithm\s*=\s*"?sha-256', line))]
    return b"\r\n".join(kept) + sep + body, len(lines) - len(kept)


class Md5OnlyRelay:
    """Sits between a client and the gateway and drops the SHA-256
    challenges from 401/407 answers, leaving the MD5 one alone.

    SIPp 3.6.1 reads only the first WWW-Authenticate of a 401 and knows
    only MD5 (and AKA): faced with the gateway's SHA-256-then-MD5 pair it
    aborts with `createAuthHeader: authentication must use MD5 or
    AKAv1-MD5`. baresip 1.0.0 (libre 1.1.0) walks every challenge and
    gives up on the first algorithm it lacks: `Register: Function not
    implemented`. Through this relay both behave like an RFC 8760 client
    that supports MD5 only. Requests go through untouched; on UDP the
    gateway answers the relay because it answers the source (rport).

    `tls` is (certfile, keyfile): the relay then terminates TLS with that
    pair (the gateway's own) and speaks TLS to the gateway."""

    def __init__(self, target_port, tcp=False, tls=None):
        self.target = (LOCAL, target_port)
        self.tcp = tcp or tls is not None
        self.server_ctx = self.client_ctx = None
        if tls:
            self.server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self.server_ctx.load_cert_chain(*tls)
            self.client_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            self.client_ctx.check_hostname = False
            self.client_ctx.verify_mode = ssl.CERT_NONE
        self.stripped = 0
        self.connections = 0
        self.stop = threading.Event()
        self.threads = []
        self.sockets = []
        kind = socket.SOCK_STREAM if self.tcp else socket.SOCK_DGRAM
        self.sock = socket.socket(socket.AF_INET, kind)
        self.sock.bind((LOCAL, 0))
        self.port = self.sock.getsockname()[1]
        if self.tcp:
            self.sock.listen(8)
        self.spawn(self.tcp_accept if self.tcp else self.udp_loop)

    def spawn(self, fn, *args):
        t = threading.Thread(target=fn, args=args, daemon=True)
        t.start()
        self.threads.append(t)

    def udp_loop(self):
        client = None
        while not self.stop.is_set():
            ready, _, _ = select.select([self.sock], [], [], 0.1)
            if not ready:
                continue
            try:
                data, addr = self.sock.recvfrom(65535)
            except OSError:
                return
            if addr == self.target:
                data, n = strip_sha256_challenges(data)
                self.stripped += n
                if client:
                    self.sock.sendto(data, client)
            else:
                client = addr
                self.sock.sendto(data, self.target)

    def tcp_accept(self):
        while not self.stop.is_set():
            ready, _, _ = select.select([self.sock], [], [], 0.1)
            if not ready:
                continue
            try:
                down, _ = self.sock.accept()
            except OSError:
                continue
            self.spawn(self.serve, down)

    def serve(self, down):
        """Both directions of one connection, in one thread (an SSL
        object is not shared between threads)."""
        try:
            down.settimeout(5)
            if self.server_ctx:
                down = self.server_ctx.wrap_socket(down, server_side=True)
            up = socket.create_connection(self.target, timeout=5)
            if self.client_ctx:
                up = self.client_ctx.wrap_socket(up)
        except (OSError, ssl.SSLError):
            with contextlib.suppress(OSError):
                down.close()
            return
        self.sockets += [down, up]
        self.connections += 1
        pending = {down: b"", up: b""}
        while not self.stop.is_set():
            ready = [s for s in (down, up)
                     if isinstance(s, ssl.SSLSocket) and s.pending()]
            if not ready:
                ready, _, _ = select.select([down, up], [], [], 0.1)
            for src in ready:
                dst = up if src is down else down
                try:
                    chunk = src.recv(65535)
                except (ssl.SSLWantReadError, socket.timeout):
                    continue
                except OSError:
                    chunk = b""
                if not chunk:
                    for s in (down, up):
                        with contextlib.suppress(OSError):
                            s.close()
                    return
                try:
                    if src is down:
                        dst.sendall(chunk)
                        continue
                    messages, pending[up] = split_stream(pending[up] + chunk)
                    for m in messages:
                        m, n = strip_sha256_challenges(m)
                        self.stripped += n
                        dst.sendall(m)
                except OSError:
                    return

    def close(self):
        self.stop.set()
        for t in self.threads:
            t.join(timeout=2)
        for s in self.sockets + [self.sock]:
            with contextlib.suppress(OSError):
                s.close()


# ---------------------------------------------------------------- paths

def shared_dir():
    env = os.environ.get("PASSERELLE_SHARED_DIR")
    if env:
        return env
    repo = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
    return os.path.normpath(os.path.join(repo, "..", "shared"))
