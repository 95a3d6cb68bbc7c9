// Golden files: every vendor x language, the §4 fallbacks, and the other
// files of each boot sequence. Regenerate with UPDATE_GOLDEN=1, then
// review the diff by eye against PROTOCOLS.md §5.
#include "http/provisioning/catalog.hpp"
#include "http/provisioning/render.hpp"
#include "render_fixture.hpp"

#include <catch2/catch.hpp>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace passerelle::provisioning;
using namespace passerelle::provisioning::test;

namespace {

std::string golden_path(std::string_view name) {
  std::string out{PASSERELLE_PROVISIONING_GOLDEN_DIR};
  out.push_back('/');
  out.append(name);
  return out;
}

bool updating() {
  auto* x = std::getenv("UPDATE_GOLDEN");
  return x != nullptr && std::string_view{x} == "1";
}

/// Compares with the golden file, or rewrites it under UPDATE_GOLDEN=1.
void check_golden(std::string_view name, const std::string& actual) {
  INFO("golden " << name << " (UPDATE_GOLDEN=1 regenerates)");
  auto path = golden_path(name);
  if (updating()) {
    std::ofstream out{path, std::ios::binary | std::ios::trunc};
    out << actual;
    REQUIRE(out.good());
    return;
  }
  std::ifstream in{path, std::ios::binary};
  REQUIRE(in.good());
  std::ostringstream expected;
  expected << in.rdbuf();
  CHECK(actual == expected.str());
}

struct device {
  phone_vendor vendor;
  std::string model;
  std::string mac;
  /// The per-device file's golden suffix.
  std::string_view extension;
};

const device yealink{phone_vendor::yealink, "T46S", "805ec0d57d72", ".cfg"};
const device poly{phone_vendor::poly, "VVX400", "0004f2abcdef", "-user.cfg"};
const device cisco{phone_vendor::cisco, "CP-8851", "00562b043615", ".cfg"};
const device audiocodes{phone_vendor::audiocodes, "445HD", "00908f123456",
                        ".cfg"};

/// `<vendor>_<model>_<lang><suffix>`, lowercase.
std::string golden_name(const device& d, std::string_view language,
                        std::string_view variant = {}) {
  std::string out{to_string(d.vendor)};
  out.push_back('_');
  for (char c : d.model)
    out.push_back(c == ' ' ? '-'
                           : static_cast<char>(
                                 std::tolower(static_cast<unsigned char>(c))));
  out.push_back('_');
  out.append(language.empty() ? "none" : language);
  out.append(variant);
  out.append(d.extension);
  return out;
}

void check_device_file(const device& d, std::string_view language,
                       const render_input& in, std::string_view variant) {
  auto out = render(file_kind::per_mac, in);
  REQUIRE(out);
  check_golden(golden_name(d, language, variant), out->body);
}

render_input input_of(const device& d, std::string_view language) {
  return input_for(d.vendor, d.model, d.mac, std::string{language});
}

} // namespace

TEST_CASE("every vendor in every language matches its golden file",
          "[golden]") {
  for (auto& d : {yealink, poly, cisco, audiocodes})
    for (auto x : all_languages)
      check_device_file(d, to_code(x), input_of(d, to_code(x)), {});
}

TEST_CASE("the section 4 fallbacks match their golden files", "[golden]") {
  // Unsupported and missing codes: English.
  check_device_file(cisco, "it", input_of(cisco, "it"), {});
  check_device_file(yealink, "", input_of(yealink, ""), {});
  // Small screens (their short emergency text is in phone_strings.txt).
  device vvx150{phone_vendor::poly, "VVX150", "0004f2000150", "-user.cfg"};
  check_device_file(vvx150, "es", input_of(vvx150, "es"), {});
  device cp7811{phone_vendor::cisco, "CP-7811", "00562b007811", ".cfg"};
  check_device_file(cp7811, "de", input_of(cp7811, "de"), {});
  // Poly Trio keeps its translated voicemail label; VVX shows "VM".
  device trio{phone_vendor::poly, "Trio8800", "0004f2008800", "-user.cfg"};
  check_device_file(trio, "fr", input_of(trio, "fr"), {});
  // Signed in: the user is the line label; half-hour zone on one of them.
  const std::pair<device, std::string_view> signed_in[] = {
      {yealink, "fr"}, {poly, "de"}, {cisco, "ja"}, {audiocodes, "pt"}};
  for (auto& [d, language] : signed_in) {
    auto in = input_of(d, language);
    in.user = signed_in_user{"Zoë Martin-Dubois", "+33 1 23 45 67 89"};
    in.utc_offset_seconds = -12600;
    check_device_file(d, language, in, "_signed_in");
  }
}

TEST_CASE("the rest of each boot sequence matches its golden file",
          "[golden]") {
  auto y = input_of(yealink, "de");
  check_golden("yealink_805ec0d57d72.boot", render(file_kind::boot, y)->body);
  check_golden("yealink_y000000000066.cfg",
               render(file_kind::model_profile, y)->body);
  auto p = input_of(poly, "de");
  check_golden("poly_000000000000.cfg", render(file_kind::master, p)->body);
  check_golden("poly_common.cfg", render(file_kind::common, p)->body);
  auto c = input_of(cisco, "ja");
  c.ntp_servers = {"ntp1.example.net"};
  c.utc_offset_seconds = 32400;
  check_golden("cisco_8851-3PCC.xml",
               render(file_kind::model_profile, c)->body);
}

TEST_CASE("resolved phone strings match their golden table", "[golden]") {
  // Every phone-visible string per vendor, model and requested code, with
  // the fallbacks applied: review this table for the §4 rules.
  const std::pair<phone_vendor, std::string_view> phones[] = {
      {phone_vendor::yealink, "T46S"},  {phone_vendor::poly, "VVX400"},
      {phone_vendor::poly, "VVX150"},   {phone_vendor::poly, "VVX 201"},
      {phone_vendor::poly, "Trio8800"}, {phone_vendor::cisco, "CP-8851"},
      {phone_vendor::cisco, "CP-6821"}, {phone_vendor::cisco, "CP-7811"},
      {phone_vendor::cisco, "CP-7821"}, {phone_vendor::cisco, "CP-7841"},
      {phone_vendor::cisco, "CP-7861"}, {phone_vendor::audiocodes, "445HD"},
  };
  std::vector<std::string_view> codes{"", "it"};
  for (auto x : all_languages)
    codes.push_back(to_code(x));
  std::string table;
  for (auto& [vendor, model] : phones) {
    for (auto code : codes) {
      auto s = strings_for(vendor, model, code);
      auto lang = effective_language(vendor, code);
      table.append(to_string(vendor)).append(" ").append(model);
      table.append(" lang=").append(code.empty() ? "-" : code);
      table.append(" -> ").append(to_code(lang));
      table.append(" (").append(vendor_language(vendor, lang)).append(")\n");
      const std::pair<std::string_view, std::string_view> rows[] = {
          {"sign_in", s.sign_in},
          {"sign_out", s.sign_out},
          {"emergency_long", s.emergency_long},
          {"emergency_short", s.emergency_short},
          {"voicemail", s.voicemail},
          {"signed_out_line", s.signed_out_line},
          {"sign_in_unavailable", s.sign_in_unavailable},
      };
      for (auto& [key, value] : rows)
        table.append("  ").append(key).append(": ").append(value).append("\n");
    }
  }
  check_golden("phone_strings.txt", table);
}
