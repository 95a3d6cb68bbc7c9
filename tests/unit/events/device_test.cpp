#include "events/device.hpp"

#include "events/aggregate.hpp"
#include "events/registry.hpp"

#include <catch2/catch.hpp>

using namespace passerelle;
using namespace passerelle::events;

namespace {

sip_credentials creds() {
  return {"001565aabbcc", "passerelle", std::string(32, 'a'),
          std::string(64, 'b')};
}

/// Wraps events as the store would, for fold tests.
std::vector<envelope> stored(const std::vector<device_event>& evs) {
  std::vector<envelope> out;
  uint64_t seq = 0;
  for (auto& ev : evs) {
    auto ne = device_aggregate::encode(ev, "test");
    envelope x;
    x.stream = "device/001565aabbcc";
    x.seq = ++seq;
    x.type = ne.type;
    x.schema = ne.schema;
    x.payload = ne.payload;
    out.push_back(x);
  }
  return out;
}

} // namespace

TEST_CASE("MACs normalise to 12 lowercase hex digits", "[device]") {
  CHECK(normalize_mac("00:15:65:AA:BB:CC") == "001565aabbcc");
  CHECK(normalize_mac("0015.65aa.bbcc") == "001565aabbcc");
  CHECK(normalize_mac("001565aabbcc") == "001565aabbcc");
  CHECK_FALSE(normalize_mac("001565aabbc"));
  CHECK_FALSE(normalize_mac("001565aabbccd"));
  CHECK_FALSE(normalize_mac("00156zaabbcc"));
  CHECK_FALSE(normalize_mac(""));
}

TEST_CASE("provisioning a new device yields device_provisioned", "[device]") {
  auto out = decide(device_model{}, provision_device{"001565aabbcc", creds()});
  REQUIRE(out);
  REQUIRE(out->size() == 1);
  auto model = events::apply(device_model{}, out->front());
  CHECK(model.lifecycle == device_lifecycle::provisioned);
  CHECK(model.mac == "001565aabbcc");
  CHECK(model.credentials.ha1_sha256 == std::string(64, 'b'));
}

TEST_CASE("decide refuses what the state does not allow", "[device]") {
  device_model existing;
  existing.lifecycle = device_lifecycle::provisioned;
  auto twice = decide(existing, provision_device{"001565aabbcc", creds()});
  REQUIRE_FALSE(twice);
  CHECK(twice.error().code == ec::already_exists);
  auto missing = decide(device_model{}, delete_device{"gone"});
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == ec::not_found);
  auto bad = decide(device_model{}, provision_device{"00:15", creds()});
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == ec::invalid_argument);
}

TEST_CASE("a deleted device can be provisioned again", "[device]") {
  auto state = fold(versioned<device_aggregate>{},
                    stored({device_provisioned{"001565aabbcc", creds()},
                            device_deleted{"replaced"}}));
  REQUIRE(state);
  CHECK(state->version == 2);
  CHECK(state->model.lifecycle == device_lifecycle::deleted);
  CHECK(state->model.credentials.ha1_md5.empty());
  CHECK(decide(state->model, provision_device{"001565aabbcc", creds()}));
}

TEST_CASE("events and snapshots round-trip through CBOR", "[device]") {
  device_event ev = device_provisioned{"001565aabbcc", creds()};
  auto evs = stored({ev});
  auto back = device_aggregate::decode(evs[0]);
  REQUIRE(back);
  auto& p = std::get<device_provisioned>(*back);
  CHECK(p.credentials.ha1_md5 == creds().ha1_md5);
  auto model = events::apply(device_model{}, ev);
  auto restored = device_aggregate::restore(device_aggregate::snapshot(model));
  REQUIRE(restored);
  CHECK(restored->mac == model.mac);
  CHECK(restored->lifecycle == model.lifecycle);
  CHECK(restored->credentials.username == model.credentials.username);
}

