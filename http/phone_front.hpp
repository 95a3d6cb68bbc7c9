#pragma once

#include "http/phone_answer.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace passerelle::http {

/// A phone's configuration fetch, as the front asks for its answer.
struct phone_fetch {
  std::string_view path;
  std::string_view user_agent;
  /// The peer's address, as httplib's `Request::remote_addr` has it.
  std::string_view remote_addr;
};

/// A connection the front gives up, for httplib to serve until it closes.
struct handed_connection {
  /// Non-blocking; the receiver closes it.
  int fd = -1;
  /// Read from it and not answered: the start of its next request.
  std::string pending;
  std::string peer_ip;
  uint16_t peer_port = 0;
  /// How many more requests it may carry (keep-alive max).
  size_t requests_left = 1;
};

/// Where an answer made off the front's I/O thread goes. Callable from
/// any thread, even once the front is gone; only the first call counts.
using answer_callback = std::function<void(phone_answer)>;

/// Starts making an answer off the front's I/O thread and hands it to the
/// callback once made (on any thread).
using later_answer = std::function<void(answer_callback)>;

/// What the front asks of the rest of the gateway. They run on the
/// front's I/O thread and must not block; none may throw.
struct front_handlers {
  /// The answer to a fetch when it needs no waiting; else how to start
  /// making it, with what was already worked out about the request. A
  /// started answer whose callback is not called within `answer_timeout`
  /// leaves the phone with a 503.
  std::function<std::variant<phone_answer, later_answer>(const phone_fetch&)>
      answer;
  /// Takes over a connection the front does not serve.
  std::function<void(handed_connection)> hand_over;
};

struct front_settings {
  /// How long a later answer may take before the phone gets a 503 and its
  /// connection closes.
  std::chrono::seconds answer_timeout{15};
  /// The same for answers owed once the front is stopping.
  std::chrono::seconds answer_timeout_stopping{3};
  /// Between requests (httplib's keep-alive timeout).
  std::chrono::seconds keep_alive_timeout{5};
  /// Within a request, and for a write to progress (httplib's, as set).
  std::chrono::seconds read_timeout{10};
  std::chrono::seconds write_timeout{10};
  /// Request head size past which the request goes to httplib.
  size_t max_head = 8192;
  /// Requests per connection; the last is answered with Connection: close.
  size_t keep_alive_max = 1000;
  /// Connections the front holds for one peer address at once; more are
  /// closed as soon as accepted. Phones behind one NAT share an address.
  size_t max_connections_per_ip = 1024;
};

/// The gateway's HTTP port: an event-driven listener (one Asio thread)
/// that answers phones' configuration fetches itself, each answer in one
/// write, and hands every connection carrying anything else (admin API,
/// health, sign-in page, malformed or oversized requests) to httplib,
/// which keeps it until it closes. Answers that need the fleet are made
/// elsewhere (a `later_answer`) and posted back to the I/O thread; a
/// connection's answers go out in request order.
class phone_front {
public:
  phone_front(front_settings settings, front_handlers handlers);

  ~phone_front();

  phone_front(const phone_front&) = delete;
  phone_front& operator=(const phone_front&) = delete;

  /// Binds `host:port` (SO_REUSEADDR, not SO_REUSEPORT); false with a
  /// reason when it cannot.
  bool listen(const std::string& host, uint16_t port, std::string& error);

  /// The port bound by `listen` (the kernel's choice when asked for 0).
  uint16_t local_port() const;

  /// Connections closed as soon as accepted (per-address limit).
  uint64_t refused_connections() const;

  /// Serves until `stop` and every open connection has closed (blocking).
  /// Once only.
  void run();

  /// Stops accepting, closes idle connections and lets the others write
  /// the answers they owe (run() returns once they have); thread-safe.
  void stop();

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace passerelle::http
