#include "http/provisioning/catalog.hpp"

#include <catch2/catch.hpp>

using namespace passerelle::provisioning;

TEST_CASE("language codes are read case-insensitively", "[catalog]") {
  CHECK(parse_language("en") == language::en);
  CHECK(parse_language("Ja") == language::ja);
  CHECK(parse_language("FR") == language::fr);
  CHECK_FALSE(parse_language("it"));
  CHECK_FALSE(parse_language(""));
  CHECK_FALSE(parse_language("eng"));
  for (auto x : all_languages)
    CHECK(parse_language(to_code(x)) == x);
}

TEST_CASE("unsupported codes and Japanese on Yealink mean English",
          "[catalog]") {
  CHECK(effective_language(phone_vendor::cisco, "") == language::en);
  CHECK(effective_language(phone_vendor::cisco, "it") == language::en);
  CHECK(effective_language(phone_vendor::yealink, "ja") == language::en);
  CHECK(effective_language(phone_vendor::poly, "ja") == language::ja);
  CHECK(effective_language(phone_vendor::cisco, "ja") == language::ja);
  CHECK(effective_language(phone_vendor::yealink, "de") == language::de);
}

TEST_CASE("every catalog has every string", "[catalog]") {
  for (auto x : all_languages) {
    INFO(to_code(x));
    auto& c = catalog_of(x);
    CHECK_FALSE(c.sign_in.empty());
    CHECK_FALSE(c.sign_out.empty());
    CHECK_FALSE(c.emergency_long.empty());
    CHECK_FALSE(c.emergency_short.empty());
    CHECK(c.emergency_short.size() < c.emergency_long.size());
    CHECK_FALSE(c.voicemail.empty());
    CHECK_FALSE(c.signed_out_line.empty());
    CHECK_FALSE(c.sign_in_unavailable.empty());
  }
  CHECK(catalog_of(language::en).sign_in == "Sign in");
  CHECK(catalog_of(language::en).sign_in_unavailable ==
        "Sign-in is not available yet");
  CHECK(catalog_of(language::en).emergency_long ==
        "Sign in to make an emergency call");
}

TEST_CASE("small screens get the short English emergency text", "[catalog]") {
  for (auto model : {"VVX150", "VVX 201"}) {
    INFO(model);
    CHECK(small_screen(phone_vendor::poly, model));
    CHECK(strings_for(phone_vendor::poly, model, "de").emergency_long ==
          catalog_of(language::en).emergency_short);
  }
  for (auto model : {"CP-6821", "CP-7811", "CP-7821", "CP-7841", "CP-7861"}) {
    INFO(model);
    CHECK(small_screen(phone_vendor::cisco, model));
    auto s = strings_for(phone_vendor::cisco, model, "fr");
    CHECK(s.emergency_long == "Emergency call");
    CHECK(s.sign_in == "Se connecter");
  }
  CHECK_FALSE(small_screen(phone_vendor::cisco, "CP-8851"));
  CHECK_FALSE(small_screen(phone_vendor::poly, "VVX400"));
  CHECK_FALSE(small_screen(phone_vendor::yealink, "VVX150"));
  CHECK(strings_for(phone_vendor::cisco, "CP-8851", "fr").emergency_long ==
        "Connectez-vous pour passer un appel d'urgence");
}

TEST_CASE("Poly VVX voicemail is always VM", "[catalog]") {
  for (auto x : all_languages) {
    INFO(to_code(x));
    CHECK(strings_for(phone_vendor::poly, "VVX400", to_code(x)).voicemail ==
          "VM");
    CHECK(strings_for(phone_vendor::poly, "", to_code(x)).voicemail == "VM");
  }
  CHECK(strings_for(phone_vendor::poly, "Trio8800", "fr").voicemail ==
        "Messagerie vocale");
  CHECK(strings_for(phone_vendor::cisco, "CP-8851", "de").voicemail ==
        "Voicemail");
}

TEST_CASE("Yealink never gets Japanese strings", "[catalog]") {
  auto s = strings_for(phone_vendor::yealink, "T46S", "ja");
  CHECK(s.sign_in == "Sign in");
  CHECK(vendor_language(phone_vendor::yealink, language::ja) == "English");
}

TEST_CASE("each vendor has its own language names", "[catalog]") {
  CHECK(vendor_language(phone_vendor::yealink, language::es) == "Spanish");
  CHECK(vendor_language(phone_vendor::yealink, language::pt) == "Portuguese");
  CHECK(vendor_language(phone_vendor::poly, language::en) ==
        "English_United_States");
  CHECK(vendor_language(phone_vendor::poly, language::ja) == "Japanese_Japan");
  CHECK(vendor_language(phone_vendor::poly, language::de) == "German_Germany");
  CHECK(vendor_language(phone_vendor::cisco, language::fr) == "French");
  CHECK(cisco_locale(language::ja) == "ja-JP");
  CHECK(vendor_language(phone_vendor::audiocodes, language::de) == "GERMAN");
}
