#include "tools/audit/event_json.hpp"

#include "events/device.hpp"

#include <catch2/catch.hpp>

using namespace passerelle;

namespace {

events::envelope sample() {
  events::envelope x;
  x.tenant = "default";
  x.stream = "device/001565aabbcc";
  x.seq = 2;
  x.position = 9;
  x.timestamp_ns = 1'000'000'001;
  x.node = "node-a";
  x.type = "device_deleted";
  x.actor = "admin:tok-1";
  x.payload = events::device_aggregate::encode(events::device_deleted{"stolen"},
                                               x.actor)
                  .payload;
  x.prev_hash.fill(0xab);
  x.hash.fill(0x01);
  return x;
}

} // namespace

TEST_CASE("an event renders as one JSON line in envelope order",
          "[audit][event_json]") {
  auto line = audit::to_json_line(sample());
  CHECK(line.find('\n') == std::string::npos);
  CHECK(
      line.starts_with(R"({"tenant":"default","stream":"device/001565aabbcc",)"
                       R"("seq":2,"position":9,)"
                       R"("time":"1970-01-01T00:00:01.000000001Z",)"
                       R"("node":"node-a","type":"device_deleted",)"
                       R"("schema":1,"actor":"admin:tok-1",)"
                       R"("payload":{"reason":"stolen"},"prev_hash":"abab)"));
  std::string ones;
  for (int i = 0; i < 32; ++i)
    ones += "01";
  CHECK(line.ends_with(R"("hash":")" + ones + "\"}"));
}

TEST_CASE("a payload that is not CBOR is shown as hex", "[audit][event_json]") {
  auto x = sample();
  x.payload = {0xff, 0x00, 0x7f}; // a break code cannot start an item
  auto j = audit::to_json(x);
  CHECK_FALSE(j.contains("payload"));
  CHECK(j["payload_hex"] == "ff007f");
  x.payload = {0xa0, 0xa0}; // two items: trailing bytes are not allowed
  CHECK(audit::to_json(x)["payload_hex"] == "a0a0");
}

TEST_CASE("invalid UTF-8 in a field does not stop the dump",
          "[audit][event_json]") {
  auto x = sample();
  x.actor = "user:\xff";
  auto line = audit::to_json_line(x);
  CHECK(line.find("\"actor\":\"user:\xef\xbf\xbd\"") != std::string::npos);
}
