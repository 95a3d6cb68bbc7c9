#include "sip/auth/nonce_counter.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using namespace passerelle::sip::auth;

namespace {

const time_point t0 = time_point{1'700'000'000s};

} // namespace

TEST_CASE("nonce-counts must increase", "[sip_auth][nonce_counter]") {
  nonce_counter counter;
  CHECK(counter.advance(nonce_id{t0, 1}, 1, t0) == nc_verdict::fresh);
  CHECK(counter.advance(nonce_id{t0, 1}, 1, t0) == nc_verdict::replay);
  CHECK(counter.advance(nonce_id{t0, 1}, 2, t0 + 1s) == nc_verdict::fresh);
  CHECK(counter.advance(nonce_id{t0, 1}, 5, t0 + 1s) == nc_verdict::fresh);
  CHECK(counter.advance(nonce_id{t0, 1}, 3, t0 + 1s) == nc_verdict::replay);
  CHECK(counter.advance(nonce_id{t0, 2}, 1, t0 + 1s) == nc_verdict::fresh);
  CHECK(counter.size() == 2);
}

TEST_CASE("expired nonces leave the table", "[sip_auth][nonce_counter]") {
  nonce_counter counter{100, 60s};
  counter.advance(nonce_id{t0, 3}, 1, t0);
  counter.advance(nonce_id{t0 + 50s, 4}, 1, t0 + 50s);
  counter.sweep(t0 + 64s);
  CHECK(counter.size() == 2); // lifetime plus skew allowance
  counter.sweep(t0 + 66s);
  CHECK(counter.size() == 1);
  CHECK(counter.advance(nonce_id{t0 + 50s, 4}, 1, t0 + 66s) ==
        nc_verdict::replay);
}

TEST_CASE("a full table forgets the oldest nonce safely",
          "[sip_auth][nonce_counter]") {
  nonce_counter counter{2, 60s};
  CHECK(counter.advance(nonce_id{t0, 5}, 1, t0) == nc_verdict::fresh);
  CHECK(counter.advance(nonce_id{t0 + 1s, 6}, 1, t0 + 1s) == nc_verdict::fresh);
  CHECK(counter.advance(nonce_id{t0 + 2s, 7}, 1, t0 + 2s) == nc_verdict::fresh);
  CHECK(counter.size() == 2);
  // "a" was dropped: replaying it must not look fresh.
  CHECK(counter.advance(nonce_id{t0, 5}, 1, t0 + 3s) == nc_verdict::forgotten);
  CHECK(counter.advance(nonce_id{t0, 5}, 2, t0 + 3s) == nc_verdict::forgotten);
  // Older than everything kept, when full: not tracked, so forgotten.
  CHECK(counter.advance(nonce_id{t0 - 1s, 8}, 1, t0 + 3s) ==
        nc_verdict::forgotten);
  CHECK(counter.advance(nonce_id{t0 + 1s, 6}, 1, t0 + 3s) ==
        nc_verdict::replay);
  CHECK(counter.advance(nonce_id{t0 + 3s, 9}, 1, t0 + 3s) == nc_verdict::fresh);
  CHECK(counter.size() == 2);
}
