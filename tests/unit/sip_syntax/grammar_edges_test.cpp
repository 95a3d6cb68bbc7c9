// Edges of the one-pass readers: where a part ends, which error a
// malformed part gives, and that the parse and the validity check of a
// value agree.

#include "sip/syntax/address.hpp"
#include "sip/syntax/auth_params.hpp"
#include "sip/syntax/chars.hpp"
#include "sip/syntax/host.hpp"
#include "sip/syntax/text.hpp"
#include "sip/syntax/uri.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <string_view>

using namespace passerelle::sip;

namespace {

// The error of a parse, or nothing when it succeeds.
template <class T>
std::optional<syntax_error> error_of(const result<T>& r) {
  return r ? std::nullopt : std::optional{r.error()};
}

struct error_case {
  std::string_view text;
  std::optional<syntax_error> error;
};

} // namespace

TEST_CASE("character classes match their RFC 3261 sets", "[chars]") {
  for (int i = 0; i < 256; ++i) {
    auto c = static_cast<char>(i);
    INFO(i);
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                 (c >= '0' && c <= '9');
    CHECK(chars::alphanum(c) == alnum);
    CHECK(chars::token(c) == (alnum || chars::in(c, "-.!%*_+`'~")));
    CHECK(chars::is(c, chars::unreserved_mask) ==
          (alnum || chars::in(c, "-_.!~*'()")));
    CHECK(chars::is(c, chars::reserved_bit) == chars::in(c, ";/?:@&=+$,"));
    CHECK(chars::hex(c) == (chars::digit(c) || chars::in(c, "abcdefABCDEF")));
    CHECK(chars::word(c) ==
          (chars::token(c) || chars::in(c, "()<>:\\\"/[]?{}")));
  }
}

TEST_CASE("decimal numbers are bounded digit by digit", "[text]") {
  CHECK(*parse_decimal("255", 255) == 255u);
  CHECK(*parse_decimal("000000000000000000000255", 255) == 255u);
  CHECK(parse_decimal("256", 255).error() == syntax_error::out_of_range);
  CHECK(*parse_decimal("18446744073709551615", ~0ull) == ~0ull);
  CHECK(parse_decimal("18446744073709551616", ~0ull).error() ==
        syntax_error::out_of_range);
  // The bound is found before a later bad character.
  CHECK(parse_decimal("99x", 9).error() == syntax_error::out_of_range);
  CHECK(parse_decimal("9x9", 99).error() == syntax_error::bad_number);
  CHECK(parse_decimal("", 9).error() == syntax_error::bad_number);
}

TEST_CASE("hostnames and IPv4 addresses at their edges", "[uri][host]") {
  for (auto s : {"a", "a.b", "a-b_c.d", "a.b.", "x1.y2.z", "1a.b"})
    CHECK(is_hostname(s));
  for (auto s : {"", ".", "a..", "a..b", ".a", "-a", "a-", "_a", "a_", "a.-b",
                 "a.1b", "1.2.3.4", "a b", "a.b..", "a~b"}) {
    INFO(s);
    CHECK_FALSE(is_hostname(s));
  }
  CHECK(is_hostname(std::string(253, 'a') + ".b"));
  CHECK_FALSE(is_hostname(std::string(254, 'a') + ".b"));
  for (auto s : {"0.0.0.0", "255.255.255.255", "01.02.03.004"})
    CHECK(is_ipv4(s));
  for (auto s : {"", "1.2.3.4.", ".1.2.3", "1..2.3", "256.1.1.1", "0001.2.3.4",
                 "1.2.3.4a", "1.2.3.-4"}) {
    INFO(s);
    CHECK_FALSE(is_ipv4(s));
  }
}

