#pragma once

#include "sip/transport/config.hpp"
#include "sip/transport/connection_table.hpp"
#include "sip/transport/counters.hpp"
#include "sip/transport/inbound_message.hpp"
#include "sip/transport/rate_limiter.hpp"

#include <atomic>
#include <cstdint>
#include <functional>

namespace passerelle::sip::transport {

/// Receives every inbound message, on an I/O thread; it should hand the
/// message on (to an actor) and return quickly.
using message_handler = std::function<void(inbound_message&&)>;

/// Told, on an I/O thread, that a stream connection closed, so bindings
/// that point at it can be dropped (RFC 5626 flow failure).
using close_handler = std::function<void(std::uint64_t connection_id)>;

/// What listeners and connections share; owned by the hub and kept alive
/// by every connection that points at it.
struct hub_state {
  hub_state(hub_config cfg, message_handler on_message,
            close_handler on_closed);

  /// Rate-limits one complete message by its source, stamps its top Via
  /// and hands it to `on_message`.
  void deliver(inbound_message m);

  /// Returns the next connection id (never 0).
  std::uint64_t next_connection_id() noexcept {
    return connection_ids.fetch_add(1, std::memory_order_relaxed);
  }

  const hub_config config;
  const message_handler on_message;
  const close_handler on_closed;
  transport_counters counters;
  connection_table connections;
  rate_limiter rates;
  std::atomic<bool> stopping{false};
  std::atomic<std::uint64_t> connection_ids{1};
};

/// Returns whether `c` may start a SIP message: a token character begins
/// both a method and "SIP/2.0" (RFC 3261 7.1, 7.2).
bool starts_message(char c) noexcept;

} // namespace passerelle::sip::transport
