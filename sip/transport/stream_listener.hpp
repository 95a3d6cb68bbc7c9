#pragma once

#include "sip/transport/hub_state.hpp"

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ssl/context.hpp>
#include <asio/steady_timer.hpp>

#include <cstdint>
#include <memory>

namespace passerelle::sip::transport {

/// Accepts TCP or TLS connections on one port (RFC 3261 18) and admits
/// each against the per-address and total limits before it costs more
/// than a file descriptor.
class stream_listener : public std::enable_shared_from_this<stream_listener> {
public:
  /// `tls` is null for plain TCP; it must outlive every connection.
  stream_listener(asio::io_context& io, std::shared_ptr<hub_state> state,
                  asio::ssl::context* tls);

  /// Binds and listens on `at`.
  setup_status open(const asio::ip::tcp::endpoint& at);

  /// Returns the bound port.
  std::uint16_t port() const;

  /// Starts accepting.
  void start();

  /// Stops accepting; thread-safe.
  void close();

private:
  void accept_next();
  void on_accept(const std::error_code& ec, asio::ip::tcp::socket socket);
  void admit(asio::ip::tcp::socket socket);

  asio::io_context& io_;
  std::shared_ptr<hub_state> state_;
  asio::ssl::context* tls_;
  asio::ip::tcp::acceptor acceptor_;
  asio::steady_timer retry_;
  std::uint16_t port_ = 0;
};

} // namespace passerelle::sip::transport
