#include "sip/transport/udp_endpoint.hpp"

#include "sip/transport/peer_address.hpp"

#include <asio/post.hpp>

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <mutex>

namespace passerelle::sip::transport {

namespace {

// Returns whether a datagram holds only CRLFs, as some phones send to
// keep a NAT binding open; it needs no answer.
bool only_crlf(std::string_view d) {
  return d.find_first_not_of("\r\n") == std::string_view::npos;
}

} // namespace

udp_endpoint::udp_endpoint(asio::io_context& io,
                           std::shared_ptr<hub_state> state)
    : state_(std::move(state)),
      strand_(asio::make_strand(io)),
      socket_(strand_),
      // One byte over the limit tells an oversize datagram from one that
      // just fits, since the kernel truncates silently.
      buffer_(state_->config.limits.max_message_size + 1) {
  // nop
}

setup_status udp_endpoint::open(const asio::ip::udp::endpoint& at) {
  std::error_code ec;
  socket_.open(at.protocol(), ec);
  if (!ec)
    socket_.bind(at, ec);
  if (!ec)
    port_ = socket_.local_endpoint(ec).port();
  if (ec) {
    std::error_code ignored;
    socket_.close(ignored);
    return {std::string{"UDP bind on port "}
                .append(std::to_string(at.port()))
                .append(": ")
                .append(ec.message())};
  }
  // Best effort: bursts of REGISTERs should queue rather than drop.
  socket_.set_option(asio::socket_base::receive_buffer_size(1 << 20), ec);
  // Sends from the strand go straight out and never block (see `send`).
  socket_.non_blocking(true, ec);
  std::unique_lock lock{fd_mutex_};
  fd_ = socket_.native_handle();
  return {};
}

std::uint16_t udp_endpoint::port() const {
  return port_;
}

void udp_endpoint::start() {
  asio::post(strand_, [self = shared_from_this()] { self->receive_next(); });
}

void udp_endpoint::close() {
  {
    std::unique_lock lock{fd_mutex_};
    fd_ = -1;
  }
  asio::post(strand_, [self = shared_from_this()] {
    std::error_code ignored;
    self->socket_.close(ignored);
  });
}

void udp_endpoint::receive_next() {
  socket_.async_receive_from(
      asio::buffer(buffer_), sender_,
      [self = shared_from_this()](const std::error_code& ec, std::size_t n) {
        self->on_receive(ec, n);
      });
}

void udp_endpoint::on_receive(const std::error_code& ec, std::size_t n) {
  if (ec == asio::error::operation_aborted || !socket_.is_open())
    return;
  // Other errors (an ICMP report for an earlier send) concern one peer
  // only: keep receiving.
  std::string_view datagram{buffer_.data(), ec ? 0 : n};
  if (n > state_->config.limits.max_message_size) {
    state_->counters.dropped(drop_reason::oversize);
  } else if (datagram.empty() || only_crlf(datagram)) {
    // nop: a keep-alive or nothing.
  } else if (!starts_message(datagram.front())) {
    // STUN keep-alives (RFC 5626 4.4.2) and noise land here.
    state_->counters.dropped(drop_reason::not_sip);
  } else {
    inbound_message m;
    m.bytes.assign(datagram);
    m.transport = protocol::udp;
    if (auto a = sender_.address();
        a != last_sender_ || last_sender_text_.empty()) {
      last_sender_ = a;
      last_sender_text_ = address_text(a);
    }
    m.source_ip = last_sender_text_;
    m.source_port = sender_.port();
    m.local_port = port_;
    m.received_at = std::chrono::system_clock::now();
    state_->deliver(std::move(m));
  }
  receive_next();
}

void udp_endpoint::send(const asio::ip::udp::endpoint& to, std::string bytes,
                        send_handler done) {
  if (send_now(to, bytes, done))
    return;
  auto payload = std::make_shared<std::string>(std::move(bytes));
  asio::post(strand_, [self = shared_from_this(), to, payload,
                       done = std::move(done)]() mutable {
    if (!self->socket_.is_open()) {
      if (done)
        done(errc::stopped);
      return;
    }
    self->socket_.async_send_to(asio::buffer(*payload), to,
                                [self, payload, done = std::move(done)](
                                    const std::error_code& ec, std::size_t) {
                                  self->sent(ec, payload->size(), done);
                                });
  });
}

bool udp_endpoint::send_now(const asio::ip::udp::endpoint& to,
                            const std::string& bytes, send_handler& done) {
  // Sent at once from the thread that asks: the registrar's answers on
  // this strand need no post, copy or trip through the reactor, and an
  // actor's (a REGISTER's 200 once its binding is stored, a NOTIFY) need
  // not wake the I/O thread. sendto on the descriptor is safe from any
  // thread.
  std::error_code ec;
  {
    std::shared_lock lock{fd_mutex_};
    if (fd_ < 0)
      return false;
    auto n =
        ::sendto(fd_, bytes.data(), bytes.size(), MSG_DONTWAIT | MSG_NOSIGNAL,
                 to.data(), static_cast<socklen_t>(to.size()));
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
      return false;
    if (n < 0)
      ec.assign(errno, std::system_category());
  }
  sent(ec, bytes.size(), done);
  return true;
}

void udp_endpoint::sent(const std::error_code& ec, std::size_t size,
                        const send_handler& done) {
  if (ec)
    state_->counters.dropped(drop_reason::send_failed);
  else
    state_->counters.message_out(protocol::udp, size);
  if (done)
    done(ec);
}

} // namespace passerelle::sip::transport
