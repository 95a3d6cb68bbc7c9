#include "http/handed_stream.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

namespace passerelle::http {

namespace {

/// Read at once from the socket.
constexpr size_t read_chunk = 16 * 1024;

/// Written answers kept before a send even without a flush.
constexpr size_t max_kept = 64 * 1024;

/// Whether `fd` gets `events` within `timeout`.
bool wait_for(int fd, short events, handed_stream::duration timeout) {
  pollfd p{fd, events, 0};
  auto ms = std::chrono::ceil<std::chrono::milliseconds>(timeout).count();
  for (;;) {
    auto r = ::poll(&p, 1, static_cast<int>(ms));
    if (r >= 0)
      return r > 0;
    if (errno != EINTR)
      return false;
  }
}

void address_of(const sockaddr_storage& sa, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (sa.ss_family == AF_INET) {
    auto& in = reinterpret_cast<const sockaddr_in&>(sa);
    ::inet_ntop(AF_INET, &in.sin_addr, text, sizeof(text));
    port = ntohs(in.sin_port);
  } else if (sa.ss_family == AF_INET6) {
    auto& in6 = reinterpret_cast<const sockaddr_in6&>(sa);
    ::inet_ntop(AF_INET6, &in6.sin6_addr, text, sizeof(text));
    port = ntohs(in6.sin6_port);
  }
  ip = text;
}

} // namespace

handed_stream::handed_stream(int fd, std::string pending, std::string peer_ip,
                             int peer_port, duration read_timeout,
                             duration write_timeout)
    : fd_(fd),
      in_(std::move(pending)),
      peer_ip_(std::move(peer_ip)),
      peer_port_(peer_port),
      read_timeout_(read_timeout),
      write_timeout_(write_timeout) {
  auto flags = ::fcntl(fd_, F_GETFL, 0);
  if (flags >= 0)
    ::fcntl(fd_, F_SETFL, flags | O_NONBLOCK);
}

bool handed_stream::is_readable() const {
  return wait_readable(read_timeout_);
}

bool handed_stream::is_writable() const {
  return wait_for(fd_, POLLOUT, write_timeout_);
}

bool handed_stream::wait_readable(duration timeout) const {
  return in_pos_ < in_.size() || wait_for(fd_, POLLIN, timeout);
}

ssize_t handed_stream::fill() {
  in_.resize(read_chunk);
  in_pos_ = 0;
  for (;;) {
    auto n = ::recv(fd_, in_.data(), in_.size(), 0);
    if (n >= 0) {
      in_.resize(static_cast<size_t>(n));
      return n;
    }
    if (errno == EINTR)
      continue;
    if ((errno != EAGAIN && errno != EWOULDBLOCK) ||
        !wait_for(fd_, POLLIN, read_timeout_))
      break;
  }
  in_.clear();
  return -1;
}

ssize_t handed_stream::read(char* ptr, size_t size) {
  // An answer (or 100 Continue) goes out before waiting for more.
  if (!flush())
    return -1;
  if (in_pos_ == in_.size()) {
    auto n = fill();
    if (n <= 0)
      return n;
  }
  auto n = std::min(size, in_.size() - in_pos_);
  std::memcpy(ptr, in_.data() + in_pos_, n);
  in_pos_ += n;
  return static_cast<ssize_t>(n);
}

ssize_t handed_stream::write(const char* ptr, size_t size) {
  out_.append(ptr, size);
  if (out_.size() >= max_kept && !flush())
    return -1;
  return static_cast<ssize_t>(size);
}

bool handed_stream::flush() {
  size_t sent = 0;
  while (sent < out_.size()) {
    auto n = ::send(fd_, out_.data() + sent, out_.size() - sent, MSG_NOSIGNAL);
    if (n >= 0) {
      sent += static_cast<size_t>(n);
      continue;
    }
    if (errno == EINTR)
      continue;
    if ((errno != EAGAIN && errno != EWOULDBLOCK) ||
        !wait_for(fd_, POLLOUT, write_timeout_))
      return false;
  }
  out_.clear();
  return true;
}

void handed_stream::get_remote_ip_and_port(std::string& ip, int& port) const {
  ip = peer_ip_;
  port = peer_port_;
}

void handed_stream::get_local_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage sa{};
  socklen_t len = sizeof(sa);
  if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&sa), &len) == 0)
    address_of(sa, ip, port);
}

socket_t handed_stream::socket() const {
  return fd_;
}

} // namespace passerelle::http
