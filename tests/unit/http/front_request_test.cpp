#include "http/front_request.hpp"

#include "http/phone_answer.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace passerelle::http;

namespace {

/// Whether the front answers this request itself.
bool taken(const std::string& bytes) {
  request_head head;
  REQUIRE(parse_request_head(bytes, head) == head_status::complete);
  return front_takes(head).has_value();
}

std::string get(std::string_view target, std::string_view fields = {}) {
  std::string out{"GET "};
  out.append(target).append(" HTTP/1.1\r\nHost: gw\r\n");
  out.append(fields).append("\r\n");
  return out;
}

} // namespace

TEST_CASE("the front takes phones' fetches", "[http][front]") {
  request_head head;
  auto bytes = get("/lang_fr/805ec0d57d72.cfg",
                   "User-Agent: Yealink SIP-T46S 66.86.0.15\r\n"
                   "Accept: */*\r\nConnection: keep-alive\r\n"
                   "Accept-Encoding: identity\r\nContent-Length: 0\r\n");
  REQUIRE(parse_request_head(bytes, head) == head_status::complete);
  auto fetch = front_takes(head);
  REQUIRE(fetch);
  CHECK(fetch->path == "/lang_fr/805ec0d57d72.cfg");
  CHECK(fetch->user_agent == "Yealink SIP-T46S 66.86.0.15");
  CHECK(taken(get("/tenantid/default/Cisco/CP-8851-3PCC/00562b043615.cfg")));
  // Not a provisioning file: the front's answer is the catch-all's 404.
  CHECK(taken(get("/nothing-here.cfg")));
  CHECK(taken(get("/")));
}

TEST_CASE("everything else goes to httplib", "[http][front]") {
  auto row = GENERATE(values<std::string>({
      "HEAD /805ec0d57d72.cfg HTTP/1.1\r\n\r\n",
      "POST /805ec0d57d72.cfg HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
      "get /805ec0d57d72.cfg HTTP/1.1\r\n\r\n",
      get("/api/v1/devices"),
      get("/api"),
      get("/healthz"),
      get("/metrics"),
      get("/phone/805ec0d57d72/signin"),
      get("/805ec0d57d72.cfg?x=1"),
      get("/805ec0d57d72%2ecfg"),
      get("/805ec0d57d72.cfg#top"),
      get("http://gw/805ec0d57d72.cfg"),
      get("*"),
      get("/a", "Range: bytes=0-10\r\n"),
      get("/a", "Expect: 100-continue\r\n"),
      get("/a", "Content-Length: 5\r\n"),
      get("/a", "Content-Length: 0\r\nContent-Length: 0\r\n"),
      get("/a", "Transfer-Encoding: chunked\r\n"),
      get("/a", "Accept-Encoding: gzip, deflate\r\n"),
      get("/a", "Accept-Encoding: br\r\n"),
      get("/a", "Authorization: Bearer x\r\n"),
      get("/a", "User-Agent: a%20b\r\n"),
      get("/a", "User-Agent: a\r\nUser-Agent: b\r\n"),
      get("/a", "X-Unknown: 1\r\n"),
  }));
  INFO(row);
  CHECK_FALSE(taken(row));
}

TEST_CASE("an answer is one response with httplib's fields", "[http][front]") {
  std::string out;
  append_response(out, {200, "text/plain; charset=utf-8", "abc"},
                  {true, 5, 1000});
  append_response(out, {404, "text/plain", ""}, {false, 5, 1000});
  CHECK(out == "HTTP/1.1 200 OK\r\n"
               "Content-Length: 3\r\n"
               "Content-Type: text/plain; charset=utf-8\r\n"
               "Keep-Alive: timeout=5, max=1000\r\n"
               "\r\n"
               "abc"
               "HTTP/1.1 404 Not Found\r\n"
               "Content-Length: 0\r\n"
               "Content-Type: text/plain\r\n"
               "Connection: close\r\n"
               "\r\n");
}
