#pragma once

#include "http/provisioning/device_info.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace passerelle::provisioning {

/// Languages of the phone UI (PROTOCOLS.md §4), selected by `/lang_xx`.
enum class language : uint8_t { en, es, ja, de, fr, pt };

/// Every language, in §4 order.
inline constexpr language all_languages[] = {
    language::en, language::es, language::ja,
    language::de, language::fr, language::pt,
};

/// Two-letter code: `en`, `es`, `ja`, `de`, `fr`, `pt`.
std::string_view to_code(language x);

/// Reads a code case-insensitively (`Ja` works, as the reference's table
/// writes it); nothing for other codes.
std::optional<language> parse_language(std::string_view code);

/// Every phone-visible string, in one language. UTF-8.
struct catalog {
  /// Label of the key that opens the sign-in page.
  std::string_view sign_in;
  /// Label of the same key once a user is signed in.
  std::string_view sign_out;
  /// Sign-in page text about emergency calls, full form.
  std::string_view emergency_long;
  /// Short form, for small screens.
  std::string_view emergency_short;
  /// Voicemail key label.
  std::string_view voicemail;
  /// Line label while nobody is signed in.
  std::string_view signed_out_line;
  /// Sign-in page text until pairing is offered.
  std::string_view sign_in_unavailable;
};

/// The raw catalog of one language, no fallback applied.
const catalog& catalog_of(language x);

/// The language a phone is given for a requested code (§4): a missing or
/// unsupported code means English; Japanese means English on Yealink.
language effective_language(phone_vendor vendor, std::string_view code);

/// Small screens get the short English emergency text (§4): Poly VVX 150
/// and 201; Cisco CP-6821, 7811, 7821, 7841, 7861.
bool small_screen(phone_vendor vendor, std::string_view model);

/// Strings for one phone with every §4 fallback applied: the effective
/// language, the short English emergency text on small screens, and "VM"
/// as voicemail label on Poly VVX (any Poly that is not a Trio).
catalog strings_for(phone_vendor vendor, std::string_view model,
                    std::string_view code);

/// The vendor's own setting value for a language: Yealink `lang.gui`,
/// Poly `lcl.ml.lang`, Cisco `Language_Selection`, AudioCodes
/// `personal_settings/language`. See catalog.cpp for unverified values.
std::string_view vendor_language(phone_vendor vendor, language x);

/// Cisco `<Locale>` value (`en-US`, `ja-JP`, ...).
std::string_view cisco_locale(language x);

} // namespace passerelle::provisioning
