#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace passerelle::events {

/// Where and how a device is reachable, as its last REGISTER said (RFC 3261
/// 10.3). Refreshes that only move `expires_at_ns` are not events.
struct registration_binding {
  /// Contact URI as the phone sent it; the binding's identity.
  std::string contact;
  /// `udp`, `tcp` or `tls`.
  std::string transport;
  /// Source `ip:port` the REGISTER came from (NAT-facing).
  std::string source;
  /// Stream connection the phone registered over (0 for UDP).
  uint64_t connection = 0;
  /// UTC nanoseconds.
  int64_t expires_at_ns = 0;
  std::string user_agent;
  std::string call_id;
};

template <class Inspector>
auto inspect(Inspector& f, registration_binding& x) {
  return f(x.contact, x.transport, x.source, x.connection, x.expires_at_ns,
           x.user_agent, x.call_id);
}

/// A binding was added, or changed where the phone is reachable.
struct registration_bound {
  registration_binding binding;
};

/// A binding went away: `unregistered` (Expires 0) or `expired`.
struct registration_removed {
  std::string contact;
  std::string reason;
};

/// Record a new or changed binding.
struct bind_registration {
  registration_binding binding;
};

/// Drop one binding (by contact) for `reason`.
struct remove_registration {
  std::string contact;
  std::string reason;
};

/// Drop every binding whose expiry is at or before `now_ns`.
struct expire_registrations {
  int64_t now_ns = 0;
};

} // namespace passerelle::events
