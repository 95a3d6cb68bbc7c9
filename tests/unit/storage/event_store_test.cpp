#include "storage/event_store.hpp"

#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace passerelle;
using namespace passerelle::storage;

namespace {

append_request req(std::string stream, uint64_t expected, size_t n = 1,
                   std::string type = "device_provisioned") {
  append_request r{"default", std::move(stream), expected, 1000, {}};
  for (size_t i = 0; i < n; ++i)
    r.events.push_back({type, 1, "test", {0xa0}}); // CBOR {}
  return r;
}

std::unique_ptr<event_store> open(const test::temp_dir& dir,
                                  durability mode = durability::nosync) {
  auto store = event_store::open(dir.str(), {mode, "node-a", false});
  REQUIRE(store);
  return std::move(*store);
}

} // namespace

TEST_CASE("appends get gap-free sequences and global positions", "[store]") {
  test::temp_dir dir;
  auto store = open(dir);
  auto a = store->append(req("device/a", 0, 2));
  REQUIRE(a);
  CHECK(a->first_seq == 1);
  CHECK(a->last_seq == 2);
  CHECK(a->last_position == 2);
  auto b = store->append(req("device/b", 0));
  REQUIRE(b);
  CHECK(b->last_seq == 1);
  CHECK(b->last_position == 3);
  auto evs = store->read("default", "device/a");
  REQUIRE(evs);
  REQUIRE(evs->size() == 2);
  CHECK((*evs)[0].seq == 1);
  CHECK((*evs)[1].prev_hash == (*evs)[0].hash);
  CHECK((*evs)[0].node == "node-a");
  auto all = store->read_all();
  REQUIRE(all);
  REQUIRE(all->size() == 3);
  CHECK((*all)[2].stream == "device/b");
  auto tail = store->read_all(3);
  REQUIRE(tail);
  CHECK(tail->size() == 1);
}

TEST_CASE("a stale expected version is a conflict, never an overwrite",
          "[store]") {
  test::temp_dir dir;
  auto store = open(dir);
  REQUIRE(store->append(req("device/a", 0)));
  auto stale = store->append(req("device/a", 0, 1, "device_deleted"));
  REQUIRE_FALSE(stale);
  CHECK(stale.error().code == ec::conflict);
  auto ahead = store->append(req("device/a", 5));
  REQUIRE_FALSE(ahead);
  CHECK(ahead.error().code == ec::conflict);
  auto evs = store->read("default", "device/a");
  REQUIRE(evs);
  REQUIRE(evs->size() == 1);
  CHECK((*evs)[0].type == "device_provisioned");
  CHECK(store->metrics().conflicts == 2);
}

TEST_CASE("staged appends in one batch see each other", "[store]") {
  test::temp_dir dir;
  auto store = open(dir);
  REQUIRE(store->stage(req("device/a", 0)));
  REQUIRE(store->stage(req("device/a", 1)));
  auto dup = store->stage(req("device/a", 1));
  REQUIRE_FALSE(dup);
  CHECK(dup.error().code == ec::conflict);
  REQUIRE(store->stage(req("device/b", 0)));
  CHECK(store->staged() == 3);
  // Nothing is readable before the commit.
  CHECK(store->read_all()->empty());
  auto n = store->commit();
  REQUIRE(n);
  CHECK(*n == 3);
  CHECK(store->read_all()->size() == 3);
  CHECK(store->metrics().batches == 1);
}

TEST_CASE("bad requests are refused", "[store]") {
  test::temp_dir dir;
  auto store = open(dir);
  CHECK_FALSE(store->append(req("device/a", 0, 0)));
  auto bad_tenant = req("device/a", 0);
  bad_tenant.tenant = "a/b";
  CHECK_FALSE(store->append(bad_tenant));
  CHECK_FALSE(store->append(req("", 0)));
}

TEST_CASE("a reopened store continues both chains", "[store]") {
  test::temp_dir dir;
  {
    auto store = open(dir, durability::sync);
    REQUIRE(store->append(req("device/a", 0, 3)));
  }
  auto store = open(dir, durability::sync);
  CHECK(store->last_position() == 3);
  auto conflict = store->append(req("device/a", 0));
  CHECK_FALSE(conflict);
  auto next = store->append(req("device/a", 3));
  REQUIRE(next);
  CHECK(next->first_seq == 4);
  CHECK(next->last_position == 4);
  auto evs = store->read("default", "device/a", 3);
  REQUIRE(evs);
  REQUIRE(evs->size() == 2);
  CHECK((*evs)[1].prev_hash == (*evs)[0].hash);
}

