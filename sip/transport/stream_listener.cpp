#include "sip/transport/stream_listener.hpp"

#include "sip/transport/peer_address.hpp"
#include "sip/transport/stream_connection.hpp"

#include <asio/post.hpp>
#include <asio/strand.hpp>

#include <chrono>

namespace passerelle::sip::transport {

stream_listener::stream_listener(asio::io_context& io,
                                 std::shared_ptr<hub_state> state,
                                 asio::ssl::context* tls)
    : io_(io),
      state_(std::move(state)),
      tls_(tls),
      acceptor_(asio::make_strand(io)),
      retry_(acceptor_.get_executor()) {
  // nop
}

setup_status stream_listener::open(const asio::ip::tcp::endpoint& at) {
  std::error_code ec;
  acceptor_.open(at.protocol(), ec);
  if (!ec)
    acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec)
    acceptor_.bind(at, ec);
  if (!ec)
    acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (!ec)
    port_ = acceptor_.local_endpoint(ec).port();
  if (ec) {
    std::error_code ignored;
    acceptor_.close(ignored);
    return {std::string{tls_ ? "TLS" : "TCP"} + " listen on port " +
            std::to_string(at.port()) + ": " + ec.message()};
  }
  return {};
}

std::uint16_t stream_listener::port() const {
  return port_;
}

void stream_listener::start() {
  asio::post(acceptor_.get_executor(),
             [self = shared_from_this()] { self->accept_next(); });
}

void stream_listener::close() {
  asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
    std::error_code ignored;
    self->acceptor_.close(ignored);
    self->retry_.cancel();
  });
}

void stream_listener::accept_next() {
  // Each connection gets its own strand: its handlers never run at once,
  // while different connections use every I/O thread.
  acceptor_.async_accept(
      asio::make_strand(io_),
      [self = shared_from_this()](const std::error_code& ec,
                                  asio::ip::tcp::socket socket) {
        self->on_accept(ec, std::move(socket));
      });
}

void stream_listener::on_accept(const std::error_code& ec,
                                asio::ip::tcp::socket socket) {
  if (ec == asio::error::operation_aborted || !acceptor_.is_open() ||
      state_->stopping)
    return;
  if (ec) {
    // Out of descriptors or similar: back off instead of spinning.
    retry_.expires_after(std::chrono::milliseconds{100});
    retry_.async_wait([self = shared_from_this()](const std::error_code& e) {
      if (!e)
        self->accept_next();
    });
    return;
  }
  admit(std::move(socket));
  accept_next();
}

void stream_listener::admit(asio::ip::tcp::socket socket) {
  std::error_code ec;
  auto remote = socket.remote_endpoint(ec);
  if (ec)
    return; // Gone already.
  auto ip = address_text(remote.address());
  switch (state_->connections.admit(ip)) {
  case admission::admitted:
    break;
  case admission::per_ip_limit:
    state_->counters.refused(refusal_reason::per_ip_limit);
    return;
  case admission::total_limit:
    state_->counters.refused(refusal_reason::total_limit);
    return;
  }
  // SIP messages are small and latency matters more than packet count.
  socket.set_option(asio::ip::tcp::no_delay(true), ec);
  peer_info peer{state_->next_connection_id(),
                 tls_ ? protocol::tls : protocol::tcp, ip, remote.port(),
                 port_};
  auto launch = [&](auto c) {
    state_->connections.insert(peer.id, peer.transport, peer.ip, peer.port, c);
    state_->counters.opened(peer.transport);
    c->start();
  };
  if (tls_)
    launch(std::make_shared<stream_connection<tls_stream>>(
        state_, tls_stream(std::move(socket), *tls_), peer));
  else
    launch(std::make_shared<stream_connection<tcp_stream>>(
        state_, std::move(socket), peer));
}

} // namespace passerelle::sip::transport
