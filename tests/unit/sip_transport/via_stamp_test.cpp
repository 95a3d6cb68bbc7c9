#include "sip/transport/via_stamp.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace passerelle::sip;
using namespace passerelle::sip::transport;

namespace {

std::string request_with_via(const std::string& via_line,
                             const std::string& body = {}) {
  std::string m = "OPTIONS sip:gw.example SIP/2.0\r\n";
  m += via_line;
  m += "\r\nFrom: <sip:a@example>;tag=1\r\n"
       "To: <sip:gw.example>\r\n"
       "Call-ID: c1\r\n"
       "CSeq: 1 OPTIONS\r\n"
       "Max-Forwards: 70\r\n"
       "Content-Length: ";
  m += std::to_string(body.size());
  m += "\r\n\r\n";
  m += body;
  return m;
}

// Returns the Via line of the stamped request, as written.
std::string stamped_via(const std::string& via_line, const char* ip,
                        std::uint16_t port) {
  auto bytes = request_with_via(via_line);
  auto m = message::parse(bytes);
  REQUIRE(m);
  auto out = stamp_via(bytes, *m, compute_via_fixup(*m, ip, port)).bytes;
  auto begin = out.find(via_line.substr(0, 4));
  return out.substr(begin, out.find("\r\n", begin) - begin);
}

} // namespace

TEST_CASE("the top Via gets received and rport (RFC 3261 18.2.1, RFC 3581)",
          "[via]") {
  struct row {
    const char* in;
    const char* out;
  };
  const row rows[] = {
      // RFC 3581 4: rport is filled in and received added even when equal.
      {"Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1;rport",
       "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1;rport=40000"
       ";received=203.0.113.7"},
      {"Via: SIP/2.0/UDP 203.0.113.7:5060;rport;branch=z9hG4bK1",
       "Via: SIP/2.0/UDP 203.0.113.7:5060;rport=40000;branch=z9hG4bK1"
       ";received=203.0.113.7"},
      // RFC 3261 18.2.1: a name, or another address, in sent-by.
      {"Via: SIP/2.0/TCP phone.example;branch=z9hG4bK1",
       "Via: SIP/2.0/TCP phone.example;branch=z9hG4bK1;received=203.0.113.7"},
      {"Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1",
       "Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1;received=203.0.113.7"},
      // The same address and no rport: nothing to add.
      {"Via: SIP/2.0/UDP 203.0.113.7:5062;branch=z9hG4bK1",
       "Via: SIP/2.0/UDP 203.0.113.7:5062;branch=z9hG4bK1"},
      // Values already present are replaced, not repeated.
      {"Via: SIP/2.0/UDP "
       "10.0.0.1;received=192.0.2.1;rport=1234;branch=z9hG4bK1",
       "Via: SIP/2.0/UDP 10.0.0.1;received=203.0.113.7;rport=40000"
       ";branch=z9hG4bK1"},
      // SWS around SEMI and EQUAL (RFC 3261 25.1) is kept as written.
      {"Via: SIP/2.0/UDP 10.0.0.1 ; rport ; branch = z9hG4bK1",
       "Via: SIP/2.0/UDP 10.0.0.1 ; rport=40000 ; branch = z9hG4bK1"
       ";received=203.0.113.7"},
      // Only the first value of a list is the top Via.
      {"Via: SIP/2.0/UDP a.example;rport, SIP/2.0/UDP b.example;rport",
       "Via: SIP/2.0/UDP a.example;rport=40000;received=203.0.113.7, "
       "SIP/2.0/UDP b.example;rport"},
      // Compact form, quoted extension values with ';' inside.
      {"v: SIP/2.0/UDP 10.0.0.1;x=\"a;rport\";rport",
       "v: SIP/2.0/UDP 10.0.0.1;x=\"a;rport\";rport=40000"
       ";received=203.0.113.7"},
  };
  for (const auto& r : rows) {
    INFO(r.in);
    CHECK(stamped_via(r.in, "203.0.113.7", 40000) == r.out);
  }
}

