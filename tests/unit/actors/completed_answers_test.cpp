#include "actors/completed_answers.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace passerelle;
using namespace std::chrono_literals;

namespace {

using clock_type = completed_answers::clock;

sip::transport::send_target target(std::string ip, uint16_t port) {
  return {sip::transport::protocol::udp, std::move(ip), port, 0};
}

std::string key_for(int i) {
  return "z9hG4bK-" + std::to_string(i) + "|127.0.0.1:5060|REGISTER|call-" +
         std::to_string(i * 7);
}

std::string answer_for(int i) {
  return "SIP/2.0 200 OK\r\nCSeq: " + std::to_string(i) +
         " REGISTER\r\nContent-Length: 0\r\n\r\n";
}

} // namespace

TEST_CASE("a kept answer is found with its target until it expires",
          "[completed_answers]") {
  auto t0 = clock_type::now();
  completed_answers store{32s, 100};
  REQUIRE(store.keep("k1", target("127.1.2.3", 5062), "SIP/2.0 200 OK", t0));
  completed_answers::answer a;
  REQUIRE(store.find("k1", a));
  CHECK(a.bytes == "SIP/2.0 200 OK");
  CHECK(a.to.ip == "127.1.2.3");
  CHECK(a.to.port == 5062);
  CHECK(a.to.transport == sip::transport::protocol::udp);
  CHECK_FALSE(store.find("k2", a));
  store.expire(t0 + 32s); // J plus the second it was kept in
  CHECK(store.find("k1", a));
  store.expire(t0 + 33s);
  CHECK_FALSE(store.find("k1", a));
  CHECK(store.size() == 0);
}

TEST_CASE("a key keeps its first answer and the store stays within its "
          "bound",
          "[completed_answers]") {
  auto t0 = clock_type::now();
  completed_answers store{32s, 2};
  REQUIRE(store.keep("a", target("127.0.0.1", 1), "first", t0));
  CHECK_FALSE(store.keep("a", target("127.0.0.1", 1), "second", t0));
  REQUIRE(store.keep("b", target("127.0.0.1", 1), "b", t0));
  CHECK_FALSE(store.keep("c", target("127.0.0.1", 1), "c", t0));
  completed_answers::answer a;
  REQUIRE(store.find("a", a));
  CHECK(a.bytes == "first");
  CHECK(store.size() == 2);
}

TEST_CASE("answers expire second by second, and every other one stays "
          "findable while the index grows and shrinks",
          "[completed_answers]") {
  auto t0 = clock_type::now();
  completed_answers store{32s, 1 << 20};
  constexpr int per_second = 5000;
  for (int s = 0; s < 4; ++s)
    for (int i = 0; i < per_second; ++i) {
      auto n = s * per_second + i;
      REQUIRE(store.keep(key_for(n), target("127.0.0.1", 5060), answer_for(n),
                         t0 + std::chrono::seconds{s}));
    }
  CHECK(store.size() == 4 * per_second);
  auto full = store.bytes();
  store.expire(t0 + 34s); // the first two seconds are over
  CHECK(store.size() == 2 * per_second);
  completed_answers::answer a;
  for (int n = 0; n < 4 * per_second; ++n) {
    bool expected = n >= 2 * per_second;
    INFO("answer " << n);
    REQUIRE(store.find(key_for(n), a) == expected);
    if (expected)
      REQUIRE(a.bytes == answer_for(n));
  }
  store.expire(t0 + 40s);
  CHECK(store.size() == 0);
  CHECK(store.bytes() < full / 100); // arenas unmapped, index shrunk
}

TEST_CASE("answers larger than an arena chunk are kept whole",
          "[completed_answers]") {
  auto t0 = clock_type::now();
  completed_answers store{32s, 10};
  std::string big(3 << 20, 'x');
  REQUIRE(store.keep("big", target("::1", 5060), big, t0));
  REQUIRE(store.keep("small", target("::1", 5060), "y", t0));
  completed_answers::answer a;
  REQUIRE(store.find("big", a));
  CHECK(a.bytes.size() == big.size());
  REQUIRE(store.find("small", a));
  CHECK(a.bytes == "y");
}
