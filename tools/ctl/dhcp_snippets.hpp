#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace passerelle::ctl {

/// The DHCP servers whose configuration `passerelle-ctl dhcp` can write.
enum class snippet_format { isc, kea, dnsmasq, all };

/// What an admin asked for, already validated (see `ctl_options.hpp`).
struct dhcp_request {
  /// `http://` or `https://` URL of the gateway, without a trailing `/`.
  std::string base_url;
  /// Tenant id for the `/tenantid/<id>` path segment.
  std::optional<std::string> tenant;
  /// Two-letter code for the `/lang_xx` path segment, lowercase.
  std::optional<std::string> lang;
  /// IPv4 addresses for option 42.
  std::vector<std::string> ntp_servers;
  /// Seconds east of UTC for option 2.
  std::optional<int32_t> utc_offset;
};

/// The two provisioning URLs a network needs.
struct provisioning_urls {
  /// For Yealink (option 66), Poly and AudioCodes (option 160).
  std::string generic;
  /// For Cisco MPP phones: the generic URL with `/$PSN.xml` appended.
  std::string cisco;
};

/// Builds `<base>[/tenantid/<id>][/lang_xx]` and its Cisco variant, in the
/// order the reference admin guide shows (`.../lang_ja/$PSN.xml`).
provisioning_urls make_provisioning_urls(const dhcp_request& req);

/// Wraps `text` in double quotes, escaping `\` and `"` with a backslash:
/// the string syntax of both dhcpd.conf and dnsmasq.conf.
std::string quoted_literal(std::string_view text);

/// Escapes `\` and `,` in the `data` of a Kea string option: Kea splits
/// `data` on commas before it parses the value (csv-format).
std::string kea_string_data(std::string_view text);

/// dhcpd.conf lines: the option 160 declaration, the global options and a
/// class for Cisco phones.
std::string render_isc(const dhcp_request& req);

/// A `{"Dhcp4": ...}` JSON object to merge into kea-dhcp4.conf.
std::string render_kea(const dhcp_request& req);

/// dnsmasq.conf lines, Cisco phones tagged by their vendor class.
std::string render_dnsmasq(const dhcp_request& req);

/// One snippet, or all three under a banner line each.
std::string render_snippets(const dhcp_request& req, snippet_format format);

} // namespace passerelle::ctl
