// The allocation-free accessors and validators against the copying forms
// they stand in for: same answers, views where no fold forces a copy.

#include "sip/syntax/address.hpp"
#include "sip/syntax/auth_params.hpp"
#include "sip/syntax/message.hpp"
#include "sip/syntax/text.hpp"
#include "sip/syntax/uri.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

using namespace passerelle::sip;

namespace {

const std::string folded =
    "REGISTER sip:passerelle.local SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 10.0.0.7:5061;branch=z9hG4bK-1;rport\r\n"
    "To: <sip:dev1@passerelle.local>\r\n"
    "From: <sip:dev1@passerelle.local>;tag=1\r\n"
    "Call-ID: 17-4221@10.0.0.7\r\n"
    "CSeq: 2 REGISTER\r\n"
    "Via: SIP/2.0/UDP proxy.example.com;branch=z9hG4bK-2\r\n"
    "Subject: lunch\r\n  and more  \r\n"
    "X-Custom: one\r\n"
    "Bad line\r\n"
    "Contact: <sip:dev1@10.0.0.7>;expires=60\r\n"
    "Content-Length: 0\r\n\r\n";

bool inside(std::string_view part, std::string_view whole) {
  return part.data() >= whole.data() &&
         part.data() + part.size() <= whole.data() + whole.size();
}

} // namespace

TEST_CASE("count and find by id come from the parse", "[message][view]") {
  auto m = message::parse(folded);
  REQUIRE(m);
  CHECK(m->count(header_id::via) == 2);
  CHECK(m->count(header_id::www_authenticate) == 0);
  CHECK(m->count(header_id::unknown) == 2); // X-Custom and the bad line.
  CHECK(m->find(header_id::unknown) == nullptr);
  CHECK(m->find(header_id::via) == &m->headers()[0]);
  CHECK(m->find(header_id::contact) == &m->headers()[9]);
  CHECK(m->find("x-custom") == &m->headers()[7]);
  CHECK(m->values(header_id::via).size() == 2);
  CHECK(m->list(header_id::via).back() ==
        "SIP/2.0/UDP proxy.example.com;branch=z9hG4bK-2");
  // Every id agrees with a scan of the fields.
  for (std::size_t i = 0; i < header_id_count; ++i) {
    auto id = static_cast<header_id>(i);
    std::size_t n = 0;
    const header_field* first = nullptr;
    for (const auto& h : m->headers()) {
      if (h.id != id)
        continue;
      ++n;
      if (!first && id != header_id::unknown)
        first = &h;
    }
    INFO(i);
    CHECK(m->count(id) == n);
    CHECK(m->find(id) == first);
  }
}

TEST_CASE("value_view copies only folded values", "[message][view]") {
  auto m = message::parse(folded);
  REQUIRE(m);
  std::string scratch;
  auto call_id = m->value_view(header_id::call_id, scratch);
  REQUIRE(call_id);
  CHECK(*call_id == "17-4221@10.0.0.7");
  CHECK(inside(*call_id, folded));
  CHECK(scratch.empty());
  auto subject = m->value_view(header_id::subject, scratch);
  REQUIRE(subject);
  CHECK(*subject == "lunch and more");
  CHECK(*subject == m->value(header_id::subject));
  CHECK(inside(*subject, scratch));
  CHECK_FALSE(m->value_view(header_id::expires, scratch));
  for (const auto& h : m->headers())
    CHECK(h.value_view(scratch) == h.value());
}

TEST_CASE("header names resolve by full and compact name", "[message][view]") {
  for (std::size_t i = 1; i < header_id_count; ++i) {
    auto id = static_cast<header_id>(i);
    auto name = canonical_name(id);
    INFO(name);
    REQUIRE_FALSE(name.empty());
    CHECK(lookup_header(name) == id);
    CHECK(lookup_header(to_lower(name)) == id);
  }
  CHECK(lookup_header("") == header_id::unknown);
  CHECK(lookup_header("1nvalid") == header_id::unknown);
  CHECK(lookup_header("Vias") == header_id::unknown);
  CHECK(lookup_header("V") == header_id::via);
}

TEST_CASE("list element visits stop when the callback says so",
          "[header][view]") {
  int calls = 0;
  CHECK_FALSE(for_each_list_element("a,b,c", [&calls](std::string_view e) {
    ++calls;
    return e != "b";
  }));
  CHECK(calls == 2);
}

