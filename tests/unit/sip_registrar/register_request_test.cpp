#include "sip/registrar/register_request.hpp"

#include "tests/unit/sip_registrar/register_text.hpp"

#include <catch2/catch.hpp>

using namespace passerelle::sip;
using namespace passerelle::sip::registrar;
using passerelle::sip::registrar::test::register_text;

TEST_CASE("a REGISTER's fields are extracted", "[sip_registrar][request]") {
  register_text t;
  t.contacts = {"<sip:100@192.168.1.20:5060>;expires=120;q=0.5, "
                "<sip:100@10.0.0.1>"};
  t.from = {transport_protocol::tls, {"198.51.100.7", 40123}, 77};
  auto r = t.request();
  CHECK(r.aor == "sip:100@gw.example");
  CHECK(r.call_id == "c1@192.168.1.20");
  CHECK(r.cseq == 1);
  CHECK(r.expires == 3600u);
  CHECK(r.user_agent == "Yealink SIP-T46U 108.86.0.45");
  CHECK(r.from.transport == transport_protocol::tls);
  CHECK(r.from.source == source_address{"198.51.100.7", 40123});
  CHECK(r.from.connection_id == 77);
  CHECK_FALSE(r.contacts.wildcard);
  REQUIRE(r.contacts.entries.size() == 2);
  CHECK(r.contacts.entries[0].expires == 120u);
  CHECK(r.contacts.entries[0].q == 500);
}

TEST_CASE("the AOR is canonical", "[sip_registrar][request]") {
  register_text t;
  t.to = "\"Desk\" <SIP:%31%30%30@GW.Example:5060;transport=udp>;tag=x";
  CHECK(t.request().aor == "sip:100@gw.example:5060");
  t.to = "<sips:GW.example>";
  CHECK(t.request().aor == "sips:gw.example");
}

TEST_CASE("a query has neither contacts nor wildcard",
          "[sip_registrar][request]") {
  register_text t;
  t.contacts.clear();
  t.expires.reset();
  auto r = t.request();
  CHECK(r.contacts.entries.empty());
  CHECK_FALSE(r.contacts.wildcard);
  CHECK_FALSE(r.expires);
}

TEST_CASE("bad REGISTERs are refused", "[sip_registrar][request]") {
  register_text t;
  SECTION("Expires not a number") {
    t.expires = "soon";
    CHECK(t.rejection().status == 400);
  }
  SECTION("Contact broken") {
    t.contacts = {"<sip:100@192.168.1.20"};
    CHECK(t.rejection().status == 400);
  }
  SECTION("Contact expires broken") {
    t.contacts = {"<sip:100@192.168.1.20>;expires=-1"};
    CHECK(t.rejection().status == 400);
  }
  SECTION("wildcard mixed with addresses") {
    t.contacts = {"*", "<sip:100@192.168.1.20>"};
    CHECK(t.rejection().status == 400);
  }
  SECTION("Contact not SIP") {
    t.contacts = {"<tel:+15551234>"};
    CHECK(t.rejection().status == 400);
  }
  SECTION("To not SIP") {
    t.to = "<tel:+15551234>";
    CHECK(t.rejection().status == 404);
  }
  SECTION("not a REGISTER") {
    std::string text = "OPTIONS sip:gw.example SIP/2.0\r\n"
                       "To: <sip:100@gw.example>\r\nCall-ID: x\r\n"
                       "CSeq: 1 OPTIONS\r\n\r\n";
    auto m = message::parse(text);
    REQUIRE(m);
    auto r = extract_register(*m, t.from);
    REQUIRE(std::holds_alternative<request_rejection>(r));
    CHECK(std::get<request_rejection>(r).status == 400);
  }
}
