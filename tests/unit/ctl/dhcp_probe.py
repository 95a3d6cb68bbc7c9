#!/usr/bin/env python3
"""Sends DHCPDISCOVERs on one interface until an offer comes back, then
prints its options 66, 160, 42 and 2, one per line ("66: -" if absent).

Usage: dhcp_probe.py <interface> <vendor class> <option 55 codes, a,b,c>
Exits 1 when no offer comes within 8 seconds."""
import os
import random
import socket
import struct
import sys
import time


def discover(mac, xid, vendor, codes):
    # RFC 2131 fixed header; the broadcast flag asks for a broadcast reply.
    pkt = struct.pack('!BBBBIHH4s4s4s4s16s64s128s', 1, 1, 6, 0, xid, 0,
                      0x8000, bytes(4), bytes(4), bytes(4), bytes(4),
                      mac + bytes(10), bytes(64), bytes(128))
    opts = b'\x63\x82\x53\x63' + bytes([53, 1, 1])
    if vendor:
        opts += bytes([60, len(vendor)]) + vendor.encode()
    opts += bytes([55, len(codes)]) + bytes(codes) + b'\xff'
    return pkt + opts


def options(data):
    out, i = {}, 240
    while i + 1 < len(data) and data[i] != 255:
        if data[i] == 0:
            i += 1
            continue
        out[data[i]] = data[i + 2:i + 2 + data[i + 1]]
        i += 2 + data[i + 1]
    return out


def show(code, value):
    if value is None:
        return f'{code}: -'
    if code == 42:
        return '42: ' + ','.join(socket.inet_ntoa(value[j:j + 4])
                                 for j in range(0, len(value), 4))
    if code == 2:
        return f'2: {struct.unpack("!i", value)[0]}'
    return f'{code}: ' + value.rstrip(b'\0').decode('latin-1')


def main():
    iface, vendor, prl = sys.argv[1], sys.argv[2], sys.argv[3]
    codes = [int(c) for c in prl.split(',') if c]
    mac = bytes([2]) + os.urandom(5)
    xid = random.getrandbits(32)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, iface.encode())
    sock.bind(('0.0.0.0', 68))
    sock.settimeout(1.0)
    deadline = time.time() + 8
    while time.time() < deadline:
        sock.sendto(discover(mac, xid, vendor, codes), ('255.255.255.255', 67))
        try:
            data, _ = sock.recvfrom(4096)
        except socket.timeout:
            continue
        if len(data) < 240 or struct.unpack('!I', data[4:8])[0] != xid:
            continue
        got = options(data)
        for code in (66, 160, 42, 2):
            print(show(code, got.get(code)))
        return 0
    print('no offer')
    return 1


if __name__ == '__main__':
    sys.exit(main())
