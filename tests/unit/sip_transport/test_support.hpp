#pragma once

// Helpers for transport tests: a hub on 127.0.0.1 with OS-chosen ports,
// an inbox fed by its callback, and small blocking clients whose every
// wait has a deadline.

#include "sip/transport/transport_hub.hpp"

#include <asio/connect.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ip/udp.hpp>
#include <asio/ssl.hpp>
#include <asio/write.hpp>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace passerelle::sip::transport::test {

using namespace std::chrono_literals;

/// A generous deadline: tests wait for conditions, never for fixed times.
inline constexpr auto deadline = 5s;

/// Waits until `pred` holds or `limit` passes; returns the last result.
template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit = deadline) {
  auto end = std::chrono::steady_clock::now() + limit;
  while (!pred()) {
    if (std::chrono::steady_clock::now() >= end)
      return pred();
    std::this_thread::sleep_for(2ms);
  }
  return true;
}

/// A fresh directory under the system temp dir, removed at the end.
class temp_dir {
public:
  temp_dir();
  ~temp_dir();
  const std::filesystem::path& path() const { return path_; }

private:
  std::filesystem::path path_;
};

/// Messages handed over by the hub, in arrival order.
class inbox {
public:
  void push(inbound_message&& m);
  std::optional<inbound_message>
  pop(std::chrono::milliseconds limit = deadline);
  std::size_t size() const;

private:
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<inbound_message> items_;
};

/// A config for tests: loopback only, ports chosen by the OS.
hub_config loopback_config(const std::filesystem::path& data_dir);

/// A started hub whose messages land in `messages`.
struct running_hub {
  explicit running_hub(hub_config cfg);
  ~running_hub();

  inbox messages;
  transport_hub hub;
  bound_ports ports;
};

/// A REGISTER with the given Call-ID and body, framed for any transport.
std::string sample_register(std::string_view call_id,
                            std::string_view via_transport = "UDP",
                            std::string_view body = {});

/// A 200 OK answering a request with this Call-ID.
std::string sample_response(std::string_view call_id);

/// A blocking UDP client on 127.0.0.1, or another loopback address.
class udp_client {
public:
  explicit udp_client(std::string_view ip = "127.0.0.1");
  std::uint16_t port() const;
  void send_to(std::uint16_t port, std::string_view bytes);
  std::optional<std::string>
  receive(std::chrono::milliseconds limit = deadline);

private:
  asio::io_context io_;
  asio::ip::udp::socket socket_;
};

/// A blocking TCP or TLS client; reads have deadlines.
class stream_client {
public:
  /// Connects over plain TCP.
  explicit stream_client(std::uint16_t port);
  /// Connects and handshakes over TLS with `ctx`; check `handshake_error`.
  stream_client(std::uint16_t port, asio::ssl::context& ctx);

  std::error_code handshake_error() const { return handshake_error_; }
  std::uint16_t local_port() const;

  /// Returns the certificate the TLS server presented, as PEM.
  std::string peer_certificate_pem();

  /// Writes all of `bytes`; returns false if the peer is gone.
  bool write(std::string_view bytes);

  /// Reads until `needle` is in the data received so far; returns all of
  /// it and consumes it, or nothing if the deadline passes or the peer
  /// closes first.
  std::optional<std::string>
  read_until(std::string_view needle,
             std::chrono::milliseconds limit = deadline);

  /// Returns whether the peer closes the connection before the deadline.
  bool wait_closed(std::chrono::milliseconds limit = deadline);

private:
  template <class F>
  decltype(auto) with_stream(F&& f) {
    if (tls_)
      return f(*tls_);
    return f(plain_);
  }

  asio::ip::tcp::socket& lowest() { return tls_ ? tls_->next_layer() : plain_; }

  std::size_t read_some(std::chrono::milliseconds limit, std::error_code& ec);

  asio::io_context io_;
  asio::ip::tcp::socket plain_;
  std::unique_ptr<asio::ssl::stream<asio::ip::tcp::socket>> tls_;
  std::error_code handshake_error_;
  std::string received_;
};

/// A TLS client context that does not verify the server.
asio::ssl::context insecure_client_context();

} // namespace passerelle::sip::transport::test
