#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace passerelle::sip::transport {

/// Bounds that keep one misbehaving peer from costing anyone else.
struct hub_limits {
  /// Largest message accepted: over it a stream closes, a datagram drops.
  std::size_t max_message_size = 65535;
  /// Open stream connections allowed from one IP address.
  std::size_t max_connections_per_ip = 32;
  /// Open stream connections allowed in total.
  std::size_t max_connections = 10000;
  /// A stream with no inbound bytes for this long is closed; phones keep
  /// theirs open with CRLF pings (RFC 5626 4.4.1).
  std::chrono::milliseconds idle_timeout{120'000};
  /// A message still incomplete after this long closes the stream, so a
  /// slow sender of endless headers cannot hold it open.
  std::chrono::milliseconds partial_message_timeout{32'000};
  /// A TLS handshake not finished in this time closes the connection.
  std::chrono::milliseconds tls_handshake_timeout{10'000};
  /// Sustained inbound messages per second allowed from one IP address;
  /// zero or less disables the limit.
  double messages_per_second = 200;
  /// Messages one IP address may send at once above the sustained rate.
  double message_burst = 400;
  /// Bytes queued for a peer that reads too slowly before its connection
  /// is closed.
  std::size_t max_pending_bytes = 1 << 20;
  /// Source addresses the rate limiter tracks before pruning idle ones.
  std::size_t max_tracked_sources = 65536;
};

/// Where and how the transports listen.
struct hub_config {
  /// The local address every listener binds to.
  std::string bind_address = "0.0.0.0";
  /// UDP and TCP share this port (RFC 3261 18); 0 lets the OS choose.
  std::uint16_t port = 5060;
  /// The TLS port (RFC 3261 26.2); 0 lets the OS choose.
  std::uint16_t tls_port = 5061;
  bool enable_udp = true;
  bool enable_tcp = true;
  bool enable_tls = true;
  /// Threads running the I/O context.
  std::size_t threads = 1;
  /// The server certificate chain and key (PEM); when both are empty a
  /// self-signed pair is made under `data_dir`.
  std::filesystem::path tls_cert_file;
  std::filesystem::path tls_key_file;
  /// The name put in a generated certificate.
  std::string domain = "localhost";
  /// Where a generated certificate lives (`<data_dir>/tls/`).
  std::filesystem::path data_dir = "var";
  /// Rewrites the top Via of inbound requests with received/rport
  /// (RFC 3261 18.2.1, RFC 3581 4); the values are reported either way.
  bool stamp_via = true;
  hub_limits limits;
};

} // namespace passerelle::sip::transport