TEST_CASE("streams sharing a prefix stay apart", "[store]") {
  test::temp_dir dir;
  auto store = open(dir);
  REQUIRE(store->append(req("device/a", 0)));
  REQUIRE(store->append(req("device/a/b", 0, 2)));
  CHECK(store->read("default", "device/a")->size() == 1);
  CHECK(store->read("default", "device/a/b")->size() == 2);
  // A fresh cache must find the right head too.
  store.reset();
  store = open(dir);
  REQUIRE(store->append(req("device/a", 1)));
}

TEST_CASE("a stream is found new, stored, staged or beside longer-named "
          "streams",
          "[store]") {
  test::temp_dir dir;
  {
    auto store = open(dir);
    REQUIRE(store->append(req("device/a", 0, 3)));
    REQUIRE(store->append(req("device/c/b", 0, 2)));
  }
  auto store = open(dir); // a fresh cache: the answers come from disk
  CHECK(*store->has_events("default", "device/a"));
  CHECK_FALSE(*store->has_events("default", "device/b"));
  CHECK_FALSE(*store->has_events("default", "device/c"));
  CHECK(*store->has_events("default", "device/c/b"));
  CHECK_FALSE(*store->has_events("default", "device/z")); // past every key
  // A new stream's head, found by the lookup alone, is right for appends.
  CHECK_FALSE(store->append(req("device/b", 1)));
  REQUIRE(store->stage(req("device/b", 0, 2)));
  CHECK(*store->has_events("default", "device/b"));
  CHECK_FALSE(store->has_events("default", ""));
  REQUIRE(store->append(req("device/c", 0)));
  CHECK(*store->has_events("default", "device/c"));
  // An old stream's head is still found by its last event.
  auto next = store->append(req("device/a", 3));
  REQUIRE(next);
  CHECK(next->first_seq == 4);
}

TEST_CASE("a stream read to its end continues its chain from what was read",
          "[store]") {
  test::temp_dir dir;
  {
    auto store = open(dir);
    REQUIRE(store->append(req("device/a", 0, 3)));
    REQUIRE(store->append(req("device/a/b", 0, 2)));
  }
  auto store = open(dir); // a fresh cache: only the read can tell the head
  auto whole = store->read_to_end("default", "device/a");
  REQUIRE(whole);
  REQUIRE(whole->size() == 3);
  CHECK_FALSE(store->append(req("device/a", 2))); // still a conflict
  auto next = store->append(req("device/a", 3));
  REQUIRE(next);
  CHECK(next->first_seq == 4);
  auto evs = store->read("default", "device/a", 3);
  REQUIRE(evs);
  REQUIRE(evs->size() == 2);
  CHECK((*evs)[1].prev_hash == (*evs)[0].hash);
  // A stream that does not exist yet starts at 1 after an empty read.
  auto none = store->read_to_end("default", "device/new");
  REQUIRE(none);
  CHECK(none->empty());
  CHECK_FALSE(store->append(req("device/new", 1)));
  REQUIRE(store->append(req("device/new", 0)));
  // An empty read past the end tells nothing: the head is looked up.
  auto past = store->read_to_end("default", "device/a/b", 5);
  REQUIRE(past);
  CHECK(past->empty());
  auto after = store->append(req("device/a/b", 2));
  REQUIRE(after);
  CHECK(after->first_seq == 3);
}

TEST_CASE("snapshots keep the latest state of a stream", "[store]") {
  test::temp_dir dir;
  auto store = open(dir);
  auto none = store->load_snapshot("default", "device/a");
  REQUIRE(none);
  CHECK_FALSE(*none);
  REQUIRE(store->save_snapshot("default", "device/a", {3, {1, 2, 3}}));
  REQUIRE(store->save_snapshot("default", "device/a", {5, {4}}));
  auto snap = store->load_snapshot("default", "device/a");
  REQUIRE(snap);
  REQUIRE(*snap);
  CHECK((*snap)->version == 5);
  CHECK((*snap)->state == std::vector<uint8_t>{4});
}

TEST_CASE("a read-only store refuses writes", "[store]") {
  test::temp_dir dir;
  { open(dir); }
  auto ro = event_store::open(dir.str(), {durability::sync, "n", true});
  REQUIRE(ro);
  auto refused = (*ro)->append(req("device/a", 0));
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == ec::invalid_argument);
}

TEST_CASE("metrics count what was written", "[store]") {
  test::temp_dir dir;
  auto store = open(dir);
  REQUIRE(store->append(req("device/a", 0, 4)));
  auto text = store->metrics().render();
  CHECK(text.find("passerelle_store_events_total 4\n") != std::string::npos);
  CHECK(text.find("passerelle_store_commit_seconds_count 1\n") !=
        std::string::npos);
}
