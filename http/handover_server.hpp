#pragma once

#include "http/phone_front.hpp"

#include <httplib.h>

#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <unordered_set>

namespace passerelle::http {

/// The httplib server with its routes, fed connections by the front
/// instead of listening itself. Each connection is served on a pool
/// thread with httplib's own request handling, keep-alive rules and
/// timeouts, until it closes.
class handover_server : public httplib::Server {
public:
  explicit handover_server(size_t threads);

  ~handover_server() override;

  /// Serves `c` on a pool thread; closes it at once when stopped.
  /// Thread-safe, never blocks.
  void serve(handed_connection c);

  /// Ends every connection once its current request is answered, and
  /// waits for the pool threads. Idempotent.
  void stop_serving();

private:
  void serve_now(handed_connection& c);

  std::unique_ptr<httplib::TaskQueue> pool_;
  std::mutex mtx_;
  /// Set once, under mtx_; also read without it between requests.
  std::atomic<bool> stopping_{false};
  /// Sockets being served, to wake their threads on stop.
  std::unordered_set<int> open_;
};

} // namespace passerelle::http
