"""HTTP/1.1 on a raw socket, as a phone speaks it to the front: requests
pipelined as the test writes them, responses read in the order they
come."""

import socket


class Connection:
    """One client connection; reads responses in the order they come."""

    def __init__(self, gw, timeout=10):
        self.sock = socket.create_connection(("127.0.0.1", gw.http_port),
                                             timeout=timeout)
        self.buf = b""

    def send(self, data):
        self.sock.sendall(data)

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise EOFError("connection closed")
        self.buf += chunk

    def response(self):
        """(status, headers with lowercase names, body text)."""
        while b"\r\n\r\n" not in self.buf:
            self._fill()
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.decode().split("\r\n")
        status = int(lines[0].split(" ")[1])
        headers = {}
        for line in lines[1:]:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        while len(self.buf) < length:
            self._fill()
        body, self.buf = self.buf[:length], self.buf[length:]
        return status, headers, body.decode(errors="replace")

    def responses_until_closed(self):
        """Every whole response until the server closes; fails on a
        response cut short."""
        out = []
        while True:
            try:
                out.append(self.response())
            except (EOFError, ConnectionResetError):
                assert not self.buf, f"cut short: {self.buf[:200]!r}"
                return out

    def closed_by_peer(self):
        """Whether the server closes the connection (within the socket's
        timeout) without sending anything more."""
        try:
            return self.sock.recv(1) == b""
        except ConnectionResetError:
            return True

    def close(self):
        self.sock.close()


def get(path, ua=None, extra="", version="1.1"):
    head = f"GET {path} HTTP/{version}\r\nHost: 127.0.0.1\r\n"
    if ua:
        head += f"User-Agent: {ua}\r\n"
    return (head + extra + "\r\n").encode()


def admin_get(gw, path, token=None):
    return get(path, extra=f"Authorization: Bearer {token or gw.token}\r\n")
