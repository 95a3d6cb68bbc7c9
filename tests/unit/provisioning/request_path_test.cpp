#include "http/provisioning/request_path.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace passerelle::provisioning;

namespace {

// PROTOCOLS.md §5 samples, and one per vendor on supported firmware.
constexpr std::string_view yealink_ua =
    "Yealink SIP-T46S 66.86.0.15 80:5e:c0:d5:7d:72";
constexpr std::string_view yealink_old_ua =
    "Yealink SIP-T46S 66.82.0.20 80:5e:c0:d5:7d:72";
constexpr std::string_view poly_ua =
    "FileTransport PolycomVVX-VVX_400-UA/6.4.3.5018 Type/Application";
constexpr std::string_view poly_old_ua =
    "FileTransport PolycomVVX-VVX_400-UA/4.1.4.7430 Type/Application";
constexpr std::string_view cisco_ua =
    "Cisco-CP-8851-3PCC/11.3.1 (00562b043615)";
constexpr std::string_view cisco_old_ua =
    "Cisco-CP-7832-3PCC/11.0.1 (00562b043615)";
// Unverified AudioCodes form.
constexpr std::string_view audiocodes_ua =
    "AUDC-IPPhone/3.2.1.1234 (445HD; 00908F123456)";

struct path_case {
  std::string_view path;
  std::string_view user_agent;
  path_status status;
  phone_vendor vendor = phone_vendor::unknown;
  file_kind kind = file_kind::per_mac;
  std::string_view mac = {};
  std::string_view model = {};
};

void check_case(const path_case& c) {
  INFO("path " << c.path << " ua " << c.user_agent);
  auto got = parse_request_path(c.path, c.user_agent);
  INFO("reason " << got.reason);
  REQUIRE(got.status == c.status);
  if (c.status != path_status::ok)
    return;
  CHECK(got.request.vendor == c.vendor);
  CHECK(got.request.kind == c.kind);
  CHECK(got.request.mac == c.mac);
  CHECK(got.request.model == c.model);
}

} // namespace

TEST_CASE("each vendor's boot sequence is recognised", "[request_path]") {
  using enum path_status;
  using enum file_kind;
  const path_case cases[] = {
      // Yealink: <mac>.boot, y000000000000.boot, y0000000000XX.cfg, <mac>.cfg.
      {"/805ec0d57d72.boot", yealink_ua, ok, phone_vendor::yealink, boot,
       "805ec0d57d72", "T46S"},
      {"/y000000000000.boot", yealink_ua, ok, phone_vendor::yealink, boot,
       "805ec0d57d72", "T46S"},
      {"/y000000000066.cfg", yealink_ua, ok, phone_vendor::yealink,
       model_profile, "805ec0d57d72", "T46S"},
      {"/y000000000123.cfg", "", ok, phone_vendor::yealink, model_profile, "",
       "T3x"},
      {"/805ec0d57d72.cfg", yealink_ua, ok, phone_vendor::yealink, per_mac,
       "805ec0d57d72", "T46S"},
      // Poly: <mac>.cfg then 000000000000.cfg, both masters; then the files
      // the master lists.
      {"/0004f2abcdef.cfg", poly_ua, ok, phone_vendor::poly, master,
       "0004f2abcdef", "VVX400"},
      {"/000000000000.cfg", poly_ua, ok, phone_vendor::poly, master, "",
       "VVX400"},
      {"/0004f2abcdef-user.cfg", poly_ua, ok, phone_vendor::poly, per_mac,
       "0004f2abcdef", "VVX400"},
      {"/common.cfg", poly_ua, ok, phone_vendor::poly, common, "", "VVX400"},
      // Cisco: /$PSN.xml, then Profile_Rule_B's Cisco/$PN/$MA.cfg.
      {"/8851-3PCC.xml", cisco_ua, ok, phone_vendor::cisco, model_profile,
       "00562b043615", "CP-8851"},
      {"/6821-3PCC.xml", "", ok, phone_vendor::cisco, model_profile, "",
       "CP-6821"},
      {"/Cisco/CP-8851-3PCC/00562b043615.cfg", cisco_ua, ok,
       phone_vendor::cisco, per_mac, "00562b043615", "CP-8851"},
      // AudioCodes: <MAC>.cfg (uppercase), <MODEL>_<MAC>_conf.cfg, ATAs.
      {"/00908F123456.cfg", audiocodes_ua, ok, phone_vendor::audiocodes,
       per_mac, "00908f123456", "445HD"},
      {"/00908F123456.cfg", "", ok, phone_vendor::audiocodes, per_mac,
       "00908f123456", ""},
      {"/00908f123456.cfg", audiocodes_ua, ok, phone_vendor::audiocodes,
       per_mac, "00908f123456", "445HD"},
      {"/445HD_00908F123456_conf.cfg", "", ok, phone_vendor::audiocodes,
       per_mac, "00908f123456", "445HD"},
      {"/00908f123456.ini", "", ok, phone_vendor::audiocodes, ata_ini,
       "00908f123456", ""},
  };
  for (auto& c : cases)
    check_case(c);
}

