// What the valid and semantic RFC 4475 messages must mean once parsed.

#include "sip/syntax/address.hpp"
#include "sip/syntax/builder.hpp"
#include "sip/syntax/classify.hpp"
#include "sip/syntax/message.hpp"
#include "sip/syntax/scalars.hpp"
#include "sip/syntax/uri.hpp"
#include "sip/syntax/via.hpp"

#include "tests/unit/sip_syntax/testdata.hpp"

#include "tests/unit/sip_syntax/must_parse.hpp"

#include <catch2/catch.hpp>

#include <memory>

using namespace passerelle::sip;
using passerelle::sip::test::must_uri;
using passerelle::sip::test::torture;

namespace {

// Owns the bytes on the heap so the message views stay valid.
struct loaded {
  std::shared_ptr<const std::string> bytes;
  message msg;
};

loaded load(const std::string& name) {
  auto bytes = std::make_shared<const std::string>(torture(name));
  REQUIRE(!bytes->empty());
  auto m = message::parse(*bytes);
  REQUIRE(m);
  return loaded{bytes, *m};
}

address addr(const message& m, header_id id) {
  auto v = m.value(id);
  REQUIRE(v);
  auto a = parse_address(*v);
  REQUIRE(a);
  return *a;
}

} // namespace

TEST_CASE("wsinv: white space and folding everywhere", "[rfc4475]") {
  auto [bytes, m] = load("wsinv.dat");
  CHECK(*parse_max_forwards(*m.value(header_id::max_forwards)) == 68);
  auto cs = parse_cseq(*m.value(header_id::cseq));
  REQUIRE(cs);
  CHECK(cs->number == 9);
  CHECK(cs->method == "INVITE");
  auto vias = parse_vias(m.list(header_id::via));
  REQUIRE(vias);
  REQUIRE(vias->size() == 3);
  CHECK((*vias)[0].transport == "UDP");
  CHECK((*vias)[0].branch() == "390skdjuw");
  CHECK_FALSE((*vias)[0].rfc3261_branch());
  CHECK((*vias)[1].host == "spindle.example.com");
  CHECK((*vias)[1].branch() == "z9hG4bK9ikj8");
  CHECK((*vias)[2].host == "192.168.255.111");
  CHECK((*vias)[2].branch() == "z9hG4bK30239");
  CHECK(addr(m, header_id::to).tag() == "1918181833n");
  auto from = addr(m, header_id::from);
  CHECK(from.display_name == "J Rosenberg \\\"");
  CHECK(from.tag() == "98asjd8");
  auto contacts = parse_contacts(m.list(header_id::contact));
  REQUIRE(contacts);
  REQUIRE(contacts->entries.size() == 1);
  CHECK(contacts->entries[0].q == 330);
  CHECK(contacts->entries[0].addr.param("newparam") == "newvalue");
  CHECK(m.value(header_id::subject) == "");
  CHECK(m.value("NewFangledHeader") ==
        "newfangled value continued newfangled value");
  CHECK(m.body().size() == 150);
}

