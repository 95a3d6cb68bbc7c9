#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace passerelle::sip::registrar {

using time_point = std::chrono::system_clock::time_point;

/// The transport a REGISTER arrived on, which later requests to the
/// contact reuse.
enum class transport_protocol : std::uint8_t { udp, tcp, tls };

/// Returns "udp", "tcp" or "tls".
std::string_view to_string(transport_protocol t) noexcept;

/// Parses a transport name, ignoring case ("UDP", "tls").
std::optional<transport_protocol> parse_transport(std::string_view text);

/// The address a request came from: where answers and requests go when
/// the phone is behind NAT.
struct source_address {
  std::string ip;
  std::uint16_t port = 0;

  friend bool operator==(const source_address&,
                         const source_address&) = default;
};

/// One binding of an address-of-record to a contact (RFC 3261 10.3).
struct registration_binding {
  /// The address-of-record, canonical (RFC 3261 10.3 step 5), or the
  /// device id the caller keys bindings by.
  std::string aor;
  /// The contact URI as received.
  std::string contact;
  transport_protocol transport = transport_protocol::udp;
  source_address source;
  /// The stream connection the REGISTER came on (opaque, transport-owned);
  /// 0 for UDP. Volatile: a reconnect alone is not an event.
  std::uint64_t connection_id = 0;
  time_point expires_at;
  std::string call_id;
  std::uint32_t cseq = 0;
  /// The q parameter in thousandths, when given (RFC 3261 20.10).
  std::optional<std::uint16_t> q;
  std::string user_agent;
  /// The `+sip.instance` parameter, unquoted (RFC 5626 4.1).
  std::optional<std::string> instance_id;

  friend bool operator==(const registration_binding&,
                         const registration_binding&) = default;
};

/// The bindings of one address-of-record.
using binding_set = std::vector<registration_binding>;

/// Returns the whole seconds left before `b` expires, rounded up; 0 once
/// it has.
std::uint32_t seconds_left(const registration_binding& b, time_point now);

/// Returns whether two bindings reach the phone the same way: same
/// contact, transport, source, q, instance and user agent. When they do, a
/// new REGISTER only refreshes (not an event, DESIGN.md).
bool same_route(const registration_binding& a, const registration_binding& b);

} // namespace passerelle::sip::registrar
