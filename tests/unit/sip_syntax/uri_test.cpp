#include "sip/syntax/uri.hpp"

#include "sip/syntax/host.hpp"

#include "tests/unit/sip_syntax/must_parse.hpp"

#include <catch2/catch.hpp>

using namespace passerelle::sip;
using passerelle::sip::test::must_uri;

namespace {

bool same(std::string_view a, std::string_view b) {
  return equivalent(must_uri(a), must_uri(b));
}

} // namespace

TEST_CASE("sip URIs split into their parts", "[uri]") {
  auto u = must_uri("sips:alice:secret@[2001:db8::10]:5061;transport=tcp;lr"
                    "?subject=hi&priority=urgent");
  CHECK(u.scheme == uri_scheme::sips);
  CHECK(u.user == "alice");
  CHECK(u.password == "secret");
  CHECK(u.host == "[2001:db8::10]");
  CHECK(u.port == 5061);
  REQUIRE(u.params.size() == 2);
  CHECK(u.param("transport") == "tcp");
  CHECK(u.param("lr") == "");
  CHECK_FALSE(u.has_param("maddr"));
  REQUIRE(u.headers.size() == 2);
  CHECK(u.headers[1].name == "priority");
  auto bare = must_uri("SIP:example.com");
  CHECK(bare.scheme == uri_scheme::sip);
  CHECK_FALSE(bare.user);
  CHECK_FALSE(bare.port);
  CHECK(to_string(bare) == "SIP:example.com");
}

TEST_CASE("URIs serialise back as written", "[uri]") {
  for (auto text :
       {"sip:user@example.com", "sip:%61lice@host:5060;Lr;x=%20y?h=v&i=",
        "sips:[::1]", "tel:+1-201-555-0123;phone-context=example.com",
        "urn:service:sos", "sip:user;par=u%40example.net@example.com",
        "sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,"
        "weird!*pas$wo~d_too.(doesn't-it)@example.com"}) {
    INFO(text);
    CHECK(to_string(must_uri(text)) == text);
  }
}

TEST_CASE("tel and other schemes", "[uri]") {
  auto t = must_uri("tel:+1-201-555-0123;ext=22");
  CHECK(t.scheme == uri_scheme::tel);
  CHECK(t.user == "+1-201-555-0123");
  CHECK(t.param("ext") == "22");
  CHECK(same("tel:+1-201-555-0123", "tel:+1.201.555.0123"));
  CHECK_FALSE(same("tel:+12015550123", "tel:+12015550124"));
  auto o = must_uri("soap.beep://192.0.2.103:3002");
  CHECK(o.scheme == uri_scheme::other);
  CHECK(o.scheme_name == "soap.beep");
  CHECK(o.opaque == "//192.0.2.103:3002");
}

TEST_CASE("malformed URIs are refused", "[uri]") {
  for (auto text : {"",
                    "sip:",
                    "<sip:a@b>",
                    "sip:a@",
                    "sip:@host",
                    "sip:a b@host",
                    "sip:host:99999",
                    "sip:host:",
                    "sip:host;;lr",
                    "sip:host;=x",
                    "sip:host;x=",
                    "sip:us%2er@h%",
                    "sip:host?h",
                    "sip:[::1",
                    "sip:[1:2:3:4:5:6:7:8:9]",
                    "sip:a@256.1.1.1",
                    "sip:-bad.com",
                    "sip:a@host; lr",
                    "1sip:x",
                    "sip:a@host>",
                    "tel:",
                    "tel:+12a",
                    "x:",
                    "x:a b",
                    "sip:user@example.com\r\n"}) {
    INFO(text);
    CHECK_FALSE(parse_uri(text));
  }
}

TEST_CASE("URI comparison follows RFC 3261 19.1.4", "[uri]") {
  // The examples of RFC 3261 19.1.4.
  CHECK(same("sip:%61lice@atlanta.com;transport=TCP",
             "sip:alice@AtLanTa.CoM;Transport=tcp"));
  CHECK(same("sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5"));
  CHECK(same("sip:carol@chicago.com;security=on",
             "sip:carol@chicago.com;newparam=5"));
  CHECK(same("sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40"
             "biloxi.com",
             "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40"
             "biloxi.com"));
  CHECK(same("sip:alice@atlanta.com?subject=project%20x&priority=urgent",
             "sip:alice@atlanta.com?priority=urgent&subject=project%20x"));
  CHECK_FALSE(same("SIP:ALICE@AtLanTa.CoM;Transport=udp",
                   "sip:alice@AtLanTa.CoM;Transport=UDP"));
  CHECK_FALSE(same("sip:bob@biloxi.com", "sip:bob@biloxi.com:5060"));
  CHECK_FALSE(same("sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp"));
  CHECK_FALSE(same("sip:bob@biloxi.com", "sip:bob@biloxi.com:6000;"
                                         "transport=tcp"));
  CHECK_FALSE(same("sip:carol@chicago.com",
                   "sip:carol@chicago.com?Subject=next%20meeting"));
  CHECK_FALSE(same("sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4"));
  CHECK_FALSE(same("sip:carol@chicago.com;security=on",
                   "sip:carol@chicago.com;security=off"));
  CHECK_FALSE(same("sip:alice@example.com", "sips:alice@example.com"));
  CHECK_FALSE(same("sip:a:pw@example.com", "sip:a@example.com"));
  CHECK(same("sip:a%3Ab@example.com", "sip:a%3ab@example.com"));
  // Escaped parameter names and values, on either side.
  CHECK(same("sip:a@h;%74ransport=tcp", "sip:a@h;transport=TCP"));
  CHECK(same("sip:a@h;transport=tcp", "sip:a@h;%74ransport=%54cp"));
  CHECK(same("sip:a@h;x=%41b", "sip:a@h;x=ab"));
  CHECK(same("sip:a@h;x=ab", "sip:a@h;x=%41b"));
  CHECK_FALSE(same("sip:a@h;x=%41c", "sip:a@h;x=ab"));
  CHECK_FALSE(same("sip:a@h;%75ser=phone", "sip:a@h"));
  CHECK_FALSE(same("sip:a@h", "sip:a@h;%75ser=phone"));
}

TEST_CASE("hosts and ports", "[uri]") {
  CHECK(is_ipv4("192.0.2.1"));
  CHECK_FALSE(is_ipv4("192.0.2"));
  CHECK_FALSE(is_ipv4("1.2.3.4.5"));
  CHECK_FALSE(is_ipv4("1.2.3.1000"));
  CHECK(is_ipv6("::"));
  CHECK(is_ipv6("2001:db8::1"));
  CHECK(is_ipv6("::ffff:192.0.2.1"));
  CHECK(is_ipv6("1:2:3:4:5:6:7:8"));
  CHECK_FALSE(is_ipv6("1:2:3:4:5:6:7"));
  CHECK_FALSE(is_ipv6("1::2::3"));
  CHECK_FALSE(is_ipv6("12345::"));
  CHECK(is_hostname("example.com."));
  CHECK(is_hostname("a-b.example.com"));
  CHECK_FALSE(is_hostname("example..com"));
  CHECK_FALSE(is_hostname("a.1com"));
  CHECK(parse_port("0065535").error() == syntax_error::bad_port);
  CHECK(*parse_port("65535") == 65535);
  CHECK_FALSE(parse_port("65536"));
}
