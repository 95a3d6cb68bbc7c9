#pragma once

#include "sip/transport/counters.hpp"

#include <functional>
#include <string>
#include <system_error>

namespace passerelle::sip::transport {

/// Called once a send completes: empty on success. Runs on an I/O thread,
/// or on the caller's thread when the send fails at once.
using send_handler = std::function<void(std::error_code)>;

/// An open stream connection as the rest of the transport sees it.
class connection {
public:
  virtual ~connection() = default;

  /// Queues `bytes` for the peer; thread-safe.
  virtual void send(std::string bytes, send_handler done) = 0;

  /// Closes the connection; thread-safe, idempotent.
  virtual void close(close_reason why) = 0;
};

} // namespace passerelle::sip::transport
