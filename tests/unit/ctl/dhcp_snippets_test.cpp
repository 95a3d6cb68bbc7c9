#include "tools/ctl/dhcp_snippets.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using namespace passerelle::ctl;

namespace {

dhcp_request full_request() {
  dhcp_request req;
  req.base_url = "http://gw.example.net:8080";
  req.tenant = "acme";
  req.lang = "fr";
  req.ntp_servers = {"10.0.0.1", "10.0.0.2"};
  req.utc_offset = 3600;
  return req;
}

dhcp_request bare_request() {
  dhcp_request req;
  req.base_url = "https://gw.example.net";
  return req;
}

/// Reads a double-quoted string as dhcpd and dnsmasq do: `\x` gives `x`.
std::string unquote(std::string_view text) {
  REQUIRE(text.size() >= 2);
  REQUIRE(text.front() == '"');
  REQUIRE(text.back() == '"');
  std::string out;
  for (size_t i = 1; i + 1 < text.size(); ++i) {
    if (text[i] == '"')
      FAIL("unescaped quote in " << text);
    if (text[i] == '\\')
      ++i;
    out.push_back(text[i]);
  }
  return out;
}

/// Splits `data` on commas as Kea does for csv-format option data
/// (isc::util::str::tokens with escapes).
std::vector<std::string> kea_tokens(std::string_view data) {
  std::vector<std::string> out{""};
  for (size_t i = 0; i < data.size(); ++i) {
    char c = data[i];
    if (c == '\\' && i + 1 < data.size() &&
        (data[i + 1] == ',' || data[i + 1] == '\\')) {
      out.back().push_back(data[++i]);
    } else if (c == ',') {
      out.emplace_back();
    } else {
      out.back().push_back(c);
    }
  }
  return out;
}

} // namespace

TEST_CASE("provisioning URLs put tenant, then lang, then $PSN.xml",
          "[ctl][dhcp]") {
  auto urls = make_provisioning_urls(full_request());
  CHECK(urls.generic == "http://gw.example.net:8080/tenantid/acme/lang_fr");
  CHECK(urls.cisco ==
        "http://gw.example.net:8080/tenantid/acme/lang_fr/$PSN.xml");
  auto bare = make_provisioning_urls(bare_request());
  CHECK(bare.generic == "https://gw.example.net");
  CHECK(bare.cisco == "https://gw.example.net/$PSN.xml");
  auto lang_only = bare_request();
  lang_only.lang = "ja";
  // The reference guide's own example: .../lang_ja/$PSN.xml.
  CHECK(make_provisioning_urls(lang_only).cisco ==
        "https://gw.example.net/lang_ja/$PSN.xml");
}

TEST_CASE("ISC dhcpd snippet", "[ctl][dhcp][isc]") {
  CHECK(render_isc(full_request()) ==
        R"(# Passerelle phone provisioning, ISC dhcpd (global scope).
# Option 66: provisioning URL for Yealink phones.
# Option 160: provisioning URL for Poly, Cisco and AudioCodes.
option option-160 code 160 = text;
option tftp-server-name "http://gw.example.net:8080/tenantid/acme/lang_fr";
option option-160 "http://gw.example.net:8080/tenantid/acme/lang_fr";
# Phones do not always ask for 160: add it to their option 55.
if exists dhcp-parameter-request-list {
  option dhcp-parameter-request-list =
    concat(option dhcp-parameter-request-list, a0);
}
# Option 42: NTP servers.
option ntp-servers 10.0.0.1, 10.0.0.2;
# Option 2: UTC offset in seconds.
option time-offset 3600;
# Cisco MPP phones need their own option 160 (and 66) value, ending in
# /$PSN.xml: this class matches their vendor class (option 60).
class "passerelle-cisco" {
  match if substring(option vendor-class-identifier, 0, 5) = "Cisco";
  option tftp-server-name "http://gw.example.net:8080/tenantid/acme/lang_fr/$PSN.xml";
  option option-160 "http://gw.example.net:8080/tenantid/acme/lang_fr/$PSN.xml";
}
)");
}