TEST_CASE("intmeth: unusual tokens are data", "[rfc4475]") {
  auto [bytes, m] = load("intmeth.dat");
  CHECK(m.method() == "!interesting-Method0123456789_*+`.%indeed'~");
  auto ruri = must_uri(m.request_uri());
  CHECK(ruri.user == "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
  CHECK(ruri.password == "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
  CHECK(ruri.host == "example.com");
  auto to = addr(m, header_id::to);
  CHECK(to.display_name == std::string("BEL:\x07 NUL:\0 DEL:\x7f", 17));
  auto v = classify(m);
  CHECK(v.status == 405);
  auto allow = make_rejection(m, v, uas_profile::gateway()).str();
  CHECK(allow.find("\r\nAllow: INVITE, ACK") != std::string::npos);
}

TEST_CASE("esc01: escaped URIs compare equal unescaped", "[rfc4475]") {
  auto [bytes, m] = load("esc01.dat");
  auto ruri = must_uri(m.request_uri());
  CHECK(ruri.user == "sips%3Auser%40example.com");
  CHECK(ruri.user_unescaped() == "sips:user@example.com");
  auto to = addr(m, header_id::to);
  CHECK(equivalent(to.uri, must_uri("sip:user@example.com")));
  CHECK(addr(m, header_id::from).uri.user_unescaped() == "I have spaces");
  auto contact = addr(m, header_id::contact).uri;
  CHECK(contact.user_unescaped() == "caller");
  CHECK(contact.has_param("lr"));
  CHECK(contact.param("name") == "value%41");
  CHECK(equivalent(contact, must_uri("sip:caller@host5.example.net;lr;"
                                     "name=value%2541")));
  CHECK(m.value(header_id::content_type) == "application/sdp");
}

TEST_CASE("escnull: an escaped NUL stays data", "[rfc4475]") {
  auto [bytes, m] = load("escnull.dat");
  auto to = addr(m, header_id::to).uri.user_unescaped();
  REQUIRE(to);
  CHECK(*to == std::string("null-\0-null", 11));
  auto contacts = parse_contacts(m.list(header_id::contact));
  REQUIRE(contacts);
  REQUIRE(contacts->entries.size() == 2);
  CHECK(contacts->entries[0].addr.uri.user_unescaped() == std::string(1, '\0'));
  CHECK(contacts->entries[1].addr.uri.user_unescaped() == std::string(2, '\0'));
}

TEST_CASE("esc02: '%' outside URIs is not an escape", "[rfc4475]") {
  auto [bytes, m] = load("esc02.dat");
  CHECK(m.method() == "RE%47IST%45R");
  CHECK(m.method() != "REGISTER");
  CHECK(addr(m, header_id::to).display_name == "%Z%45");
  CHECK(parse_via(*m.value(header_id::via))->branch() ==
        "z9hG4bK209%fzsnel234");
  // C%6Fntact is an unknown header, not a third Contact.
  CHECK(m.count(header_id::contact) == 2);
  CHECK(m.value("C%6Fntact") == "<sip:alias2@host2.example.com>");
  CHECK(classify(m).status == 405);
}

TEST_CASE("lwsdisp and longreq: display names and long lists", "[rfc4475]") {
  auto [b1, lws] = load("lwsdisp.dat");
  CHECK(addr(lws, header_id::from).display_name == "caller");
  auto [b2, m] = load("longreq.dat");
  auto vias = parse_vias(m.list(header_id::via));
  REQUIRE(vias);
  CHECK(vias->size() == 34);
  CHECK(vias->back().received() == "192.0.2.5");
  auto to = addr(m, header_id::to);
  CHECK(to.display_name->rfind("I have a user name of extreme", 0) == 0);
  CHECK(to.uri.port == 6000);
  CHECK(to.uri.has_param("unknownparam1"));
  CHECK(addr(m, header_id::from).tag()->size() > 100);
  CHECK(m.find("Unknown-LongLongLongLongLongLongLongLongLongLongLongLongLong"
               "LongLongLongLongLongLongLong-Name"));
}

TEST_CASE("dblreq: only the first message of a datagram", "[rfc4475]") {
  auto [bytes, m] = load("dblreq.dat");
  CHECK(m.method() == "REGISTER");
  CHECK(m.body().empty());
  CHECK(m.consumed() < bytes->size());
  CHECK(m.value(header_id::call_id) ==
        "dblreq.0ha0isndaksdj99sdfafnl3lk233412");
  CHECK(m.serialize() == bytes->substr(0, m.consumed()));
}

TEST_CASE("semiuri: ';' in the user part", "[rfc4475]") {
  auto [bytes, m] = load("semiuri.dat");
  auto ruri = must_uri(m.request_uri());
  CHECK(ruri.user == "user;par=u%40example.net");
  CHECK(ruri.user_unescaped() == "user;par=u@example.net");
  CHECK(ruri.host == "example.com");
  CHECK(ruri.params.empty());
  CHECK(m.list(header_id::accept).size() == 6);
}

TEST_CASE("transports: unknown Via transports are kept", "[rfc4475]") {
  auto [bytes, m] = load("transports.dat");
  auto vias = parse_vias(m.list(header_id::via));
  REQUIRE(vias);
  std::vector<std::string> transports;
  for (const auto& v : *vias)
    transports.push_back(v.transport);
  CHECK(transports ==
        std::vector<std::string>{"UDP", "SCTP", "TLS", "UNKNOWN", "TCP"});
}

TEST_CASE("mpart01, unreason, noreason: bodies and reasons", "[rfc4475]") {
  auto [b1, mp] = load("mpart01.dat");
  CHECK(mp.body().size() == 553);
  auto ct = parse_media_type(*mp.value(header_id::content_type));
  REQUIRE(ct);
  CHECK(ct->essence() == "multipart/mixed");
  CHECK(find_param(ct->params, "boundary") == "7a9cbec02ceef655");
  CHECK(parse_via(*mp.value(header_id::via))->has_rport());
  auto [b2, un] = load("unreason.dat");
  CHECK(un.status_code() == 200);
  CHECK(un.reason().rfind("= 2**3 * 5**2 ", 0) == 0);
  auto [b3, no] = load("noreason.dat");
  CHECK(no.status_code() == 100);
  CHECK(no.reason().empty());
}

TEST_CASE("badbranch and inv2543: RFC 2543 transactions", "[rfc4475]") {
  auto [b1, bb] = load("badbranch.dat");
  auto v = parse_via(*bb.value(header_id::via));
  REQUIRE(v);
  CHECK(v->branch() == "z9hG4bK");
  CHECK_FALSE(v->rfc3261_branch());
  auto [b2, old] = load("inv2543.dat");
  auto v2 = parse_via(*old.value(header_id::via));
  REQUIRE(v2);
  CHECK_FALSE(v2->branch());
  CHECK_FALSE(v2->rfc3261_branch());
  CHECK(old.body().size() == 105);
}

TEST_CASE("semantic messages carry what the answer needs", "[rfc4475]") {
  auto [b1, bext] = load("bext01.dat");
  auto v = classify(bext);
  CHECK(v.unsupported == std::vector<std::string>{"nothingSupportsThis",
                                                  "nothingSupportsThisEither"});
  auto text = make_rejection(bext, v, uas_profile::gateway(), "t1").str();
  CHECK(text.find("\r\nUnsupported: nothingSupportsThis, "
                  "nothingSupportsThisEither\r\n") != std::string::npos);
  auto [b2, invut] = load("invut.dat");
  text = make_rejection(invut, classify(invut), uas_profile::gateway()).str();
  CHECK(text.find("\r\nAccept: application/sdp") != std::string::npos);
  auto [b3, zero] = load("zeromf.dat");
  CHECK(classify(zero).max_forwards_exhausted);
  auto [b4, bcast] = load("bcast.dat");
  CHECK(classify(bcast).what == problem::extra_via);
}

TEST_CASE("registrations keep their contacts as sent", "[rfc4475]") {
  auto [b1, c1] = load("cparam01.dat");
  auto a1 = addr(c1, header_id::contact);
  CHECK(a1.param("unknownparam") == "");
  CHECK_FALSE(a1.uri.has_param("unknownparam"));
  auto [b2, c2] = load("cparam02.dat");
  auto a2 = addr(c2, header_id::contact);
  CHECK(a2.uri.has_param("unknownparam"));
  CHECK(a2.params.empty());
  auto [b3, esc] = load("regescrt.dat");
  auto a3 = addr(esc, header_id::contact);
  REQUIRE(a3.uri.headers.size() == 1);
  CHECK(a3.uri.headers[0].name == "Route");
  CHECK(a3.uri.headers[0].value == "%3Csip:sip.example.com%3E");
  CHECK(to_string(a3.uri) ==
        "sip:user@example.com?Route=%3Csip:sip.example.com%3E");
  auto [b4, unk] = load("unksm2.dat");
  CHECK(addr(unk, header_id::to).uri.scheme_name == "isbn");
  CHECK(addr(unk, header_id::from).uri.scheme_name == "http");
  CHECK(addr(unk, header_id::contact).uri.opaque == "John_Smith");
}
