#include "http/onboarding_bridge.hpp"

#include "actors/errors.hpp"
#include "http/api_errors.hpp"
#include "http/credentials.hpp"
#include "tests/support/caf_test_config.hpp"

#include <caf/send.hpp>
#include <caf/typed_response_promise.hpp>
#include <catch2/catch.hpp>

#include <atomic>
#include <future>
#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

using namespace passerelle;
using namespace passerelle::http;

namespace {

using namespace std::chrono_literals;

using config = test::caf_test_config;

const onboarding_settings settings{"s3cret", "passerelle.local"};

/// What the fake fleet saw, for the test thread.
struct fleet_log {
  std::atomic<int> onboards{0};
  /// Set when the fleet first holds an answer back.
  std::promise<void> holding;
  bool held_once = false;
};

/// A fleet of devices in memory, onboarding as the real one does: a new
/// device gets the proposed generation, a deleted one refuses any but a
/// later one, an existing one keeps its own. MACs starting "b" fail;
/// those starting "5" are held until `tick`.
struct fake_fleet_state {
  std::unordered_map<std::string, device_view> devices;
  std::vector<std::pair<std::string, caf::typed_response_promise<device_view>>>
      held;
  std::shared_ptr<fleet_log> log;
};

using fake_fleet_pointer = fleet_actor::stateful_pointer<fake_fleet_state>;

caf::result<device_view> refused() {
  return make_error(failure{ec::invalid_argument, "not in this test"});
}

caf::result<device_view> onboard_device(fake_fleet_pointer self,
                                        const std::string& mac,
                                        events::phone_profile& phone,
                                        events::sip_credentials& creds,
                                        uint32_t generation) {
  auto& st = self->state;
  ++st.log->onboards;
  if (mac.starts_with("b"))
    return make_error(failure{ec::storage_failure, "disk full"});
  auto& v = st.devices[mac];
  auto& m = v.model;
  if (m.lifecycle == events::device_lifecycle::deleted &&
      generation <= m.credential_generation)
    return make_error(failure{ec::conflict, "deleted"});
  if (m.lifecycle != events::device_lifecycle::provisioned) {
    m.lifecycle = events::device_lifecycle::provisioned;
    m.credential_generation = generation;
    m.credentials = creds;
  }
  m.mac = mac;
  m.onboarded = true;
  m.phone = phone;
  ++v.version;
  if (!mac.starts_with("5"))
    return v;
  auto promise = self->make_response_promise<device_view>();
  st.held.emplace_back(mac, promise);
  if (!st.log->held_once) {
    st.log->held_once = true;
    st.log->holding.set_value();
  }
  return promise;
}

fleet_actor::behavior_type
fake_fleet(fake_fleet_pointer self,
           std::unordered_map<std::string, device_view> devices,
           std::shared_ptr<fleet_log> log) {
  self->state.devices = std::move(devices);
  self->state.log = std::move(log);
  return {
      [](atom::provision, const std::string&, events::sip_credentials&,
         std::string&) { return refused(); },
      [](atom::remove, const std::string&, std::string&, std::string&) {
        return refused();
      },
      [self](atom::get, const std::string& mac) -> caf::result<device_view> {
        auto i = self->state.devices.find(mac);
        if (i == self->state.devices.end())
          return make_error(failure{ec::not_found, "no such device"});
        return i->second;
      },
      [](atom::bind, const std::string&, events::registration_binding&) {
        return refused();
      },
      [](atom::unbind, const std::string&, std::string&, std::string&) {
        return refused();
      },
      [self](atom::onboard, const std::string& mac,
             events::phone_profile& phone, events::sip_credentials& creds,
             uint32_t generation) {
        return onboard_device(self, mac, phone, creds, generation);
      },
      [](atom::outcome, const std::string&, events::command_outcome&,
         std::string&) { return refused(); },
      [self](atom::tick) {
        for (auto& [mac, promise] : self->state.held)
          promise.deliver(self->state.devices[mac]);
        self->state.held.clear();
      },
  };
}

events::phone_profile t46s() {
  return {"yealink", "T46S", "66.86.0.15", "10.0.0.9", "fr", "", false};
}

device_view stored(const std::string& mac, events::device_lifecycle lifecycle,
                   uint32_t generation) {
  device_view v;
  v.model.mac = mac;
  v.model.lifecycle = lifecycle;
  v.model.credential_generation = generation;
  v.version = 3;
  return v;
}

/// A fleet, a cache and a bridge between them.
struct fixture {
  explicit fixture(std::unordered_map<std::string, device_view> devices = {})
      : sys(cfg),
        log(std::make_shared<fleet_log>()),
        cache(std::make_shared<onboarding_cache>()),
        fleet(sys.spawn(fake_fleet, std::move(devices), log)),
        bridge(sys.spawn(onboarding_bridge, fleet, cache, settings)) {
    // nop
  }