TEST_CASE("URI parts end where their characters do", "[uri]") {
  using e = syntax_error;
  for (auto [text, error] : {
           error_case{"sip:a:b@h", std::nullopt},
           {"sip:a%41:%42@h", std::nullopt},
           {"sip:a:b:c@h", e::bad_user},
           {"sip::b@h", e::bad_user},
           {"sip:a%4@h", e::bad_user},
           {"sip:a:b%4@h", e::bad_user},
           {"sip:a<b@h", e::bad_user},
           {"sip:h;a=%4", e::bad_param},
           {"sip:h;a=%41;b", std::nullopt},
           {"sip:h;a=b=c", e::bad_param},
           {"sip:h;a=", e::bad_param},
           {"sip:h;a;", e::bad_param},
           {"sip:h;a<b", e::bad_param},
           {"sip:h;a?x=y&z=", std::nullopt},
           {"sip:h?x=y?z", std::nullopt},
           {"sip:h?x=y?z=w", e::bad_uri_header},
           {"sip:h?x", e::bad_uri_header},
           {"sip:h?=y", e::bad_uri_header},
           {"sip:h?x=y&", e::bad_uri_header},
           {"sip:h?x=y;z", e::bad_uri_header},
           {"sip:h>", e::bad_uri},
           {"tel:+1234;a?b", e::bad_param},
           {"tel:1234;a=b;c", std::nullopt},
           {"s+-.1:x", std::nullopt},
           {"1s:x", e::bad_scheme},
           {"s_x:y", e::bad_scheme},
           {":x", e::bad_scheme},
           {"sip", e::bad_scheme},
           {"x:a%4", e::bad_uri},
       }) {
    INFO(text);
    CHECK(error_of(parse_uri(text)) == error);
  }
  auto u = parse_uri("sip:a%41:%42@h;lr;t=%75dp?x=y");
  REQUIRE(u);
  CHECK(u->user == "a%41");
  CHECK(u->password == "%42");
  REQUIRE(u->params.size() == 2);
  CHECK_FALSE(u->params[0].has_value);
  CHECK(u->param("t") == "udp");
  CHECK(u->param("%74") == std::nullopt);
  auto escaped = parse_uri("sip:h;%74=1");
  REQUIRE(escaped);
  CHECK(escaped->param("T") == "1");
  REQUIRE(u->headers.size() == 1);
  CHECK(u->headers[0].value == "y");
}

TEST_CASE("credentials: where each part ends, and parse and check agree",
          "[header][auth]") {
  using e = syntax_error;
  for (auto [text, error] : {
           error_case{"Digest a=\"x, y\", b=c", std::nullopt},
           {"Digest a = b ,\tc=\"d\"  ", std::nullopt},
           {"Digest a=b\r\n,c=d", std::nullopt},
           {"Digest a=b \r\n , c=d", std::nullopt},
           {"Digest a=\r\n b", std::nullopt},
           {"Digest a=b,,c=d", e::bad_auth},
           {"Digest a=b,", e::bad_auth},
           {"Digest a=b c=d", e::bad_auth},
           {"Digest a=<b,c>", e::bad_auth},
           {"Digest a=b\"c, d\"", e::bad_auth},
           {"Digest a=\"x\"y, b=c", e::bad_auth},
           {"Digest a=b, c=\"x", e::bad_quoted_string},
           {"Digest a=\"x\\\"y\", b=\"\\", e::bad_quoted_string},
           {"Digest a=\"x\ry\"", e::bad_quoted_string},
           {"Digest a=b,\r\nc=d", std::nullopt},
           {"Digest\r\na=b", e::bad_auth},
       }) {
    INFO(text);
    CHECK(error_of(parse_auth(text)) == error);
    CHECK(is_auth_value(text) == !error);
  }
  // The two part ways only on names: a Digest name may not repeat (in any
  // case), another scheme's may.
  for (auto text : {"Digest a=b, A=c", "Digest nonce=\"x\", NONCE=y"}) {
    INFO(text);
    CHECK_FALSE(parse_auth(text));
    CHECK_FALSE(is_auth_value(text));
  }
  CHECK(parse_auth("Other a=b, a=c"));
  CHECK(is_auth_value("Other a=b, a=c"));
  auto v = parse_auth("Digest a=\"x\\\"y\"\r\n , b=c");
  REQUIRE(v);
  REQUIRE(v->params.size() == 2);
  CHECK(v->params[0].value == "x\"y");
  CHECK(v->params[0].quoted);
  CHECK(v->params[1].value == "c");
}

TEST_CASE("separators and blanks around them", "[text]") {
  scanner in{" \r\n ;x"};
  CHECK(in.eat_separator(';'));
  CHECK(in.rest() == "x");
  scanner back{"  ,x"};
  CHECK_FALSE(back.eat_separator(';'));
  CHECK(back.position() == 0);
  scanner bare{"\r\n;"};
  CHECK_FALSE(bare.eat_separator(';'));
  CHECK_FALSE(bare.skip_lws());
  CHECK(trim(" \t\r\n") == "");
  CHECK(trim("\r\n a b \n") == "a b");
}

TEST_CASE("a refused Contact element leaves the list as it was",
          "[header][contact]") {
  contact_list list;
  CHECK_FALSE(add_contact(list, "<sip:a@b>;expires=60"));
  CHECK(add_contact(list, "<sip:c@d>;q=2") == syntax_error::bad_number);
  CHECK(add_contact(list, "<sip:c@d") == syntax_error::bad_address);
  REQUIRE(list.entries.size() == 1);
  CHECK(list.entries[0].expires == 60u);
  CHECK(list.entries[0].addr.uri.user == "a");
}
