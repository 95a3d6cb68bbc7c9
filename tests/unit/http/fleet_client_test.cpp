#include "http/fleet_client.hpp"

#include "actors/errors.hpp"
#include "tests/support/caf_test_config.hpp"

#include <caf/response_promise.hpp>
#include <catch2/catch.hpp>

#include <memory>
#include <vector>

using namespace passerelle;
using namespace passerelle::http;

namespace {

using namespace std::chrono_literals;

using config = test::caf_test_config;

/// A fleet that answers `get` with the MAC, refuses `remove`, holds every
/// `onboard` until told (`tick`) and answers nothing else.
struct fake_fleet_state {
  std::string name;
  std::vector<caf::typed_response_promise<device_view>> held;
};

device_view view_of(const std::string& mac) {
  device_view v;
  v.model.mac = mac;
  v.version = 1;
  return v;
}

/// `name` only gives the spawn an argument: CAF 0.17 binds a reference to
/// a null tuple for an actor spawned without any (UBSan reports it).
fleet_actor::behavior_type
fake_fleet(fleet_actor::stateful_pointer<fake_fleet_state> self,
           const std::string& name) {
  self->state.name = name;
  auto held = [self]() -> caf::result<device_view> {
    auto promise = self->make_response_promise<device_view>();
    self->state.held.push_back(promise);
    return promise;
  };
  return {
      [held](atom::provision, const std::string&, events::sip_credentials&,
             std::string&) { return held(); },
      [](atom::remove, const std::string&, std::string&,
         std::string&) -> caf::result<device_view> {
        return make_error(failure{ec::not_found, "no such device"});
      },
      [](atom::get, const std::string& mac) -> caf::result<device_view> {
        return view_of(mac);
      },
      [held](atom::bind, const std::string&, events::registration_binding&) {
        return held();
      },
      [held](atom::unbind, const std::string&, std::string&, std::string&) {
        return held();
      },
      [held](atom::onboard, const std::string&, events::phone_profile&,
             events::sip_credentials&, uint32_t) { return held(); },
      [held](atom::outcome, const std::string&, events::command_outcome&,
             std::string&) { return held(); },
      [self](atom::tick) {
        for (auto& promise : self->state.held)
          promise.deliver(view_of("late"));
        self->state.held.clear();
      },
  };
}

std::string mac_of(const fleet_answer& x) {
  REQUIRE(std::holds_alternative<device_view>(x));
  return std::get<device_view>(x).model.mac;
}

} // namespace

TEST_CASE("a thread asks the fleet through one reused actor", "[http][fleet]") {
  config cfg;
  caf::actor_system sys{cfg};
  auto fleet = sys.spawn(fake_fleet, std::string{"fake fleet"});
  auto first = thread_requester(sys)->address();
  CHECK(mac_of(ask_fleet(sys, fleet, 5s, atom::get_v, "805ec0000001")) ==
        "805ec0000001");
  CHECK(mac_of(ask_fleet(sys, fleet, 5s, atom::get_v, "805ec0000002")) ==
        "805ec0000002");
  CHECK(thread_requester(sys)->address() == first);
  auto refused = ask_fleet(sys, fleet, 5s, atom::remove_v, "805ec0000001",
                           std::string{"r"}, std::string{"c"});
  REQUIRE(std::holds_alternative<failure>(refused));
  CHECK(std::get<failure>(refused).code == ec::not_found);
  drop_thread_requester();
  caf::anon_send_exit(fleet, caf::exit_reason::user_shutdown);
}

TEST_CASE("a fleet that does not answer times out, and its late answer is "
          "not taken for the next one",
          "[http][fleet]") {
  config cfg;
  caf::actor_system sys{cfg};
  auto fleet = sys.spawn(fake_fleet, std::string{"fake fleet"});
  auto before = thread_requester(sys)->address();
  auto silent = ask_fleet(sys, fleet, 50ms, atom::onboard_v, "805ec0000001",
                          events::phone_profile{}, events::sip_credentials{},
                          uint32_t{1});
  REQUIRE(std::holds_alternative<failure>(silent));
  CHECK(std::get<failure>(silent).code == ec::timeout);
  caf::anon_send(fleet, atom::tick_v); // the late answer
  CHECK(mac_of(ask_fleet(sys, fleet, 5s, atom::get_v, "805ec0000003")) ==
        "805ec0000003");
  CHECK(thread_requester(sys)->address() != before);
  drop_thread_requester();
  caf::anon_send_exit(fleet, caf::exit_reason::user_shutdown);
}
