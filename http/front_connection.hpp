#pragma once

#include "http/phone_front.hpp"
#include "http/request_head.hpp"

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/thread_pool.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace passerelle::http {

class front_connection;

/// What a front's connections share. Used on its I/O thread only, but for
/// `workers`.
struct front_context {
  front_context(front_settings s, front_handlers h)
      : settings(std::move(s)),
        handlers(std::move(h)),
        io(1),
        workers(settings.workers) {
    // nop
  }

  front_settings settings;
  front_handlers handlers;
  asio::io_context io;
  asio::thread_pool workers;
  /// Every connection the front still serves, for timeouts and shutdown.
  std::unordered_map<front_connection*, std::weak_ptr<front_connection>> open;
  bool stopping = false;
  /// Called when the last connection leaves `open` while stopping.
  std::function<void()> drained;

  /// Removes `c` from `open`.
  void forget(front_connection* c) {
    open.erase(c);
    if (stopping && open.empty() && drained)
      drained();
  }
};

/// One accepted connection, served by the front until it closes or is
/// handed over. Runs on the front's I/O thread.
class front_connection : public std::enable_shared_from_this<front_connection> {
public:
  using clock = std::chrono::steady_clock;

  front_connection(front_context& ctx, asio::ip::tcp::socket socket);

  void start();

  /// Closes it now, whatever it was doing.
  void close();

  /// Closes it once it owes no answer.
  void stop();

  /// Closes it when a read or write has waited past its deadline.
  void check_deadline(clock::time_point now);

private:
  /// Does the next thing: answer buffered requests, write, read, hand
  /// over or close.
  void step();
  void serve_buffered();
  void serve(const request_head& head);
  void respond(const phone_answer& answer, bool keep_alive);
  void answer_later(const phone_fetch& fetch, bool keep_alive);
  void answered(phone_answer answer, bool keep_alive);
  /// Moves unanswered bytes to the front of the buffer, or grows it, when
  /// little room is left to read into.
  void make_room();
  void start_read();
  void start_write();
  void hand_over();

  front_context& ctx_;
  asio::ip::tcp::socket socket_;
  std::string peer_ip_;
  uint16_t peer_port_ = 0;
  /// Bytes read; [begin, end) not answered yet.
  std::vector<char> in_;
  size_t in_begin_ = 0;
  size_t in_end_ = 0;
  /// Answers not written yet, in request order.
  std::string out_;
  request_head head_;
  size_t served_ = 0;
  clock::time_point deadline_ = clock::time_point::max();
  bool reading_ = false;
  bool writing_ = false;
  /// A worker is making the answer to the oldest request.
  bool answering_ = false;
  /// Close once the answers owed are written.
  bool closing_ = false;
  /// Hand over once the answers owed are written.
  bool handing_ = false;
  bool closed_ = false;
};

} // namespace passerelle::http
