#include "actors/registrar_core.hpp"
#include "actors/registrar_restore.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <set>
#include <utility>

using namespace passerelle;
using namespace std::chrono_literals;
using sip::registrar::time_point;

namespace {

const time_point t0{std::chrono::seconds{1'800'000'000}};

events::registration_binding binding(std::string contact, time_point expires) {
  events::registration_binding b;
  b.contact = std::move(contact);
  b.transport = "udp";
  b.source = "10.0.0.5:5060";
  b.expires_at_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                        expires.time_since_epoch())
                        .count();
  return b;
}

events::device_model device(std::string mac,
                            std::vector<events::registration_binding> bindings,
                            char ha1 = 'a') {
  events::device_model m;
  m.mac = std::move(mac);
  m.lifecycle = events::device_lifecycle::provisioned;
  m.credentials.ha1_md5 = std::string(32, ha1); // hex, as stored
  m.credentials.ha1_sha256 = std::string(64, ha1);
  m.bindings = std::move(bindings);
  return m;
}

using expired = std::set<std::pair<std::string, std::string>>;

expired sweep_at(registrar_core& core, time_point now) {
  expired out;
  for (auto& [user, b] : sweep(core, now))
    out.emplace(user, b.contact);
  return out;
}

// snprintf: GCC 12 warns (-Wrestrict) on "literal" + std::to_string here.
std::string numbered(const char* prefix, int i) {
  char out[32];
  std::snprintf(out, sizeof out, "%s%d", prefix, i);
  return out;
}

/// What the gauges must say: a walk over every account.
size_t walked_bindings(registrar_core& core) {
  size_t n = 0;
  for (auto& [user, account] : core.accounts)
    n += account.bindings.size();
  return n;
}

} // namespace

TEST_CASE("the sweep returns each binding once, when it expires",
          "[registrar][expiry]") {
  registrar_core core{registrar_settings{}, nullptr};
  learn(core, device("a", {binding("sip:a1@x", t0 + 10s),
                           binding("sip:a2@x", t0 + 30s)}));
  learn(core, device("b", {binding("sip:b@x", t0 + 20s)}));
  learn(core, device("c", {})); // provisioned, never registered
  learn(core, device("d", {binding("sip:d@x", t0 - 5s)})); // lapsed at start
  CHECK(gauges(core).bindings == 4);
  CHECK(gauges(core).expiry_entries == 3);
  CHECK(sweep_at(core, t0) == expired{{"d", "sip:d@x"}});
  CHECK(sweep_at(core, t0 + 9s).empty());
  CHECK(sweep_at(core, t0 + 20s) ==
        expired{{"a", "sip:a1@x"}, {"b", "sip:b@x"}});
  CHECK(sweep_at(core, t0 + 29s).empty());
  CHECK(sweep_at(core, t0 + 31s) == expired{{"a", "sip:a2@x"}});
  CHECK(sweep_at(core, t0 + 1h).empty());
  CHECK(gauges(core).bindings == 0);
  CHECK(walked_bindings(core) == 0);
  CHECK(gauges(core).expiry_entries == 0);
}

TEST_CASE("a refreshed binding is not swept at its old expiry, and refreshes "
          "add no schedule entries",
          "[registrar][expiry]") {
  registrar_core core{registrar_settings{}, nullptr};
  constexpr int accounts = 1000;
  for (int i = 0; i < accounts; ++i)
    learn(core,
          device(numbered("m", i), {binding(numbered("sip:x@", i), t0 + 60s)}));
  // Ten refreshes of every account, each moving its expiry later.
  for (int r = 1; r <= 10; ++r)
    for (auto& [user, account] : core.accounts) {
      auto bindings = account.bindings;
      bindings.front().expires_at = t0 + 60s + r * 30s;
      set_bindings(core, user, account, std::move(bindings));
    }
  CHECK(gauges(core).expiry_entries == accounts);
  CHECK(sweep_at(core, t0 + 60s).empty()); // due, refreshed: queued again
  CHECK(gauges(core).expiry_entries == accounts);
  CHECK(sweep_at(core, t0 + 359s).empty());
  CHECK(sweep_at(core, t0 + 360s).size() == accounts);
  CHECK(gauges(core).bindings == 0);
}

TEST_CASE("a forgotten or replaced account leaves no expiry behind",
          "[registrar][expiry]") {
  registrar_core core{registrar_settings{}, nullptr};
  learn(core, device("gone", {binding("sip:g@x", t0 + 10s)}));
  learn(core, device("new-creds", {binding("sip:old@x", t0 + 10s)}, '1'));
  learn(core, device("kept", {binding("sip:k@x", t0 + 10s)}));
  forget(core, "gone");
  // New credentials: the device starts over with what it now stores.
  learn(core, device("new-creds", {binding("sip:new@x", t0 + 40s)}, '2'));
  CHECK(gauges(core).bindings == 2);
  CHECK(walked_bindings(core) == 2);
  CHECK(sweep_at(core, t0 + 10s) == expired{{"kept", "sip:k@x"}});
  CHECK(sweep_at(core, t0 + 40s) == expired{{"new-creds", "sip:new@x"}});
  // Provisioned again after the deletion: its old entry does not fire.
  learn(core, device("gone", {binding("sip:g2@x", t0 + 50s)}));
  CHECK(sweep_at(core, t0 + 45s).empty());
  CHECK(sweep_at(core, t0 + 50s) == expired{{"gone", "sip:g2@x"}});
  CHECK(gauges(core).bindings == 0);
}

TEST_CASE("a shorter new binding is swept at its own expiry",
          "[registrar][expiry]") {
  registrar_core core{registrar_settings{}, nullptr};
  learn(core, device("a", {binding("sip:long@x", t0 + 3600s)}));
  auto& account = core.accounts.at("a");
  auto bindings = account.bindings;
  auto shorter = from_event("a", binding("sip:short@x", t0 + 60s));
  bindings.push_back(shorter);
  set_bindings(core, "a", account, std::move(bindings));
  CHECK(sweep_at(core, t0 + 60s) == expired{{"a", "sip:short@x"}});
  CHECK(gauges(core).bindings == 1);
  CHECK(sweep_at(core, t0 + 3600s) == expired{{"a", "sip:long@x"}});
}
