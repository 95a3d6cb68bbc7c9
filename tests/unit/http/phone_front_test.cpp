#include "http/phone_front.hpp"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace passerelle::http;

namespace {

using namespace std::chrono_literals;

/// Answers paths starting `/now` at once; holds the callbacks of the
/// others for the test to call.
struct held_answers {
  std::mutex mtx;
  std::condition_variable changed;
  std::vector<answer_callback> callbacks;

  front_handlers handlers() {
    front_handlers out;
    out.answer =
        [this](
            const phone_fetch& f) -> std::variant<phone_answer, later_answer> {
      if (f.path.starts_with("/now"))
        return phone_answer{200, "text/plain", std::string{f.path}};
      return [this](answer_callback done) {
        std::lock_guard<std::mutex> guard{mtx};
        callbacks.push_back(std::move(done));
        changed.notify_all();
      };
    };
    out.hand_over = [](handed_connection c) { ::close(c.fd); };
    return out;
  }

  /// The `n`th callback, once the front has handed it over.
  answer_callback wait_for(size_t n) {
    std::unique_lock<std::mutex> guard{mtx};
    REQUIRE(changed.wait_for(guard, 10s, [&] { return callbacks.size() > n; }));
    return callbacks[n];
  }
};

/// A front serving on its own thread until the end of the test.
struct running_front {
  running_front(front_settings s, front_handlers h)
      : front(std::move(s), std::move(h)) {
    std::string error;
    REQUIRE(front.listen("127.0.0.1", 0, error));
    thread = std::thread([this] { front.run(); });
  }

  ~running_front() {
    front.stop();
    if (thread.joinable())
      thread.join();
  }

  phone_front front;
  std::thread thread;
};

/// A blocking client socket.
class client {
public:
  explicit client(uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    timeval tv{10, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    sockaddr_in at{};
    at.sin_family = AF_INET;
    at.sin_port = htons(port);
    at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&at), sizeof(at)) == 0);
  }

  ~client() { ::close(fd_); }

  void send(const std::string& data) {
    REQUIRE(::send(fd_, data.data(), data.size(), MSG_NOSIGNAL) ==
            static_cast<ssize_t>(data.size()));
  }

  /// (status, body) of the next response; status 0 once closed.
  std::pair<int, std::string> response() {
    size_t end;
    while ((end = buf_.find("\r\n\r\n")) == std::string::npos)
      if (!fill())
        return {0, {}};
    auto head = buf_.substr(0, end);
    auto at = head.find("Content-Length: ");
    REQUIRE(at != std::string::npos);
    auto length = std::stoul(head.substr(at + 16));
    while (buf_.size() < end + 4 + length)
      REQUIRE(fill());
    auto body = buf_.substr(end + 4, length);
    buf_.erase(0, end + 4 + length);
    return {std::stoi(head.substr(9, 3)), body};
  }

private:
  bool fill() {
    char chunk[4096];
    auto n = ::recv(fd_, chunk, sizeof(chunk), 0);
    REQUIRE(n >= 0); // not the receive timeout
    buf_.append(chunk, static_cast<size_t>(n));
    return n > 0;
  }

  int fd_;
  std::string buf_;
};

std::string get(const std::string& path) {
  return "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n";
}

} // namespace

TEST_CASE("an answer made on another thread keeps its place in line",
          "[http][front]") {
  held_answers held;
  running_front f{{}, held.handlers()};
  client c{f.front.local_port()};
  c.send(get("/later/1") + get("/now/2") + get("/later/3"));
  auto first = held.wait_for(0);
  std::thread{[first] { first({200, "text/plain", "one"}); }}.join();
  auto third = held.wait_for(1);
  third({200, "text/plain", "three"});
  third({200, "text/plain", "again"}); // only the first call counts
  CHECK(c.response() == std::pair<int, std::string>{200, "one"});
  CHECK(c.response() == std::pair<int, std::string>{200, "/now/2"});
  // "three" came in while the two before it were being written.
  CHECK(c.response() == std::pair<int, std::string>{200, "three"});
  c.send(get("/now/4"));
  CHECK(c.response() == std::pair<int, std::string>{200, "/now/4"});
}

TEST_CASE("an answer that never comes is a 503, then the connection closes",
          "[http][front]") {
  held_answers held;
  front_settings s;
  s.answer_timeout = 1s;
  running_front f{s, held.handlers()};
  client c{f.front.local_port()};
  auto started = std::chrono::steady_clock::now();
  c.send(get("/later/1") + get("/now/2"));
  auto late = held.wait_for(0);
  CHECK(c.response().first == 503);
  CHECK(c.response().first == 0);
  CHECK(std::chrono::steady_clock::now() - started < 5s);
  late({200, "text/plain", "too late"}); // dropped
}

TEST_CASE("stopping with an answer owed ends soon, and a callback made "
          "after the front is gone is harmless",
          "[http][front]") {
  held_answers held;
  answer_callback late;
  {
    front_settings s;
    s.answer_timeout_stopping = 1s;
    running_front f{s, held.handlers()};
    client c{f.front.local_port()};
    c.send(get("/later/1"));
    late = held.wait_for(0);
    auto started = std::chrono::steady_clock::now();
    f.front.stop();
    f.thread.join();
    CHECK(std::chrono::steady_clock::now() - started < 5s);
    CHECK(c.response().first == 503);
    CHECK(c.response().first == 0);
  }
  late({200, "text/plain", "after the end"});
}

TEST_CASE("an answer owed at stop still goes out when it comes in time",
          "[http][front]") {
  held_answers held;
  running_front f{{}, held.handlers()};
  client c{f.front.local_port()};
  c.send(get("/later/1"));
  auto done = held.wait_for(0);
  f.front.stop();
  done({200, "text/plain", "in time"});
  CHECK(c.response() == std::pair<int, std::string>{200, "in time"});
  CHECK(c.response().first == 0);
  f.thread.join();
}