TEST_CASE("bad MACs are 400, unknown files 404", "[request_path]") {
  using enum path_status;
  const path_case cases[] = {
      {"/001565aabbc.cfg", yealink_ua, bad_mac},
      {"/001565aabbcc0.cfg", yealink_ua, bad_mac},
      {"/00156zaabbcc.boot", yealink_ua, bad_mac},
      {"/00:15:65:aa:bb:cc.cfg", yealink_ua, bad_mac},
      {"/0004f2abcdeg-user.cfg", poly_ua, bad_mac},
      {"/Cisco/CP-8851-3PCC/00562b04361z.cfg", cisco_ua, bad_mac},
      {"/445HD_00908F12345_conf.cfg", audiocodes_ua, bad_mac},
      {"/index.html", "", not_found},
      {"/phone1.cfg", poly_ua, not_found},
      {"/sip.ld", poly_ua, not_found},
      {"/0004f2abcdef-directory.xml", poly_ua, not_found},
      {"/000000000000.boot", yealink_ua, not_found},
      {"/y00000000abcd.cfg", yealink_ua, not_found},
      {"/99999-3PCC.xml", cisco_ua, not_found},
      {"/Cisco/SPA-525G/00562b043615.cfg", cisco_ua, not_found},
      {"/999XX_00908F123456_conf.cfg", audiocodes_ua, not_found},
      {"/foo/805ec0d57d72.cfg", yealink_ua, not_found},
      {"/Cisco/CP-8851-3PCC/x/00562b043615.cfg", cisco_ua, not_found},
      {"/", yealink_ua, not_found},
      // Cisco never asks for a root <mac>.cfg.
      {"/00562b043615.cfg", cisco_ua, not_found},
      // The common boot file is useless without the MAC in the agent.
      {"/y000000000000.boot", "Yealink SIP-T46S 66.86.0.15", not_found},
  };
  for (auto& c : cases)
    check_case(c);
  CHECK(http_status(path_status::bad_mac) == 400);
  CHECK(http_status(path_status::bad_path) == 400);
  CHECK(http_status(path_status::not_found) == 404);
  CHECK(http_status(path_status::unknown_vendor) == 404);
  CHECK(http_status(path_status::ok) == 200);
}

TEST_CASE("<mac>.cfg without a known agent is left to the caller",
          "[request_path]") {
  auto got = parse_request_path("/001565aabbcc.cfg", "curl/8.0");
  CHECK(got.status == path_status::unknown_vendor);
  CHECK(got.request.mac == "001565aabbcc");
  CHECK(got.request.vendor == phone_vendor::unknown);
}

