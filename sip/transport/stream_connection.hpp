#pragma once

#include "sip/transport/connection.hpp"
#include "sip/transport/hub_state.hpp"

#include <asio/ip/tcp.hpp>
#include <asio/ssl/stream.hpp>
#include <asio/steady_timer.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace passerelle::sip::transport {

using tcp_stream = asio::ip::tcp::socket;
using tls_stream = asio::ssl::stream<asio::ip::tcp::socket>;

/// Who is at the other end of a stream connection.
struct peer_info {
  std::uint64_t id = 0;
  protocol transport = protocol::tcp;
  std::string ip;
  std::uint16_t port = 0;
  std::uint16_t local_port = 0;
};

/// One TCP or TLS connection: frames inbound bytes into messages
/// (RFC 3261 18.3), answers CRLF pings (RFC 5626 4.4.1), queues outbound
/// bytes and enforces the idle, partial-message and handshake timeouts.
/// The stream's executor must be a strand: every handler runs on it.
template <class Stream>
class stream_connection final
    : public connection,
      public std::enable_shared_from_this<stream_connection<Stream>> {
public:
  stream_connection(std::shared_ptr<hub_state> state, Stream stream,
                    peer_info peer);

  ~stream_connection() override;

  /// Starts the TLS handshake, or reading on plain TCP.
  void start();

  void send(std::string bytes, send_handler done) override;

  void close(close_reason why) override;

private:
  using clock = std::chrono::steady_clock;

  struct outgoing {
    std::string bytes;
    send_handler done;
    bool message = true; ///< False for a pong, which is not counted.
  };

  void begin();
  void read_more();
  void on_read(const std::error_code& ec, std::size_t n);
  void consume_inbox();
  bool plausible(std::string_view rest) const;
  void deliver(std::string_view bytes);
  void note_partial(bool consumed);
  void enqueue(outgoing out);
  void write_next();
  void on_written(const std::error_code& ec);
  void arm_timer();
  void on_timer();
  clock::time_point next_deadline() const;
  void shut(close_reason why);

  std::shared_ptr<hub_state> state_;
  Stream stream_;
  asio::steady_timer timer_;
  peer_info peer_;
  std::string inbox_;
  std::array<char, 8192> chunk_{};
  std::deque<outgoing> outbox_;
  std::size_t outbox_bytes_ = 0;
  bool writing_ = false;
  bool handshaking_ = false;
  bool closed_ = false;
  clock::time_point opened_at_;
  clock::time_point last_read_;
  std::optional<clock::time_point> partial_since_;
};

extern template class stream_connection<tcp_stream>;
extern template class stream_connection<tls_stream>;

} // namespace passerelle::sip::transport
