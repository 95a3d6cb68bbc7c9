#include "storage/verify.hpp"

#include "events/codec.hpp"
#include "storage/keys.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <rocksdb/db.h>

using namespace passerelle;
using namespace passerelle::storage;

namespace {

void fill(event_store& store) {
  for (auto stream : {"device/a", "device/b", "device/c"})
    for (uint64_t v = 0; v < 3; ++v)
      REQUIRE(store.append({"default",
                            stream,
                            v,
                            1000,
                            {{"device_provisioned", 1, "t", {0xa0}}}}));
}

/// Flips one byte of a stored value, as an attacker with disk access would.
void tamper(event_store& store, rocksdb::ColumnFamilyHandle* cf,
            const std::string& key, size_t offset) {
  std::string value;
  REQUIRE(store.db().Get({}, cf, key, &value).ok());
  REQUIRE(offset < value.size());
  value[offset] ^= 0x01;
  REQUIRE(store.db().Put({}, cf, key, value).ok());
}

/// 40 streams of 5 events, interleaved as devices would write them: 200
/// positions, each stream spread over the whole log.
std::unique_ptr<event_store> interleaved_store(const test::temp_dir& dir) {
  auto store = std::move(*event_store::open(dir.str(), {}));
  for (uint64_t v = 0; v < 5; ++v)
    for (int s = 0; s < 40; ++s)
      REQUIRE(store->stage({"default",
                            "device/" + std::to_string(100 + s),
                            v,
                            1000,
                            {{"device_provisioned", 1, "t", {0xa0}}}}));
  REQUIRE(store->commit());
  return store;
}

} // namespace

TEST_CASE("an intact store verifies", "[verify]") {
  test::temp_dir dir;
  auto store = std::move(*event_store::open(dir.str(), {}));
  fill(*store);
  auto report = verify(*store);
  CHECK_FALSE(report.first_broken);
  CHECK(report.events == 9);
  CHECK(report.streams == 3);
  CHECK(report.positions == 9);
}

TEST_CASE("one changed byte anywhere in an event names that event",
          "[verify]") {
  test::temp_dir dir;
  auto store = std::move(*event_store::open(dir.str(), {}));
  fill(*store);
  auto key = event_key("default", "device/b", 2);
  std::string value;
  REQUIRE(store->db().Get({}, store->events_cf(), key, &value).ok());
  for (size_t offset = 0; offset < value.size(); ++offset) {
    tamper(*store, store->events_cf(), key, offset);
    auto report = verify(*store);
    INFO("offset " << offset);
    REQUIRE(report.first_broken);
    CHECK(report.first_broken->stream == "device/b");
    CHECK(report.first_broken->seq == 2);
    tamper(*store, store->events_cf(), key, offset); // restore
  }
  CHECK_FALSE(verify(*store).first_broken);
}

TEST_CASE("a changed global entry names its position", "[verify]") {
  test::temp_dir dir;
  auto store = std::move(*event_store::open(dir.str(), {}));
  fill(*store);
  tamper(*store, store->global_cf(), position_key(5), 20);
  auto report = verify(*store);
  REQUIRE(report.first_broken);
  CHECK(report.first_broken->position == 5);
}

TEST_CASE("a deleted event breaks the chain", "[verify]") {
  test::temp_dir dir;
  auto store = std::move(*event_store::open(dir.str(), {}));
  fill(*store);
  REQUIRE(
      store->db()
          .Delete({}, store->events_cf(), event_key("default", "device/a", 2))
          .ok());
  auto report = verify(*store);
  REQUIRE(report.first_broken);
  CHECK(report.first_broken->stream == "device/a");
  CHECK(report.first_broken->seq == 3);
}

TEST_CASE("a rewritten event with a recomputed hash still breaks the chain",
          "[verify]") {
  test::temp_dir dir;
  auto store = std::move(*event_store::open(dir.str(), {}));
  fill(*store);
  auto key = event_key("default", "device/c", 1);
  std::string value;
  REQUIRE(store->db().Get({}, store->events_cf(), key, &value).ok());
  auto x = events::decode(value);
  REQUIRE(x);
  x->actor = "forger";
  x->hash = events::compute_hash(*x);
  REQUIRE(
      store->db().Put({}, store->events_cf(), key, events::encode(*x)).ok());
  auto report = verify(*store);
  REQUIRE(report.first_broken);
  CHECK(report.first_broken->stream == "device/c");
  CHECK(report.first_broken->seq == 2); // its successor no longer links
}

TEST_CASE("a log walked in two halves finds breaks in either half",
          "[verify]") {
  test::temp_dir dir;
  auto store = interleaved_store(dir);
  auto intact = verify(*store, 1);
  CHECK_FALSE(intact.first_broken);
  CHECK(intact.events == 200);
  CHECK(intact.streams == 40);
  CHECK(intact.positions == 200);
  for (auto stream : {"device/101", "device/138"}) {
    auto key = event_key("default", stream, 3);
    tamper(*store, store->events_cf(), key, 30);
    auto report = verify(*store, 1);
    REQUIRE(report.first_broken);
    CHECK(report.first_broken->stream == stream);
    CHECK(report.first_broken->seq == 3);
    tamper(*store, store->events_cf(), key, 30);
  }
}

TEST_CASE("a global index walked in two halves finds breaks in either half "
          "and at the seam",
          "[verify]") {
  test::temp_dir dir;
  auto store = interleaved_store(dir);
  REQUIRE_FALSE(verify(*store, 1).first_broken);
  // 200 positions: the lower half walks 1..100, the upper one starts from
  // the chain hash stored at 100.
  for (uint64_t position : {50, 100, 101, 150, 200}) {
    tamper(*store, store->global_cf(), position_key(position), 20);
    auto report = verify(*store, 1);
    REQUIRE(report.first_broken);
    CHECK(report.first_broken->position == position);
    tamper(*store, store->global_cf(), position_key(position), 20);
  }
  std::string seam;
  REQUIRE(
      store->db().Get({}, store->global_cf(), position_key(100), &seam).ok());
  REQUIRE(store->db().Delete({}, store->global_cf(), position_key(100)).ok());
  auto report = verify(*store, 1);
  REQUIRE(report.first_broken);
  CHECK(report.first_broken->position == 100);
  REQUIRE(
      store->db().Put({}, store->global_cf(), position_key(100), seam).ok());
  CHECK_FALSE(verify(*store, 1).first_broken);
}
