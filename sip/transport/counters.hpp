#pragma once

#include "sip/transport/transport.hpp"

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>

namespace passerelle::sip::transport {

/// Why a message was not delivered or not sent.
enum class drop_reason : std::uint8_t {
  oversize,      ///< A datagram over the size limit.
  rate_limited,  ///< Its source address is over the message rate.
  not_sip,       ///< A datagram that cannot start a SIP message.
  no_connection, ///< No stream connection reaches the send target.
  send_failed,   ///< The socket refused the bytes.
};
inline constexpr std::size_t drop_reason_count = 5;

/// Why a stream connection closed.
enum class close_reason : std::uint8_t {
  peer,              ///< The peer closed it or the socket failed.
  idle_timeout,      ///< No inbound bytes for the idle timeout.
  partial_timeout,   ///< A message stayed incomplete too long.
  framing_error,     ///< Bytes that cannot be framed (RFC 3261 18.3).
  oversize,          ///< A message over the size limit.
  handshake_failed,  ///< The TLS handshake failed.
  handshake_timeout, ///< The TLS handshake took too long.
  queue_full,        ///< The peer does not read what we send.
  stopped,           ///< The hub stopped or the owner closed it.
};
inline constexpr std::size_t close_reason_count = 9;

/// Why a stream connection was refused at accept time.
enum class refusal_reason : std::uint8_t { per_ip_limit, total_limit };
inline constexpr std::size_t refusal_reason_count = 2;

/// Returns the metric label of a reason.
std::string_view to_string(drop_reason r) noexcept;
std::string_view to_string(close_reason r) noexcept;
std::string_view to_string(refusal_reason r) noexcept;

/// Lock-free counters of the transports, for /metrics.
class transport_counters {
public:
  void message_in(protocol p, std::size_t bytes) noexcept;
  void message_out(protocol p, std::size_t bytes) noexcept;
  void dropped(drop_reason r) noexcept;
  void opened(protocol p) noexcept;
  void closed(protocol p, close_reason r) noexcept;
  void refused(refusal_reason r) noexcept;
  void pong() noexcept;

  std::uint64_t messages_in(protocol p) const noexcept;
  std::uint64_t messages_out(protocol p) const noexcept;
  std::uint64_t drops(drop_reason r) const noexcept;
  std::uint64_t open(protocol p) const noexcept;
  std::uint64_t accepted(protocol p) const noexcept;
  std::uint64_t closes(close_reason r) const noexcept;
  std::uint64_t refusals(refusal_reason r) const noexcept;
  std::uint64_t pongs() const noexcept;

  /// Returns the counters in the Prometheus text format, every name
  /// prefixed `passerelle_sip_`.
  std::string render_prometheus() const;

private:
  template <std::size_t N>
  using row = std::array<std::atomic<std::uint64_t>, N>;

  row<protocol_count> messages_in_{};
  row<protocol_count> messages_out_{};
  row<protocol_count> bytes_in_{};
  row<protocol_count> bytes_out_{};
  row<protocol_count> open_{};
  row<protocol_count> accepted_{};
  row<drop_reason_count> drops_{};
  row<close_reason_count> closes_{};
  row<refusal_reason_count> refusals_{};
  std::atomic<std::uint64_t> pongs_{0};
};

} // namespace passerelle::sip::transport
