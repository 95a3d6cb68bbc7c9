#pragma once

#include "sip/txn/timers.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace passerelle::sip::txn {

/// Opaque id of a message owned by the caller (parsed or encoded elsewhere).
enum class message_handle : std::uint64_t {};

/// Passes `message` to the transport for its first transmission.
struct send_message {
  message_handle message;
  bool operator==(const send_message&) const = default;
};

/// Passes the last request or response again to the transport.
struct retransmit {
  message_handle message;
  bool operator==(const retransmit&) const = default;
};

/// Builds a 100 Trying for the transaction's request and sends it
/// (RFC 3261 17.2.1, 8.2.6.1).
struct send_trying {
  bool operator==(const send_trying&) const = default;
};

/// Builds the ACK for the non-2xx final response `response` from the
/// original request and sends it (RFC 3261 17.1.1.3).
struct send_ack {
  message_handle response;
  bool operator==(const send_ack&) const = default;
};

/// Sends the ACK built by the last send_ack again (RFC 3261 17.1.1.2).
struct retransmit_ack {
  bool operator==(const retransmit_ack&) const = default;
};

/// Hands a request or response up to the transaction user.
struct pass_to_tu {
  message_handle message;
  bool operator==(const pass_to_tu&) const = default;
};

/// Tells the TU the transaction timed out when `timer` fired.
struct notify_timeout {
  timer_id timer;
  bool operator==(const notify_timeout&) const = default;
};

/// Tells the TU the transport failed (RFC 3261 17.1.4, 17.2.4).
struct notify_transport_error {
  bool operator==(const notify_transport_error&) const = default;
};

/// Asks for on_timer(timer, gen) to be called back after `delay`.
struct arm_timer {
  timer_id timer;
  std::chrono::milliseconds delay;
  generation gen;
  bool operator==(const arm_timer&) const = default;
};

/// The transaction reached Terminated; its owner may forget it.
struct terminated {
  bool operator==(const terminated&) const = default;
};

/// One thing a transaction asks its owner to do.
using effect = std::variant<send_message, retransmit, send_trying, send_ack,
                            retransmit_ack, pass_to_tu, notify_timeout,
                            notify_transport_error, arm_timer, terminated>;

/// The effects of one input, in the order they must be performed.
using effects = std::vector<effect>;

/// Renders `e` for logs and test failure messages.
std::string to_string(const effect& e);

} // namespace passerelle::sip::txn
