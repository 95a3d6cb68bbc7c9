#include "storage/keys.hpp"

#include <catch2/catch.hpp>

using namespace passerelle::storage;

TEST_CASE("event keys sort by sequence and parse back", "[keys]") {
  auto k1 = event_key("t", "device/ab", 1);
  auto k2 = event_key("t", "device/ab", 256);
  CHECK(k1 < k2);
  auto parts = parse_event_key(k2);
  REQUIRE(parts);
  CHECK(parts->tenant == "t");
  CHECK(parts->stream == "device/ab");
  CHECK(parts->seq == 256);
  CHECK_FALSE(parse_event_key("short"));
  CHECK_FALSE(parse_event_key(std::string("/device/ab/") + std::string(8, 0)));
}

TEST_CASE("global entries round-trip and reject bad sizes", "[keys]") {
  global_entry x;
  x.event_key = event_key("t", "s", 9);
  x.event_hash.fill(1);
  x.chain_hash.fill(2);
  auto bytes = encode_global_entry(x);
  auto y = decode_global_entry(bytes);
  REQUIRE(y);
  CHECK(y->event_key == x.event_key);
  CHECK(y->event_hash == x.event_hash);
  CHECK(y->chain_hash == x.chain_hash);
  CHECK_FALSE(decode_global_entry(bytes.substr(1)));
  CHECK(position_key(1) < position_key(256));
}

TEST_CASE("tenant and stream names are checked", "[keys]") {
  CHECK(valid_tenant("default"));
  CHECK_FALSE(valid_tenant(""));
  CHECK_FALSE(valid_tenant("a/b"));
  CHECK_FALSE(valid_tenant("a b"));
  CHECK(valid_stream("device/001565aabbcc"));
  CHECK_FALSE(valid_stream(""));
  CHECK_FALSE(valid_stream(std::string(600, 'x')));
}
