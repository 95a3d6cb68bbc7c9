#include "tools/ctl/ctl_options.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace passerelle::ctl;

namespace {

checked<parsed_flags> parse(std::vector<std::string> args) {
  return parse_flags(args, dhcp_flag_names());
}

/// The reason `make_dhcp_invocation` gives for `args`, or "" if none.
std::string refusal(std::vector<std::string> args) {
  auto flags = parse(std::move(args));
  if (!flags)
    return flags.error().reason;
  auto invocation = make_dhcp_invocation(*flags);
  return invocation ? std::string{} : invocation.error().reason;
}

} // namespace

TEST_CASE("flags are --name=value, known and given once", "[ctl][options]") {
  auto ok = parse({"--url=http://h", "--lang=fr", "--help"});
  REQUIRE(ok);
  CHECK(ok->get("url") == "http://h");
  CHECK(ok->get("lang") == "fr");
  CHECK_FALSE(ok->get("tenant"));
  CHECK(ok->help);
  // Values may hold '='.
  CHECK(*parse({"--tenant=a=b"})->get("tenant") == "a=b");
  CHECK(parse({"--bogus=1"}).error().reason == "unknown option --bogus");
  CHECK(parse({"-x"}).error().reason == "unknown option -x");
  CHECK(parse({"--url"}).error().reason == "--url: needs a value "
                                           "(--url=VALUE)");
  CHECK(parse({"--lang=fr", "--lang=de"}).error().reason ==
        "--lang: given more than once");
  CHECK(parse({"extra"})->positionals == std::vector<std::string>{"extra"});
}

TEST_CASE("--url must be http(s) with a host", "[ctl][options]") {
  struct row {
    std::string_view text;
    std::string_view want;
  };
  const std::vector<row> good{
      {"http://gw.example.net", "http://gw.example.net"},
      {"https://gw.example.net:8443/", "https://gw.example.net:8443"},
      {"HTTP://GW:80/base//", "HTTP://GW:80/base"},
      {"http://10.0.0.5:8080/prov", "http://10.0.0.5:8080/prov"},
      {"http://[2001:db8::1]:8080", "http://[2001:db8::1]:8080"},
  };
  for (const auto& [text, want] : good) {
    INFO(text);
    auto url = check_url(text);
    REQUIRE(url);
    CHECK(*url == want);
  }
  const std::vector<std::string_view> bad{
      "",
      "gw.example.net",
      "ftp://gw.example.net",
      "http://",
      "http:///path",
      "http://:8080",
      "http://gw:0",
      "http://gw:65536",
      "http://gw:port",
      "http://gw.example.net/a b",
      "http://gw.example.net/\"x\"",
      "http://gw.example.net/?x=1",
      "http://gw.example.net/#top",
      "http://user:pw@gw.example.net",
      "http://gw_example!net",
      "http://[]:80",
  };
  for (auto text : bad) {
    INFO(text);
    auto url = check_url(text);
    REQUIRE_FALSE(url);
    CHECK(url.error().reason.starts_with("--url: "));
  }
}

TEST_CASE("--lang is one of the six languages", "[ctl][options]") {
  for (auto lang : {"en", "es", "ja", "de", "fr", "pt"})
    CHECK(*check_lang(lang) == lang);
  // The reference guide's table writes Ja, Fr, Pt.
  CHECK(*check_lang("Fr") == "fr");
  for (auto lang : {"", "it", "fra", "f", "en-US"}) {
    INFO(lang);
    auto checked = check_lang(lang);
    REQUIRE_FALSE(checked);
    CHECK(checked.error().reason.starts_with("--lang: must be one of "));
  }
}

