// Onboarding spawns a device actor that guesses its stream is new and
// skips reading it (event_sourced.hpp, `assume_new`): these check that a
// wrong guess never shows, whatever the stream holds.
#include "actors/device_actor.hpp"

#include "tests/unit/actors/actor_fixture.hpp"

using namespace passerelle;
using namespace passerelle::test;

namespace {

const std::string mac = "805ec0d57d72";

const events::phone_profile phone{"yealink", "T46S", "66.86.0.15", "10.0.0.9",
                                  "fr",      "",     false};

std::variant<device_view, failure>
onboard(actor_fixture& f, const events::phone_profile& p, uint32_t generation) {
  return f.ask(atom::onboard_v, mac, p, test_credentials(mac), generation);
}

std::vector<std::string> types_in_log(actor_fixture& f) {
  auto log = f.store->read("default", "device/" + mac);
  REQUIRE(log);
  std::vector<std::string> out;
  for (auto& x : *log)
    out.push_back(x.type);
  return out;
}

/// Leaves a provisioned, then deleted device in the store under `dir`.
void delete_device_in(const temp_dir& dir) {
  actor_fixture f{dir};
  view_of(f.ask(atom::provision_v, mac, test_credentials(mac),
                std::string{"admin:t"}));
  view_of(
      f.ask(atom::remove_v, mac, std::string{"gone"}, std::string{"admin:t"}));
}

uint64_t conflicts(actor_fixture& f) {
  return f.store->metrics().conflicts.load();
}

} // namespace

TEST_CASE("a new phone's first onboarding stores its two events",
          "[device][onboarding]") {
  temp_dir dir;
  actor_fixture f{dir};
  auto v = view_of(onboard(f, phone, 1));
  CHECK(v.version == 2);
  CHECK(v.model.onboarded);
  CHECK(v.model.credential_generation == 1);
  CHECK(types_in_log(f) ==
        std::vector<std::string>{"device_provisioned", "device_onboarded"});
  CHECK(conflicts(f) == 0);
  // The same actor, now sure of its state, answers from it.
  CHECK(view_of(f.ask(atom::get_v, mac)).version == 2);
}

TEST_CASE("a known phone onboarding after a restart is found, not recreated",
          "[device][onboarding]") {
  temp_dir dir;
  {
    actor_fixture f{dir};
    view_of(onboard(f, phone, 1));
  }
  actor_fixture f{dir}; // no live actor: the fleet guesses "new"
  auto v = view_of(onboard(f, phone, 1));
  CHECK(v.version == 2);
  CHECK(v.model.phone.firmware == "66.86.0.15");
  CHECK(types_in_log(f).size() == 2);
  // Finding out is not a write conflict.
  CHECK(conflicts(f) == 0);
}

TEST_CASE("a known phone with new firmware gets one event after the guess",
          "[device][onboarding]") {
  temp_dir dir;
  {
    actor_fixture f{dir};
    view_of(onboard(f, phone, 1));
  }
  actor_fixture f{dir};
  auto upgraded = phone;
  upgraded.firmware = "66.86.0.20";
  auto v = view_of(onboard(f, upgraded, 1));
  CHECK(v.version == 3);
  CHECK(v.model.phone.firmware == "66.86.0.20");
  CHECK(types_in_log(f) == std::vector<std::string>{"device_provisioned",
                                                    "device_onboarded",
                                                    "device_onboarded"});
}

TEST_CASE("a deleted phone's stale generation is refused on its real state",
          "[device][onboarding]") {
  temp_dir dir;
  delete_device_in(dir);
  actor_fixture f{dir};
  // On the empty fold generation 1 would do; on the log it is taken.
  auto stale = onboard(f, phone, 1);
  REQUIRE(std::holds_alternative<failure>(stale));
  CHECK(std::get<failure>(stale).code == ec::conflict);
  CHECK(types_in_log(f).size() == 2);
  // And the actor now knows the device: the next generation is taken.
  auto v = view_of(onboard(f, phone, 2));
  CHECK(v.model.credential_generation == 2);
  CHECK(v.version == 4);
}

TEST_CASE("a command the empty fold refuses is decided on the real state",
          "[device][onboarding]") {
  temp_dir dir;
  delete_device_in(dir);
  actor_fixture f{dir};
  // Generation 2 is wrong for a new device, right for this one: the guess
  // must not answer.
  auto v = view_of(onboard(f, phone, 2));
  CHECK(v.model.credential_generation == 2);
  CHECK(v.version == 4);
}
