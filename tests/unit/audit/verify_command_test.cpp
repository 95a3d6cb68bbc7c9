#include "tests/unit/audit/audit_fixture.hpp"

#include "storage/keys.hpp"

#include <rocksdb/db.h>

using namespace passerelle;
using audit::exit_status;

namespace {

/// Flips one byte of a stored event, as someone editing the disk would.
void tamper(storage::event_store& store, const std::string& key,
            size_t offset) {
  std::string value;
  REQUIRE(store.db().Get({}, store.events_cf(), key, &value).ok());
  REQUIRE(offset < value.size());
  value[offset] ^= 0x20;
  REQUIRE(store.db().Put({}, store.events_cf(), key, value).ok());
}

} // namespace

TEST_CASE("verify passes an intact log with one summary line",
          "[audit][verify]") {
  test::sample_data_dir data;
  auto r = test::run_audit({"verify", data.flag()});
  CHECK(r.status == exit_status::ok);
  CHECK(r.err.empty());
  auto lines = test::lines_of(r.out);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].starts_with("OK events=4 streams=3 positions=4 elapsed="));
  CHECK(lines[0].ends_with(" events/s"));
}

TEST_CASE("verify names the stream and sequence of a changed byte",
          "[audit][verify]") {
  test::sample_data_dir data;
  auto key = storage::event_key("default", "device/001565aabbdd", 1);
  tamper(*data.writer, key, 12);
  auto r = test::run_audit({"verify", data.flag()});
  CHECK(r.status == exit_status::failed);
  CHECK(r.out == "BROKEN tenant=default stream=device/001565aabbdd seq=1 "
                 "position=0: hash does not match content\n");
  tamper(*data.writer, key, 12); // restored: intact again
  CHECK(test::run_audit({"verify", data.flag()}).status == exit_status::ok);
}

TEST_CASE("verify names the successor of a rewritten event",
          "[audit][verify]") {
  test::sample_data_dir data;
  auto key = storage::event_key("default", "device/001565aabbcc", 1);
  std::string value;
  REQUIRE(
      data.writer->db().Get({}, data.writer->events_cf(), key, &value).ok());
  auto x = events::decode(value);
  REQUIRE(x);
  x->actor = "admin:forger";
  x->hash = events::compute_hash(*x);
  REQUIRE(data.writer->db()
              .Put({}, data.writer->events_cf(), key, events::encode(*x))
              .ok());
  auto line = test::run_audit({"verify", data.flag()}).out;
  CHECK(line.starts_with(
      "BROKEN tenant=default stream=device/001565aabbcc seq=2 "));
}

TEST_CASE("verify finds the store in a data dir or given directly",
          "[audit][verify]") {
  test::sample_data_dir data;
  auto store_dir = (data.dir.path() / "store").string();
  CHECK(test::run_audit({"verify", "--data-dir=" + store_dir}).status ==
        exit_status::ok);
  test::temp_dir empty;
  auto none = test::run_audit({"verify", "--data-dir=" + empty.str()});
  CHECK(none.status == exit_status::usage);
  CHECK(none.err.find("no event store in " + empty.str()) != std::string::npos);
  auto missing =
      test::run_audit({"verify", "--data-dir=" + empty.str() + "/x"});
  CHECK(missing.status == exit_status::usage);
  CHECK(test::lines_of(missing.err).size() == 1);
}

TEST_CASE("usage errors exit 2 and help exits 0", "[audit][verify]") {
  using test::run_audit;
  CHECK(run_audit({}).status == exit_status::usage);
  CHECK(run_audit({"frobnicate"}).status == exit_status::usage);
  CHECK(run_audit({"verify", "--tenant=x"}).status == exit_status::usage);
  CHECK(run_audit({"verify", "extra"}).status == exit_status::usage);
  CHECK(run_audit({"dump", "--limit=x"}).status == exit_status::usage);
  CHECK(run_audit({"state"}).status == exit_status::usage);
  for (auto cmd : {"verify", "dump", "state"}) {
    auto help = run_audit({cmd, "--help"});
    CHECK(help.status == exit_status::ok);
    CHECK(help.out.starts_with(std::string{"usage: passerelle-audit "} + cmd));
  }
  auto top = run_audit({"--help"});
  CHECK(top.status == exit_status::ok);
  CHECK(top.out.find("commands:") != std::string::npos);
  auto version = run_audit({"--version"});
  CHECK(version.status == exit_status::ok);
  CHECK(version.out.starts_with("passerelle-audit 0."));
}
