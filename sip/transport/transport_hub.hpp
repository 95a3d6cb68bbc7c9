#pragma once

#include "sip/transport/config.hpp"
#include "sip/transport/connection.hpp"
#include "sip/transport/counters.hpp"
#include "sip/transport/hub_state.hpp"
#include "sip/transport/inbound_message.hpp"
#include "sip/transport/transport.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace passerelle::sip::transport {

/// The ports the hub listens on; 0 for a transport that is off.
struct bound_ports {
  std::uint16_t udp = 0;
  std::uint16_t tcp = 0;
  std::uint16_t tls = 0;
};

/// The SIP transports of one node (RFC 3261 18): UDP and TCP on one port,
/// TLS on another, run by a pool of I/O threads.
///
/// Every complete inbound message goes to the message handler with its
/// source, its connection and the received/rport its top Via needs; a
/// reply or a later request goes back through `send`, which reuses the
/// peer's own connection since phones sit behind NAT (RFC 5626). Nothing
/// here blocks the caller: sends are queued to the I/O threads.
class transport_hub {
public:
  transport_hub(hub_config cfg, message_handler on_message,
                close_handler on_closed = {});

  /// Stops the hub if it still runs.
  ~transport_hub();

  transport_hub(const transport_hub&) = delete;
  transport_hub& operator=(const transport_hub&) = delete;

  /// Loads or makes the TLS certificate, binds every enabled transport
  /// and starts the I/O threads. A hub starts at most once.
  setup_status start();

  /// Closes the listeners and every connection, then joins the I/O
  /// threads. Must not be called from a handler running on them.
  void stop();

  /// Returns the bound ports (after `start`).
  bound_ports ports() const;

  /// Sends `bytes` to `to`; thread-safe. On a stream the connection with
  /// `to.connection_id` is used, else the newest one to `to.ip:to.port`;
  /// with neither, `done` gets `errc::no_connection` (phones behind NAT
  /// cannot be reached by a new connection anyway). On UDP the datagram
  /// leaves from the listening port.
  void send(const send_target& to, std::string bytes, send_handler done = {});

  /// Closes one stream connection; thread-safe.
  void close_connection(std::uint64_t id);

  /// Returns how many stream connections are open.
  std::size_t open_connections() const;

  /// Returns the live counters.
  const transport_counters& counters() const;

  /// Returns the counters in the Prometheus text format.
  std::string render_prometheus() const;

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace passerelle::sip::transport
