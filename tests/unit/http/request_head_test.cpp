#include "http/request_head.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace passerelle::http;

namespace {

const std::string yealink_get =
    "GET /805ec0d57d72.cfg HTTP/1.1\r\n"
    "Host: 127.0.0.1:8080\r\n"
    "User-Agent: Yealink SIP-T46S 66.86.0.15 80:5e:c0:d5:7d:72\r\n"
    "Accept:*/*  \r\n"
    "\r\n";

head_status parse(std::string_view bytes, head_limits limits = {}) {
  request_head head;
  return parse_request_head(bytes, head, limits);
}

} // namespace

TEST_CASE("a complete head is read with its fields", "[http][head]") {
  request_head head;
  auto bytes = yealink_get + "GET /next HTTP/1.1\r\n";
  REQUIRE(parse_request_head(bytes, head) == head_status::complete);
  CHECK(head.method == "GET");
  CHECK(head.target == "/805ec0d57d72.cfg");
  CHECK(head.minor_version == 1);
  CHECK(head.size == yealink_get.size());
  REQUIRE(head.fields.size() == 3);
  CHECK(head.fields[0].name == "Host");
  CHECK(head.fields[2].value == "*/*"); // optional whitespace trimmed
  auto* ua = find_field(head, "user-agent");
  REQUIRE(ua != nullptr);
  CHECK(ua->value == "Yealink SIP-T46S 66.86.0.15 80:5e:c0:d5:7d:72");
  CHECK(find_field(head, "Range") == nullptr);
  CHECK(count_fields(head, "HOST") == 1);
}

TEST_CASE("every prefix of a head is incomplete", "[http][head]") {
  for (size_t n = 0; n < yealink_get.size(); ++n)
    CHECK(parse(std::string_view{yealink_get}.substr(0, n)) ==
          head_status::incomplete);
}

TEST_CASE("the parser refuses what it does not accept", "[http][head]") {
  struct row {
    const char* what;
    std::string bytes;
    head_status expected;
  };
  auto rows = GENERATE(values<row>({
      {"bare LF ends", "GET / HTTP/1.1\nHost: a\n\n", head_status::malformed},
      {"bare LF in fields", "GET / HTTP/1.1\r\nHost: a\n\r\n",
       head_status::malformed},
      {"empty line first", "\r\nGET / HTTP/1.1\r\n\r\n",
       head_status::malformed},
      {"HTTP/2.0", "GET / HTTP/2.0\r\n\r\n", head_status::malformed},
      {"HTTP/0.9 style", "GET /\r\n\r\n", head_status::malformed},
      {"lowercase version", "GET / http/1.1\r\n\r\n", head_status::malformed},
      {"two spaces", "GET  / HTTP/1.1\r\n\r\n", head_status::malformed},
      {"space in target", "GET /a b HTTP/1.1\r\n\r\n", head_status::malformed},
      {"no method", " / HTTP/1.1\r\n\r\n", head_status::malformed},
      {"method not a token", "G(T / HTTP/1.1\r\n\r\n", head_status::malformed},
      {"space before colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n",
       head_status::malformed},
      {"no colon", "GET / HTTP/1.1\r\nHost a\r\n\r\n", head_status::malformed},
      {"empty name", "GET / HTTP/1.1\r\n: a\r\n\r\n", head_status::malformed},
      {"obs-fold", "GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n",
       head_status::malformed},
      {"CR in value", "GET / HTTP/1.1\r\nA: b\rc\r\n\r\n",
       head_status::malformed},
      {"NUL in value", std::string{"GET / HTTP/1.1\r\nA: b\0c\r\n\r\n", 27},
       head_status::malformed},
      {"tab in value", "GET / HTTP/1.1\r\nA: b\tc\r\n\r\n",
       head_status::complete},
      {"empty value", "GET / HTTP/1.1\r\nA:\r\n\r\n", head_status::complete},
      {"HTTP/1.0", "GET / HTTP/1.0\r\n\r\n", head_status::complete},
  }));
  INFO(rows.what);
  CHECK(parse(rows.bytes) == rows.expected);
}

TEST_CASE("a head past the limit is too large", "[http][head]") {
  head_limits limits{64, 3};
  std::string head = "GET / HTTP/1.1\r\nA: " + std::string(40, 'x') + "\r\n";
  CHECK(parse(head, limits) == head_status::incomplete);
  CHECK(parse(head + "\r\n", limits) == head_status::complete);
  // Exactly at the limit is complete; one byte more is not.
  auto exact = "GET / HTTP/1.1\r\nA: " + std::string(41, 'x') + "\r\n\r\n";
  REQUIRE(exact.size() == 64);
  CHECK(parse(exact, limits) == head_status::complete);
  auto longer = "GET / HTTP/1.1\r\nA: " + std::string(42, 'x') + "\r\n\r\n";
  CHECK(parse(longer, limits) == head_status::too_large);
  CHECK(parse(std::string(64, 'G'), limits) == head_status::too_large);
  CHECK(parse(std::string(63, 'G'), limits) == head_status::incomplete);
  std::string many = "GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n";
  CHECK(parse(many, {1024, 3}) == head_status::too_large);
  CHECK(parse(many, {1024, 4}) == head_status::complete);
}

TEST_CASE("keep-alive follows the version and Connection", "[http][head]") {
  struct row {
    std::string bytes;
    bool keeps;
  };
  auto rows = GENERATE(values<row>({
      {"GET / HTTP/1.1\r\n\r\n", true},
      {"GET / HTTP/1.1\r\nConnection: close\r\n\r\n", false},
      {"GET / HTTP/1.1\r\nconnection: Keep-Alive, CLOSE\r\n\r\n", false},
      {"GET / HTTP/1.1\r\nConnection: te\r\nConnection: close\r\n\r\n", false},
      {"GET / HTTP/1.0\r\n\r\n", false},
      {"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", true},
      {"GET / HTTP/1.0\r\nConnection: Keep-Alive , te\r\n\r\n", true},
      {"GET / HTTP/1.0\r\nKeep-Alive: timeout=5\r\n\r\n", false},
  }));
  INFO(rows.bytes);
  request_head head;
  REQUIRE(parse_request_head(rows.bytes, head) == head_status::complete);
  CHECK(keeps_alive(head) == rows.keeps);
}
