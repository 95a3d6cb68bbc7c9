#include "sip/auth/nonce.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace std::chrono_literals;
using namespace passerelle::sip::auth;

namespace {

const time_point t0 = time_point{1'700'000'000s};

} // namespace

TEST_CASE("a fresh nonce is valid until its lifetime ends",
          "[sip_auth][nonce]") {
  nonce_issuer issuer{"secret"};
  CHECK(issuer.lifetime() == 60s);
  auto n = issuer.issue("gw.example", t0, 1);
  CHECK(n.size() == 64);
  CHECK(n.find_first_of("\"\\ ,") == std::string::npos);
  auto c = issuer.check(n, "gw.example", t0);
  CHECK(c.status == nonce_status::valid);
  CHECK(c.issued_at == t0);
  CHECK(issuer.check(n, "gw.example", t0 + 60s).status == nonce_status::valid);
  CHECK(issuer.check(n, "gw.example", t0 + 61s).status == nonce_status::stale);
  CHECK(issuer.check(n, "gw.example", t0 + 24h).status == nonce_status::stale);
}

TEST_CASE("the lifetime is configurable", "[sip_auth][nonce]") {
  nonce_issuer issuer{"secret", 30s};
  auto n = issuer.issue("r", t0, 0);
  CHECK(issuer.check(n, "r", t0 + 30s).status == nonce_status::valid);
  CHECK(issuer.check(n, "r", t0 + 31s).status == nonce_status::stale);
}

TEST_CASE("salts tell apart nonces of the same second", "[sip_auth][nonce]") {
  nonce_issuer issuer{"secret"};
  auto a = issuer.issue("r", t0, 1);
  auto b = issuer.issue("r", t0, 2);
  CHECK(a != b);
  CHECK(issuer.issue("r", t0, 1) == a); // deterministic
  CHECK(issuer.check(b, "r", t0).status == nonce_status::valid);
  // A check names the nonce by issue time and salt: what the nonce-count
  // table keys by.
  CHECK(issuer.check(a, "r", t0).id() == nonce_id{t0, 1});
  CHECK(issuer.check(b, "r", t0 + 5s).id() == nonce_id{t0, 2});
  CHECK(issuer.check(issuer.issue("r", t0, ~0ULL), "r", t0).salt == ~0ULL);
}

TEST_CASE("forged and garbage nonces are invalid", "[sip_auth][nonce]") {
  nonce_issuer issuer{"secret"};
  auto n = issuer.issue("r", t0, 7);
  SECTION("one character changed") {
    for (std::size_t i : {0u, 5u, 12u, 30u, 63u}) {
      auto forged = n;
      forged[i] = forged[i] == 'A' ? 'B' : 'A';
      CHECK(issuer.check(forged, "r", t0).status == nonce_status::invalid);
    }
  }
  SECTION("another realm or secret") {
    CHECK(issuer.check(n, "other", t0).status == nonce_status::invalid);
    nonce_issuer other{"secret2"};
    CHECK(other.check(n, "r", t0).status == nonce_status::invalid);
  }
  SECTION("garbage") {
    for (const std::string& g : std::vector<std::string>{
             "", "abc", std::string(64, '!'), std::string(64, 'A'),
             n.substr(0, 63), n + "A",
             "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v"})
      CHECK(issuer.check(g, "r", t0).status == nonce_status::invalid);
  }
  SECTION("timestamp moved without the MAC") {
    nonce_issuer same{"secret"};
    auto later = same.issue("r", t0 + 1000s, 7);
    auto spliced = later.substr(0, 11) + n.substr(11);
    CHECK(issuer.check(spliced, "r", t0 + 1000s).status ==
          nonce_status::invalid);
  }
}

TEST_CASE("nonces from the future are not trusted", "[sip_auth][nonce]") {
  nonce_issuer issuer{"secret"};
  auto n = issuer.issue("r", t0 + 10s, 0);
  CHECK(issuer.check(n, "r", t0).status == nonce_status::invalid);
  auto near = issuer.issue("r", t0 + 3s, 0);
  CHECK(issuer.check(near, "r", t0).status == nonce_status::valid);
}
