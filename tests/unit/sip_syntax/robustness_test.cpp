// Hostile input: truncations, mutations and random bytes never crash and
// never make the parsers loop (run under ASan/UBSan in CI).

#include "sip/syntax/address.hpp"
#include "sip/syntax/auth_params.hpp"
#include "sip/syntax/classify.hpp"
#include "sip/syntax/framing.hpp"
#include "sip/syntax/message.hpp"
#include "sip/syntax/scalars.hpp"
#include "sip/syntax/uri.hpp"
#include "sip/syntax/via.hpp"

#include "tests/unit/sip_syntax/testdata.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <random>

using namespace passerelle::sip;

namespace {

// Runs every parser over `bytes` as a datagram and as a stream.
void exercise(std::string_view bytes) {
  for (auto kind : {transport_kind::datagram, transport_kind::stream}) {
    auto m = message::parse(bytes, {kind, 4096});
    if (!m)
      continue;
    auto v = classify(*m);
    CHECK((v.action != disposition::reject ||
           (v.status >= 400 && v.status < 600)));
    CHECK(m->serialize() == m->bytes());
    for (const auto& h : m->headers()) {
      auto value = h.value();
      (void)parse_uri(value);
      (void)parse_address(value);
      (void)parse_via(value);
      (void)parse_auth(value);
      (void)parse_cseq(value);
      (void)parse_date(value);
      (void)parse_media_type(value);
    }
    (void)parse_contacts(m->list(header_id::contact));
    (void)parse_uri(m->request_uri());
  }
  auto f = next_frame(bytes, 4096);
  CHECK(f.size <= bytes.size());
}

std::vector<std::string> corpus() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator{test::rfc4475_dir()})
    if (e.path().extension() == ".dat")
      out.push_back(test::read_bytes(e.path()).value_or(""));
  REQUIRE(out.size() == 49);
  return out;
}

} // namespace

TEST_CASE("every prefix of every torture message is safe", "[robustness]") {
  for (const auto& bytes : corpus())
    for (std::size_t n = 0; n <= bytes.size(); ++n)
      exercise(std::string_view{bytes}.substr(0, n));
}

TEST_CASE("mutated torture messages are safe", "[robustness]") {
  std::mt19937 rng{4475};
  const std::string specials = "\r\n \t:;,<>\"\\%@?=[]/*0";
  for (const auto& original : corpus()) {
    for (int round = 0; round < 40; ++round) {
      auto bytes = original;
      std::uniform_int_distribution<std::size_t> at(0, bytes.size() - 1);
      for (int k = 0; k < 4; ++k) {
        auto pos = at(rng);
        switch (rng() % 3) {
        case 0:
          bytes[pos] = specials[rng() % specials.size()];
          break;
        case 1:
          bytes[pos] = static_cast<char>(rng() & 0xff);
          break;
        default: {
          // Cut a few bytes, never all of them.
          auto n = std::min<std::size_t>(1 + rng() % 8, bytes.size() - pos);
          if (n < bytes.size())
            bytes.erase(pos, n);
          at = std::uniform_int_distribution<std::size_t>(0, bytes.size() - 1);
        }
        }
      }
      exercise(bytes);
    }
  }
}

TEST_CASE("random bytes are safe", "[robustness]") {
  std::mt19937 rng{3261};
  const std::string alphabet = "INVITE SIP/2.0\r\n:;,<>\"\\%@?=[]sip:abc0123";
  for (int round = 0; round < 3000; ++round) {
    std::string bytes(rng() % 600, '\0');
    bool printable = round % 2 == 0;
    for (auto& c : bytes)
      c = printable ? alphabet[rng() % alphabet.size()]
                    : static_cast<char>(rng() & 0xff);
    if (round % 3 == 0)
      bytes = "INVITE sip:a@b SIP/2.0\r\n" + bytes + "\r\n\r\n";
    exercise(bytes);
  }
}

TEST_CASE("pathological sizes stay linear", "[robustness]") {
  std::string many_commas =
      "OPTIONS sip:a@b SIP/2.0\r\nVia: " + std::string(200000, ',') +
      "\r\n\r\n";
  auto m = message::parse(many_commas, {transport_kind::datagram, 1 << 20});
  REQUIRE(m);
  CHECK(classify(*m).status == 400);
  std::string many_headers = "OPTIONS sip:a@b SIP/2.0\r\n";
  for (int i = 0; i < 20000; ++i)
    many_headers += "Via: SIP/2.0/UDP h\r\n";
  many_headers += "\r\n";
  auto h = message::parse(many_headers, {transport_kind::datagram, 1 << 20});
  REQUIRE(h);
  CHECK(h->count(header_id::via) == 20000);
  CHECK(classify(*h).status == 400); // no To/From/...
  std::string deep_quotes = "\"" + std::string(100000, '\\');
  CHECK_FALSE(parse_address(deep_quotes));
  CHECK_FALSE(parse_auth("Digest realm=" + deep_quotes));
}
