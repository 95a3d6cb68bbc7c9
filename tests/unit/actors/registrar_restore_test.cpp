#include "actors/registrar_restore.hpp"

#include "tests/unit/actors/actor_fixture.hpp"

using namespace passerelle;
using namespace passerelle::test;

namespace {

events::registration_binding
stored_binding(std::string contact, std::string transport, std::string source) {
  events::registration_binding b;
  b.contact = std::move(contact);
  b.transport = std::move(transport);
  b.source = std::move(source);
  b.connection = 42;
  b.expires_at_ns = 1'800'000'000'000'000'000;
  b.user_agent = "Yealink SIP-T46S";
  b.call_id = "abc@phone";
  return b;
}

} // namespace

TEST_CASE("a stored binding becomes a registrar binding without its "
          "connection",
          "[registrar][restore]") {
  auto b =
      from_event("001565aabbcc", stored_binding("<sip:x@[2001:db8::1]:5061>",
                                                "tls", "[2001:db8::1]:5061"));
  CHECK(b.aor == "001565aabbcc");
  CHECK(b.transport == sip::registrar::transport_protocol::tls);
  CHECK(b.source.ip == "2001:db8::1");
  CHECK(b.source.port == 5061);
  CHECK(b.connection_id == 0);
  CHECK(std::chrono::duration_cast<std::chrono::seconds>(
            b.expires_at.time_since_epoch())
            .count() == 1'800'000'000);
  CHECK(b.user_agent == "Yealink SIP-T46S");
  CHECK(b.call_id == "abc@phone");
}

TEST_CASE("the registrar index is rebuilt from the store: every provisioned "
          "device, with its bindings",
          "[registrar][restore]") {
  temp_dir dir;
  actor_fixture f{dir};
  std::string bound = "001565000001", idle = "001565000002",
              deleted = "001565000003", unbound = "001565000004";
  for (auto& mac : {bound, idle, deleted, unbound}) {
    auto v = f.ask(atom::provision_v, mac, test_credentials(mac),
                   std::string{"admin:t"});
    REQUIRE(std::holds_alternative<device_view>(v));
  }
  auto one = stored_binding("sip:a@10.0.0.5", "udp", "10.0.0.5:5060");
  auto two = stored_binding("sip:b@10.0.0.6", "tcp", "10.0.0.6:40000");
  REQUIRE(std::holds_alternative<device_view>(f.ask(atom::bind_v, bound, one)));
  REQUIRE(std::holds_alternative<device_view>(f.ask(atom::bind_v, bound, two)));
  REQUIRE(
      std::holds_alternative<device_view>(f.ask(atom::bind_v, deleted, one)));
  REQUIRE(std::holds_alternative<device_view>(f.ask(
      atom::remove_v, deleted, std::string{"gone"}, std::string{"admin:t"})));
  REQUIRE(
      std::holds_alternative<device_view>(f.ask(atom::bind_v, unbound, one)));
  REQUIRE(std::holds_alternative<device_view>(f.ask(
      atom::unbind_v, unbound, one.contact, std::string{"unregistered"})));

  registrar_core core{registrar_settings{}, nullptr};
  auto folded = fold_devices(*f.store, "default");
  REQUIRE(folded);
  CHECK(restore_registrations(core, *folded) == 1); // one has bindings
  REQUIRE(core.accounts.count(bound) == 1);
  // Known without bindings: their first REGISTER needs no lookup.
  REQUIRE(core.accounts.count(idle) == 1);
  CHECK(core.accounts[idle].bindings.empty());
  CHECK(core.accounts[idle].ha1.md5() == test_credentials(idle).ha1_md5);
  CHECK(core.accounts.count(deleted) == 0);
  REQUIRE(core.accounts.count(unbound) == 1);
  CHECK(core.accounts[unbound].bindings.empty());
  auto& entry = core.accounts[bound];
  CHECK(entry.exists);
  CHECK(entry.ha1.md5() == test_credentials(bound).ha1_md5);
  CHECK(entry.ha1.sha256() == test_credentials(bound).ha1_sha256);
  REQUIRE(entry.bindings.size() == 2);
  CHECK(entry.bindings[0].contact == "sip:a@10.0.0.5");
  CHECK(entry.bindings[1].transport == sip::registrar::transport_protocol::tcp);

  // Another tenant's devices are not this node's.
  registrar_core other{registrar_settings{}, nullptr};
  auto elsewhere = fold_devices(*f.store, "elsewhere");
  REQUIRE(elsewhere);
  CHECK(elsewhere->empty());
  CHECK(restore_registrations(other, *elsewhere) == 0);
}

namespace {

/// A registrar core kept current by the fixture's device actors, as the
/// gateway wires it.
struct learning {
  registrar_core core{registrar_settings{}, nullptr};
  device_listener listener =
      std::make_shared<const std::function<void(const events::device_model&)>>(
          [this](const events::device_model& m) { learn(core, m); });
};

} // namespace

TEST_CASE("device actors tell the registrar each account as it is stored",
          "[registrar][restore]") {
  temp_dir dir;
  learning l;
  actor_fixture f{dir, l.listener};
  std::string mac = "001565000011";
  REQUIRE(std::holds_alternative<device_view>(f.ask(
      atom::provision_v, mac, test_credentials(mac), std::string{"admin:t"})));
  REQUIRE(l.core.accounts.count(mac) == 1);
  auto first = l.core.accounts[mac].incarnation;
  CHECK(first != 0);
  CHECK(l.core.accounts[mac].ha1.sha256() == test_credentials(mac).ha1_sha256);

  SECTION("a binding the registrar holds survives a repeated provision") {
    l.core.accounts[mac].bindings.push_back(
        from_event(mac, stored_binding("sip:a@10.0.0.5", "udp", "x:1")));
    // Provisioned again: refused (it exists); the entry is untouched.
    REQUIRE(std::holds_alternative<failure>(f.ask(atom::provision_v, mac,
                                                  test_credentials(mac),
                                                  std::string{"admin:t"})));
    CHECK(l.core.accounts[mac].bindings.size() == 1);
    CHECK(l.core.accounts[mac].incarnation == first);
  }

  SECTION("an onboarding over HTTP is told too") {
    std::string phone_mac = "805ec0d57d72";
    events::phone_profile phone{"yealink", "T46S", "66.86.0.15", "10.0.0.9",
                                "fr",      "",     false};
    REQUIRE(std::holds_alternative<device_view>(
        f.ask(atom::onboard_v, phone_mac, phone, test_credentials(phone_mac),
              uint32_t{1})));
    REQUIRE(l.core.accounts.count(phone_mac) == 1);
    CHECK(l.core.accounts[phone_mac].ha1.md5() ==
          test_credentials(phone_mac).ha1_md5);
  }

  SECTION("a deletion forgets the account and voids lookups in flight") {
    auto epoch = l.core.epoch;
    REQUIRE(std::holds_alternative<device_view>(f.ask(
        atom::remove_v, mac, std::string{"gone"}, std::string{"admin:t"})));
    CHECK(l.core.accounts.count(mac) == 0);
    CHECK(l.core.epoch > epoch);

    // Provisioned again: the new credentials, as a new incarnation.
    auto fresh = test_credentials(mac);
    fresh.ha1_md5 = std::string(32, 'a');
    REQUIRE(std::holds_alternative<device_view>(
        f.ask(atom::provision_v, mac, fresh, std::string{"admin:t"})));
    REQUIRE(l.core.accounts.count(mac) == 1);
    CHECK(l.core.accounts[mac].ha1.md5() == fresh.ha1_md5);
    CHECK(l.core.accounts[mac].incarnation > first);
  }

  SECTION("new credentials under a kept entry start it over") {
    l.core.accounts[mac].bindings.push_back(
        from_event(mac, stored_binding("sip:a@10.0.0.5", "udp", "x:1")));
    auto model = std::get<device_view>(f.ask(atom::get_v, mac)).model;
    model.credentials.ha1_sha256 = std::string(64, 'b');
    learn(l.core, model);
    CHECK(l.core.accounts[mac].ha1.sha256() == std::string(64, 'b'));
    CHECK(l.core.accounts[mac].bindings.empty()); // the stored ones: none
    CHECK(l.core.accounts[mac].incarnation > first);
  }
}
