#include "events/codec.hpp"

#include <catch2/catch.hpp>

using namespace passerelle::events;

namespace {

envelope sample() {
  envelope x;
  x.tenant = "t1";
  x.stream = "device/001565aabbcc";
  x.seq = 3;
  x.position = 42;
  x.timestamp_ns = 1'795'000'000'123'456'789;
  x.node = "node-1";
  x.type = "device_provisioned";
  x.schema = 2;
  x.actor = "admin:ops";
  x.payload = {0xa1, 0x61, 0x61, 0x01};
  x.prev_hash.fill(7);
  x.hash = compute_hash(x);
  return x;
}

bool same(const envelope& a, const envelope& b) {
  return a.tenant == b.tenant && a.stream == b.stream && a.seq == b.seq &&
         a.position == b.position && a.timestamp_ns == b.timestamp_ns &&
         a.node == b.node && a.type == b.type && a.schema == b.schema &&
         a.actor == b.actor && a.payload == b.payload &&
         a.prev_hash == b.prev_hash && a.hash == b.hash;
}

} // namespace

TEST_CASE("an envelope survives encode and decode", "[codec]") {
  auto x = sample();
  auto y = decode(encode(x));
  REQUIRE(y);
  CHECK(same(x, *y));
}

TEST_CASE("truncated or extended records do not decode", "[codec]") {
  auto bytes = encode(sample());
  for (size_t n = 0; n < bytes.size(); ++n)
    CHECK_FALSE(decode(std::string_view{bytes}.substr(0, n)));
  CHECK_FALSE(decode(bytes + "x"));
  auto wrong_format = bytes;
  wrong_format[0] = 9;
  CHECK_FALSE(decode(wrong_format));
}

TEST_CASE("the hash covers every field and the previous hash", "[codec]") {
  auto base = sample();
  auto h = compute_hash(base);
  CHECK(h == base.hash);
  auto changed = [&](auto mutate) {
    auto x = base;
    mutate(x);
    return compute_hash(x) != h;
  };
  CHECK(changed([](envelope& x) { x.tenant = "t2"; }));
  CHECK(changed([](envelope& x) { x.stream += "x"; }));
  CHECK(changed([](envelope& x) { ++x.seq; }));
  CHECK(changed([](envelope& x) { ++x.position; }));
  CHECK(changed([](envelope& x) { ++x.timestamp_ns; }));
  CHECK(changed([](envelope& x) { x.node = "n2"; }));
  CHECK(changed([](envelope& x) { x.type = "device_deleted"; }));
  CHECK(changed([](envelope& x) { ++x.schema; }));
  CHECK(changed([](envelope& x) { x.actor = "system"; }));
  CHECK(changed([](envelope& x) { x.payload.back() ^= 1; }));
  CHECK(changed([](envelope& x) { x.prev_hash[0] ^= 1; }));
}

TEST_CASE("the global chain depends on order and position", "[codec]") {
  hash256 zero{};
  hash256 a;
  a.fill(1);
  hash256 b;
  b.fill(2);
  auto ab = chain_global(chain_global(zero, a, 1), b, 2);
  auto ba = chain_global(chain_global(zero, b, 1), a, 2);
  CHECK(ab != ba);
  CHECK(chain_global(zero, a, 1) != chain_global(zero, a, 2));
  CHECK(to_hex(zero) == std::string(64, '0'));
}

TEST_CASE("UTC timestamps format and parse back", "[codec]") {
  int64_t t = 1'795'000'000'123'456'789;
  auto text = format_utc(t);
  CHECK(text == "2026-11-18T11:06:40.123456789Z");
  CHECK(parse_utc(text) == t);
  CHECK(parse_utc("2026-11-18T11:06:40Z") == 1'795'000'000'000'000'000);
  CHECK(parse_utc("2026-11-18T12:06:40+01:00") == 1'795'000'000'000'000'000);
  CHECK(parse_utc("2026-11-18") == 1'794'960'000'000'000'000);
  CHECK_FALSE(parse_utc("yesterday"));
  CHECK_FALSE(parse_utc("2026-13-01T00:00:00Z"));
  CHECK_FALSE(parse_utc("2026-11-18T11:06:40Zjunk"));
}
