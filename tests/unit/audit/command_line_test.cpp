#include "tools/audit/command_line.hpp"

#include <catch2/catch.hpp>

#include <array>

using namespace passerelle;
using namespace passerelle::audit;

namespace {

constexpr std::array<std::string_view, 2> known{"data-dir", "limit"};

result<command_line> parse(std::vector<std::string> args) {
  return parse_command_line(args, known);
}

} // namespace

TEST_CASE("options take --name=value and the rest are positionals",
          "[audit][command_line]") {
  auto cl = parse({"device/a", "--data-dir=/tmp/x", "--limit=", "-"});
  REQUIRE(cl);
  CHECK(cl->get("data-dir") == "/tmp/x");
  CHECK(cl->get("limit") == ""); // given empty, not absent
  CHECK_FALSE(cl->get("tenant"));
  CHECK(cl->positionals == std::vector<std::string>{"device/a", "-"});
  CHECK_FALSE(cl->help);
  auto help = parse({"--help"});
  REQUIRE(help);
  CHECK(help->help);
  CHECK(parse({"-h"})->help);
}

TEST_CASE("malformed options are refused with a reason",
          "[audit][command_line]") {
  auto check = [](std::vector<std::string> args, std::string_view why) {
    auto cl = parse(args);
    REQUIRE_FALSE(cl);
    CHECK(cl.error().code == ec::invalid_argument);
    CHECK(cl.error().message.find(why) != std::string::npos);
  };
  check({"--tenant=a"}, "unknown option --tenant");
  check({"-x"}, "unknown option -x");
  check({"--data-dir"}, "--data-dir needs a value");
  check({"--limit=1", "--limit=2"}, "--limit given more than once");
}

TEST_CASE("time and count values parse or say why not",
          "[audit][command_line]") {
  CHECK(*parse_time_option("at", "1970-01-01T00:00:01Z") == 1'000'000'000);
  CHECK(*parse_time_option("at", "1970-01-01T01:00:00+01:00") == 0);
  auto bad = parse_time_option("since", "yesterday");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message.find("--since") != std::string::npos);
  CHECK(*parse_count_option("limit", "42") == 42);
  CHECK_FALSE(parse_count_option("limit", ""));
  CHECK_FALSE(parse_count_option("limit", "-1"));
  CHECK_FALSE(parse_count_option("limit", "10k"));
  CHECK_FALSE(parse_count_option("limit", "99999999999999999999999"));
}
