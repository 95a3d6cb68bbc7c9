#pragma once

#include "sip/syntax/result.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace passerelle::sip {

/// The URI schemes the gateway understands; anything else is `other`.
enum class uri_scheme { sip, sips, tel, other };

/// A URI parameter or header, kept as written (still %-escaped).
struct uri_param {
  std::string name;
  std::string value;
  bool has_value = false;
};

/// A parsed URI: SIP and SIPS (RFC 3261 19.1), tel (RFC 3966) or any other
/// absoluteURI (RFC 2396), which is kept opaque.
///
/// Components hold the text as written, escapes included, so that
/// `to_string` reproduces the input; accessors unescape.
struct uri {
  uri_scheme scheme = uri_scheme::other;
  /// The scheme as written ("sip", "SIP", "soap.beep").
  std::string scheme_name;
  /// sip/sips: the user part; tel: the telephone number.
  std::optional<std::string> user;
  std::optional<std::string> password;
  /// A hostname, IPv4 address or bracketed IPv6 reference.
  std::string host;
  std::optional<std::uint16_t> port;
  std::vector<uri_param> params;
  std::vector<uri_param> headers;
  /// Other schemes: everything after "scheme:".
  std::string opaque;

  /// Returns whether this is a sip or sips URI.
  bool is_sip() const noexcept {
    return scheme == uri_scheme::sip || scheme == uri_scheme::sips;
  }

  /// Returns the user part with escapes decoded (RFC 3261 19.1.2).
  std::optional<std::string> user_unescaped() const;

  /// Returns the unescaped value of the parameter whose unescaped name
  /// equals `name` ignoring case; "" for a parameter without a value.
  std::optional<std::string> param(std::string_view name) const;

  /// Returns whether the parameter is present.
  bool has_param(std::string_view name) const {
    return param(name).has_value();
  }
};

/// Returns the length of the scheme `text` starts with, `ALPHA *( ALPHA /
/// DIGIT / "+" / "-" / "." )` (RFC 3261 25.1), or 0 when it starts with
/// none.
std::size_t scheme_size(std::string_view text) noexcept;

/// Parses an absoluteURI; sip, sips and tel URIs are checked against their
/// grammars (RFC 3261 25.1, RFC 3966 3), other schemes against RFC 2396.
result<uri> parse_uri(std::string_view text);

/// Parses as `parse_uri` does, into `out`, a default-constructed uri, and
/// returns the error if any (`out` then holds a partial parse). Saves
/// moving the result where it is part of a larger value.
std::optional<syntax_error> parse_uri(std::string_view text, uri& out);

/// Returns the URI as text; an unchanged parse reproduces its input.
std::string to_string(const uri& u);

/// Compares two URIs by the rules of RFC 3261 19.1.4 (sip, sips) or
/// RFC 3966 4 (tel): escapes decoded, host and parameter names
/// case-insensitive, user case-sensitive, the user, ttl, method, maddr and
/// transport parameters and all headers significant.
bool equivalent(const uri& a, const uri& b);

} // namespace passerelle::sip