TEST_CASE("ISC dhcpd snippet leaves out options not asked for",
          "[ctl][dhcp][isc]") {
  auto text = render_isc(bare_request());
  CHECK(text.find("ntp-servers") == std::string::npos);
  CHECK(text.find("time-offset") == std::string::npos);
  CHECK(text.find("option option-160 \"https://gw.example.net\";\n") !=
        std::string::npos);
}

TEST_CASE("dnsmasq snippet", "[ctl][dhcp][dnsmasq]") {
  CHECK(render_dnsmasq(full_request()) ==
        R"(# Passerelle phone provisioning, dnsmasq.
# Option 66: provisioning URL for Yealink phones.
dhcp-option=66,"http://gw.example.net:8080/tenantid/acme/lang_fr"
# Option 160: provisioning URL for Poly, Cisco and AudioCodes,
# forced since phones do not always ask for it.
dhcp-option-force=160,"http://gw.example.net:8080/tenantid/acme/lang_fr"
# Option 42: NTP servers.
dhcp-option=42,10.0.0.1,10.0.0.2
# Option 2: UTC offset in seconds.
dhcp-option=2,3600
# Cisco MPP phones need their own option 160 (and 66) value, ending in
# /$PSN.xml: tag them by vendor class (option 60); tagged options win.
dhcp-vendorclass=set:passerelle-cisco,Cisco
dhcp-option=tag:passerelle-cisco,66,"http://gw.example.net:8080/tenantid/acme/lang_fr/$PSN.xml"
dhcp-option-force=tag:passerelle-cisco,160,"http://gw.example.net:8080/tenantid/acme/lang_fr/$PSN.xml"
)");
}

TEST_CASE("Kea snippet", "[ctl][dhcp][kea]") {
  CHECK(render_kea(full_request()) == R"({
  "Dhcp4": {
    "option-def": [
      {
        "name": "provisioning-url",
        "code": 160,
        "space": "dhcp4",
        "type": "string",
        "comment": "Provisioning URL for Poly, Cisco and AudioCodes phones."
      }
    ],
    "option-data": [
      {
        "name": "tftp-server-name",
        "code": 66,
        "data": "http://gw.example.net:8080/tenantid/acme/lang_fr",
        "comment": "Provisioning URL for Yealink phones."
      },
      {
        "name": "provisioning-url",
        "code": 160,
        "data": "http://gw.example.net:8080/tenantid/acme/lang_fr",
        "always-send": true
      },
      {
        "name": "ntp-servers",
        "code": 42,
        "data": "10.0.0.1, 10.0.0.2"
      },
      {
        "name": "time-offset",
        "code": 2,
        "data": "3600"
      }
    ],
    "client-classes": [
      {
        "name": "passerelle-cisco",
        "test": "substring(option[60].hex,0,5) == 'Cisco'",
        "comment": "Cisco MPP phones need their own option 160 (and 66) value, ending in /$PSN.xml: this class matches their vendor class (option 60) and overrides the global values.",
        "option-data": [
          {
            "name": "tftp-server-name",
            "code": 66,
            "data": "http://gw.example.net:8080/tenantid/acme/lang_fr/$PSN.xml"
          },
          {
            "name": "provisioning-url",
            "code": 160,
            "data": "http://gw.example.net:8080/tenantid/acme/lang_fr/$PSN.xml",
            "always-send": true
          }
        ]
      }
    ]
  }
}
)");
}

