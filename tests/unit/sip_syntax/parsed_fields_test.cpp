// The typed values a message keeps (`message::top_via` and the others) and
// `message::rebase`, which moves a parse onto an edited copy of its bytes.

#include "sip/syntax/message.hpp"

#include "tests/unit/sip_syntax/testdata.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

using namespace passerelle::sip;

namespace {

const std::string register_text =
    "REGISTER sip:gw.example SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 10.0.0.7:5061;branch=z9hG4bK-1;rport,"
    " SIP/2.0/TCP proxy.example;branch=z9hG4bK-2\r\n"
    "From: \"Dev\" <sip:dev@gw.example>;tag=abc\r\n"
    "To: <sip:dev@gw.example>\r\n"
    "Call-ID: 17@10.0.0.7\r\n"
    "CSeq: 2 REGISTER\r\n"
    "Contact: <sip:dev@10.0.0.7:5061>;expires=60, <sip:dev@10.0.0.8>\r\n"
    "Authorization: Digest username=\"dev\", realm=\"gw.example\"\r\n"
    "Authorization: Digest username=\"dev\", realm=\"other\"\r\n"
    "Content-Length: 0\r\n\r\n";

// Whether two parses of the same text agree view for view.
void require_same(const message& a, const message& b) {
  REQUIRE(a.headers().size() == b.headers().size());
  CHECK(a.start_line() == b.start_line());
  CHECK(a.method() == b.method());
  CHECK(a.request_uri() == b.request_uri());
  CHECK(a.version() == b.version());
  for (std::size_t i = 0; i < a.headers().size(); ++i) {
    CHECK(a.headers()[i].name == b.headers()[i].name);
    CHECK(a.headers()[i].raw_value == b.headers()[i].raw_value);
    CHECK(a.headers()[i].line == b.headers()[i].line);
    CHECK(a.headers()[i].id == b.headers()[i].id);
  }
  CHECK(a.body() == b.body());
  CHECK(a.bytes() == b.bytes());
  CHECK(a.consumed() == b.consumed());
  CHECK(a.has(message_defect::too_large) == b.has(message_defect::too_large));
}

} // namespace

TEST_CASE("a message keeps the parse of the fields every request needs",
          "[message][parsed]") {
  auto m = message::parse(register_text);
  REQUIRE(m);
  const auto* top = m->top_via();
  REQUIRE(top);
  REQUIRE(*top);
  CHECK((*top)->host == "10.0.0.7");
  CHECK((*top)->branch() == "z9hG4bK-1");
  CHECK(m->top_via() == top); // kept, not parsed again
  REQUIRE(m->from());
  CHECK((*m->from())->tag() == "abc");
  CHECK((*m->from())->display_name == "Dev");
  REQUIRE(m->to());
  CHECK((*m->to())->uri.host == "gw.example");
  REQUIRE(m->cseq());
  CHECK((*m->cseq())->number == 2);
  CHECK((*m->cseq())->method == "REGISTER");
  REQUIRE(m->contacts());
  REQUIRE(m->contacts()->entries.size() == 2);
  CHECK(m->contacts()->entries[0].expires == 60u);
  CHECK(m->contacts()->entries[1].addr.uri.host == "10.0.0.8");
  // The first Authorization only.
  REQUIRE(m->authorization());
  CHECK((*m->authorization())->realm() == "gw.example");
}

TEST_CASE("kept fields are what their parsers say of the unfolded value",
          "[message][parsed]") {
  const std::string text =
      "OPTIONS sip:gw SIP/2.0\r\n"
      "Via: SIP/2.0/UDP\r\n  host.example;branch=z9hG4bKx\r\n"
      "From: not an address <\r\n"
      "CSeq: 1\r\n"
      "Contact: *, <sip:a@b>\r\n\r\n";
  auto m = message::parse(text);
  REQUIRE(m);
  REQUIRE(m->top_via());
  REQUIRE(*m->top_via());
  CHECK((*m->top_via())->host == "host.example");
  REQUIRE(m->from());
  CHECK_FALSE(*m->from());
  CHECK(m->from()->error() == parse_address("not an address <").error());
  REQUIRE(m->cseq());
  CHECK_FALSE(*m->cseq());
  CHECK_FALSE(m->contacts()); // a wildcard among addresses
  CHECK(m->to() == nullptr);
  CHECK(m->authorization() == nullptr);
}

