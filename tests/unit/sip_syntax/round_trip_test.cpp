// What is written back from a parsed value reads back the same, and a URI
// is equivalent to itself: properties the fuzz targets (tests/fuzz/) check,
// with the inputs that once broke them.
#include "sip/syntax/address.hpp"
#include "sip/syntax/auth_params.hpp"
#include "sip/syntax/text.hpp"
#include "sip/syntax/uri.hpp"

#include "tests/unit/sip_syntax/must_parse.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace passerelle::sip;
using passerelle::sip::test::must_uri;

TEST_CASE("quoting escapes what qdtext cannot hold", "[text][round-trip]") {
  CHECK(quote("plain") == "\"plain\"");
  CHECK(quote("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(quote("tab\tstays") == "\"tab\tstays\"");
  CHECK(quote(std::string{"bel\x07nul\0del\x7f", 12}) ==
        std::string{"\"bel\\\x07nul\\\0del\\\x7f\"", 17});

  // A display name carrying quoted-pairs of controls reads back the same.
  static constexpr char raw[] =
      "\"BEL:\\\x07 NUL:\\\0 DEL:\\\x7f\" <sip:a@example.com>";
  std::string text{raw, sizeof raw - 1};
  auto a = parse_address(text);
  REQUIRE(a);
  REQUIRE(a->display_name);
  static constexpr char name[] = "BEL:\x07 NUL:\0 DEL:\x7f";
  CHECK(*a->display_name == std::string{name, sizeof name - 1});
  auto again = parse_address(to_string(*a));
  REQUIRE(again);
  CHECK(again->display_name == a->display_name);
}

TEST_CASE("a URI whose parameter or header names repeat is equivalent to "
          "itself, occurrence by occurrence",
          "[uri][round-trip]") {
  auto params = must_uri("sip:user@exm;tag=.com;tag=2");
  CHECK(equivalent(params, params));
  CHECK(equivalent(params, must_uri("sip:user@exm;TAG=.com;tag=2")));
  CHECK_FALSE(equivalent(params, must_uri("sip:user@exm;tag=.com;tag=3")));
  CHECK_FALSE(equivalent(params, must_uri("sip:user@exm;tag=2;tag=.com")));

  auto headers =
      must_uri("sip:u@[2001:db8::10]:5060?Subject=hi%20there&Priority=a"
               "&Priority=b");
  CHECK(equivalent(headers, headers));
  CHECK_FALSE(equivalent(headers, must_uri("sip:u@[2001:db8::10]:5060"
                                           "?Subject=hi%20there&Priority=a"
                                           "&Priority=a")));

  auto tel = must_uri("tel:+1-201-555-0123;ext=1;ext=2");
  CHECK(equivalent(tel, tel));
  CHECK_FALSE(equivalent(tel, must_uri("tel:+1-201-555-0123;ext=2;ext=1")));
}

TEST_CASE("Digest parameters keep a form that reads back",
          "[auth][round-trip]") {
  // A parameter RFC 7616 does not name keeps its quotes.
  auto c = parse_auth("Digest username=\"u\", response=\"6629fae4\","
                      " algorie=\"x\\\"y\", flag=\"on\", bare=tok");
  REQUIRE(c);
  auto text = to_string(*c, true);
  CHECK(text == "Digest username=\"u\", response=\"6629fae4\","
                " algorie=\"x\\\"y\", flag=\"on\", bare=tok");
  auto again = parse_auth(text);
  REQUIRE(again);
  CHECK(again->get("algorie") == "x\"y");

  // A named token parameter is written bare, unless its value is no token.
  auto quoted = parse_auth("Digest algorithm=\"MD5\"");
  REQUIRE(quoted);
  CHECK(to_string(*quoted, true) == "Digest algorithm=MD5");
  auth_value odd{"Digest", {{"algorithm", "MD5 sess", true}}};
  CHECK(to_string(odd, true) == "Digest algorithm=\"MD5 sess\"");
}
