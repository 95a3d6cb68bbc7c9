#include "http/provisioning/device_info.hpp"

#include <catch2/catch.hpp>

using namespace passerelle::provisioning;

TEST_CASE("User-Agents name vendor, model, firmware and MAC", "[device_info]") {
  struct ua_case {
    std::string_view ua;
    phone_vendor vendor;
    std::string_view model;
    std::string_view firmware;
    std::string_view mac;
  };
  const ua_case cases[] = {
      {"Yealink SIP-T46S 66.86.0.15 80:5e:c0:d5:7d:72", phone_vendor::yealink,
       "T46S", "66.86.0.15", "805ec0d57d72"},
      {"Yealink SIP-T31G 124.85.257.55 80:5e:c0:d5:7d:72",
       phone_vendor::yealink, "T31G", "124.85.257.55", "805ec0d57d72"},
      {"FileTransport PolycomVVX-VVX_400-UA/4.1.4.7430 Type/Application",
       phone_vendor::poly, "VVX400", "4.1.4.7430", ""},
      {"FileTransport PolycomRealPresenceTrio-Trio_8800-UA/5.9.5.3182 "
       "Type/Application",
       phone_vendor::poly, "Trio8800", "5.9.5.3182", ""},
      // The BootROM/updater version is not the application's.
      {"FileTransport PolycomVVX-VVX_150-UA/6.4.3.5018 Type/Updater",
       phone_vendor::poly, "VVX150", "", ""},
      {"Cisco-CP-7832-3PCC/11.0.1 (00562b043615)", phone_vendor::cisco,
       "CP-7832", "11.0.1", "00562b043615"},
      {"AUDC-IPPhone/3.2.1.1234 (445HD; 00908F123456)",
       phone_vendor::audiocodes, "445HD", "3.2.1.1234", "00908f123456"},
      {"curl/8.0", phone_vendor::unknown, "", "", ""},
      {"", phone_vendor::unknown, "", "", ""},
  };
  for (auto& c : cases) {
    INFO(c.ua);
    auto got = parse_user_agent(c.ua);
    CHECK(got.vendor == c.vendor);
    CHECK(got.model == c.model);
    CHECK(got.firmware == c.firmware);
    CHECK(got.mac == c.mac);
  }
  CHECK(parse_user_agent(std::string(600, 'Y')).vendor ==
        phone_vendor::unknown);
}

TEST_CASE("firmware is compared with the §3 minimums", "[device_info]") {
  struct fw_case {
    phone_vendor vendor;
    std::string_view model;
    std::string_view version;
    bool supported;
  };
  const fw_case cases[] = {
      {phone_vendor::yealink, "T46S", "66.86.0.15", true},
      {phone_vendor::yealink, "T46S", "66.83.0.1", true},
      {phone_vendor::yealink, "T46S", "66.82.0.20", false},
      {phone_vendor::poly, "VVX400", "5.9.5.0", true},
      {phone_vendor::poly, "VVX400", "6.4.3.5018", true},
      {phone_vendor::poly, "VVX400", "5.9.4.9999", false},
      {phone_vendor::poly, "VVX400", "4.1.4.7430", false},
      {phone_vendor::poly, "Trio8800", "5.9.5.3181", false},
      {phone_vendor::poly, "Trio8800", "5.9.5.3182", true},
      {phone_vendor::cisco, "CP-8851", "11.1.1", true},
      {phone_vendor::cisco, "CP-8851", "11.3.5MPP", true},
      {phone_vendor::cisco, "CP-8851", "11.0.1", false},
      {phone_vendor::cisco, "CP-8832", "11.3.4", false},
      {phone_vendor::cisco, "CP-8832", "11-3-5MPP", true},
      {phone_vendor::audiocodes, "405HD", "2.2.8", true},
      {phone_vendor::audiocodes, "405HD", "2.2.7.99", false},
      {phone_vendor::audiocodes, "445HD", "3.2.0", false},
      {phone_vendor::audiocodes, "445HD", "3.2.1.1234", true},
      // Nothing proves an unreadable or absent version too old.
      {phone_vendor::cisco, "CP-8851", "", true},
      {phone_vendor::poly, "VVX400", "unknown", true},
      {phone_vendor::unknown, "", "0.1", true},
  };
  for (auto& c : cases) {
    INFO(to_string(c.vendor) << " " << c.model << " " << c.version);
    CHECK(firmware_supported(c.vendor, c.model, c.version) == c.supported);
  }
  CHECK(minimum_firmware(phone_vendor::cisco, "CP-8832") == "11.3.5");
  CHECK(minimum_firmware(phone_vendor::poly, "Trio 8500") == "5.9.5.3182");
}

TEST_CASE("models compare without case or separators", "[device_info]") {
  CHECK(same_model("VVX 150", "vvx_150"));
  CHECK(same_model("CP-7811", "cp7811"));
  CHECK_FALSE(same_model("VVX150", "VVX1500"));
  CHECK(model_key("Trio_8800") == "TRIO8800");
}
