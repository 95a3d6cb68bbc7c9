#pragma once

#include "sip/syntax/result.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace passerelle::sip {

/// One `name=value` of credentials or a challenge; quoted values are
/// stored unquoted.
struct auth_param {
  std::string name;
  std::string value;
  bool quoted = false;
};

/// The value of Authorization, Proxy-Authorization (credentials) or
/// WWW-Authenticate, Proxy-Authenticate (challenge): a scheme followed by
/// comma-separated parameters (RFC 3261 25.1, RFC 7616 3.3 and 3.4).
struct auth_value {
  std::string scheme;
  std::vector<auth_param> params;

  /// Returns whether the scheme is Digest (case-insensitive).
  bool is_digest() const;

  /// Returns a parameter value by name (case-insensitive), unquoted.
  std::optional<std::string> get(std::string_view name) const;

  /// Returns the first parameter with this name (case-insensitive), or
  /// null: `get` without the copy.
  const auth_param* find(std::string_view name) const noexcept;

  std::optional<std::string> username() const { return get("username"); }
  std::optional<std::string> realm() const { return get("realm"); }
  std::optional<std::string> nonce() const { return get("nonce"); }
  std::optional<std::string> uri() const { return get("uri"); }
  std::optional<std::string> response() const { return get("response"); }
  std::optional<std::string> algorithm() const { return get("algorithm"); }
  std::optional<std::string> cnonce() const { return get("cnonce"); }
  std::optional<std::string> opaque() const { return get("opaque"); }
  std::optional<std::string> qop() const { return get("qop"); }
  std::optional<std::string> nc() const { return get("nc"); }

  /// Returns whether `stale=true` was given (case-insensitive).
  bool stale() const;
};

/// Parses credentials or a challenge. For Digest the values are checked:
/// nc is 8 hex digits, stale is true or false, response is hex, and no
/// parameter repeats.
result<auth_value> parse_auth(std::string_view text);

/// Returns whether `parse_auth` would accept `text`, without building the
/// value (no allocation for up to 16 parameters without quoted-pairs).
bool is_auth_value(std::string_view text);

/// Returns the scheme of credentials or a challenge, the leading token
/// `parse_auth` reads, without parsing the parameters; "" when there is
/// none.
std::string_view auth_scheme(std::string_view text) noexcept;

/// Returns the value as text. With Digest, the parameters RFC 7616 writes
/// as quoted-strings are quoted whatever `quoted` says, and algorithm,
/// stale, nc and a credentials qop are written as tokens.
std::string to_string(const auth_value& v, bool credentials);

} // namespace passerelle::sip
