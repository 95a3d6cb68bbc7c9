#include "tools/ctl/dhcp_command.hpp"

namespace passerelle::ctl {

std::string_view dhcp_usage() {
  return R"(Usage: passerelle-ctl dhcp --url=URL [flags]

Prints DHCP server snippets that point phones at the gateway:
option 66 (Yealink) and 160 (Poly, Cisco, AudioCodes) carry the
provisioning URL, Cisco MPP phones get it with /$PSN.xml appended,
option 42 the NTP servers and option 2 the UTC offset.

Flags:
  --url=URL          gateway URL, http:// or https:// (required)
  --tenant=ID        adds /tenantid/ID to the URL
  --lang=XX          adds /lang_XX: en, es, ja, de, fr or pt
  --ntp=IP[,IP...]   IPv4 NTP servers (option 42)
  --utc-offset=SECS  seconds east of UTC, -43200..50400 (option 2)
  --format=FORMAT    isc, kea, dnsmasq or all (default all)
  --help             this text

Example:
  passerelle-ctl dhcp --url=http://gw.example.net:8080 --lang=fr \
    --ntp=10.0.0.1,10.0.0.2 --utc-offset=3600 --format=dnsmasq
)";
}

exit_status run_dhcp(std::span<const std::string> args, std::ostream& out,
                     std::ostream& err) {
  auto flags = parse_flags(args, dhcp_flag_names());
  if (!flags) {
    err << "passerelle-ctl dhcp: " << flags.error().reason << '\n';
    return exit_status::usage;
  }
  if (flags->help) {
    out << dhcp_usage();
    return exit_status::ok;
  }
  auto invocation = make_dhcp_invocation(*flags);
  if (!invocation) {
    err << "passerelle-ctl dhcp: " << invocation.error().reason << '\n';
    return exit_status::usage;
  }
  out << render_snippets(invocation->request, invocation->format);
  return exit_status::ok;
}

} // namespace passerelle::ctl
