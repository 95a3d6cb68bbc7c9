#include "http/provisioning/render.hpp"

#include "http/provisioning/catalog.hpp"
#include "http/provisioning/render_text.hpp"
#include "render_fixture.hpp"

#include <catch2/catch.hpp>

using namespace passerelle::provisioning;
using namespace passerelle::provisioning::test;

namespace {

std::string body_of(file_kind kind, const render_input& in) {
  auto out = render(kind, in);
  REQUIRE(out);
  return out->body;
}

std::string expected_base(const render_input& in) {
  return provisioning_base_url(gateway_host, 8080, tenant, in.language) + "/";
}

} // namespace

TEST_CASE("URLs carry tenant and language", "[render]") {
  CHECK(provisioning_base_url("gw", 8080, "t1", "de") ==
        "http://gw:8080/tenantid/t1/lang_de");
  CHECK(provisioning_base_url("gw", 80, "", "") == "http://gw");
  CHECK(provisioning_base_url("[2001:db8::1]", 8080, "", "ja") ==
        "http://[2001:db8::1]:8080/lang_ja");
  CHECK(sign_in_url("gw", 8080, "001565aabbcc") ==
        "http://gw:8080/phone/001565aabbcc/signin");
}

TEST_CASE("UTC offsets in each vendor's form", "[render]") {
  CHECK(utc_offset_hours(3600) == "+1");
  CHECK(utc_offset_hours(0) == "+0");
  CHECK(utc_offset_hours(-12600) == "-3:30");
  CHECK(utc_offset_hours(19800) == "+5:30");
  CHECK(utc_offset_hhmm(-10800) == "-03:00");
  CHECK(utc_offset_hhmm(20700) == "+05:45");
  CHECK(utc_offset_hhmm(99 * 3600) == "+14:00");
}

TEST_CASE("Yealink device file registers over TLS with SRTP", "[render]") {
  for (auto x : all_languages) {
    auto in = input_for(phone_vendor::yealink, "T46S", "805ec0d57d72",
                        std::string{to_code(x)});
    auto body = body_of(file_kind::per_mac, in);
    INFO(body);
    CHECK(body.starts_with("#!version:1.0.0.1\n"));
    auto kv = read_settings(body, " = ", "#");
    CHECK(kv["account.1.enable"] == "1");
    CHECK(kv["account.1.user_name"] == in.username);
    CHECK(kv["account.1.auth_name"] == in.username);
    CHECK(kv["account.1.password"] == password);
    CHECK(kv["account.1.sip_server.1.address"] == domain);
    CHECK(kv["account.1.sip_server.1.port"] == "5061");
    CHECK(kv["account.1.sip_server.1.transport_type"] == "2");
    CHECK(kv["account.1.sip_server.1.expires"] == "600");
    CHECK(kv["account.1.srtp_encryption"] == "2");
    CHECK(kv["programablekey.1.type"] == "27");
    CHECK(kv["programablekey.1.value"] == in.sign_in_url);
    CHECK(kv["sip.notify_reboot_enable"] == "0");
    CHECK(kv["static.auto_provision.server.url"] == expected_base(in));
    CHECK(kv["local_time.ntp_server1"] == "ntp1.example.net");
    CHECK(kv["local_time.time_zone"] == "+1");
    auto lang =
        vendor_language(phone_vendor::yealink,
                        effective_language(phone_vendor::yealink, to_code(x)));
    CHECK(kv["lang.gui"] == lang);
  }
}

