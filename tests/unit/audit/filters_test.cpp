#include "tools/audit/filters.hpp"

#include "events/codec.hpp"

#include <catch2/catch.hpp>

#include <array>

using namespace passerelle;
using namespace passerelle::audit;

namespace {

constexpr std::array<std::string_view, 8> names{
    "tenant", "stream", "type",          "actor",
    "since",  "until",  "from-position", "limit"};

result<event_filter> filter_of(std::vector<std::string> args) {
  auto cl = parse_command_line(args, names);
  REQUIRE(cl);
  return parse_filter(*cl);
}

events::envelope event_at(int64_t ts) {
  events::envelope x;
  x.tenant = "default";
  x.stream = "device/001565aabbcc";
  x.seq = 1;
  x.position = 7;
  x.timestamp_ns = ts;
  x.type = "device_provisioned";
  x.actor = "admin:tok-1";
  return x;
}

} // namespace

TEST_CASE("a stream pattern is exact unless it ends in a star",
          "[audit][filters]") {
  auto exact = stream_pattern::parse("device/a");
  CHECK(exact.matches("device/a"));
  CHECK_FALSE(exact.matches("device/ab"));
  auto prefix = stream_pattern::parse("device/*");
  CHECK(prefix.prefix);
  CHECK(prefix.matches("device/a"));
  CHECK_FALSE(prefix.matches("user/a"));
  CHECK(stream_pattern::parse("*").matches("anything"));
}

TEST_CASE("every criterion must hold", "[audit][filters]") {
  auto t = *events::parse_utc("2026-03-01T10:00:00Z");
  auto x = event_at(t);
  auto check = [&](std::vector<std::string> args, bool expected) {
    auto f = filter_of(args);
    REQUIRE(f);
    INFO(args.size());
    CHECK(matches(*f, x) == expected);
  };
  check({}, true);
  check({"--tenant=default", "--stream=device/*", "--type=device_provisioned",
         "--actor=admin:tok-1"},
        true);
  check({"--tenant=acme"}, false);
  check({"--stream=device/001565aabbcc"}, true);
  check({"--stream=device/001565aabb"}, false);
  check({"--stream=user/*"}, false);
  check({"--type=device_deleted"}, false);
  check({"--actor=system"}, false);
  // Time bounds are inclusive on both sides.
  check({"--since=2026-03-01T10:00:00Z", "--until=2026-03-01T10:00:00Z"}, true);
  check({"--since=2026-03-01T10:00:00.000000001Z"}, false);
  check({"--until=2026-03-01T09:59:59Z"}, false);
  check({"--from-position=7"}, true);
  check({"--from-position=8"}, false);
}

TEST_CASE("filter options are validated", "[audit][filters]") {
  CHECK_FALSE(filter_of({"--since=soon"}));
  CHECK_FALSE(filter_of({"--limit=many"}));
  auto reversed =
      filter_of({"--since=2026-03-02T00:00:00Z", "--until=2026-03-01"});
  REQUIRE_FALSE(reversed);
  CHECK(reversed.error().message == "--since is after --until");
  auto f = filter_of({"--from-position=0", "--limit=3"});
  REQUIRE(f);
  CHECK(f->from_position == 1);
  CHECK(f->limit == 3u);
  CHECK_FALSE(f->single_stream());
  auto one = filter_of({"--tenant=t", "--stream=device/a"});
  REQUIRE(one);
  CHECK(one->single_stream());
  CHECK_FALSE(filter_of({"--tenant=t", "--stream=device/*"})->single_stream());
}
