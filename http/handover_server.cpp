#include "http/handover_server.hpp"

#include "http/handed_stream.hpp"

#include <sys/socket.h>
#include <unistd.h>

namespace passerelle::http {

namespace {

handed_stream::duration timeout(time_t sec, time_t usec) {
  return std::chrono::seconds{sec} + std::chrono::microseconds{usec};
}

void close_socket(int fd) {
  ::shutdown(fd, SHUT_RDWR);
  ::close(fd);
}

} // namespace

handover_server::handover_server(size_t threads)
    : pool_(std::make_unique<httplib::ThreadPool>(threads)) {
  // nop
}

handover_server::~handover_server() {
  stop_serving();
}

void handover_server::serve(handed_connection c) {
  {
    std::lock_guard<std::mutex> guard{mtx_};
    if (stopping_)
      return close_socket(c.fd);
  }
  // std::function needs a copyable job.
  auto shared = std::make_shared<handed_connection>(std::move(c));
  pool_->enqueue([this, shared] { serve_now(*shared); });
}

void handover_server::serve_now(handed_connection& c) {
  {
    std::lock_guard<std::mutex> guard{mtx_};
    if (stopping_)
      return close_socket(c.fd);
    open_.insert(c.fd);
  }
  handed_stream strm{c.fd,
                     std::move(c.pending),
                     std::move(c.peer_ip),
                     c.peer_port,
                     timeout(read_timeout_sec_, read_timeout_usec_),
                     timeout(write_timeout_sec_, write_timeout_usec_)};
  auto idle = std::chrono::seconds{keep_alive_timeout_sec_};
  // httplib's keep-alive loop (process_server_socket), on one stream.
  for (auto count = c.requests_left; count > 0; --count) {
    if (stopping_.load() || !strm.wait_readable(idle))
      break;
    bool connection_closed = false;
    bool ok = process_request(strm, count == 1, connection_closed, nullptr);
    if (!strm.flush() || !ok || connection_closed)
      break;
  }
  {
    std::lock_guard<std::mutex> guard{mtx_};
    open_.erase(c.fd);
  }
  close_socket(c.fd);
}

void handover_server::stop_serving() {
  {
    std::lock_guard<std::mutex> guard{mtx_};
    if (stopping_)
      return;
    stopping_ = true;
    // Wakes threads waiting for a request; one answering still answers.
    for (int fd : open_)
      ::shutdown(fd, SHUT_RD);
  }
  pool_->shutdown();
}

} // namespace passerelle::http