TEST_CASE("Kea snippet is JSON that defines option 160 before using it",
          "[ctl][dhcp][kea]") {
  auto doc = nlohmann::json::parse(render_kea(bare_request()));
  const auto& dhcp4 = doc.at("Dhcp4");
  const auto& defs = dhcp4.at("option-def");
  REQUIRE(defs.size() == 1);
  CHECK(defs[0].at("code") == 160);
  CHECK(defs[0].at("type") == "string");
  CHECK(defs[0].at("space") == "dhcp4");
  auto def_name = defs[0].at("name").get<std::string>();
  const auto& data = dhcp4.at("option-data");
  // No option 42 or 2 when not asked for.
  REQUIRE(data.size() == 2);
  CHECK(data[0].at("code") == 66);
  CHECK(data[1].at("code") == 160);
  CHECK(data[1].at("name") == def_name);
  CHECK(data[1].at("data") == "https://gw.example.net");
  const auto& cisco = dhcp4.at("client-classes").at(0);
  CHECK(cisco.at("test") == "substring(option[60].hex,0,5) == 'Cisco'");
  CHECK(cisco.at("option-data").at(1).at("data") ==
        "https://gw.example.net/$PSN.xml");
}

TEST_CASE("a negative UTC offset is written as a signed number",
          "[ctl][dhcp]") {
  auto req = bare_request();
  req.utc_offset = -18000;
  CHECK(render_isc(req).find("option time-offset -18000;\n") !=
        std::string::npos);
  CHECK(render_dnsmasq(req).find("dhcp-option=2,-18000\n") !=
        std::string::npos);
  auto doc = nlohmann::json::parse(render_kea(req));
  CHECK(doc["Dhcp4"]["option-data"][2]["data"] == "-18000");
}

TEST_CASE("quotes, backslashes and commas are escaped per format",
          "[ctl][dhcp][escaping]") {
  CHECK(quoted_literal("plain") == R"("plain")");
  CHECK(quoted_literal(R"(a"b\c,d)") == R"("a\"b\\c,d")");
  CHECK(kea_string_data(R"(a"b\c,d)") == R"(a"b\\c\,d)");

  auto req = bare_request();
  req.tenant = R"(x"y\z,w)";
  auto generic = std::string{R"(https://gw.example.net/tenantid/x"y\z,w)"};

  auto isc = render_isc(req);
  auto isc_value =
      std::string{R"("https://gw.example.net/tenantid/x\"y\\z,w")"};
  CHECK(isc.find("option option-160 " + isc_value + ";\n") !=
        std::string::npos);
  CHECK(unquote(isc_value) == generic);

  CHECK(render_dnsmasq(req).find("dhcp-option=66," + isc_value + "\n") !=
        std::string::npos);

  auto doc = nlohmann::json::parse(render_kea(req));
  auto data = doc["Dhcp4"]["option-data"][0]["data"].get<std::string>();
  CHECK(data == R"(https://gw.example.net/tenantid/x"y\\z\,w)");
  // Kea's comma split gives back the URL whole.
  CHECK(kea_tokens(data) == std::vector<std::string>{generic});
}

TEST_CASE("all formats come under one banner each", "[ctl][dhcp]") {
  auto req = full_request();
  auto all = render_snippets(req, snippet_format::all);
  auto isc_at = all.find("# ==== ISC dhcpd ====\n");
  auto kea_at = all.find("# ==== Kea: merge into kea-dhcp4.conf ====\n");
  auto dnsmasq_at = all.find("# ==== dnsmasq ====\n");
  REQUIRE(isc_at == 0);
  REQUIRE(kea_at != std::string::npos);
  REQUIRE(dnsmasq_at != std::string::npos);
  CHECK(isc_at < kea_at);
  CHECK(kea_at < dnsmasq_at);
  CHECK(all.find(render_isc(req)) != std::string::npos);
  CHECK(all.find(render_kea(req)) != std::string::npos);
  CHECK(all.find(render_dnsmasq(req)) != std::string::npos);
  CHECK(render_snippets(req, snippet_format::isc) == render_isc(req));
  CHECK(render_snippets(req, snippet_format::kea) == render_kea(req));
  CHECK(render_snippets(req, snippet_format::dnsmasq) == render_dnsmasq(req));
}
