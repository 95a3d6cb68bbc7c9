#include "sip/syntax/classify.hpp"

#include <catch2/catch.hpp>

using namespace passerelle::sip;

namespace {

std::string request(const std::string& method, const std::string& extra = {},
                    const std::string& body = {}) {
  return method + " sip:bob@example.com SIP/2.0\r\n" +
         "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK74bf9\r\n" +
         "Max-Forwards: 70\r\n" +
         "From: <sip:alice@example.com>;tag=9fxced76sl\r\n" +
         "To: <sip:bob@example.com>\r\n" +
         "Call-ID: 3848276298220188511@example.com\r\n" + "CSeq: 1 " + method +
         "\r\n" + extra + "Content-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
}

verdict judge(const std::string& text,
              parse_options opts = {transport_kind::datagram, 65535}) {
  auto m = message::parse(text, opts);
  REQUIRE(m);
  return classify(*m);
}

} // namespace

TEST_CASE("well-formed requests are accepted", "[classify]") {
  for (auto method : {"INVITE", "REGISTER", "OPTIONS", "BYE", "CANCEL"}) {
    INFO(method);
    auto v = judge(request(method));
    CHECK(v.action == disposition::accept);
    CHECK(v.what == problem::none);
    CHECK_FALSE(v.max_forwards_exhausted);
  }
  auto sdp = judge(request("INVITE",
                           "Content-Type: application/sdp\r\n"
                           "Accept: application/*\r\n",
                           "v=0\r\n"));
  CHECK(sdp.action == disposition::accept);
}

TEST_CASE("reasons name the problem", "[classify]") {
  auto v = judge("INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n"
                 "To: <sip:a@b>\r\nFrom: <sip:c@d>\r\nCSeq: 1 INVITE\r\n\r\n");
  CHECK(v.status == 400);
  CHECK(v.reason == "Missing Call-ID Header");
  CHECK(v.header == header_id::call_id);
  v = judge(request("INVITE", "Route: sip:proxy.example.com\r\n"));
  CHECK(v.reason == "Malformed Route Header");
  CHECK(is_malformed(v.what));
  v = judge(request("INVITE", "Expires: soon\r\n"));
  CHECK(v.reason == "Malformed Expires Header");
}

TEST_CASE("stream messages need Content-Length", "[classify]") {
  auto text = "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h\r\n"
              "To: <sip:a@b>\r\nFrom: <sip:c@d>;tag=1\r\nCall-ID: x\r\n"
              "CSeq: 1 OPTIONS\r\n\r\n";
  auto v = judge(text, {transport_kind::stream, 65535});
  CHECK(v.status == 400);
  CHECK(v.reason == "Missing Content-Length");
  CHECK(judge(text).action == disposition::accept);
}

TEST_CASE("semantic rejections", "[classify]") {
  CHECK(judge(request("INVITE", "Proxy-Authorization: Basic x=y\r\n")).status ==
        407);
  CHECK(judge(request("INVITE", "Authorization: Digest username=\"a\"\r\n"))
            .action == disposition::accept);
  CHECK(judge(request("MESSAGE",
                      "Content-Type: text/plain\r\n"
                      "Content-Encoding: gzip\r\n",
                      "hi"))
            .status == 415);
  auto untyped = judge(request("MESSAGE", {}, "hi"));
  CHECK(untyped.status == 400);
  CHECK(untyped.reason == "Missing Content-Type Header");
  CHECK(judge(request("INVITE", "Require: 100rel, timer\r\n")).action ==
        disposition::accept);
  // CANCEL is never refused for its Require (RFC 3261 8.2.2.3).
  CHECK(judge(request("CANCEL", "Require: foo\r\n")).action ==
        disposition::accept);
  CHECK(judge(request("INVITE", "Accept:\r\n")).status == 406);
  CHECK(judge(request("OPTIONS", "Accept: text/html\r\n")).action ==
        disposition::accept);
  CHECK(judge(request("OPTIONS", "Max-Forwards: 0\r\n")).status == 400);
}

TEST_CASE("ACKs are never answered", "[classify]") {
  auto v = judge(request("ACK", "Require: foo\r\n", "junk"));
  CHECK(v.action == disposition::drop);
  v = judge("ACK sip:a@b SIP/7.0\r\n\r\n");
  CHECK(v.action == disposition::drop);
  CHECK(v.what == problem::unsupported_version);
}

TEST_CASE("oversize and custom profiles", "[classify]") {
  auto text =
      request("MESSAGE", "Content-Type: text/plain\r\n", std::string(300, 'x'));
  CHECK(judge(text, {transport_kind::datagram, 200}).status == 513);
  uas_profile strict = uas_profile::gateway();
  strict.methods = {"REGISTER"};
  strict.uri_schemes = {"sips"};
  auto invite = request("INVITE");
  auto m = message::parse(invite);
  REQUIRE(m);
  CHECK(classify(*m, strict).status == 405);
  auto registration = request("REGISTER");
  auto reg = message::parse(registration);
  REQUIRE(reg);
  CHECK(classify(*reg, strict).status == 416);
}

TEST_CASE("responses are accepted or dropped", "[classify]") {
  std::string ok = "SIP/2.0 200 OK\r\n"
                   "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK74bf9\r\n"
                   "From: <sip:alice@example.com>;tag=1\r\n"
                   "To: <sip:bob@example.com>;tag=2\r\n"
                   "Call-ID: c\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
  CHECK(judge(ok).action == disposition::accept);
  auto no_call_id = ok;
  no_call_id.replace(no_call_id.find("Call-ID: c\r\n"), 12, "");
  CHECK(judge(no_call_id).action == disposition::drop);
  auto low = ok;
  low.replace(8, 3, "099");
  CHECK(judge(low).what == problem::bad_status_line);
  auto v2 = ok;
  v2.replace(0, 7, "SIP/3.0");
  CHECK(judge(v2).action == disposition::drop);
}
