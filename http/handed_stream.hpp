#pragma once

#include <httplib.h>

#include <chrono>
#include <string>

namespace passerelle::http {

/// An httplib stream over a connection the front handed over: it first
/// gives the bytes the front had read, then reads the socket, and keeps
/// what httplib writes until flush() (or a read) so that an answer's head
/// and body leave in one send. Lives as long as the connection, so bytes
/// of a pipelined request read ahead are not lost between requests.
class handed_stream final : public httplib::Stream {
public:
  using duration = std::chrono::microseconds;

  /// Takes `fd` (made non-blocking) without closing it.
  handed_stream(int fd, std::string pending, std::string peer_ip, int peer_port,
                duration read_timeout, duration write_timeout);

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override;

  /// Whether a request starts within `timeout`: bytes are buffered or the
  /// socket is readable (which includes the peer having closed it).
  bool wait_readable(duration timeout) const;

  /// Sends what write() kept; false when the peer is gone or stalls for
  /// longer than the write timeout.
  bool flush();

private:
  /// Reads more from the socket; its size, 0 at the end, -1 on error.
  ssize_t fill();

  int fd_;
  std::string in_;
  size_t in_pos_ = 0;
  std::string out_;
  std::string peer_ip_;
  int peer_port_;
  duration read_timeout_;
  duration write_timeout_;
};

} // namespace passerelle::http