TEST_CASE("IPv6 sent-by compares as an address", "[via]") {
  auto bytes =
      request_with_via("Via: SIP/2.0/UDP [2001:db8::1];branch=z9hG4bK1");
  auto m = message::parse(bytes);
  REQUIRE(m);
  CHECK(compute_via_fixup(*m, "2001:db8:0::1", 5060).empty());
  auto fix = compute_via_fixup(*m, "2001:db8::2", 5060);
  CHECK(fix.received == "2001:db8::2");
  CHECK_FALSE(fix.rport);
}

TEST_CASE("stamping leaves the body and every other byte alone", "[via]") {
  std::string body = "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\n";
  auto bytes =
      request_with_via("Via: SIP/2.0/UDP 10.0.0.1;rport;branch=z9hG4bK1", body);
  inbound_message in;
  in.bytes = bytes;
  in.transport = protocol::tcp;
  in.source_ip = "198.51.100.2";
  in.source_port = 1024;
  stamp_top_via(in, true);
  CHECK(in.via_stamped);
  CHECK(in.top_via == via_fixup{"198.51.100.2", 1024});
  std::string expected = bytes;
  std::string via = "Via: SIP/2.0/UDP 10.0.0.1;rport;branch=z9hG4bK1";
  expected.replace(expected.find(via), via.size(),
                   "Via: SIP/2.0/UDP 10.0.0.1;rport=1024;branch=z9hG4bK1"
                   ";received=198.51.100.2");
  CHECK(in.bytes == expected);
  auto again = message::parse(in.bytes, {transport_kind::stream, 65535});
  REQUIRE(again);
  CHECK(again->body() == body);
}

TEST_CASE("responses and unparsable requests are not stamped", "[via]") {
  inbound_message response;
  response.bytes = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;rport\r\n"
                   "Content-Length: 0\r\n\r\n";
  response.source_ip = "192.0.2.1";
  response.source_port = 5060;
  auto before = response.bytes;
  stamp_top_via(response, true);
  CHECK(response.bytes == before);
  CHECK(response.top_via.empty());

  inbound_message bad;
  bad.bytes = request_with_via("Via: not a via;;;");
  bad.source_ip = "192.0.2.1";
  before = bad.bytes;
  stamp_top_via(bad, true);
  CHECK(bad.bytes == before);
  CHECK_FALSE(bad.via_stamped);
}

TEST_CASE("without rewriting the values are only reported", "[via]") {
  inbound_message in;
  in.bytes = request_with_via("Via: SIP/2.0/UDP 10.0.0.1;rport");
  in.source_ip = "192.0.2.1";
  in.source_port = 7000;
  auto before = in.bytes;
  stamp_top_via(in, false);
  CHECK(in.bytes == before);
  CHECK_FALSE(in.via_stamped);
  CHECK(in.top_via.rport == 7000);
}

TEST_CASE("stamping hands on the parse of the stamped bytes", "[via][kept]") {
  const char* vias[] = {
      "Via: SIP/2.0/UDP 10.0.0.1;rport;branch=z9hG4bK1",
      "Via: SIP/2.0/UDP 10.0.0.1:5060;rport=9;received=1.1.1.1;branch=z9hG4bK1",
      "Via: SIP/2.0/UDP phone.example;branch=z9hG4bK1 , SIP/2.0/TCP x.example",
      "Via: SIP/2.0/UDP 10.0.0.1;RPORT;branch=z9hG4bK1;rport",
      "Via: SIP/2.0/UDP\r\n 10.0.0.1;rport;branch=z9hG4bK1", // folded
      "Via: SIP/2.0/UDP 198.51.100.2;branch=z9hG4bK1",       // nothing to do
  };
  for (const char* via : vias)
    for (const char* ip : {"198.51.100.2", "2001:db8::1"}) {
      INFO(via << " from " << ip);
      inbound_message in;
      in.bytes = request_with_via(via);
      in.source_ip = ip;
      in.source_port = 40000;
      stamp_top_via(in, true);
      auto kept = in.parsed.take(in.bytes, transport_kind::datagram);
      REQUIRE(kept);
      auto fresh = message::parse(in.bytes);
      REQUIRE(fresh);
      CHECK(kept->serialize() == in.bytes);
      REQUIRE(kept->headers().size() == fresh->headers().size());
      for (std::size_t i = 0; i < kept->headers().size(); ++i)
        CHECK(kept->headers()[i].line == fresh->headers()[i].line);
      // The top Via kept (updated in place for an IPv4 source) reads as a
      // parse of the stamped one.
      REQUIRE(kept->top_via());
      REQUIRE(fresh->top_via());
      REQUIRE(kept->top_via()->has_value() == fresh->top_via()->has_value());
      if (*fresh->top_via()) {
        CHECK(to_string(**kept->top_via()) == to_string(**fresh->top_via()));
        CHECK((*kept->top_via())->received() ==
              (*fresh->top_via())->received());
        CHECK((*kept->top_via())->rport() == (*fresh->top_via())->rport());
      }
    }
}

