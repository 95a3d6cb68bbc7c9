#include "actors/store_actor.hpp"

#include "tests/unit/actors/actor_fixture.hpp"

using namespace passerelle;
using namespace passerelle::test;

namespace {

storage::append_request req(std::string stream, uint64_t expected) {
  return {"default",
          std::move(stream),
          expected,
          0,
          {{"device_deleted", 1, "t", {0xa0}}}};
}

using ack_or_failure = std::variant<storage::append_ack, failure>;

} // namespace

TEST_CASE("appends that arrive together share one batch", "[store_actor]") {
  temp_dir dir;
  actor_fixture f{dir};
  std::vector<actor_fixture::pending<storage::append_ack>> answers;
  for (int i = 0; i < 10; ++i)
    answers.push_back(f.send_request<storage::append_ack>(
        f.store_hdl, atom::append_v, req("s/" + std::to_string(i), 0)));
  // One conflicting append in the same batch fails alone.
  answers.push_back(f.send_request<storage::append_ack>(
      f.store_hdl, atom::append_v, req("s/0", 0)));
  f.run();
  int acks = 0;
  int conflicts = 0;
  for (auto& answer : answers) {
    REQUIRE(answer->has_value());
    if (auto* ack = std::get_if<storage::append_ack>(&**answer)) {
      CHECK(ack->last_seq == 1);
      ++acks;
    } else {
      CHECK(std::get<failure>(**answer).code == ec::conflict);
      ++conflicts;
    }
  }
  CHECK(acks == 10);
  CHECK(conflicts == 1);
  CHECK(f.store->metrics().batches == 1);
  auto all = f.store->read_all();
  REQUIRE(all);
  CHECK(all->size() == 10);
  CHECK(all->front().timestamp_ns > 0);
}

TEST_CASE("nothing is acknowledged before the batch is written",
          "[store_actor]") {
  temp_dir dir;
  actor_fixture f{dir};
  auto answer = f.send_request<storage::append_ack>(f.store_hdl, atom::append_v,
                                                    req("s/a", 0));
  // Run the client, then the store's append handler: staged, not written.
  REQUIRE(f.sched.try_run_once());
  REQUIRE(f.sched.try_run_once());
  CHECK(f.store->staged() == 1);
  CHECK(f.store->last_position() == 0);
  f.run();
  CHECK(f.store->last_position() == 1);
  REQUIRE(answer->has_value());
  CHECK(std::holds_alternative<storage::append_ack>(**answer));
}

TEST_CASE("a clean shutdown writes what was staged", "[store_actor]") {
  temp_dir dir;
  actor_fixture f{dir};
  auto answer = f.send_request<storage::append_ack>(f.store_hdl, atom::append_v,
                                                    req("s/a", 0));
  REQUIRE(f.sched.try_run_once());
  REQUIRE(f.sched.try_run_once());
  CHECK(f.store->staged() == 1);
  // The exit message overtakes the queued flush.
  caf::anon_send_exit(f.store_hdl, caf::exit_reason::user_shutdown);
  f.run();
  CHECK(f.store->last_position() == 1);
  REQUIRE(answer->has_value());
  CHECK(std::holds_alternative<storage::append_ack>(**answer));
}

TEST_CASE("a create stores a new stream, or answers what an old one holds",
          "[store_actor]") {
  temp_dir dir;
  actor_fixture f{dir};
  auto ask = [&](storage::append_request r) {
    auto answer =
        f.send_request<create_outcome>(f.store_hdl, atom::create_v, r);
    f.run();
    REQUIRE(answer->has_value());
    return **answer;
  };
  auto first = ask(req("s/a", 0));
  REQUIRE(std::holds_alternative<create_outcome>(first));
  CHECK(std::get<create_outcome>(first).created);
  CHECK(std::get<create_outcome>(first).ack.last_seq == 1);
  auto again = ask(req("s/a", 0));
  REQUIRE(std::holds_alternative<create_outcome>(again));
  auto& existing = std::get<create_outcome>(again);
  CHECK_FALSE(existing.created);
  REQUIRE(existing.existing.tail.size() == 1);
  CHECK(existing.existing.tail[0].type == "device_deleted");
  CHECK(f.store->last_position() == 1); // nothing more written
  CHECK(f.store->metrics().conflicts == 0);
  auto wrong = ask(req("s/b", 3));
  REQUIRE(std::holds_alternative<failure>(wrong));
  CHECK(std::get<failure>(wrong).code == ec::invalid_argument);
}
