#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace passerelle::sip::txn {

/// Names of the transaction timers of RFC 3261 17 (Table 4) and RFC 6026.
enum class timer_id : std::uint8_t {
  a,      ///< INVITE client request retransmission.
  b,      ///< INVITE client transaction timeout.
  d,      ///< INVITE client wait for response retransmissions.
  e,      ///< Non-INVITE client request retransmission.
  f,      ///< Non-INVITE client transaction timeout.
  k,      ///< Non-INVITE client wait for response retransmissions.
  g,      ///< INVITE server response retransmission.
  h,      ///< INVITE server wait for ACK.
  i,      ///< INVITE server wait for ACK retransmissions.
  j,      ///< Non-INVITE server wait for request retransmissions.
  l,      ///< INVITE server Accepted state (RFC 6026).
  m,      ///< INVITE client Accepted state (RFC 6026).
  trying, ///< INVITE server 200 ms before an automatic 100 Trying.
};

/// Number of distinct timer_id values.
inline constexpr std::size_t timer_count = 13;

/// Returns the upper-case letter (or "trying") naming `id`.
std::string_view to_string(timer_id id) noexcept;

/// Arming counter: a timer callback whose generation is not the latest one
/// armed for its timer is stale and ignored.
using generation = std::uint64_t;

/// Whether the transport retransmits by itself (RFC 3261 17.1.1.2).
enum class transport_kind : std::uint8_t {
  unreliable, ///< UDP: the transaction retransmits and lingers.
  reliable,   ///< TCP, TLS: no retransmission timers, no lingering.
};

/// Timer base values and options shared by every transaction.
struct timer_config {
  /// RTT estimate (RFC 3261 17.1.1.1).
  std::chrono::milliseconds t1{500};
  /// Maximum retransmit interval for non-INVITE requests and INVITE
  /// responses.
  std::chrono::milliseconds t2{4000};
  /// Maximum duration a message remains in the network.
  std::chrono::milliseconds t4{5000};
  /// Timer D on unreliable transports ("at least 32 s", RFC 3261 17.1.1.2).
  std::chrono::milliseconds timer_d{32000};
  /// Delay before an INVITE server sends 100 Trying by itself
  /// (RFC 3261 17.2.1); zero sends it at once.
  std::chrono::milliseconds trying_delay{200};
  /// Use the RFC 6026 Accepted state instead of terminating on 2xx.
  bool rfc6026_accepted = false;

  /// Timers B, F, H, J, L and M: 64*T1.
  std::chrono::milliseconds timeout() const noexcept { return 64 * t1; }
};

} // namespace passerelle::sip::txn
