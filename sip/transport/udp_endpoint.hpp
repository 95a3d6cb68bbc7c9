#pragma once

#include "sip/transport/connection.hpp"
#include "sip/transport/hub_state.hpp"

#include <asio/io_context.hpp>
#include <asio/ip/udp.hpp>
#include <asio/strand.hpp>

#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

namespace passerelle::sip::transport {

/// The UDP socket: each datagram is one message (RFC 3261 18.3), and
/// replies leave from the same port so they pass the phone's NAT binding
/// (RFC 3581 4).
class udp_endpoint : public std::enable_shared_from_this<udp_endpoint> {
public:
  udp_endpoint(asio::io_context& io, std::shared_ptr<hub_state> state);

  /// Binds to `at`.
  setup_status open(const asio::ip::udp::endpoint& at);

  /// Returns the bound port.
  std::uint16_t port() const;

  /// Starts receiving.
  void start();

  /// Sends one datagram; thread-safe.
  void send(const asio::ip::udp::endpoint& to, std::string bytes,
            send_handler done);

  /// Closes the socket; thread-safe.
  void close();

private:
  void receive_next();
  void on_receive(const std::error_code& ec, std::size_t n);

  /// Sends at once from the calling thread; false if the socket buffer
  /// is full or the socket is closing (then the strand sends, or fails).
  bool send_now(const asio::ip::udp::endpoint& to, const std::string& bytes,
                send_handler& done);

  /// Counts a datagram sent (or not) and tells `done`.
  void sent(const std::error_code& ec, std::size_t size,
            const send_handler& done);

  std::shared_ptr<hub_state> state_;
  asio::strand<asio::io_context::executor_type> strand_;
  asio::ip::udp::socket socket_;
  asio::ip::udp::endpoint sender_;
  /// The last sender's address and its text: a burst from one source
  /// formats it once.
  asio::ip::address last_sender_;
  std::string last_sender_text_;
  std::vector<char> buffer_;
  std::uint16_t port_ = 0;
  /// The socket's descriptor for `send_now`, -1 once closing; the
  /// lock keeps `close` from retiring it during a send.
  std::shared_mutex fd_mutex_;
  int fd_ = -1;
};

} // namespace passerelle::sip::transport
