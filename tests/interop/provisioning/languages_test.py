"""Every vendor's boot sequence in every language: 4 vendors x 6 languages,
each a distinct factory-reset phone. Its config must carry the "Sign in"
key in its language (PROTOCOLS.md §4 fallbacks included), and the
credentials in it must register over TLS.

Usage: languages_test.py <passerelle binary>
"""

import html
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(HERE, "..", "sip"))

import siplib  # noqa: E402
from phones import PHONES, credentials, fetch  # noqa: E402
from siplib import StreamPeer, case, gateway, py_register  # noqa: E402

# The catalog's "Sign in" label per language (http/provisioning/catalog.cpp).
SIGN_IN = {"en": "Sign in", "es": "Iniciar sesión", "ja": "サインイン",
           "de": "Anmelden", "fr": "Se connecter", "pt": "Iniciar sessão"}


def expected_label(vendor, lang):
    # PROTOCOLS.md §4: Yealink firmware has no Japanese font: English.
    if vendor == "yealink" and lang == "ja":
        return SIGN_IN["en"]
    return SIGN_IN[lang]


def variant(phone, lang, n):
    """The phone of PHONES with its MAC's last byte set to `n` and its
    paths in `lang`."""
    vendor, ua, mac, boot, per_mac = phone
    new = mac[:10] + f"{n:02x}"

    def swap(text):
        for old, repl in ((mac, new), (mac.upper(), new.upper()),
                          (":".join(mac[i:i + 2] for i in range(0, 12, 2)),
                           ":".join(new[i:i + 2] for i in range(0, 12, 2)))):
            text = text.replace(old, repl)
        return re.sub(r"/lang_[a-z]{2}/", f"/lang_{lang}/", text)

    return vendor, swap(ua), new, [swap(p) for p in boot], swap(per_mac)


@case
def every_vendor_in_every_language(binary):
    with gateway(binary) as gw:
        cert = os.path.join(gw.data_dir, "tls", "cert.pem")
        n = 0
        for phone in PHONES:
            for lang in SIGN_IN:
                n += 1
                vendor, ua, mac, boot, per_mac = variant(phone, lang, n)
                bodies = []
                for path in boot + [per_mac]:
                    status, body = fetch(gw, path, ua)
                    assert status == 200, (vendor, lang, path, status,
                                           body[:300])
                    bodies.append(body)
                config = html.unescape("\n".join(bodies))
                label = expected_label(vendor, lang)
                assert label in config, (vendor, lang, label, config[:2000])
                user, password, port, tls = credentials(vendor, config)
                assert (user, port, tls) == (mac, gw.sips_port, True), \
                    (vendor, lang, user, port, tls)
                peer = StreamPeer(gw.sips_port, tls=True, cafile=cert,
                                  server_name="passerelle.local")
                try:
                    sip = {"username": user, "password": password,
                           "domain": "passerelle.local"}
                    _, final = py_register(peer, sip, algorithm="SHA-256")
                finally:
                    peer.close()
                assert final is not None and final.status == 200, \
                    (vendor, lang, final and final.text())
                view = siplib.device(gw, mac)
                assert view["phone"]["vendor"] == vendor, view
                assert view["phone"]["language"] == lang, view
                assert [b["transport"] for b in siplib.bindings(view)] == \
                    ["tls"], view
        print(f"     {n} phones: onboarded in their language, registered "
              "over TLS")


if __name__ == "__main__":
    sys.exit(siplib.run_cases(siplib.CASES, sys.argv[1]))
