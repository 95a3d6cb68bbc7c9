#include "sip/syntax/address.hpp"
#include "sip/syntax/auth_params.hpp"
#include "sip/syntax/scalars.hpp"
#include "sip/syntax/text.hpp"
#include "sip/syntax/via.hpp"

#include <catch2/catch.hpp>

using namespace passerelle::sip;

TEST_CASE("Via values", "[header][via]") {
  auto v = parse_via("SIP / 2.0 / UDP  [2001:db8::1] : 5070 ; branch = "
                     "z9hG4bK776; received=192.0.2.9;rport=5071;maddr="
                     "224.2.0.1;ttl=16");
  REQUIRE(v);
  CHECK(v->protocol_name == "SIP");
  CHECK(v->protocol_version == "2.0");
  CHECK(v->transport == "UDP");
  CHECK(v->host == "[2001:db8::1]");
  CHECK(v->port == 5070);
  CHECK(v->branch() == "z9hG4bK776");
  CHECK(v->rfc3261_branch());
  CHECK(v->received() == "192.0.2.9");
  CHECK(v->has_rport());
  CHECK(v->rport() == 5071);
  CHECK(v->maddr() == "224.2.0.1");
  CHECK(v->ttl() == 16);
  CHECK(to_string(*v) == "SIP/2.0/UDP [2001:db8::1]:5070;branch=z9hG4bK776;"
                         "received=192.0.2.9;rport=5071;maddr=224.2.0.1;"
                         "ttl=16");
  auto r = parse_via("SIP/2.0/TCP host.example.com;rport;branch=abc");
  REQUIRE(r);
  CHECK(r->has_rport());
  CHECK_FALSE(r->rport());
  CHECK_FALSE(r->rfc3261_branch());
  CHECK(parse_via("SIP/2.0/WSS a.invalid;received=2001:db8::9"));
}

TEST_CASE("malformed Via values", "[header][via]") {
  for (auto text : {"", "SIP/2.0/UDP", "SIP/2.0 host", "SIP/2.0/UDPhost",
                    "SIP/2.0/UDP host;;", "SIP/2.0/UDP 192.0.2.15;;",
                    "SIP/2.0/UDP h;ttl=256",
                    "SIP/2.0/UDP h;received=", "SIP/2.0/UDP h;branch=\"q\"",
                    "SIP/2.0/UDP h;rport=x", "SIP/2.0/UDP h:70000",
                    "SIP/2.0/UDP h x", "SIP/2.0/UDP h;maddr=-x"}) {
    INFO(text);
    CHECK_FALSE(parse_via(text));
  }
  // Empty elements between commas (RFC 4475 3.1.2.1).
  CHECK_FALSE(parse_vias({"SIP/2.0/UDP a", ""}));
}

TEST_CASE("CSeq, Max-Forwards, Expires, Content-Length", "[header]") {
  auto c = parse_cseq("  0009 \r\n  INVITE ");
  REQUIRE(c);
  CHECK(c->number == 9);
  CHECK(c->method == "INVITE");
  CHECK(parse_cseq("2147483647 ACK"));
  CHECK(parse_cseq("2147483648 ACK").error() == syntax_error::out_of_range);
  CHECK(parse_cseq("36893488147419103232 REGISTER").error() ==
        syntax_error::out_of_range);
  CHECK_FALSE(parse_cseq("1"));
  CHECK_FALSE(parse_cseq("INVITE"));
  CHECK_FALSE(parse_cseq("1 INVITE x"));
  CHECK_FALSE(parse_cseq("-1 INVITE"));
  CHECK(*parse_max_forwards("0068") == 68);
  CHECK(*parse_max_forwards("255") == 255);
  CHECK_FALSE(parse_max_forwards("256"));
  CHECK_FALSE(parse_max_forwards("300"));
  CHECK_FALSE(parse_max_forwards(""));
  CHECK(*parse_delta_seconds("4294967295") == 4294967295u);
  CHECK_FALSE(parse_delta_seconds("4294967296"));
  CHECK_FALSE(parse_delta_seconds(std::string(100, '1')));
  CHECK(*parse_content_length(" 150 ") == 150);
  CHECK_FALSE(parse_content_length("-999"));
  CHECK_FALSE(parse_content_length("12a"));
}

