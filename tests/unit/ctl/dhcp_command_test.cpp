#include "tools/ctl/dhcp_command.hpp"

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

using namespace passerelle::ctl;

namespace {

struct run_result {
  exit_status status;
  std::string out;
  std::string err;
};

run_result run(std::vector<std::string> args) {
  std::ostringstream out;
  std::ostringstream err;
  auto status = run_dhcp(args, out, err);
  return {status, out.str(), err.str()};
}

} // namespace

TEST_CASE("dhcp prints the chosen snippet and nothing on stderr",
          "[ctl][command]") {
  auto r = run({"--url=http://gw.example.net", "--format=dnsmasq"});
  CHECK(r.status == exit_status::ok);
  CHECK(r.err.empty());
  CHECK(r.out.starts_with("# Passerelle phone provisioning, dnsmasq.\n"));
  CHECK(r.out.find("dhcp-option=66,\"http://gw.example.net\"\n") !=
        std::string::npos);
}

TEST_CASE("dhcp --help prints the usage", "[ctl][command]") {
  auto r = run({"--help"});
  CHECK(r.status == exit_status::ok);
  CHECK(r.out.starts_with("Usage: passerelle-ctl dhcp --url=URL"));
  CHECK(r.err.empty());
}

TEST_CASE("a bad value exits 2 with one line naming the flag",
          "[ctl][command]") {
  auto r = run({"--url=http://gw.example.net", "--utc-offset=99999"});
  CHECK(r.status == exit_status::usage);
  CHECK(r.out.empty());
  CHECK(r.err ==
        "passerelle-ctl dhcp: --utc-offset: must be within -43200..50400 "
        "seconds (UTC-12 to UTC+14), not 99999\n");
  auto unknown = run({"--nope=1"});
  CHECK(unknown.status == exit_status::usage);
  CHECK(unknown.err == "passerelle-ctl dhcp: unknown option --nope\n");
}