TEST_CASE("--tenant is printable without '/'", "[ctl][options]") {
  CHECK(*check_tenant("0b5f9a1c-2d3e-4f50-8a6b-7c8d9e0f1a2b") ==
        "0b5f9a1c-2d3e-4f50-8a6b-7c8d9e0f1a2b");
  CHECK(*check_tenant(R"(odd"but\ok,)") == R"(odd"but\ok,)");
  CHECK(check_tenant("").error().reason == "--tenant: empty");
  CHECK(check_tenant("a/b").error().reason == "--tenant: cannot contain '/'");
  for (auto text : {"a b", "tab\there", "new\nline", "caf\xc3\xa9"}) {
    INFO(text);
    CHECK(check_tenant(text).error().reason.starts_with("--tenant: "));
  }
}

TEST_CASE("--ntp is a list of IPv4 addresses", "[ctl][options]") {
  CHECK(*check_ntp("10.0.0.1") == std::vector<std::string>{"10.0.0.1"});
  CHECK(*check_ntp("10.0.0.1, 192.168.1.255") ==
        std::vector<std::string>{"10.0.0.1", "192.168.1.255"});
  for (auto text :
       {"", "10.0.0", "10.0.0.1.2", "10.0.0.256", "010.0.0.1", "10.0.0.1,",
        ",10.0.0.1", "ntp.example.net", "::1", "10.0.0.-1", "10..0.1"}) {
    INFO(text);
    auto ntp = check_ntp(text);
    REQUIRE_FALSE(ntp);
    CHECK(ntp.error().reason.starts_with("--ntp: not an IPv4 address"));
  }
  std::string many = "10.0.0.1";
  for (int i = 0; i < 63; ++i)
    many += ",10.0.0.1";
  CHECK(check_ntp(many).error().reason.starts_with("--ntp: too many"));
}

TEST_CASE("--utc-offset is whole seconds in [-43200, 50400]",
          "[ctl][options]") {
  CHECK(*check_utc_offset("3600") == 3600);
  CHECK(*check_utc_offset("+3600") == 3600);
  CHECK(*check_utc_offset("-18000") == -18000);
  CHECK(*check_utc_offset("0") == 0);
  CHECK(*check_utc_offset("-43200") == -43200);
  CHECK(*check_utc_offset("50400") == 50400);
  CHECK(check_utc_offset("50401").error().reason ==
        "--utc-offset: must be within -43200..50400 seconds (UTC-12 to "
        "UTC+14), not 50401");
  for (auto text : {"-43201", "99999999999999999999"})
    CHECK(check_utc_offset(text).error().reason.starts_with(
        "--utc-offset: must be within"));
  for (auto text : {"", "+", "-", "++1", "1.5", "1h", " 1", "0x10"}) {
    INFO(text);
    CHECK(check_utc_offset(text).error().reason.starts_with(
        "--utc-offset: not an integer"));
  }
}

TEST_CASE("--format picks a DHCP server", "[ctl][options]") {
  CHECK(*check_format("isc") == snippet_format::isc);
  CHECK(*check_format("kea") == snippet_format::kea);
  CHECK(*check_format("dnsmasq") == snippet_format::dnsmasq);
  CHECK(*check_format("all") == snippet_format::all);
  CHECK(check_format("ISC").error().reason ==
        "--format: must be isc, kea, dnsmasq or all, not \"ISC\"");
}

TEST_CASE("a dhcp invocation gathers every flag", "[ctl][options]") {
  auto flags =
      parse({"--url=http://gw.example.net:8080/", "--lang=FR", "--tenant=acme",
             "--ntp=10.0.0.1,10.0.0.2", "--utc-offset=3600", "--format=kea"});
  REQUIRE(flags);
  auto invocation = make_dhcp_invocation(*flags);
  REQUIRE(invocation);
  const auto& req = invocation->request;
  CHECK(req.base_url == "http://gw.example.net:8080");
  CHECK(req.lang == "fr");
  CHECK(req.tenant == "acme");
  CHECK(req.ntp_servers == std::vector<std::string>{"10.0.0.1", "10.0.0.2"});
  CHECK(req.utc_offset == 3600);
  CHECK(invocation->format == snippet_format::kea);

  auto minimal = make_dhcp_invocation(*parse({"--url=http://h"}));
  REQUIRE(minimal);
  CHECK_FALSE(minimal->request.lang);
  CHECK_FALSE(minimal->request.tenant);
  CHECK(minimal->request.ntp_servers.empty());
  CHECK_FALSE(minimal->request.utc_offset);
  CHECK(minimal->format == snippet_format::all);
}

TEST_CASE("a dhcp invocation names the flag it refuses", "[ctl][options]") {
  CHECK(refusal({}) == "--url: missing, e.g. --url=http://gw.example.net:8080");
  CHECK(refusal({"--url=http://h", "extra"}) ==
        "unexpected argument \"extra\" (dhcp takes only --flags)");
  CHECK(refusal({"--url=http://h", "--lang=xx"}).starts_with("--lang: "));
  CHECK(refusal({"--url=http://h", "--tenant=a/b"}).starts_with("--tenant: "));
  CHECK(refusal({"--url=http://h", "--ntp=x"}).starts_with("--ntp: "));
  CHECK(refusal({"--url=http://h", "--utc-offset=x"})
            .starts_with("--utc-offset: "));
  CHECK(refusal({"--url=http://h", "--format=x"}).starts_with("--format: "));
  CHECK(refusal({"--url=ftp://h"}).starts_with("--url: "));
}

TEST_CASE("the Cisco URL must fit in one DHCP option", "[ctl][options]") {
  // "http://h" + "/tenantid/" + tenant + "/$PSN.xml" = 27 + tenant bytes.
  std::string fits = "--tenant=" + std::string(255 - 27, 't');
  CHECK(refusal({"--url=http://h", fits}).empty());
  std::string too_long = "--tenant=" + std::string(256 - 27, 't');
  CHECK(refusal({"--url=http://h", too_long}) ==
        "--url: with --tenant and --lang the Cisco URL takes 256 bytes; a "
        "DHCP option holds 255");
}