TEST_CASE("Poly files chain and carry the account", "[render]") {
  for (auto x : all_languages) {
    auto in = input_for(phone_vendor::poly, "VVX400", "0004f2abcdef",
                        std::string{to_code(x)});
    auto master = read_attributes(body_of(file_kind::master, in));
    CHECK(master["CONFIG_FILES"] == "[PHONE_MAC_ADDRESS]-user.cfg, common.cfg");
    auto common = read_attributes(body_of(file_kind::common, in));
    CHECK(common["reg.1.server.1.address"] == domain);
    CHECK(common["reg.1.server.1.port"] == "5061");
    CHECK(common["reg.1.server.1.transport"] == "TLS");
    CHECK(common["reg.1.server.1.expires"] == "600");
    CHECK(common["sec.srtp.require"] == "1");
    CHECK(common["voIpProt.SIP.specialEvent.checkSync.alwaysReboot"] == "0");
    CHECK(common["tcpIpApp.sntp.gmtOffset"] == "3600");
    auto user = read_attributes(body_of(file_kind::per_mac, in));
    CHECK(user["reg.1.address"] == in.username);
    CHECK(user["reg.1.auth.userId"] == in.username);
    CHECK(user["reg.1.auth.password"] == password);
    CHECK(user["softkey.1.action"] == in.sign_in_url);
    CHECK(user["softkey.1.use.idle"] == "1");
    CHECK(user["mb.main.home"] == in.sign_in_url);
    CHECK(user["softkey.2.label"] == "VM");
    CHECK(user["device.prov.serverName"] == expected_base(in));
    CHECK(user["lcl.ml.lang"] == vendor_language(phone_vendor::poly, x));
  }
}

TEST_CASE("Cisco model file chains to the per-MAC file", "[render]") {
  for (auto x : all_languages) {
    auto in = input_for(phone_vendor::cisco, "CP-8851", "00562b043615",
                        std::string{to_code(x)});
    auto model = read_elements(body_of(file_kind::model_profile, in));
    CHECK(model["Profile_Rule"] == expected_base(in) + "$PSN.xml");
    CHECK(model["Profile_Rule_B"] == expected_base(in) + "Cisco/$PN/$MA.cfg");
    CHECK(model["Resync_From_SIP"] == "Yes");
    CHECK(model.count("Password_1_") == 0);
    auto device = read_elements(body_of(file_kind::per_mac, in));
    CHECK(device["Proxy_1_"] == "sip.example.net:5061");
    CHECK(device["SIP_Transport_1_"] == "TLS");
    CHECK(device["User_ID_1_"] == in.username);
    CHECK(device["Auth_ID_1_"] == in.username);
    CHECK(device["Password_1_"] == password);
    CHECK(device["Register_Expires_1_"] == "600");
    CHECK(device["Resync_From_SIP"] == "Yes");
    CHECK(device["Secure_Call_Option_1_"] == "Required");
    CHECK(device["Time_Zone"] == "GMT+01:00");
    CHECK(device["PSK_1_"].find("url=" + in.sign_in_url + ";") !=
          std::string::npos);
    CHECK(device["XML_Application_Service_URL"] == in.sign_in_url);
    CHECK(device["Locale"] == cisco_locale(x));
  }
}

TEST_CASE("AudioCodes file registers over TLS", "[render]") {
  for (auto x : all_languages) {
    auto in = input_for(phone_vendor::audiocodes, "445HD", "00908f123456",
                        std::string{to_code(x)});
    auto kv = read_settings(body_of(file_kind::per_mac, in), "=", ";");
    CHECK(kv["voip/line/0/enabled"] == "1");
    CHECK(kv["voip/line/0/id"] == in.username);
    CHECK(kv["voip/line/0/auth_name"] == in.username);
    CHECK(kv["voip/line/0/auth_password"] == password);
    CHECK(kv["voip/signalling/sip/proxy_address"] == domain);
    CHECK(kv["voip/signalling/sip/proxy_port"] == "5061");
    CHECK(kv["voip/signalling/sip/transport_protocol"] == "TLS");
    CHECK(kv["voip/signalling/sip/registration_expires"] == "600");
    CHECK(kv["provisioning/configuration/url"] == expected_base(in));
    CHECK(kv["personal_settings/functional_key/0/value"] == in.sign_in_url);
    CHECK(kv["system/ntp/gmt_offset"] == "+01:00");
  }
}

