#include "sip/syntax/message.hpp"

#include "sip/syntax/address.hpp"
#include "sip/syntax/builder.hpp"
#include "sip/syntax/scalars.hpp"
#include "sip/syntax/text.hpp"
#include "sip/syntax/via.hpp"

#include <catch2/catch.hpp>

#include <deque>
#include <utility>
#include <vector>

using namespace passerelle::sip;

namespace {

const std::string invite =
    "INVITE sip:bob@biloxi.com SIP/2.0\r\n"
    "v: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK1,"
    " SIP/2.0/TCP proxy.example.com;branch=z9hG4bK2\r\n"
    "VIA: SIP/2.0/UDP first.example.com\r\n"
    "Max-Forwards: 70\r\n"
    "t: Bob <sip:bob@biloxi.com>\r\n"
    "f: \"Alice, A.\" <sip:alice@atlanta.com>;tag=1928\r\n"
    "i: a84b4c76e66710\r\n"
    "CSeq: 314159 INVITE\r\n"
    "m: <sip:alice@pc33.atlanta.com>, \"x,y\" "
    "<sip:a@b;p=1,2>\r\n"
    "Subject: lunch\r\n"
    "  and more\r\n"
    "X-Custom: one\r\n"
    "c: application/sdp\r\n"
    "l: 4\r\n"
    "\r\n"
    "v=0\r\n";

// Keeps every parsed text alive for the whole run: messages view into it.
const std::string& keep(std::string text) {
  static std::deque<std::string> arena;
  return arena.emplace_back(std::move(text));
}

message must(std::string text,
             parse_options opts = {transport_kind::datagram, 65535}) {
  auto m = message::parse(keep(std::move(text)), opts);
  REQUIRE(m);
  return *m;
}

} // namespace

TEST_CASE("a request splits into start line, headers and body", "[message]") {
  auto m = must(invite);
  CHECK(m.is_request());
  CHECK(m.method() == "INVITE");
  CHECK(m.request_uri() == "sip:bob@biloxi.com");
  CHECK(m.version() == "SIP/2.0");
  CHECK(m.strict_request_line());
  CHECK(m.headers().size() == 12);
  CHECK(m.body() == "v=0\r");
  CHECK(m.consumed() == invite.size() - 1);
}

TEST_CASE("compact forms and case are normalised for lookup", "[message]") {
  auto m = must(invite);
  CHECK(m.find(header_id::to)->name == "t");
  CHECK(m.find("To") == m.find(header_id::to));
  CHECK(m.find("T") == m.find(header_id::to));
  CHECK(m.find("cAlL-iD")->raw_value == "a84b4c76e66710");
  CHECK(m.value("x-custom") == "one");
  CHECK_FALSE(m.find("X-Other"));
  CHECK(m.count(header_id::via) == 2);
  CHECK(m.value(header_id::content_type) == "application/sdp");
  CHECK(lookup_header("o") == header_id::event);
  CHECK(lookup_header("r") == header_id::refer_to);
  CHECK(lookup_header("u") == header_id::allow_events);
  CHECK(lookup_header("e") == header_id::content_encoding);
  CHECK(lookup_header("s") == header_id::subject);
  CHECK(lookup_header("k") == header_id::supported);
  CHECK(lookup_header("q") == header_id::unknown);
  CHECK(canonical_name(header_id::www_authenticate) == "WWW-Authenticate");
  CHECK(canonical_name(header_id::cseq) == "CSeq");
}

TEST_CASE("folded values unfold when read", "[message]") {
  auto m = must(invite);
  CHECK(m.find(header_id::subject)->raw_value == "lunch\r\n  and more");
  CHECK(m.value(header_id::subject) == "lunch and more");
}

TEST_CASE("list headers: comma-separated and repeated", "[message]") {
  auto m = must(invite);
  auto vias = m.list(header_id::via);
  REQUIRE(vias.size() == 3);
  CHECK(parse_via(vias[0])->host == "pc33.atlanta.com");
  CHECK(parse_via(vias[2])->host == "first.example.com");
  auto contacts = m.list(header_id::contact);
  REQUIRE(contacts.size() == 2);
  CHECK(contacts[1] == "\"x,y\" <sip:a@b;p=1,2>");
  // A single-valued header is never split at its commas.
  CHECK(parse_address(*m.value(header_id::from))->display_name == "Alice, A.");
}

TEST_CASE("untouched messages serialise byte for byte", "[message]") {
  auto m = must(invite);
  CHECK(m.serialize() == invite.substr(0, invite.size() - 1));
  std::string bare = "\r\n\r\nOPTIONS sip:a@b SIP/2.0\r\n\r\n";
  auto b = must(bare);
  CHECK(b.headers().empty());
  CHECK(b.serialize() == bare.substr(4));
  CHECK(b.consumed() == bare.size());
}

