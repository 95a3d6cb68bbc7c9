#include "sip/registrar/process.hpp"

#include "tests/unit/sip_registrar/register_text.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace std::chrono_literals;
using namespace passerelle::sip::registrar;
using passerelle::sip::registrar::test::register_text;

namespace {

const time_point t0 = time_point{1'700'000'000s};

/// Registers `t` on top of `current` and requires a 200.
register_decision accept(const binding_set& current, const register_text& t,
                         time_point now = t0,
                         const registrar_policy& policy = {}) {
  auto d = process_register(current, t.request(), now, policy);
  REQUIRE(d.status == 200);
  return d;
}

std::vector<change_kind> kinds(const register_decision& d) {
  std::vector<change_kind> out;
  for (const auto& c : d.changes)
    out.push_back(c.kind);
  return out;
}

register_text with_contact(std::string contact, std::uint32_t cseq = 1) {
  register_text t;
  t.contacts = {std::move(contact)};
  t.cseq = cseq;
  return t;
}

} // namespace

TEST_CASE("a new contact is added", "[sip_registrar][process]") {
  auto d = accept({}, register_text{});
  REQUIRE(d.bindings.size() == 1);
  const auto& b = d.bindings[0];
  CHECK(b.aor == "sip:100@gw.example");
  CHECK(b.contact == "sip:100@192.168.1.20:5060");
  CHECK(b.transport == transport_protocol::udp);
  CHECK(b.source == source_address{"203.0.113.5", 5060});
  CHECK(b.expires_at == t0 + 3600s);
  CHECK(b.call_id == "c1@192.168.1.20");
  CHECK(b.cseq == 1);
  CHECK(b.user_agent == "Yealink SIP-T46U 108.86.0.45");
  CHECK(kinds(d) == std::vector{change_kind::added});
  CHECK(is_event(d.changes[0].kind));
}

TEST_CASE("a refresh of the same contact is not an event",
          "[sip_registrar][process]") {
  auto first = accept({}, register_text{});
  register_text again;
  again.cseq = 2;
  auto d = accept(first.bindings, again, t0 + 1800s);
  CHECK(kinds(d) == std::vector{change_kind::refreshed});
  CHECK_FALSE(is_event(d.changes[0].kind));
  CHECK(d.changes[0].previous == first.bindings[0]);
  REQUIRE(d.bindings.size() == 1);
  CHECK(d.bindings[0].expires_at == t0 + 1800s + 3600s);
  CHECK(d.bindings[0].cseq == 2);
  // After a reboot: new Call-ID, lower CSeq, same route.
  register_text reboot;
  reboot.call_id = "c2@192.168.1.20";
  auto r = accept(d.bindings, reboot, t0 + 1900s);
  CHECK(kinds(r) == std::vector{change_kind::refreshed});
}

TEST_CASE("a new source or transport changes the binding",
          "[sip_registrar][process]") {
  auto first = accept({}, register_text{});
  register_text moved;
  moved.cseq = 2;
  SECTION("NAT port moved") {
    moved.from.source.port = 6000;
  }
  SECTION("now over TLS") {
    moved.from.transport = transport_protocol::tls;
    moved.from.connection_id = 9;
  }
  SECTION("new firmware") {
    moved.user_agent = "Yealink SIP-T46U 108.86.0.70";
  }
  auto d = accept(first.bindings, moved, t0 + 10s);
  CHECK(kinds(d) == std::vector{change_kind::changed});
  CHECK(d.changes[0].binding == d.bindings[0]);
  CHECK(d.changes[0].previous == first.bindings[0]);
}

TEST_CASE("a new TCP connection alone is volatile",
          "[sip_registrar][process]") {
  register_text t;
  t.from = {transport_protocol::tcp, {"203.0.113.5", 5060}, 1};
  auto first = accept({}, t);
  t.from.connection_id = 2;
  t.cseq = 2;
  auto d = accept(first.bindings, t, t0 + 10s);
  CHECK(kinds(d) == std::vector{change_kind::refreshed});
  CHECK(d.bindings[0].connection_id == 2);
}

TEST_CASE("too brief an interval gets 423 with Min-Expires",
          "[sip_registrar][process]") {
  auto first = accept({}, register_text{});
  register_text t;
  t.cseq = 2;
  t.expires = "30";
  auto d = process_register(first.bindings, t.request(), t0);
  CHECK(d.status == 423);
  CHECK(d.min_expires == 60u);
  CHECK(d.bindings == first.bindings);
  CHECK(d.changes.empty());
  t.contacts = {"<sip:100@192.168.1.20:5060>;expires=59"};
  t.expires = "3600";
  CHECK(process_register({}, t.request(), t0).status == 423);
  t.contacts = {"<sip:100@192.168.1.20:5060>;expires=60"};
  CHECK(process_register({}, t.request(), t0).status == 200);
}

TEST_CASE("long intervals are shortened", "[sip_registrar][process]") {
  register_text t;
  t.expires = "100000";
  CHECK(accept({}, t).bindings[0].expires_at == t0 + 7200s);
  t.expires.reset();
  CHECK(accept({}, t).bindings[0].expires_at == t0 + 3600s);
}

TEST_CASE("a contact's expires overrides the Expires header",
          "[sip_registrar][process]") {
  register_text t;
  t.contacts = {"<sip:100@192.168.1.20:5060>;expires=120",
                "<sip:100@10.8.0.2:5060>"};
  t.expires = "600";
  auto d = accept({}, t);
  REQUIRE(d.bindings.size() == 2);
  CHECK(d.bindings[0].expires_at == t0 + 120s);
  CHECK(d.bindings[1].expires_at == t0 + 600s);
  CHECK(kinds(d) == std::vector{change_kind::added, change_kind::added});
}

TEST_CASE("Expires 0 on one contact removes only it",
          "[sip_registrar][process]") {
  register_text t;
  t.contacts = {"<sip:100@192.168.1.20:5060>", "<sip:100@10.8.0.2:5060>"};
  auto first = accept({}, t);
  register_text bye;
  bye.cseq = 2;
  bye.contacts = {"<sip:100@10.8.0.2:5060>;expires=0"};
  auto d = accept(first.bindings, bye, t0 + 5s);
  REQUIRE(d.bindings.size() == 1);
  CHECK(d.bindings[0].contact == "sip:100@192.168.1.20:5060");
  REQUIRE(d.changes.size() == 1);
  CHECK(d.changes[0].kind == change_kind::removed);
  CHECK(d.changes[0].cause == removal_cause::requested);
  CHECK(d.changes[0].binding.contact == "sip:100@10.8.0.2:5060");
  // Removing an unknown contact changes nothing.
  bye.cseq = 3;
  CHECK(accept(d.bindings, bye, t0 + 6s).changes.empty());
}

TEST_CASE("Contact * with Expires 0 removes everything",
          "[sip_registrar][process]") {
  register_text t;
  t.contacts = {"<sip:100@192.168.1.20:5060>", "<sip:100@10.8.0.2:5060>"};
  auto first = accept({}, t);
  register_text all;
  all.cseq = 2;
  all.contacts = {"*"};
  all.expires = "0";
  auto d = accept(first.bindings, all, t0 + 5s);
  CHECK(d.bindings.empty());
  CHECK(kinds(d) == std::vector{change_kind::removed, change_kind::removed});
  CHECK(d.changes[1].cause == removal_cause::requested);
}

TEST_CASE("Contact * misuse is refused", "[sip_registrar][process]") {
  auto first = accept({}, register_text{});
  register_text all;
  all.cseq = 2;
  all.contacts = {"*"};
  SECTION("nonzero Expires") {
    all.expires = "3600";
  }
  SECTION("no Expires") {
    all.expires.reset();
  }
  auto d = process_register(first.bindings, all.request(), t0 + 5s);
  CHECK(d.status == 400);
  CHECK(d.bindings == first.bindings);
  CHECK(d.changes.empty());
}

TEST_CASE("an old CSeq on the same Call-ID fails the whole request",
          "[sip_registrar][process]") {
  register_text t;
  t.cseq = 5;
  auto first = accept({}, t);
  register_text late;
  late.cseq = 5;
  late.contacts = {"<sip:100@10.8.0.2:5060>", "<sip:100@192.168.1.20:5060>"};
  auto d = process_register(first.bindings, late.request(), t0 + 1s);
  CHECK(d.status == 500);
  CHECK(d.bindings == first.bindings);
  CHECK(d.changes.empty());
  late.contacts = {"*"};
  late.expires = "0";
  CHECK(process_register(first.bindings, late.request(), t0).status == 500);
}

TEST_CASE("a query lists the bindings", "[sip_registrar][process]") {
  auto first = accept({}, register_text{});
  register_text q;
  q.contacts.clear();
  q.cseq = 2;
  auto d = accept(first.bindings, q, t0 + 10s);
  CHECK(d.bindings == first.bindings);
  CHECK(d.changes.empty());
}

TEST_CASE("duplicate contacts are refused", "[sip_registrar][process]") {
  register_text t;
  t.contacts = {"<sip:100@192.168.1.20:5060>", "<sip:100@192.168.1.20:5060>"};
  CHECK(process_register({}, t.request(), t0).status == 400);
}

TEST_CASE("the instance id follows the phone to a new contact",
          "[sip_registrar][process]") {
  const std::string inst =
      ";+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\"";
  auto first = accept({}, with_contact("<sip:100@192.168.1.20:5060>" + inst));
  REQUIRE(first.bindings[0].instance_id ==
          "<urn:uuid:00000000-0000-1000-8000-000A95A0E128>");
  auto d = accept(first.bindings,
                  with_contact("<sip:100@192.168.1.44:5060>" + inst, 2));
  REQUIRE(d.bindings.size() == 1);
  CHECK(d.bindings[0].contact == "sip:100@192.168.1.44:5060");
  CHECK(kinds(d) == std::vector{change_kind::changed});
}

TEST_CASE("max contacts replaces the oldest or refuses",
          "[sip_registrar][process]") {
  binding_set set;
  for (int i = 0; i < 5; ++i) {
    auto t = with_contact("<sip:100@10.0.0." + std::to_string(i) + ">",
                          static_cast<std::uint32_t>(i + 1));
    set = accept(set, t, t0 + std::chrono::seconds{i}).bindings;
  }
  REQUIRE(set.size() == 5);
  auto sixth = with_contact("<sip:100@10.0.0.9>", 10);
  SECTION("replace the one expiring first") {
    auto d = accept(set, sixth, t0 + 10s);
    CHECK(d.bindings.size() == 5);
    CHECK(kinds(d) == std::vector{change_kind::added, change_kind::removed});
    CHECK(d.changes[1].cause == removal_cause::replaced);
    CHECK(d.changes[1].binding.contact == "sip:100@10.0.0.0");
  }
  SECTION("refuse when configured to") {
    registrar_policy strict;
    strict.replace_oldest = false;
    auto d = process_register(set, sixth.request(), t0 + 10s, strict);
    CHECK(d.status == 403);
    CHECK(d.bindings == set);
  }
  SECTION("refuse a request that alone is too many") {
    register_text many;
    for (int i = 0; i < 6; ++i)
      many.contacts.push_back("<sip:100@10.1.0." + std::to_string(i) + ">");
    CHECK(process_register({}, many.request(), t0).status == 403);
  }
  SECTION("a refresh at the limit is fine") {
    auto d = accept(set, with_contact("<sip:100@10.0.0.4>", 11), t0 + 10s);
    CHECK(kinds(d) == std::vector{change_kind::refreshed});
  }
}

TEST_CASE("bindings expire", "[sip_registrar][process]") {
  register_text t;
  t.contacts = {"<sip:100@192.168.1.20:5060>;expires=120",
                "<sip:100@10.8.0.2:5060>;expires=600"};
  auto set = accept({}, t).bindings;
  CHECK(next_expiry(set) == t0 + 120s);
  CHECK_FALSE(next_expiry({}));
  auto before = expire(set, t0 + 119s);
  CHECK(before.kept.size() == 2);
  CHECK(before.expired.empty());
  auto sweep = expire(set, t0 + 120s);
  REQUIRE(sweep.expired.size() == 1);
  CHECK(sweep.expired[0].contact == "sip:100@192.168.1.20:5060");
  CHECK(sweep.kept.size() == 1);
  CHECK(next_expiry(sweep.kept) == t0 + 600s);
  // A REGISTER reports bindings that ran out since the last sweep.
  register_text q;
  q.contacts.clear();
  q.cseq = 2;
  auto d = accept(set, q, t0 + 601s);
  CHECK(d.bindings.empty());
  CHECK(kinds(d) == std::vector{change_kind::removed, change_kind::removed});
  CHECK(d.changes[0].cause == removal_cause::expired);
}

TEST_CASE("a stored contact matches as written or as an equivalent URI",
          "[sip_registrar][process]") {
  // Two bindings: the first an equivalent spelling of what comes next,
  // the second the very same text. The first in order is the one found.
  binding_set current(2);
  current[0].aor = current[1].aor = "sip:100@gw.example";
  current[0].contact = "SIP:100@GW.example:5060;Transport=UDP";
  current[1].contact = "sip:100@gw.example:5060;transport=udp";
  for (auto& b : current) {
    b.call_id = "other";
    b.expires_at = t0 + 600s;
  }
  auto d =
      accept(current, with_contact("<sip:100@gw.example:5060;transport=udp>"));
  CHECK(kinds(d) == std::vector{change_kind::changed});
  REQUIRE(d.bindings.size() == 2);
  CHECK(d.bindings[0].contact == "sip:100@gw.example:5060;transport=udp");
  CHECK(d.bindings[0].expires_at == t0 + 3600s);
  CHECK(d.bindings[1].expires_at == t0 + 600s);
  CHECK(d.changes[0].previous->contact ==
        "SIP:100@GW.example:5060;Transport=UDP");
  // The same text is found without a parse, and is a refresh.
  auto again = accept(
      d.bindings, with_contact("<sip:100@gw.example:5060;transport=udp>", 2),
      t0 + 10s);
  CHECK(kinds(again) == std::vector{change_kind::refreshed});
  CHECK(again.bindings[0].expires_at == t0 + 10s + 3600s);
  // A stored text that no longer parses matches nothing.
  binding_set broken(1);
  broken[0].contact = "sip:";
  broken[0].expires_at = t0 + 600s;
  auto added = accept(broken, with_contact("<sip:100@gw.example>"));
  CHECK(kinds(added) == std::vector{change_kind::added});
}
