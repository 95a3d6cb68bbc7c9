#pragma once

#include "http/phone_front.hpp"
#include "http/request_head.hpp"

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/post.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace passerelle::http {

class front_connection;

/// Lets other threads post to the front's I/O context while it exists:
/// answers made elsewhere may arrive after the front is gone.
class front_door {
public:
  explicit front_door(asio::io_context& io) : io_(&io) {
    // nop
  }

  /// Runs `f` on the I/O thread, or drops it once the door is closed.
  template <class F>
  void post(F&& f) {
    std::lock_guard<std::mutex> guard{mtx_};
    if (io_)
      asio::post(*io_, std::forward<F>(f));
  }

  /// Before the I/O context goes.
  void close() {
    std::lock_guard<std::mutex> guard{mtx_};
    io_ = nullptr;
  }

private:
  std::mutex mtx_;
  asio::io_context* io_;
};

/// What a front's connections share. Used on its I/O thread only, but for
/// `door`.
struct front_context {
  front_context(front_settings s, front_handlers h)
      : settings(std::move(s)),
        handlers(std::move(h)),
        io(1),
        door(std::make_shared<front_door>(io)) {
    // nop
  }

  front_settings settings;
  front_handlers handlers;
  asio::io_context io;
  std::shared_ptr<front_door> door;
  /// Every connection the front still serves, for timeouts and shutdown.
  std::unordered_map<front_connection*, std::weak_ptr<front_connection>> open;
  /// How many of them each peer address holds.
  std::unordered_map<std::string, std::size_t> per_ip;
  bool stopping = false;
  /// Called when the last connection leaves `open` while stopping.
  std::function<void()> drained;

  /// Whether `ip` may open one more connection; counts it if so.
  bool admit(const std::string& ip) {
    auto& n = per_ip[ip];
    if (n >= settings.max_connections_per_ip)
      return false;
    ++n;
    return true;
  }

  /// Removes `c`, from `ip`, from `open`.
  void forget(front_connection* c, const std::string& ip) {
    if (open.erase(c) != 0)
      if (auto i = per_ip.find(ip); i != per_ip.end() && --i->second == 0)
        per_ip.erase(i);
    if (stopping && open.empty() && drained)
      drained();
  }
};

/// One accepted connection, served by the front until it closes or is
/// handed over. Runs on the front's I/O thread.
class front_connection : public std::enable_shared_from_this<front_connection> {
public:
  using clock = std::chrono::steady_clock;

  /// `peer_ip` and `peer_port`: the socket's peer, as the front admitted it.
  front_connection(front_context& ctx, asio::ip::tcp::socket socket,
                   std::string peer_ip, uint16_t peer_port);

  void start();

  /// Closes it now, whatever it was doing.
  void close();

  /// Closes it once it owes no answer.
  void stop();

  /// Closes it when a read or write has waited past its deadline; answers
  /// 503 when an answer made elsewhere has.
  void check_deadline(clock::time_point now);

private:
  /// Does the next thing: answer buffered requests, write, read, hand
  /// over or close.
  void step();
  void serve_buffered();
  void serve(const request_head& head);
  void respond(const phone_answer& answer, bool keep_alive);
  void answer_later(const later_answer& start, bool keep_alive);
  /// The answer to request `seq` is in, unless it was given up.
  void answered(uint64_t seq, phone_answer answer, bool keep_alive);
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
  /// Answers being written (taken from `out_`).
  std::string sending_;
  request_head head_;
  size_t served_ = 0;
  clock::time_point deadline_ = clock::time_point::max();
  /// For the answer being made elsewhere.
  clock::time_point answer_deadline_ = clock::time_point::max();
  bool reading_ = false;
  bool writing_ = false;
  /// The answer to the oldest request is being made elsewhere.
  bool answering_ = false;
  /// Counts answers made elsewhere, so that a late one is told apart.
  uint64_t answer_seq_ = 0;
  /// Holds this connection while its answer is made elsewhere: the
  /// callback holds only a weak reference, which may outlive the front.
  std::shared_ptr<front_connection> self_;
  /// Close once the answers owed are written.
  bool closing_ = false;
  /// Hand over once the answers owed are written.
  bool handing_ = false;
  bool closed_ = false;
};

} // namespace passerelle::http