TEST_CASE("responses and odd start lines", "[message]") {
  auto r = must("SIP/2.0 180 Ringing Now\r\nl: 0\r\n\r\n");
  CHECK(r.is_response());
  CHECK(r.status_code() == 180);
  CHECK(r.reason() == "Ringing Now");
  auto big = must("SIP/2.0 4294967301 x\r\n\r\n");
  CHECK_FALSE(big.status_code());
  CHECK(big.status_text() == "4294967301");
  auto spaced = must("INVITE  sip:a@b  SIP/2.0\r\n\r\n");
  CHECK_FALSE(spaced.strict_request_line());
  CHECK(message::parse("INVITE\r\n\r\n").error() ==
        syntax_error::bad_start_line);
  CHECK(message::parse("SIP/2.0\r\n\r\n").error() ==
        syntax_error::bad_start_line);
  CHECK(message::parse("INVITE sip:a@b SIP/2.0\r\nTo: x\r\n").error() ==
        syntax_error::truncated);
  CHECK(message::parse("\r\n\r\n").error() == syntax_error::empty);
}

TEST_CASE("datagram bodies follow Content-Length", "[message]") {
  std::string head = "MESSAGE sip:a@b SIP/2.0\r\n";
  auto none = must(head + "\r\nhello");
  CHECK(none.body() == "hello");
  auto cut = must(head + "l: 2\r\n\r\nhello");
  CHECK(cut.body() == "he");
  auto over = must(head + "l: 9\r\n\r\nhello");
  CHECK(over.has(message_defect::content_length_overflow));
  CHECK(over.body() == "hello");
  auto bad = must(head + "l: -1\r\n\r\nhello");
  CHECK(bad.has(message_defect::content_length_invalid));
  auto twice = must(head + "l: 1\r\nContent-Length: 1\r\n\r\nhello");
  CHECK(twice.has(message_defect::content_length_repeated));
  auto junk = must(head + "no colon here\r\n\r\n");
  CHECK(junk.has(message_defect::bad_header_line));
  auto folded_first = must(head + " folded\r\n\r\n");
  CHECK(folded_first.has(message_defect::bad_header_line));
  auto large = must(head + "\r\n" + std::string(100, 'x'),
                    {transport_kind::datagram, 64});
  CHECK(large.has(message_defect::too_large));
}

TEST_CASE("stream bodies need Content-Length", "[message]") {
  parse_options stream{transport_kind::stream, 65535};
  std::string head = "MESSAGE sip:a@b SIP/2.0\r\n";
  auto ok = must(head + "Content-Length: 5\r\n\r\nhelloNEXT", stream);
  CHECK(ok.body() == "hello");
  auto missing = must(head + "\r\nhello", stream);
  CHECK(missing.has(message_defect::content_length_missing));
  CHECK(missing.body().empty());
  CHECK(message::parse(keep(head + "l: 9\r\n\r\nhello"), stream).error() ==
        syntax_error::truncated);
}

TEST_CASE("responses are built from requests", "[message][builder]") {
  auto req = must(invite);
  auto text = make_response(req, 180, {}, "as8d").str();
  auto r = must(text);
  CHECK(r.start_line() == "SIP/2.0 180 Ringing");
  CHECK(r.values(header_id::via) == req.values(header_id::via));
  CHECK(r.headers()[0].name == "Via");
  CHECK(parse_address(*r.value(header_id::to))->tag() == "as8d");
  CHECK(r.value(header_id::from) == req.value(header_id::from));
  CHECK(r.value(header_id::call_id) == "a84b4c76e66710");
  CHECK(r.value(header_id::cseq) == "314159 INVITE");
  CHECK(r.value(header_id::content_length) == "0");
  // 100 Trying gets no To tag; an existing tag is kept.
  auto trying = must(make_response(req, 100).str());
  CHECK_FALSE(parse_address(*trying.value(header_id::to))->tag());
  auto ok = make_response(r, 200, "OK", "other").str();
  CHECK(parse_address(*must(ok).value(header_id::to))->tag() == "as8d");
  // The builder tells its status without a parse.
  CHECK(make_response(req, 180, {}, "as8d").status() == 180);
  CHECK(message_builder::response(401).status() == 401);
}

TEST_CASE("requests are built with canonical names", "[message][builder]") {
  auto b = make_request({"REGISTER", "sip:example.com",
                         "SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bKx",
                         "<sip:a@example.com>;tag=1", "<sip:a@example.com>",
                         "call-1", 7});
  b.add("m", "<sip:a@192.0.2.4>");
  b.add("x-phone", "T54W");
  b.add(header_id::content_length, "999"); // ignored: the builder's own
  CHECK(b.status() == 0);
  auto text = b.str();
  CHECK(text == "REGISTER sip:example.com SIP/2.0\r\n"
                "Via: SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bKx\r\n"
                "Max-Forwards: 70\r\n"
                "From: <sip:a@example.com>;tag=1\r\n"
                "To: <sip:a@example.com>\r\n"
                "Call-ID: call-1\r\n"
                "CSeq: 7 REGISTER\r\n"
                "Contact: <sip:a@192.0.2.4>\r\n"
                "x-phone: T54W\r\n"
                "Content-Length: 0\r\n"
                "\r\n");
  CHECK(default_reason(486) == "Busy Here");
}

