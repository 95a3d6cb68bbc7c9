"""Server transactions on the wire (RFC 3261 17.2.2): a retransmitted
REGISTER over UDP gets the very same answer again, and is not handled a
second time: no replayed nonce count read as an attack, no second event.
A retransmitted first REGISTER just gets a challenge again.

Usage: transactions_test.py <passerelle binary>
"""

import re
import sys

import siplib
from siplib import (UdpPeer, auth_params, case, digest_answer, gateway,
                    make_request, new_id, provision, transact)


def exchange(peer, data, call_id):
    final, _ = transact(peer, data, call_id)
    assert final is not None, "no answer"
    return final


def rfc2543_branch(data):
    """The request as an RFC 2543 client sends it: a branch without the
    magic cookie, so the transaction is matched on Request-URI, tags,
    Call-ID, CSeq and top Via (RFC 3261 17.2.3)."""
    return data.replace(b"branch=z9hG4bK", b"branch=old")


def completed_bytes(gw):
    status, text = gw.request("GET", "/metrics", auth=False)
    assert status == 200
    kept = re.search(r"^passerelle_registrar_completed_answer_bytes (\d+)$",
                     text, re.M)
    assert kept is not None, text
    return int(kept.group(1))


def register_and_repeat(binary, mac, style=lambda data: data):
    with gateway(binary) as gw:
        sip = provision(gw, mac)
        before = completed_bytes(gw)
        peer = UdpPeer(gw.sip_port)
        try:
            call_id = new_id()
            common = dict(transport="UDP", local_port=peer.local_port,
                          call_id=call_id, user=mac,
                          domain=sip["domain"], from_tag="t" + call_id[:8])
            extra = [f"Contact: <sip:{mac}@127.0.0.1:{peer.local_port}>",
                     "Expires: 300"]
            first = style(make_request("REGISTER", f"sip:{sip['domain']}",
                                       cseq=1, extra=extra, **common))
            challenge = exchange(peer, first, call_id)
            assert challenge.status == 401, challenge.text()
            # The same request again: a challenge again (a fresh one: the
            # gateway does not keep its 401s, see registrar_core.cpp).
            again = exchange(peer, first, call_id)
            assert again.status == 401, again.text()
            params = [auth_params(v)
                      for v in challenge.all("www-authenticate")]
            chosen = [p for p in params
                      if p.get("algorithm", "MD5").upper() == "SHA-256"][0]
            answer = digest_answer(chosen, mac, sip["password"], "REGISTER",
                                   f"sip:{sip['domain']}")
            second = style(make_request(
                "REGISTER", f"sip:{sip['domain']}", cseq=2,
                extra=extra + [f"Authorization: {answer}"], **common))
            ok = exchange(peer, second, call_id)
            assert ok.status == 200, ok.text()
            version = siplib.device(gw, mac)["version"]
            # Its retransmission: byte for byte the same 200, nothing new
            # stored, no failure logged for the repeated nonce count.
            for _ in range(3):
                repeat = exchange(peer, second, call_id)
                assert repeat.raw == ok.raw, (repeat.text(), ok.text())
            assert siplib.device(gw, mac)["version"] == version
            assert "sip auth failed" not in gw.log(), gw.log()[-2000:]
            # The answer waits in the completed-answer arenas, not in a
            # full transaction (actors/completed_answers.hpp).
            grown = completed_bytes(gw) - before
            if style is rfc2543_branch:  # kept as a whole transaction
                assert grown == 0, grown
            else:
                assert grown >= len(ok.raw), (grown, len(ok.raw))
            status, text = gw.request("GET", "/metrics", auth=False)
            assert "passerelle_registrar_server_transactions 1\n" in text, \
                text
        finally:
            peer.close()


@case
def retransmissions_get_the_same_answer(binary):
    register_and_repeat(binary, "001565000d01")


@case
def rfc2543_retransmissions_get_the_same_answer(binary):
    register_and_repeat(binary, "001565000d02", rfc2543_branch)


if __name__ == "__main__":
    sys.exit(siplib.run_cases(siplib.CASES, sys.argv[1]))
