#pragma once

#include "sip/syntax/params.hpp"
#include "sip/syntax/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace passerelle::sip {

/// The branch prefix of RFC 3261 transactions (RFC 3261 8.1.1.7).
inline constexpr std::string_view magic_cookie = "z9hG4bK";

/// One Via value: `sent-protocol LWS sent-by *(SEMI via-params)`
/// (RFC 3261 20.42, 25.1; rport from RFC 3581).
struct via {
  std::string protocol_name;    ///< "SIP"
  std::string protocol_version; ///< "2.0"
  /// The transport as written ("UDP", "TLS", or any other token: unknown
  /// transports are kept, RFC 4475 3.1.1.10).
  std::string transport;
  std::string host;
  std::optional<std::uint16_t> port;
  std::vector<generic_param> params;

  /// Returns the branch parameter.
  std::optional<std::string> branch() const {
    return find_param(params, "branch");
  }

  /// Returns the received parameter.
  std::optional<std::string> received() const {
    return find_param(params, "received");
  }

  /// Returns the maddr parameter.
  std::optional<std::string> maddr() const {
    return find_param(params, "maddr");
  }

  /// Returns the ttl parameter (validated at parse time).
  std::optional<std::uint8_t> ttl() const;

  /// Returns whether rport is present, with or without a value.
  bool has_rport() const { return find_param(params, "rport").has_value(); }

  /// Returns the rport value when one is given (RFC 3581 4).
  std::optional<std::uint16_t> rport() const;

  /// Returns whether the branch starts with the magic cookie and has more
  /// after it, so RFC 3261 17.2.3 matching applies; otherwise RFC 2543
  /// matching does (RFC 4475 3.2.1).
  bool rfc3261_branch() const;
};

/// Parses one Via value (after comma splitting).
result<via> parse_via(std::string_view text);

/// Parses every Via element of a message, top first; an empty element is
/// an error (RFC 4475 3.1.2.1).
result<std::vector<via>> parse_vias(const std::vector<std::string>& values);

/// Returns the Via as text, in canonical spacing.
std::string to_string(const via& v);

} // namespace passerelle::sip