TEST_CASE("the header section is split in one pass", "[message]") {
  const std::string head = "OPTIONS sip:a@b SIP/2.0\r\n";
  // A lone CR or LF is part of the value; only CRLF ends a line.
  auto lone = must(head + "X-A: a\rb\nc\r\nTo: x\r\n\r\n");
  REQUIRE(lone.headers().size() == 2);
  CHECK(lone.headers()[0].raw_value == "a\rb\nc");
  CHECK(lone.find(header_id::to)->raw_value == "x");
  // Folds continue a field, up to the empty line.
  auto folded = must(head + "Subject: a\r\n b\r\n\tc\r\nTo: x\r\n \r\n\r\nB");
  REQUIRE(folded.headers().size() == 2);
  CHECK(folded.headers()[0].raw_value == "a\r\n b\r\n\tc");
  CHECK(folded.value(header_id::subject) == "a b c");
  CHECK(folded.headers()[1].line == "To: x\r\n ");
  CHECK(folded.value(header_id::to) == "x");
  CHECK(folded.body() == "B");
  // No header fields: the start line's CRLF ends the section too.
  auto bare = must(head + "\r\nB");
  CHECK(bare.headers().empty());
  CHECK(bare.body() == "B");
  // Without the empty line the message is truncated, before its start
  // line is even looked at.
  CHECK(message::parse(keep(head + "To: x\r\n \r\n")).error() ==
        syntax_error::truncated);
  CHECK(message::parse(keep("INVITE\r\nTo: x\r\n")).error() ==
        syntax_error::truncated);
  CHECK(message::parse(keep("INVITE\r\nTo: x\r\n\r\n")).error() ==
        syntax_error::bad_start_line);
  CHECK(message::parse(keep("INVITE sip:a SIP/2.0\r")).error() ==
        syntax_error::truncated);
}

namespace {

// What lookup_header must return for a name of two or more characters:
// the id whose canonical name it is, ignoring case, by a plain scan.
header_id scanned_id(std::string_view name) {
  for (std::size_t i = 1; i < header_id_count; ++i) {
    auto id = static_cast<header_id>(i);
    if (iequals(canonical_name(id), name))
      return id;
  }
  return header_id::unknown;
}

} // namespace

TEST_CASE("header names outside the table are unknown", "[message]") {
  CHECK(lookup_header("Authentication-Info-X") == header_id::unknown);
  // Every name one character away from a known one: most share its hash
  // slot, so only the full compare can tell them apart.
  for (std::size_t i = 1; i < header_id_count; ++i) {
    std::string name{canonical_name(static_cast<header_id>(i))};
    CHECK(lookup_header(name) == static_cast<header_id>(i));
    for (char c : {'x', '-', '0'}) {
      for (std::size_t at = 0; at < name.size(); ++at) {
        auto other = name;
        other[at] = c;
        INFO(other);
        CHECK(lookup_header(other) == scanned_id(other));
      }
    }
    CHECK(lookup_header(name + "x") == header_id::unknown);
  }
}

TEST_CASE("the builder keeps one text", "[message][builder]") {
  auto req = must(invite);
  auto b = make_response(req, 200, {}, "t1");
  b.add("X-Phone", "T54W").add(header_id::contact, "<sip:a@b>");
  auto text = b.str();
  auto copy = b;
  CHECK(std::move(copy).str() == text);
  // Each field as added, in order, then Content-Length.
  auto m = must(text);
  using field = std::pair<std::string_view, std::string_view>;
  std::vector<field> fields;
  for (const auto& h : m.headers())
    fields.emplace_back(h.name, h.raw_value);
  CHECK(fields ==
        std::vector<field>{
            {"Via", "SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK1, "
                    "SIP/2.0/TCP proxy.example.com;branch=z9hG4bK2"},
            {"Via", "SIP/2.0/UDP first.example.com"},
            {"From", "\"Alice, A.\" <sip:alice@atlanta.com>;tag=1928"},
            {"To", "Bob <sip:bob@biloxi.com>;tag=t1"},
            {"Call-ID", "a84b4c76e66710"},
            {"CSeq", "314159 INVITE"},
            {"X-Phone", "T54W"},
            {"Contact", "<sip:a@b>"},
            {"Content-Length", "0"}});
  CHECK(m.body().empty());
}