TEST_CASE("unknown types, schemas and garbage are refused", "[device]") {
  auto evs = stored({device_deleted{"x"}});
  auto unknown = evs[0];
  unknown.type = "device_teleported";
  CHECK_FALSE(device_aggregate::decode(unknown));
  auto future = evs[0];
  future.schema = 99;
  CHECK_FALSE(device_aggregate::decode(future));
  auto garbage = evs[0];
  garbage.payload = {0xff, 0x00};
  CHECK_FALSE(device_aggregate::decode(garbage));
  auto wrong_shape = evs[0];
  wrong_shape.payload = nlohmann::json::to_cbor({{"reason", 5}});
  CHECK_FALSE(device_aggregate::decode(wrong_shape));
  CHECK_FALSE(device_aggregate::restore({0x01}));
}

TEST_CASE("fold refuses gaps; snapshot + tail equals the full fold",
          "[device]") {
  auto evs =
      stored({device_provisioned{"001565aabbcc", creds()}, device_deleted{"a"},
              device_provisioned{"001565aabbcc", creds()}});
  auto gap = evs;
  gap.erase(gap.begin() + 1);
  CHECK_FALSE(fold(versioned<device_aggregate>{}, gap));
  auto full = fold(versioned<device_aggregate>{}, evs);
  REQUIRE(full);
  auto head = fold(versioned<device_aggregate>{}, {evs[0], evs[1]});
  REQUIRE(head);
  auto snap = std::make_optional(
      std::make_pair(head->version, device_aggregate::snapshot(head->model)));
  auto recovered = recover<device_aggregate>(snap, evs);
  REQUIRE(recovered);
  CHECK(recovered->version == full->version);
  CHECK(to_json(recovered->model) == to_json(full->model));
  auto j = rebuild("device/001565aabbcc", evs);
  REQUIRE(j);
  CHECK((*j)["lifecycle"] == "provisioned");
  CHECK((*j)["version"] == 3);
  CHECK_FALSE(rebuild("unknown/x", evs));
}

namespace {

registration_binding binding(std::string contact, std::string source,
                             int64_t expires) {
  registration_binding b;
  b.contact = std::move(contact);
  b.transport = "udp";
  b.source = std::move(source);
  b.expires_at_ns = expires;
  b.user_agent = "Yealink SIP-T46S 66.86.0.15";
  b.call_id = "c1";
  return b;
}

device_model provisioned() {
  return events::apply(device_model{},
                       device_provisioned{"001565aabbcc", creds()});
}

} // namespace

TEST_CASE("a new or moved binding is an event, a refresh is not",
          "[device][registration]") {
  auto model = provisioned();
  auto b = binding("sip:a@10.0.0.5:5060", "10.0.0.5:5060", 100);
  auto first = decide(model, bind_registration{b});
  REQUIRE(first);
  REQUIRE(first->size() == 1);
  model = events::apply(model, first->front());
  REQUIRE(model.bindings.size() == 1);
  auto refresh = b;
  refresh.expires_at_ns = 200;
  auto again = decide(model, bind_registration{refresh});
  REQUIRE(again);
  CHECK(again->empty());
  auto moved = b;
  moved.source = "10.0.0.6:5060";
  auto change = decide(model, bind_registration{moved});
  REQUIRE(change);
  REQUIRE(change->size() == 1);
  model = events::apply(model, change->front());
  REQUIRE(model.bindings.size() == 1);
  CHECK(model.bindings[0].source == "10.0.0.6:5060");
}

TEST_CASE("bindings are removed, expired, and cleared on delete",
          "[device][registration]") {
  auto model = provisioned();
  model =
      events::apply(model, registration_bound{binding("sip:a@x", "x:1", 100)});
  model =
      events::apply(model, registration_bound{binding("sip:b@y", "y:1", 300)});
  auto expired = decide(model, expire_registrations{200});
  REQUIRE(expired);
  REQUIRE(expired->size() == 1);
  CHECK(std::get<registration_removed>(expired->front()).contact == "sip:a@x");
  model = events::apply(model, expired->front());
  CHECK(model.bindings.size() == 1);
  auto gone = decide(model, remove_registration{"sip:nope", "unregistered"});
  REQUIRE(gone);
  CHECK(gone->empty());
  CHECK_FALSE(
      decide(device_model{}, bind_registration{binding("sip:a@x", "x:1", 1)}));
  model = events::apply(model, device_deleted{"gone"});
  CHECK(model.bindings.empty());
}

