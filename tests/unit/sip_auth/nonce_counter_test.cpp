#include "sip/auth/nonce_counter.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using namespace passerelle::sip::auth;

namespace {

const time_point t0 = time_point{1'700'000'000s};

} // namespace

TEST_CASE("nonce-counts must increase", "[sip_auth][nonce_counter]") {
  nonce_counter counter;
  CHECK(counter.advance("n1", t0, 1, t0) == nc_verdict::fresh);
  CHECK(counter.advance("n1", t0, 1, t0) == nc_verdict::replay);
  CHECK(counter.advance("n1", t0, 2, t0 + 1s) == nc_verdict::fresh);
  CHECK(counter.advance("n1", t0, 5, t0 + 1s) == nc_verdict::fresh);
  CHECK(counter.advance("n1", t0, 3, t0 + 1s) == nc_verdict::replay);
  CHECK(counter.advance("n2", t0, 1, t0 + 1s) == nc_verdict::fresh);
  CHECK(counter.size() == 2);
}

TEST_CASE("expired nonces leave the table", "[sip_auth][nonce_counter]") {
  nonce_counter counter{100, 60s};
  counter.advance("old", t0, 1, t0);
  counter.advance("new", t0 + 50s, 1, t0 + 50s);
  counter.sweep(t0 + 64s);
  CHECK(counter.size() == 2); // lifetime plus skew allowance
  counter.sweep(t0 + 66s);
  CHECK(counter.size() == 1);
  CHECK(counter.advance("new", t0 + 50s, 1, t0 + 66s) == nc_verdict::replay);
}

TEST_CASE("a full table forgets the oldest nonce safely",
          "[sip_auth][nonce_counter]") {
  nonce_counter counter{2, 60s};
  CHECK(counter.advance("a", t0, 1, t0) == nc_verdict::fresh);
  CHECK(counter.advance("b", t0 + 1s, 1, t0 + 1s) == nc_verdict::fresh);
  CHECK(counter.advance("c", t0 + 2s, 1, t0 + 2s) == nc_verdict::fresh);
  CHECK(counter.size() == 2);
  // "a" was dropped: replaying it must not look fresh.
  CHECK(counter.advance("a", t0, 1, t0 + 3s) == nc_verdict::forgotten);
  CHECK(counter.advance("a", t0, 2, t0 + 3s) == nc_verdict::forgotten);
  // Older than everything kept, when full: not tracked, so forgotten.
  CHECK(counter.advance("z", t0 - 1s, 1, t0 + 3s) == nc_verdict::forgotten);
  CHECK(counter.advance("b", t0 + 1s, 1, t0 + 3s) == nc_verdict::replay);
  CHECK(counter.advance("d", t0 + 3s, 1, t0 + 3s) == nc_verdict::fresh);
  CHECK(counter.size() == 2);
}
