#include "tests/unit/audit/audit_fixture.hpp"

#include "tools/audit/store_access.hpp"

#include <nlohmann/json.hpp>

using namespace passerelle;
using audit::exit_status;

namespace {

/// Runs `dump` with `filters` and returns (tenant/stream#seq @position) of
/// every line, checking each line is one JSON object.
std::vector<std::string> dump(const test::sample_data_dir& data,
                              std::vector<std::string> filters) {
  filters.insert(filters.begin(), {"dump", data.flag()});
  auto r = test::run_audit(filters);
  INFO(r.err);
  REQUIRE(r.status == exit_status::ok);
  std::vector<std::string> out;
  for (auto& line : test::lines_of(r.out)) {
    auto j = nlohmann::json::parse(line);
    out.push_back(j["tenant"].get<std::string>() + "/" +
                  j["stream"].get<std::string>() + "#" +
                  std::to_string(j["seq"].get<uint64_t>()) + "@" +
                  std::to_string(j["position"].get<uint64_t>()));
  }
  return out;
}

using lines = std::vector<std::string>;

const std::string a1 = "default/device/001565aabbcc#1@1";
const std::string b1 = "default/device/001565aabbdd#1@2";
const std::string a2 = "default/device/001565aabbcc#2@3";
const std::string acme_a1 = "acme/device/001565aabbcc#1@4";

} // namespace

TEST_CASE("dump prints every event in global order", "[audit][dump]") {
  test::sample_data_dir data;
  CHECK(dump(data, {}) == lines{a1, b1, a2, acme_a1});
  auto r = test::run_audit({"dump", data.flag(), "--limit=1"});
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["time"] == "2026-03-01T09:00:00.000000000Z");
  CHECK(j["node"] == "node-a");
  CHECK(j["type"] == "device_provisioned");
  CHECK(j["actor"] == "admin:tok-1");
  CHECK(j["payload"]["mac"] == "001565aabbcc");
  CHECK(j["payload"]["credentials"]["realm"] == "passerelle.test");
  CHECK(j["prev_hash"] == std::string(64, '0'));
  CHECK(j["hash"].get<std::string>().size() == 64);
}

TEST_CASE("dump filters combine with AND", "[audit][dump]") {
  test::sample_data_dir data;
  CHECK(dump(data, {"--type=device_deleted"}) == lines{a2});
  CHECK(dump(data, {"--type=device_provisioned", "--tenant=default"}) ==
        lines{a1, b1});
  CHECK(dump(data, {"--stream=device/*"}) == lines{a1, b1, a2, acme_a1});
  CHECK(dump(data, {"--stream=device/001565aabbcc"}) == lines{a1, a2, acme_a1});
  CHECK(dump(data, {"--stream=device/001565aabbcc", "--tenant=default"}) ==
        lines{a1, a2});
  CHECK(dump(data, {"--stream=user/*"}).empty());
  CHECK(dump(data, {"--actor=admin:tok-1"}) == lines{a1, a2});
  CHECK(dump(data, {"--actor=system"}) == lines{acme_a1});
  CHECK(dump(data, {"--since=2026-03-01T10:00:00Z",
                    "--until=2026-03-01T11:00:00Z"}) == lines{b1, a2});
  CHECK(dump(data, {"--since=2026-03-01T10:30:00+00:00"}) ==
        lines{a2, acme_a1});
  CHECK(dump(data, {"--from-position=3"}) == lines{a2, acme_a1});
  CHECK(dump(data, {"--limit=2"}) == lines{a1, b1});
  CHECK(dump(data, {"--actor=admin:tok-1", "--limit=1"}) == lines{a1});
  CHECK(dump(data, {"--limit=0"}).empty());
  CHECK(dump(data, {"--tenant=default", "--stream=device/001565aabbcc",
                    "--from-position=2"}) == lines{a2});
}

TEST_CASE("dump pages through the log without skipping or repeating",
          "[audit][dump]") {
  test::sample_data_dir data;
  auto store = audit::open_read_only(data.dir.str());
  REQUIRE(store);
  for (size_t page : {1, 2, 3, 4, 5}) {
    INFO("page " << page);
    std::ostringstream all;
    CHECK(*audit::dump_events(**store, {}, all, page) == 4);
    CHECK(test::lines_of(all.str()).size() == 4);
    audit::event_filter f;
    f.limit = 3;
    f.actor = "admin:tok-1";
    std::ostringstream some;
    CHECK(*audit::dump_events(**store, f, some, page) == 2);
    audit::event_filter one;
    one.tenant = "default";
    one.stream = audit::stream_pattern::parse("device/001565aabbcc");
    std::ostringstream stream;
    CHECK(*audit::dump_events(**store, one, stream, page) == 2);
  }
}
