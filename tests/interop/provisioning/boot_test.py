"""Zero-touch provisioning end to end: each vendor's boot sequence with
real User-Agent strings against the running gateway; the per-MAC config is
parsed back and its credentials register, over TLS with a stdlib client and
over UDP with SIPp; bad paths, MACs and oversized requests get 4xx."""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(HERE, "..", "sip"))

import siplib  # noqa: E402
from phones import PHONES, credentials, fetch  # noqa: E402
from siplib import StreamPeer, case, gateway, py_register, run_sipp  # noqa

@case
def every_vendor_boots_and_registers(binary):
    # MD5 only so that SIPp 3.6 can answer too (it reads one algorithm).
    with gateway(binary, extra=["--digest-algorithms=MD5"]) as gw:
        cert = os.path.join(gw.data_dir, "tls", "cert.pem")
        for vendor, ua, mac, boot, per_mac in PHONES:
            shared = []  # Poly keeps the server in common.cfg
            for path in boot:
                status, body = fetch(gw, path, ua)
                assert status == 200, (vendor, path, status, body[:300])
                shared.append(body)
            status, body = fetch(gw, per_mac, ua)
            assert status == 200, (vendor, per_mac, status, body[:300])
            body = "\n".join(shared + [body])
            user, password, port, tls = credentials(vendor, body)
            assert user == mac and tls and port == gw.sips_port, \
                (vendor, user, port, tls)
            # A second fetch gives the same credentials (no new password).
            _, again = fetch(gw, per_mac, ua)
            again = "\n".join(shared + [again])
            assert credentials(vendor, again)[1] == password, vendor
            sip = {"username": user, "password": password,
                   "domain": "passerelle.local"}
            peer = StreamPeer(gw.sips_port, tls=True, cafile=cert,
                              server_name="passerelle.local")
            try:
                _, final = py_register(peer, sip, algorithm="MD5")
            finally:
                peer.close()
            assert final is not None and final.status == 200, \
                (vendor, final and final.text())
            run = run_sipp(gw.sip_port, "register.xml", sip,
                           keys=[("contact", f"<sip:{user}@127.0.0.1>"),
                                 ("expires", 120)])
            assert run.rc == 0 and run.outcome() == "200", run.trace()
            view = siplib.device(gw, mac)
            assert view["state"] == "provisioned" and view["onboarded"], view
            assert view["phone"]["vendor"] == vendor, view
            transports = {b["transport"] for b in view["registrations"]}
            assert transports == {"tls", "udp"}, view
            print(f"     {vendor}: onboarded, registered over TLS and UDP")


@case
def onboarding_is_an_event_once(binary):
    with gateway(binary) as gw:
        vendor, ua, mac, _, per_mac = PHONES[0]
        for _ in range(3):
            assert fetch(gw, per_mac, ua)[0] == 200
        view = siplib.device(gw, mac)
        # device_provisioned + device_onboarded, not one per fetch.
        assert view["version"] == 2, view
        assert view["phone"]["language"] == "fr", view


def tls_register(gw, user, password):
    """The final status of a REGISTER over TLS with these credentials."""
    cert = os.path.join(gw.data_dir, "tls", "cert.pem")
    peer = StreamPeer(gw.sips_port, tls=True, cafile=cert,
                      server_name="passerelle.local")
    try:
        sip = {"username": user, "password": password,
               "domain": "passerelle.local"}
        _, final = py_register(peer, sip)
    finally:
        peer.close()
    return final.status if final is not None else None


@case
def deleted_device_never_gets_its_old_password(binary):
    # The second and later fetches of an unchanged phone are answered from
    # the HTTP layer's memory: a DELETE must make it forget.
    with gateway(binary) as gw:
        vendor, ua, mac, _, per_mac = PHONES[0]
        passwords = []
        for round_ in range(3):
            status, body = fetch(gw, per_mac, ua)
            assert status == 200, (round_, status, body[:300])
            password = credentials(vendor, body)[1]
            _, again = fetch(gw, per_mac, ua)
            assert credentials(vendor, again)[1] == password, round_
            assert password not in passwords, (round_, passwords)
            passwords.append(password)
            view = siplib.device(gw, mac)
            assert view["state"] == "provisioned" and view["onboarded"], view
            if round_ == 0:
                # Later rounds do not register: the registrar keeps a
                # deleted device's credentials (a separate issue).
                assert tls_register(gw, mac, password) == 200
            status, body = gw.request("DELETE", f"/api/v1/devices/{mac}")
            assert status == 200, (status, body)
        print("     three onboardings, three passwords")


@case
def admin_renewal_reaches_the_phone(binary):
    with gateway(binary) as gw:
        vendor, ua, mac, _, per_mac = PHONES[0]
        first = siplib.provision(gw, mac)["password"]
        for _ in range(2):
            status, body = fetch(gw, per_mac, ua)
            assert status == 200 and credentials(vendor, body)[1] == first
        status, body = gw.request("DELETE", f"/api/v1/devices/{mac}")
        assert status == 200, (status, body)
        renewed = siplib.provision(gw, mac)["password"]
        assert renewed != first
        status, body = fetch(gw, per_mac, ua)
        assert status == 200, (status, body[:300])
        assert credentials(vendor, body)[1] == renewed
        assert tls_register(gw, mac, renewed) == 200


@case
def a_changed_phone_is_recorded_again(binary):
    with gateway(binary) as gw:
        vendor, ua, mac, _, per_mac = PHONES[0]
        upgraded = ua.replace("66.86.0.15", "66.86.0.20")
        for agent, firmware, version in [(ua, "66.86.0.15", 2),
                                         (ua, "66.86.0.15", 2),
                                         (upgraded, "66.86.0.20", 3),
                                         (upgraded, "66.86.0.20", 3),
                                         (ua, "66.86.0.15", 4)]:
            assert fetch(gw, per_mac, agent)[0] == 200
            view = siplib.device(gw, mac)
            assert view["phone"]["firmware"] == firmware, view
            assert view["version"] == version, view


@case
def bad_requests_get_4xx(binary):
    with gateway(binary) as gw:
        ua = PHONES[0][1]
        cases = [("/nothing-here.cfg", 404), ("/805ec0d57d7.cfg", 400),
                 ("/lang_fr/../etc/passwd", 400),
                 ("/tenantid/nobody/805ec0d57d72.cfg", 404),
                 ("/" + "a" * 5000 + ".cfg", 400)]
        for path, code in cases:
            status, body = fetch(gw, path, ua)
            assert 400 <= status < 500, (path, status, body[:200])
            assert status == code, (path, status, body[:200])
        # Another phone's file is refused, not served.
        status, _ = fetch(gw, "/805ec0d57d73.cfg", ua)
        assert status == 403, status
        status, body = fetch(gw, "/phone/805ec0d57d72/signin?lang=de", ua)
        assert status == 200 and "<html>" in body, (status, body)


if __name__ == "__main__":
    siplib.require_tools("sipp")
    sys.exit(siplib.run_cases(siplib.CASES, sys.argv[1]))
