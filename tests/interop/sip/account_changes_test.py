"""The registrar follows account changes made through the admin API: a
deleted device's credentials stop working at once, a device provisioned
again registers with its new password, and a phone that tried to register
before it was provisioned registers as soon as it is.

Usage: account_changes_test.py <passerelle binary>
"""

import sys

import siplib
from siplib import UdpPeer, case, gateway, provision, py_register


def register(gw, sip, password=None):
    peer = UdpPeer(gw.sip_port)
    try:
        _, final = py_register(peer, sip, password=password)
        return final.status if final is not None else None
    finally:
        peer.close()


@case
def deleted_then_provisioned_again(binary):
    with gateway(binary) as gw:
        mac = "001565000c01"
        old = provision(gw, mac)
        assert register(gw, old) == 200
        status, body = gw.request("DELETE", f"/api/v1/devices/{mac}")
        assert status == 200, body
        # The old password is refused like any wrong one, not stored (500).
        assert register(gw, old) == 401
        status, _ = gw.request("GET", f"/api/v1/devices/{mac}")
        assert status == 404, status
        new = provision(gw, mac)
        assert new["password"] != old["password"]
        assert register(gw, old) == 401
        assert register(gw, new) == 200
        regs = siplib.bindings(siplib.device(gw, mac))
        assert len(regs) == 1, regs


@case
def registers_once_provisioned(binary):
    with gateway(binary) as gw:
        mac = "001565000c02"
        early = {"username": mac, "password": "not-yet",
                 "domain": "passerelle.local"}
        assert register(gw, early) == 401
        sip = provision(gw, mac)
        assert register(gw, sip) == 200


if __name__ == "__main__":
    sys.exit(siplib.run_cases(siplib.CASES, sys.argv[1]))
