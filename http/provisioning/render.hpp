#pragma once

#include "http/provisioning/device_info.hpp"
#include "http/provisioning/request_path.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace passerelle::provisioning {

/// Who is signed in on a device: shown as its line label.
struct signed_in_user {
  std::string display_name;
  std::string number;
};

/// Everything a renderer needs. Renderers are pure: the caller gathers
/// these from the request, the device record and the gateway's settings.
struct render_input {
  phone_vendor vendor = phone_vendor::unknown;
  std::string model;
  std::string firmware;
  /// 12 lowercase hex digits; files that need it are not rendered without.
  std::string mac;
  /// Requested code (`/lang_xx`), fallbacks applied while rendering.
  std::string language;
  /// Host (name or address, IPv6 in brackets) for HTTP URLs.
  std::string gateway_host;
  uint16_t http_port = 8080;
  /// SIP over TLS.
  uint16_t sips_port = 5061;
  /// Registrar domain; the gateway host when empty. Must resolve to the
  /// gateway's TLS listener.
  std::string sip_domain;
  uint32_t registration_expiry = 3600;
  /// First one or two are used.
  std::vector<std::string> ntp_servers;
  /// DHCP option 2 style: signed seconds east of UTC, no DST.
  int32_t utc_offset_seconds = 0;
  /// Where later resyncs go, with tenant and language segments and no
  /// trailing slash: see provisioning_base_url().
  std::string provisioning_base_url;
  /// The device's SIP credentials (never a user's password).
  std::string username;
  std::string password;
  /// `http://<gateway>/phone/<mac>/signin`: see sign_in_url().
  std::string sign_in_url;
  /// Voicemail access code (PROTOCOLS.md §1).
  std::string voicemail_number = "*99*";
  std::optional<signed_in_user> user;
};

/// A file as served to a phone.
struct rendered_file {
  std::string content_type;
  std::string body;
};

/// `http://<host>[:<port>][/tenantid/<id>][/lang_<xx>]`, the URL the
/// phone resyncs from (port left out when 80).
std::string provisioning_base_url(std::string_view host, uint16_t http_port,
                                  std::string_view tenant,
                                  std::string_view language);

/// `http://<host>[:<port>]/phone/<mac>/signin`.
std::string sign_in_url(std::string_view host, uint16_t http_port,
                        std::string_view mac);

/// Renders one file of the vendor's boot sequence, byte-for-byte
/// deterministic. Nothing for kinds the vendor does not serve, for an
/// unknown vendor, or when a file that needs the MAC has none.
std::optional<rendered_file> render(file_kind kind, const render_input& in);

/// Yealink: `#!version:1.0.0.1` then `key = value` (boot, model_profile,
/// per_mac).
std::optional<rendered_file> render_yealink(file_kind kind,
                                            const render_input& in);

/// Poly: master (APPLICATION element), common and per_mac (XML
/// attributes).
std::optional<rendered_file> render_poly(file_kind kind,
                                         const render_input& in);

/// Cisco MPP: `<flat-profile>` model file chaining with `Profile_Rule_B`
/// to the per-MAC file.
std::optional<rendered_file> render_cisco(file_kind kind,
                                          const render_input& in);

/// AudioCodes 4xxHD: `path/key=value` with `;` comments (per_mac).
std::optional<rendered_file> render_audiocodes(file_kind kind,
                                               const render_input& in);

} // namespace passerelle::provisioning