TEST_CASE("list elements are split as quotes and brackets say",
          "[header][view]") {
  // The RFC 3261 7.3.1 splitting written out plainly, for texts with and
  // without quotes and brackets (which take different paths).
  auto reference = [](std::string_view s) {
    std::vector<std::string_view> out;
    bool quoted = false;
    bool angle = false;
    std::size_t start = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      if (quoted) {
        if (c == '\\')
          ++i;
        else if (c == '"')
          quoted = false;
      } else if (c == '"') {
        quoted = true;
      } else if (c == '<') {
        angle = true;
      } else if (c == '>') {
        angle = false;
      } else if (c == ',' && !angle) {
        out.push_back(trim(s.substr(start, i - start)));
        start = i + 1;
      }
    }
    out.push_back(trim(s.substr(start < s.size() ? start : s.size())));
    return out;
  };
  const std::string alphabet = "a ,\t\r\n\"<>\\;=";
  std::string text;
  // Every text of up to five characters over the alphabet.
  auto visit = [&](auto& self, std::size_t depth) -> void {
    INFO(text);
    REQUIRE(split_list(text) == reference(text));
    REQUIRE(first_list_element(text) == reference(text).front());
    if (depth == 5)
      return;
    for (char c : alphabet) {
      text.push_back(c);
      self(self, depth + 1);
      text.pop_back();
    }
  };
  visit(visit, 0);
}

TEST_CASE("quoted strings unquote into a view", "[header][view]") {
  std::string scratch;
  std::string_view plain = "\"dev1\" rest";
  scanner a{plain};
  auto v = a.take_quoted(scratch);
  REQUIRE(v);
  CHECK(*v == "dev1");
  CHECK(inside(*v, plain));
  CHECK(a.rest() == " rest");
  scanner b{"\"a \\\"b\\\"\r\n c\""};
  v = b.take_quoted(scratch);
  REQUIRE(v);
  CHECK(*v == "a \"b\"  c"); // The fold's CRLF becomes SP; its WSP stays.
  CHECK(inside(*v, scratch));
  for (std::string_view bad :
       {"\"open", "x\"", "\"a\rb\"", "\"a\x7f\"", "\"\\\r\"", "\"a\\"}) {
    INFO(bad);
    scanner c{bad};
    CHECK_FALSE(c.take_quoted(scratch));
    scanner d{bad};
    CHECK_FALSE(d.take_quoted());
  }
}

TEST_CASE("credentials are validated as parse_auth parses them",
          "[header][auth][view]") {
  for (std::string_view text :
       {"Digest username=\"bob\", realm=\"r\", nc=00000001, qop=auth",
        "Digest realm=\"a \\\"b\\\", c\", stale=TRUE",
        "Basic",
        "  Basic  ",
        "NoOneKnowsThisScheme opaque-data=here",
        "",
        "Digest username",
        "Digest username=\"x",
        "Digest nc=1",
        "Digest nc=\"0000000a\"",
        "Digest nc=0000000g",
        "Digest stale=maybe",
        "Digest response=\"xyz\"",
        "Digest realm=a, realm=b",
        "Digest realm=a, REALM=b",
        "Other realm=a, realm=b",
        "Digest realm=a,,",
        "Digest =x",
        "Digest,realm=a",
        "Digest a=1,b=2,c=3,d=4,e=5,f=6,g=7,h=8,i=9,j=10,k=11,l=12,m=13,"
        "n=14,o=15,p=16,q=17,r=18,q=19",
        "Digest a=1,b=2,c=3,d=4,e=5,f=6,g=7,"
        "h=8,i=9,j=10,k=11,l=12,m=13,n=14,o=15,p=16,q=17,r=18,s=19"}) {
    INFO(text);
    auto full = parse_auth(text);
    CHECK(is_auth_value(text) == full.has_value());
    if (full)
      CHECK(auth_scheme(text) == full->scheme);
  }
  auto c = parse_auth("Digest username=\"bob\", NC=00000001");
  REQUIRE(c);
  REQUIRE(c->find("nc"));
  CHECK(c->find("nc")->value == "00000001");
  CHECK(c->find("nc") == &c->params[1]);
  CHECK_FALSE(c->find("realm"));
}

TEST_CASE("one Contact element and a URI parsed in place",
          "[header][contact][view]") {
  auto e = parse_contact("<sip:a@b>;expires=60;q=0.5");
  REQUIRE(e);
  CHECK(e->expires == 60u);
  CHECK(e->q == 500);
  CHECK_FALSE(parse_contact("*"));
  CHECK_FALSE(parse_contact("<sip:a@b>;expires=4294967296"));
  CHECK_FALSE(parse_contact("<sip:a@b>;q=2"));
  uri u;
  CHECK_FALSE(parse_uri("sip:alice@atlanta.com:5060;transport=tcp", u));
  CHECK(u.host == "atlanta.com");
  CHECK(u.port == 5060);
  CHECK(to_string(u) == "sip:alice@atlanta.com:5060;transport=tcp");
  uri bad;
  CHECK(parse_uri("sip:alice@", bad) == parse_uri("sip:alice@").error());
}
