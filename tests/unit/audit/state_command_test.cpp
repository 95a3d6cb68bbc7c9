#include "tests/unit/audit/audit_fixture.hpp"

#include <nlohmann/json.hpp>

using namespace passerelle;
using audit::exit_status;

namespace {

nlohmann::json state(const test::sample_data_dir& data,
                     std::vector<std::string> args) {
  args.insert(args.begin(), {"state", "device/001565aabbcc", data.flag()});
  auto r = test::run_audit(args);
  INFO(r.err);
  REQUIRE(r.status == exit_status::ok);
  return nlohmann::json::parse(r.out);
}

} // namespace

TEST_CASE("state rebuilds the latest state by default", "[audit][state]") {
  test::sample_data_dir data;
  auto j = state(data, {});
  CHECK(j["lifecycle"] == "deleted");
  CHECK(j["version"] == 2);
  CHECK(j["tenant"] == "default");
  CHECK(j["stream"] == "device/001565aabbcc");
  CHECK(j["as_of"] == "2026-03-01T11:00:00.000000000Z");
}

TEST_CASE("state --at returns the state between two events", "[audit][state]") {
  test::sample_data_dir data;
  auto between = state(data, {"--at=2026-03-01T10:30:00Z"});
  CHECK(between["lifecycle"] == "provisioned");
  CHECK(between["mac"] == "001565aabbcc");
  CHECK(between["sip"]["username"] == "line-001565aabbcc");
  CHECK(between["version"] == 1);
  CHECK(between["as_of"] == "2026-03-01T10:30:00.000000000Z");
  // The bound is inclusive.
  CHECK(state(data, {"--at=2026-03-01T11:00:00Z"})["version"] == 2);
  CHECK(state(data, {"--at=2026-03-01T10:59:59.999999999Z"})["version"] == 1);
  auto acme = state(data, {"--tenant=acme"});
  CHECK(acme["lifecycle"] == "provisioned");
  CHECK(acme["tenant"] == "acme");
}

TEST_CASE("state before the first event or of an unknown stream fails",
          "[audit][state]") {
  test::sample_data_dir data;
  auto early = test::run_audit({"state", "device/001565aabbcc", data.flag(),
                                "--at=2026-03-01T08:00:00Z"});
  CHECK(early.status == exit_status::failed);
  CHECK(early.out.empty());
  CHECK(early.err.find("no events for device/001565aabbcc at "
                       "2026-03-01T08:00:00.000000000Z") != std::string::npos);
  auto absent = test::run_audit({"state", "device/0000000000ff", data.flag()});
  CHECK(absent.status == exit_status::failed);
  auto other = test::run_audit(
      {"state", "device/001565aabbdd", "--tenant=acme", data.flag()});
  CHECK(other.status == exit_status::failed);
  auto unknown = test::run_audit({"state", "printer/7", data.flag()});
  CHECK(unknown.status == exit_status::usage);
  CHECK(unknown.err.find("no aggregate owns stream printer/7") !=
        std::string::npos);
  CHECK(
      test::run_audit({"state", "device/a", "--at=noon", data.flag()}).status ==
      exit_status::usage);
  CHECK(
      test::run_audit({"state", "device/a", "device/b", data.flag()}).status ==
      exit_status::usage);
}
