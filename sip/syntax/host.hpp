#pragma once

#include "sip/syntax/result.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace passerelle::sip {

/// Returns whether `s` is an IPv4address (four decimal octets up to 255).
bool is_ipv4(std::string_view s) noexcept;

/// Returns whether `s` is an IPv6address without brackets (RFC 3261 25.1,
/// RFC 4291 2.2), possibly ending in an IPv4 part.
bool is_ipv6(std::string_view s) noexcept;

/// Returns whether `s` is a hostname (RFC 3261 25.1 `hostname`); '_' is
/// tolerated inside labels as many deployed hosts use it.
bool is_hostname(std::string_view s) noexcept;

/// Returns whether `s` is a host: hostname, IPv4address or IPv6reference
/// (an IPv6 address inside brackets).
bool is_host(std::string_view s) noexcept;

/// A host and its optional port, as in sent-by and hostport.
struct host_port {
  std::string_view host;
  std::optional<std::uint16_t> port;
};

/// Splits the front of `s` into host and optional ":port"; returns the
/// number of characters used in `used`. Whitespace around ':' is allowed
/// only when `lws` is set (Via sent-by uses COLON = SWS ":" SWS).
result<host_port> parse_host_port(std::string_view s, std::size_t& used,
                                  bool lws = false);

/// Parses a port: 1 to 5 digits, at most 65535.
result<std::uint16_t> parse_port(std::string_view s);

} // namespace passerelle::sip
