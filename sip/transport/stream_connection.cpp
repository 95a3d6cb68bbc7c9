#include "sip/transport/stream_connection.hpp"

#include "sip/syntax/framing.hpp"

#include <asio/post.hpp>
#include <asio/write.hpp>

#include <algorithm>
#include <type_traits>

namespace passerelle::sip::transport {

namespace {

template <class Stream>
constexpr bool is_tls = std::is_same_v<Stream, tls_stream>;

} // namespace

template <class Stream>
stream_connection<Stream>::stream_connection(std::shared_ptr<hub_state> state,
                                             Stream stream, peer_info peer)
    : state_(std::move(state)),
      stream_(std::move(stream)),
      timer_(stream_.get_executor()),
      peer_(std::move(peer)),
      handshaking_(is_tls<Stream>) {
  // nop
}

template <class Stream>
stream_connection<Stream>::~stream_connection() {
  // Only when the I/O context dropped our handlers without running them.
  if (!closed_) {
    state_->connections.erase(peer_.id);
    state_->counters.closed(peer_.transport, close_reason::stopped);
  }
}

template <class Stream>
void stream_connection<Stream>::start() {
  asio::post(stream_.get_executor(), [self = this->shared_from_this()] {
    // Admitted while the hub stopped: stop's snapshot may have missed it.
    if (self->state_->stopping) {
      self->shut(close_reason::stopped);
      return;
    }
    self->opened_at_ = self->last_read_ = clock::now();
    self->arm_timer();
    if constexpr (is_tls<Stream>) {
      self->stream_.async_handshake(
          asio::ssl::stream_base::server, [self](const std::error_code& ec) {
            if (self->closed_)
              return;
            if (ec)
              self->shut(close_reason::handshake_failed);
            else
              self->begin();
          });
    } else {
      self->begin();
    }
  });
}

template <class Stream>
void stream_connection<Stream>::send(std::string bytes, send_handler done) {
  asio::post(stream_.get_executor(),
             [self = this->shared_from_this(), bytes = std::move(bytes),
              done = std::move(done)]() mutable {
               self->enqueue(outgoing{std::move(bytes), std::move(done)});
             });
}

template <class Stream>
void stream_connection<Stream>::close(close_reason why) {
  asio::post(stream_.get_executor(),
             [self = this->shared_from_this(), why] { self->shut(why); });
}

template <class Stream>
void stream_connection<Stream>::begin() {
  handshaking_ = false;
  if (!outbox_.empty() && !writing_)
    write_next();
  read_more();
}

template <class Stream>
void stream_connection<Stream>::read_more() {
  stream_.async_read_some(
      asio::buffer(chunk_),
      [self = this->shared_from_this()](
          const std::error_code& ec, std::size_t n) { self->on_read(ec, n); });
}

template <class Stream>
void stream_connection<Stream>::on_read(const std::error_code& ec,
                                        std::size_t n) {
  if (closed_)
    return;
  if (ec) {
    shut(close_reason::peer);
    return;
  }
  last_read_ = clock::now();
  inbox_.append(chunk_.data(), n);
  consume_inbox();
  if (!closed_)
    read_more();
}

template <class Stream>
bool stream_connection<Stream>::plausible(std::string_view rest) const {
  if (rest.front() == '\r')
    return rest.size() < 2 || rest[1] == '\n';
  if (!starts_message(rest.front()))
    return false;
  // Both start lines name the version ("SIP/2.0", RFC 3261 7.1, 7.2);
  // checking it as soon as the line is complete drops non-SIP peers
  // (HTTP, TLS on the TCP port) without buffering up to the size limit.
  auto eol = rest.find("\r\n");
  return eol == std::string_view::npos ||
         rest.substr(0, eol).find("SIP/") != std::string_view::npos;
}

template <class Stream>
void stream_connection<Stream>::consume_inbox() {
  const auto max = state_->config.limits.max_message_size;
  std::size_t pos = 0;
  bool consumed = false;
  while (!closed_ && pos < inbox_.size()) {
    std::string_view rest{inbox_.data() + pos, inbox_.size() - pos};
    if (!plausible(rest)) {
      shut(close_reason::framing_error);
      return;
    }
    auto f = next_frame(rest, max);
    if (f.status == frame_status::need_more)
      break;
    if (f.status == frame_status::error) {
      shut(f.error == frame_error::too_large ? close_reason::oversize
                                             : close_reason::framing_error);
      return;
    }
    if (f.status == frame_status::keepalive) {
      // A lone trailing CRLF may be the first half of a ping split across
      // reads; wait for what follows (RFC 5626 4.4.1).
      if (f.size == 2 && rest.size() == 2)
        break;
      if (f.is_ping()) {
        state_->counters.pong();
        enqueue(outgoing{"\r\n", {}, false});
      }
      pos += f.size;
      continue;
    }
    deliver(rest.substr(0, f.size));
    consumed = true;
    pos += f.size;
  }
  if (closed_)
    return;
  inbox_.erase(0, pos);
  // A large message left a large buffer behind; idle connections are
  // many, so give it back.
  if (inbox_.empty() && inbox_.capacity() > 2 * chunk_.size())
    std::string{}.swap(inbox_);
  note_partial(consumed);
}

template <class Stream>
void stream_connection<Stream>::deliver(std::string_view bytes) {
  inbound_message m;
  m.bytes.assign(bytes);
  m.transport = peer_.transport;
  m.source_ip = peer_.ip;
  m.source_port = peer_.port;
  m.local_port = peer_.local_port;
  m.connection_id = peer_.id;
  m.received_at = std::chrono::system_clock::now();
  state_->deliver(std::move(m));
}

template <class Stream>
void stream_connection<Stream>::note_partial(bool consumed) {
  bool partial = !inbox_.empty() && inbox_ != "\r\n" && inbox_ != "\r";
  if (!partial) {
    partial_since_.reset();
    return;
  }
  if (partial_since_ && !consumed)
    return;
  partial_since_ = last_read_;
  if (next_deadline() < timer_.expiry())
    arm_timer();
}

template <class Stream>
void stream_connection<Stream>::enqueue(outgoing out) {
  if (closed_) {
    state_->counters.dropped(drop_reason::no_connection);
    if (out.done)
      out.done(errc::connection_closed);
    return;
  }
  if (outbox_bytes_ + out.bytes.size() >
      state_->config.limits.max_pending_bytes) {
    // The peer does not read: it costs only its own connection.
    state_->counters.dropped(drop_reason::send_failed);
    if (out.done)
      out.done(errc::queue_full);
    shut(close_reason::queue_full);
    return;
  }
  outbox_bytes_ += out.bytes.size();
  outbox_.push_back(std::move(out));
  if (!writing_ && !handshaking_)
    write_next();
}

template <class Stream>
void stream_connection<Stream>::write_next() {
  writing_ = true;
  asio::async_write(
      stream_, asio::buffer(outbox_.front().bytes),
      [self = this->shared_from_this()](const std::error_code& ec,
                                        std::size_t) { self->on_written(ec); });
}

template <class Stream>
void stream_connection<Stream>::on_written(const std::error_code& ec) {
  writing_ = false;
  auto out = std::move(outbox_.front());
  outbox_.pop_front();
  outbox_bytes_ -= out.bytes.size();
  if (ec) {
    state_->counters.dropped(drop_reason::send_failed);
    if (out.done)
      out.done(closed_ ? std::error_code{errc::connection_closed} : ec);
    shut(close_reason::peer);
    return;
  }
  if (out.message)
    state_->counters.message_out(peer_.transport, out.bytes.size());
  if (out.done)
    out.done({});
  if (!closed_ && !outbox_.empty())
    write_next();
}

template <class Stream>
auto stream_connection<Stream>::next_deadline() const -> clock::time_point {
  const auto& lim = state_->config.limits;
  auto at = last_read_ + lim.idle_timeout;
  if (partial_since_)
    at = std::min(at, *partial_since_ + lim.partial_message_timeout);
  if (handshaking_)
    at = std::min(at, opened_at_ + lim.tls_handshake_timeout);
  return at;
}

template <class Stream>
void stream_connection<Stream>::arm_timer() {
  // Re-arming cancels the previous wait, whose handler then sees
  // operation_aborted; on_timer always recomputes from the timestamps.
  timer_.expires_at(next_deadline());
  timer_.async_wait(
      [self = this->shared_from_this()](const std::error_code& ec) {
        if (!ec)
          self->on_timer();
      });
}

template <class Stream>
void stream_connection<Stream>::on_timer() {
  if (closed_)
    return;
  const auto& lim = state_->config.limits;
  auto now = clock::now();
  if (handshaking_ && now >= opened_at_ + lim.tls_handshake_timeout)
    shut(close_reason::handshake_timeout);
  else if (partial_since_ &&
           now >= *partial_since_ + lim.partial_message_timeout)
    shut(close_reason::partial_timeout);
  else if (now >= last_read_ + lim.idle_timeout)
    shut(close_reason::idle_timeout);
  else
    arm_timer();
}

template <class Stream>
void stream_connection<Stream>::shut(close_reason why) {
  if (closed_)
    return;
  closed_ = true;
  // Book-keeping first: once the peer sees the close, lookups and
  // counters already agree with it.
  state_->connections.erase(peer_.id);
  state_->counters.closed(peer_.transport, why);
  timer_.cancel();
  std::error_code ignored;
  stream_.lowest_layer().close(ignored);
  // The write in flight completes with an error and reports itself; the
  // rest never leave.
  auto first = outbox_.begin() + (writing_ ? 1 : 0);
  for (auto it = first; it != outbox_.end(); ++it)
    if (it->done)
      it->done(errc::connection_closed);
  outbox_.erase(first, outbox_.end());
  if (state_->on_closed)
    state_->on_closed(peer_.id);
}

template class stream_connection<tcp_stream>;
template class stream_connection<tls_stream>;

} // namespace passerelle::sip::transport