TEST_CASE("a kept parse is handed over only with its own bytes",
          "[via][kept]") {
  inbound_message in;
  in.bytes =
      request_with_via("Via: SIP/2.0/UDP 10.0.0.1;rport;branch=z9hG4bK1");
  in.source_ip = "198.51.100.2";
  in.source_port = 40000;
  stamp_top_via(in, true);

  // A copy's bytes live elsewhere: the copy carries no parse.
  auto copy = in;
  CHECK_FALSE(copy.parsed.take(copy.bytes, transport_kind::datagram));

  // A move keeps the string's buffer, and the parse with it, once.
  auto moved = std::move(in);
  auto kept = moved.parsed.take(moved.bytes, transport_kind::datagram);
  REQUIRE(kept);
  CHECK(kept->bytes() == moved.bytes);
  CHECK_FALSE(moved.parsed.take(moved.bytes, transport_kind::datagram));

  // Not for other bytes, nor framed otherwise.
  stamp_top_via(moved, false);
  auto other = moved.bytes;
  CHECK_FALSE(moved.parsed.take(other, transport_kind::datagram));
  stamp_top_via(moved, false);
  CHECK_FALSE(moved.parsed.take(moved.bytes, transport_kind::stream));
}

TEST_CASE("stamping edits in order of position, rport before received",
          "[via]") {
  // rport without a value at the very end: its value and the appended
  // received land at one spot, rport's first.
  CHECK(stamped_via("Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1;rport",
                    "203.0.113.7", 5060) ==
        "Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1;rport=5060"
        ";received=203.0.113.7");
  // received before rport, both with values of other lengths.
  CHECK(stamped_via("Via: SIP/2.0/UDP h;received=1.2.3.4;x;rport=1",
                    "203.0.113.7", 65535) ==
        "Via: SIP/2.0/UDP h;received=203.0.113.7;x;rport=65535");
  // Only the first rport and received are written, an empty value too
  // (stamped as given, whether or not the top Via parses).
  auto text = request_with_via("Via: SIP/2.0/UDP h;RPORT=;received;rport");
  auto parsed = message::parse(text);
  REQUIRE(parsed);
  via_fixup fix{std::string{"192.0.2.1"}, std::uint16_t{7}};
  auto out = stamp_via(text, *parsed, fix).bytes;
  CHECK(out.find("Via: SIP/2.0/UDP h;RPORT=7;received=192.0.2.1;rport\r\n") !=
        std::string::npos);
  // The span reported covers both edits.
  auto bytes = request_with_via("Via: SIP/2.0/UDP h;rport;branch=z9hG4bK1");
  auto m = message::parse(bytes);
  REQUIRE(m);
  auto stamped = stamp_via(bytes, *m, compute_via_fixup(*m, "192.0.2.1", 9));
  REQUIRE(stamped.edit);
  auto at = bytes.find(";rport") + 6;
  CHECK(stamped.edit->offset == at);
  CHECK(stamped.edit->replaced == bytes.find("\r\n", at) - at);
  CHECK(stamped.edit->inserted ==
        stamped.edit->replaced +
            std::string_view{"=9;received=192.0.2.1"}.size());
}