TEST_CASE("addresses: name-addr and addr-spec", "[header][address]") {
  auto a = parse_address("\"Bell, Alexander\" <sip:a.g.bell@example.com>;"
                         "tag=43");
  REQUIRE(a);
  CHECK(a->display_name == "Bell, Alexander");
  CHECK(a->quoted_display);
  CHECK(a->uri.user == "a.g.bell");
  CHECK(a->tag() == "43");
  CHECK(to_string(*a) == "\"Bell, Alexander\" <sip:a.g.bell@example.com>;"
                         "tag=43");
  auto b = parse_address("A. Bell <sip:a@example.com>");
  REQUIRE(b);
  CHECK(b->display_name == "A. Bell");
  auto c = parse_address("sip:x@example.com ; tag = 1 ; q");
  REQUIRE(c);
  CHECK_FALSE(c->angle_brackets);
  CHECK(c->tag() == "1");
  CHECK(c->param("q") == "");
  CHECK(to_string(*c) == "sip:x@example.com;tag=1;q");
  auto d = parse_address("<sip:x@y>;p=\"quoted \\\"v\\\"\"");
  REQUIRE(d);
  CHECK(d->param("p") == "quoted \"v\"");
  CHECK(to_string(*d) == "<sip:x@y>;p=\"quoted \\\"v\\\"\"");
}

TEST_CASE("malformed addresses", "[header][address]") {
  for (auto text : {"", "Bell, Alexander <sip:a@b>", "\"unterminated <sip:a@b>",
                    "< sip:a@b >", "<sip:a@b", "<sip:a@b>;;",
                    "<sip:a@b>;tag=", "sip:a@b?x=y", "Bob", "<sip:a@b> junk",
                    "\"Joe\" sip:a@b", "<sip:a@b>;tag=\"x"}) {
    INFO(text);
    CHECK_FALSE(parse_address(text));
  }
}

TEST_CASE("Contact values", "[header][contact]") {
  auto list = parse_contacts(
      {"<sip:a@b>;expires=3600;q=0.7", "sip:c@d;q=1", "\"X\" <sip:e@f>;q=0"});
  REQUIRE(list);
  REQUIRE(list->entries.size() == 3);
  CHECK(list->entries[0].expires == 3600u);
  CHECK(list->entries[0].q == 700);
  CHECK(list->entries[1].q == 1000);
  CHECK(list->entries[2].q == 0);
  auto star = parse_contacts({"*"});
  REQUIRE(star);
  CHECK(star->wildcard);
  CHECK_FALSE(parse_contacts({"*", "<sip:a@b>"}));
  CHECK_FALSE(parse_contacts({"<sip:a@b>;expires=280297596632815"}));
  CHECK_FALSE(parse_contacts({"<sip:a@b>;q=1.5"}));
  CHECK_FALSE(parse_contacts({"<sip:a@b>;q=0.1234"}));
  CHECK_FALSE(parse_contacts({"\"Joe\" <sip:joe@example.org>;;;;"}));
  CHECK(*parse_qvalue("0.33") == 330);
  CHECK(*parse_qvalue("1.000") == 1000);
  CHECK_FALSE(parse_qvalue("1.001"));
}

