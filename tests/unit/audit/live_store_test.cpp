#include "tests/unit/audit/audit_fixture.hpp"

#include <rocksdb/db.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

using namespace passerelle;
using audit::exit_status;

namespace {

uint64_t events_in(const std::string& summary) {
  auto at = summary.find("events=");
  REQUIRE(at != std::string::npos);
  return std::stoull(summary.substr(at + 7));
}

std::set<std::string> files_in(const std::filesystem::path& dir) {
  std::set<std::string> out;
  for (auto& entry : std::filesystem::directory_iterator{dir})
    out.insert(entry.path().filename().string());
  return out;
}

} // namespace

TEST_CASE("audit reads a store another handle holds open read-write",
          "[audit][live]") {
  test::sample_data_dir data;
  // Events written after the open stay in the writer's WAL and memtable.
  REQUIRE(test::append_device_event(*data.writer, "default", "001565aabbee", 0,
                                    5, test::sample_provisioned("x"),
                                    "system"));
  auto files = files_in(data.dir.path() / "store");
  auto r = test::run_audit({"verify", data.flag()});
  CHECK(r.status == exit_status::ok);
  CHECK(events_in(r.out) == 5);
  CHECK(test::lines_of(test::run_audit({"dump", data.flag()}).out).size() == 5);
  CHECK(test::run_audit({"state", "device/001565aabbee", data.flag()}).status ==
        exit_status::ok);
  // Reading leaves the writer's files alone (no lock, no log rotation).
  CHECK(files_in(data.dir.path() / "store") == files);
  // The writer carries on after the audit.
  REQUIRE(test::append_device_event(*data.writer, "default", "001565aabbee", 1,
                                    6, events::device_deleted{"gone"},
                                    "system"));
}

TEST_CASE("audit runs while the gateway keeps appending", "[audit][live]") {
  test::sample_data_dir data;
  std::atomic<bool> refused{false};
  std::atomic<uint64_t> written{4};
  // Appends to 50 streams in turn, flushing now and then so that WAL files
  // come and go under the readers, until told to stop.
  std::jthread writer{[&](std::stop_token stop) {
    for (uint64_t i = 0; !stop.stop_requested(); ++i) {
      auto mac = "0000000" + std::to_string(10000 + i % 50);
      if (!test::append_device_event(*data.writer, "default", mac, i / 50,
                                     static_cast<int64_t>(i),
                                     test::sample_provisioned(mac), "system")) {
        refused = true;
        return;
      }
      ++written;
      if (i % 10 == 9)
        std::this_thread::sleep_for(std::chrono::milliseconds{1});
      if (i % 500 == 499 &&
          !data.writer->db().Flush(rocksdb::FlushOptions{}).ok())
        refused = true;
    }
  }};
  std::set<uint64_t> seen;
  for (int round = 0; round < 10; ++round) {
    auto r = test::run_audit({"verify", data.flag()});
    INFO(r.err);
    REQUIRE(r.status == exit_status::ok);
    auto now = events_in(r.out);
    // Every open sees a prefix of the log, growing.
    CHECK((seen.empty() || now >= *seen.rbegin()));
    seen.insert(now);
    auto dump = test::run_audit({"dump", data.flag(), "--stream=device/*",
                                 "--type=device_provisioned"});
    INFO(dump.err);
    REQUIRE(dump.status == exit_status::ok);
    CHECK(test::lines_of(dump.out).size() >= 3);
  }
  writer.request_stop();
  writer.join();
  CHECK_FALSE(refused);
  CHECK(seen.size() >= 2); // the audits did overlap the writes
  auto last = test::run_audit({"verify", data.flag()});
  CHECK(events_in(last.out) == written);
}

TEST_CASE("audit reads a copy of a data dir", "[audit][live]") {
  test::sample_data_dir data;
  test::temp_dir copy;
  std::filesystem::copy(data.dir.path(), copy.path(),
                        std::filesystem::copy_options::recursive);
  auto r = test::run_audit({"verify", "--data-dir=" + copy.str()});
  CHECK(r.status == exit_status::ok);
  CHECK(events_in(r.out) == 4);
  auto j =
      nlohmann::json::parse(test::run_audit({"state", "device/001565aabbdd",
                                             "--data-dir=" + copy.str()})
                                .out);
  CHECK(j["lifecycle"] == "provisioned");
}
