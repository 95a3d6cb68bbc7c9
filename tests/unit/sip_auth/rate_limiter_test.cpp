#include "sip/auth/rate_limiter.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using namespace passerelle::sip::auth;

namespace {

const time_point t0 = time_point{1'700'000'000s};

/// Records `n` failures one second apart from `start`; returns the last
/// answer.
std::optional<std::chrono::seconds>
fail_times(rate_limiter& r, const std::string& key, int n, time_point start) {
  std::optional<std::chrono::seconds> last;
  for (int i = 0; i < n; ++i)
    last = r.record_failure(key, start + std::chrono::seconds{i});
  return last;
}

} // namespace

TEST_CASE("five failures in a minute ban for a minute",
          "[sip_auth][rate_limiter]") {
  rate_limiter r;
  CHECK(r.allowed("10.0.0.9", t0));
  CHECK_FALSE(fail_times(r, "10.0.0.9", 4, t0));
  CHECK(r.allowed("10.0.0.9", t0 + 4s));
  CHECK(r.record_failure("10.0.0.9", t0 + 4s) == 60s);
  CHECK_FALSE(r.allowed("10.0.0.9", t0 + 5s));
  CHECK(r.banned_until("10.0.0.9", t0 + 5s) == t0 + 64s);
  CHECK(r.allowed("10.0.0.8", t0 + 5s)); // other keys unaffected
  CHECK_FALSE(r.allowed("10.0.0.9", t0 + 63s));
  CHECK(r.allowed("10.0.0.9", t0 + 64s));
}

TEST_CASE("bans double up to the maximum", "[sip_auth][rate_limiter]") {
  rate_limit_policy policy;
  policy.max_ban = 300s;
  rate_limiter r{policy};
  auto now = t0;
  for (auto expected : {60s, 120s, 240s, 300s, 300s}) {
    CHECK(fail_times(r, "100", 5, now) == expected);
    now += 4s;
    CHECK_FALSE(r.allowed("100", now));
    now += expected;
    CHECK(r.allowed("100", now));
  }
}

TEST_CASE("failures spread out do not ban", "[sip_auth][rate_limiter]") {
  rate_limiter r;
  for (int i = 0; i < 20; ++i)
    CHECK_FALSE(r.record_failure("k", t0 + std::chrono::seconds{i * 15}));
  CHECK(r.allowed("k", t0 + 300s));
}

TEST_CASE("failures while banned do not extend the ban",
          "[sip_auth][rate_limiter]") {
  rate_limiter r;
  fail_times(r, "k", 5, t0);
  CHECK_FALSE(fail_times(r, "k", 10, t0 + 10s));
  CHECK(r.allowed("k", t0 + 64s));
}

TEST_CASE("success clears the count but not the escalation",
          "[sip_auth][rate_limiter]") {
  rate_limiter r;
  fail_times(r, "k", 4, t0);
  r.record_success("k", t0 + 5s);
  CHECK_FALSE(fail_times(r, "k", 4, t0 + 6s));
  CHECK(r.record_failure("k", t0 + 10s) == 60s);
  r.record_success("k", t0 + 80s);
  CHECK(fail_times(r, "k", 5, t0 + 81s) == 120s);
  // A day of quiet forgives.
  r.record_success("k", t0 + 24h + 300s);
  CHECK(r.size() == 0);
  CHECK(fail_times(r, "k", 5, t0 + 48h) == 60s);
}

TEST_CASE("escalation is forgiven after a quiet day",
          "[sip_auth][rate_limiter]") {
  rate_limiter r;
  CHECK(fail_times(r, "k", 5, t0) == 60s);
  CHECK(fail_times(r, "k", 5, t0 + 100s) == 120s);
  CHECK(fail_times(r, "k", 5, t0 + 100s + 25h) == 60s);
}

TEST_CASE("memory stays bounded", "[sip_auth][rate_limiter]") {
  rate_limit_policy policy;
  policy.capacity = 3;
  rate_limiter r{policy};
  for (int i = 0; i < 10; ++i)
    r.record_failure("ip" + std::to_string(i), t0);
  CHECK(r.size() == 3);
  fail_times(r, "ip9", 4, t0 + 1s); // most recent, banned now
  r.record_failure("x", t0 + 6s);
  CHECK(r.size() == 3);
  CHECK_FALSE(r.allowed("ip9", t0 + 6s));
  r.sweep(t0 + 7s);
  CHECK(r.size() == 3); // failures still inside their window
  r.sweep(t0 + 2h);
  CHECK(r.size() == 1); // only the escalated "ip9" stays
  CHECK(r.allowed("ip9", t0 + 2h));
  r.sweep(t0 + 26h);
  CHECK(r.size() == 0);
}
