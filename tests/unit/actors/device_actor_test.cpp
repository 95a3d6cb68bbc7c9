#include "actors/device_actor.hpp"

#include "tests/unit/actors/actor_fixture.hpp"

#include <random>

using namespace passerelle;
using namespace passerelle::test;

namespace {

const std::string mac = "001565aabbcc";

ec code_of(const std::variant<device_view, failure>& x) {
  REQUIRE(std::holds_alternative<failure>(x));
  return std::get<failure>(x).code;
}

} // namespace

TEST_CASE("provisioning is acknowledged only once it is stored", "[device]") {
  temp_dir dir;
  actor_fixture f{dir};
  auto v = view_of(f.ask(atom::provision_v, std::string{"00:15:65:AA:BB:CC"},
                         test_credentials(mac), std::string{"admin:t"}));
  CHECK(v.version == 1);
  CHECK(v.model.lifecycle == events::device_lifecycle::provisioned);
  auto stored = f.store->read("default", "device/" + mac);
  REQUIRE(stored);
  REQUIRE(stored->size() == 1);
  CHECK((*stored)[0].type == "device_provisioned");
  CHECK((*stored)[0].actor == "admin:t");
}

TEST_CASE("commands the state refuses are errors and store nothing",
          "[device]") {
  temp_dir dir;
  actor_fixture f{dir};
  CHECK(code_of(f.ask(atom::remove_v, mac, std::string{"x"},
                      std::string{"admin:t"})) == ec::not_found);
  CHECK(code_of(f.ask(atom::get_v, std::string{"not-a-mac"})) ==
        ec::invalid_argument);
  view_of(f.ask(atom::provision_v, mac, test_credentials(mac),
                std::string{"admin:t"}));
  CHECK(code_of(f.ask(atom::provision_v, mac, test_credentials(mac),
                      std::string{"admin:t"})) == ec::already_exists);
  CHECK(f.store->last_position() == 1);
}

TEST_CASE("a respawned device recovers from its log", "[device]") {
  temp_dir dir;
  {
    actor_fixture f{dir};
    view_of(f.ask(atom::provision_v, mac, test_credentials(mac),
                  std::string{"admin:t"}));
    view_of(f.ask(atom::remove_v, mac, std::string{"replaced"},
                  std::string{"admin:t"}));
  }
  actor_fixture f{dir};
  auto v = view_of(f.ask(atom::get_v, mac));
  CHECK(v.version == 2);
  CHECK(v.model.lifecycle == events::device_lifecycle::deleted);
}

TEST_CASE("recovery uses the latest snapshot and the tail after it",
          "[device]") {
  temp_dir dir;
  {
    actor_fixture f{dir};
    // 70 events: the actor snapshots at 64, six remain in the tail.
    for (int i = 0; i < 35; ++i) {
      view_of(f.ask(atom::provision_v, mac, test_credentials(mac),
                    std::string{"admin:t"}));
      view_of(f.ask(atom::remove_v, mac, std::string{"again"},
                    std::string{"admin:t"}));
    }
    auto snap = f.store->load_snapshot("default", "device/" + mac);
    REQUIRE(snap);
    REQUIRE(*snap);
    CHECK((*snap)->version == 64);
  }
  actor_fixture f{dir};
  auto v = view_of(f.ask(atom::get_v, mac));
  CHECK(v.version == 70);
  CHECK(v.model.lifecycle == events::device_lifecycle::deleted);
}

TEST_CASE("a concurrent writer causes a conflict, then a clean recovery",
          "[device]") {
  temp_dir dir;
  actor_fixture f{dir};
  view_of(f.ask(atom::provision_v, mac, test_credentials(mac),
                std::string{"admin:t"}));
  // Someone else appends behind the actor's back.
  auto other =
      events::device_aggregate::encode(events::device_deleted{"x"}, "other");
  REQUIRE(f.store->append({"default", "device/" + mac, 1, 1, {other}}));
  CHECK(code_of(f.ask(atom::remove_v, mac, std::string{"y"},
                      std::string{"admin:t"})) == ec::conflict);
  // The actor stopped; the next command respawns it from the log.
  auto v = view_of(f.ask(atom::get_v, mac));
  CHECK(v.version == 2);
  CHECK(v.model.lifecycle == events::device_lifecycle::deleted);
}

TEST_CASE("folding the log equals the live state", "[device][property]") {
  temp_dir dir;
  actor_fixture f{dir};
  std::mt19937 rng{42};
  std::vector<std::string> macs{"001565000001", "001565000002", "001565000003"};
  for (int i = 0; i < 200; ++i) {
    auto& m = macs[rng() % macs.size()];
    if (rng() % 2)
      f.ask(atom::provision_v, m, test_credentials(m), std::string{"p"});
    else
      f.ask(atom::remove_v, m, std::string{"r"}, std::string{"p"});
  }
  for (auto& m : macs) {
    auto live = view_of(f.ask(atom::get_v, m));
    auto log = f.store->read("default", "device/" + m);
    REQUIRE(log);
    auto folded =
        events::fold(events::versioned<events::device_aggregate>{}, *log);
    REQUIRE(folded);
    CHECK(folded->version == live.version);
    CHECK(events::to_json(folded->model) == events::to_json(live.model));
  }
}

TEST_CASE("bindings are stored when new or moved, not on refresh",
          "[device][registration]") {
  temp_dir dir;
  actor_fixture f{dir};
  view_of(f.ask(atom::provision_v, mac, test_credentials(mac),
                std::string{"admin:t"}));
  events::registration_binding b;
  b.contact = "sip:001565aabbcc@10.0.0.5:5060";
  b.transport = "udp";
  b.source = "10.0.0.5:5060";
  b.expires_at_ns = 1000;
  CHECK(view_of(f.ask(atom::bind_v, mac, b)).version == 2);
  b.expires_at_ns = 2000; // refresh
  CHECK(view_of(f.ask(atom::bind_v, mac, b)).version == 2);
  b.source = "10.0.0.6:5060"; // moved behind NAT
  auto moved = view_of(f.ask(atom::bind_v, mac, b));
  CHECK(moved.version == 3);
  REQUIRE(moved.model.bindings.size() == 1);
  CHECK(moved.model.bindings[0].source == "10.0.0.6:5060");
  auto gone = view_of(
      f.ask(atom::unbind_v, mac, b.contact, std::string{"unregistered"}));
  CHECK(gone.version == 4);
  CHECK(gone.model.bindings.empty());
  auto log = f.store->read("default", "device/" + mac);
  REQUIRE(log);
  CHECK((*log)[3].type == "registration_removed");
  CHECK((*log)[3].actor == "device:" + mac);
  CHECK(code_of(f.ask(atom::bind_v, std::string{"001565000099"}, b)) ==
        ec::not_found);
}

TEST_CASE("idle device actors are passivated and come back from the log",
          "[device][passivation]") {
  temp_dir dir;
  actor_fixture f{dir}; // idle_after = 0: every sweep passivates
  view_of(f.ask(atom::provision_v, mac, test_credentials(mac),
                std::string{"admin:t"}));
  auto live_before = f.sys.registry().running();
  // The fleet's sweep timer fires: the device actor is told to stop.
  f.sched.trigger_timeouts();
  f.run();
  CHECK(f.sys.registry().running() < live_before);
  auto v = view_of(f.ask(atom::get_v, mac));
  CHECK(v.version == 1);
  CHECK(v.model.lifecycle == events::device_lifecycle::provisioned);
}