TEST_CASE("tenant and language segments come in either order",
          "[request_path]") {
  for (auto path : {"/tenantid/contoso-01/lang_de/805ec0d57d72.cfg",
                    "/lang_de/tenantid/contoso-01/805ec0d57d72.cfg",
                    "/TenantId/contoso-01/LANG_DE/805ec0d57d72.cfg"}) {
    INFO(path);
    auto got = parse_request_path(path, yealink_ua);
    REQUIRE(got.status == path_status::ok);
    CHECK(got.request.tenant == "contoso-01");
    CHECK(got.request.language == "de");
    CHECK(got.request.mac == "805ec0d57d72");
  }
  // The reference's own example: /lang_ja/$PSN.xml.
  auto cisco = parse_request_path("/lang_Ja/8851-3PCC.xml", cisco_ua);
  REQUIRE(cisco.status == path_status::ok);
  CHECK(cisco.request.language == "ja");
  CHECK(cisco.request.tenant.empty());
  auto chained = parse_request_path(
      "/tenantid/t1/lang_fr/Cisco/CP-8851-3PCC/00562b043615.cfg", cisco_ua);
  REQUIRE(chained.status == path_status::ok);
  CHECK(chained.request.tenant == "t1");
  CHECK(chained.request.language == "fr");
  // Unsupported codes are kept; rendering falls back to English.
  auto italian = parse_request_path("/lang_it/common.cfg", poly_ua);
  REQUIRE(italian.status == path_status::ok);
  CHECK(italian.request.language == "it");
}

TEST_CASE("repeated or incomplete segments are unknown", "[request_path]") {
  for (auto path :
       {"/lang_de/lang_fr/805ec0d57d72.cfg",
        "/tenantid/a/tenantid/b/805ec0d57d72.cfg", "/tenantid/805ec0d57d72.cfg",
        "/lang_deu/805ec0d57d72.cfg", "/Cisco/805ec0d57d72.cfg"}) {
    INFO(path);
    CHECK(parse_request_path(path, yealink_ua).status ==
          path_status::not_found);
  }
}

TEST_CASE("oversize, dot and odd paths are refused", "[request_path]") {
  std::string huge{"/"};
  huge.append(max_request_path, 'a').append(".cfg");
  std::string long_segment{"/"};
  long_segment.append(65, 'x').append("/805ec0d57d72.cfg");
  for (std::string path :
       {huge, std::string{"/../etc/passwd"},
        std::string{"/lang_de/../805ec0d57d72.cfg"},
        std::string{"/./805ec0d57d72.cfg"}, std::string{"805ec0d57d72.cfg"},
        std::string{""}, std::string{"/a b.cfg"},
        std::string{"/%2e%2e/805ec0d57d72.cfg"},
        std::string{"/tenantid/a\\b/805ec0d57d72.cfg"}, long_segment}) {
    INFO(path);
    CHECK(parse_request_path(path, yealink_ua).status == path_status::bad_path);
  }
  // The query string is not part of the path.
  CHECK(parse_request_path("/805ec0d57d72.cfg?ts=1", yealink_ua).status ==
        path_status::ok);
}

TEST_CASE("old firmware and foreign MACs are flagged", "[request_path]") {
  auto current = parse_request_path("/805ec0d57d72.cfg", yealink_ua);
  CHECK_FALSE(current.request.firmware_unsupported);
  CHECK(current.request.firmware == "66.86.0.15");
  auto old = parse_request_path("/805ec0d57d72.cfg", yealink_old_ua);
  CHECK(old.request.firmware_unsupported);
  auto poly = parse_request_path("/0004f2abcdef.cfg", poly_old_ua);
  REQUIRE(poly.status == path_status::ok);
  CHECK(poly.request.firmware_unsupported);
  auto cisco = parse_request_path("/7832-3PCC.xml", cisco_old_ua);
  REQUIRE(cisco.status == path_status::ok);
  CHECK(cisco.request.model == "CP-7832");
  CHECK(cisco.request.firmware_unsupported);
  auto foreign = parse_request_path("/001565aabbcc.cfg", yealink_ua);
  REQUIRE(foreign.status == path_status::ok);
  CHECK(foreign.request.mac == "001565aabbcc");
  CHECK(foreign.request.mac_mismatch);
  CHECK_FALSE(current.request.mac_mismatch);
}