  ~fixture() {
    caf::anon_send_exit(bridge, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(fleet, caf::exit_reason::user_shutdown);
  }

  /// Hands the bridge a job; the future has its outcome.
  std::future<onboarding_outcome> start(const std::string& mac) {
    auto done = std::make_shared<std::promise<onboarding_outcome>>();
    auto out = done->get_future();
    onboard(bridge, mac, t46s(),
            [done](onboarding_outcome x) { done->set_value(std::move(x)); });
    return out;
  }

  config cfg;
  caf::actor_system sys;
  std::shared_ptr<fleet_log> log;
  std::shared_ptr<onboarding_cache> cache;
  fleet_actor fleet;
  onboarding_bridge_actor bridge;
};

onboarding_outcome outcome_of(std::future<onboarding_outcome> f) {
  REQUIRE(f.wait_for(10s) == std::future_status::ready);
  return f.get();
}

std::string password_of(onboarding_outcome x) {
  if (auto* f = std::get_if<failure>(&x))
    FAIL("onboarding failed: " << f->message);
  return std::get<std::string>(x);
}

failure failure_of(onboarding_outcome x) {
  REQUIRE(std::holds_alternative<failure>(x));
  return std::get<failure>(x);
}

const std::string mac = "805ec0d57d72";

} // namespace

TEST_CASE("a new phone gets generation 1, remembered for its next fetch",
          "[http][bridge]") {
  fixture f;
  auto password = password_of(outcome_of(f.start(mac)));
  CHECK(password == derive_password(settings.credential_secret, mac, 1));
  CHECK(f.cache->password_for(mac, t46s()) == password);
  CHECK(f.log->onboards == 1);
}

TEST_CASE("a deleted device is proposed its next generation",
          "[http][bridge]") {
  fixture f{{{mac, stored(mac, events::device_lifecycle::deleted, 3)}}};
  auto password = password_of(outcome_of(f.start(mac)));
  CHECK(password == derive_password(settings.credential_secret, mac, 4));
  CHECK(f.log->onboards == 2);
  CHECK(f.cache->password_for(mac, t46s()) == password);
}

TEST_CASE("an existing device keeps its generation", "[http][bridge]") {
  fixture f{{{mac, stored(mac, events::device_lifecycle::provisioned, 2)}}};
  auto password = password_of(outcome_of(f.start(mac)));
  CHECK(password == derive_password(settings.credential_secret, mac, 2));
}

TEST_CASE("many jobs at once each get their own device's password",
          "[http][bridge]") {
  fixture f;
  std::vector<std::future<onboarding_outcome>> pending;
  for (int i = 0; i < 200; ++i)
    pending.push_back(f.start("805ec0" + std::to_string(100000 + i)));
  for (int i = 0; i < 200; ++i) {
    auto m = "805ec0" + std::to_string(100000 + i);
    CHECK(password_of(outcome_of(std::move(pending[i]))) ==
          derive_password(settings.credential_secret, m, 1));
  }
  CHECK(f.log->onboards == 200);
  CHECK(f.cache->size() == 200);
}

TEST_CASE("a fleet error is the job's failure, and nothing is remembered",
          "[http][bridge]") {
  fixture f;
  auto why = failure_of(outcome_of(f.start("b05ec0d57d72")));
  CHECK(why.code == ec::storage_failure);
  CHECK(status_of(why.code) == 500);
  CHECK(f.cache->size() == 0);
}

TEST_CASE("an answer asked for before a device change is not remembered",
          "[http][bridge]") {
  fixture f;
  auto held = "505ec0d57d72";
  auto job = f.start(held);
  REQUIRE(f.log->holding.get_future().wait_for(10s) ==
          std::future_status::ready);
  f.cache->device_changed(); // say, an admin DELETE ended meanwhile
  caf::anon_send(f.fleet, atom::tick_v);
  auto password = password_of(outcome_of(std::move(job)));
  CHECK(password == derive_password(settings.credential_secret, held, 1));
  CHECK_FALSE(f.cache->password_for(held, t46s()));
}

TEST_CASE("jobs outstanding when the bridge stops complete with a 503",
          "[http][bridge]") {
  fixture f;
  auto job = f.start("505ec0d57d72");
  REQUIRE(f.log->holding.get_future().wait_for(10s) ==
          std::future_status::ready);
  caf::anon_send_exit(f.bridge, caf::exit_reason::user_shutdown);
  auto why = failure_of(outcome_of(std::move(job)));
  CHECK(status_of(why.code) == 503);
  // And one sent to the stopped bridge, at once.
  why = failure_of(outcome_of(f.start(mac)));
  CHECK(status_of(why.code) == 503);
}