TEST_CASE("no Contact is an empty list", "[message][parsed]") {
  auto m = message::parse(std::string_view{"OPTIONS sip:gw SIP/2.0\r\n\r\n"});
  REQUIRE(m);
  REQUIRE(m->contacts());
  CHECK_FALSE(m->contacts()->wildcard);
  CHECK(m->contacts()->entries.empty());
  CHECK(m->top_via() == nullptr);
}

TEST_CASE("rebase moves a parse onto edited bytes as a parse of them would",
          "[message][rebase]") {
  struct row {
    std::string_view find;    // what to replace in register_text
    std::string_view replace; // with what
  };
  const row rows[] = {
      {"rport", "rport=40000"}, // grows inside the top Via
      {";rport,", ";rport;received=1.2.3.4,"},
      {"z9hG4bK-1", "z"}, // shrinks
      {"<sip:dev@gw.example>;tag=abc", "<sip:dev@gw.example>;tag=abcdef"},
      {"17@10.0.0.7", "18@10.0.0.7"}, // a whole value
  };
  for (const auto& r : rows) {
    INFO(r.find);
    auto m = message::parse(register_text);
    REQUIRE(m);
    // Parse the kept fields first: those of the edited field must go.
    (void)m->top_via();
    (void)m->from();
    (void)m->cseq();
    auto at = register_text.find(r.find);
    REQUIRE(at != std::string::npos);
    auto edited = register_text;
    edited.replace(at, r.find.size(), r.replace);
    REQUIRE(m->rebase(register_text, edited,
                      {at, r.find.size(), r.replace.size()}));
    auto fresh = message::parse(edited);
    REQUIRE(fresh);
    require_same(*m, *fresh);
    CHECK(m->serialize() == edited);
    CHECK(to_string(**m->top_via()) == to_string(**fresh->top_via()));
    CHECK(to_string(**m->from()) == to_string(**fresh->from()));
    CHECK((*m->cseq())->number == (*fresh->cseq())->number);
  }
}

TEST_CASE("rebase refuses an edit a view straddles", "[message][rebase]") {
  auto m = message::parse(register_text);
  REQUIRE(m);
  // From the end of the start line into the Via: the line views straddle.
  auto at = register_text.find("\r\nVia") - 3;
  auto edited = register_text;
  edited.replace(at, 10, "xx");
  CHECK_FALSE(m->rebase(register_text, edited, {at, 10, 2}));
}

TEST_CASE("rebase decides too_large again", "[message][rebase]") {
  auto limit = register_text.size();
  auto m = message::parse(register_text, {transport_kind::datagram, limit});
  REQUIRE(m);
  CHECK_FALSE(m->has(message_defect::too_large));
  auto at = register_text.find(";rport") + 6;
  auto edited = register_text;
  edited.insert(at, "=5");
  REQUIRE(m->rebase(register_text, edited, {at, 0, 2}));
  CHECK(m->has(message_defect::too_large));
}

TEST_CASE("rebased torture messages match a fresh parse", "[message][rebase]") {
  std::size_t edited_count = 0;
  for (const auto& e :
       std::filesystem::directory_iterator{test::rfc4475_dir()}) {
    if (e.path().extension() != ".dat")
      continue;
    auto bytes = test::read_bytes(e.path()).value_or("");
    auto m = message::parse(bytes);
    if (!m || m->find(header_id::via) == nullptr)
      continue;
    // Append a parameter to the first Via value, as Via stamping does.
    auto raw = m->find(header_id::via)->raw_value;
    auto at = static_cast<std::size_t>(raw.data() - bytes.data()) + raw.size();
    auto edited = bytes;
    edited.insert(at, ";received=192.0.2.1");
    INFO(e.path().filename().string());
    if (!m->rebase(bytes, edited, {at, 0, 19}))
      continue;
    auto fresh = message::parse(edited);
    REQUIRE(fresh);
    require_same(*m, *fresh);
    ++edited_count;
  }
  CHECK(edited_count > 40);
}