TEST_CASE("user-controlled text cannot break out of its value", "[render]") {
  signed_in_user evil{"Zoë <b>\"&'\nlang.gui = Evil", "+33 1 23\r\n45"};
  for (auto vendor : {phone_vendor::yealink, phone_vendor::audiocodes}) {
    auto in = input_for(vendor, "", "001565aabbcc", "fr");
    in.user = evil;
    auto body = body_of(file_kind::per_mac, in);
    INFO(body);
    CHECK(body.find("\nlang.gui = Evil") == std::string::npos);
    CHECK(body.find("\n45") == std::string::npos);
  }
  for (auto vendor : {phone_vendor::poly, phone_vendor::cisco}) {
    auto in = input_for(vendor, "", "001565aabbcc", "fr");
    in.user = evil;
    auto body = body_of(file_kind::per_mac, in);
    INFO(body);
    CHECK(body.find("<b>") == std::string::npos);
    CHECK(body.find("Zoë &lt;b&gt;&quot;&amp;&apos;lang.gui") !=
          std::string::npos);
  }
}

TEST_CASE("a signed-in user is the line label", "[render]") {
  auto in = input_for(phone_vendor::yealink, "T46S", "805ec0d57d72", "de");
  in.user = signed_in_user{"Alice Martin", "+33 1 23 45 67 89"};
  auto kv = read_settings(body_of(file_kind::per_mac, in), " = ", "#");
  CHECK(kv["account.1.label"] == "Alice Martin (+33 1 23 45 67 89)");
  CHECK(kv["account.1.display_name"] == "Alice Martin");
  CHECK(kv["programablekey.1.label"] == "Abmelden");
  in.user = signed_in_user{"", "4021"};
  kv = read_settings(body_of(file_kind::per_mac, in), " = ", "#");
  CHECK(kv["account.1.label"] == "4021");
  in.user.reset();
  kv = read_settings(body_of(file_kind::per_mac, in), " = ", "#");
  CHECK(kv["account.1.label"] == "Nicht angemeldet");
  CHECK(kv["account.1.display_name"] == "%NULL%");
  CHECK(kv["programablekey.1.label"] == "Anmelden");
}

TEST_CASE("files a vendor does not serve are not rendered", "[render]") {
  auto yealink = input_for(phone_vendor::yealink, "T46S", "805ec0d57d72", "");
  CHECK_FALSE(render(file_kind::master, yealink));
  CHECK_FALSE(render(file_kind::common, yealink));
  auto poly = input_for(phone_vendor::poly, "VVX400", "0004f2abcdef", "");
  CHECK_FALSE(render(file_kind::boot, poly));
  CHECK_FALSE(render(file_kind::model_profile, poly));
  auto cisco = input_for(phone_vendor::cisco, "CP-8851", "00562b043615", "");
  CHECK_FALSE(render(file_kind::master, cisco));
  auto audiocodes =
      input_for(phone_vendor::audiocodes, "445HD", "00908f123456", "");
  CHECK_FALSE(render(file_kind::ata_ini, audiocodes));
  CHECK_FALSE(render(file_kind::model_profile, audiocodes));
  auto unknown = input_for(phone_vendor::unknown, "", "001565aabbcc", "");
  CHECK_FALSE(render(file_kind::per_mac, unknown));
  // Per-device files need a real MAC.
  for (auto vendor : {phone_vendor::yealink, phone_vendor::poly,
                      phone_vendor::cisco, phone_vendor::audiocodes}) {
    auto in = input_for(vendor, "", "00156ZAABBCC", "");
    CHECK_FALSE(render(file_kind::per_mac, in));
  }
  yealink.mac.clear();
  CHECK_FALSE(render(file_kind::boot, yealink));
  CHECK(render(file_kind::model_profile, yealink));
}

TEST_CASE("rendering is deterministic", "[render]") {
  for (auto vendor : {phone_vendor::yealink, phone_vendor::poly,
                      phone_vendor::cisco, phone_vendor::audiocodes}) {
    auto in = input_for(vendor, "", "001565aabbcc", "es");
    CHECK(render(file_kind::per_mac, in)->body ==
          render(file_kind::per_mac, in)->body);
  }
}
