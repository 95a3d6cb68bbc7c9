"""The phones the provisioning tests stand in for, and how to read the
credentials back out of each vendor's configuration."""

import html
import http.client
import re

# (vendor, User-Agent, MAC, boot sequence, per-MAC file)
PHONES = [
    ("yealink", "Yealink SIP-T46S 66.86.0.15 80:5e:c0:d5:7d:72",
     "805ec0d57d72",
     ["/lang_fr/y000000000000.boot", "/lang_fr/y000000000066.cfg"],
     "/lang_fr/805ec0d57d72.cfg"),
    ("poly", "FileTransport PolycomVVX-VVX_400-UA/5.9.5.0614 Type/Application",
     "0004f2abcdef",
     ["/lang_de/000000000000.cfg", "/lang_de/common.cfg"],
     "/lang_de/0004f2abcdef-user.cfg"),
    ("cisco", "Cisco-CP-8851-3PCC/11.3.7 (00562b043615)", "00562b043615",
     ["/tenantid/default/lang_es/8851-3PCC.xml"],
     "/tenantid/default/lang_es/Cisco/CP-8851-3PCC/00562b043615.cfg"),
    ("audiocodes", "AUDC-IPPhone/3.2.1.1234 (445HD; 00908F123456)",
     "00908f123456", [], "/lang_pt/00908F123456.cfg"),
]


def fetch(gw, path, ua):
    conn = http.client.HTTPConnection("127.0.0.1", gw.http_port, timeout=10)
    try:
        conn.request("GET", path, headers={"User-Agent": ua})
        resp = conn.getresponse()
        return resp.status, resp.read().decode(errors="replace")
    finally:
        conn.close()


def credentials(vendor, body):
    """The SIP account a vendor config carries: user, password, TLS port."""
    if vendor == "yealink":
        kv = dict(re.findall(r"^(\S+) = (.*)$", body, re.M))
        return (kv["account.1.user_name"], kv["account.1.password"],
                int(kv["account.1.sip_server.1.port"]),
                kv["account.1.sip_server.1.transport_type"] == "2")
    if vendor == "poly":
        attr = lambda k: html.unescape(re.search(
            rf'\b{re.escape(k)}="([^"]*)"', body).group(1))
        return (attr("reg.1.auth.userId"), attr("reg.1.auth.password"),
                int(attr("reg.1.server.1.port")),
                attr("reg.1.server.1.transport") == "TLS")
    if vendor == "cisco":
        el = lambda k: html.unescape(re.search(
            rf"<{k}>([^<]*)</{k}>", body).group(1))
        return (el("User_ID_1_"), el("Password_1_"),
                int(el("Proxy_1_").rsplit(":", 1)[1]),
                el("SIP_Transport_1_") == "TLS")
    kv = dict(re.findall(r"^([^;=\s][^=]*)=(.*)$", body, re.M))
    return (kv["voip/line/0/auth_name"], kv["voip/line/0/auth_password"],
            int(kv["voip/signalling/sip/proxy_port"]),
            kv["voip/signalling/sip/transport_protocol"] == "TLS")
