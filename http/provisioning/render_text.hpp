#pragma once

#include "http/provisioning/catalog.hpp"
#include "http/provisioning/render.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace passerelle::provisioning {

/// Escapes `& < > " '` and drops control characters XML 1.0 forbids.
std::string xml_escape(std::string_view text);

/// Makes a value safe on one `key=value` line: control characters (line
/// breaks above all, which would smuggle in keys) become spaces.
std::string single_line(std::string_view text);

/// Appends `key<separator>value\n`, the value made single-line.
void append_setting(std::string& out, std::string_view key,
                    std::string_view separator, std::string_view value);

/// Appends `  <name>value</name>\n`, the value XML-escaped.
void append_element(std::string& out, std::string_view name,
                    std::string_view value);

/// Whether `mac` is 12 lowercase hex digits.
bool valid_mac(std::string_view mac);

/// UTC offset as `+H`, `-H:MM` (Yealink `local_time.time_zone`).
std::string utc_offset_hours(int32_t seconds);

/// UTC offset as `+HH:MM` (Cisco, AudioCodes).
std::string utc_offset_hhmm(int32_t seconds);

/// The registrar domain: `sip_domain`, else the gateway host.
std::string_view registrar_domain(const render_input& in);

/// The provisioning base URL with one trailing slash (a directory).
std::string provisioning_directory(const render_input& in);

/// What the phone shows for its line: the signed-in user, else the
/// signed-out label.
struct line_identity {
  /// Line key label: `Name (number)`, the name, the number, or the
  /// catalog's signed-out label.
  std::string label;
  /// SIP display name: the user's name, empty when signed out.
  std::string display_name;
};

line_identity line_identity_of(const render_input& in, const catalog& text);

/// Label of the sign-in key: "Sign in", or "Sign out" once signed in.
std::string_view sign_in_key_label(const render_input& in, const catalog& text);

} // namespace passerelle::provisioning
