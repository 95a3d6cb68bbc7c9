#include "sip/transport/rate_limiter.hpp"

#include <catch2/catch.hpp>

using passerelle::sip::transport::rate_limiter;
using namespace std::chrono_literals;

TEST_CASE("a source gets its burst, then its rate", "[rate]") {
  rate_limiter limiter{10, 5, 100};
  auto t0 = rate_limiter::clock::time_point{} + 1h;
  for (int i = 0; i < 5; ++i)
    CHECK(limiter.allow("192.0.2.1", t0));
  CHECK_FALSE(limiter.allow("192.0.2.1", t0));
  // 10 per second: one token every 100 ms.
  CHECK_FALSE(limiter.allow("192.0.2.1", t0 + 50ms));
  CHECK(limiter.allow("192.0.2.1", t0 + 150ms));
  CHECK_FALSE(limiter.allow("192.0.2.1", t0 + 160ms));
  // Refills up to the burst only.
  for (int i = 0; i < 5; ++i)
    CHECK(limiter.allow("192.0.2.1", t0 + 1h));
  CHECK_FALSE(limiter.allow("192.0.2.1", t0 + 1h));
}

TEST_CASE("one source's flood costs no other source", "[rate]") {
  rate_limiter limiter{1, 2, 100};
  auto t0 = rate_limiter::clock::time_point{} + 1h;
  limiter.allow("192.0.2.1", t0);
  limiter.allow("192.0.2.1", t0);
  CHECK_FALSE(limiter.allow("192.0.2.1", t0));
  CHECK(limiter.allow("192.0.2.2", t0));
}

TEST_CASE("a rate of zero lets everything through", "[rate]") {
  rate_limiter limiter{0, 1, 100};
  auto t0 = rate_limiter::clock::time_point{};
  for (int i = 0; i < 1000; ++i)
    REQUIRE(limiter.allow("192.0.2.1", t0));
  CHECK(limiter.tracked() == 0);
}

TEST_CASE("the table of sources stays bounded", "[rate]") {
  rate_limiter limiter{100, 10, 8};
  auto t0 = rate_limiter::clock::time_point{} + 1h;
  for (int i = 0; i < 1000; ++i) {
    auto now = t0 + std::chrono::milliseconds{i};
    std::string ip = "10.0.0.";
    ip += std::to_string(i % 250);
    limiter.allow(ip, now);
    REQUIRE(limiter.tracked() <= 8);
  }
  // A busy source that was pruned starts again with a full bucket, which
  // is what it would have had after a quiet second anyway.
  CHECK(limiter.allow("10.0.0.1", t0 + 2h));
}