TEST_CASE("registration events and snapshots round-trip",
          "[device][registration]") {
  auto b = binding("sip:a@10.0.0.5:5060;transport=tcp", "10.0.0.5:4000", 7);
  b.connection = 42;
  auto evs =
      stored({device_provisioned{"001565aabbcc", creds()},
              registration_bound{b}, registration_removed{"sip:x", "expired"}});
  auto folded = fold(versioned<device_aggregate>{}, evs);
  REQUIRE(folded);
  REQUIRE(folded->model.bindings.size() == 1);
  CHECK(folded->model.bindings[0].connection == 42);
  auto restored =
      device_aggregate::restore(device_aggregate::snapshot(folded->model));
  REQUIRE(restored);
  REQUIRE(restored->bindings.size() == 1);
  CHECK(restored->bindings[0].contact == b.contact);
  CHECK(restored->bindings[0].expires_at_ns == 7);
  auto bad = evs[1];
  bad.payload = nlohmann::json::to_cbor({{"binding", {{"connection", "x"}}}});
  CHECK_FALSE(device_aggregate::decode(bad));
}

TEST_CASE("onboarding provisions a new device once and records the phone",
          "[device][onboarding]") {
  phone_profile phone{"yealink", "T46S", "66.86.0.15", "10.0.0.9",
                      "fr",      "",     false};
  auto first =
      decide(device_model{}, onboard_device{"001565aabbcc", phone, creds(), 1});
  REQUIRE(first);
  REQUIRE(first->size() == 2);
  auto model = device_model{};
  for (auto& ev : *first)
    model = events::apply(model, ev);
  CHECK(model.lifecycle == device_lifecycle::provisioned);
  CHECK(model.onboarded);
  CHECK(model.credential_generation == 1);
  CHECK(model.phone.language == "fr");
  auto again = decide(model, onboard_device{"001565aabbcc", phone, creds(), 1});
  REQUIRE(again);
  CHECK(again->empty());
  phone.firmware = "66.86.0.20";
  auto upgraded =
      decide(model, onboard_device{"001565aabbcc", phone, creds(), 1});
  REQUIRE(upgraded);
  REQUIRE(upgraded->size() == 1);
  auto evs = stored(*first);
  auto folded = fold(versioned<device_aggregate>{}, evs);
  REQUIRE(folded);
  CHECK(folded->model.phone.model == "T46S");
  auto restored =
      device_aggregate::restore(device_aggregate::snapshot(folded->model));
  REQUIRE(restored);
  CHECK(restored->onboarded);
  CHECK(restored->credential_generation == 1);
  CHECK(restored->phone.vendor == "yealink");
}

TEST_CASE("onboarding refuses credentials of another than the next generation",
          "[device][onboarding]") {
  phone_profile phone{"yealink", "T46S", "66.86.0.15", "10.0.0.9",
                      "",        "",     false};
  auto model = device_model{};
  auto created = decide(model, provision_device{"001565aabbcc", creds(), 1});
  REQUIRE(created);
  for (auto& ev : *created)
    model = events::apply(model, ev);
  auto deleted = decide(model, delete_device{"gone"});
  REQUIRE(deleted);
  for (auto& ev : *deleted)
    model = events::apply(model, ev);
  // Generation 1's password belongs to the deleted device.
  auto stale = decide(model, onboard_device{"001565aabbcc", phone, creds(), 1});
  REQUIRE_FALSE(stale);
  CHECK(stale.error().code == ec::conflict);
  auto next = decide(model, onboard_device{"001565aabbcc", phone, creds(), 2});
  REQUIRE(next);
  CHECK(next->size() == 2);
  CHECK_FALSE(decide(device_model{},
                     onboard_device{"001565aabbcc", phone, creds(), 2}));
  // A provisioned device keeps its credentials: the generation is moot.
  for (auto& ev : *next)
    model = events::apply(model, ev);
  CHECK(decide(model, onboard_device{"001565aabbcc", phone, creds(), 7}));
}