TEST_CASE("Digest credentials and challenges", "[header][auth]") {
  auto c = parse_auth(
      "Digest username=\"bob\", realm=\"biloxi.com\", nonce=\"dcd98b\","
      " uri=\"sip:bob@biloxi.com\", response=\"6629fae49393a053\","
      " algorithm=MD5, cnonce=\"0a4f113b\", opaque=\"5ccc\", qop=auth,"
      " nc=00000001");
  REQUIRE(c);
  CHECK(c->is_digest());
  CHECK(c->username() == "bob");
  CHECK(c->realm() == "biloxi.com");
  CHECK(c->nonce() == "dcd98b");
  CHECK(c->uri() == "sip:bob@biloxi.com");
  CHECK(c->response() == "6629fae49393a053");
  CHECK(c->algorithm() == "MD5");
  CHECK(c->cnonce() == "0a4f113b");
  CHECK(c->opaque() == "5ccc");
  CHECK(c->qop() == "auth");
  CHECK(c->nc() == "00000001");
  CHECK(to_string(*c, true) ==
        "Digest username=\"bob\", realm=\"biloxi.com\", nonce=\"dcd98b\","
        " uri=\"sip:bob@biloxi.com\", response=\"6629fae49393a053\","
        " algorithm=MD5, cnonce=\"0a4f113b\", opaque=\"5ccc\", qop=auth,"
        " nc=00000001");
  auto ch = parse_auth("Digest realm=\"a \\\"b\\\", c\", qop=\"auth,auth-int\","
                       " nonce=\"n\", algorithm=SHA-256, stale=TRUE");
  REQUIRE(ch);
  CHECK(ch->realm() == "a \"b\", c");
  CHECK(ch->qop() == "auth,auth-int");
  CHECK(ch->stale());
  auth_value made{"Digest",
                  {{"realm", "r\"x", false},
                   {"qop", "auth", false},
                   {"algorithm", "SHA-256", false},
                   {"stale", "true", false}}};
  CHECK(to_string(made, false) == "Digest realm=\"r\\\"x\", qop=\"auth\", "
                                  "algorithm=SHA-256, stale=true");
  auto other = parse_auth("NoOneKnowsThisScheme opaque-data=here");
  REQUIRE(other);
  CHECK_FALSE(other->is_digest());
  CHECK(other->get("opaque-data") == "here");
}

TEST_CASE("malformed credentials", "[header][auth]") {
  for (auto text :
       {"", "Digest username", "Digest username=\"x", "Digest nc=1",
        "Digest nc=0000000g", "Digest stale=maybe", "Digest response=\"xyz\"",
        "Digest realm=a, realm=b", "Digest realm=a,,", "Digest =x"}) {
    INFO(text);
    CHECK_FALSE(parse_auth(text));
  }
}

TEST_CASE("Date, Call-ID, media types, option tags", "[header]") {
  auto d = parse_date("Sat, 15 Oct 2005 04:44:56 GMT");
  REQUIRE(d);
  CHECK(d->year == 2005);
  CHECK(d->month == 10);
  CHECK(d->second == 56);
  CHECK_FALSE(parse_date("Fri, 01 Jan 2010 16:00:00 EST"));
  CHECK_FALSE(parse_date("Fri, 1 Jan 2010 16:00:00 GMT"));
  CHECK_FALSE(parse_date("Xyz, 01 Jan 2010 16:00:00 GMT"));
  CHECK_FALSE(parse_date("Fri, 01 Jan 2010 25:00:00 GMT"));
  CHECK(is_call_id("a84b4c76e66710@pc33.atlanta.com"));
  CHECK(is_call_id("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{"));
  CHECK_FALSE(is_call_id("a b"));
  CHECK_FALSE(is_call_id("a@b@c"));
  CHECK_FALSE(is_call_id(""));
  auto m = parse_media_type("Application/SDP ; charset=\"utf-8\"");
  REQUIRE(m);
  CHECK(m->essence() == "application/sdp");
  CHECK(m->covers("application/sdp"));
  CHECK(parse_media_type("application/*")->covers("application/sdp"));
  CHECK(parse_media_type("*/*")->covers("text/plain"));
  CHECK_FALSE(
      parse_media_type("text/nobodyKnowsThis")->covers("application/sdp"));
  CHECK_FALSE(parse_media_type("application"));
  CHECK_FALSE(parse_media_type("application/sdp extra"));
  auto tags = parse_option_tags({"100rel", "", "timer"});
  REQUIRE(tags);
  CHECK(tags->size() == 2);
  CHECK_FALSE(parse_option_tags({"a b"}));
}

TEST_CASE("list splitting respects quotes and brackets", "[header]") {
  auto items = split_list("\"a, \\\"b\" <sip:x@y;p=1,2>, c , ,d");
  REQUIRE(items.size() == 4);
  CHECK(items[0] == "\"a, \\\"b\" <sip:x@y;p=1,2>");
  CHECK(items[1] == "c");
  CHECK(items[2].empty());
  CHECK(items[3] == "d");
  CHECK(unfold("a \r\n\t b\r\n c") == "a b c");
  CHECK(unescape("%41%4a%zz%") == "AJ%zz%");
  CHECK(quote("a\"b\\") == "\"a\\\"b\\\\\"");
}
