// The RFC 4475 torture messages against EXPECTED.tsv, read at run time.

#include "sip/syntax/builder.hpp"
#include "sip/syntax/classify.hpp"
#include "sip/syntax/message.hpp"

#include "tests/unit/sip_syntax/testdata.hpp"

#include <catch2/catch.hpp>

#include <cctype>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace passerelle::sip;
using passerelle::sip::test::read_bytes;
using passerelle::sip::test::rfc4475_dir;

namespace {

struct row {
  std::string file;
  std::string section;
  std::string cls;
  std::string action;
};

std::vector<row> read_table() {
  auto text = read_bytes(rfc4475_dir() / "EXPECTED.tsv");
  REQUIRE(text);
  std::vector<row> rows;
  std::istringstream in{*text};
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#')
      continue;
    std::vector<std::string> cols;
    std::istringstream fields{line};
    std::string col;
    while (std::getline(fields, col, '\t'))
      cols.push_back(col);
    INFO(line);
    REQUIRE(cols.size() == 4);
    rows.push_back(row{cols[0], cols[1], cols[2], cols[3]});
  }
  return rows;
}

/// What the last column asks of a UAS/registrar.
struct expectation {
  disposition action = disposition::accept;
  std::set<int> codes;           // Acceptable status codes when rejecting.
  bool forwarding_limit = false; // "when forwarding: 483"
};

// Reads codes like "400 ...", "416", "405 (or 501)": the first clause
// (split at ';') naming a status decides; "never NNN" forbids and a
// "when forwarding" clause concerns proxies, not a UAS.
expectation parse_expectation(const std::string& text) {
  expectation e;
  if (text.find("drop") != std::string::npos) {
    e.action = disposition::drop;
    return e;
  }
  std::istringstream in{text};
  std::string clause;
  while (std::getline(in, clause, ';')) {
    if (clause.find("when forwarding") != std::string::npos) {
      e.forwarding_limit = true;
      continue;
    }
    for (std::size_t i = 0; i + 3 <= clause.size(); ++i) {
      bool digits = std::isdigit(static_cast<unsigned char>(clause[i])) &&
                    std::isdigit(static_cast<unsigned char>(clause[i + 1])) &&
                    std::isdigit(static_cast<unsigned char>(clause[i + 2]));
      bool bounded =
          (i == 0 ||
           !std::isdigit(static_cast<unsigned char>(clause[i - 1]))) &&
          (i + 3 == clause.size() ||
           !std::isdigit(static_cast<unsigned char>(clause[i + 3])));
      if (!digits || !bounded || clause[i] < '1' || clause[i] > '6')
        continue;
      if (i >= 6 && clause.compare(i - 6, 6, "never ") == 0)
        continue;
      e.action = disposition::reject;
      e.codes.insert(std::stoi(clause.substr(i, 3)));
    }
    if (e.action == disposition::reject)
      break;
  }
  return e;
}

} // namespace

TEST_CASE("expectations are read from the table text", "[rfc4475]") {
  auto e = parse_expectation("parse; unknown method -> 405 (or 501), never "
                             "400");
  CHECK(e.action == disposition::reject);
  CHECK(e.codes == std::set<int>{405, 501});
  e = parse_expectation("OPTIONS with Max-Forwards 0 addressed to us: "
                        "answer; when forwarding: 483");
  CHECK(e.action == disposition::accept);
  CHECK(e.forwarding_limit);
  CHECK(parse_expectation("response: drop silently").action ==
        disposition::drop);
  CHECK(parse_expectation("505 Version Not Supported").codes ==
        std::set<int>{505});
  CHECK(parse_expectation("parse; very long header values").action ==
        disposition::accept);
}

TEST_CASE("every RFC 4475 message gets the expected outcome", "[rfc4475]") {
  auto rows = read_table();
  REQUIRE(rows.size() == 49);
  // The table and the directory must name the same files.
  std::set<std::string> listed;
  for (const auto& r : rows)
    CHECK(listed.insert(r.file).second);
  for (const auto& entry : std::filesystem::directory_iterator{rfc4475_dir()})
    if (entry.path().extension() == ".dat")
      CHECK(listed.count(entry.path().filename().string()) == 1);
  for (const auto& r : rows) {
    INFO(r.file << " (" << r.section << ", " << r.cls << "): " << r.action);
    auto bytes = read_bytes(rfc4475_dir() / r.file);
    REQUIRE(bytes);
    REQUIRE(!bytes->empty());
    auto m = message::parse(*bytes, {transport_kind::datagram, 65535});
    // Every torture message splits far enough to be answered or dropped.
    REQUIRE(m.has_value());
    auto v = classify(*m);
    INFO("verdict " << v.status << " " << v.reason);
    auto want = parse_expectation(r.action);
    if (r.cls == "valid" && want.action == disposition::accept &&
        !uas_profile::gateway().methods.empty() &&
        v.what == problem::method_not_allowed) {
      // A valid request whose method we do not implement is answered 405
      // (RFC 3261 8.2.1): esc02's RE%47IST%45R is not REGISTER.
      want.action = disposition::reject;
      want.codes = {405};
      bool known = false;
      for (const auto& method : uas_profile::gateway().methods)
        known = known || method == m->method();
      CHECK_FALSE(known);
    }
    CHECK(v.action == want.action);
    if (want.action == disposition::reject)
      CHECK(want.codes.count(v.status) == 1);
    if (want.forwarding_limit)
      CHECK(v.max_forwards_exhausted);
    if (r.cls == "invalid") {
      CHECK(is_malformed(v.what));
    } else if (r.cls == "valid") {
      CHECK_FALSE(is_malformed(v.what));
      CHECK(v.status != 400);
    } else if (r.cls == "semantic") {
      CHECK_FALSE(is_malformed(v.what));
    } else {
      FAIL("unknown class " << r.cls);
    }
    // Untouched, the message serialises back byte for byte.
    CHECK(m->serialize() == m->bytes());
    if (m->consumed() == bytes->size())
      CHECK(m->serialize() == *bytes);
    // A rejection can always be built and parses back as a response.
    if (v.action == disposition::reject) {
      auto text = make_rejection(*m, v, uas_profile::gateway(), "gw1").str();
      auto answer = message::parse(text);
      REQUIRE(answer);
      CHECK(answer->status_code() == v.status);
      CHECK(answer->count(header_id::via) == m->count(header_id::via));
    }
  }
}
