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
