#pragma once

#include "sip/syntax/message.hpp"
#include "sip/transport/transport.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace passerelle::sip::transport {

/// What a server adds to the top Via of a request it receives
/// (RFC 3261 18.2.1, RFC 3581 4).
struct via_fixup {
  /// The packet's source address, when the sent-by host differs from it
  /// or rport was asked for.
  std::optional<std::string> received;
  /// The packet's source port, when the request carries rport.
  std::optional<std::uint16_t> rport;

  bool empty() const noexcept { return !received && !rport; }

  bool operator==(const via_fixup&) const = default;
};

/// A parse of an inbound message's `bytes`, made by the transport (for Via
/// stamping) and handed to the layer above so that it need not parse
/// again. Its views point into those bytes, whose heap buffer a move of
/// the string keeps: a copy carries nothing, and `take` checks that the
/// views still point into the bytes it is given. Kept on the heap: the
/// message is large, and each move of the inbound message or hand-over
/// then moves a pointer instead.
class kept_parse {
public:
  kept_parse() = default;
  kept_parse(const kept_parse&) noexcept {
    // nop: the copy's bytes are elsewhere
  }
  kept_parse& operator=(const kept_parse&) noexcept {
    msg_.reset();
    return *this;
  }
  kept_parse(kept_parse&&) = default;
  kept_parse& operator=(kept_parse&&) = default;

  /// Keeps `m`, a parse of the message's bytes.
  void keep(message&& m) { msg_ = std::make_unique<message>(std::move(m)); }

  /// Hands over the parse kept if it was framed as `kind` and points into
  /// `bytes`; nothing otherwise (parse again).
  std::unique_ptr<message> take(std::string_view bytes, transport_kind kind) {
    auto out = std::move(msg_);
    if (!out)
      return out;
    auto b = out->bytes();
    std::less_equal<const char*> at_most;
    bool inside = at_most(bytes.data(), b.data()) &&
                  at_most(b.data() + b.size(), bytes.data() + bytes.size()) &&
                  out->consumed() <= bytes.size();
    if (!inside || out->transport() != kind)
      out.reset();
    return out;
  }

private:
  std::unique_ptr<message> msg_;
};

/// One complete message as received: a datagram, or a message framed out
/// of a stream (RFC 3261 18.3).
struct inbound_message {
  /// The message bytes (owned).
  std::string bytes;
  protocol transport = protocol::udp;
  /// The peer's address, without brackets; IPv4-mapped IPv6 as IPv4.
  std::string source_ip;
  std::uint16_t source_port = 0;
  /// The local port it arrived on.
  std::uint16_t local_port = 0;
  /// The stream connection it arrived on; 0 for UDP.
  std::uint64_t connection_id = 0;
  /// When the last byte of it was read.
  std::chrono::system_clock::time_point received_at;
  /// What the top Via needs (requests only).
  via_fixup top_via;
  /// Whether `bytes` already carries `top_via`.
  bool via_stamped = false;
  /// The parse of `bytes` made for stamping, if any.
  kept_parse parsed;
};

/// Where `transport_hub::send` sends bytes.
struct send_target {
  protocol transport = protocol::udp;
  /// The peer's address (no brackets) and port.
  std::string ip;
  std::uint16_t port = 0;
  /// The stream connection to reuse; 0 to look one up by address.
  std::uint64_t connection_id = 0;
};

/// Returns the target that reaches the sender of `m` again: its own
/// connection on a stream, its source address and port on UDP, which is
/// what RFC 3581 4 asks for responses when rport is present and what a
/// phone behind NAT needs for later requests.
inline send_target reply_target(const inbound_message& m) {
  return send_target{m.transport, m.source_ip, m.source_port, m.connection_id};
}

} // namespace passerelle::sip::transport
