#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

namespace passerelle::sip::transport {

/// The transport a message arrives on or leaves over (RFC 3261 18).
enum class protocol : std::uint8_t { udp, tcp, tls };

/// How many `protocol` values there are, for counter arrays.
inline constexpr std::size_t protocol_count = 3;

/// Returns "udp", "tcp" or "tls".
std::string_view to_string(protocol p) noexcept;

/// Why a send or a setup step failed.
enum class errc {
  no_connection = 1, ///< No open stream connection reaches the target.
  connection_closed, ///< The connection closed before the bytes left.
  queue_full,        ///< The peer reads too slowly; the connection closed.
  bad_address,       ///< The target address does not parse.
  stopped,           ///< The hub is stopping or not started.
};

/// The error category of `errc`.
const std::error_category& transport_category() noexcept;

/// Makes an error code of the transport category.
std::error_code make_error_code(errc e) noexcept;

/// Success, or what went wrong, for setup steps that report and give up.
struct setup_status {
  std::string error; ///< Empty on success.

  bool ok() const noexcept { return error.empty(); }
};

} // namespace passerelle::sip::transport

template <>
struct std::is_error_code_enum<passerelle::sip::transport::errc>
    : std::true_type {};
